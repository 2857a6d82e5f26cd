/**
 * First-order and total Sobol indices from Saltelli's design (Saltelli et al. 2010, the
 * estimators SALib uses): with f(A), f(B) and f(AB_i) over the N rows and V the variance of f
 * over A and B together,
 *   S1_i = mean(f(B) (f(AB_i) - f(A))) / V              (Saltelli 2010, eq. b)
 *   ST_i = mean((f(A) - f(AB_i))^2) / (2 V)             (Jansen 1999)
 * S1 is the share of the output's variance a parameter explains alone, ST alone and in all its
 * interactions. Outputs are centred on their mean first, as SALib does: the estimate of S1 is
 * unchanged in expectation, but a model output far from zero (a share near 0.5, say) no longer
 * swamps it with noise. Bootstrap intervals resample the rows.
 */
import type { DesignPoint } from '../design.ts';
import { bootstrapInterval, bootstrapSeed, type Interval } from './bootstrap.ts';

export interface SobolIndex {
  parameter: number;
  first: number;
  total: number;
  firstInterval: Interval;
  totalInterval: Interval;
  /** Rows used (rows with every output known). */
  n: number;
}

export function sobolIndices(points: DesignPoint[], parameters: number, output: (point: DesignPoint) => number, options: { resamples?: number; seed?: number } = {}): SobolIndex[] {
  const rows = new Map<number, { a: number; b: number; ab: Float64Array }>();
  for (const p of points) {
    const role = p.role;
    if (role?.design !== 'sobol') throw new Error(`point ${p.id} is not part of a Sobol design`);
    let row = rows.get(role.row);
    if (!row) rows.set(role.row, (row = { a: NaN, b: NaN, ab: new Float64Array(parameters).fill(NaN) }));
    const y = output(p);
    if (role.block === 'A') row.a = y;
    else if (role.block === 'B') row.b = y;
    else row.ab[role.factor!] = y;
  }
  const complete = [...rows.values()].filter((r) => Number.isFinite(r.a) && Number.isFinite(r.b) && r.ab.every(Number.isFinite));
  const n = complete.length;
  const fA = Float64Array.from(complete, (r) => r.a);
  const fB = Float64Array.from(complete, (r) => r.b);
  const resamples = options.resamples ?? 1000;
  return Array.from({ length: parameters }, (_, i) => {
    const fAB = Float64Array.from(complete, (r) => r.ab[i]);
    const first = (idx: Int32Array | null) => estimate(fA, fB, fAB, idx).first;
    const total = (idx: Int32Array | null) => estimate(fA, fB, fAB, idx).total;
    const point = estimate(fA, fB, fAB, null);
    return {
      parameter: i,
      first: point.first,
      total: point.total,
      firstInterval: bootstrapInterval(n, resamples, bootstrapSeed(`sobol-first:${i}`, options.seed ?? 1), first),
      totalInterval: bootstrapInterval(n, resamples, bootstrapSeed(`sobol-total:${i}`, options.seed ?? 1), total),
      n,
    };
  });
}

function estimate(fA: Float64Array, fB: Float64Array, fAB: Float64Array, indices: Int32Array | null): { first: number; total: number } {
  const n = indices ? indices.length : fA.length;
  if (n < 2) return { first: NaN, total: NaN };
  // Variance of f over A and B together (population form, as SALib), in two passes so that a
  // large mean does not swamp a small variance.
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const j = indices ? indices[k] : k;
    sum += fA[j] + fB[j];
  }
  const mean = sum / (2 * n);
  let squares = 0;
  let s1 = 0;
  let st = 0;
  for (let k = 0; k < n; k++) {
    const j = indices ? indices[k] : k;
    squares += (fA[j] - mean) * (fA[j] - mean) + (fB[j] - mean) * (fB[j] - mean);
    s1 += (fB[j] - mean) * (fAB[j] - fA[j]);
    const d = fA[j] - fAB[j];
    st += d * d;
  }
  const variance = squares / (2 * n);
  if (!(variance > 0)) return { first: NaN, total: NaN };
  return { first: s1 / n / variance, total: st / (2 * n) / variance };
}
