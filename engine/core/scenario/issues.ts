/**
 * Problems with a scenario, as values: each says where (file and path), what was expected, what
 * was found and how to fix it, under a stable code. The CLI prints them, the server returns them
 * as JSON, and the web client shows each beside the control at its path.
 */
import type { z } from 'zod';
import { schemaNodeAt, type JsonSchemaNode } from './json-schema.ts';
import { FORMAT_CHANGES, SCENARIO_FORMAT_VERSION } from './schema.ts';

export const ISSUE_CODES = [
  'invalid-json',
  'file-not-found',
  'file-unreadable',
  'extends-cycle',
  'extends-invalid',
  'unknown-key',
  'missing',
  'wrong-type',
  'not-integer',
  'too-small',
  'too-large',
  'not-an-option',
  'too-few',
  'too-many',
  'invalid-value',
  'bad-set',
  'too-deep',
  'too-long',
  'too-many-values',
  'invalid-key',
  'more-issues',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface ScenarioIssue {
  code: IssueCode;
  /** The file the offending value came from ('--set' for a command-line override). */
  file: string;
  /** Dotted path inside the scenario, with [i] for list items; '' for the whole file. */
  path: string;
  expected: string;
  found: string;
  fix: string;
}

/**
 * Most issues reported at once. A list of 240,000 wrong values is one mistake repeated; reporting
 * each would make a 40 MB answer. The rest are counted in one last issue ('more-issues').
 */
export const MAX_REPORTED_ISSUES = 50;

/** At most MAX_REPORTED_ISSUES issues, then one that counts the rest. */
export function capIssues(issues: ScenarioIssue[], total = issues.length): ScenarioIssue[] {
  if (total <= MAX_REPORTED_ISSUES) return issues;
  const shown = issues.slice(0, MAX_REPORTED_ISSUES);
  const more = total - MAX_REPORTED_ISSUES;
  return [
    ...shown,
    {
      code: 'more-issues',
      file: shown[shown.length - 1].file,
      path: '',
      expected: `at most ${MAX_REPORTED_ISSUES} problems listed at once`,
      found: `${more.toLocaleString('en-GB')} more problem${more === 1 ? '' : 's'}`,
      fix: 'Fix the problems listed (the rest are often the same mistake repeated), then check again.',
    },
  ];
}

/** How many problems a capped list stands for. */
export function issueCount(issues: ScenarioIssue[]): number {
  const last = issues[issues.length - 1];
  if (last?.code !== 'more-issues') return issues.length;
  return issues.length - 1 + Number(last.found.replace(/[^0-9]/g, ''));
}

export function formatIssue(issue: ScenarioIssue): string {
  const where = issue.path ? `${issue.file}: ${issue.path}` : issue.file;
  return `${where}: expected ${issue.expected}, got ${issue.found}. ${issue.fix}`;
}

/** Dotted form of a path: community.groups[1].share. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as a user would recognise it in their file. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // A long text is shown by its start and its length: echoing 6,000 characters helps nobody.
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 40))}... (${value.length.toLocaleString('en-GB')} characters)` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  // A short list of plain values is shown whole (a range, a pair of weeks); anything else is summarised.
  if (Array.isArray(value)) {
    if (value.length === 0) return 'an empty list';
    const plain = value.every((v) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 20));
    return plain && value.length <= 6 ? `[${value.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ')}]` : `a list of ${value.length}`;
  }
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** What the issues are about: the JSON Schema that describes it, and what to call it. */
export interface IssueSubject {
  schema?: JsonSchemaNode;
  /** 'scenario' or 'experiment'. */
  noun: string;
}

const SCENARIO: IssueSubject = { noun: 'scenario' };

/** Turn zod issues into scenario issues; `fileOf` says which file supplied the value at a path. */
export function fromZodIssues(issues: z.core.$ZodIssue[], fileOf: (path: PropertyKey[]) => string, subject: IssueSubject = SCENARIO): ScenarioIssue[] {
  // Only the issues reported are translated (each looks up its schema node), the rest counted.
  const out: ScenarioIssue[] = [];
  let total = 0;
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (++total > MAX_REPORTED_ISSUES) continue;
        const path = [...issue.path, key];
        out.push(unknownKey(path, fileOf(path), subject));
      }
      continue;
    }
    const translated = translate(issue, fileOf(issue.path), subject);
    // Two checks can fail on one value with the same words (a seed of 1e300 breaks both the
    // safe-integer and the maximum check): say it once.
    const last = out[out.length - 1];
    if (last && formatIssue(last) === formatIssue(translated)) continue;
    if (++total > MAX_REPORTED_ISSUES) continue;
    out.push(translated);
  }
  return capIssues(out, total);
}

function translate(issue: z.core.$ZodIssue, file: string, subject: IssueSubject): ScenarioIssue {
  const path = issue.path as Array<string | number>;
  const node = schemaNodeAt(path, subject.schema);
  const input = (issue as { input?: unknown }).input;
  const at = formatPath(path);
  const base = { file, path: at, found: describeValue(input) };
  const name = node?.title ? `${node.title}` : at || `the ${subject.noun}`;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) {
        return { ...base, code: 'missing', expected: expectedOf(node, issue.expected), fix: `Add ${at || 'it'} (${node?.description ?? 'required'}).` };
      }
      const integer = issue.expected === 'int' || node?.type === 'integer';
      if (integer && typeof input === 'number') {
        const example = Number.isFinite(input) ? `, such as ${Math.round(input)}` : '';
        return { ...base, code: 'not-integer', expected: expectedOf(node, 'int'), fix: `Use a whole number for ${name}${example}.` };
      }
      return { ...base, code: 'wrong-type', expected: expectedOf(node, issue.expected), fix: fixFor(node, name) };
    }
    case 'too_small':
    case 'too_big': {
      const isList = issue.origin === 'array';
      const code = isList ? (issue.code === 'too_small' ? 'too-few' : 'too-many') : issue.code === 'too_small' ? 'too-small' : 'too-large';
      return { ...base, code, expected: expectedOf(node, issue.origin), fix: fixFor(node, name) };
    }
    case 'invalid_value': {
      if (at === 'formatVersion' && typeof input === 'number' && input < SCENARIO_FORMAT_VERSION) {
        const changes = Object.entries(FORMAT_CHANGES).filter(([v]) => Number(v) > input).map(([v, text]) => `version ${v}: ${text}`);
        return { ...base, code: 'not-an-option', expected: `format ${SCENARIO_FORMAT_VERSION}`, fix: `This file is written for an earlier format, whose settings meant other things. Since then (${changes.join('; ')}). Review those settings, then set formatVersion to ${SCENARIO_FORMAT_VERSION} or remove it.` };
      }
      const options = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof input === 'string' ? closest(input, issue.values.map(String)) : undefined;
      const hint = guess ? `Did you mean ${JSON.stringify(guess)}? ` : '';
      return { ...base, code: 'not-an-option', expected: `one of ${options.join(', ')}`, fix: `${hint}Choose one of ${options.join(', ')}.` };
    }
    case 'invalid_union': {
      // Nothing there where one of several kinds of value is needed: say it is missing, and which kinds.
      if (input === undefined) {
        const kinds = ((node?.anyOf ?? node?.oneOf ?? []) as JsonSchemaNode[]).map((c) => expectedOf(c, 'a value'));
        return { ...base, code: 'missing', expected: kinds.length ? kinds.join(' or ') : 'a value', fix: `Add ${at || 'it'} (${node?.description ?? 'required'}).` };
      }
      // A choice of shapes told apart by one key (design.kind): say which values it takes.
      const options = (issue as { options?: unknown[] }).options;
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (options && discriminator) {
        const found = isRecord(input) ? input[discriminator] : input;
        const quoted = options.map((v) => JSON.stringify(v));
        const guess = typeof found === 'string' ? closest(found, options.map(String)) : undefined;
        return { ...base, code: 'not-an-option', found: describeValue(found), expected: `one of ${quoted.join(', ')}`, fix: `${guess ? `Did you mean ${JSON.stringify(guess)}? ` : ''}Choose one of ${quoted.join(', ')}.` };
      }
      const message = issue.message.replace(/^Invalid input: /, '');
      return { ...base, code: 'invalid-value', expected: message.replace(/^expected /, ''), fix: fixFor(node, name) };
    }
    default: {
      const message = issue.message.replace(/^Invalid input: /, '');
      const expected = message.startsWith('expected ') ? message.slice('expected '.length) : message;
      return { ...base, code: 'invalid-value', expected, fix: fixFor(node, name) };
    }
  }
}

function unknownKey(path: Array<PropertyKey>, file: string, subject: IssueSubject): ScenarioIssue {
  const key = String(path[path.length - 1]);
  const parentPath = path.slice(0, -1) as Array<string | number>;
  const parent = schemaNodeAt(parentPath, subject.schema);
  const known = Object.keys(parent?.properties ?? {});
  const guess = closest(key, known);
  const where = parentPath.length ? formatPath(parentPath) : `the top level of a${/^[aeiou]/.test(subject.noun) ? 'n' : ''} ${subject.noun}`;
  return {
    code: 'unknown-key',
    file,
    path: formatPath(path),
    expected: `a key ccsim knows in ${where}`,
    found: `unknown key ${JSON.stringify(key)}`,
    fix: guess
      ? `Did you mean ${JSON.stringify(guess)}? Correct the spelling or remove the key.`
      : `Remove the key; the keys here are ${known.map((k) => JSON.stringify(k)).join(', ')}.`,
  };
}

/** What a field expects, from its JSON Schema: type, bounds and unit. */
function expectedOf(node: JsonSchemaNode | undefined, fallback: string): string {
  if (!node) return article(fallback);
  const unit = node.unit ? ` (${node.unit})` : '';
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  if (type === 'number' || type === 'integer') {
    const noun = type === 'integer' ? 'a whole number' : 'a number';
    return `${noun}${range(node)}${unit}`;
  }
  if (type === 'array') {
    const n = node.minItems !== undefined ? ` of at least ${node.minItems}` : '';
    const m = node.maxItems !== undefined ? `${n ? ' and' : ' of'} at most ${node.maxItems}` : '';
    return `a list${n}${m}`;
  }
  if (node.enum) return `one of ${node.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (type === 'string') {
    const most = typeof node.maxLength === 'number' ? ` of at most ${node.maxLength.toLocaleString('en-GB')} characters` : '';
    return `${node.minLength ? 'a non-empty text' : 'a text'}${most}`;
  }
  if (type === 'boolean') return 'true or false';
  if (type === 'object') return 'an object';
  return article(fallback);
}

/** A number's bounds in words: "from 0 to 1", "above 0 and at most 10", ">= 1". */
function range(node: JsonSchemaNode): string {
  const known = (x: unknown): x is number => typeof x === 'number' && Math.abs(x) < 9e15;
  const low = known(node.exclusiveMinimum) ? `above ${node.exclusiveMinimum}` : known(node.minimum) ? `${node.minimum}` : null;
  const high = known(node.exclusiveMaximum) ? `below ${node.exclusiveMaximum}` : known(node.maximum) ? `${node.maximum}` : null;
  const exclusive = known(node.exclusiveMinimum) || known(node.exclusiveMaximum);
  if (low !== null && high !== null) return exclusive ? ` ${known(node.exclusiveMinimum) ? low : `>= ${low}`} and ${known(node.exclusiveMaximum) ? high : `at most ${high}`}` : ` from ${low} to ${high}`;
  if (low !== null) return known(node.exclusiveMinimum) ? ` ${low}` : ` >= ${low}`;
  if (high !== null) return known(node.exclusiveMaximum) ? ` ${high}` : ` <= ${high}`;
  return '';
}

/** What the field is for and its default, so the user can choose a sensible value. */
function fixFor(node: JsonSchemaNode | undefined, name: string): string {
  if (!node?.description) return `Correct ${name}.`;
  const dflt = node.default !== undefined && typeof node.default !== 'object' ? ` The default is ${JSON.stringify(node.default)}.` : '';
  return `${name}: ${node.description}${dflt}`;
}

function article(word: string): string {
  const known: Record<string, string> = {
    number: 'a number',
    int: 'a whole number',
    string: 'a text',
    boolean: 'true or false',
    object: 'an object',
    array: 'a list',
  };
  return known[word] ?? word;
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a likely typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
