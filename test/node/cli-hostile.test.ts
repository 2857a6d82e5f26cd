/**
 * Hostile scenario files and overrides through the real command line (issue 11): random and
 * adversarial JSON (deep, wide, long strings, prototype keys, numbers too large to hold) and
 * random --set assignments. Whatever arrives, ccsim answers with exit 0 or 2, one bounded message
 * per problem and no stack trace, and never a crash. Files are validated in batches (one process
 * reads many), so the property sees hundreds of documents in a few seconds.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORTED_ISSUES } from '../../engine/core/index.ts';

const CCSIM = join(process.cwd(), 'bin', 'ccsim.mjs');

function ccsim(args: string[]) {
  const r = spawnSync(process.execPath, [CCSIM, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccsim-cli-hostile-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify({ name: 'small', time: { weeks: 20, fundingWeeks: 10 }, recruitment: { invitedSites: 3, comparisonSites: 1 } }));
  ccsim(['version']); // builds the bundle once
});

const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'name', 'time', 'weeks', 'seed', 'extends', 'coreTeam', 'hoursPerWeek'), fc.string({ maxLength: 8 }));
/** Number literals as they may appear in a file, including ones no double holds. */
const numberText = fc.constantFrom('1e400', '-1e400', '1e-400', '1e300', '-0', '4294967296', '0.1', '9007199254740993', '1E+2');

/** The text of a scenario file, adversarial in one way or another. */
const fileText: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }).map((v) => JSON.stringify({ name: 'f', ...v })),
  fc.tuple(key, numberText).map(([k, n]) => `{"name":"n",${JSON.stringify(k)}:${n}}`),
  fc.tuple(fc.constantFrom('seed', 'time', 'coreTeam', 'description'), numberText).map(([k, n]) => (k === 'time' ? `{"name":"t","time":{"weeks":${n}}}` : k === 'coreTeam' ? `{"name":"c","coreTeam":{"hoursPerWeek":${n}}}` : `{"name":"s",${JSON.stringify(k)}:${n}}`)),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => `{"name":"deep","description":${'['.repeat(depth)}1${']'.repeat(depth)}}`),
  fc.integer({ min: 1, max: 200_000 }).map((length) => JSON.stringify({ name: 'long', description: 'x'.repeat(length) })),
  fc.integer({ min: 1, max: 50_000 }).map((n) => `{"name":"wide",${Array.from({ length: n }, (_, i) => `"k${i}":1`).join(',')}}`),
  fc.integer({ min: 1, max: 100_000 }).map((n) => JSON.stringify({ name: 'list', community: { groups: Array.from({ length: n }, () => ({})) } })),
  fc.tuple(key, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => `{"extends":"./small.json",${JSON.stringify(k)}:${JSON.stringify(v)}}`),
  fc.string({ maxLength: 40 }),
);

/** Every line of stderr is bounded, no line is a stack frame, and no file gets more than the capped issues. */
function expectClearErrors(err: string, files: string[]): void {
  expect(err).not.toMatch(/\n\s+at /);
  expect(err).not.toMatch(/a bug in ccsim/);
  for (const line of err.split('\n')) expect(line.length).toBeLessThan(1_500);
  for (const file of files) expect(err.split('\n').filter((l) => l.startsWith(`${file}:`)).length).toBeLessThanOrEqual(MAX_REPORTED_ISSUES + 1);
}

describe('hostile input through the command line (property)', () => {
  it('validates any batch of adversarial files with exit 0 or 2 and clear, bounded messages', () => {
    let batch = 0;
    fc.assert(
      fc.property(fc.array(fileText, { minLength: 5, maxLength: 30 }), (texts) => {
        batch++;
        const files = texts.map((text, i) => {
          const file = join(dir, `b${batch}-f${i}.json`);
          writeFileSync(file, text);
          return file;
        });
        const r = ccsim(['validate', ...files]);
        expect([0, 2]).toContain(r.code);
        expectClearErrors(r.err, files);
        // Every file is accounted for: ok on stdout, or named on stderr.
        for (const file of files) expect(r.out.includes(`ok ${file}`) || r.err.includes(`${file}:`)).toBe(true);
      }),
      { numRuns: 8, seed: 20261127 },
    );
  });

  it('answers any --set assignment with exit 0 or 2 and a clear message', () => {
    const path = fc.oneof(
      fc.constantFrom('time.weeks', 'seed', 'coreTeam.hoursPerWeek', 'community.groups[0].share', 'tactics.hardness', '__proto__', 'time.__proto__', 'constructor.prototype', 'community.groups[4294967295].share', 'a..b', '[0]', ''),
      fc.string({ maxLength: 12 }),
    );
    const value = fc.oneof(numberText, fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 12 }), fc.constant('{"__proto__":{"x":1}}'));
    fc.assert(
      fc.property(fc.array(fc.tuple(path, value), { minLength: 1, maxLength: 3 }), (sets) => {
        const args = ['run', join(dir, 'small.json'), '--summary', ...sets.flatMap(([p, v]) => ['--set', `${p}=${v}`])];
        const r = ccsim(args);
        expect([0, 2], args.join(' ')).toContain(r.code);
        expectClearErrors(r.err, []);
        if (r.code === 2) expect(r.err.length).toBeGreaterThan(0);
        expect(({} as Record<string, unknown>).x).toBeUndefined();
      }),
      { numRuns: 12, seed: 20261127 },
    );
  });
});
