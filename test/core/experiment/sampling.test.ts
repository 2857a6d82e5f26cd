/** Sampling designs: the Sobol sequence, Latin hypercubes, Morris trajectories, Saltelli's matrices. */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { sobolPoints, MAX_SOBOL_DIMENSIONS } from '../../../engine/core/experiment/sampling/sobol-sequence.ts';
import { latinHypercube } from '../../../engine/core/experiment/sampling/latin-hypercube.ts';
import { morrisDelta, morrisTrajectories } from '../../../engine/core/experiment/sampling/morris.ts';
import { saltelliPoints } from '../../../engine/core/experiment/sampling/saltelli.ts';

describe('Sobol sequence', () => {
  it('starts with the published points (Joe and Kuo direction numbers)', () => {
    // The unscrambled sequence as SciPy's qmc.Sobol(d=3, scramble=False) gives it.
    expect(sobolPoints(8, 3, 0)).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it('puts exactly one of the first 2^m points in each interval of width 2^-m, in every dimension', () => {
    const m = 10;
    const points = sobolPoints(2 ** m, 40, 0);
    for (let d = 0; d < 40; d++) {
      const cells = new Set(points.map((p) => Math.floor(p[d] * 2 ** m)));
      expect(cells.size, `dimension ${d + 1}`).toBe(2 ** m);
    }
  });

  it('fills two-dimensional projections evenly (each of the 16 x 16 cells holds 4 of 1024 points)', () => {
    const points = sobolPoints(1024, 12, 0);
    for (const [a, b] of [[0, 1], [2, 7], [10, 11]]) {
      const counts = new Map<number, number>();
      for (const p of points) {
        const cell = Math.floor(p[a] * 16) * 16 + Math.floor(p[b] * 16);
        counts.set(cell, (counts.get(cell) ?? 0) + 1);
      }
      expect([...counts.values()].every((c) => c === 4), `dimensions ${a + 1} and ${b + 1}`).toBe(true);
    }
  });

  it('refuses dimensions it has no direction numbers for', () => {
    expect(() => sobolPoints(4, MAX_SOBOL_DIMENSIONS + 1)).toThrow(RangeError);
    expect(() => sobolPoints(4, 0)).toThrow(RangeError);
  });
});

describe('Latin hypercube', () => {
  it('uses every stratum of every coordinate exactly once', () => {
    const n = 50;
    const points = latinHypercube(n, 4, seedrandom.alea('lhs'));
    expect(points).toHaveLength(n);
    for (let d = 0; d < 4; d++) {
      const strata = points.map((p) => Math.floor(p.unit[d] * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });
});

describe('Morris trajectories', () => {
  it('moves one parameter at a time by delta, staying on the grid, each parameter once per trajectory', () => {
    const levels = 4;
    const delta = morrisDelta(levels);
    const k = 5;
    const points = morrisTrajectories(30, k, levels, seedrandom.alea('morris'));
    expect(points).toHaveLength(30 * (k + 1));
    for (let t = 0; t < 30; t++) {
      const steps = points.slice(t * (k + 1), (t + 1) * (k + 1));
      const moved = new Set<number>();
      for (let s = 0; s <= k; s++) {
        for (const u of steps[s].unit) {
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThanOrEqual(1);
          expect(Math.abs(u * (levels - 1) - Math.round(u * (levels - 1)))).toBeLessThan(1e-12);
        }
        if (s === 0) continue;
        const role = steps[s].role as { factor: number; delta: number };
        moved.add(role.factor);
        const diff = steps[s].unit.map((u, i) => u - steps[s - 1].unit[i]);
        diff.forEach((d, i) => expect(Math.abs(d)).toBeCloseTo(i === role.factor ? delta : 0, 12));
        expect(diff[role.factor]).toBeCloseTo(role.delta, 12);
      }
      expect(moved.size).toBe(k);
    }
  });
});

describe("Saltelli's matrices", () => {
  it('lays out A, AB_1..AB_k, B per row, AB_i being A with column i from B', () => {
    const k = 3;
    const points = saltelliPoints(16, k);
    expect(points).toHaveLength(16 * (k + 2));
    for (let j = 0; j < 16; j++) {
      const row = points.slice(j * (k + 2), (j + 1) * (k + 2));
      const a = row[0].unit;
      const b = row[k + 1].unit;
      expect(row[0].role).toEqual({ design: 'sobol', row: j, block: 'A' });
      expect(row[k + 1].role).toEqual({ design: 'sobol', row: j, block: 'B' });
      for (let i = 0; i < k; i++) {
        expect(row[1 + i].role).toEqual({ design: 'sobol', row: j, block: 'AB', factor: i });
        expect(row[1 + i].unit).toEqual(a.map((x, c) => (c === i ? b[c] : x)));
      }
    }
  });
});
