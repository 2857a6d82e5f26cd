/**
 * A pool of worker threads that run scenarios (piscina), for the server and for experiments.
 * Workers load a bundle of worker.ts (dist/node/pool-worker.mjs, built by the launchers; tests
 * build it themselves), so they start in a fraction of a second with no TypeScript loader.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RunResult, Scenario } from '../../core/index.ts';
import type { CsvRows, RunBatchResult, RunCsvSpec, RunTask } from './worker.ts';

export interface RunPoolOptions {
  /** Worker threads (default: the machine's cores). */
  threads?: number;
  /** The bundled worker (default: pool-worker.mjs beside the running bundle). */
  workerFile?: string;
}

export interface RunOptions {
  trace?: boolean;
  signal?: AbortSignal;
  /** Send back only summaries (and series if asked): see RunTask.slim. */
  slim?: { series: boolean };
}

export interface RunPool {
  threads: number;
  /** Run the seeds in batches across the workers; results come back in seed order. */
  run(scenario: Scenario, seeds: number[], options?: RunOptions): Promise<RunResult[]>;
  /** Run the seeds as one task on one worker (the experiment runner balances tasks itself). */
  runBatch(scenario: Scenario, seeds: number[], options?: RunOptions): Promise<RunResult[]>;
  /** Run the seeds as one task, getting back each run's CSV rows (see RunCsvSpec). */
  runCsv(scenario: Scenario, seeds: number[], spec: RunCsvSpec, options?: { signal?: AbortSignal }): Promise<CsvRows[]>;
  close(): Promise<void>;
}

export function defaultWorkerFile(): string {
  return fileURLToPath(new URL('./pool-worker.mjs', import.meta.url));
}

/**
 * The worker bundle to use: beside the running bundle (the CLI and server, in dist/node), or,
 * when ccsim runs from its TypeScript sources (a script under tsx, the tests), built now from
 * them by the same esbuild step the launchers use.
 */
export async function resolveWorkerFile(): Promise<string> {
  const sibling = defaultWorkerFile();
  if (existsSync(sibling)) return sibling;
  const builder = new URL('../../../bin/build-cli.mjs', import.meta.url).href;
  const { buildCli } = (await import(builder)) as { buildCli: (entry: string) => Promise<string> };
  return fileURLToPath(await buildCli('pool/worker'));
}

export function createRunPool(options: RunPoolOptions = {}): RunPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina({
    filename: options.workerFile ?? defaultWorkerFile(),
    // Every thread from the start: a thread started on demand joins late, cold, mid-experiment.
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
  });
  const runBatch = async (scenario: Scenario, seeds: number[], runOptions: RunOptions = {}, trace = runOptions.trace === true) => {
    const task: RunTask = { scenario, seeds, trace, slim: runOptions.slim };
    return ((await piscina.run(task, { signal: runOptions.signal })) as RunBatchResult).results;
  };
  return {
    threads,
    async run(scenario, seeds, runOptions = {}) {
      // One batch per thread (at least), so every core works and results keep their order.
      const batches = Math.min(seeds.length, threads);
      const size = Math.ceil(seeds.length / batches);
      const tasks: Array<Promise<RunResult[]>> = [];
      for (let b = 0; b < seeds.length; b += size) tasks.push(runBatch(scenario, seeds.slice(b, b + size), runOptions, runOptions.trace === true && b === 0));
      return (await Promise.all(tasks)).flat();
    },
    runBatch: (scenario, seeds, runOptions) => runBatch(scenario, seeds, runOptions),
    async runCsv(scenario, seeds, spec, runOptions = {}) {
      const task: RunTask = { scenario, seeds, csv: spec };
      return ((await piscina.run(task, { signal: runOptions.signal })) as RunBatchResult).rows!;
    },
    async close() {
      await piscina.destroy();
    },
  };
}
