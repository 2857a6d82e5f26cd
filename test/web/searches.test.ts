/**
 * Design searches through the server's API (app.inject): started, followed, finished with the
 * same results ccsim design writes, refused with clear errors when too large or invalid, sharing
 * the limits on jobs with experiments, and cancelled.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/server/app.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
import { searchFrom } from '../../engine/node/search/files.ts';
import { runSearch } from '../../engine/node/search/run-search.ts';
import type { Limits } from '../../web/server/limits.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

const SMALL = { name: 'small', time: { weeks: 100, fundingWeeks: 40 }, recruitment: { invitedSites: 5, comparisonSites: 2 } };
const SEARCH = {
  name: 'served search',
  scenario: SMALL,
  seed: 3,
  replicates: 2,
  levers: [
    { path: 'resources.budget', min: 100000, max: 900000 },
    { path: 'tactics.hardness', min: 0, max: 1 },
  ],
  contexts: { samples: 5, factors: [{ path: 'resources.staffTurnoverPerYear', min: 0.05, max: 0.3 }] },
  objectives: [{ metric: 'programmeEffectOneYearAfter' }, { metric: 'costFull', goal: 'min' }],
  thresholds: [{ metric: 'programmeEffectOneYearAfter', atLeast: 0.3 }],
  search: { population: 4, generations: 1 },
};

let pool: RunPool;
let app: FastifyInstance;
// These tests check answers, not load shedding (hostile.test.ts does, with a limit of its own):
// a machine busy with the rest of the suite must not have their requests shed.
const appWith = (limits: Partial<Limits> = {}) => buildApp({ pool, scenariosDir: 'scenarios', limits: { eventLoopDelayMs: 60_000, ...limits } });
const post = (a: FastifyInstance, url: string, payload: unknown, remoteAddress?: string) => a.inject({ method: 'POST', url, payload: payload as object, ...(remoteAddress ? { remoteAddress } : {}) });

async function finish(a: FastifyInstance, id: string) {
  for (;;) {
    const s = (await a.inject(`/api/searches/${id}`)).json();
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  pool = createRunPool({ threads: 2, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  app = await appWith();
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

describe('POST /api/searches', () => {
  it('runs a search on the pool and returns what ccsim design finds, to the last digit', async () => {
    const started = await post(app, '/api/searches', { search: SEARCH });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ state: 'running', maxRuns: 4 * 2 * 5 * 2 });
    const done = await finish(app, started.json().id);
    expect(done.state).toBe('done');
    expect(done.progress).toMatchObject({ generation: 2, generations: 2 });
    const result = done.result;
    expect(result.designs.length).toBeGreaterThanOrEqual(4);
    expect(result.designs.filter((d: { own: boolean }) => d.own)).toHaveLength(1);
    expect(result.designs.some((d: { onFront: boolean }) => d.onFront)).toBe(true);
    const front = result.designs.filter((d: { onFront: boolean }) => d.onFront);
    expect(front.every((d: { robustness: object; failsWhen: unknown[] }) => d.robustness && Array.isArray(d.failsWhen))).toBe(true);
    expect(result.willingnessToPay[0]).toBe(0);
    // The same search from the command line's runner gives the same results.json.
    const loaded = searchFrom(SEARCH, 'request body: search', () => ({ ok: false, issues: [] }));
    if (!loaded.ok) throw new Error('the search should load');
    const out = join(mkdtempSync(join(tmpdir(), 'ccsim-served-search-')), 'out');
    await runSearch(loaded.value, { out, pool });
    expect(result).toEqual(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')));
  }, 120_000);

  it('refuses an invalid search with where and how to fix it', async () => {
    const bad = await post(app, '/api/searches', { search: { ...SEARCH, objectives: [{ metric: 'costFull' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid-search' });
    expect(JSON.stringify(bad.json().issues)).toContain('Add \\"goal\\": \\"min\\"');
    const file = await post(app, '/api/searches', { search: { ...SEARCH, scenario: 'baseline.json' } });
    expect(file.statusCode).toBe(400);
    expect(file.json().issues[0].fix).toContain('Put the scenario object itself');
    const body = await post(app, '/api/searches', { nope: 1 });
    expect(body.statusCode).toBe(400);
    expect(body.json().error).toBe('invalid-body');
  });

  it('refuses a search larger than the limits before running anything', async () => {
    const big = await post(app, '/api/searches', { search: { ...SEARCH, contexts: { ...SEARCH.contexts, samples: 2000 } } });
    expect(big.statusCode).toBe(422);
    expect(big.json().error).toBe('search-too-large');
    expect(big.json().message).toContain('ccsim design');
  });

  it('shares the limit on jobs at once with experiments, and cancels', async () => {
    const one = await appWith({ concurrentJobs: 1 });
    try {
      const slow = { ...SEARCH, replicates: 20, search: { population: 8, generations: 3 } };
      const started = await post(one, '/api/searches', { search: slow });
      expect(started.statusCode).toBe(202);
      const experiment = { name: 'e', scenario: SMALL, replicates: 2, parameters: [{ path: 'tactics.hardness', values: [0, 1] }] };
      const refused = await post(one, '/api/jobs', { experiment }, '10.0.0.9');
      expect(refused.statusCode).toBe(429);
      expect(refused.json().message).toContain('experiments or searches');
      const cancelled = await one.inject({ method: 'DELETE', url: `/api/searches/${started.json().id}` });
      expect(cancelled.json().state).toBe('cancelled');
      expect((await post(one, '/api/jobs', { experiment }, '10.0.0.9')).statusCode).toBe(202);
      expect((await one.inject('/api/searches/nope')).statusCode).toBe(404);
    } finally {
      await one.close();
    }
  }, 60_000);
});
