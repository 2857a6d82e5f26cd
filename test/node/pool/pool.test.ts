/** Runs in worker threads equal the same runs in process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { replicateSeed, runScenario } from '../../../engine/core/index.ts';
import { createRunPool, resolveBundle, resolveWorkerFile, RunTimeLimitError, type RunPool } from '../../../engine/node/pool/pool.ts';
import { scenarioWith } from '../../behaviour/arms.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../../bin/build-cli.mjs';

let pool: RunPool;
beforeAll(async () => {
  const workerFile = fileURLToPath(await buildCli('pool/worker'));
  pool = createRunPool({ threads: 2, workerFile });
});
afterAll(async () => {
  await pool?.close();
});

describe('finding a worker bundle from the sources', () => {
  it('finds the bundle built from the current sources, and says how to build one that is missing (building nothing itself)', async () => {
    await expect(resolveWorkerFile()).resolves.toMatch(/dist[\\/]node[\\/]pool-worker\.mjs$/);
    await expect(resolveBundle('no/such-entry')).rejects.toThrow(/no-such-entry\.mjs is missing: run `node bin\/build-cli\.mjs no\/such-entry`/);
  });
});

describe('the run pool', () => {
  it('gives exactly the in-process results, in seed order', async () => {
    const scenario = scenarioWith(['time.weeks=80']);
    const seeds = [1, 2, 3, 4, 5].map((r) => replicateSeed(9, r));
    const pooled = await pool.run(scenario, seeds, { trace: true });
    expect(pooled.map((r) => r.seed)).toEqual(seeds);
    seeds.forEach((seed, i) => {
      const local = runScenario(scenario, { seed, trace: i === 0 });
      expect(pooled[i].summary).toEqual(local.summary);
      expect(pooled[i].series.values.map((v) => Array.from(v))).toEqual(local.series.values.map((v) => Array.from(v)));
    });
    expect(pooled[0].trace?.trueValue.length).toBeGreaterThan(0);
    expect(pooled[1].trace).toBeUndefined();
  }, 30_000);

  it('stops a run when asked to', async () => {
    const scenario = scenarioWith(['recruitment.invitedSites=3000', 'time.weeks=1040']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    await expect(pool.run(scenario, [1, 2], { signal: controller.signal })).rejects.toThrow();
  }, 30_000);

  it('takes interactive runs before queued experiment work, and charges a time limit only for computing (two lanes)', async () => {
    const single = createRunPool({ threads: 1, workerFile: fileURLToPath(await buildCli('pool/worker')) });
    try {
      // Each batch of experiment work computes for well over a second (three runs of some 13,000
      // staff for ten years), so the quick run's wait exceeds its limit by far, while its own
      // computing (a few milliseconds) stays far inside it even on a loaded machine.
      const slow = scenarioWith(['recruitment.invitedSites=300', 'time.weeks=520']);
      const quick = scenarioWith(['time.weeks=60']);
      const finished: string[] = [];
      const note = (name: string) => (v: unknown) => {
        finished.push(name);
        return v;
      };
      // Three batches of experiment work queue up on the single worker; then a quick run arrives.
      const batches = [1, 2, 3].map((k) => single.runBatch(slow, [replicateSeed(1, k), replicateSeed(2, k), replicateSeed(5, k)]).then(note(`batch ${k}`)));
      await new Promise((r) => setTimeout(r, 50));
      const started = performance.now();
      const run = single.run(quick, [replicateSeed(3, 1)], { milliseconds: 1000 }).then(note('run'));
      await Promise.all([...batches, run]);
      const waited = performance.now() - started;
      // It went ahead of the batches still queued, right after the one computing...
      expect(finished).toEqual(['batch 1', 'run', 'batch 2', 'batch 3']);
      // ...and it waited longer than its limit for that, without being stopped.
      expect(waited).toBeGreaterThan(1000);
      // Computing past the limit is what stops a run.
      await expect(single.run(slow, [replicateSeed(4, 1)], { milliseconds: 20 })).rejects.toBeInstanceOf(RunTimeLimitError);
    } finally {
      await single.close();
    }
  }, 60_000);
});
