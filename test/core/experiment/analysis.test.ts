/**
 * Sensitivity analysis against functions whose answers are known: the Ishigami function
 * (Ishigami and Homma 1990) for Sobol indices and Morris screening, and simple functions for rank
 * correlations and comparisons.
 */
import { describe, expect, it } from 'vitest';
import { designPoints, type DesignPoint } from '../../../engine/core/experiment/design.ts';
import { ExperimentSchema } from '../../../engine/core/experiment/schema.ts';
import { sobolIndices } from '../../../engine/core/experiment/analysis/sobol.ts';
import { morrisDelta } from '../../../engine/core/experiment/sampling/morris.ts';
import { morrisIndices } from '../../../engine/core/experiment/analysis/morris.ts';
import { partialRankCorrelations, ranks } from '../../../engine/core/experiment/analysis/prcc.ts';
import { PointComparison, welch } from '../../../engine/core/experiment/analysis/compare.ts';
import { Accumulator } from '../../../engine/core/stats/accumulator.ts';
import { pairedDifference } from '../../../engine/core/stats/interval.ts';

const A = 7;
const B = 0.1;
const ishigami = (x1: number, x2: number, x3: number) => Math.sin(x1) + A * Math.sin(x2) ** 2 + B * x3 ** 4 * Math.sin(x1);
const onPoint = (p: DesignPoint) => ishigami(p.values.x1 as number, p.values.x2 as number, p.values.x3 as number);
const parameters = ['x1', 'x2', 'x3'].map((path) => ({ path, min: -Math.PI, max: Math.PI }));

/** Ishigami's analytic indices (Sobol' and Levitan 1999). */
function analytic() {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (B * pi4) / 5) ** 2;
  const v2 = (A * A) / 8;
  const v13 = (B * B * pi4 * pi4 * 8) / 225;
  const v = v1 + v2 + v13;
  return { first: [v1 / v, v2 / v, 0], total: [(v1 + v13) / v, v2 / v, v13 / v] };
}

describe('Sobol indices', () => {
  it('recover the Ishigami function\'s analytic first-order and total indices within their intervals', () => {
    const experiment = ExperimentSchema.parse({ name: 'ishigami', scenario: {}, parameters, design: { kind: 'sobol', samples: 4096 } });
    const result = sobolIndices(designPoints(experiment), 3, onPoint, { resamples: 500 });
    const truth = analytic();
    expect(truth.first[0]).toBeCloseTo(0.3139, 4);
    expect(truth.total[2]).toBeCloseTo(0.2437, 4);
    result.forEach((r, i) => {
      expect(r.firstInterval.lower, `S1 x${i + 1}`).toBeLessThanOrEqual(truth.first[i]);
      expect(r.firstInterval.upper, `S1 x${i + 1}`).toBeGreaterThanOrEqual(truth.first[i]);
      expect(r.totalInterval.lower, `ST x${i + 1}`).toBeLessThanOrEqual(truth.total[i]);
      expect(r.totalInterval.upper, `ST x${i + 1}`).toBeGreaterThanOrEqual(truth.total[i]);
      expect(Math.abs(r.first - truth.first[i]), `S1 x${i + 1}`).toBeLessThan(0.02);
      expect(Math.abs(r.total - truth.total[i]), `ST x${i + 1}`).toBeLessThan(0.02);
      // Intervals that say something: narrower than 0.1 at N = 4096.
      expect(r.totalInterval.upper - r.totalInterval.lower).toBeLessThan(0.1);
    });
  });
});

describe('Morris screening', () => {
  /**
   * The exact mu* of the Ishigami function on a p-level grid: at the moment a parameter moves,
   * it steps between levels l and l + delta (l in the lower half of the grid), and every other
   * parameter is uniform over the grid, so mu* is an average over finitely many cases.
   */
  function exactMuStar(levels: number): number[] {
    const grid = Array.from({ length: levels }, (_, i) => i / (levels - 1));
    const lows = grid.slice(0, levels / 2);
    const delta = morrisDelta(levels);
    const x = (u: number) => -Math.PI + u * 2 * Math.PI;
    return [0, 1, 2].map((i) => {
      let sum = 0;
      let n = 0;
      for (const l of lows) {
        for (const a of grid) {
          for (const b of grid) {
            const base = [a, b];
            base.splice(i, 0, l);
            const moved = [...base];
            moved[i] = l + delta;
            sum += Math.abs(ishigami(x(moved[0]), x(moved[1]), x(moved[2])) - ishigami(x(base[0]), x(base[1]), x(base[2]))) / delta;
            n++;
          }
        }
      }
      return sum / n;
    });
  }

  it('recover the exact mu* of the Ishigami function on its grid within their intervals', () => {
    const experiment = ExperimentSchema.parse({ name: 'ishigami', scenario: {}, seed: 3, parameters, design: { kind: 'morris', trajectories: 400, levels: 4 } });
    const result = morrisIndices(designPoints(experiment), 3, onPoint, { resamples: 500 });
    const exact = exactMuStar(4);
    result.forEach((r, i) => {
      expect(r.n).toBe(400);
      expect(r.muStarInterval.lower, `mu* x${i + 1}`).toBeLessThanOrEqual(exact[i] + 1e-9);
      expect(r.muStarInterval.upper, `mu* x${i + 1}`).toBeGreaterThanOrEqual(exact[i] - 1e-9);
    });
    // x2 enters alone and its grid values give one effect size: sigma measures only its sign changes.
    expect(result[1].muStar).toBeCloseTo(exact[1], 10);
  });

  it('give mu* = |slope| and sigma = 0 for a linear function, and rank an idle parameter last', () => {
    const experiment = ExperimentSchema.parse({
      name: 'linear',
      scenario: {},
      parameters: [{ path: 'a', min: 0, max: 1 }, { path: 'b', min: 0, max: 10 }, { path: 'c', min: 0, max: 1 }],
      design: { kind: 'morris', trajectories: 20 },
    });
    const result = morrisIndices(designPoints(experiment), 3, (p) => 3 * (p.values.a as number) - 0.2 * (p.values.b as number));
    expect(result[0].muStar).toBeCloseTo(3, 12);
    expect(result[1].muStar).toBeCloseTo(2, 12); // per unit of the range: 0.2 x 10
    expect(result[1].mu).toBeCloseTo(-2, 12);
    expect(result[2].muStar).toBe(0);
    for (const r of result) expect(r.sigma).toBeCloseTo(0, 12);
  });
});

describe('partial rank correlations', () => {
  it('find monotone effects of the right sign, and none where there is none', () => {
    const experiment = ExperimentSchema.parse({
      name: 'monotone',
      scenario: {},
      parameters: ['a', 'b', 'c'].map((path) => ({ path, min: 0, max: 1 })),
      design: { kind: 'latin-hypercube', samples: 200 },
    });
    const points = designPoints(experiment);
    const x = points.map((p) => ['a', 'b', 'c'].map((k) => p.values[k] as number));
    const y = x.map(([a, b]) => Math.exp(3 * a) - 2 * b);
    const [pa, pb, pc] = partialRankCorrelations(x, y);
    // a dominates and is monotone; b's effect is small against it but consistent.
    expect(pa.prcc).toBeGreaterThan(0.9);
    expect(pb.prcc).toBeLessThan(-0.5);
    expect(pb.upper).toBeLessThan(0);
    expect(pc.lower).toBeLessThan(0);
    expect(pc.upper).toBeGreaterThan(0);
    expect(ranks([3, 1, 2, 1])).toEqual([4, 1.5, 3, 1.5]);
  });
});

describe('comparisons with a reference point', () => {
  it('pair by replicate, as pairedDifference does', () => {
    const ref = [1, 2, 3, 4, 5];
    const other = [1.5, 2.1, 3.9, 4.2, 5.8];
    const comparison = new PointComparison('r', ['m'], true);
    ref.forEach((v, i) => {
      comparison.add('r', i + 1, [v]);
      comparison.add('o', i + 1, [other[i]]);
    });
    const [d] = comparison.differences(['r', 'o'], () => undefined);
    const expected = pairedDifference(ref, other);
    expect(d.mean).toBeCloseTo(expected.mean, 14);
    expect(d.lower).toBeCloseTo(expected.lower, 14);
    expect(d.upper).toBeCloseTo(expected.upper, 14);
  });

  it("use Welch's interval for independent samples", () => {
    const a = new Accumulator();
    const b = new Accumulator();
    [1, 2, 3, 4].forEach((v) => a.add(v));
    [2, 4, 6, 8, 10, 12].forEach((v) => b.add(v));
    const w = welch(a, b);
    // SciPy: ttest_ind([2,4,6,8,10,12], [1,2,3,4], equal_var=False).confidence_interval()
    // gives [0.5293232116562954, 8.470676788343704] with 6.5947 degrees of freedom.
    expect(w.mean).toBe(4.5);
    expect(w.lower).toBeCloseTo(0.5293232116562954, 10);
    expect(w.upper).toBeCloseTo(8.470676788343704, 10);
  });
});
