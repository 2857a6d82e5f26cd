/**
 * From a validated search file and its base scenario to what the search needs: the levers'
 * mapping from genes to values, the ensemble of contexts, and the objectives as numbers to
 * minimise. Every lever's and factor's extreme values are checked against the scenario schema,
 * and every metric named against the output catalogue, before anything runs.
 */
import { SUMMARY_METRICS } from '../metrics/summary.ts';
import * as dmath from '../math/deterministic.ts';
import { applyOverrides, checkPath, parsePath, SET_ORIGIN } from '../scenario/overrides.ts';
import { validateDocument, type ScenarioDocument } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/schema.ts';
import { closest, type ScenarioIssue } from '../scenario/issues.ts';
import { derivedSeed } from '../random/streams.ts';
import { behaviourEnsemble, behaviourValue, type BehaviourEnsemble } from '../scenario/behaviour.ts';
import { latinHypercube } from '../experiment/sampling/latin-hypercube.ts';
import { pointId } from '../experiment/design.ts';
import seedrandom from 'seedrandom';
import type { Search, SearchObjective, SearchSetting, SearchValue } from './schema.ts';
import type { Better } from './robustness.ts';

/** A context of the ensemble: its number (1-based) and the value of each factor. */
export interface Context {
  index: number;
  values: Record<string, SearchValue>;
  /** Its point in the unit cube, one coordinate per factor (what PRIM reads). */
  unit: number[];
}

/** A candidate design: the value of each lever, and an id from those values. */
export interface Candidate {
  id: string;
  values: Record<string, SearchValue>;
}

/** An objective resolved against the catalogue: what to read and which way is better. */
export interface ResolvedObjective {
  /** The label in tables: the metric and its statistic, or "satisficing". */
  name: string;
  metric: string | null;
  statistic: 'mean' | 'worst-decile' | 'satisficing';
  better: Better;
}

export interface PreparedSearch {
  search: Search;
  /**
   * The designer's own design (the scenario's values of the levers), evaluated first so that
   * every design can be compared with it; null when a lever's value lies outside its range.
   */
  own: { candidate: Candidate; genes: number[] } | null;
  /** Why there is no own design, when there is none. */
  ownNote: string | null;
  contexts: Context[];
  objectives: ResolvedObjective[];
  /** Every metric a run must keep: the objectives', thresholds' and budget's, and the costs and cases improved. */
  metrics: string[];
  /** The direction each kept metric is better in, for robustness tables (null: neither). */
  better: Record<string, Better | null>;
}

export type PreparedResult = { ok: true; value: PreparedSearch } | { ok: false; issues: ScenarioIssue[] };

/** Metrics every search keeps beside those it names: what a design costs and what it buys. */
const ALWAYS_KEPT = ['costFull', 'careImproved'];

export function prepareSearch(search: Search, base: ScenarioDocument, file = 'search'): PreparedResult {
  const issues: ScenarioIssue[] = [];
  search.levers.forEach((s, i) => issues.push(...settingIssues(s, `levers[${i}]`, base, file)));
  search.contexts.factors.forEach((s, i) => issues.push(...settingIssues(s, `contexts.factors[${i}]`, base, file)));
  const catalogue = new Map(SUMMARY_METRICS.map((m) => [m.name as string, m]));
  const known = [...catalogue.keys()];
  const metricIssue = (name: string, at: string): boolean => {
    if (catalogue.has(name)) return false;
    const guess = closest(name, known);
    issues.push({ code: 'not-an-option', file, path: at, expected: 'a summary metric (see docs/model.md#outputs)', found: JSON.stringify(name), fix: guess ? `Did you mean ${JSON.stringify(guess)}?` : `The summary metrics are ${known.join(', ')}.` });
    return true;
  };
  const objectives: ResolvedObjective[] = [];
  search.objectives.forEach((o: SearchObjective, i) => {
    if ('satisficing' in o) {
      objectives.push({ name: 'satisficing', metric: null, statistic: 'satisficing', better: 'higher' });
      return;
    }
    if (metricIssue(o.metric, `objectives[${i}].metric`)) return;
    const meta = catalogue.get(o.metric)!;
    const better: Better | null = o.goal ? (o.goal === 'max' ? 'higher' : 'lower') : meta.better;
    if (better === null) {
      issues.push({ code: 'invalid-value', file, path: `objectives[${i}].goal`, expected: `"max" or "min": ${o.metric} is neither better higher nor lower by itself`, found: 'no goal', fix: `Add "goal": "min" (or "max") to the objective on ${o.metric}.` });
      return;
    }
    objectives.push({ name: o.statistic === 'mean' ? o.metric : `${o.metric} (worst decile)`, metric: o.metric, statistic: o.statistic, better });
  });
  const names = new Set(objectives.map((o) => o.name));
  if (names.size < objectives.length) issues.push({ code: 'invalid-value', file, path: 'objectives', expected: 'objectives that differ', found: 'the same objective twice', fix: 'Remove the repeated objective.' });
  search.thresholds.forEach((t, i) => metricIssue(t.metric, `thresholds[${i}].metric`));
  if (search.budget) metricIssue(search.budget.metric, 'budget.metric');
  if (issues.length) return { ok: false, issues };

  const metrics = [...new Set([...objectives.flatMap((o) => (o.metric ? [o.metric] : [])), ...search.thresholds.map((t) => t.metric), ...(search.budget ? [search.budget.metric] : []), ...ALWAYS_KEPT])];
  const better = Object.fromEntries(metrics.map((m) => [m, objectives.find((o) => o.metric === m)?.better ?? catalogue.get(m)!.better]));
  const valid = validateDocument(base);
  if (!valid.ok) return valid;
  const own = ownDesign(search, valid.value);
  return { ok: true, value: { search, own: 'note' in own ? null : own, ownNote: 'note' in own ? own.note : null, contexts: contextEnsemble(search, valid.value), objectives, metrics, better } };
}

/** The levers' values in the scenario as written (defaults filled in), as a candidate and its genes. */
export function ownDesign(search: Search, scenario: Scenario): { candidate: Candidate; genes: number[] } | { note: string } {
  const genes: number[] = [];
  const values: Record<string, SearchValue> = {};
  for (const lever of search.levers) {
    const value = valueAt(scenario, parsePath(lever.path)!);
    const u = geneOf(lever, value);
    if (u === null) return { note: `the scenario's ${lever.path} (${JSON.stringify(value)}) lies outside the lever's ${lever.values ? 'choices' : 'range'}` };
    genes.push(u);
    values[lever.path] = value as SearchValue;
  }
  // Its exact values (not rounded as searched designs are): it is the design as written.
  return { candidate: { id: pointId(values), values }, genes };
}

/** The gene in [0, 1) that stands for a setting's value (the middle of its share), or null if it cannot take it. */
export function geneOf(s: SearchSetting, value: unknown): number | null {
  if (s.values) {
    const i = s.values.findIndex((v) => v === value);
    return i < 0 ? null : (i + 0.5) / s.values.length;
  }
  if (typeof value !== 'number' || value < s.min! || value > s.max!) return null;
  const min = s.min!;
  const max = s.max!;
  if (s.integer) return Number.isInteger(value) ? (value - min + 0.5) / (max - min + 1) : null;
  const u = s.scale === 'log' ? (dmath.log(value) - dmath.log(min)) / (dmath.log(max) - dmath.log(min)) : (value - min) / (max - min);
  return Math.min(u, 1 - 1e-12);
}

function valueAt(data: unknown, path: Array<string | number>): unknown {
  let node = data;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  return node;
}

/**
 * The ensemble: a Latin hypercube of `samples` contexts over the factors, drawn from the search's
 * seed on a stream of its own (so it never depends on the levers or the search's choices). With
 * model uncertainty, context k also takes behaviour set (k - 1) mod K of the fit's ensemble, at
 * the paths the scenario leaves to the shared behaviour and no lever or factor sets (`ensemble`:
 * the fit's, by default; null for none).
 */
export function contextEnsemble(search: Search, scenario: Scenario, ensemble: BehaviourEnsemble | null | undefined = behaviourEnsemble()): Context[] {
  const factors = search.contexts.factors;
  const fitted = search.contexts.modelUncertainty && ensemble ? ensemble : null;
  const samples = factors.length > 0 || fitted ? search.contexts.samples : 1;
  const rng = seedrandom.alea(String(derivedSeed(search.seed, 'contexts')));
  const points = factors.length > 0 ? latinHypercube(samples, factors.length, rng).map((p) => p.unit) : Array.from({ length: samples }, (): number[] => []);
  const setHere = new Set([...search.levers, ...factors].map((s) => s.path));
  const behaviourPaths = fitted ? fitted.paths.map((path, i) => ({ path, i })).filter(({ path }) => !setHere.has(path) && valueAt(scenario, path.split('.')) === behaviourValue(path)) : [];
  return points.map((unit, k) => {
    const values: Record<string, SearchValue> = Object.fromEntries(factors.map((f, i) => [f.path, settingValue(f, unit[i], false)]));
    if (fitted) {
      const member = fitted.members[k % fitted.members.length];
      for (const { path, i } of behaviourPaths) values[path] = member[i];
    }
    return { index: k + 1, values, unit };
  });
}

/** The lever values genes in [0, 1] stand for. */
export function candidateOf(search: Search, genes: readonly number[]): Candidate {
  const values = Object.fromEntries(search.levers.map((l, i) => [l.path, settingValue(l, genes[i], true)]));
  return { id: pointId(values), values };
}

/**
 * A setting's value at u in [0, 1): a choice (each equally wide), a whole number (each equally
 * wide), or a point of the range, linear or logarithmic. Lever values are rounded to three
 * significant figures: designs are then legible ("a budget of 1.23 million") and two genes that
 * differ in the seventh digit are one design, evaluated once.
 */
export function settingValue(s: SearchSetting, u: number, round: boolean): SearchValue {
  if (s.values) return s.values[Math.min(s.values.length - 1, Math.floor(u * s.values.length))];
  const min = s.min!;
  const max = s.max!;
  if (s.integer) return Math.min(max, min + Math.floor(u * (max - min + 1)));
  const v = s.scale === 'log' ? dmath.exp(dmath.log(min) + u * (dmath.log(max) - dmath.log(min))) : min + u * (max - min);
  return round ? Math.min(max, Math.max(min, Number(v.toPrecision(3)))) : v;
}

/** Every setting's extreme values (or every choice) must make a valid scenario on their own. */
function settingIssues(s: SearchSetting, at: string, base: ScenarioDocument, file: string): ScenarioIssue[] {
  const path = parsePath(s.path);
  const problem = path ? checkPath(path) : { expected: 'a scenario path such as coreTeam.hoursPerWeek or community.groups[1].share', found: JSON.stringify(s.path), fix: 'Write keys separated by dots, with [i] for list items.' };
  if (problem) return [{ code: 'invalid-value', file, path: `${at}.path`, expected: problem.expected, found: problem.found, fix: problem.fix }];
  const tried = s.values ?? [s.min!, s.max!];
  for (const v of tried) {
    const doc = applyOverrides(base, [`${s.path}=${JSON.stringify(v)}`]);
    const valid = doc.ok ? validateDocument(doc.value) : doc;
    if (!valid.ok) {
      const first = valid.issues[0];
      if (first.file !== SET_ORIGIN) return [{ ...first, found: `${first.found} (with ${s.path} = ${JSON.stringify(v)})` }];
      return [{ ...first, file, path: s.values ? `${at}.values` : `${at}.${v === s.min ? 'min' : 'max'}`, expected: `values of ${s.path} that are ${first.expected}`, found: JSON.stringify(v) }];
    }
  }
  return [];
}
