/**
 * NSGA-III on the standard test problems, whose Pareto fronts are known: ZDT1 (convex) and ZDT2
 * (concave) with two objectives (Zitzler, Deb and Thiele 2000), DTLZ2 with three (the unit
 * sphere's positive octant; Deb et al. 2002), and ZDT1 under a constraint that cuts the front.
 * Each run uses a fixed seed; the tolerances are those the algorithm's authors report reaching
 * with populations and generations of this size.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { dominates, divisionsFor, nondominatedFronts, normalise, nsga3, polynomialMutation, referencePoints, simulatedBinaryCrossover, type Evaluation, type Nsga3Options, type Nsga3Result } from '../../../engine/core/search/nsga3.ts';

function solve(options: Omit<Nsga3Options, 'rng'>, evaluate: (genes: number[]) => Evaluation, seed = 'nsga3'): Nsga3Result {
  const search = nsga3({ ...options, rng: seedrandom(seed) });
  let step = search.next(undefined as never);
  while (!step.done) step = search.next(step.value.map(evaluate));
  return step.value;
}

const zdtG = (x: number[]) => 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
const zdt1 = (x: number[]): Evaluation => {
  const g = zdtG(x);
  return { objectives: [x[0], g * (1 - Math.sqrt(x[0] / g))], violation: 0 };
};
const zdt2 = (x: number[]): Evaluation => {
  const g = zdtG(x);
  return { objectives: [x[0], g * (1 - (x[0] / g) ** 2)], violation: 0 };
};
const dtlz2 = (x: number[]): Evaluation => {
  const g = x.slice(2).reduce((s, v) => s + (v - 0.5) ** 2, 0);
  const a = (x[0] * Math.PI) / 2;
  const b = (x[1] * Math.PI) / 2;
  return { objectives: [(1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)], violation: 0 };
};

/** Inverted generational distance: mean distance from points of the true front to the nearest found point. */
function igd(truth: number[][], found: number[][]): number {
  return truth.reduce((s, t) => s + Math.min(...found.map((f) => Math.hypot(...f.map((v, i) => v - t[i])))), 0) / truth.length;
}
const firstFront = (r: Nsga3Result) => nondominatedFronts(r.population)[0].map((i) => r.population[i].objectives);

describe('NSGA-III on known fronts', () => {
  it('recovers the convex front of ZDT1 (30 variables)', () => {
    const result = solve({ variables: 30, objectives: 2, population: 100, generations: 250 }, zdt1);
    const front = firstFront(result);
    // Every point lies on f2 = 1 - sqrt(f1) within 0.01, and the front is covered (IGD < 0.01).
    for (const [f1, f2] of front) expect(Math.abs(f2 - (1 - Math.sqrt(f1)))).toBeLessThan(0.01);
    const truth = Array.from({ length: 200 }, (_, i) => [i / 199, 1 - Math.sqrt(i / 199)]);
    expect(igd(truth, front)).toBeLessThan(0.01);
  });

  it('recovers the concave front of ZDT2', () => {
    const front = firstFront(solve({ variables: 30, objectives: 2, population: 100, generations: 250 }, zdt2));
    for (const [f1, f2] of front) expect(Math.abs(f2 - (1 - f1 * f1))).toBeLessThan(0.01);
    const truth = Array.from({ length: 200 }, (_, i) => [i / 199, 1 - (i / 199) ** 2]);
    expect(igd(truth, front)).toBeLessThan(0.01);
  });

  it('spreads over the three-objective sphere of DTLZ2, one design per reference direction', () => {
    const result = solve({ variables: 12, objectives: 3, population: 92, divisions: 12, generations: 250 }, dtlz2);
    const front = firstFront(result);
    for (const f of front) expect(Math.abs(Math.hypot(...f) - 1)).toBeLessThan(0.01);
    // The true front's points nearest the 91 reference directions are its Pareto-optimal targets.
    const truth = result.referencePoints.map((w) => w.map((v) => v / Math.hypot(...w)));
    expect(igd(truth, front)).toBeLessThan(0.02);
  });

  it('keeps to a constraint: ZDT1 with f1 at least 0.5 gives only the front beyond it', () => {
    const constrained = (x: number[]): Evaluation => ({ ...zdt1(x), violation: Math.max(0, 0.5 - x[0]) });
    const result = solve({ variables: 10, objectives: 2, population: 60, generations: 150 }, constrained);
    const front = nondominatedFronts(result.population)[0].map((i) => result.population[i]);
    expect(front.every((d) => d.violation === 0)).toBe(true);
    expect(Math.min(...front.map((d) => d.objectives[0]))).toBeLessThan(0.52);
    for (const d of front) expect(Math.abs(d.objectives[1] - (1 - Math.sqrt(d.objectives[0])))).toBeLessThan(0.02);
  });

  it('retraces the same search from the same seed and evaluations', () => {
    const a = solve({ variables: 5, objectives: 2, population: 12, generations: 5 }, zdt1, 'same');
    const b = solve({ variables: 5, objectives: 2, population: 12, generations: 5 }, zdt1, 'same');
    expect(b.population).toEqual(a.population);
  });

  it('does not fill the population with copies when designs are discrete', () => {
    // Genes rounded to tenths: 11^3 designs, easily duplicated by a small population.
    const key = (g: number[]) => g.map((v) => Math.round(v * 10)).join(',');
    const search = nsga3({ variables: 3, objectives: 2, population: 20, generations: 10, rng: seedrandom('copies'), key });
    let step = search.next(undefined as never);
    let duplicates = 0;
    while (!step.done) {
      const keys = step.value.map(key);
      duplicates += keys.length - new Set(keys).size;
      step = search.next(step.value.map((g) => zdt1(g.map((v) => Math.round(v * 10) / 10))));
    }
    expect(duplicates).toBe(0);
  });
});

describe('NSGA-III parts', () => {
  it('moves discrete genes between choices: whole swaps and random redraws', () => {
    const rng = seedrandom('discrete');
    let moved = 0;
    for (let t = 0; t < 200; t++) {
      const [c] = simulatedBinaryCrossover([0.1, 0.2], [0.9, 0.8], 20, rng, [true, false]);
      if (c[0] !== 0.1) expect(c[0]).toBe(0.9);
      const m = polynomialMutation([0.1], 1, 20, rng, [true]);
      if (m[0] > 0.5) moved++;
    }
    // A redraw crosses to the other half about half the time; a polynomial step of index 20 almost never does.
    expect(moved).toBeGreaterThan(70);
    let stepped = 0;
    for (let t = 0; t < 200; t++) if (polynomialMutation([0.1], 1, 20, rng)[0] > 0.5) stepped++;
    expect(stepped).toBeLessThan(5);
  });

  it("makes Das and Dennis's reference points", () => {
    expect(referencePoints(3, 2)).toEqual([
      [0, 0, 1],
      [0, 0.5, 0.5],
      [0, 1, 0],
      [0.5, 0, 0.5],
      [0.5, 0.5, 0],
      [1, 0, 0],
    ]);
    expect(referencePoints(3, 12)).toHaveLength(91);
    expect(divisionsFor(3, 92)).toBe(12);
    expect(divisionsFor(2, 20)).toBe(19);
    expect(divisionsFor(4, 20)).toBe(3);
  });

  it('sorts by constraint domination', () => {
    const e = (objectives: number[], violation = 0) => ({ objectives, violation });
    expect(dominates(e([1, 1]), e([2, 2]))).toBe(true);
    expect(dominates(e([1, 2]), e([2, 1]))).toBe(false);
    expect(dominates(e([9, 9]), e([0, 0], 0.1))).toBe(true);
    expect(dominates(e([9, 9], 0.1), e([0, 0], 0.2))).toBe(true);
    expect(nondominatedFronts([e([1, 1]), e([2, 2]), e([0, 3]), e([3, 3]), e([0, 0], 1)])).toEqual([[0, 2], [1], [3], [4]]);
  });

  it('normalises by the intercepts of the extreme points', () => {
    const n = normalise([
      [1, 10],
      [3, 0],
      [2, 5],
    ]);
    expect(n[0]).toEqual([0, 1]);
    expect(n[1]).toEqual([1, 0]);
    expect(n[2][0]).toBeCloseTo(0.5, 12);
    expect(n[2][1]).toBeCloseTo(0.5, 12);
  });
});
