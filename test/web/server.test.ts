/** The server's API through app.inject, and once over a real socket. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../web/server/app.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
import { LESSON_SETS } from '../../engine/node/library/lesson-sets.ts';
import { replicateSeed, runScenario, scenarioJsonSchema } from '../../engine/core/index.ts';
import type { Limits } from '../../web/server/limits.ts';
import { scenarioWith } from '../behaviour/arms.ts';
import { withEnsembleMember } from '../../engine/core/scenario/behaviour.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

let pool: RunPool;
let app: FastifyInstance;
const SMALL = { name: 'small', time: { weeks: 40, fundingWeeks: 30 }, recruitment: { invitedSites: 5, comparisonSites: 2 } };

// These tests check answers, not load shedding (hostile.test.ts does, with a limit of its own):
// a machine busy with the rest of the suite must not have their requests shed.
async function appWith(limits: Partial<Limits> = {}) {
  return buildApp({ pool, scenariosDir: 'scenarios', limits: { eventLoopDelayMs: 60_000, ...limits } });
}

beforeAll(async () => {
  pool = createRunPool({ threads: 2, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  app = await appWith();
});
afterAll(async () => {
  await app?.close();
  await pool?.close();
});

const post = (a: FastifyInstance, url: string, payload: unknown) => a.inject({ method: 'POST', url, payload: payload as object });

describe('scenarios, schema, validation', () => {
  it('reports health and version', async () => {
    const r = await app.inject('/api/health');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, version: expect.any(String) });
  });

  it('lists and fetches bundled scenarios', async () => {
    const list = (await app.inject('/api/scenarios')).json();
    expect(list.find((s: { id: string }) => s.id === 'baseline')).toMatchObject({ title: 'A typical funded clinical community', valid: true });
    // Scenarios only (not experiments, schemas or calibration targets), and every one valid.
    expect(list.every((s: { id: string; valid: boolean }) => s.valid && !s.id.startsWith('experiments/'))).toBe(true);
    // In library order, grouped for the picker: the baseline, the workshop room, lessons 1-10 in their sets' order, the real programmes (fitted, then predicted).
    const groups = [...new Set(list.map((s: { group: string }) => s.group))];
    expect(groups.slice(0, 2)).toEqual(['Baseline', 'Workshop rooms']);
    expect(groups.slice(2, 12)).toEqual(LESSON_SETS.map((set) => `Lesson ${set.lesson}: ${set.title}`));
    expect(groups.slice(12)).toEqual(['Published programmes (one shared behaviour, fitted to them)', 'Published programmes predicted, never fitted']);
    expect(list.filter((s: { group: string }) => s.group.startsWith('Lesson 8')).map((s: { id: string }) => s.id)).toEqual(['soft-only', 'balanced', 'hard-only'].map((n) => `lessons/08-tactics/${n}`));
    const one = await app.inject('/api/scenarios/baseline');
    expect(one.statusCode).toBe(200);
    expect(one.json().scenario.name).toBe('baseline');
    const missing = await app.inject('/api/scenarios/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('unknown-scenario');
  });

  it('serves the scenario JSON Schema and the experiment schema', async () => {
    expect((await app.inject('/api/schema')).json()).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
    expect((await app.inject('/api/schema/experiment')).json().properties.design).toBeDefined();
  });

  it('validates a scenario: ok, or 400 with every issue', async () => {
    expect((await post(app, '/api/validate', { scenario: { name: 'x' } })).statusCode).toBe(200);
    const bad = await post(app, '/api/validate', { scenario: { name: 'x', tactics: { hardness: 3 }, coreTeam: { hoursPerWek: 2 } } });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.error).toBe('invalid-scenario');
    expect(body.issues.map((i: { path: string; code: string }) => `${i.code} ${i.path}`).sort()).toEqual(['too-large tactics.hardness', 'unknown-key coreTeam.hoursPerWek']);
    expect(body.issues[0].file).toBe('request body: scenario');
  });

  it('answers unknown routes and bad bodies clearly', async () => {
    expect((await app.inject('/api/nothing')).statusCode).toBe(404);
    const notJson = await app.inject({ method: 'POST', url: '/api/validate', payload: '{"scenario":', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toBe('invalid-json');
    const extra = await post(app, '/api/run', { scenario: SMALL, replicate: 3 });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().issues[0].code).toBe('unknown-key');
  });
});

describe('runs', () => {
  it('runs replicates on the pool and returns exactly what the engine gives', async () => {
    const r = await post(app, '/api/run', { scenario: SMALL, seed: 7, replicates: 3, trace: true });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length);
    // Replicates are numbered and seeded in order across the workers' batches (two threads: 1-2 and 3).
    expect(body.replicates.map((x: { replicate: number; seed: number }) => [x.replicate, x.seed])).toEqual([1, 2, 3].map((i) => [i, replicateSeed(7, i)]));
    const third = runScenario(scenarioWith([], SMALL), { seed: replicateSeed(7, 3) });
    expect(body.replicates[2].summary).toEqual(JSON.parse(JSON.stringify(third.summary)));
    const local = runScenario(scenarioWith([], SMALL), { seed: replicateSeed(7, 2) });
    expect(body.replicates[1].seed).toBe(local.seed);
    expect(body.replicates[1].summary).toEqual(JSON.parse(JSON.stringify(local.summary)));
    expect(body.replicates[1].series[body.columns.findIndex((c: { name: string }) => c.name === 'practice')][30]).toBe(local.series.values[local.series.columns.findIndex((c) => c.name === 'practice')][30]);
    expect(body.trace.trueValue.length).toBe(7 * 41);
  });

  it('runs each replicate on its own behaviour set of the fit\'s ensemble when asked for model uncertainty, as the CLI does', async () => {
    const r = await post(app, '/api/run', { scenario: SMALL, seed: 7, replicates: 3, modelUncertainty: true });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.modelUncertainty).toBe(true);
    for (const i of [1, 3]) {
      const local = runScenario(withEnsembleMember(scenarioWith([], SMALL), i), { seed: replicateSeed(7, i) });
      expect(body.replicates[i - 1].summary).toEqual(JSON.parse(JSON.stringify(local.summary)));
    }
    const noise = await post(app, '/api/run', { scenario: SMALL, seed: 7, replicates: 3 });
    expect(noise.json().modelUncertainty).toBe(false);
    expect(noise.json().replicates[0].summary).not.toEqual(body.replicates[0].summary);
  });

  it('says which week each series row is, when a baseline period comes before launch', async () => {
    const r = await post(app, '/api/run', { scenario: { ...SMALL, time: { ...SMALL.time, preWeeks: 20 } }, seed: 7, replicates: 1, trace: true });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.firstWeek).toBe(-20);
    const phase = body.replicates[0].series[body.columns.findIndex((c: { name: string }) => c.name === 'phase')];
    expect(phase).toHaveLength(20 + 40 + 1);
    expect([phase[0], phase[19], phase[20]]).toEqual([-1, -1, 0]);
    expect(body.trace.firstWeek).toBe(-20);
    expect(body.trace.frames).toBe(61);
  });

  it('refuses a trace too large to hold (sites x weeks) with 422, before running', async () => {
    const wide = { name: 'wide', time: { weeks: 1040, fundingWeeks: 30 }, recruitment: { invitedSites: 5000, comparisonSites: 0 }, community: { siteTypes: [{ name: 'tiny', share: 1, staffMean: 2 }] } };
    const traced = await post(app, '/api/run', { scenario: wide, trace: true });
    expect(traced.statusCode).toBe(422);
    expect(traced.json().error).toBe('trace-too-large');
  });

  it('rejects an invalid scenario with 400 and its issues', async () => {
    const r = await post(app, '/api/run', { scenario: { name: 'x', time: { weeks: -3 } } });
    expect(r.statusCode).toBe(400);
    expect(r.json().issues[0]).toMatchObject({ code: 'too-small', path: 'time.weeks' });
  });

  it('refuses runs beyond the limits with 422', async () => {
    const many = await post(app, '/api/run', { scenario: SMALL, replicates: 5000 });
    expect(many.statusCode).toBe(422);
    expect(many.json().error).toBe('too-many-replicates');
    const huge = await post(app, '/api/run', { scenario: { name: 'huge', recruitment: { invitedSites: 50000 }, time: { weeks: 1040 } }, replicates: 10 });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().error).toBe('run-too-large');
  });

  it('stops a run that takes too long, with 422, and keeps serving', async () => {
    const strict = await appWith({ runMilliseconds: 30 });
    const slow = await post(strict, '/api/run', { scenario: { name: 'slow', recruitment: { invitedSites: 600 }, time: { weeks: 520 } }, replicates: 2 });
    expect(slow.statusCode).toBe(422);
    expect(slow.json().error).toBe('run-time-limit');
    expect((await strict.inject('/api/health')).statusCode).toBe(200);
    await strict.close();
  });

  it('limits runs per client address, so one client cannot take every slot', async () => {
    const fair = await appWith({ runsPerClient: 1 });
    const big = { name: 'big', recruitment: { invitedSites: 200 }, time: { weeks: 520 } };
    const from = (remoteAddress: string, scenario: object) => fair.inject({ method: 'POST', url: '/api/run', payload: { scenario }, remoteAddress });
    const [a, b, c] = await Promise.all([from('10.0.0.1', big), from('10.0.0.1', SMALL), from('10.0.0.2', SMALL)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 429]);
    expect([a, b].find((r) => r.statusCode === 429)!.json().message).toContain('this address already has 1 run computing');
    expect(c.statusCode).toBe(200);
    await fair.close();
  });

  it('refuses a run beyond the concurrency limit with 429', async () => {
    const narrow = await appWith({ concurrentRuns: 1 });
    const big = { name: 'big', recruitment: { invitedSites: 200 }, time: { weeks: 520 } };
    const [a, b] = await Promise.all([post(narrow, '/api/run', { scenario: big, replicates: 2 }), post(narrow, '/api/run', { scenario: SMALL })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 429]);
    await narrow.close();
  });

  it('refuses a body over the size limit with 413', async () => {
    const tight = await appWith({ bodyBytes: 200 });
    const r = await post(tight, '/api/run', { scenario: { ...SMALL, description: 'x'.repeat(500) } });
    expect(r.statusCode).toBe(413);
    expect(r.json().error).toBe('body-too-large');
    await tight.close();
  });

  it('limits requests per minute with 429', async () => {
    const limited = await appWith({ requestsPerMinute: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.inject('/api/health')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
    await limited.close();
  });
});

describe('experiment jobs', () => {
  const experiment = {
    name: 'hardness',
    scenario: SMALL,
    replicates: 3,
    parameters: [{ path: 'tactics.hardness', values: [0, 0.5] }],
  };

  async function finish(id: string, on: FastifyInstance = app) {
    for (let i = 0; i < 200; i++) {
      const s = (await on.inject(`/api/jobs/${id}`)).json();
      if (s.state !== 'running') return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('job did not finish');
  }

  it('runs in the background and offers runs.csv and summary.csv', async () => {
    const started = await post(app, '/api/jobs', { experiment });
    expect(started.statusCode).toBe(202);
    const done = await finish(started.json().id);
    expect(done.state).toBe('done');
    expect(done.progress.done).toBe(6);
    const runs = (await app.inject(`/api/jobs/${done.id}/runs.csv`)).body.trim().split('\n');
    expect(runs[0].startsWith('run,point,tactics.hardness,replicate,seed,gapClosedAtFundingEnd')).toBe(true);
    expect(runs).toHaveLength(7);
    const summary = (await app.inject(`/api/jobs/${done.id}/summary.csv`)).body.trim().split('\n');
    expect(summary[0]).toBe('point,tactics.hardness,metric,mean,sd,lower95,upper95,n');
    expect(summary.length).toBeGreaterThan(2);
  });

  it('keeps a job\'s runs on disk, not in memory, and removes them when the job is forgotten or the server closes', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ccsim-test-'));
    const kept = await buildApp({ pool, scenariosDir: 'scenarios', limits: { keptJobs: 1, eventLoopDelayMs: 60_000 }, scratchDir: scratch });
    const folder = readdirSync(scratch);
    expect(folder).toHaveLength(1);
    const file = (id: string) => join(scratch, folder[0], `${id}.runs.csv`);
    const first = await finish((await post(kept, '/api/jobs', { experiment })).json().id, kept);
    expect(readFileSync(file(first.id), 'utf8').trim().split('\n')).toHaveLength(7);
    expect((await kept.inject(`/api/jobs/${first.id}/runs.csv`)).body).toBe(readFileSync(file(first.id), 'utf8'));
    const second = await finish((await post(kept, '/api/jobs', { experiment })).json().id, kept);
    expect(second.state).toBe('done');
    // Only one finished job is kept: the first is forgotten, its file with it.
    expect((await kept.inject(`/api/jobs/${first.id}/runs.csv`)).statusCode).toBe(404);
    expect(existsSync(file(first.id))).toBe(false);
    await kept.close();
    expect(readdirSync(scratch)).toEqual([]);
    rmSync(scratch, { recursive: true });
  });

  it('lists a client its own jobs only, limits jobs per address, and reaches any job by its id', async () => {
    const owned = await appWith({ concurrentJobs: 3, jobsPerClient: 1 });
    const long = { ...experiment, replicates: 200, scenario: { name: 'long', recruitment: { invitedSites: 100 }, time: { weeks: 520 } } };
    const start = (remoteAddress: string) => owned.inject({ method: 'POST', url: '/api/jobs', payload: { experiment: long }, remoteAddress });
    const mine = await start('10.0.0.1');
    expect(mine.statusCode).toBe(202);
    const again = await start('10.0.0.1');
    expect(again.statusCode).toBe(429);
    expect(again.json().message).toContain('this address already runs 1 experiment');
    const theirs = await start('10.0.0.2');
    expect(theirs.statusCode).toBe(202);
    const list = (remoteAddress: string) => owned.inject({ url: '/api/jobs', remoteAddress }).then((r) => r.json().map((j: { id: string }) => j.id));
    expect(await list('10.0.0.1')).toEqual([mine.json().id]);
    expect(await list('10.0.0.2')).toEqual([theirs.json().id]);
    expect(await list('10.0.0.3')).toEqual([]);
    expect((await owned.inject({ url: `/api/jobs/${mine.json().id}`, remoteAddress: '10.0.0.3' })).statusCode).toBe(200);
    await owned.close();
  });

  it('rejects invalid experiments and design points with 400, and oversized ones with 422', async () => {
    const bad = await post(app, '/api/jobs', { experiment: { ...experiment, replicates: 0 } });
    expect(bad.statusCode).toBe(400);
    const badPoint = await post(app, '/api/jobs', { experiment: { ...experiment, parameters: [{ path: 'tactics.hardness', values: [0, 7] }] } });
    expect(badPoint.statusCode).toBe(400);
    // Reported against the parameter that reaches the bad value, with the design point.
    expect(badPoint.json().issues[0].path).toBe('parameters[0]');
    expect(badPoint.json().issues[0].found).toBe('7 at design point 2');
    const huge = await post(app, '/api/jobs', { experiment: { ...experiment, replicates: 100000, scenario: { name: 'big', recruitment: { invitedSites: 2000 } } } });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().error).toBe('experiment-too-large');
  });

  it('refuses a design too large to build before building it: a million samples answer 422 at once, and the server stays up', async () => {
    const started = performance.now();
    const huge = await post(app, '/api/jobs', {
      experiment: { name: 'huge', scenario: SMALL, design: { kind: 'latin-hypercube', samples: 1_000_000 }, parameters: [{ path: 'tactics.hardness', min: 0, max: 1 }] },
    });
    expect(huge.statusCode).toBe(422);
    expect(huge.json().error).toBe('experiment-too-large');
    expect(huge.json().message).toMatch(/1 million design points/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    // Runs as well as points: a small design with too many replicates.
    const many = await post(app, '/api/jobs', { experiment: { ...experiment, replicates: 60_000 } });
    expect(many.statusCode).toBe(422);
  });

  it('cancels a job, and refuses more than the concurrent limit with 429', async () => {
    const narrow = await appWith({ concurrentJobs: 1 });
    const long = { ...experiment, replicates: 400, scenario: { name: 'long', recruitment: { invitedSites: 100 }, time: { weeks: 520 } } };
    const first = await post(narrow, '/api/jobs', { experiment: long });
    expect(first.statusCode).toBe(202);
    const second = await post(narrow, '/api/jobs', { experiment });
    expect(second.statusCode).toBe(429);
    const cancelled = await narrow.inject({ method: 'DELETE', url: `/api/jobs/${first.json().id}` });
    expect(cancelled.statusCode).toBe(200);
    // The answer is the state after the cancel, not before it (issue 11, item 10).
    expect(cancelled.json().state).toBe('cancelled');
    expect((await narrow.inject(`/api/jobs/${first.json().id}`)).json().state).toBe('cancelled');
    // A slot is free again at once.
    const third = await post(narrow, '/api/jobs', { experiment });
    expect(third.statusCode).toBe(202);
    await narrow.inject({ method: 'DELETE', url: `/api/jobs/${third.json().id}` });
    await narrow.close();
  });
});

describe('over a real socket', () => {
  it('serves the API and streams job progress as server-sent events', async () => {
    const live = await appWith();
    const address = await live.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await (await fetch(`${address}/api/health`)).json()).ok).toBe(true);
      const started = await (await fetch(`${address}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ experiment: { ...experiment(), replicates: 20 } }) })).json();
      const stream = await fetch(`${address}${started.links.events}`);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const text = await stream.text();
      expect(text).toMatch(/event: progress\ndata: \{"done":/);
      expect(text).toMatch(/event: done\n/);
    } finally {
      await live.close();
    }
  });
});

function experiment() {
  return { name: 'socket', scenario: SMALL, replicates: 2, parameters: [{ path: 'tactics.hardness', values: [0, 0.5] }] };
}
