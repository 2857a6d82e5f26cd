/**
 * Runs a prepared experiment on a pool of worker threads. Runs are cut into small tasks (a few
 * runs of one design point each) and kept flowing: while any worker is free a task is waiting
 * for it, so no core idles at the end of a batch. Results are handed to the caller strictly in
 * run order, whatever order they finish in, so what is written is always a prefix of the run
 * list (which is what makes resuming exact); the reorder buffer is bounded, so memory stays flat
 * however many runs there are.
 *
 * Two ways to get results: whole (slim) RunResults, for callers that want the numbers (the
 * server's jobs), or the CSV rows themselves, formatted in the workers, for callers that write
 * them to disk (ccsim experiment): then the main thread only writes text, and leaves the cores
 * to the workers.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import type { RunResult } from '../../core/index.ts';
import type { PreparedExperiment } from '../../core/experiment/prepare.ts';
import type { PlannedRun, RunList } from '../../core/experiment/runs.ts';
import { metricNames, runKeyCells } from '../../core/experiment/aggregate.ts';
import type { RunPool } from '../pool/pool.ts';
import type { CsvRows, RunCsvSpec } from '../pool/worker.ts';

export interface ExperimentProgress {
  done: number;
  total: number;
  elapsedSeconds: number;
  runsPerSecond: number;
  /** Estimated seconds left (null until a first run has finished). */
  remainingSeconds: number | null;
}

interface CommonOptions {
  pool: RunPool;
  /** The runs to do, in run order (default: all); a shard or a resume passes a subset. */
  runs?: RunList;
  onProgress?: (progress: ExperimentProgress) => void;
  signal?: AbortSignal;
  /** Runs per task (default 4: some 50 ms of work for the default scenario, so hand-over costs little). */
  runsPerTask?: number;
}

export interface ExecuteOptions extends CommonOptions {
  onResult: (run: PlannedRun, result: RunResult) => void;
  /** Whether results must carry the weekly series (else only summaries come back). */
  series?: boolean;
}

export interface ExecuteCsvOptions extends CommonOptions {
  /** A run's rows of runs.csv and series.csv, in run order. */
  onRows: (run: PlannedRun, rows: CsvRows) => void;
}

/** Runs with whole (slim) results. */
export function executeExperiment(prepared: PreparedExperiment, options: ExecuteOptions): Promise<void> {
  return flow<RunResult>(prepared, options, (task) =>
    options.pool.runBatch(
      prepared.scenarios.get(task[0].point.id)!,
      task.map((r) => r.seed),
      { signal: options.signal, slim: { series: options.series === true } },
    ),
  );
}

/** Runs whose rows the workers format as CSV (runs.csv, and series.csv if the experiment keeps it). */
export function executeExperimentToCsv(prepared: PreparedExperiment, options: ExecuteCsvOptions): Promise<void> {
  const { experiment, points } = prepared;
  const metrics = metricNames(experiment);
  const spec = (task: PlannedRun[]): RunCsvSpec => ({
    keys: task.map((r) => runKeyCells(experiment, points, r.run, r.point, r.replicate, r.seed)),
    runs: task.map((r) => r.run),
    metrics,
    series: experiment.outputs.series,
    seriesColumns: prepared.seriesColumns,
  });
  return flow<CsvRows>(prepared, { ...options, onResult: options.onRows }, (task) =>
    options.pool.runCsv(prepared.scenarios.get(task[0].point.id)!, task.map((r) => r.seed), spec(task), { signal: options.signal }),
  );
}

interface FlowOptions<T> extends CommonOptions {
  onResult: (run: PlannedRun, result: T) => void;
}

/** Runs grouped into tasks together (see makeTasks). */
const TASK_WINDOW = 256;
/** Finished runs held back for an earlier one, at most (beyond this, new tasks wait). */
const WAITING_LIMIT = 2 * TASK_WINDOW;

async function flow<T>(prepared: PreparedExperiment, options: FlowOptions<T>, submit: (task: PlannedRun[]) => Promise<T[]>): Promise<void> {
  const runs = options.runs ?? prepared.runs;
  const { pool } = options;
  const started = performance.now();
  let done = 0;
  const report = () => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    options.onProgress?.({ done, total: runs.length, elapsedSeconds: elapsed, runsPerSecond: rate, remainingSeconds: done > 0 && rate > 0 ? (runs.length - done) / rate : null });
  };
  report();
  if (runs.length === 0) return;

  const tasks = makeTasks(runs, options.runsPerTask ?? 4);
  const inFlightLimit = pool.threads * 2;
  // Every task in flight listens to the one signal: at 6 workers and more that passes Node's
  // default of 10 listeners, which is no leak, so say how many to expect.
  if (options.signal) setMaxListeners(Math.max(getMaxListeners(options.signal), inFlightLimit + 10), options.signal);
  // Results waiting for an earlier run to finish, by position in `runs`.
  const waiting = new Map<number, T>();
  let next = 0; // position of the next run to hand over
  let exhausted = false;
  let failure: unknown;

  const deliver = () => {
    while (waiting.has(next)) {
      const result = waiting.get(next)!;
      waiting.delete(next);
      options.onResult(runs.at(next), result);
      next++;
      done++;
    }
  };

  await new Promise<void>((resolve, reject) => {
    let active = 0;
    const pump = () => {
      if (failure !== undefined) {
        if (active === 0) reject(failure);
        return;
      }
      // Bound the reorder buffer: do not start work far ahead of the oldest unfinished run (but
      // never stall: with nothing running, the task holding that run must still be started).
      while (active < inFlightLimit && !exhausted && (waiting.size < WAITING_LIMIT || active === 0)) {
        const step = tasks.next();
        if (step.done) {
          exhausted = true;
          break;
        }
        const task = step.value;
        active++;
        submit(task.runs).then(
          (results) => {
            active--;
            task.positions.forEach((p, i) => waiting.set(p, results[i]));
            try {
              deliver();
              report();
            } catch (err) {
              failure = err;
            }
            if (failure === undefined && next === runs.length) resolve();
            else pump();
          },
          (err: unknown) => {
            active--;
            failure ??= err;
            pump();
          },
        );
      }
      if (active === 0 && exhausted && next < runs.length && failure === undefined) reject(new Error(`internal error: ${runs.length - next} runs never finished`));
    };
    pump();
  });
}

interface Task {
  runs: PlannedRun[];
  /** Their positions in the run list. */
  positions: number[];
}

/**
 * Tasks of up to `size` runs that share a design point, taken in run order within windows of a
 * few hundred runs (runs are interleaved by replicate, so same-point runs are spread out), made
 * as they are needed.
 */
function* makeTasks(runs: RunList, size: number): Generator<Task> {
  for (let start = 0; start < runs.length; start += TASK_WINDOW) {
    const byPoint = new Map<string, Task>();
    const end = Math.min(runs.length, start + TASK_WINDOW);
    for (let p = start; p < end; p++) {
      const run = runs.at(p);
      let group = byPoint.get(run.point.id);
      if (!group) byPoint.set(run.point.id, (group = { runs: [], positions: [] }));
      group.runs.push(run);
      group.positions.push(p);
      if (group.runs.length === size) {
        yield group;
        byPoint.delete(run.point.id);
      }
    }
    for (const group of byPoint.values()) yield group;
  }
}
