/**
 * Random variates drawn from a seeded uniform stream. Written here rather than taken from a
 * library because every draw must come from ccsim's own seeded streams, in the browser as in
 * Node, at a few nanoseconds a call; the algorithms are the standard published ones, named at
 * each function, and test/core/random/distributions.test.ts checks their moments.
 */
import type { Rng } from './streams.ts';
import * as dmath from '../math/deterministic.ts';
import { fastExp, fastLog } from '../math/fast.ts';

/** Standard normal by the Marsaglia polar method. */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  let u: number, v: number, s: number;
  do {
    u = 2 * rng() - 1;
    v = 2 * rng() - 1;
    s = u * u + v * v;
  } while (s >= 1 || s === 0);
  return mean + sd * u * Math.sqrt((-2 * fastLog(s)) / s);
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000), with the shape < 1 boost. */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * dmath.pow(rng() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (dmath.log(u) < 0.5 * x * x + d * (1 - v + dmath.log(v))) return d * v;
  }
}

/**
 * Beta with a given mean and standard deviation, the form in which scenario files state site
 * context. A spread of 0 returns the mean; a spread too large for a beta is capped just below the
 * largest possible (mean * (1 - mean)).
 */
export function betaMeanSd(rng: Rng, mean: number, sd: number): number {
  if (sd <= 0 || mean <= 0 || mean >= 1) return mean;
  const maxVar = mean * (1 - mean);
  const variance = Math.min(sd * sd, 0.95 * maxVar);
  const concentration = maxVar / variance - 1;
  const a = gamma(rng, mean * concentration);
  const b = gamma(rng, (1 - mean) * concentration);
  return a + b > 0 ? a / (a + b) : mean;
}

/** Poisson: inversion for small means, PTRS (Hörmann 1993) for means of 10 and more. */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    let k = 0;
    let p = fastExp(-mean);
    let cumulative = p;
    const u = rng();
    while (u > cumulative && k < 1000) {
      k += 1;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const logLam = fastLog(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = v > 0 ? fastLog((v * invAlpha) / (a / (us * us) + b)) : -Infinity;
    if (lhs <= -mean + k * logLam - logFactorial(k)) return k;
  }
}

/** Binomial: inversion when n·min(p, 1-p) < 10, BTRS (Hörmann 1993) otherwise. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n * p < 10) {
    const q = 1 - p;
    const s = p / q;
    let k = 0;
    // q >= 0.5 here, so its log is an ordinary number.
    let prob = fastExp(n * fastLog(q));
    let cumulative = prob;
    const u = rng();
    while (u > cumulative && k < n) {
      prob *= (s * (n - k)) / (k + 1);
      k += 1;
      cumulative += prob;
    }
    return k;
  }
  const spq = Math.sqrt(n * p * (1 - p));
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const lpq = fastLog(p / (1 - p));
  const m = Math.floor((n + 1) * p);
  const h = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng() - 0.5;
    const v = rng();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const lv = v > 0 ? fastLog((v * alpha) / (a / (us * us) + b)) : -Infinity;
    if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}

/** Weeks until an event with a constant weekly probability (1, 2, ...), or Infinity. */
export function geometricWeeks(rng: Rng, probabilityPerWeek: number): number {
  if (probabilityPerWeek <= 0) return Infinity;
  if (probabilityPerWeek >= 1) return 1;
  return 1 + Math.floor(fastLog(1 - rng()) / fastLog(1 - probabilityPerWeek));
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T extends { length: number; [i: number]: unknown }>(rng: Rng, items: T): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

const LOG_FACTORIAL_TABLE = (() => {
  const table = new Float64Array(256);
  for (let k = 1; k < 256; k++) table[k] = table[k - 1] + dmath.log(k);
  return table;
})();

const HALF_LOG_TWO_PI = 0.5 * dmath.log(2 * Math.PI);

/** ln(k!) from a table below 256 and Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < 256) return LOG_FACTORIAL_TABLE[k];
  const x = k + 1;
  return (x - 0.5) * fastLog(x) - x + HALF_LOG_TWO_PI + 1 / (12 * x) - 1 / (360 * x * x * x);
}
