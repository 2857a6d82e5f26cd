/**
 * The small arithmetic of the hazard model, named so that the mechanisms read like their
 * equations in docs/model.md.
 */
import { chanceOf, fastExp, fastLog } from '../math/fast.ts';

export const WEEKS_PER_YEAR = 52;

/** A rate per year as a weekly hazard. */
export function weekly(ratePerYear: number): number {
  return ratePerYear / WEEKS_PER_YEAR;
}

/** The probability that an event with this hazard happens within one step: 1 - e^-h. */
export function probability(hazard: number): number {
  return hazard > 0 ? chanceOf(hazard) : 0;
}

/** A covariate centred on its neutral midpoint, so that a coefficient times it is 0 at 0.5. */
export function centred(x: number): number {
  return x - 0.5;
}

export function logistic(x: number): number {
  return 1 / (1 + fastExp(-x));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return fastLog(q / (1 - q));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Move a stock a fraction of the way toward its target (first-order relaxation). */
export function relax(current: number, target: number, rate: number): number {
  return current + (target - current) * rate;
}

/** Saturating response 1 - e^(-x / half * ln 2): half the maximum at x = half. */
export function saturating(x: number, half: number): number {
  if (x <= 0) return 0;
  if (half <= 0) return 1;
  return chanceOf((x / half) * Math.LN2);
}
