/**
 * Scenario files on disk: the Node reader for the pure loader, and the one function every shell
 * command uses to turn a file and its overrides into a validated scenario.
 */
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import {
  applyOverrides,
  loadDocument,
  validateDocument,
  type Result,
  type Scenario,
  type ScenarioReader,
} from '../core/index.ts';

/**
 * The largest input file ccsim reads. Scenarios, experiments and targets are kilobytes; the cap
 * keeps a path to something endless (/dev/zero, a pipe) or huge from exhausting memory.
 */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A file's text, read in pieces so that no more than MAX_INPUT_BYTES is ever held. */
function readInput(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_INPUT_BYTES) throw Object.assign(new Error('too large'), { code: 'ETOOLARGE' });
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads files relative to the working directory and names them as the user wrote them. */
export function fileReader(cwd = process.cwd()): ScenarioReader {
  return {
    read(file) {
      try {
        return { ok: true, text: readInput(resolve(cwd, file)) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason =
          code === 'ENOENT' ? 'no such file'
          : code === 'EISDIR' ? 'is a folder, not a file'
          : code === 'EACCES' ? 'permission denied'
          : code === 'ETOOLARGE' ? `larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB (ccsim's files are a few kilobytes; is this the right path?)`
          : String(code ?? err);
        return { ok: false, notFound: code === 'ENOENT' || code === 'EISDIR', reason };
      }
    },
    resolve(from, reference) {
      const full = isAbsolute(reference) ? reference : resolve(cwd, dirname(from), reference);
      const rel = relative(cwd, full);
      return rel.startsWith('..') || isAbsolute(rel) ? full : rel;
    },
  };
}

/** Load, merge, override and validate a scenario file. */
export function loadScenario(file: string, sets: string[] = [], cwd = process.cwd()): Result<Scenario> {
  const doc = loadDocument(file, fileReader(cwd));
  if (!doc.ok) return doc;
  const overridden = applyOverrides(doc.value, sets);
  if (!overridden.ok) return overridden;
  return validateDocument(overridden.value);
}

/**
 * The scenario files in a folder and its subfolders, sorted: every .json file except JSON
 * Schemas (*.schema.json), calibration targets (*.targets.json) and experiments (under an
 * experiments/ folder).
 */
/** Files in the scenarios folder that are not scenarios: the shared behaviour and its joint calibration. */
const NOT_SCENARIOS = ['behaviour.json', 'calibration.json'];

export function listScenarioFiles(folder: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'experiments' && entry.name !== 'searches') walk(path);
      } else if (entry.name.endsWith('.json') && !entry.name.endsWith('.schema.json') && !entry.name.endsWith('.targets.json') && !NOT_SCENARIOS.includes(entry.name)) files.push(path);
    }
  };
  walk(folder);
  return files.sort();
}

/**
 * What a file is, from its name (*.targets.json) or its top-level keys: a design search has levers,
 * an experiment names its scenario (or has a design), calibration targets have parameters and targets, a joint
 * calibration lists programmes, and the shared behaviour file holds values. Anything else,
 * including a file that does not parse, is checked as a scenario (which reports the JSON error).
 */
export function kindOf(file: string, cwd: string): 'scenario' | 'experiment' | 'search' | 'targets' | 'joint' | 'behaviour' {
  if (file.endsWith('.targets.json')) return 'targets';
  let data: unknown;
  const read = fileReader(cwd).read(file);
  if (!read.ok) return 'scenario';
  try {
    data = JSON.parse(read.text);
  } catch {
    return 'scenario';
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'scenario';
  // A scenario never names a scenario; a design search does and has levers; an experiment names
  // one too (and may leave the design to its default).
  if ('levers' in data) return 'search';
  if ('scenario' in data || 'design' in data) return 'experiment';
  if ('targets' in data && 'parameters' in data) return 'targets';
  // A joint calibration lists programmes; the shared behaviour file holds values (neither is a scenario key).
  if ('programmes' in data) return 'joint';
  if ('values' in data && !('name' in data)) return 'behaviour';
  return 'scenario';
}
