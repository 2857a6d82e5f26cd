/**
 * The values a parameter's slider steps through, from the schema's metadata. A slider must land
 * exactly on the parameter's default and move through sensible values on each arrow key:
 * rates, hazards and multipliers (and any default the schema's step cannot reach, such as a
 * dropout hazard of 0.06 a year on a step of 1) get a ladder of round numbers evenly spaced on a
 * log scale, ten to a decade, with the default itself on it; a quantity whose default lies on
 * its step grid keeps an even ladder in that step. The number box beside the slider takes any
 * valid value; the slider then sits at the nearest rung.
 */

import * as dmath from '../../engine/core/math/deterministic.ts';

export interface SliderScale {
  /** The rungs, ascending; the slider's position i is values[i]. */
  values: number[];
  /** The rung nearest a value (for showing a typed value on the slider). */
  positionOf(value: number): number;
  /** Whether the ladder is logarithmic. */
  log: boolean;
}

export interface SliderSpec {
  minimum?: number;
  maximum?: number;
  step?: number;
  default?: unknown;
  unit?: string;
  integer: boolean;
}

/** Units of quantities that live on a log scale (rates, hazards, multipliers). */
const LOG_UNITS = new Set(['per year', 'multiplier']);
const MANTISSAS = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8];
/** Most rungs an even ladder may have before a log ladder serves better. */
const MAX_EVEN_RUNGS = 400;

export function sliderScale(spec: SliderSpec): SliderScale {
  const min = spec.minimum ?? 0;
  const step = spec.step ?? (spec.integer ? 1 : 0.01);
  const dflt = typeof spec.default === 'number' ? spec.default : min;
  // Unbounded above: the slider still needs an end (the box takes anything larger).
  const max = spec.maximum ?? Math.max(dflt * 10, min + 20 * step);
  const even = evenLadder(min, max, step, dflt);
  const onGrid = Math.abs((dflt - min) / step - Math.round((dflt - min) / step)) < 1e-9;
  const wantsLog = !spec.integer && (LOG_UNITS.has(spec.unit ?? '') || !onGrid || (dflt > min && dflt - min < 5 * step));
  const values = wantsLog || (!spec.integer && even.length > MAX_EVEN_RUNGS) ? logLadder(min, max, dflt) : even;
  return { values, log: values !== even, positionOf: (v) => nearest(values, v) };
}

/** Coarser whole steps for a long integer range (weeks of a run), so a slider has at most MAX_EVEN_RUNGS rungs. */
const WHOLE_STEPS = [1, 2, 4, 5, 10, 13, 20, 26, 50, 52, 100, 250, 500, 1000];

/**
 * min, min + step, ... up to four times the default (at least 20 steps; all of a 0-1 share); a
 * long whole-number range in a coarser step, with the default on it.
 */
function evenLadder(min: number, max: number, step: number, dflt: number): number[] {
  const top = Math.min(max, Math.max(dflt * 4, min + 20 * step, max <= 1 ? max : 0));
  if (Number.isInteger(step) && (top - min) / step > MAX_EVEN_RUNGS) {
    step = WHOLE_STEPS.find((k) => k % step === 0 && (top - min) / k <= MAX_EVEN_RUNGS) ?? Math.ceil((top - min) / MAX_EVEN_RUNGS);
  }
  const n = Math.floor((top - min) / step + 1e-9);
  // Rounded to the step's decimals, so that 0.1 * 3 reads 0.3.
  const decimals = Math.max(0, -Math.floor(log10(step)) + 1);
  const rungs = Array.from({ length: n + 1 }, (_, i) => Number((min + i * step).toFixed(decimals)));
  if (!rungs.includes(dflt) && dflt >= min && dflt <= top) {
    rungs.push(dflt);
    rungs.sort((a, b) => a - b);
  }
  return rungs;
}

/** Round numbers ten to a decade, from a hundredth of the default to ten times it, with the default and the bounds it reaches. */
function logLadder(min: number, max: number, dflt: number): number[] {
  const centre = dflt > 0 ? dflt : Math.max(min, 1);
  const low = Math.max(min > 0 ? min : 0, centre / 100);
  const high = Math.min(max, centre * 10);
  const rungs: number[] = [];
  if (min <= 0) rungs.push(0);
  if (min > 0) rungs.push(min);
  for (let e = Math.floor(log10(Math.max(low, Number.MIN_VALUE))); e <= Math.ceil(log10(high)); e++) {
    for (const m of MANTISSAS) {
      const v = Number((m * dmath.pow(10, e)).toPrecision(3));
      if (v >= low && v <= high && v >= min) rungs.push(v);
    }
  }
  if (high === max) rungs.push(max);
  rungs.push(dflt);
  rungs.sort((a, b) => a - b);
  return rungs.filter((v, i) => i === 0 || v - rungs[i - 1] > 1e-12 * Math.max(1, Math.abs(v)));
}

/** A value a control sets must be the same in every browser: the engine's deterministic log, not Math's. */
function log10(x: number): number {
  return dmath.log(x) / dmath.log(10);
}

function nearest(values: number[], v: number): number {
  if (!Number.isFinite(v)) return 0;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i] - v) < Math.abs(values[best] - v)) best = i;
  return best;
}
