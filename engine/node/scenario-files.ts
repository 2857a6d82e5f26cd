/**
 * Scenario files on disk: the Node reader for the pure loader, and the one function every shell
 * command uses to turn a file and its overrides into a validated scenario.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import {
  applyOverrides,
  loadDocument,
  validateDocument,
  type Result,
  type Scenario,
  type ScenarioReader,
} from '../core/index.ts';

/** Reads files relative to the working directory and names them as the user wrote them. */
export function fileReader(cwd = process.cwd()): ScenarioReader {
  return {
    read(file) {
      try {
        return { ok: true, text: readFileSync(resolve(cwd, file), 'utf8') };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
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
