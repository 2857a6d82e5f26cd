/**
 * From scenario files to a validated scenario. A file may `extends` another (a path relative to
 * itself); the child's values override the parent's key by key (objects merge, lists and single
 * values replace). Every value remembers the file it came from, so an error names the file to
 * edit. Pure: the caller supplies how to read a file and resolve a relative path (Node reads the
 * disk; the browser reads its bundled scenarios).
 */
import { ScenarioSchema, type Scenario } from './schema.ts';
import { formatPath, fromZodIssues, describeValue, type ScenarioIssue } from './issues.ts';
import { checkJsonShape } from './json-shape.ts';

export interface ScenarioReader {
  /** The text of a file, or a reason it cannot be read. */
  read(file: string): { ok: true; text: string } | { ok: false; notFound: boolean; reason: string };
  /** The path of `reference` as written inside `from`. */
  resolve(from: string, reference: string): string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A merged scenario document and, for each path, the file its value came from. */
export interface ScenarioDocument {
  data: JsonObject;
  origin: Map<string, string>;
  /** The file that was asked for (the last in the extends chain). */
  file: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: ScenarioIssue[] };

/** Read a file and everything it extends, merged, with the origin of every value. */
export function loadDocument(file: string, reader: ScenarioReader, chain: string[] = []): Result<ScenarioDocument> {
  if (chain.includes(file)) {
    return fail({
      code: 'extends-cycle',
      file: chain[chain.length - 1],
      path: 'extends',
      expected: 'a chain of extends that ends',
      found: `a cycle: ${[...chain, file].join(' -> ')}`,
      fix: 'Remove the extends that points back to a file already in the chain.',
    });
  }
  const read = reader.read(file);
  if (!read.ok) {
    const by = chain.length ? chain[chain.length - 1] : file;
    return fail({
      code: read.notFound ? 'file-not-found' : 'file-unreadable',
      file: by,
      path: chain.length ? 'extends' : '',
      expected: 'a scenario file that exists and can be read',
      found: `${file}: ${read.reason}`,
      fix: read.notFound ? 'Check the path (an extends path is relative to the file that contains it).' : 'Check that the path names the file you meant, and that you may read it.',
    });
  }
  const parsed = parseJson(read.text, file);
  if (!parsed.ok) return parsed;
  const data = parsed.value;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail({
      code: 'wrong-type',
      file,
      path: '',
      expected: 'a JSON object with at least a "name"',
      found: describeValue(data),
      fix: 'Write the scenario as an object, for example {"name": "my community"}.',
    });
  }
  const own = new Map<string, string>();
  recordOrigins(data, [], file, own);
  const ref = data.extends;
  if (ref === undefined) return { ok: true, value: { data: withoutExtends(data), origin: own, file } };
  if (typeof ref !== 'string' || ref.length === 0) {
    return fail({
      code: 'extends-invalid',
      file,
      path: 'extends',
      expected: 'the path of another scenario file, as text',
      found: describeValue(ref),
      fix: 'Write extends as a relative path such as "./baseline.json", or remove it.',
    });
  }
  const parent = loadDocument(reader.resolve(file, ref), reader, [...chain, file]);
  if (!parent.ok) return parent;
  const origin = new Map(parent.value.origin);
  for (const [k, v] of own) origin.set(k, v);
  return { ok: true, value: { data: merge(parent.value.data, withoutExtends(data)), origin, file } };
}

/** Validate a merged document against the schema. */
export function validateDocument(doc: ScenarioDocument): Result<Scenario> {
  const parsed = ScenarioSchema.safeParse(doc.data, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: fromZodIssues(parsed.error.issues, (path) => originOf(doc, path)) };
}

/** The file a value at `path` came from: the nearest recorded ancestor, else the file asked for. */
export function originOf(doc: ScenarioDocument, path: ReadonlyArray<PropertyKey>): string {
  for (let n = path.length; n >= 0; n--) {
    const found = doc.origin.get(formatPath(path.slice(0, n)));
    if (found !== undefined && (n > 0 || path.length === 0)) return found;
  }
  return doc.file;
}

/**
 * Parse JSON, reporting a syntax error with its line and column, and check its shape (depth,
 * size, forbidden keys: json-shape.ts) before anything walks it.
 */
export function parseJson(text: string, file: string): Result<Json> {
  try {
    const value = JSON.parse(text) as Json;
    const shape = checkJsonShape(value, file);
    return shape ? fail(shape) : { ok: true, value };
  } catch (err) {
    const message = (err as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const offset = Number(position[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '');
    return fail({
      code: 'invalid-json',
      file,
      path: '',
      expected: 'valid JSON',
      found: `${reason}${where}`,
      fix: 'Check for a missing or extra comma, quote or bracket near that place (JSON allows no comments or trailing commas).',
    });
  }
}

/** Deep merge: objects merge key by key, anything else in the child replaces the parent's. */
export function merge(parent: JsonObject, child: JsonObject): JsonObject {
  const out: JsonObject = { ...parent };
  for (const [key, value] of Object.entries(child)) {
    const base = out[key];
    out[key] = isObject(base) && isObject(value) ? merge(base, value) : value;
  }
  return out;
}

function recordOrigins(value: Json, path: Array<string | number>, file: string, origin: Map<string, string>): void {
  origin.set(formatPath(path), file);
  if (isObject(value)) for (const [k, v] of Object.entries(value)) recordOrigins(v, [...path, k], file, origin);
  else if (Array.isArray(value)) value.forEach((v, i) => recordOrigins(v, [...path, i], file, origin));
}

function withoutExtends(data: JsonObject): JsonObject {
  const { extends: _ignored, ...rest } = data;
  return rest;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(issue: ScenarioIssue): { ok: false; issues: ScenarioIssue[] } {
  return { ok: false, issues: [issue] };
}

/**
 * A document from an object already in memory (a request body, a form), all of it from `file`:
 * no origins need recording, as originOf falls back to the document's file.
 */
export function documentOf(data: JsonObject, file: string): ScenarioDocument {
  return { data: withoutExtends(data), origin: new Map([['', file]]), file };
}
