/**
 * The worker-thread side of the run pool: runs one batch of replicates of a scenario and hands
 * back plain data (structured-cloned: a batch's typed arrays are a few megabytes at most, and
 * Piscina can only move a single buffer). The same engine as in process, so a run in a worker
 * equals the same run anywhere else.
 */
import { runScenario, type RunResult, type Scenario } from '../../core/index.ts';

export interface RunTask {
  scenario: Scenario;
  /** One seed per run in the batch. */
  seeds: number[];
  /** Trace the first run of the batch (every site, every week). */
  trace?: boolean;
}

export interface RunBatchResult {
  results: RunResult[];
}

export default function runBatch(task: RunTask): RunBatchResult {
  return { results: task.seeds.map((seed, i) => runScenario(task.scenario, { seed, trace: task.trace === true && i === 0 })) };
}
