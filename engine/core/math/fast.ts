/**
 * exp, ln and 1 - e^-h for the engine's hot paths: the practice kernel's inner loop (two or three
 * per staff member per week), and the draws and hazards run per person or per site every week
 * (normal draws, logistic curves, turnover). Math.exp is a call into the engine's C library
 * (about 10 ns here), and the deterministic functions (deterministic.ts) are slower still, so at
 * a million staff they would dominate the run time. No npm package offers an inlinable exp, so it is
 * written here, in the classic table-driven way: x = (256m + j) ln2/256 + r with |r| <= ln2/512,
 * so e^x = 2^m * 2^(j/256) * e^r, the first two from tables and e^r from a cubic (error below
 * r^4/24 < 2e-13). Relative error is below 1e-12
 * over |x| <= 700 (test/core/math/fast.test.ts), far below anything the model can mean.
 * The arithmetic is plain IEEE doubles and the tables are built with the deterministic pow (see
 * deterministic.ts), so results are identical in Node and in browsers.
 */
import * as dmath from './deterministic.ts';

const STEPS = 256;
const SCALE = STEPS / Math.LN2;
const STEP = Math.LN2 / STEPS;
const POW2_OFFSET = 1100;
const ROUNDER = 6755399441055744;
const POW2 = Float64Array.from({ length: 2 * POW2_OFFSET + 1 }, (_, k) => dmath.pow(2, k - POW2_OFFSET));
const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => dmath.pow(2, j / STEPS));

/** e^x for |x| <= 700 (beyond, the argument is clamped: hazards never get near). Kept small so it inlines. */
export function fastExp(x: number): number {
  if (x > 700) x = 700;
  else if (x < -700) x = -700;
  // Nearest integer by adding and removing 1.5 * 2^52 (exact in IEEE doubles, and cheaper than Math.round).
  const kf = x * SCALE + ROUNDER - ROUNDER;
  const k = kf | 0;
  const r = x - kf * STEP;
  const r2 = r * r;
  return POW2[(k >> 8) + POW2_OFFSET] * FRACTION[k & 255] * (1 + r + r2 * (0.5 + r * (1 / 6)));
}

/** The chance an event with weekly hazard h happens within the week, 1 - e^-h. */
export function chanceOf(h: number): number {
  // Series to h^4 below 0.01 (error below h^5/120 < 1e-12 relative).
  return h < 0.01 ? h * (1 - h * (0.5 - h * (1 / 6 - h * (1 / 24)))) : 1 - fastExp(-h);
}

/*
 * ln x for the exponential clocks the kernel draws at every change of practice (a few million
 * a run at scale): the same table-driven way. x = 2^e * m with m in [1, 2) read from the bits of
 * the double; m = c_j (1 + r) with c_j = 1 + j/256 the nearest table point, |r| <= 1/512, so
 * ln x = e ln2 + ln c_j + ln(1 + r), the last from its series to r^5 (error below r^6/6 < 1e-17).
 * Integer and IEEE double arithmetic only, so identical in Node and browsers; the table is built
 * with the deterministic log.
 */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
/** Which 32-bit word of a double holds its sign and exponent: the second on a little-endian machine. */
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
const LOG_POINT = Float64Array.from({ length: STEPS + 1 }, (_, j) => 1 + j / STEPS);
const LOG_OF_POINT = Float64Array.from(LOG_POINT, (c) => dmath.log(c));
const INVERSE_POINT = Float64Array.from(LOG_POINT, (c) => 1 / c);

/** ln x for a positive, normal, finite x (the clocks' 1 - u is always one). */
export function fastLog(x: number): number {
  BITS[0] = x;
  const high = WORDS[HIGH];
  const e = (high >>> 20) - 1023;
  WORDS[HIGH] = (high & 0x000fffff) | 0x3ff00000;
  const m = BITS[0];
  const j = ((m - 1) * STEPS + 0.5) | 0;
  const r = (m - LOG_POINT[j]) * INVERSE_POINT[j];
  return e * Math.LN2 + LOG_OF_POINT[j] + r * (1 - r * (0.5 - r * (1 / 3 - r * (0.25 - r * 0.2))));
}

/** A fresh exponential clock, Exp(1), from a uniform draw on [0, 1). */
export function exponentialClock(rng: () => number): number {
  return -fastLog(1 - rng());
}
