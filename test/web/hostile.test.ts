/**
 * Hostile request bodies (issue 11, items 4, 5, 10 and 11): each is answered with a clear 400 in
 * the project's error shape, a response of bounded size, and the server still answering.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/server/app.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
import { JSON_SHAPE_LIMITS, MAX_REPORTED_ISSUES } from '../../engine/core/index.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

let pool: RunPool;
let app: FastifyInstance;

beforeAll(async () => {
  pool = createRunPool({ threads: 1, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  app = await buildApp({ pool, scenariosDir: 'scenarios' });
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

/** A body sent as raw text, exactly as an attacker would write it. */
const postText = (url: string, payload: string) => app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

function nested(depth: number): string {
  return `{"scenario":{"name":"deep","description":${'['.repeat(depth)}1${']'.repeat(depth)}}}`;
}

describe('hostile request bodies', () => {
  it.each(['/api/run', '/api/validate', '/api/jobs'])('refuses JSON nested 10,000 deep at %s with a clear 400 (no stack overflow, no 500)', async (url) => {
    const r = await postText(url, nested(10_000));
    expect(r.statusCode).toBe(400);
    const body = r.json();
    expect(body.error).toBe('invalid-body');
    expect(body.issues[0]).toMatchObject({ code: 'too-deep', file: 'request body' });
    expect(body.issues[0].expected).toContain(String(JSON_SHAPE_LIMITS.depth));
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });

  it('accepts nesting up to the limit (the limit is not a typo away from real scenarios)', async () => {
    // depth counts containers: the body object, scenario, then the lists.
    const r = await postText('/api/validate', nested(JSON_SHAPE_LIMITS.depth - 2));
    expect(r.statusCode).toBe(400);
    // Read, then refused by the scenario's schema: a description is text.
    expect(r.json()).toMatchObject({ error: 'invalid-scenario', issues: [{ path: 'description', code: 'wrong-type' }] });
  });

  it('answers an experiment of 240,000 empty strings with a bounded answer, before building any point', async () => {
    const values = JSON.stringify(Array.from({ length: 240_000 }, () => ''));
    const r = await postText('/api/jobs', `{"experiment":{"name":"wide","scenario":{"name":"s"},"parameters":[{"path":"tactics.hardness","values":${values}}]}}`);
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toBe('experiment-too-large');
    expect(r.json().message).toMatch(/240,000 design points/);
    expect(r.body.length).toBeLessThan(2_000);
  });

  it('lists at most MAX_REPORTED_ISSUES problems and counts the rest', async () => {
    const groups = JSON.stringify(Array.from({ length: 8 }, () => ({ name: '', share: 'x', status: 'y', practiceRole: 'z' })));
    const keys = Array.from({ length: 100 }, (_, i) => `"k${i}":1`).join(',');
    const r = await postText('/api/run', `{"scenario":{"name":"many",${keys},"community":{"groups":${groups}}}}`);
    expect(r.statusCode).toBe(400);
    const issues = r.json().issues;
    expect(issues.length).toBe(MAX_REPORTED_ISSUES + 1);
    expect(issues.at(-1)).toMatchObject({ code: 'more-issues' });
    const more = Number(issues.at(-1).found.replace(/[^0-9]/g, ''));
    expect(more).toBeGreaterThan(100 - MAX_REPORTED_ISSUES);
    expect(r.json().message).toBe(`the scenario has ${MAX_REPORTED_ISSUES + more} problems`);
  });

  it('answers 50,000 unknown keys with a bounded response', async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',');
    const r = await postText('/api/run', `{"scenario":{"name":"keys",${keys}}}`);
    expect(r.statusCode).toBe(400);
    expect(r.json().issues.length).toBe(MAX_REPORTED_ISSUES + 1);
    expect(r.body.length).toBeLessThan(50_000);
  });

  it('refuses a __proto__ key by name, not as invalid JSON, and nothing is polluted', async () => {
    const r = await postText('/api/run', '{"scenario":{"name":"p","__proto__":{"polluted":true}}}');
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0]).toMatchObject({ code: 'invalid-key', path: 'scenario.__proto__' });
    expect(r.json().message).not.toMatch(/not valid JSON/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still calls broken JSON broken, with where', async () => {
    const r = await postText('/api/run', '{"scenario": {"name": "x",,}}');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ error: 'invalid-json' });
    expect(r.json().issues[0].found).toMatch(/line 1, column \d+/);
  });

  it('shows a long string by its length, not whole', async () => {
    const r = await postText('/api/validate', JSON.stringify({ scenario: { name: 'long', description: 'x'.repeat(6_000) } }));
    expect(r.statusCode).toBe(400);
    const issue = r.json().issues.find((i: { path: string }) => i.path === 'description');
    expect(issue.found).toMatch(/6,000 characters/);
    expect(issue.found.length).toBeLessThan(200);
  });

  it('refuses a string longer than any field takes before validating it', async () => {
    const r = await postText('/api/validate', JSON.stringify({ scenario: { name: 'x'.repeat(JSON_SHAPE_LIMITS.stringLength + 1) } }));
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0]).toMatchObject({ code: 'too-long', path: 'scenario.name' });
  });

  it('answers any body, random or adversarial, with a clear status in the error shape and a bounded size (property)', async () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'name', 'time', 'weeks', 'scenario', 'experiment'), fc.string({ maxLength: 8 }));
    const adversarial: fc.Arbitrary<string> = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify({ scenario: v })),
      fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }).map((v) => `{"scenario":${JSON.stringify({ name: 'f', ...v })}}`),
      fc.tuple(key, fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => `{"scenario":{"name":"p",${JSON.stringify(k)}:${JSON.stringify(v)}}}`),
      fc.integer({ min: 1, max: 5_000 }).map((d) => `{"scenario":{"name":"d","time":${'['.repeat(d)}${']'.repeat(d)}}}`),
      fc.constantFrom('1e400', '-1e400', '1e-400', '123456789012345678901234567890').map((n) => `{"scenario":{"name":"n","seed":${n},"time":{"weeks":${n}}}}`),
      fc.integer({ min: 1, max: 200_000 }).map((n) => `{"scenario":{"name":${JSON.stringify('x'.repeat(n))}}}`),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(adversarial, fc.constantFrom('/api/validate', '/api/run', '/api/jobs'), async (body, url) => {
        const r = await postText(url, body);
        expect([200, 202, 400, 413, 422, 429]).toContain(r.statusCode);
        if (r.statusCode >= 400) {
          expect(r.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
          expect(r.body.length).toBeLessThan(100_000);
        }
        if (r.statusCode === 202) await app.inject({ method: 'DELETE', url: `/api/jobs/${r.json().id}` });
      }),
      { numRuns: 200, seed: 11 },
    );
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });
});
