/**
 * exp and 1 - e^-h for the practice kernel's inner loop. Math.exp is a call into the engine's C
 * library (about 10 ns here), and the kernel needs two or three per staff member per week, so
 * at a million staff it dominates the run time. No npm package offers an inlinable exp, so it is
 * written here, in the classic table-driven way: x = (256m + j) ln2/256 + r with |r| <= ln2/512,
 * so e^x = 2^m * 2^(j/256) * e^r, the first two from tables and e^r from a cubic (error below
 * r^4/24 < 2e-13). Relative error is below 1e-12
 * over |x| <= 700 (test/core/model/fast-math.test.ts), far below anything the model can mean.
 * The arithmetic is plain IEEE doubles and the tables are built with the deterministic pow (see
 * ../math/deterministic.ts), so results are identical in Node and in browsers.
 */
import * as dmath from '../math/deterministic.ts';

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
