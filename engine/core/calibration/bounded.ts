/**
 * Nelder-Mead within bounds: parameters are searched on a logistic scale between their bounds, so
 * every trial value is inside them, from a simplex of `initialStep` of each range around the
 * start, restarted at the best point while that improves the fit. Shared by the fit of one
 * scenario and the joint fit of the behaviour set to several programmes.
 */
import * as dmath from '../math/deterministic.ts';
import { nelderMeadRestarted, type RestartedMinimum } from './nelder-mead.ts';

export interface Bound {
  min: number;
  max: number;
}

export interface BoundedSearch {
  maxEvaluations: number;
  initialStep: number;
  restarts: number;
  onEvaluation?: (evaluations: number, best: number) => void;
}

export interface BoundedMinimum extends Omit<RestartedMinimum, 'point'> {
  /** The best point, on the parameters' own scale. */
  point: number[];
}

/** Minimise f (on the parameters' own scale) from `start`, every trial inside `bounds`. */
export async function minimiseWithinBounds(f: (x: number[]) => Promise<number>, start: number[], bounds: Bound[], search: BoundedSearch): Promise<BoundedMinimum> {
  const toUnit = (x: number, i: number) => (x - bounds[i].min) / (bounds[i].max - bounds[i].min);
  const fromU = (u: number[]) => u.map((ui, i) => bounds[i].min + (bounds[i].max - bounds[i].min) / (1 + dmath.exp(-ui)));
  const clampUnit = searchScale(bounds).to;
  // A simplex around a point: the point, and a step of initialStep of each range along each axis
  // (towards the middle, so the step stays inside the bounds).
  const simplexAround = (at: number[]) => [
    at.map(clampUnit),
    ...at.map((_, i) => {
      const v = [...at];
      const unit = toUnit(v[i], i);
      const moved = unit > 0.5 ? unit - search.initialStep : unit + search.initialStep;
      v[i] = bounds[i].min + (bounds[i].max - bounds[i].min) * Math.min(0.999, Math.max(0.001, moved));
      return v.map(clampUnit);
    }),
  ];
  const minimum = await nelderMeadRestarted((u) => f(fromU(u)), (u) => simplexAround(fromU(u)), start.map(clampUnit), {
    maxEvaluations: search.maxEvaluations,
    restarts: search.restarts,
    valueTolerance: 1e-6,
    pointTolerance: 1e-4,
    onEvaluation: search.onEvaluation,
  });
  return { ...minimum, point: fromU(minimum.point) };
}

/**
 * The search scale: each value's position between its bounds on a logistic scale (kept a hair
 * inside them), and back, rounded to the 4 significant digits a fitted file keeps. Sampling and
 * interpolating on this scale, as the fit searches, keeps every value inside its bounds.
 */
export function searchScale(bounds: Bound[]) {
  return {
    to: (x: number, i: number) => {
      const u = Math.min(0.999, Math.max(0.001, (x - bounds[i].min) / (bounds[i].max - bounds[i].min)));
      return dmath.log(u / (1 - u));
    },
    from: (z: number, i: number) => Number((bounds[i].min + (bounds[i].max - bounds[i].min) / (1 + dmath.exp(-z))).toPrecision(4)),
  };
}

/** Where a search starts: each value moved just inside its bounds. */
export function startInside(current: number[], bounds: Bound[]): number[] {
  return current.map((x, i) => {
    const margin = (bounds[i].max - bounds[i].min) * 1e-3;
    return Math.min(bounds[i].max - margin, Math.max(bounds[i].min + margin, x));
  });
}

/**
 * Whether a fitted value lies within `share` (2% by default) of the range from a bound: where the
 * logistic transform saturates, so the bound, not the data, is holding it.
 */
export function nearBound(value: number, bound: Bound, share = 0.02): 'min' | 'max' | null {
  const span = bound.max - bound.min;
  if (value - bound.min <= share * span) return 'min';
  if (bound.max - value <= share * span) return 'max';
  return null;
}
