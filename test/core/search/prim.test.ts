/**
 * PRIM on cases whose failure boxes are known: points drawn uniformly, failures defined by a box
 * (or two), and the boxes found must name the right factors with limits near the true ones.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { describeBox, hypergeometricUpperTail, prim, unitPhrase } from '../../../engine/core/search/prim.ts';

function uniform(n: number, d: number, seed: string): number[][] {
  const rng = seedrandom(seed);
  return Array.from({ length: n }, () => Array.from({ length: d }, () => rng()));
}

describe('PRIM scenario discovery', () => {
  it('finds a two-factor box among four factors', () => {
    const x = uniform(1000, 4, 'box');
    const failed = x.map((p) => p[0] > 0.6 && p[2] < 0.3);
    const [box] = prim(x, failed);
    expect(box.limits.map((l) => l.factor)).toEqual([0, 2]);
    expect(box.limits[0].lower!).toBeCloseTo(0.6, 1);
    expect(box.limits[0].upper).toBeNull();
    expect(box.limits[1].upper!).toBeCloseTo(0.3, 1);
    expect(box.limits[1].lower).toBeNull();
    expect(box.coverage).toBeGreaterThan(0.85);
    expect(box.density).toBeGreaterThan(0.85);
    expect(box.dense).toBe(true);
    expect(describeBox(box, unitPhrase(['turnover', 'trend', 'hours', 'punitive'], (v) => v.toFixed(2)))).toMatch(/^turnover is above 0\.[56]\d and hours is below 0\.[23]\d$/);
  });

  it('finds the factor that matters among fifty contexts, as a design search has', () => {
    const x = uniform(50, 5, 'fifty');
    const failed = x.map((p) => p[3] > 0.55);
    const [box] = prim(x, failed);
    expect(box.limits.map((l) => l.factor)).toEqual([3]);
    expect(Math.abs(box.limits[0].lower! - 0.55)).toBeLessThan(0.1);
    expect(box.coverage).toBeGreaterThan(0.8);
  });

  it('names only that factor in most ensembles of fifty (20 seeds)', () => {
    let right = 0;
    for (let s = 0; s < 20; s++) {
      const x = uniform(50, 5, `ensemble ${s}`);
      const [box] = prim(x, x.map((p) => p[3] > 0.55));
      if (box.limits.length === 1 && box.limits[0].factor === 3 && Math.abs(box.limits[0].lower! - 0.55) < 0.1) right++;
    }
    expect(right).toBeGreaterThanOrEqual(17);
  });

  it('computes the quasi-p-value as a hypergeometric tail', () => {
    // 25 failures in a box of 25 drawn from 26 points holding 25 failures: 1 chance in 26.
    expect(hypergeometricUpperTail(25, 26, 25, 25)).toBeCloseTo(1 / 26, 12);
    // Drawing 2 of 4 points holding 2 failures: P(X >= 1) = 1 - P(X = 0) = 1 - 1/6.
    expect(hypergeometricUpperTail(1, 4, 2, 2)).toBeCloseTo(5 / 6, 12);
    expect(hypergeometricUpperTail(0, 10, 3, 4)).toBeCloseTo(1, 12);
  });

  it('covers two separate boxes with two boxes', () => {
    const x = uniform(1000, 3, 'two');
    const failed = x.map((p) => p[0] > 0.8 || p[1] < 0.15);
    const boxes = prim(x, failed);
    expect(boxes.length).toBeGreaterThanOrEqual(2);
    const named = boxes.slice(0, 2).map((b) => b.limits.map((l) => l.factor).join());
    expect(named.sort()).toEqual(['0', '1']);
    expect(boxes[0].coverage + boxes[1].coverage).toBeGreaterThan(0.8);
  });

  it('still finds a box through label noise', () => {
    const x = uniform(600, 3, 'noise');
    const rng = seedrandom('flip');
    const failed = x.map((p) => (p[1] < 0.4) !== rng() < 0.1);
    const [box] = prim(x, failed, { threshold: 0.75 });
    expect(box.limits.map((l) => l.factor)).toEqual([1]);
    expect(box.limits[0].upper!).toBeCloseTo(0.4, 1);
  });

  it('says a design that never fails has no box, and one that always fails fails everywhere', () => {
    const x = uniform(40, 2, 'edge');
    expect(prim(x, x.map(() => false))).toEqual([]);
    const everywhere = prim(x, x.map(() => true));
    expect(everywhere).toHaveLength(1);
    expect(everywhere[0].limits).toEqual([]);
    expect(everywhere[0].coverage).toBe(1);
    expect(describeBox(everywhere[0], unitPhrase(['a', 'b']))).toBe('in every context');
  });
});
