/** Runs in worker threads equal the same runs in process. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { replicateSeed, runScenario } from '../../../engine/core/index.ts';
import { createRunPool, type RunPool } from '../../../engine/node/pool/pool.ts';
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
});
