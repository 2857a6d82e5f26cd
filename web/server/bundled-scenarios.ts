/** The bundled scenarios (see listScenarioFiles), read and resolved once when the server starts. */
import { relative, resolve } from 'node:path';
import { loadDocument, validateDocument, type JsonObject, type Scenario, type ScenarioIssue } from '../../engine/core/index.ts';
import { LESSON_SETS } from '../../engine/node/library/lesson-sets.ts';
import { fileReader, listScenarioFiles } from '../../engine/node/scenario-files.ts';

export interface BundledScenario {
  /** The file's path under scenarios/, without .json (e.g. baseline). */
  id: string;
  file: string;
  title: string;
  description: string;
  /** Where the scenario sits in the library, for grouping a picker: "Baseline", "Lesson 8: …". */
  group: string;
  /** The scenario with every extends merged in: what the client edits. */
  data: JsonObject;
  issues: ScenarioIssue[];
  /** The validated scenario (absent when it has issues). */
  scenario?: Scenario;
}

interface Place {
  group: string;
  /** Sort key: the baseline, then the lessons in order (each set in its own order), then the rest. */
  rank: number[];
}

/** A scenario's place in the library, from its path: lessons follow LESSON_SETS, not the alphabet. */
export function libraryPlace(id: string): Place {
  if (id === 'baseline') return { group: 'Baseline', rank: [0] };
  const [folder, sub, name] = id.split('/');
  if (folder === 'lessons' && sub !== undefined && name !== undefined) {
    const set = LESSON_SETS.find((s) => s.folder === sub);
    if (set) {
      const i = set.scenarios.indexOf(name);
      return { group: `Lesson ${set.lesson}: ${set.title}`, rank: [1, set.lesson, i < 0 ? set.scenarios.length : i] };
    }
  }
  if (folder === 'archetypes' && sub !== undefined) return { group: 'Published programmes (one shared behaviour, fitted to them)', rank: [2] };
  if (folder === 'predictions' && sub !== undefined) return { group: 'Published programmes predicted, never fitted', rank: [3] };
  if (folder === 'workshop' && sub !== undefined) return { group: 'Workshop rooms', rank: [0.5] };
  return { group: 'Other scenarios', rank: [4] };
}

function byPlace(a: { id: string; place: Place }, b: { id: string; place: Place }): number {
  const n = Math.max(a.place.rank.length, b.place.rank.length);
  for (let i = 0; i < n; i++) {
    const d = (a.place.rank[i] ?? -1) - (b.place.rank[i] ?? -1);
    if (d !== 0) return d;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function readBundledScenarios(folder: string): BundledScenario[] {
  const dir = resolve(folder);
  const reader = fileReader(dir);
  const placed = listScenarioFiles(dir).map((path) => {
    const id = relative(dir, path).replace(/\.json$/, '').split('\\').join('/');
    return { id, path, place: libraryPlace(id) };
  });
  return placed.sort(byPlace).map(({ id, path, place }) => {
    const doc = loadDocument(path, reader);
    if (!doc.ok) return { id, file: path, title: id, description: '', group: place.group, data: {}, issues: doc.issues };
    const valid = validateDocument(doc.value);
    const data = doc.value.data;
    return {
      id,
      file: path,
      title: typeof data.title === 'string' ? data.title : String(data.name ?? id),
      description: typeof data.description === 'string' ? data.description : '',
      group: place.group,
      data,
      issues: valid.ok ? [] : valid.issues,
      scenario: valid.ok ? valid.value : undefined,
    };
  });
}
