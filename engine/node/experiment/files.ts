/**
 * Experiment files on disk: read, check, and load the base scenario they name (relative to the
 * experiment file) or carry inline, then prepare every design point, reporting every problem
 * with its file and path before anything runs.
 */
import { createHash } from 'node:crypto';
import { documentOf, loadDocument, parseJson, type JsonObject, type Result, type ScenarioDocument, type ScenarioIssue } from '../../core/index.ts';
import { prepareExperiment, type PreparedExperiment } from '../../core/experiment/prepare.ts';
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

export function loadExperiment(file: string, cwd = process.cwd()): Result<LoadedExperiment> {
  const reader = fileReader(cwd);
  const read = reader.read(file);
  if (!read.ok) return fail({ code: read.notFound ? 'file-not-found' : 'file-unreadable', file, path: '', expected: 'a readable experiment file', found: read.reason, fix: 'Check the path (it is relative to the current folder).' });
  const json = parseJson(read.text, file);
  if (!json.ok) return json;
  return experimentFrom(json.value, file, (reference) => loadDocument(reader.resolve(file, reference), reader));
}

/** An experiment from data in memory; `loadBase` reads a base scenario named by path. */
export function experimentFrom(data: unknown, file: string, loadBase: (reference: string) => Result<ScenarioDocument>): Result<LoadedExperiment> {
  const valid = validateExperiment(data, file);
  if (!valid.ok) return valid;
  const experiment = valid.value;
  const base: Result<ScenarioDocument> =
    typeof experiment.scenario === 'string' ? loadBase(experiment.scenario) : { ok: true, value: documentOf(experiment.scenario as JsonObject, `${file}: scenario`) };
  if (!base.ok) return base;
  const prepared = prepareExperiment(experiment, base.value, file);
  if (!prepared.ok) return prepared;
  const scenarioHash = sha256(canonical(base.value.data));
  const { scenario: _scenario, $schema: _schema, name: _name, description: _description, ...decisive } = experiment;
  return { ok: true, value: { file, experiment, base: base.value, prepared: prepared.value, scenarioHash, hash: sha256(canonical({ experiment: decisive, scenario: base.value.data })) } };
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
