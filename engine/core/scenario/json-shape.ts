/**
 * The shape of parsed JSON checked before anything else reads it. Validation, merging and error
 * reporting all walk a document, some of them recursively and some copying the path at every
 * level, so a file or request body nested thousands deep, or holding millions of values, would
 * overflow the stack or hold the thread for seconds. Real scenarios, experiments and targets are
 * a few levels deep and a few thousand values wide; these limits are far above that and far below
 * harm. The walk itself is iterative (an explicit stack), so it cannot overflow whatever it reads.
 *
 * A key named `__proto__` is refused here too: JSON.parse makes it an ordinary own property, but
 * merging it into another object (extends, --set) would replace that object's prototype.
 */
import type { ScenarioIssue } from './issues.ts';
import { formatPath } from './issues.ts';

export const JSON_SHAPE_LIMITS = {
  /** Containers (objects and lists) inside one another. The scenario format needs about 6. */
  depth: 64,
  /** Values of every kind, containers included. A scenario with 20,000 listed sites has about 200,000. */
  values: 2_000_000,
  /** Characters in one string or key. The longest field a format takes (a description) is 5,000. */
  stringLength: 100_000,
} as const;

/** Keys no document may hold (see above). */
const FORBIDDEN_KEYS = new Set(['__proto__']);

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/** The first way `value` passes the limits, as an issue naming where; undefined if it does not. */
export function checkJsonShape(value: unknown, file: string): ScenarioIssue | undefined {
  const stack: Frame[] = [{ value, depth: 0, parent: undefined, key: undefined }];
  let values = 0;
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const v = frame.value;
    if (++values > JSON_SHAPE_LIMITS.values) {
      return issueAt(frame, file, 'too-many-values', `at most ${JSON_SHAPE_LIMITS.values.toLocaleString('en-GB')} values in one document`, 'more values than that', 'Split the document, or describe many sites by counts rather than one entry each.');
    }
    if (typeof v === 'string') {
      if (v.length > JSON_SHAPE_LIMITS.stringLength) return tooLong(frame, file, v.length);
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > JSON_SHAPE_LIMITS.depth) {
      return issueAt(frame, file, 'too-deep', `at most ${JSON_SHAPE_LIMITS.depth} levels of objects and lists inside one another`, 'deeper nesting than that', 'Remove the extra levels: no setting lies deeper than a few levels (see ccsim schema).');
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const child: Frame = { value: (v as Record<string, unknown>)[key], depth, parent: frame, key };
      if (FORBIDDEN_KEYS.has(key)) {
        return issueAt(child, file, 'invalid-key', 'an ordinary setting name', JSON.stringify(key), `Remove the key ${JSON.stringify(key)}: it names no setting, and would change how objects behave.`);
      }
      if (key.length > JSON_SHAPE_LIMITS.stringLength) return tooLong(child, file, key.length);
      stack.push(child);
    }
  }
  return undefined;
}

function tooLong(frame: Frame, file: string, length: number): ScenarioIssue {
  return issueAt(frame, file, 'too-long', `at most ${JSON_SHAPE_LIMITS.stringLength.toLocaleString('en-GB')} characters in one text`, `${length.toLocaleString('en-GB')} characters`, 'Shorten the text.');
}

function issueAt(frame: Frame, file: string, code: ScenarioIssue['code'], expected: string, found: string, fix: string): ScenarioIssue {
  const path: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return { code, file, path: formatPath(path.reverse()), expected, found, fix };
}
