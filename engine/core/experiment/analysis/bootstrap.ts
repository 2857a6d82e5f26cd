/**
 * Percentile bootstrap intervals (Efron and Tibshirani 1993): resample the independent units of
 * a design (Morris trajectories, Saltelli rows) with replacement, recompute the statistic, and
 * take the 2.5% and 97.5% points of its distribution. Seeded, so an analysis is reproducible.
 */
import seedrandom from 'seedrandom';

export interface Interval {
  lower: number;
  upper: number;
}

export function bootstrapSeed(label: string, seed: number): () => number {
  return seedrandom.alea(`ccsim-bootstrap:${seed}:${label}`);
}

/** `statistic(indices)` for `resamples` draws of n indices with replacement; NaN draws are skipped. */
export function bootstrapInterval(n: number, resamples: number, rng: () => number, statistic: (indices: Int32Array) => number, level = 0.95): Interval {
  const values: number[] = [];
  const indices = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) indices[i] = Math.floor(rng() * n);
    const v = statistic(indices);
    if (Number.isFinite(v)) values.push(v);
  }
  if (values.length < 2) return { lower: NaN, upper: NaN };
  values.sort((a, b) => a - b);
  return { lower: quantile(values, (1 - level) / 2), upper: quantile(values, (1 + level) / 2) };
}

/** Linear-interpolation quantile of sorted values (type 7, as R and numpy default). */
export function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
