/**
 * A pool of worker threads that run scenarios (piscina), for the server and for experiments.
 * Workers load a bundle of worker.ts (dist/node/pool-worker.mjs, built by the launchers; tests
 * build it themselves), so they start in a fraction of a second with no TypeScript loader.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina, type PiscinaTask, type TaskQueue } from 'piscina';
import type { RunResult, Scenario } from '../../core/index.ts';
import { TIME_LIMIT_PREFIX, type CsvRows, type RunBatchResult, type RunCsvSpec, type RunJson, type RunTask } from './worker.ts';

export interface RunPoolOptions {
  /** Worker threads (default: the machine's cores). */
  threads?: number;
  /** The bundled worker (default: pool-worker.mjs beside the running bundle). */
  workerFile?: string;
}

export interface RunOptions {
  trace?: boolean;
  signal?: AbortSignal;
  /**
   * Longest each batch may compute, in milliseconds, counted from when a worker starts it (time
   * waiting in the queue is not charged). Past it the batch fails with a RunTimeLimitError.
   */
  milliseconds?: number;
  /** Send back only summaries (and series if asked): see RunTask.slim. */
  slim?: { series: boolean };
  /** Run replicate r on behaviour set r of the fitted model's ensemble: see RunTask.modelUncertainty. */
  modelUncertainty?: boolean;
}

export interface RunPool {
  threads: number;
  /** Run the seeds in batches across the workers, ahead of any experiment's; results come back in seed order. */
  run(scenario: Scenario, seeds: number[], options?: RunOptions): Promise<RunResult[]>;
  /** As run, but the runs come back as the API's JSON, written in the workers (see run-json.ts). */
  runJson(scenario: Scenario, seeds: number[], options?: RunOptions): Promise<RunJson>;
  /** Run the seeds as one task on one worker (the experiment runner balances tasks itself). */
  runBatch(scenario: Scenario, seeds: number[], options?: RunOptions): Promise<RunResult[]>;
  /** Run the seeds as one task, getting back each run's CSV rows (see RunCsvSpec). */
  runCsv(scenario: Scenario, seeds: number[], spec: RunCsvSpec, options?: { signal?: AbortSignal }): Promise<CsvRows[]>;
  close(): Promise<void>;
}

export function defaultWorkerFile(): string {
  return fileURLToPath(new URL(`./${bundleName('pool/worker')}`, import.meta.url));
}

/** The file name build-cli.mjs gives an entry's bundle: 'pool/worker' -> pool-worker.mjs. */
function bundleName(entry: string): string {
  return `${entry.replace(/^web\//, 'web-').replaceAll('/', '-')}.mjs`;
}

/**
 * A worker bundle to use: beside the running bundle (the CLI and server, in dist/node), or, when
 * ccsim runs from its TypeScript sources (a script under tsx, the tests), the project's own
 * dist/node bundle, if it is as new as the sources (a stale one would run other code than the
 * caller's: an error says how to rebuild it). Nothing is built here: the launchers, `npm test`
 * and `node bin/build-cli.mjs` build bundles. `entry` is named as build-cli.mjs names it.
 */
export async function resolveBundle(entry: string): Promise<string> {
  const name = bundleName(entry);
  const sibling = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (existsSync(sibling)) return sibling;
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const built = join(root, 'dist', 'node', name);
  const rebuild = `run \`node bin/build-cli.mjs ${entry}\` (npm start, npm test and the ccsim launcher build it themselves), or pass its path as workerFile`;
  if (!existsSync(built)) throw new Error(`ccsim's worker bundle ${built} is missing: ${rebuild}`);
  const newest = Math.max(newestSource(join(root, 'engine')), newestSource(join(root, 'web')), mtimeOf(join(root, 'scenarios', 'behaviour.json')));
  if (statSync(built).mtimeMs < newest) throw new Error(`ccsim's worker bundle ${built} is older than the sources: ${rebuild}`);
  return built;
}

/** The newest TypeScript source under a folder (its modification time). */
function newestSource(dir: string, newest = 0): number {
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOf(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

/** The run pool's worker bundle (see resolveBundle). */
export function resolveWorkerFile(): Promise<string> {
  return resolveBundle('pool/worker');
}

/** A batch stopped because it computed for longer than it was allowed. */
export class RunTimeLimitError extends Error {
  override name = 'RunTimeLimitError';
}

type Lane = 'interactive' | 'batch';
const LANE = Piscina.queueOptionsSymbol;

/**
 * Two lanes: a worker that comes free takes the oldest interactive task (a run someone is waiting
 * for) before any batch task (an experiment's), so a long experiment never starves a quick run.
 * Within a lane, first come first served.
 */
class LaneQueue implements TaskQueue {
  private readonly lanes: Record<Lane, PiscinaTask[]> = { interactive: [], batch: [] };
  get size(): number {
    return this.lanes.interactive.length + this.lanes.batch.length;
  }
  private laneOf(task: PiscinaTask): PiscinaTask[] {
    const options = (task as unknown as Record<symbol, { lane?: Lane } | null>)[LANE];
    return options?.lane === 'interactive' ? this.lanes.interactive : this.lanes.batch;
  }
  push(task: PiscinaTask): void {
    this.laneOf(task).push(task);
  }
  unshift(task: PiscinaTask): void {
    this.laneOf(task).unshift(task);
  }
  shift(): PiscinaTask | null {
    return this.lanes.interactive.shift() ?? this.lanes.batch.shift() ?? null;
  }
  remove(task: PiscinaTask): void {
    const lane = this.laneOf(task);
    const i = lane.indexOf(task);
    if (i >= 0) lane.splice(i, 1);
  }
}

export function createRunPool(options: RunPoolOptions = {}): RunPool {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const piscina = new Piscina({
    taskQueue: new LaneQueue(),
    filename: options.workerFile ?? defaultWorkerFile(),
    // Every thread from the start: a thread started on demand joins late, cold, mid-experiment.
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
  });
  const submit = async (task: RunTask, lane: Lane, signal: AbortSignal | undefined): Promise<RunBatchResult> => {
    try {
      return (await piscina.run(Object.assign(task, { [LANE]: { lane } }), { signal })) as RunBatchResult;
    } catch (err) {
      // The worker's error arrives as a plain Error; give the time limit its own type again.
      if (err instanceof Error && err.message.startsWith(TIME_LIMIT_PREFIX)) throw new RunTimeLimitError(err.message.slice(TIME_LIMIT_PREFIX.length));
      throw err;
    }
  };
  const runBatch = async (scenario: Scenario, seeds: number[], runOptions: RunOptions = {}, trace = runOptions.trace === true, lane: Lane = 'batch') => {
    const task: RunTask = { scenario, seeds, trace, slim: runOptions.slim, milliseconds: runOptions.milliseconds };
    return (await submit(task, lane, runOptions.signal)).results;
  };
  /** One batch per thread (at least), so every core works; each batch knows where its seeds start. */
  const interactiveBatches = (seeds: number[]) => {
    const size = Math.ceil(seeds.length / Math.min(seeds.length, threads));
    const batches: Array<{ first: number; seeds: number[] }> = [];
    for (let b = 0; b < seeds.length; b += size) batches.push({ first: b, seeds: seeds.slice(b, b + size) });
    return batches;
  };
  return {
    threads,
    async run(scenario, seeds, runOptions = {}) {
      const tasks = interactiveBatches(seeds).map((b) => runBatch(scenario, b.seeds, runOptions, runOptions.trace === true && b.first === 0, 'interactive'));
      return (await Promise.all(tasks)).flat();
    },
    async runJson(scenario, seeds, runOptions = {}) {
      const tasks = interactiveBatches(seeds).map(async (b) => {
        const task: RunTask = {
          scenario,
          seeds: b.seeds,
          trace: runOptions.trace === true && b.first === 0,
          milliseconds: runOptions.milliseconds,
          json: { firstReplicate: b.first + 1 },
          modelUncertainty: runOptions.modelUncertainty,
        };
        return (await submit(task, 'interactive', runOptions.signal)).json!;
      });
      const parts = await Promise.all(tasks);
      return { replicates: parts.flatMap((p) => p.replicates), trace: parts[0]?.trace };
    },
    runBatch: (scenario, seeds, runOptions) => runBatch(scenario, seeds, runOptions),
    async runCsv(scenario, seeds, spec, runOptions = {}) {
      return (await submit({ scenario, seeds, csv: spec }, 'batch', runOptions.signal)).rows!;
    },
    async close() {
      await piscina.destroy();
    },
  };
}
