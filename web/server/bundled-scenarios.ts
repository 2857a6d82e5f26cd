/** The bundled scenarios (see listScenarioFiles), read and resolved once when the server starts. */
import { relative, resolve } from 'node:path';
import { loadDocument, validateDocument, type JsonObject, type ScenarioIssue } from '../../engine/core/index.ts';
import { fileReader, listScenarioFiles } from '../../engine/node/scenario-files.ts';

export interface BundledScenario {
  /** The file's path under scenarios/, without .json (e.g. baseline). */
  id: string;
  file: string;
  title: string;
  description: string;
  /** The scenario with every extends merged in: what the client edits. */
  data: JsonObject;
  issues: ScenarioIssue[];
}

export function readBundledScenarios(folder: string): BundledScenario[] {
  const dir = resolve(folder);
  const reader = fileReader(dir);
  return listScenarioFiles(dir).map((path) => {
    const id = relative(dir, path).replace(/\.json$/, '').split('\\').join('/');
    const doc = loadDocument(path, reader);
    if (!doc.ok) return { id, file: path, title: id, description: '', data: {}, issues: doc.issues };
    const valid = validateDocument(doc.value);
    const data = doc.value.data;
    return {
      id,
      file: path,
      title: typeof data.title === 'string' ? data.title : String(data.name ?? id),
      description: typeof data.description === 'string' ? data.description : '',
      data,
      issues: valid.ok ? [] : valid.issues,
    };
  });
}
