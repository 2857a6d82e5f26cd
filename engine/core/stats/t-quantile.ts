/**
 * Quantiles of Student's t, from stdlib-js, whose arithmetic is identical in Node and browsers
 * (jstat's calls Math.log and Math.exp, which are not). Cached by degrees of freedom: intervals
 * are asked for per point and metric, with few distinct sample sizes.
 */
import studentTQuantile from '@stdlib/stats-base-dists-t-quantile';

const cache = new Map<string, number>();

export function tQuantile(p: number, degreesOfFreedom: number): number {
  const key = `${p}:${degreesOfFreedom}`;
  let q = cache.get(key);
  if (q === undefined) {
    q = studentTQuantile(p, degreesOfFreedom);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, q);
  }
  return q;
}
