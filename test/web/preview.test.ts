/**
 * GET /api/preview: the server's copy of a bundled scenario's replicate 1, which the studio draws
 * before its workers have started. It must be exactly what a worker computes for replicate 1,
 * computed once and kept (within a bound), and refuse what it cannot serve.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/server/app.ts';
import { PREVIEWS_KEPT } from '../../web/server/routes/preview.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
import { MAX_SEED, ScenarioSchema, replicateSeed, runScenario, seriesColumns } from '../../engine/core/index.ts';
import { CCSIM_VERSION } from '../../engine/node/version.ts';
import { decodeServedReplicate } from '../../web/client/served-replicate.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

// These tests check answers, not load shedding (hostile.test.ts does, with a limit of its own):
// a machine busy with the rest of the suite must not have their requests shed.
const QUIET = { eventLoopDelayMs: 60_000 };

let pool: RunPool;
/** The pool, counting the runs asked of it. */
let counting: RunPool & { calls: number };
let app: FastifyInstance;

beforeAll(async () => {
  pool = createRunPool({ threads: 2, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  counting = Object.assign(Object.create(pool) as RunPool, {
    calls: 0,
    runJson(...args: Parameters<RunPool['runJson']>) {
      counting.calls++;
      return pool.runJson(...args);
    },
  });
  app = await buildApp({ pool: counting, scenariosDir: 'scenarios', limits: QUIET });
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

const baseline = async () => ScenarioSchema.parse((await app.inject('/api/scenarios/baseline')).json().scenario);

describe('GET /api/preview', () => {
  it('serves replicate 1 of a bundled scenario that the studio decodes to exactly what a worker computes', async () => {
    const r = await app.inject('/api/preview/baseline');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const body = r.json();
    // The scenario's own seed (1, the studio's default), no trace (the workers send replicate 1's).
    expect(body).toMatchObject({ version: CCSIM_VERSION, seed: 1, modelUncertainty: false });
    expect(body.trace).toBeUndefined();
    const decoded = decodeServedReplicate(body, { seed: 1, version: CCSIM_VERSION });
    expect(decoded).not.toBeNull();
    const scenario = await baseline();
    const local = runScenario(scenario, { seed: replicateSeed(1, 1) });
    expect(decoded!.seed).toBe(local.seed);
    expect(decoded!.series.columns).toEqual(seriesColumns(scenario));
    // (The engine's first week without a baseline period is -0, which JSON writes as 0: the same week.)
    expect([decoded!.series.firstWeek, decoded!.series.weeks]).toEqual([local.series.firstWeek + 0, local.series.weeks]);
    // Every number of every week, to the last bit (NaN, a week with no value, included).
    expect(decoded!.series.values.length).toBe(local.series.values.length);
    decoded!.series.values.forEach((column, c) => {
      const expected = local.series.values[c];
      expect(column.length).toBe(expected.length);
      for (let w = 0; w < column.length; w++) if (!Object.is(column[w], expected[w])) throw new Error(`column ${local.series.columns[c].name} week ${w}: ${column[w]} against ${expected[w]}`);
    });
    expect(decoded!.summary).toEqual(JSON.parse(JSON.stringify(local.summary)));
    expect(decoded!.sites).toEqual(JSON.parse(JSON.stringify(local.sites)));
    expect(decoded!.events).toEqual(JSON.parse(JSON.stringify(local.events)));
  });

  it('is decoded only for the seed and version the page asks for, and only when it is one', async () => {
    const body = (await app.inject('/api/preview/baseline')).json();
    expect(decodeServedReplicate(body, { seed: 2, version: CCSIM_VERSION })).toBeNull();
    expect(decodeServedReplicate(body, { seed: 1, version: '0.0.0-other' })).toBeNull();
    expect(decodeServedReplicate({ ...body, modelUncertainty: true }, { seed: 1, version: CCSIM_VERSION })).toBeNull();
    expect(decodeServedReplicate({ ...body, replicates: [{ ...body.replicates[0], series: body.replicates[0].series.slice(1) }] }, { seed: 1, version: CCSIM_VERSION })).toBeNull();
    expect(decodeServedReplicate({ ...body, replicates: [{ ...body.replicates[0], replicate: 2 }] }, { seed: 1, version: CCSIM_VERSION })).toBeNull();
    expect(decodeServedReplicate(null, { seed: 1, version: CCSIM_VERSION })).toBeNull();
    expect(decodeServedReplicate('text', { seed: 1, version: CCSIM_VERSION })).toBeNull();
  });

  it('computes each answer once and keeps the last ones asked for, a bounded number', async () => {
    const fresh = await buildApp({ pool: counting, scenariosDir: 'scenarios', limits: QUIET });
    try {
      const before = counting.calls;
      const [a, b] = await Promise.all([fresh.inject('/api/preview/baseline?seed=11'), fresh.inject('/api/preview/baseline?seed=11')]);
      expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
      expect(counting.calls - before).toBe(1); // asked twice at once: computed once
      await fresh.inject('/api/preview/baseline?seed=11');
      expect(counting.calls - before).toBe(1); // kept
      // PREVIEWS_KEPT other answers push seed 11 out: it is computed again.
      for (let k = 0; k < PREVIEWS_KEPT; k++) expect((await fresh.inject(`/api/preview/baseline?seed=${100 + k}`)).statusCode).toBe(200);
      expect(counting.calls - before).toBe(1 + PREVIEWS_KEPT);
      const again = await fresh.inject('/api/preview/baseline?seed=11');
      expect(counting.calls - before).toBe(2 + PREVIEWS_KEPT);
      expect(again.rawPayload.equals(a.rawPayload)).toBe(true);
      expect(again.json().seed).toBe(11);
      expect(again.json().replicates[0].seed).toBe(replicateSeed(11, 1));
    } finally {
      await fresh.close();
    }
  });

  it('computes the scenarios it is told to warm as the server starts, before anyone asks', async () => {
    const before = counting.calls;
    const warm = await buildApp({ pool: counting, scenariosDir: 'scenarios', warmPreviews: ['baseline'], limits: QUIET });
    try {
      expect(counting.calls - before).toBe(1);
      expect((await warm.inject('/api/preview/baseline')).statusCode).toBe(200);
      expect(counting.calls - before).toBe(1);
    } finally {
      await warm.close();
    }
  });

  it('refuses what it cannot serve, clearly', async () => {
    const unknown = await app.inject('/api/preview/nope');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'unknown-scenario' });
    for (const seed of ['abc', '-1', '1.5', String(MAX_SEED + 1), '1e3', '']) {
      const r = await app.inject(`/api/preview/baseline?seed=${encodeURIComponent(seed)}`);
      expect(r.statusCode, seed).toBe(400);
      expect(r.json()).toMatchObject({ error: 'bad-seed', message: expect.stringContaining(`from 0 to ${MAX_SEED}`) });
    }
    const wrongMethod = await app.inject({ method: 'POST', url: '/api/preview/baseline' });
    expect(wrongMethod.statusCode).toBe(405);
  });

  it('computes no more previews at once than a run may have: beyond, 429 busy, and the server goes on', async () => {
    const narrow = await buildApp({ pool: counting, scenariosDir: 'scenarios', limits: { ...QUIET, concurrentRuns: 2 } });
    try {
      const answers = await Promise.all([301, 302, 303, 304].map((seed) => narrow.inject(`/api/preview/baseline?seed=${seed}`)));
      expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 200, 429, 429]);
      const busy = answers.find((r) => r.statusCode === 429)!;
      expect(busy.headers['retry-after']).toBe('2');
      expect(busy.json()).toMatchObject({ error: 'busy' });
      expect((await narrow.inject('/api/preview/baseline?seed=303')).statusCode).toBe(200);
    } finally {
      await narrow.close();
    }
  });
});
