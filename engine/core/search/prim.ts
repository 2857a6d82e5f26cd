/**
 * Scenario discovery by the Patient Rule Induction Method (Friedman and Fisher 1999), as robust
 * decision making uses it (Bryant and Lempert 2010; Kwakkel's EMA Workbench): given contexts
 * (points in the space of uncertain factors) and which of them a design fails in, find boxes of
 * contexts where failures concentrate, stated as limits on a few factors.
 *
 * A box starts as the whole ensemble and is peeled: at each step, the peel (a share `alpha` of
 * the box's points off the low or the high end of one factor) that leaves the highest share of
 * failures is taken, until the box would hold less than `minMass` of all points. Along that
 * trajectory, the box chosen best balances coverage and density (their harmonic mean, as an
 * F-score does) among those whose density (failures in the box over points in it) reaches
 * `threshold`, or among all if none does: EMA Workbench leaves that choice to its user, and a
 * report needs a rule. Then limits are dropped whose removal does not lower that balance or
 * whose quasi-p-value (the chance of as many failures in a box that size without the limit) is
 * above 0.05 over the number of factors (Bonferroni's correction: peeling tries every factor), so that a box names only factors that matter, even from fifty contexts. Further boxes are found the same way among the failures not yet covered (covering), as
 * long as a box is denser than the failures left outside boxes. Pasting (growing a box back) is
 * left out: with ensembles of tens to hundreds of contexts it rarely changes a box by more than
 * one point.
 *
 * Coverage is the share of all failures inside the box; density the share of the box's points
 * that fail; mass the share of all points inside it.
 */
import * as dmath from '../math/deterministic.ts';

export interface PrimOptions {
  /** Share of a box's points each peel removes (default 0.05; at least one point). */
  alpha?: number;
  /** Smallest share of all points a box may hold (default 0.05). */
  minMass?: number;
  /** Density a box should reach (default 0.8). */
  threshold?: number;
  /** Boxes to find at most (default 3). */
  maxBoxes?: number;
}

/** A factor's limits in a box: points lie strictly above `lower` and below `upper` (null: unrestricted). */
export interface PrimLimit {
  factor: number;
  lower: number | null;
  upper: number | null;
}

export interface PrimBox {
  /** Only the restricted factors. */
  limits: PrimLimit[];
  coverage: number;
  density: number;
  mass: number;
  /** Points in the box, and failures among them. */
  points: number;
  failures: number;
  /** Whether the box reached the density threshold. */
  dense: boolean;
}

/** Boxes of `x` (points by factor) where `failed` concentrates, densest first. */
export function prim(x: readonly number[][], failed: readonly boolean[], options: PrimOptions = {}): PrimBox[] {
  const alpha = options.alpha ?? 0.05;
  const minMass = options.minMass ?? 0.05;
  const threshold = options.threshold ?? 0.8;
  const maxBoxes = options.maxBoxes ?? 3;
  const n = x.length;
  const totalFailures = failed.filter(Boolean).length;
  if (n === 0 || totalFailures === 0) return [];
  const factors = x[0].length;
  const minPoints = Math.max(1, Math.ceil(minMass * n));
  const boxes: PrimBox[] = [];
  // Points not yet inside an earlier box.
  let remaining = Array.from({ length: n }, (_, i) => i);
  while (boxes.length < maxBoxes) {
    const failuresLeft = remaining.filter((i) => failed[i]).length;
    if (failuresLeft === 0 || remaining.length < minPoints) break;
    const trajectory = peel(x, failed, remaining, factors, alpha, minPoints);
    const score = (inside: number[]) => balance(inside, failed, failuresLeft);
    const dense = trajectory.filter((b) => density(b.inside, failed) >= threshold);
    const pick = (dense.length ? dense : trajectory).reduce((best, b) => (score(b.inside) > score(best.inside) ? b : best));
    const simplified = dropIdleLimits(x, failed, remaining, pick.limits, score);
    const inside = remaining.filter((i) => within(x[i], simplified));
    const d = density(inside, failed);
    // A box no denser than the failures left outside boxes says nothing new.
    if (boxes.length > 0 && d <= failuresLeft / remaining.length) break;
    const f = failuresIn(inside, failed);
    boxes.push({
      limits: [...simplified.values()].sort((a, b) => a.factor - b.factor),
      coverage: f / totalFailures,
      density: d,
      mass: inside.length / n,
      points: inside.length,
      failures: f,
      dense: d >= threshold,
    });
    if (simplified.size === 0) break;
    const covered = new Set(inside);
    remaining = remaining.filter((i) => !covered.has(i));
  }
  return boxes;
}

interface Step {
  limits: Map<number, PrimLimit>;
  inside: number[];
}

function peel(x: readonly number[][], failed: readonly boolean[], start: number[], factors: number, alpha: number, minPoints: number): Step[] {
  let current: Step = { limits: new Map(), inside: start };
  const trajectory = [current];
  for (;;) {
    let best: Step | null = null;
    let bestDensity = -1;
    let bestFactor = -1;
    for (let d = 0; d < factors; d++) {
      const values = current.inside.map((i) => x[i][d]).sort((a, b) => a - b);
      const k = Math.max(1, Math.floor(alpha * values.length));
      for (const side of ['lower', 'upper'] as const) {
        // Cut between distinct values only, so a box is always an interval of the data.
        const cutAt = side === 'lower' ? values[k - 1] : values[values.length - k];
        const kept = current.inside.filter((i) => (side === 'lower' ? x[i][d] > cutAt : x[i][d] < cutAt));
        if (kept.length < minPoints || kept.length === current.inside.length) continue;
        const neighbour = side === 'lower' ? Math.min(...kept.map((i) => x[i][d])) : Math.max(...kept.map((i) => x[i][d]));
        const limit = { ...(current.limits.get(d) ?? { factor: d, lower: null, upper: null }) };
        limit[side] = (cutAt + neighbour) / 2;
        const dens = density(kept, failed);
        // The densest peel wins; between equals, the one that removes fewer points, then one on a
        // factor already limited (the data cannot tell them apart, and fewer factors say more).
        const tied = best !== null && Math.abs(dens - bestDensity) <= 1e-12;
        const better =
          dens > bestDensity + 1e-12 ||
          (tied && kept.length > best!.inside.length) ||
          (tied && kept.length === best!.inside.length && current.limits.has(d) && !current.limits.has(bestFactor));
        if (better) {
          bestDensity = dens;
          bestFactor = d;
          best = { limits: new Map(current.limits).set(d, limit), inside: kept };
        }
      }
    }
    if (!best) return trajectory;
    current = best;
    trajectory.push(current);
  }
}

/**
 * Drops limits that do not earn their place, one at a time (the least significant first): a limit
 * whose removal does not lower the box's score, or whose quasi-p-value is above 0.05 divided by
 * the number of factors.
 */
function dropIdleLimits(x: readonly number[][], failed: readonly boolean[], points: number[], limits: Map<number, PrimLimit>, score: (inside: number[]) => number): Map<number, PrimLimit> {
  let kept = new Map(limits);
  // Bonferroni's correction for the factors a box could have limited: peeling tries them all.
  const significance = SIGNIFICANCE / Math.max(1, x[0].length);
  for (;;) {
    const inside = points.filter((i) => within(x[i], kept));
    const base = score(inside);
    let drop: { limits: Map<number, PrimLimit>; p: number } | null = null;
    for (const [factor, limit] of kept) {
      for (const side of ['lower', 'upper'] as const) {
        if (limit[side] === null) continue;
        const relaxed = { ...limit, [side]: null };
        const trial = new Map(kept);
        if (relaxed.lower === null && relaxed.upper === null) trial.delete(factor);
        else trial.set(factor, relaxed);
        const wider = points.filter((i) => within(x[i], trial));
        const p = quasiPValue(inside, wider, failed);
        if ((score(wider) >= base || p > significance) && (drop === null || p > drop.p)) drop = { limits: trial, p };
      }
    }
    if (!drop) return kept;
    kept = drop.limits;
  }
}

/** Limits kept only if chance alone would give their box's failures less often than this. */
const SIGNIFICANCE = 0.05;

/**
 * The quasi-p-value of a limit (as EMA Workbench reports it): the chance that a box of this many
 * points drawn at random from the box without the limit holds at least as many failures
 * (hypergeometric upper tail).
 */
export function quasiPValue(inside: number[], wider: number[], failed: readonly boolean[]): number {
  return hypergeometricUpperTail(failuresIn(inside, failed), wider.length, failuresIn(wider, failed), inside.length);
}

/** P(X >= k) for X the failures among n drawn without replacement from N holding K. */
export function hypergeometricUpperTail(k: number, N: number, K: number, n: number): number {
  const logFactorial = (m: number) => {
    let s = 0;
    for (let i = 2; i <= m; i++) s += dmath.log(i);
    return s;
  };
  const logChoose = (a: number, b: number) => logFactorial(a) - logFactorial(b) - logFactorial(a - b);
  const denominator = logChoose(N, n);
  let p = 0;
  for (let j = Math.max(k, 0); j <= Math.min(n, K); j++) {
    if (n - j > N - K) continue;
    p += dmath.exp(logChoose(K, j) + logChoose(N - K, n - j) - denominator);
  }
  return Math.min(1, p);
}

function within(point: readonly number[], limits: Map<number, PrimLimit>): boolean {
  for (const l of limits.values()) {
    const v = point[l.factor];
    if ((l.lower !== null && !(v > l.lower)) || (l.upper !== null && !(v < l.upper))) return false;
  }
  return true;
}

function failuresIn(points: number[], failed: readonly boolean[]): number {
  let f = 0;
  for (const i of points) if (failed[i]) f++;
  return f;
}

/**
 * The harmonic mean of a box's coverage (of the failures still to explain) and its density: the
 * box on the peeling trajectory that best trades one for the other, as an F-score does.
 */
function balance(points: number[], failed: readonly boolean[], failuresLeft: number): number {
  const f = failuresIn(points, failed);
  if (f === 0) return 0;
  const coverage = f / failuresLeft;
  const dens = f / points.length;
  return (2 * coverage * dens) / (coverage + dens);
}

function density(points: number[], failed: readonly boolean[]): number {
  return points.length ? failuresIn(points, failed) / points.length : 0;
}

/**
 * A box in words, its limits joined by "and" ("turnover is above 0.18 and hours is below 58"):
 * `phrase` words one factor's limits (unitPhrase words them on the points' own scale).
 */
export function describeBox(box: PrimBox, phrase: (limit: PrimLimit) => string): string {
  if (box.limits.length === 0) return 'in every context';
  return box.limits.map(phrase).join(' and ');
}

/** Words for a limit on the points' own scale, given the factors' names. */
export function unitPhrase(names: readonly string[], format: (value: number) => string = (v) => String(Number(v.toPrecision(3)))): (limit: PrimLimit) => string {
  return (l) => {
    const name = names[l.factor];
    if (l.lower !== null && l.upper !== null) return `${name} is from ${format(l.lower)} to ${format(l.upper)}`;
    return l.lower !== null ? `${name} is above ${format(l.lower)}` : `${name} is below ${format(l.upper!)}`;
  };
}
