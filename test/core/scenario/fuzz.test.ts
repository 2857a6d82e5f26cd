/**
 * Fuzzing scenario files: mutated documents (wrong types, out-of-range values, missing and extra
 * keys, broken JSON) are either accepted or rejected with issues, never a crash; accepted ones run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  documentOf,
  loadDocument,
  runScenario,
  scenarioJsonSchema,
  validateDocument,
  type Json,
  type JsonObject,
  type JsonSchemaNode,
  type ScenarioIssue,
} from '../../../engine/core/index.ts';
import { expectedStaff } from '../../../engine/core/scenario/schema.ts';
import { readFileSync } from 'node:fs';

const BASE: JsonObject = JSON.parse(readFileSync('scenarios/baseline.json', 'utf8'));

/** Every path in the schema (objects and leaves), for mutations to aim at. */
function schemaPaths(node: JsonSchemaNode, path: Array<string | number> = []): Array<Array<string | number>> {
  const here = path.length ? [path] : [];
  if (node.properties) return [...here, ...Object.entries(node.properties).flatMap(([k, c]) => schemaPaths(c, [...path, k]))];
  if (node.type === 'array' && node.items) return [...here, ...schemaPaths(node.items, [...path, 0])];
  return here;
}
const PATHS = schemaPaths(scenarioJsonSchema());

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.constantFrom(0, 1, -1, 0.5, 2, 1e9, -1e-9, 52, 520, 1040, 1041),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('voluntary', 'complex', 'named', 'percent', 'rate', 'smallWorld', 'complete'),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

type Mutation = { kind: 'set'; path: Array<string | number>; value: Json } | { kind: 'delete'; path: Array<string | number> } | { kind: 'extra'; path: Array<string | number>; key: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: anyValue }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant('extra' as const), path: fc.constantFrom([], ...PATHS.filter((p) => p.length < 3)), key: fc.string({ minLength: 1, maxLength: 10 }) }),
);

function apply(doc: JsonObject, m: Mutation): JsonObject {
  const out = structuredClone(doc) as JsonObject;
  let node: Json = out;
  const path = m.path;
  for (let i = 0; i < path.length - (m.kind === 'extra' ? 0 : 1); i++) {
    const key = path[i];
    const container = node as Record<string | number, Json>;
    if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') container[key] = typeof path[i + 1] === 'number' ? [{}] : {};
    node = container[key];
  }
  const container = node as Record<string | number, Json>;
  if (m.kind === 'extra') container[m.key] = 1;
  else if (m.kind === 'delete') delete container[path[path.length - 1]];
  else container[path[path.length - 1]] = m.value;
  return out;
}

function checkIssues(issues: ScenarioIssue[]) {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    for (const field of ['code', 'file', 'expected', 'found', 'fix'] as const) expect(typeof i[field] === 'string' && i[field].length > 0).toBe(true);
  }
}

describe('fuzzed scenarios', () => {
  it('mutated documents are accepted and run, or rejected with issues; never a crash', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const data = mutations.reduce(apply, BASE);
        const result = validateDocument(documentOf(data, 'fuzz.json'));
        if (!result.ok) {
          rejected++;
          checkIssues(result.issues);
          return;
        }
        accepted++;
        if (expectedStaff(result.value) > 20_000) return;
        const run = runScenario({ ...result.value, time: { ...result.value.time, weeks: Math.min(result.value.time.weeks, 30) } }, { seed: 1 });
        expect(run.series.weeks).toBeGreaterThan(0);
        for (const [name, value] of Object.entries(run.summary)) {
          if (value !== null && !Number.isFinite(value) && name !== 'costPerUnitImproved') throw new Error(`${name} is ${value}`);
        }
      }),
      { numRuns: 400, seed: 20261126 },
    );
    console.log(`fuzz: ${accepted} accepted and run, ${rejected} rejected with issues`);
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(20);
  });

  it('broken JSON text is rejected with an issue, never a crash', () => {
    const text = readFileSync('scenarios/baseline.json', 'utf8');
    fc.assert(
      fc.property(fc.nat({ max: text.length }), fc.string({ maxLength: 3 }), fc.nat({ max: 5 }), (at, insert, cut) => {
        const broken = text.slice(0, at) + insert + text.slice(at + cut);
        const r = loadDocument('broken.json', { read: () => ({ ok: true, text: broken }), resolve: (_f, ref) => ref });
        if (r.ok) {
          const v = validateDocument(r.value);
          if (!v.ok) checkIssues(v.issues);
        } else checkIssues(r.issues);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
