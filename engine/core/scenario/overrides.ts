/**
 * Command-line overrides: `--set path=value` with any path the schema knows (dots between keys,
 * [i] for list items). The value is read as JSON when it parses (numbers, true/false, lists) and
 * as text otherwise. Overrides are applied to the merged document before validation, so they are
 * checked exactly like the file and an error names '--set'.
 */
import { closest, formatPath, type ScenarioIssue } from './issues.ts';
import { schemaNodeAt, type JsonSchemaNode } from './json-schema.ts';
import { checkJsonShape, JSON_SHAPE_LIMITS } from './json-shape.ts';
import { isObject, type Json, type JsonObject, type Result, type ScenarioDocument } from './resolve.ts';

export const SET_ORIGIN = '--set';

/** Split `a.b[2].c` into ['a', 'b', 2, 'c']. */
export function parsePath(text: string): Array<string | number> | undefined {
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[\d+\])*$/.test(text)) return undefined;
  const out: Array<string | number> = [];
  for (const part of text.match(/[A-Za-z_$][\w$]*|\[\d+\]/g) ?? []) {
    out.push(part.startsWith('[') ? Number(part.slice(1, -1)) : part);
  }
  return out;
}

export function parseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** Apply `path=value` assignments to a document (returning a new one). */
export function applyOverrides(doc: ScenarioDocument, assignments: string[]): Result<ScenarioDocument> {
  const data = structuredClone(doc.data);
  const origin = new Map(doc.origin);
  const issues: ScenarioIssue[] = [];
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const pathText = eq > 0 ? assignment.slice(0, eq) : '';
    const path = parsePath(pathText);
    if (eq <= 0 || !path) {
      issues.push(badSet(assignment, 'path=value, such as coreTeam.hoursPerWeek=40', `"${assignment}"`, 'Write the path, then =, then the value, with no spaces around =.'));
      continue;
    }
    const problem = checkPath(path);
    if (problem) {
      issues.push(badSet(pathText, problem.expected, problem.found, problem.fix));
      continue;
    }
    const value = parseValue(assignment.slice(eq + 1));
    const shape = checkJsonShape(value, SET_ORIGIN);
    if (shape) {
      issues.push({ ...shape, path: !shape.path ? pathText : shape.path.startsWith('[') ? pathText + shape.path : `${pathText}.${shape.path}` });
      continue;
    }
    assign(data, path, value);
    origin.set(formatPath(path), SET_ORIGIN);
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { data, origin, file: doc.file } };
}

/** Whether every step of a path exists in the schema, with a suggestion where it does not. */
export function checkPath(path: Array<string | number>): { expected: string; found: string; fix: string } | undefined {
  for (let n = 1; n <= path.length; n++) {
    const key = path[n - 1];
    if (typeof key === 'number') {
      // An index past the list's longest would be dropped silently (JavaScript keeps indices of
      // 2^32 - 1 and above as plain properties), or make a list the schema refuses anyway.
      const list = schemaNodeAt(path.slice(0, n - 1));
      const most = list?.maxItems ?? JSON_SHAPE_LIMITS.values;
      if (list?.items && key >= most) {
        const where = formatPath(path.slice(0, n - 1));
        return { expected: `an index of ${where} from 0 to ${most - 1} (a list of at most ${most})`, found: `[${key}]`, fix: `Use an index below ${most}.` };
      }
    }
    if (schemaNodeAt(path.slice(0, n))) continue;
    const parent = schemaNodeAt(path.slice(0, n - 1)) as JsonSchemaNode;
    const where = formatPath(path.slice(0, n - 1)) || 'the top level';
    if (typeof key === 'number') {
      return { expected: `a key of ${where}, not a list index`, found: `[${key}]`, fix: `Use a key name after ${where}.` };
    }
    const known = Object.keys(parent.properties ?? {});
    if (known.length === 0) {
      return { expected: `nothing after ${where}, which holds a single value`, found: `.${key}`, fix: `Set ${where} itself.` };
    }
    const guess = closest(key, known);
    return {
      expected: `a key ccsim knows in ${where}`,
      found: `unknown key "${key}"`,
      fix: guess ? `Did you mean "${guess}"?` : `The keys here are ${known.join(', ')}.`,
    };
  }
  return undefined;
}

/** Set a value deep in a document, creating objects (or copying schema defaults) along the way. */
export function assign(data: JsonObject, path: Array<string | number>, value: Json): void {
  let container: JsonObject | Json[] = data;
  for (let n = 0; n < path.length - 1; n++) {
    const key = path[n];
    const nextKey = path[n + 1];
    const current: Json | undefined = (container as Record<string | number, Json>)[key];
    let next: Json;
    if (isObject(current) || Array.isArray(current)) next = current;
    else {
      const dflt = schemaNodeAt(path.slice(0, n + 1))?.default;
      next = dflt !== undefined && typeof dflt === 'object' ? (structuredClone(dflt) as Json) : typeof nextKey === 'number' ? [] : {};
    }
    (container as Record<string | number, Json>)[key] = next;
    container = next as JsonObject | Json[];
  }
  (container as Record<string | number, Json>)[path[path.length - 1]] = value;
}

function badSet(path: string, expected: string, found: string, fix: string): ScenarioIssue {
  return { code: 'bad-set', file: SET_ORIGIN, path, expected, found, fix };
}
