/**
 * A pool of worker threads that run scenarios (piscina), for the server and for experiments.
 * Workers load a bundle of worker.ts (dist/node/pool-worker.mjs, built by the launchers; tests
 * build it themselves), so they start in a fraction of a second with no TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { RunResult, Scenario } from '../../core/index.ts';
import type { RunBatchResult, RunTask } from './worker.ts';

export interface RunPoolOptions {
  /** Worker threads (default: the machine's cores). */
  threads?: number;
  /** The bundled worker (default: pool-worker.mjs beside the running bundle). */
  workerFile?: string;
}

export interface RunPool {
  threads: number;
  /** Run the seeds in batches across the workers; results come back in seed order. */
  run(scenario: Scenario, seeds: number[], options?: { trace?: boolean; signal?: AbortSignal }): Promise<RunResult[]>;
  close(): Promise<void>;
}

export function defaultWorkerFile(): string {
  return fileURLToPath(new URL('./pool-worker.mjs', import.meta.url));
}

export function createRunPool(options: RunPoolOptions = {}): RunPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina({
    filename: options.workerFile ?? defaultWorkerFile(),
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: 30_000,
  });
  return {
    threads,
    async run(scenario, seeds, runOptions = {}) {
      // One batch per thread (at least), so every core works and results keep their order.
      const batches = Math.min(seeds.length, threads);
      const size = Math.ceil(seeds.length / batches);
      const tasks: Array<Promise<RunBatchResult>> = [];
      for (let b = 0; b < seeds.length; b += size) {
        const task: RunTask = { scenario, seeds: seeds.slice(b, b + size), trace: runOptions.trace === true && b === 0 };
        tasks.push(piscina.run(task, { signal: runOptions.signal }) as Promise<RunBatchResult>);
      }
      return (await Promise.all(tasks)).flatMap((t) => t.results);
    },
    async close() {
      await piscina.destroy();
    },
  };
}
