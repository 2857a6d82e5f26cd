/**
 * ccsim calibrate --joint: one behaviour set fitted to several real programmes at once (issue #10).
 *
 * Each programme is a scenario file set from its published description (design, challenge and
 * context only; a file that sets a behaviour value is refused) and a targets file of its published
 * figures. The fit adjusts a few shared behaviour settings, within bounds, to minimise the sum over
 * every fitted programme's targets of the squared distance of the simulated mean from the published
 * figure, in half-widths of its band: Nelder-Mead on common random numbers (every evaluation runs
 * the same seeds for every programme, so the objective is a deterministic function of the
 * parameters), with all programmes' replicates in flight at once on the worker pool. Programmes
 * marked "predict" never count in the fit: they are predicted at the fitted values, out of sample.
 * Leaving one fitted programme out, fitting on the rest and predicting it, is the cross-validation.
 */
import { dirname, relative, resolve } from 'node:path';
import { z } from 'zod';
import {
  applyOverrides,
  formatPath,
  parseJson,
  replicateSeed,
  validateDocument,
  type JsonObject,
  type Result,
  type ScenarioIssue,
} from '../../core/index.ts';
import { isObject, type Json } from '../../core/scenario/resolve.ts';
import { fromZodIssues } from '../../core/scenario/issues.ts';
import { roleOf } from '../../core/scenario/roles.ts';
import { BEHAVIOUR, behaviourValue, valueAtPath, type BehaviourFile } from '../../core/scenario/behaviour.ts';
import { schemaNodeAt, type JsonSchemaNode } from '../../core/scenario/json-schema.ts';
import { assign, parsePath } from '../../core/scenario/overrides.ts';
import { JointCalibrationSchema, type JointCalibration } from '../../core/calibration/schema.ts';
import { assessTargets, objective, parameterIssues, type TargetResult } from '../../core/calibration/targets.ts';
import { minimiseWithinBounds, nearBound, searchScale, startInside } from '../../core/calibration/bounded.ts';
import { createRunPool, resolveWorkerFile, type RunPool } from '../pool/pool.ts';
import { stream } from '../../core/random/streams.ts';
import { shuffle } from '../../core/random/distributions.ts';
import { fileReader } from '../scenario-files.ts';
import { CCSIM_VERSION } from '../version.ts';
import { loadCalibration, resultRecord, round, targetLines, type CalibrateOptions, type CalibrationInputs } from './calibrate.ts';
import { ABLATION_REPLICATES, ABLATION_SEED, ABLATIONS, runAblation } from '../library/ablations.ts';
import { LEVEL_PATTERNS } from '../library/patterns.ts';

export const JOINT_METHOD =
  'one shared behaviour set fitted to every programme at once: Nelder-Mead on common random numbers (the same replicate seeds for every programme at every evaluation), parameters on a logistic scale between their bounds, restarted at the best point while that improves the fit; the objective is the sum over every fitted programme\'s targets of the squared distance from the published figure in half-widths of its band';

export interface JointProgramme {
  /** The scenario's name (how reports and --leave-out name it). */
  name: string;
  use: 'fit' | 'predict';
  /** The scenario and targets, loaded and checked (their paths resolved). */
  inputs: CalibrationInputs;
}

export interface JointInputs {
  file: string;
  spec: JointCalibration;
  programmes: JointProgramme[];
  /** The behaviour file the fit writes, resolved. */
  behaviourFile: string;
  /** Each fitted setting's shared value now, and where the search starts. */
  current: number[];
  start: number[];
}

export interface ProgrammeOutcome {
  name: string;
  use: 'fit' | 'predict';
  results: TargetResult[];
}

export interface JointOutcome {
  inputs: JointInputs;
  fitted: Array<{ path: string; value: number; min: number; max: number; prior: number; atBound: 'min' | 'max' | null }>;
  programmes: ProgrammeOutcome[];
  objective: number;
  evaluations: number;
  restarts: number;
  reason: 'converged' | 'max-evaluations' | 'not fitted';
  /** Targets that count in the fit (those of the fitted programmes). */
  targetsFitted: number;
  /** When the fit was held to the model brief's patterns: how (constrainByPatterns). */
  patterns?: PatternConstraint;
}

let jointSchemaCache: JsonSchemaNode | undefined;
export function jointJsonSchema(): JsonSchemaNode {
  jointSchemaCache ??= { ...(z.toJSONSchema(JointCalibrationSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode), title: 'ccsim joint calibration' };
  return jointSchemaCache;
}

/** Read and check a joint calibration file and every programme it names, before anything runs. */
export function loadJoint(file: string, cwd = process.cwd(), leaveOut?: string): Result<JointInputs> {
  const read = fileReader(cwd).read(file);
  if (!read.ok) return { ok: false, issues: [{ code: read.notFound ? 'file-not-found' : 'file-unreadable', file, path: '', expected: 'a readable joint calibration file', found: read.reason, fix: 'Check the path given to --joint.' }] };
  const json = parseJson(read.text, file);
  if (!json.ok) return json;
  const parsed = JointCalibrationSchema.safeParse(json.value, { reportInput: true });
  const raw = isObject(json.value) ? json.value.parameters : undefined;
  const issues: ScenarioIssue[] = [...(parsed.success ? [] : fromZodIssues(parsed.error.issues, () => file, { schema: jointJsonSchema(), noun: 'joint calibration file' })), ...parameterIssues(raw, file), ...behaviourParameterIssues(raw, file)];
  if (!parsed.success) return { ok: false, issues };
  const spec = parsed.data;
  const here = dirname(resolve(cwd, file));
  const programmes: JointProgramme[] = [];
  spec.programmes.forEach((p) => {
    const scenarioFile = resolve(here, p.scenario);
    const targetsFile = resolve(here, p.targets);
    const loaded = loadCalibration(scenarioFile, targetsFile, cwd);
    if (!loaded.ok) {
      issues.push(...loaded.issues);
      return;
    }
    if (loaded.value.targets.parameters.length) {
      issues.push({ code: 'invalid-value', file: targetsFile, path: 'parameters', expected: 'no parameters: a programme in a joint fit fits nothing of its own', found: loaded.value.targets.parameters.map((q) => q.path).join(', '), fix: `Remove them; the shared behaviour settings to fit are listed in ${file}.` });
    }
    issues.push(...behaviourSetIn(loaded.value));
    const name = String(loaded.value.base.data.name ?? p.scenario);
    programmes.push({ name, use: p.use, inputs: loaded.value });
  });
  if (leaveOut !== undefined) {
    const left = programmes.find((p) => p.name === leaveOut);
    if (!left) issues.push({ code: 'not-an-option', file, path: 'programmes', expected: `the name of a programme to leave out (${programmes.map((p) => p.name).join(', ')})`, found: JSON.stringify(leaveOut), fix: 'Give the name in the programme\'s scenario file.' });
    else left.use = 'predict';
    if (left && !programmes.some((p) => p.use === 'fit')) issues.push({ code: 'invalid-value', file, path: 'programmes', expected: 'another programme to fit when one is left out', found: `only ${leaveOut}`, fix: 'Add programmes, or do not leave one out.' });
  }
  if (issues.length) return { ok: false, issues };
  // The values as they stand in the file's own behaviour file (scenarios/behaviour.json, or a record
  // such as the unconstrained fit's), else in the shipped set that every scenario runs on.
  const behaviourFile = resolve(here, spec.behaviour);
  const own = ownBehaviourValues(behaviourFile);
  const current = spec.parameters.map((p) => {
    const v = own?.(p.path) ?? behaviourValue(p.path);
    return typeof v === 'number' ? v : (p.min + p.max) / 2;
  });
  return { ok: true, value: { file, spec, programmes, behaviourFile, current, start: startInside(current, spec.parameters) } };
}

/** Parameters of a joint fit must be behaviour settings: a programme's own values are not fitted. */
function behaviourParameterIssues(parameters: unknown, file: string): ScenarioIssue[] {
  if (!Array.isArray(parameters)) return [];
  return parameters.flatMap((p: unknown, i) => {
    const path = isObject(p) && typeof p.path === 'string' ? p.path : null;
    const role = path ? roleOf(path) : undefined;
    if (!path || role === undefined || role === 'behaviour') return [];
    return [{ code: 'invalid-value', file, path: `parameters[${i}].path`, expected: 'a behaviour setting (one shared value for every programme)', found: `${path}, a ${role} setting`, fix: `A ${role} value comes from each programme's published description, in its own scenario file; it is not fitted.` }];
  });
}

/** A behaviour value set in a programme's scenario files: refused (behaviour is shared). */
function behaviourSetIn(inputs: CalibrationInputs): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const walk = (value: Json, path: Array<string | number>) => {
    const text = formatPath(path);
    if (path.length && roleOf(text) === 'behaviour') {
      issues.push({ code: 'invalid-value', file: inputs.base.origin.get(text) ?? inputs.scenarioFile, path: text, expected: 'no behaviour values in a programme file (one shared set, scenarios/behaviour.json, serves every programme)', found: JSON.stringify(value), fix: 'Remove it: differences between programmes must come from their described design, challenge and context.' });
      return;
    }
    if (isObject(value)) for (const [k, v] of Object.entries(value)) if (text !== 'calibration') walk(v, [...path, k]);
  };
  walk(inputs.base.data, []);
  return issues;
}

export interface EnsembleOutcome {
  rule: string;
  candidates: number;
  paths: string[];
  members: number[][];
}

/**
 * Model uncertainty around a fit: draw candidate behaviour sets around the fitted values (a Latin
 * hypercube on the logistic scale the fit searches on, `spread` logit units either side, within
 * the bounds) and keep those that fit the published figures as well as the fit does: every
 * target of a fitted programme that the fit reproduces stays within its band. Deterministic for a
 * seed; candidates run on the pool like any evaluation.
 */
export async function sampleEnsemble(inputs: JointInputs, fitted: number[], options: JointOptions & { candidates: number; keep: number; spread?: number; seed?: number; onCandidate?: (done: number, kept: number) => void }): Promise<EnsembleOutcome> {
  const { spec } = inputs;
  const spread = options.spread ?? 1;
  const rng = stream(options.seed ?? spec.seed, 'ensemble');
  const bounds = spec.parameters;
  const { to: logit, from: fromLogit } = searchScale(bounds);
  // Latin hypercube: each dimension's strata in a shuffled order.
  const n = options.candidates;
  const strata = bounds.map(() => shuffle(rng, Array.from({ length: n }, (_, k) => k)));
  const candidates = Array.from({ length: n }, (_, c) => bounds.map((_, i) => fromLogit(logit(fitted[i], i) + spread * (((strata[i][c] + rng()) / n) * 2 - 1), i)));
  const pool = options.pool ?? createRunPool({ threads: options.workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
  try {
    const fitting = inputs.programmes.filter((p) => p.use === 'fit');
    const check = await calibrateJoint({ ...inputs, programmes: fitting, current: fitted }, { ...options, pool, checkOnly: true });
    const needed = check.programmes.map((p) => p.results.map((r) => r.within));
    const members: number[][] = [];
    let done = 0;
    for (const x of candidates) {
      if (members.length >= options.keep) break;
      const o = await calibrateJoint({ ...inputs, programmes: fitting, current: x }, { ...options, pool, checkOnly: true });
      const holds = o.programmes.every((p, k) => p.results.every((r, t) => r.within || !needed[k][t]));
      if (holds) members.push(x);
      options.onCandidate?.(++done, members.length);
    }
    return {
      rule: `Latin hypercube of ${n} candidates within ${spread} logit unit${spread === 1 ? '' : 's'} of the fit on its search scale (root seed ${options.seed ?? spec.seed}); kept, in order, each whose every target the fit reproduces stays within its band, up to ${options.keep}`,
      candidates: done,
      paths: spec.parameters.map((p) => p.path),
      members,
    };
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** As for the fit of one scenario, and a pool to run on (kept open); without one, each call starts and closes its own. */
export interface JointOptions extends Omit<CalibrateOptions, 'out'> {
  pool?: RunPool;
}

/** Fit the shared behaviour (or, with checkOnly, evaluate it as it stands) on every programme. */
export async function calibrateJoint(inputs: JointInputs, options: JointOptions = {}): Promise<JointOutcome> {
  const { spec } = inputs;
  const own = !options.pool;
  const pool = options.pool ?? createRunPool({ threads: options.workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
  const seeds = Array.from({ length: spec.replicates }, (_, r) => replicateSeed(spec.seed, r + 1));
  const assess = (x: number[], which: JointProgramme[]) =>
    Promise.all(
      which.map(async (p) => {
        const sets = spec.parameters.map((q, i) => `${q.path}=${JSON.stringify(x[i])}`);
        const doc = applyOverrides(p.inputs.base, sets);
        const valid = doc.ok ? validateDocument(doc.value) : doc;
        if (!valid.ok) throw new Error(`calibration produced an invalid scenario for ${p.name}: ${valid.issues.map((i) => `${i.path}: ${i.found}`).join('; ')}`);
        const runs = await pool.run(valid.value, seeds, { slim: { series: true } });
        return { name: p.name, use: p.use, results: assessTargets(runs, p.inputs.targets.targets) } satisfies ProgrammeOutcome;
      }),
    );
  const fitting = inputs.programmes.filter((p) => p.use === 'fit');
  const total = (outcomes: ProgrammeOutcome[]) => outcomes.filter((o) => o.use === 'fit').reduce((s, o) => s + objective(o.results), 0);
  try {
    if (options.checkOnly) {
      const all = await assess(inputs.current, inputs.programmes);
      return outcome(inputs, inputs.current, all, total(all), 1, 'not fitted', 0);
    }
    const cache = new Map<string, number>();
    const minimum = await minimiseWithinBounds(
      async (x) => {
        const key = JSON.stringify(x);
        let v = cache.get(key);
        if (v === undefined) {
          v = total(await assess(x, fitting));
          cache.set(key, v);
        }
        return v;
      },
      inputs.start,
      spec.parameters,
      { ...spec.method, onEvaluation: options.onEvaluation },
    );
    // The behaviour file keeps 4 significant digits: report the fit at those.
    const best = minimum.point.map(round);
    const all = await assess(best, inputs.programmes);
    return outcome(inputs, best, all, total(all), minimum.evaluations, minimum.reason, minimum.restarts);
  } finally {
    if (own) await pool.close();
  }
}

function outcome(inputs: JointInputs, x: number[], programmes: ProgrammeOutcome[], value: number, evaluations: number, reason: JointOutcome['reason'], restarts: number): JointOutcome {
  const fitted = inputs.spec.parameters.map((p, i) => ({ path: p.path, value: x[i], min: p.min, max: p.max, prior: priorOf(p.path), atBound: nearBound(x[i], p) }));
  const targetsFitted = programmes.filter((p) => p.use === 'fit').reduce((s, p) => s + p.results.length, 0);
  return { inputs, fitted, programmes, objective: value, evaluations, restarts, reason, targetsFitted };
}

/**
 * The inputs with the search starting from the documented priors (each just inside its bounds):
 * where a fit must not start from values other programmes' figures chose, as a leave-one-out
 * fold must not start from a fit that saw the programme it leaves out.
 */
export function fromPriors(inputs: JointInputs): JointInputs {
  const bounds = inputs.spec.parameters;
  const current = bounds.map((b) => Math.min(b.max, Math.max(b.min, priorOf(b.path))));
  return { ...inputs, current, start: startInside(current, bounds) };
}

/** The setting's declared default: its prior before any calibration (behaviour.ts keeps it as `prior` where the shared value differs). */
function priorOf(path: string): number {
  const node = schemaNodeAt(path.split('.'));
  const prior = node?.prior ?? node?.default;
  return typeof prior === 'number' ? prior : NaN;
}

/** A lookup of the values in the calibration file's behaviour file, or null where there is none yet. */
function ownBehaviourValues(file: string): ((path: string) => Json | undefined) | null {
  const read = fileReader().read(file);
  if (!read.ok) return null;
  const json = parseJson(read.text, file);
  if (!json.ok || !isObject(json.value) || !isObject(json.value.values)) return null;
  const values = json.value.values;
  return (path) => valueAtPath(values, path);
}

/** The behaviour file with the fitted values and the fit's record. */
export function fittedBehaviourFile(o: JointOutcome, current: BehaviourFile = BEHAVIOUR): BehaviourFile {
  const values = structuredClone(current.values) as JsonObject;
  for (const f of o.fitted) assign(values, parsePath(f.path)!, f.value);
  const rel = (to: string) => relative(dirname(o.inputs.behaviourFile), to).split('\\').join('/');
  return {
    description: current.description,
    values,
    calibration: {
      file: rel(resolve(o.inputs.file)),
      method: JOINT_METHOD,
      fitted: o.fitted.map((f) => ({ path: f.path, value: f.value, min: f.min, max: f.max, prior: f.prior })),
      programmes: o.programmes.map((p) => ({ name: p.name, use: p.use, within: p.results.filter((r) => r.within).length, targets: p.results.length })),
      targetsFitted: o.targetsFitted,
      ...(o.patterns ? { patterns: { t: o.patterns.t, failedAtFit: o.patterns.failedAtFit, checks: o.patterns.checks, rows: PATTERN_COUNT, extended: o.patterns.extended } } : {}),
      objective: round(o.objective),
      replicates: o.inputs.spec.replicates,
      seed: o.inputs.spec.seed,
      evaluations: o.evaluations,
      ccsim: CCSIM_VERSION,
      date: new Date().toISOString().slice(0, 10),
    },
  };
}

/** A programme's scenario file with the record of how the shared behaviour meets its figures. */
export function programmeRecord(o: JointOutcome, name: string): { file: string; data: JsonObject } {
  const p = o.inputs.programmes.find((q) => q.name === name)!;
  const results = o.programmes.find((q) => q.name === name)!.results;
  const data = structuredClone(p.inputs.own) as JsonObject;
  data.calibration = {
    targets: relative(dirname(p.inputs.scenarioFile), p.inputs.targetsFile).split('\\').join('/'),
    method: `${p.use === 'fit' ? 'Fitted jointly' : 'Predicted, never fitted'}: the shared behaviour in ${relative(dirname(p.inputs.scenarioFile), o.inputs.behaviourFile).split('\\').join('/')} (${JOINT_METHOD}); nothing in this file is fitted`,
    fitted: [],
    results: results.map(resultRecord),
    replicates: o.inputs.spec.replicates,
    seed: o.inputs.spec.seed,
    evaluations: o.evaluations,
    ccsim: CCSIM_VERSION,
    date: new Date().toISOString().slice(0, 10),
  } as unknown as JsonObject;
  return { file: p.inputs.scenarioFile, data };
}

/** The joint fit as text: what was fitted, against how many targets, and every target's fit. */
export function jointReport(o: JointOutcome): string {
  const lines: string[] = [];
  const s = o.inputs.spec;
  const fitNames = o.programmes.filter((p) => p.use === 'fit').map((p) => p.name);
  const head = o.reason === 'not fitted' ? 'the shared behaviour as it stands (not fitted)' : `fitted ${o.fitted.length} shared behaviour setting${o.fitted.length === 1 ? '' : 's'} to ${o.targetsFitted} targets of ${fitNames.length} programme${fitNames.length === 1 ? '' : 's'} in ${o.evaluations} evaluations (${o.reason === 'converged' ? 'converged' : 'stopped at the evaluation limit'}${o.restarts ? `; ${o.restarts} restart${o.restarts === 1 ? '' : 's'}` : ''})`;
  lines.push(`${s.name}: ${head}; ${s.replicates} replicates, root seed ${s.seed}; objective ${o.objective.toPrecision(3)}`);
  if (o.reason !== 'not fitted') lines.push(`Method: ${JOINT_METHOD}.`);
  lines.push('');
  const w = Math.max(...o.fitted.map((f) => f.path.length));
  for (const f of o.fitted) {
    const flag = f.atBound ? `   AT ITS ${f.atBound === 'min' ? 'LOWER' : 'UPPER'} BOUND: the bound, not the figures, holds it` : '';
    lines.push(`  ${f.path.padEnd(w)}  ${String(f.value).padStart(10)}   (bounds ${f.min} to ${f.max}; prior ${f.prior})${flag}`);
  }
  if (o.patterns && o.patterns.t < 1) {
    lines.push(`  Held to the model brief's patterns: the best fit broke ${o.patterns.failedAtFit.length} of ${PATTERN_COUNT} (${o.patterns.failedAtFit.join(', ')}), so these values lie ${Math.round(o.patterns.t * 100)}% of the way from the documented priors to it (on the search scale), the furthest point at which every pattern holds${o.patterns.extended.length ? `, except ${o.patterns.extended.join(', ')}, moved the rest of the way to the fit on its own with every pattern still holding` : ''}.`);
  } else if (o.patterns) lines.push(`  Every one of the model brief's ${PATTERN_COUNT} patterns holds at the fit.`);
  if (o.reason !== 'not fitted' && o.fitted.length >= o.targetsFitted) lines.push(`  More fitted settings (${o.fitted.length}) than targets (${o.targetsFitted}): the fit cannot be told from a coincidence.`);
  for (const p of o.programmes) {
    lines.push('');
    lines.push(`${p.name} (${p.use === 'fit' ? 'fitted' : 'predicted, not fitted'}):`);
    lines.push(...targetLines(p.results));
  }
  const all = o.programmes.flatMap((p) => p.results);
  const missed = all.filter((r) => !r.within).length;
  lines.push('');
  lines.push(missed === 0 ? `Every target of every programme is reproduced (the mean over replicates lies within its band).` : `${missed} of ${all.length} targets are not reproduced.`);
  return `${lines.join('\n')}\n`;
}


export interface PatternConstraint {
  /** How far along the segment from the prior to the unconstrained fit the written point lies (1: the fit itself). */
  t: number;
  point: number[];
  /** The pattern rows that fail at the unconstrained fit, and at the prior (none, or the segment means nothing). */
  failedAtFit: string[];
  failedAtPrior: string[];
  /** Pattern checks run (each runs every row of the ablation table). */
  checks: number;
  /** Settings then moved, one at a time, the rest of the way to their fitted values (every pattern still holding). */
  extended: string[];
}

/**
 * The model brief's patterns that do not hold at these behaviour values: the rows of the ablation
 * table (each behaviour with its mechanism and not without it) and the level patterns P1-P3 and
 * decay after funding (engine/node/library/patterns.ts).
 */
export function patternFailures(paths: string[], x: number[]): string[] {
  const behaviour = paths.map((p, i) => `${p}=${JSON.stringify(x[i])}`);
  const rows = ABLATIONS.filter((a) => {
    const r = runAblation(a, ABLATION_REPLICATES, ABLATION_SEED, behaviour);
    return !(r.holdsOn && !r.holdsOff);
  }).map((a) => a.id);
  const levels = LEVEL_PATTERNS.filter((p) => p.run(behaviour).checks.some((c) => !c.holds)).map((p) => p.id);
  return [...rows, ...levels];
}

/** Which of the model brief's patterns a fit breaks: with every fitted value at once, and with each alone. */
export interface PatternScreen {
  method: string;
  all: string[];
  oneAtATime: Array<{ path: string; value: number; fail: string[]; withinAtPrior?: number }>;
  /** Published figures of the fitted programmes within their bands at the fit (beside each setting's withinAtPrior). */
  withinAtFit?: number;
}

/**
 * What each fitted value buys: the fitted programmes' figures within their bands with that one
 * setting back at its documented prior and every other at its fitted value (one evaluation each).
 */
export async function withinWithEachAtPrior(inputs: JointInputs, fitted: Array<{ value: number; prior: number }>, options: JointOptions = {}): Promise<{ atFit: number; atPrior: number[] }> {
  const own = !options.pool;
  const pool = options.pool ?? createRunPool({ threads: options.workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
  const fitting = inputs.programmes.filter((p) => p.use === 'fit');
  const within = async (x: number[]) => {
    const o = await calibrateJoint({ ...inputs, programmes: fitting, current: x }, { ...options, pool, checkOnly: true });
    return o.programmes.reduce((n, p) => n + p.results.filter((r) => r.within).length, 0);
  };
  try {
    const values = fitted.map((f) => f.value);
    const atFit = await within(values);
    const atPrior: number[] = [];
    for (let i = 0; i < fitted.length; i++) atPrior.push(await within(values.map((v, k) => (k === i ? fitted[i].prior : v))));
    return { atFit, atPrior };
  } finally {
    if (own) await pool.close();
  }
}

/**
 * The patterns a fit breaks, with every fitted value at once and with each on its own (every
 * other fitted setting at its documented prior): which settings the figures and the patterns
 * pull apart. One pattern check per fitted setting, plus one.
 */
export function screenPatterns(fitted: Array<{ path: string; value: number; prior: number }>, onCheck?: (label: string, failed: string[]) => void): PatternScreen {
  const paths = fitted.map((f) => f.path);
  const all = patternFailures(paths, fitted.map((f) => f.value));
  onCheck?.('every fitted value', all);
  const oneAtATime = fitted.map((f, i) => {
    const fail = patternFailures(paths, fitted.map((g, k) => (k === i ? g.value : g.prior)));
    onCheck?.(f.path, fail);
    return { path: f.path, value: f.value, fail };
  });
  return {
    method: `Each row of the ablation table and the level patterns run with one fitted setting at its fitted value and every other fitted setting at its documented prior (screenPatterns in engine/node/calibration/joint.ts; ${ABLATION_REPLICATES} replicates, root seed ${ABLATION_SEED}; ccsim ${CCSIM_VERSION}, ${new Date().toISOString().slice(0, 10)}).`,
    all,
    oneAtATime,
  };
}

/** How many patterns a behaviour set is held to. */
export const PATTERN_COUNT = ABLATIONS.length + LEVEL_PATTERNS.length;

/**
 * Pattern-oriented calibration (Grimm et al. 2005): a behaviour set is acceptable only if the model
 * still shows every behaviour the model brief asks for (each row of the ablation table holds with
 * its mechanism and not without it). When the best fit to the programmes breaks some, the point
 * written is the furthest one, on the segment from the documented priors (where every pattern
 * holds) to that fit on the fit's search scale, at which every pattern still holds, found by
 * bisection to 1/2^steps of the segment. From there each setting in turn is moved the rest of the
 * way to its fitted value, and kept there if every pattern still holds: a setting that breaks no
 * pattern (one that acts only through a design element the lessons' scenarios do not use, say)
 * is not held back by the settings that do.
 */
export function constrainByPatterns(
  inputs: JointInputs,
  fitted: number[],
  steps = 4,
  onCheck?: (t: number, failed: string[], moved?: string) => void,
  failures: (paths: string[], x: number[]) => string[] = patternFailures,
): PatternConstraint {
  const bounds = inputs.spec.parameters;
  const paths = bounds.map((p) => p.path);
  const { to: logit, from: fromLogit } = searchScale(bounds);
  const prior = fromPriors(inputs).current;
  const at = (t: number) => prior.map((p, i) => fromLogit(logit(p, i) + t * (logit(fitted[i], i) - logit(p, i)), i));
  let checks = 0;
  const check = (t: number) => {
    const failed = failures(paths, t === 1 ? fitted : t === 0 ? prior : at(t));
    checks++;
    onCheck?.(t, failed);
    return failed;
  };
  const failedAtFit = check(1);
  if (!failedAtFit.length) return { t: 1, point: fitted, failedAtFit, failedAtPrior: [], checks, extended: [] };
  const failedAtPrior = check(0);
  if (failedAtPrior.length) return { t: 0, point: prior, failedAtFit, failedAtPrior, checks, extended: [] };
  let lo = 0;
  let hi = 1;
  for (let k = 0; k < steps; k++) {
    const mid = (lo + hi) / 2;
    if (check(mid).length) hi = mid;
    else lo = mid;
  }
  const point = lo === 0 ? prior : at(lo);
  const extended: string[] = [];
  for (let i = 0; i < point.length; i++) {
    if (point[i] === fitted[i]) continue;
    const trial = point.map((v, k) => (k === i ? fitted[i] : v));
    const failed = failures(paths, trial);
    checks++;
    onCheck?.(lo, failed, paths[i]);
    if (failed.length) continue;
    point[i] = fitted[i];
    extended.push(paths[i]);
  }
  return { t: lo, point, failedAtFit, failedAtPrior, checks, extended };
}

/**
 * The fit held to the model brief's patterns: where the best fit breaks some, the programmes are
 * evaluated again at the furthest point towards it at which every pattern holds.
 */
export async function holdToPatterns(outcome: JointOutcome, options: JointOptions & { steps?: number; onCheck?: (t: number, failed: string[], moved?: string) => void } = {}): Promise<JointOutcome> {
  const inputs = outcome.inputs;
  const c = constrainByPatterns(inputs, outcome.fitted.map((f) => f.value), options.steps ?? 4, options.onCheck);
  if (c.t === 1) return { ...outcome, patterns: c };
  const again = await calibrateJoint({ ...inputs, current: c.point }, { ...options, checkOnly: true });
  return { ...again, evaluations: outcome.evaluations, restarts: outcome.restarts, reason: outcome.reason, patterns: c };
}
