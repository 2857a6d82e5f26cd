/**
 * Holding a fit to the patterns: where the best fit breaks some, the point kept is the furthest
 * on the segment from the priors to the fit (on the search scale) at which every pattern holds,
 * to 1/2^steps of the segment; then each setting that breaks no pattern on its own goes the rest
 * of the way to its fit. The pattern check is stubbed here (the real one runs the whole
 * ablation table); a real check runs in `ccsim calibrate --joint --patterns`.
 */
import { describe, expect, it } from 'vitest';
import { constrainByPatterns, type JointInputs } from '../../../engine/node/calibration/joint.ts';
import { JointCalibrationSchema } from '../../../engine/core/calibration/schema.ts';

const spec = JointCalibrationSchema.parse({
  name: 't',
  behaviour: 'b.json',
  programmes: [{ scenario: 'a.json', targets: 'a.targets.json' }],
  parameters: [{ path: 'practice.peerPerYear', min: 0.1, max: 10 }],
});
const inputs = { file: 'c.json', spec, programmes: [], behaviourFile: 'b.json', current: [1], start: [1] } as unknown as JointInputs;

describe('holding a fit to the patterns', () => {
  it('keeps the fit when every pattern holds there', () => {
    const c = constrainByPatterns(inputs, [5], 4, undefined, () => []);
    expect(c).toMatchObject({ t: 1, point: [5], failedAtFit: [], checks: 1 });
  });

  it('bisects to the furthest point where every pattern holds, and says what broke at the fit', () => {
    // A pattern that fails once peer influence exceeds 2.5 a year.
    const seen: number[] = [];
    const c = constrainByPatterns(inputs, [8], 5, (t) => seen.push(t), (_paths, x) => (x[0] > 2.5 ? ['clustering'] : []));
    expect(c.failedAtFit).toEqual(['clustering']);
    expect(c.failedAtPrior).toEqual([]);
    expect(seen.slice(0, 2)).toEqual([1, 0]);
    // 2 ends, 5 bisections, then the one setting tried the rest of the way on its own (it breaks the pattern).
    expect(c.checks).toBe(8);
    expect(c.extended).toEqual([]);
    expect(c.point[0]).toBeLessThanOrEqual(2.5);
    expect(c.point[0]).toBeGreaterThan(1.5);
    expect(c.t).toBeGreaterThan(0);
    expect(c.t).toBeLessThan(1);
  });

  it('falls back to the priors when a pattern fails even there (the segment then means nothing)', () => {
    const c = constrainByPatterns(inputs, [8], 4, undefined, () => ['harm']);
    expect(c).toMatchObject({ t: 0, point: [1], failedAtPrior: ['harm'], checks: 2 });
  });

  it('then moves each setting that breaks no pattern on its own the rest of the way to its fit', () => {
    const spec2 = JointCalibrationSchema.parse({
      name: 't',
      behaviour: 'b.json',
      programmes: [{ scenario: 'a.json', targets: 'a.targets.json' }],
      parameters: [
        { path: 'practice.peerPerYear', min: 0.1, max: 10 },
        { path: 'protocol.trainingPerYear', min: 0.25, max: 52 },
      ],
    });
    const two = { ...inputs, spec: spec2, current: [1, 4], start: [1, 4] } as unknown as JointInputs;
    // Only peer influence above 2.5 a year breaks a pattern; the training rate breaks none.
    const c = constrainByPatterns(two, [8, 20], 4, undefined, (_paths, x) => (x[0] > 2.5 ? ['clustering'] : []));
    expect(c.t).toBeLessThan(1);
    expect(c.point[0]).toBeLessThanOrEqual(2.5);
    expect(c.point[1]).toBe(20);
    expect(c.extended).toEqual(['protocol.trainingPerYear']);
  });
});
