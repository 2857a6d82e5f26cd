/**
 * The worker-thread side of the run pool: runs one batch of replicates of a scenario and hands
 * back plain data (structured-cloned: a batch's typed arrays are a few megabytes at most, and
 * Piscina can only move a single buffer). The same engine as in process, so a run in a worker
 * equals the same run anywhere else. Experiments ask for slim results (the summary, and the
 * series only if they keep it), which are far cheaper to send back.
 */
import { runScenario, type RunResult, type Scenario } from '../../core/index.ts';

export interface RunTask {
  scenario: Scenario;
  /** One seed per run in the batch. */
  seeds: number[];
  /** Trace the first run of the batch (every site, every week). */
  trace?: boolean;
  /** Send back only the summary, and the weekly series if `series` (no sites or events). */
  slim?: { series: boolean };
}

export interface RunBatchResult {
  results: RunResult[];
}

export default function runBatch(task: RunTask): RunBatchResult {
  return {
    results: task.seeds.map((seed, i) => {
      const result = runScenario(task.scenario, { seed, trace: task.trace === true && i === 0 });
      if (!task.slim) return result;
      return { ...result, sites: [], events: [], series: task.slim.series ? result.series : { ...result.series, values: [] } };
    }),
  };
}
