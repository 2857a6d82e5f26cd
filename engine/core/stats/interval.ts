/**
 * Means and intervals over replicates: the 95% interval of a mean from Student's t, so it is
 * honest with the handful of replicates a workshop runs as with thousands. One-pass arithmetic
 * (accumulator.ts) shared with every other summary in ccsim.
 */
import { Accumulator, estimateOf, type Estimate } from './accumulator.ts';

export type { Estimate };
export { tQuantile } from './t-quantile.ts';

/** Mean, standard deviation and a t interval of the mean (level 0.95 by default); NaNs are skipped. */
export function estimate(values: ArrayLike<number>, level = 0.95): Estimate {
  const acc = new Accumulator();
  for (let i = 0; i < values.length; i++) acc.add(values[i]);
  return estimateOf(acc, level);
}

/** Paired differences b - a (common random numbers: replicate i of each arm shares a seed). */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): Estimate {
  if (a.length !== b.length) throw new Error(`paired arms differ in length: ${a.length} and ${b.length}`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = b[i] - a[i];
  return estimate(d, level);
}

/** 'mean [lower, upper]' with a sensible number of digits, for reports and test names. */
export function formatEstimate(e: Estimate, digits = 3): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'NA');
  return `${f(e.mean)} [${f(e.lower)}, ${f(e.upper)}] (n=${e.n})`;
}
