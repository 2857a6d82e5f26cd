/**
 * Hostile request bodies (issue 11, items 4, 5, 10 and 11): each is answered with a clear 400 in
 * the project's error shape, a response of bounded size, and the server still answering.
 */
import { request } from 'node:http';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildApp, hostName } from '../../web/server/app.ts';
import { hostsFor } from '../../web/server/main.ts';
import { JSON_SHAPE_LIMITS, MAX_REPORTED_ISSUES } from '../../engine/core/index.ts';
import { serverForTests } from './test-server.ts';

const server = serverForTests();
const { postText } = server;

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
    expect((await server.app.inject('/api/health')).statusCode).toBe(200);
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
        if (r.statusCode === 202) await server.app.inject({ method: 'DELETE', url: `/api/jobs/${r.json().id}` });
      }),
      { numRuns: 200, seed: 11 },
    );
    expect((await server.app.inject('/api/health')).statusCode).toBe(200);
  });
});

describe('answers in the project\'s shape, with the right status', () => {
  it('a known API path asked with the wrong method gets 405 and Allow; an unknown one 404', async () => {
    const get = await server.app.inject('/api/run');
    expect(get.statusCode).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.json()).toMatchObject({ error: 'method-not-allowed' });
    const put = await server.app.inject({ method: 'PUT', url: '/api/jobs/abc' });
    expect(put.statusCode).toBe(405);
    expect(String(put.headers.allow).split(', ').sort()).toEqual(['DELETE', 'GET']);
    const unknown = await server.app.inject('/api/nothing-here');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'not-found' });
  });

  it('sends security headers: a content security policy, nosniff, no framing, a referrer policy', async () => {
    const r = await server.app.inject('/api/health');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('over a real socket', () => {
  /** A raw request: the path goes out exactly as written (curl --path-as-is). */
  function raw(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
    const url = new URL(base);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  it('path traversal is a plain 404 or 400, never a 500, and reads nothing', async () => {
    const live = await buildApp({ pool: server.pool, scenariosDir: 'scenarios', clientDir: resolve('scenarios') });
    const base = await live.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/lessons/../../package.json']) {
        const r = await raw(base, 'GET', path);
        expect([400, 403, 404], path).toContain(r.status);
        expect(r.body, path).not.toContain('root:');
        expect(r.body, path).not.toContain('a bug in ccsim');
      }
    } finally {
      await live.close();
    }
  });

  it('a client that never finishes its body is cut off after the request time limit', async () => {
    const live = await buildApp({ pool: server.pool, scenariosDir: 'scenarios', limits: { requestMilliseconds: 300 } });
    const base = await live.listen({ port: 0, host: '127.0.0.1' });
    try {
      const url = new URL(base);
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/api/validate', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      const outcome = await new Promise<string>((done) => {
        req.on('response', (res) => done(`status ${res.statusCode}`));
        req.on('error', (e) => done(`closed: ${(e as NodeJS.ErrnoException).code}`));
        req.write('{"scenario":');
        setTimeout(() => done('still open after 3 s'), 3_000);
      });
      req.destroy();
      expect(outcome).toMatch(/status 408|closed/);
    } finally {
      await live.close();
    }
  });
});

describe('host checking (DNS rebinding)', () => {
  it('answers only to the names it was given, whatever the port', async () => {
    const guarded = await buildApp({ pool: server.pool, scenariosDir: 'scenarios', allowedHosts: hostsFor('127.0.0.1') });
    try {
      for (const host of ['localhost:8080', '127.0.0.1:1234', '[::1]:80', 'LOCALHOST']) {
        expect((await guarded.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(200);
      }
      const evil = await guarded.inject({ url: '/api/health', headers: { host: 'rebind.example:8080' } });
      expect(evil.statusCode).toBe(400);
      expect(evil.json()).toMatchObject({ error: 'unknown-host' });
      expect(evil.json().message).toContain('--allow-host rebind.example');
    } finally {
      await guarded.close();
    }
  });

  it('knows a host name from its port and an IPv6 address from its brackets', () => {
    expect(hostName('Lab.Local:8080')).toBe('lab.local');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('example.org')).toBe('example.org');
    expect(hostsFor('0.0.0.0')).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));
    expect(hostsFor('192.168.1.20')).toEqual(['localhost', '127.0.0.1', '[::1]', '192.168.1.20']);
  });
});

describe('load shedding', () => {
  it('answers 503 with retry-after while the event loop lags, and recovers', async () => {
    const shedding = await buildApp({ pool: server.pool, scenariosDir: 'scenarios', limits: { eventLoopDelayMs: 100 } });
    try {
      await shedding.ready();
      expect((await shedding.inject('/api/health')).statusCode).toBe(200);
      // Hold the main thread again and again, as requests doing heavy work on it would: every
      // tick of the event loop comes 150 ms late.
      for (let i = 0; i < 8; i++) {
        const until = performance.now() + 150;
        while (performance.now() < until);
        await new Promise((r) => setImmediate(r));
      }
      const shed = await shedding.inject('/api/health');
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('5');
      expect(shed.json()).toMatchObject({ error: 'overloaded' });
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await shedding.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await shedding.close();
    }
  });
});
