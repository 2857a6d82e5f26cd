/**
 * One behavioural parameter set for every programme (issue #10). How people and sites respond
 * (hazards, effect sizes, learning rates, thresholds: the settings engine/core/scenario/roles.ts
 * gives the role "behaviour") is not something a published description of a programme can give,
 * so it is shared: scenarios/behaviour.json holds every behaviour value, and the scenario schema
 * takes its defaults for those settings from it. Every scenario therefore runs on that one set
 * (the baseline, every archetype, a lesson, a file a user writes with only a name) unless it
 * deliberately sets a behaviour value itself (a sensitivity run, an ablation in a lesson). The
 * archetypes never do: test/core/scenario/behaviour.test.ts fails if one does.
 *
 * A behaviour setting's declared default (in its mechanism's module) is its documented prior: the
 * value assumed before calibration. scenarios/behaviour.json may differ from it only for the
 * settings its calibration record lists as fitted; the schema's metadata keeps the prior beside
 * the fitted value, and the docs show both.
 */
import { z } from 'zod';
import behaviourFile from '../../../scenarios/behaviour.json' with { type: 'json' };
import { BEHAVIOUR_PATHS, roleOf } from './roles.ts';
import type { Json, JsonObject } from './resolve.ts';
import { describeValue, fromZodIssues, type ScenarioIssue } from './issues.ts';

export const BEHAVIOUR_FILE = 'scenarios/behaviour.json';

export interface FittedBehaviour {
  path: string;
  value: number;
  min: number;
  max: number;
  /** The declared default the fit started from. */
  prior: number;
}

/** What scenarios/behaviour.json holds (its calibration record is read by the validation docs). */
export interface BehaviourFile {
  description: string;
  values: JsonObject;
  calibration?: { fitted: FittedBehaviour[]; [key: string]: unknown };
}

export const BEHAVIOUR = behaviourFile as unknown as BehaviourFile;

/** The shared value of a behaviour setting, by its dotted path. */
export function behaviourValue(path: string): Json | undefined {
  return valueAtPath(BEHAVIOUR.values, path);
}

/** The value at a dotted path in nested behaviour values, or undefined. */
export function valueAtPath(values: Json, path: string): Json | undefined {
  let node: Json | undefined = values;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

/** Every path in a nested object of values, as dotted paths to its leaves. */
export function leafPaths(values: JsonObject, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? leafPaths(value, path) : [path];
  });
}

type Meta = Record<string, unknown>;

/**
 * The schema with the behaviour file's values as the defaults of the settings it holds. Sections
 * (objects, or objects that default to {}) are rebuilt with their strictness and metadata; a leaf
 * keeps its type, bounds and metadata and gains the shared value as its default (with the declared
 * default kept as `prior` where they differ).
 */
export function withBehaviourDefaults<T extends z.ZodType>(schema: T, values: JsonObject = BEHAVIOUR.values): T {
  return rebuild(schema, values) as T;
}

function rebuild(node: z.ZodType, values: Json): z.ZodType {
  const meta = z.globalRegistry.get(node) as Meta | undefined;
  const withMeta = <S extends z.ZodType>(next: S, extra: Meta = {}): S => (meta || Object.keys(extra).length ? (next.meta({ ...(meta ?? {}), ...extra }) as S) : next);
  if (node instanceof z.ZodPrefault) {
    return withMeta((rebuild(node.unwrap() as z.ZodType, values) as z.ZodType).prefault({} as never));
  }
  if (node instanceof z.ZodObject) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new Error(`${BEHAVIOUR_FILE}: expected an object of settings, found ${JSON.stringify(values)}`);
    const shape: Record<string, z.ZodType> = {};
    for (const [key, value] of Object.entries(values)) {
      const child = node.shape[key] as z.ZodType | undefined;
      if (!child) throw new Error(`${BEHAVIOUR_FILE}: ${key} is not a scenario setting`);
      shape[key] = rebuild(child, value);
    }
    return withMeta(node.extend(shape) as z.ZodType);
  }
  if (node instanceof z.ZodDefault) {
    const declared = (node as z.ZodDefault<z.ZodType>)._zod.def.defaultValue as unknown;
    const inner = node.unwrap() as z.ZodType;
    return withMeta(inner.default(values as never), declared !== values ? { prior: declared } : {});
  }
  throw new Error(`${BEHAVIOUR_FILE}: cannot set a shared default on a setting of this kind (${node.constructor.name})`);
}

/**
 * Every problem with a behaviour file (the shipped one, or a researcher's alternative set): its
 * shape, a value that is not a behaviour setting, one left out, or one outside its setting's range.
 */
export function behaviourIssues(data: unknown, file: string, schema: z.ZodType): ScenarioIssue[] {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !isPlain((data as { values?: unknown }).values)) {
    return [{ code: 'wrong-type', file, path: 'values', expected: 'an object of behaviour settings by section, as in scenarios/behaviour.json', found: describeValue((data as { values?: unknown } | null)?.values), fix: 'Start from a copy of scenarios/behaviour.json.' }];
  }
  const values = (data as BehaviourFile).values;
  const issues: ScenarioIssue[] = [];
  const given = leafPaths(values);
  for (const p of given) {
    const role = roleOf(p);
    if (role !== 'behaviour') issues.push({ code: 'unknown-key', file, path: `values.${p}`, expected: 'a behaviour setting', found: role ? `a ${role} setting` : 'no setting of that name', fix: role ? `A ${role} value belongs in a programme's scenario file.` : 'See docs/model.md for the settings and their roles.' });
  }
  for (const p of BEHAVIOUR_PATHS) if (!given.includes(p)) issues.push({ code: 'missing', file, path: `values.${p}`, expected: 'every behaviour setting, each with its one shared value', found: 'nothing', fix: `Add it (its prior is in docs/model.md).` });
  if (issues.length) return issues;
  const parsed = schema.safeParse({ name: 'behaviour', ...values });
  if (!parsed.success) issues.push(...fromZodIssues(parsed.error.issues, () => file).map((i) => ({ ...i, path: `values.${i.path}` })));
  return issues;
}

function isPlain(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Model uncertainty: behaviour sets that fit the published figures as well as the fitted one
 * does (each target the fit reproduces stays within its band), sampled around the fit by
 * `ccsim calibrate --joint --ensemble`. Running replicate r with member r (cycling) carries the
 * fit's parameter uncertainty into the intervals, beside replicate noise.
 */
export interface BehaviourEnsemble {
  /** How members were chosen, in words. */
  rule: string;
  /** Candidates drawn, and how many were kept. */
  candidates: number;
  paths: string[];
  members: number[][];
}

export function behaviourEnsemble(): BehaviourEnsemble | undefined {
  const e = (BEHAVIOUR.calibration as { ensemble?: BehaviourEnsemble } | undefined)?.ensemble;
  return e && e.members.length ? e : undefined;
}

/**
 * The scenario with the fitted behaviour of ensemble member (replicate - 1) mod size. A value the
 * scenario sets itself (one that differs from the shared set) is kept: an experiment's factor or a
 * sensitivity run means exactly that value.
 */
export function withEnsembleMember<S extends object>(scenario: S, replicate: number, ensemble = behaviourEnsemble()): S {
  if (!ensemble) return scenario;
  const member = ensemble.members[(((replicate - 1) % ensemble.members.length) + ensemble.members.length) % ensemble.members.length];
  const out = structuredClone(scenario) as Record<string, unknown>;
  ensemble.paths.forEach((path, i) => {
    const keys = path.split('.');
    let node = out;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (node[last] === behaviourValue(path)) node[last] = member[i];
  });
  return out as S;
}
