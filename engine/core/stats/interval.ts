/**
 * Means and intervals over replicates: mean and standard deviation from mathjs, and the 95%
 * interval of a mean from Student's t (stdlib-js, whose arithmetic is identical in Node and browsers,
 * unlike jstat's calls to Math.log and Math.exp), so it is honest with the handful of replicates a
 * workshop runs as with thousands.
 */
import studentTQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, std } from 'mathjs';

export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  /** Standard error of the mean. */
  se: number;
  lower: number;
  upper: number;
}

/** Mean, standard deviation and a t interval of the mean (level 0.95 by default); NaNs are skipped. */
export function estimate(values: ArrayLike<number>, level = 0.95): Estimate {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) xs.push(values[i]);
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, se: NaN, lower: NaN, upper: NaN };
  const m = mean(xs);
  if (n === 1) return { n, mean: m, sd: NaN, se: NaN, lower: NaN, upper: NaN };
  const sd = std(xs, 'unbiased') as number;
  const se = sd / Math.sqrt(n);
  const t = tQuantile((1 + level) / 2, n - 1);
  return { n, mean: m, sd, se, lower: m - t * se, upper: m + t * se };
}

/** Paired differences b - a (common random numbers: replicate i of each arm shares a seed). */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): Estimate {
  if (a.length !== b.length) throw new Error(`paired arms differ in length: ${a.length} and ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = b[i] - a[i];
  return estimate(d, level);
}

export function tQuantile(p: number, degreesOfFreedom: number): number {
  return studentTQuantile(p, degreesOfFreedom);
}

/** 'mean [lower, upper]' with a sensible number of digits, for reports and test names. */
export function formatEstimate(e: Estimate, digits = 3): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'NA');
  return `${f(e.mean)} [${f(e.lower)}, ${f(e.upper)}] (n=${e.n})`;
}
