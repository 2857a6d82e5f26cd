/**
 * The "Find a design" view's model, with no DOM: which settings can be searched (a design lever)
 * or sampled (a context factor), read from the scenario schema and the settings' roles; the
 * ranges offered around the design on screen; and the search file the form makes (exactly what
 * `ccsim design` reads, so a search found in the browser can be rerun at scale from the command
 * line).
 */
import { scenarioJsonSchema, type JsonObject, type JsonSchemaNode, type Scenario } from '../../engine/core/index.ts';
import { roleOf } from '../../engine/core/scenario/roles.ts';
import type { SearchInput } from '../../engine/core/search/schema.ts';
import { valueAt } from './scenario-state.ts';

export interface Setting {
  path: string;
  title: string;
  unit: string | null;
  kind: 'number' | 'integer' | 'choice';
  minimum: number | null;
  maximum: number | null;
  choices: Array<string | number | boolean> | null;
}

/** A chosen setting and its range (min and max) or its choices. */
export interface Chosen {
  path: string;
  min?: number;
  max?: number;
  values?: Array<string | number | boolean>;
  integer?: boolean;
}

/** Every setting of a role the finder can vary: numbers and choices, not list items. */
export function searchableSettings(role: 'design' | 'context'): Setting[] {
  const out: Setting[] = [];
  const walk = (node: JsonSchemaNode, path: string) => {
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, path ? `${path}.${key}` : key);
      return;
    }
    if (!path || roleOf(path) !== role || String(node.title ?? '').includes('model constant')) return;
    if (Array.isArray(node.enum) && node.enum.length > 1) {
      out.push({ path, title: String(node.title ?? path), unit: null, kind: 'choice', minimum: null, maximum: null, choices: node.enum as Array<string | number | boolean> });
    } else if (node.type === 'number' || node.type === 'integer') {
      out.push({ path, title: String(node.title ?? path), unit: node.unit ?? null, kind: node.type === 'integer' ? 'integer' : 'number', minimum: node.minimum ?? null, maximum: node.maximum ?? null, choices: null });
    }
  };
  walk(scenarioJsonSchema(), '');
  return out;
}

/** The levers and factors ticked when the view opens: the choices the lessons turn on, and the contexts that most change outcomes. */
export const SUGGESTED_LEVERS = ['resources.budget', 'coreTeam.hoursPerWeek', 'tactics.hardness', 'conflict.management'];
export const SUGGESTED_FACTORS = ['resources.staffTurnoverPerYear', 'context.sites.punitiveHistory', 'context.sites.readiness', 'context.secularTrendPerYear'];

/**
 * The range offered for a setting around its value in the design on screen: every choice; a
 * number from half to twice its value (from 0 to 1, or to the schema's maximum if lower, when the
 * value is 0), within the schema's bounds; whole numbers rounded inward.
 */
export function suggestedRange(setting: Setting, scenario: Scenario): Chosen {
  if (setting.kind === 'choice') return { path: setting.path, values: [...setting.choices!] };
  const value = Number(valueAt(scenario, setting.path.split('.')));
  const lo = setting.minimum ?? -Infinity;
  const hi = setting.maximum ?? Infinity;
  let min = value === 0 ? 0 : Math.max(lo, value / 2);
  let max = value === 0 ? Math.min(1, hi) : Math.min(hi, value * 2);
  if (setting.kind === 'integer') {
    min = Math.ceil(min);
    max = Math.max(min + 1, Math.floor(max));
  } else {
    min = Number(min.toPrecision(3));
    max = Number(max.toPrecision(3));
  }
  return { path: setting.path, min, max, ...(setting.kind === 'integer' ? { integer: true } : {}) };
}

export const OBJECTIVES = [
  { key: 'programmeEffectOneYearAfter', label: 'Gap closed by the programme, a year after funding (more)', objective: { metric: 'programmeEffectOneYearAfter' } },
  { key: 'costFull', label: 'Whole bill of the funded period (less)', objective: { metric: 'costFull', goal: 'min' as const } },
  { key: 'giniAcrossSites', label: 'Inequality across sites (less)', objective: { metric: 'giniAcrossSites', goal: 'min' as const } },
  { key: 'dropoutShare', label: 'Sites dropping out (less)', objective: { metric: 'dropoutShare' } },
  { key: 'satisficing', label: 'Share of contexts meeting the thresholds (more)', objective: { satisficing: true as const } },
] as const;

export type ObjectiveKey = (typeof OBJECTIVES)[number]['key'];

export interface FinderForm {
  levers: Chosen[];
  factors: Chosen[];
  objectives: ObjectiveKey[];
  /** Thresholds: the programme's share of the gap a year after funding, and dropout. */
  effectAtLeast: number | null;
  dropoutAtMost: number | null;
  /** The most the whole bill may cost on average (null: no budget). */
  budget: number | null;
  contexts: number;
  /** Each context also on one of the fit's behaviour sets (the fit's uncertainty). */
  modelUncertainty: boolean;
  replicates: number;
  population: number;
  generations: number;
  seed: number;
}

/** The search file the form describes, with the design on screen as its scenario. */
export function searchFile(form: FinderForm, name: string, scenario: JsonObject): SearchInput {
  const thresholds = [
    ...(form.effectAtLeast !== null ? [{ metric: 'programmeEffectOneYearAfter', atLeast: form.effectAtLeast }] : []),
    ...(form.dropoutAtMost !== null ? [{ metric: 'dropoutShare', atMost: form.dropoutAtMost }] : []),
  ];
  return {
    name: `Find a design: ${name}`.slice(0, 120),
    scenario,
    seed: form.seed,
    replicates: form.replicates,
    levers: form.levers,
    contexts: { samples: form.factors.length || form.modelUncertainty ? form.contexts : 1, factors: form.factors, modelUncertainty: form.modelUncertainty },
    objectives: OBJECTIVES.filter((o) => form.objectives.includes(o.key)).map((o) => ({ ...o.objective })),
    thresholds,
    ...(form.budget !== null ? { budget: { metric: 'costFull', max: form.budget } } : {}),
    search: { population: form.population, generations: form.generations },
  };
}

/** The most runs the search can make (designs a later generation proposes again are not rerun). */
export function maxRuns(form: FinderForm): number {
  return form.population * (form.generations + 1) * (form.factors.length || form.modelUncertainty ? form.contexts : 1) * form.replicates;
}
