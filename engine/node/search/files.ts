/**
 * Search files on disk: read, check, load the base scenario they name (relative to the search
 * file) or carry inline, and prepare the ensemble and the objectives, reporting every problem with
 * its file and path before anything runs.
 */
import { createHash } from 'node:crypto';
import { documentOf, loadDocument, parseJson, type JsonObject, type Result, type ScenarioDocument, type ScenarioIssue } from '../../core/index.ts';
import { prepareSearch, type PreparedSearch } from '../../core/search/prepare.ts';
import type { Search } from '../../core/search/schema.ts';
import { validateSearch } from '../../core/search/validate.ts';
import { canonical } from '../experiment/files.ts';
import { fileReader } from '../scenario-files.ts';

export interface LoadedSearch {
  /** The search file as named by the user. */
  file: string;
  search: Search;
  base: ScenarioDocument;
  prepared: PreparedSearch;
  /** sha256 of what decides the results (the search but its name and description, and the resolved base scenario). */
  hash: string;
}

export function loadSearch(file: string, cwd = process.cwd()): Result<LoadedSearch> {
  const reader = fileReader(cwd);
  const read = reader.read(file);
  if (!read.ok) return fail({ code: read.notFound ? 'file-not-found' : 'file-unreadable', file, path: '', expected: 'a readable search file', found: read.reason, fix: 'Check the path (it is relative to the current folder).' });
  const json = parseJson(read.text, file);
  if (!json.ok) return json;
  return searchFrom(json.value, file, (reference) => loadDocument(reader.resolve(file, reference), reader));
}

/** A search from data in memory; `loadBase` reads a base scenario named by path. */
export function searchFrom(data: unknown, file: string, loadBase: (reference: string) => Result<ScenarioDocument>): Result<LoadedSearch> {
  const valid = validateSearch(data, file);
  if (!valid.ok) return valid;
  const search = valid.value;
  const base: Result<ScenarioDocument> = typeof search.scenario === 'string' ? loadBase(search.scenario) : { ok: true, value: documentOf(search.scenario as JsonObject, `${file}: scenario`) };
  if (!base.ok) return base;
  const prepared = prepareSearch(search, base.value, file);
  if (!prepared.ok) return prepared;
  const { scenario: _scenario, $schema: _schema, name: _name, description: _description, ...decisive } = search;
  const hash = createHash('sha256').update(canonical({ search: decisive, scenario: base.value.data })).digest('hex');
  return { ok: true, value: { file, search, base: base.value, prepared: prepared.value, hash } };
}

function fail(issue: ScenarioIssue): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [issue] };
}
