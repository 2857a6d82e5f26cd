/**
 * One design against another in cost and effect, from paired replicates (replicate r of both
 * ran on the same seed, so each pair's differences are the design's alone): the incremental
 * cost and effect with their t intervals, the incremental cost-effectiveness ratio (ICER, the
 * ratio of the mean differences) with Fieller's 95% interval, and the cost-effectiveness
 * acceptability curve: at each willingness to pay per unit of effect, the share of pairs in
 * which the design's net benefit (willingness x effect - cost) beats the reference's.
 *
 * Fieller's interval (Willan and O'Brien 1996) is the set of ratios R for which the mean of
 * cost - R x effect is not significantly different from 0: it accounts for the correlation of
 * cost and effect, and is bounded only when the effect difference is itself significant (an
 * effect that may be nil gives a ratio that may be anything). The acceptability curve is the
 * share of replicate pairs, so it shows the spread from chance (and, with model uncertainty, from
 * the fitted behaviour), not sampling error of its own.
 */
import { Accumulator, estimateOf, type Estimate } from './accumulator.ts';
import { tQuantile } from './t-quantile.ts';

export interface IncrementalCostEffect {
  n: number;
  cost: Estimate;
  effect: Estimate;
  /** Mean cost difference over mean effect difference (null where the effect difference is 0). */
  icer: number | null;
  /** Fieller's interval for the ICER; null bounds where it is unbounded (the effect difference may be 0). */
  lower: number | null;
  upper: number | null;
  /**
   * Where the design sits against the reference: it dominates (less cost, more effect, both
   * clearly), is dominated (the reverse), or trades one for the other (the ICER is the price).
   */
  verdict: 'dominates' | 'dominated' | 'trade-off' | 'unclear';
}

/** The design minus the reference, from paired differences in cost and effect (same length, same replicate order). */
export function incrementalCostEffect(deltaCost: ArrayLike<number>, deltaEffect: ArrayLike<number>, level = 0.95): IncrementalCostEffect {
  const c = new Accumulator();
  const e = new Accumulator();
  // The co-moment of cost and effect (Welford's update for a covariance).
  let meanC = 0;
  let meanE = 0;
  let co = 0;
  let n = 0;
  for (const [x, y] of finitePairs(deltaCost, deltaEffect)) {
    c.add(x);
    e.add(y);
    n++;
    const dx = x - meanC;
    meanC += dx / n;
    meanE += (y - meanE) / n;
    co += dx * (y - meanE);
  }
  const cost = estimateOf(c, level);
  const effect = estimateOf(e, level);
  const icer = effect.mean !== 0 && Number.isFinite(effect.mean) ? cost.mean / effect.mean : null;
  let lower: number | null = null;
  let upper: number | null = null;
  if (n > 1) {
    const t = tQuantile((1 + level) / 2, n - 1);
    // Variances and covariance of the two means.
    const vc = c.variance / n;
    const ve = e.variance / n;
    const cv = co / (n - 1) / n;
    const a = effect.mean * effect.mean - t * t * ve;
    const b = -2 * (cost.mean * effect.mean - t * t * cv);
    const q = cost.mean * cost.mean - t * t * vc;
    const disc = b * b - 4 * a * q;
    if (a > 0 && disc >= 0) {
      const root = Math.sqrt(disc);
      lower = (-b - root) / (2 * a);
      upper = (-b + root) / (2 * a);
    }
  }
  const clearlyCheaper = cost.upper < 0;
  const clearlyDearer = cost.lower > 0;
  const clearlyBetter = effect.lower > 0;
  const clearlyWorse = effect.upper < 0;
  const verdict = clearlyCheaper && clearlyBetter ? 'dominates' : clearlyDearer && clearlyWorse ? 'dominated' : (clearlyDearer && clearlyBetter) || (clearlyCheaper && clearlyWorse) ? 'trade-off' : 'unclear';
  return { n, cost, effect, icer, lower, upper, verdict };
}

/**
 * The acceptability curve: at each willingness to pay per unit of effect, the share of pairs in
 * which the design's net benefit is above the reference's (a tie counts half).
 */
export function acceptability(deltaCost: ArrayLike<number>, deltaEffect: ArrayLike<number>, willingnessToPay: readonly number[]): number[] {
  return willingnessToPay.map((lambda) => {
    let wins = 0;
    let n = 0;
    for (const [x, y] of finitePairs(deltaCost, deltaEffect)) {
      const benefit = lambda * y - x;
      wins += benefit > 0 ? 1 : benefit === 0 ? 0.5 : 0;
      n++;
    }
    return n > 0 ? wins / n : NaN;
  });
}

/** The pairs whose cost and effect are both numbers (a run without a value is left out of both). */
function* finitePairs(deltaCost: ArrayLike<number>, deltaEffect: ArrayLike<number>): Generator<[number, number]> {
  for (let i = 0; i < Math.min(deltaCost.length, deltaEffect.length); i++) {
    if (Number.isFinite(deltaCost[i]) && Number.isFinite(deltaEffect[i])) yield [deltaCost[i], deltaEffect[i]];
  }
}

/** The willingness-to-pay grid of an acceptability curve: 0, then 1, 2, 5 times each power of ten up to `top`. */
export function willingnessGrid(top = 100_000): number[] {
  const grid = [0];
  for (let p = 1; p <= top; p *= 10) for (const m of [1, 2, 5]) if (m * p <= top) grid.push(m * p);
  return grid;
}
