/**
 * Parameter declarations. Every scenario parameter is declared once, here-style, with the
 * metadata a programme designer needs (title, one-line description, unit, bounds, step, the lesson
 * it belongs to) and, for parameters that modify the adoption hazard, the value at which they are
 * neutral. The JSON Schema, the web controls, the CLI's --set paths and the docs' parameter table
 * all read this metadata; nothing restates a default or a bound elsewhere.
 */
import { z } from 'zod';
import { LESSONS, type Lesson } from './lessons.ts';

export { LESSONS, type Lesson };

/** Parts of the model that serve every lesson. */
export const TOPICS = {
  time: 'Time and phases',
  community: 'Sites, staff and networks',
  practice: 'Adoption and sustainment of the practice',
  outputs: 'How results are classified',
} as const;
export type Topic = keyof typeof TOPICS;

export type ParamMeta = {
  title: string;
  description: string;
  unit?: string;
  step?: number;
  lesson?: Lesson;
  topic?: Topic;
  /** The value at which this parameter leaves the adoption hazard unchanged (the Bass limit). */
  neutral?: number | string | boolean;
  /** A model constant for researchers and calibration rather than a design choice. */
  advanced?: boolean;
  /** A choice's options as a reader sees them (a control shows "Small world", the file holds smallWorld). */
  optionTitles?: Record<string, string>;
};

type Placement = { lesson: Lesson; topic?: undefined } | { topic: Topic; lesson?: undefined };

interface QuantitySpec {
  title: string;
  description: string;
  unit: string;
  min: number;
  max: number;
  default: number;
  step?: number;
  integer?: boolean;
  neutral?: number;
  advanced?: boolean;
}

interface ChoiceSpec<T extends string> {
  title: string;
  description: string;
  options: readonly [T, ...T[]];
  default: T;
  neutral?: T;
  advanced?: boolean;
  /** How an option reads where its code alone would not (by default the code in words: smallWorld reads "Small world"). */
  optionTitles?: Partial<Record<T, string>>;
}

interface FlagSpec {
  title: string;
  description: string;
  default: boolean;
  neutral?: boolean;
  advanced?: boolean;
}

/** Parameter factories bound to the lesson or topic of the section that declares them. */
export function paramsFor(placement: Placement) {
  const where = placement.lesson !== undefined ? { lesson: placement.lesson } : { topic: placement.topic };

  function quantity(spec: QuantitySpec) {
    const base = spec.integer ? z.int() : z.number();
    return base
      .min(spec.min)
      .max(spec.max)
      .default(spec.default)
      .meta(meta(spec, { unit: spec.unit, step: spec.step ?? defaultStep(spec) }));
  }

  /** A number from 0 to 1. */
  function share(spec: Omit<QuantitySpec, 'unit' | 'min' | 'max'> & { unit?: string }) {
    return quantity({ ...spec, unit: spec.unit ?? 'share', min: 0, max: 1, step: spec.step ?? 0.01 });
  }

  /** A hazard-model coefficient (log hazard ratio per unit of its covariate); 0 switches it off. */
  function effect(spec: { title: string; description: string; default: number; max?: number }) {
    return quantity({
      ...spec,
      unit: 'log hazard ratio',
      min: 0,
      max: spec.max ?? 10,
      step: 0.05,
      neutral: 0,
      advanced: true,
    });
  }

  function choice<T extends string>(spec: ChoiceSpec<T>) {
    const titles = Object.fromEntries(spec.options.map((o) => [o, spec.optionTitles?.[o] ?? inWords(o)]));
    return z.enum(spec.options).default(spec.default as never).meta({ ...meta(spec, {}), optionTitles: titles });
  }

  function flag(spec: FlagSpec) {
    return z.boolean().default(spec.default).meta(meta(spec, {}));
  }

  /** A group of parameters; unknown keys are errors and every key has a default. */
  function section<S extends z.ZodRawShape>(title: string, description: string, shape: S) {
    // prefault: a missing section is parsed as {}, so every key inside it takes its default.
    return z
      .strictObject(shape)
      .prefault({} as never)
      .meta({ title, description, ...where });
  }

  function meta(
    spec: { title: string; description: string; neutral?: unknown; advanced?: boolean },
    extra: { unit?: string; step?: number },
  ): ParamMeta {
    const out: ParamMeta = { title: spec.title, description: spec.description, ...where, ...extra };
    if (spec.neutral !== undefined) out.neutral = spec.neutral as ParamMeta['neutral'];
    if (spec.advanced) out.advanced = true;
    return out;
  }

  return { quantity, share, effect, choice, flag, section };
}

/** A code in words: smallWorld reads "Small world". */
export function inWords(code: string): string {
  const words = code.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function defaultStep(spec: QuantitySpec): number {
  if (spec.integer) return 1;
  const span = spec.max - spec.min;
  return span <= 1 ? 0.01 : span <= 10 ? 0.1 : 1;
}
