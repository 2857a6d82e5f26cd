/**
 * ccsim calibrate: fit chosen scenario parameters, within bounds, to published figures.
 *
 * Method: Nelder-Mead on common random numbers. Every evaluation runs the same replicates (the
 * same seeds), so the objective (the weighted sum of squared distances of each target's
 * simulated mean from the published figure, in half-widths of the band that counts as
 * reproducing it) is a deterministic function of the parameters, which a simplex method can
 * follow. Parameters are searched on a logistic scale between their bounds, so every trial value
 * is inside them. The result is the fitted scenario file (the original, with the fitted values
 * and a calibration record of every target: published value, band, simulated mean and 95%
 * interval) and a plain-text fit report.
 */
import { dirname, relative } from 'node:path';
import {
  applyOverrides,
  loadDocument,
  parseJson,
  replicateSeed,
  validateDocument,
  type JsonObject,
  type Result,
  type Scenario,
  type ScenarioDocument,
  type ScenarioIssue,
} from '../../core/index.ts';
import { assign, parsePath } from '../../core/scenario/overrides.ts';
import { isObject } from '../../core/scenario/resolve.ts';
import { fromZodIssues } from '../../core/scenario/issues.ts';
import { z } from 'zod';
import { minimiseWithinBounds, startInside } from '../../core/calibration/bounded.ts';
import { csvHeader, csvRows, type Cell } from '../output/table.ts';
import { TargetsSchema, type Targets } from '../../core/calibration/schema.ts';
import { assessTargets, objective, parameterIssues, targetIssues, type TargetResult } from '../../core/calibration/targets.ts';
import type { JsonSchemaNode } from '../../core/scenario/json-schema.ts';
import { createRunPool, resolveWorkerFile } from '../pool/pool.ts';
import { fileReader } from '../scenario-files.ts';
import { CCSIM_VERSION } from '../version.ts';

export const METHOD = 'Nelder-Mead on common random numbers (the same replicate seeds at every evaluation), parameters on a logistic scale between their bounds, restarted at the best point while that improves the fit';

export interface CalibrationInputs {
  scenarioFile: string;
  targetsFile: string;
  /** The scenario file as written (what the fitted file is made from). */
  own: JsonObject;
  base: ScenarioDocument;
  targets: Targets;
  /** Each fitted parameter's value in the scenario as it stands. */
  current: number[];
  /** Where the search starts: the current values, moved just inside the bounds. */
  start: number[];
}

export interface FittedParameter {
  path: string;
  value: number;
  min: number;
  max: number;
}

export interface CalibrationOutcome {
  inputs: CalibrationInputs;
  fitted: FittedParameter[];
  results: TargetResult[];
  objective: number;
  evaluations: number;
  /** How many times the simplex was restarted at the best point. */
  restarts: number;
  reason: 'converged' | 'max-evaluations' | 'not fitted';
  /** The fitted scenario file's content. */
  fittedData: JsonObject;
}

let targetsSchemaCache: JsonSchemaNode | undefined;
export function targetsJsonSchema(): JsonSchemaNode {
  targetsSchemaCache ??= { ...(z.toJSONSchema(TargetsSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode), title: 'ccsim calibration targets' };
  return targetsSchemaCache;
}

/**
 * Read a targets file and check it against its schema (not yet against a scenario: metric names
 * and weeks need one, see loadCalibration).
 */
export function readTargets(targetsFile: string, cwd = process.cwd()): Result<Targets> {
  const checked = checkTargets(targetsFile, cwd);
  return checked.issues.length || !checked.targets ? { ok: false, issues: checked.issues } : { ok: true, value: checked.targets };
}

/** The targets (when they parse) and every problem found in them without a scenario. */
function checkTargets(targetsFile: string, cwd: string): { targets?: Targets; issues: ScenarioIssue[] } {
  const read = fileReader(cwd).read(targetsFile);
  if (!read.ok) return { issues: [{ code: read.notFound ? 'file-not-found' : 'file-unreadable', file: targetsFile, path: '', expected: 'a readable targets file', found: read.reason, fix: 'Check the path given to --targets.' }] };
  const json = parseJson(read.text, targetsFile);
  if (!json.ok) return { issues: json.issues };
  const parsed = TargetsSchema.safeParse(json.value, { reportInput: true });
  // The parameters are checked against the scenario schema even when the rest has problems, so
  // that one run lists as many problems as it can.
  const raw = isObject(json.value) ? json.value.parameters : undefined;
  const issues = [...(parsed.success ? [] : fromZodIssues(parsed.error.issues, () => targetsFile, { schema: targetsJsonSchema(), noun: 'calibration targets file' })), ...parameterIssues(raw, targetsFile)];
  return { targets: parsed.success ? parsed.data : undefined, issues };
}

/** Read and check the scenario and targets files, before anything runs. */
export function loadCalibration(scenarioFile: string, targetsFile: string, cwd = process.cwd()): Result<CalibrationInputs> {
  const reader = fileReader(cwd);
  const base = loadDocument(scenarioFile, reader);
  if (!base.ok) return base;
  const ownText = reader.read(scenarioFile);
  const own = ownText.ok ? parseJson(ownText.text, scenarioFile) : null;
  const ownData = own?.ok && isObject(own.value) ? own.value : null;
  if (!ownData) return { ok: false, issues: [{ code: 'invalid-json', file: scenarioFile, path: '', expected: 'a scenario object', found: 'something else', fix: 'Give a scenario file.' }] };
  // Every problem at once: the targets file's own, and those that need the scenario to check.
  const checked = checkTargets(targetsFile, cwd);
  const valid = validateDocument(base.value);
  if (!valid.ok) return { ok: false, issues: [...checked.issues, ...valid.issues] };
  const issues = [...checked.issues, ...(checked.targets ? targetIssues(checked.targets.targets, valid.value, targetsFile) : [])];
  if (issues.length || !checked.targets) return { ok: false, issues };
  const targets = checked.targets;
  const current = targets.parameters.map((p) => {
    const value = valueAt(valid.value, parsePath(p.path)!);
    return typeof value === 'number' ? value : (p.min + p.max) / 2;
  });
  const start = startInside(current, targets.parameters);
  return { ok: true, value: { scenarioFile, targetsFile, own: ownData, base: base.value, targets, current, start } };
}

export interface CalibrateOptions {
  workers?: number;
  workerFile?: string;
  /** Evaluate the scenario as it stands, without fitting. */
  checkOnly?: boolean;
  /** Where the fitted file will be written (for the record's relative path to the targets). */
  out?: string;
  onEvaluation?: (evaluations: number, best: number) => void;
}

export async function calibrate(inputs: CalibrationInputs, options: CalibrateOptions = {}): Promise<CalibrationOutcome> {
  const { targets } = inputs;
  const pool = createRunPool({ threads: options.workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
  const seeds = Array.from({ length: targets.replicates }, (_, r) => replicateSeed(targets.seed, r + 1));
  const cache = new Map<string, { value: number; results: TargetResult[] }>();
  const evaluateAt = async (x: number[]) => {
    const key = JSON.stringify(x);
    let hit = cache.get(key);
    if (!hit) {
      const scenario = scenarioAt(inputs, x);
      const runs = await pool.run(scenario, seeds, { slim: { series: true } });
      const results = assessTargets(runs, targets.targets);
      hit = { value: objective(results), results };
      cache.set(key, hit);
    }
    return hit;
  };
  try {
    // A target the scenario never gives a value for (a member series in week 0, say) cannot be
    // fitted: say so now rather than fit to a penalty.
    const here = await evaluateAt(options.checkOnly ? inputs.current : inputs.start);
    const empty = here.results.flatMap((r, i) => (Number.isFinite(r.simulated.mean) ? [] : [emptyTarget(r, i, inputs.targetsFile)]));
    if (empty.length) throw new TargetsWithoutValues(empty);
    if (options.checkOnly) return outcome(inputs, inputs.current, here.results, here.value, 1, 'not fitted', options.out);
    const minimum = await minimiseWithinBounds((x) => evaluateAt(x).then((e) => e.value), inputs.start, targets.parameters, { ...targets.method, onEvaluation: options.onEvaluation });
    // The fitted file holds the values to 4 significant digits: report the fit at those.
    const best = minimum.point.map(round);
    const final = await evaluateAt(best);
    return outcome(inputs, best, final.results, final.value, minimum.evaluations, minimum.reason, options.out, minimum.restarts);
  } finally {
    await pool.close();
  }
}

/** Targets for which the scenario has no value in any replicate: problems with the targets file. */
export class TargetsWithoutValues extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(`${issues.length} target${issues.length === 1 ? ' has' : 's have'} no value in the scenario`);
  }
}

function emptyTarget(r: TargetResult, i: number, file: string): ScenarioIssue {
  const t = r.target;
  const when = t.weeks ? `weeks ${t.weeks[0]}-${t.weeks[1]}` : t.week !== undefined ? `week ${t.week}` : 'the run summary';
  return {
    code: 'invalid-value',
    file,
    path: `targets[${i}]`,
    expected: `a metric the scenario gives a value for in ${when}`,
    found: `no value of ${t.metric} there in any replicate`,
    fix: t.week !== undefined || t.weeks ? 'Choose weeks in which it has a value (member series are empty until a site has joined, or reported).' : 'Choose a metric this design defines (some need comparison sites, or a year after funding).',
  };
}

/** The scenario with the fitted parameters at these values. */
export function scenarioAt(inputs: CalibrationInputs, x: number[]): Scenario {
  const sets = inputs.targets.parameters.map((p, i) => `${p.path}=${JSON.stringify(x[i])}`);
  const doc = applyOverrides(inputs.base, sets);
  const valid = doc.ok ? validateDocument(doc.value) : doc;
  if (!valid.ok) throw new Error(`calibration produced an invalid scenario: ${valid.issues.map((i) => `${i.path}: ${i.found}`).join('; ')}`);
  return valid.value;
}

function outcome(inputs: CalibrationInputs, x: number[], results: TargetResult[], value: number, evaluations: number, reason: CalibrationOutcome['reason'], out?: string, restarts = 0): CalibrationOutcome {
  const fitted = inputs.targets.parameters.map((p, i) => ({ path: p.path, value: x[i], min: p.min, max: p.max }));
  const data = structuredClone(inputs.own) as JsonObject;
  if (reason !== 'not fitted') for (const f of fitted) assign(data, parsePath(f.path)!, f.value);
  const targetsPath = relative(dirname(out ?? inputs.scenarioFile), inputs.targetsFile).split('\\').join('/');
  data.calibration = {
    targets: targetsPath,
    method: METHOD,
    fitted,
    results: results.map(resultRecord),
    replicates: inputs.targets.replicates,
    seed: inputs.targets.seed,
    evaluations,
    ccsim: CCSIM_VERSION,
    date: new Date().toISOString().slice(0, 10),
  } as unknown as JsonObject;
  return { inputs, fitted, results, objective: value, evaluations, restarts, reason, fittedData: data };
}

/** A target's result as a calibration record keeps it (a scenario's record, a joint fit's, a prediction's). */
export function resultRecord(r: TargetResult) {
  return {
    name: r.target.name,
    ...(r.target.source ? { source: r.target.source } : {}),
    metric: r.target.metric,
    ...(r.target.week !== undefined ? { week: r.target.week } : {}),
    ...(r.target.weeks ? { weeks: r.target.weeks } : {}),
    published: r.target.value,
    band: [round(r.band[0]), round(r.band[1])],
    simulated: finite(r.simulated.mean),
    lower: finite(r.simulated.lower),
    upper: finite(r.simulated.upper),
    within: r.within,
  };
}

/** The fit report's table of targets: published, band and simulated mean with its interval. */
export function targetLines(results: TargetResult[]): string[] {
  const names = results.map((r) => `${r.target.name}${r.target.week !== undefined ? ` (week ${r.target.week})` : r.target.weeks ? ` (weeks ${r.target.weeks[0]}-${r.target.weeks[1]})` : ''}`);
  const nw = Math.max(6, ...names.map((n) => n.length));
  const f = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(3))) : 'NA');
  return [
    `  ${'target'.padEnd(nw)}  ${'published'.padStart(10)}  ${'counts if within'.padEnd(18)}  simulated mean [95% interval]`,
    ...results.map((r, i) => {
      const interval = Number.isFinite(r.simulated.lower) ? `[${f(r.simulated.lower)}, ${f(r.simulated.upper)}]` : '';
      return `  ${names[i].padEnd(nw)}  ${f(r.target.value).padStart(10)}  ${`${f(r.band[0])} to ${f(r.band[1])}`.padEnd(18)}  ${f(r.simulated.mean)} ${interval}  ${r.within ? 'reproduced' : 'NOT reproduced'}`;
    }),
  ];
}

/** Fitted values to 4 significant digits: the fit is not more precise than that. */
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(4)) : x;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? round(x) : null;
}

/** The value at a path of a validated scenario. */
function valueAt(scenario: Scenario, path: Array<string | number>): unknown {
  let node: unknown = scenario;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** The plain-text fit report. */
/** The fit as a tidy table (one row per target), for R or pandas. */
export function fitReportCsv(o: CalibrationOutcome): string {
  const header = ['target', 'source', 'metric', 'week_from', 'week_to', 'published', 'band_lower', 'band_upper', 'simulated_mean', 'simulated_lower', 'simulated_upper', 'within', 'replicates', 'seed'];
  const t = o.inputs.targets;
  const rows: Cell[][] = o.results.map((r) => [
    r.target.name,
    r.target.source ?? null,
    r.target.metric,
    r.target.weeks?.[0] ?? r.target.week ?? null,
    r.target.weeks?.[1] ?? r.target.week ?? null,
    r.target.value,
    r.band[0],
    r.band[1],
    r.simulated.mean,
    r.simulated.lower,
    r.simulated.upper,
    r.within,
    t.replicates,
    t.seed,
  ]);
  return csvHeader(header) + csvRows(rows);
}

export function fitReport(o: CalibrationOutcome): string {
  const lines: string[] = [];
  const t = o.inputs.targets;
  const fittedText = o.reason === 'not fitted' ? 'as it stands (not fitted)' : `fitted ${o.fitted.length} parameter${o.fitted.length === 1 ? '' : 's'} in ${o.evaluations} evaluations (${o.reason === 'converged' ? 'converged' : 'stopped at the evaluation limit'}${o.restarts ? `; ${o.restarts} restart${o.restarts === 1 ? '' : 's'}` : ''})`;
  lines.push(`${t.name}: ${fittedText}; ${t.replicates} replicates, root seed ${t.seed}; objective ${o.objective.toPrecision(3)}`);
  if (o.reason !== 'not fitted') lines.push(`Method: ${METHOD}.`);
  lines.push('');
  const w = Math.max(...o.fitted.map((f) => f.path.length));
  for (const f of o.fitted) lines.push(`  ${f.path.padEnd(w)}  ${String(f.value).padStart(10)}   (bounds ${f.min} to ${f.max})`);
  lines.push('');
  lines.push(...targetLines(o.results));
  const missed = o.results.filter((r) => !r.within).length;
  lines.push('');
  lines.push(missed === 0 ? `Every target is reproduced (the mean over replicates lies within its band).` : `${missed} of ${o.results.length} targets are not reproduced.`);
  return `${lines.join('\n')}\n`;
}

