/**
 * Mean and variance in one pass (Welford 1962), numerically stable and in constant memory, so
 * that a summary over millions of runs streams from disk. Every mean, standard deviation and
 * interval ccsim reports is computed this way (estimate() included), so the same numbers give the
 * same digits wherever they are summarised.
 */
import { tQuantile } from './t-quantile.ts';

export class Accumulator {
  n = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;

  /** Add a value; NaN (a missing value) is skipped. */
  add(x: number): void {
    if (Number.isNaN(x)) return;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
  }

  /** Unbiased sample variance (NaN below two values). */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }
}

export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  /** Standard error of the mean. */
  se: number;
  lower: number;
  upper: number;
}

/** Mean, standard deviation and the t interval of the mean at this level (0.95 by default). */
export function estimateOf(acc: Accumulator, level = 0.95): Estimate {
  const { n } = acc;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN, lower: NaN, upper: NaN };
  if (n === 1) return { n, mean: acc.mean, sd: NaN, se: NaN, lower: NaN, upper: NaN };
  const sd = Math.sqrt(acc.variance);
  const se = sd / Math.sqrt(n);
  const t = tQuantile((1 + level) / 2, n - 1);
  return { n, mean: acc.mean, sd, se, lower: acc.mean - t * se, upper: acc.mean + t * se };
}
