/** Issue 11, item 12: an experiment on many workers prints no MaxListenersExceededWarning. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { documentOf } from '../../../engine/core/index.ts';
import { ExperimentSchema } from '../../../engine/core/experiment/schema.ts';
import { prepareExperiment } from '../../../engine/core/experiment/prepare.ts';
import { executeExperiment } from '../../../engine/node/experiment/execute.ts';
import { createRunPool } from '../../../engine/node/pool/pool.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../../bin/build-cli.mjs';

describe('an experiment on many workers', () => {
  it('adds no more abort listeners than it says it will (no warning at 8 workers)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    const pool = createRunPool({ threads: 8, workerFile: fileURLToPath(await buildCli('pool/worker')) });
    try {
      const experiment = ExperimentSchema.parse({ name: 'wide', scenario: {}, replicates: 16, parameters: [{ path: 'tactics.hardness', values: [0, 0.5] }] });
      const prepared = prepareExperiment(experiment, documentOf({ name: 'small', time: { weeks: 30, fundingWeeks: 20 } }, 'test'), 'test');
      if (!prepared.ok) throw new Error('bad experiment');
      let results = 0;
      await executeExperiment(prepared.value, { pool, signal: new AbortController().signal, runsPerTask: 1, onResult: () => results++ });
      expect(results).toBe(32);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await pool.close();
    }
  }, 60_000);
});
