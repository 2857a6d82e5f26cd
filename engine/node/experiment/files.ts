/**
 * Experiment files on disk: read, check, and load the base scenario they name (relative to the
 * experiment file) or carry inline, then prepare every design point, reporting every problem
 * with its file and path before anything runs.
 */
import { createHash } from 'node:crypto';
import { documentOf, loadDocument, parseJson, type JsonObject, type Result, type ScenarioDocument, type ScenarioIssue } from '../../core/index.ts';
import { prepareExperiment, prepareExperimentInSlices, type Prepared, type PreparedExperiment } from '../../core/experiment/prepare.ts';
import type { Experiment } from '../../core/experiment/schema.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import { isObject } from '../../core/scenario/resolve.ts';
import { fileReader } from '../scenario-files.ts';

export interface LoadedExperiment {
  /** The experiment file as named by the user. */
  file: string;
  experiment: Experiment;
  base: ScenarioDocument;
  prepared: PreparedExperiment;
  /**
   * sha256 of what decides the results (the experiment but its name and description, and the
   * resolved base scenario): what a resume or a merge must match.
   */
  hash: string;
  /** sha256 of the resolved base scenario alone. */
  scenarioHash: string;
}

/** Called between checking an experiment and preparing its design points (see LoadHooks). */
export interface LoadHooks {
  /**
   * The file is a valid experiment and its design points are about to be prepared (a second or
   * so for thousands of points, on this thread): the moment to start what can start alongside,
   * such as the worker threads, which then load and compile while the points are built.
   */
  beforePreparing?: (experiment: Experiment) => void;
}

export function loadExperiment(file: string, cwd = process.cwd(), hooks: LoadHooks = {}): Result<LoadedExperiment> {
  const reader = fileReader(cwd);
  const read = reader.read(file);
  if (!read.ok) return fail({ code: read.notFound ? 'file-not-found' : 'file-unreadable', file, path: '', expected: 'a readable experiment file', found: read.reason, fix: 'Check the path (it is relative to the current folder).' });
  const json = parseJson(read.text, file);
  if (!json.ok) return json;
  return experimentFrom(json.value, file, (reference) => loadDocument(reader.resolve(file, reference), reader), hooks);
}

/** An experiment from data in memory; `loadBase` reads a base scenario named by path. */
export function experimentFrom(data: unknown, file: string, loadBase: (reference: string) => Result<ScenarioDocument>, hooks: LoadHooks = {}): Result<LoadedExperiment> {
  const read = readExperiment(data, file, loadBase);
  if (!read.ok) return read;
  hooks.beforePreparing?.(read.value.experiment);
  return loaded(file, read.value.experiment, read.value.base, prepareExperiment(read.value.experiment, read.value.base, file));
}

/**
 * The same, giving the thread back between design points (see prepareExperimentInSlices): for a
 * server, whose main thread must keep answering while a large design is built.
 */
export async function experimentFromInSlices(data: unknown, file: string, loadBase: (reference: string) => Result<ScenarioDocument>, pause: () => Promise<void>): Promise<Result<LoadedExperiment>> {
  const read = readExperiment(data, file, loadBase);
  if (!read.ok) return read;
  return loaded(file, read.value.experiment, read.value.base, await prepareExperimentInSlices(read.value.experiment, read.value.base, file, pause));
}

function readExperiment(data: unknown, file: string, loadBase: (reference: string) => Result<ScenarioDocument>): Result<{ experiment: Experiment; base: ScenarioDocument }> {
  const valid = validateExperiment(data, file);
  if (!valid.ok) return valid;
  const experiment = valid.value;
  const base: Result<ScenarioDocument> =
    typeof experiment.scenario === 'string' ? loadBase(experiment.scenario) : { ok: true, value: documentOf(experiment.scenario as JsonObject, `${file}: scenario`) };
  return base.ok ? { ok: true, value: { experiment, base: base.value } } : base;
}

function loaded(file: string, experiment: Experiment, base: ScenarioDocument, prepared: Prepared): Result<LoadedExperiment> {
  if (!prepared.ok) return prepared;
  const scenarioHash = sha256(canonical(base.data));
  const { scenario: _scenario, $schema: _schema, name: _name, description: _description, ...decisive } = experiment;
  return { ok: true, value: { file, experiment, base, prepared: prepared.value, scenarioHash, hash: sha256(canonical({ experiment: decisive, scenario: base.data })) } };
}

/** JSON with object keys sorted, so equal content gives equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function fail(issue: ScenarioIssue): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [issue] };
}
