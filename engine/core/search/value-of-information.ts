/**
 * The expected value of partial perfect information (EVPPI): how much better, on average, the
 * choice among some designs would be if one uncertain context factor were known before choosing,
 * computed by regression on the ensemble (Strong, Oakley and Brennan 2014): for each design, its
 * value in each context is regressed on the factor, and
 *
 *   EVPPI = mean over contexts of (the best design's fitted value there)
 *           - the best design's mean value,
 *
 * so a factor that does not change which design is best is worth nothing to learn, however much
 * it moves the values. The regression is a cubic polynomial in the factor (on its unit scale):
 * with ensembles of tens of contexts, Strong et al.'s GAMs have few more degrees of freedom than
 * that, and a cubic follows a threshold well enough to rank factors. Fitting noise biases EVPPI
 * upward a little (a fitted maximum is optimistic), so the same estimate for a made-up factor
 * with no effect is given as a yardstick. EVPI, the value of knowing
 * every factor (the context itself), bounds every EVPPI.
 */
import { lusolve, type Matrix } from 'mathjs';

export interface ValueOfInformation {
  /** EVPPI of each factor, in the value's unit. */
  evppi: number[];
  /** The value of knowing the context exactly. */
  evpi: number;
  /**
   * The same estimate for a made-up factor unrelated to the values (evenly spread, in an order of
   * its own): what fitting noise alone gives. EVPPIs near it say little.
   */
  noise: number;
  /** The best design without more information (index into the designs) and its mean value. */
  best: number;
  bestMean: number;
}

/**
 * `values[d][c]` is design d's value in context c (higher is better); `factors[c]` is context c's
 * point (one coordinate per factor, e.g. its unit-cube point).
 */
export function valueOfInformation(values: readonly (readonly number[])[], factors: readonly (readonly number[])[]): ValueOfInformation {
  const contexts = factors.length;
  const means = values.map((row) => row.reduce((s, v) => s + v, 0) / contexts);
  const best = means.indexOf(Math.max(...means));
  const bestMean = means[best];
  let perfect = 0;
  for (let c = 0; c < contexts; c++) perfect += Math.max(...values.map((row) => row[c]));
  const evpi = perfect / contexts - bestMean;
  const k = factors[0]?.length ?? 0;
  const partial = (x: readonly number[]) => {
    const fitted = values.map((row) => cubicFit(x, row));
    let sum = 0;
    for (let c = 0; c < contexts; c++) sum += Math.max(...fitted.map((f) => f[c]));
    // A fitted curve can never make a choice worse on average than making it blind.
    return Math.min(evpi, Math.max(0, sum / contexts - bestMean));
  };
  const evppi = Array.from({ length: k }, (_, i) => partial(factors.map((f) => f[i])));
  // Weyl's sequence: evenly spread over [0, 1), in an order unrelated to the contexts'.
  const noise = partial(factors.map((_, c) => ((c + 1) * GOLDEN) % 1));
  return { evppi, evpi, noise, best, bestMean };
}

const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Least-squares fitted values of y on 1, x, x^2, x^3 (fewer terms if there are few points). */
function cubicFit(x: readonly number[], y: readonly number[]): number[] {
  const n = x.length;
  const degree = Math.min(3, n - 2);
  if (degree < 1) {
    const m = y.reduce((s, v) => s + v, 0) / n;
    return y.map(() => m);
  }
  // Centre and scale x, so the normal equations stay well conditioned.
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const spread = Math.sqrt(x.reduce((s, v) => s + (v - mean) * (v - mean), 0) / n) || 1;
  const basis = x.map((v) => {
    const t = (v - mean) / spread;
    const powers = [1];
    for (let p = 1; p <= degree; p++) powers.push(powers[p - 1] * t);
    return powers;
  });
  const p = degree + 1;
  const xtx = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => basis.reduce((s, row) => s + row[a] * row[b], 0)));
  const xty = Array.from({ length: p }, (_, a) => basis.reduce((s, row, j) => s + row[a] * y[j], 0));
  let beta: number[];
  try {
    beta = ((lusolve(xtx, xty) as number[][] | Matrix).valueOf() as number[][]).map((r) => r[0]);
  } catch {
    const m = y.reduce((s, v) => s + v, 0) / n;
    return y.map(() => m);
  }
  return basis.map((row) => row.reduce((s, v, a) => s + v * beta[a], 0));
}
