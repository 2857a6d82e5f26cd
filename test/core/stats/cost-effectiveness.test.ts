/** Incremental cost-effectiveness from paired replicates: Fieller's interval, the verdict, the acceptability curve. */
import { describe, expect, it } from 'vitest';
import { acceptability, incrementalCostEffect, willingnessGrid } from '../../../engine/core/stats/cost-effectiveness.ts';
import { Accumulator, estimateOf } from '../../../engine/core/stats/accumulator.ts';
import { tQuantile } from '../../../engine/core/stats/t-quantile.ts';
import { stream } from '../../../engine/core/index.ts';

function pairs(n: number, seed: number, effect: (r: () => number) => number, cost: (e: number, r: () => number) => number) {
  const rng = stream(seed, 'cost-effectiveness test');
  const dE: number[] = [];
  const dC: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = effect(rng);
    dE.push(e);
    dC.push(cost(e, rng));
  }
  return { dC, dE };
}

/** The paired t statistic of cost - R x effect: Fieller's bounds are where it equals the critical t. */
function tOf(dC: number[], dE: number[], R: number): number {
  const acc = new Accumulator();
  dC.forEach((c, i) => acc.add(c - R * dE[i]));
  const e = estimateOf(acc);
  return e.mean / e.se;
}

describe('incremental cost-effectiveness', () => {
  it('gives the ratio of mean differences, and Fieller\'s bounds are exactly where cost - R x effect stops being significant', () => {
    const { dC, dE } = pairs(20, 7, (r) => 100 + 30 * (r() - 0.5), (e, r) => 250 * e + 4000 * (r() - 0.5));
    const ice = incrementalCostEffect(dC, dE);
    const meanC = dC.reduce((a, b) => a + b) / dC.length;
    const meanE = dE.reduce((a, b) => a + b) / dE.length;
    expect(ice.n).toBe(20);
    expect(ice.icer).toBeCloseTo(meanC / meanE, 9);
    expect(ice.lower).not.toBeNull();
    expect(ice.lower!).toBeLessThan(ice.icer!);
    expect(ice.upper!).toBeGreaterThan(ice.icer!);
    const t = tQuantile(0.975, 19);
    expect(Math.abs(tOf(dC, dE, ice.lower!))).toBeCloseTo(t, 6);
    expect(Math.abs(tOf(dC, dE, ice.upper!))).toBeCloseTo(t, 6);
    expect(ice.verdict).toBe('trade-off'); // dearer and better: the ICER is the price
  });

  it('leaves the interval unbounded when the effect may be nil, and names dominance', () => {
    const nil = pairs(20, 8, (r) => r() - 0.5, (_e, r) => 1000 + 100 * (r() - 0.5));
    const unbounded = incrementalCostEffect(nil.dC, nil.dE);
    expect(unbounded.lower).toBeNull();
    expect(unbounded.upper).toBeNull();
    expect(unbounded.verdict).toBe('unclear');
    const better = pairs(20, 9, (r) => 50 + r(), (_e, r) => -1000 - 100 * r());
    expect(incrementalCostEffect(better.dC, better.dE).verdict).toBe('dominates');
    const worse = pairs(20, 10, (r) => -50 - r(), (_e, r) => 1000 + 100 * r());
    expect(incrementalCostEffect(worse.dC, worse.dE).verdict).toBe('dominated');
  });

  it('the acceptability curve runs from the chance of saving money to the chance of more effect', () => {
    const { dC, dE } = pairs(200, 11, (r) => 10 * (r() - 0.2), (e, r) => 300 * e + 2000 * (r() - 0.5));
    const grid = willingnessGrid(100_000);
    expect(grid.slice(0, 7)).toEqual([0, 1, 2, 5, 10, 20, 50]);
    expect(grid.at(-1)).toBe(100_000);
    const curve = acceptability(dC, dE, grid);
    expect(curve[0]).toBeCloseTo(dC.filter((c) => c < 0).length / dC.length, 12);
    expect(curve.at(-1)).toBeCloseTo(dE.filter((e) => e > 0).length / dE.length, 2);
    for (const p of curve) expect(p).toBeGreaterThanOrEqual(0);
    // With every pair's effect positive, the curve only rises.
    const rising = acceptability(dC.map((c) => c), dE.map((e) => Math.abs(e) + 0.1), grid);
    for (let i = 1; i < rising.length; i++) expect(rising[i]).toBeGreaterThanOrEqual(rising[i - 1]);
  });
});
