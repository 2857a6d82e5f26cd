/**
 * The scenario being edited: a document (JSON data, as a file would hold it) and where it came
 * from. Every edit is an override of one path, validated by the engine's own schema, so the
 * browser accepts exactly what the CLI accepts.
 */
import { applyOverrides, documentOf, validateDocument, type JsonObject, type Result, type Scenario } from '../../engine/core/index.ts';

export interface Draft {
  /** Where it came from: a bundled scenario id, a file name, or 'shared link'. */
  source: string;
  data: JsonObject;
}

export function validateDraft(draft: Draft): Result<Scenario> {
  return validateDocument(documentOf(draft.data, draft.source));
}

/** The draft with one path set (paths as --set takes them). */
export function withValue(draft: Draft, path: string, value: unknown): Result<Draft> {
  const doc = applyOverrides(documentOf(draft.data, draft.source), [`${path}=${JSON.stringify(value)}`]);
  if (!doc.ok) return doc;
  return { ok: true, value: { source: draft.source, data: doc.value.data } };
}

/** The value at a path of a validated scenario (defaults filled in). */
export function valueAt(scenario: Scenario, path: Array<string | number>): unknown {
  let node: unknown = scenario;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
