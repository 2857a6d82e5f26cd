/**
 * Runs a prepared experiment on a pool of worker threads. Runs are cut into small tasks (a few
 * runs of one design point each) and kept flowing: while any worker is free a task is waiting
 * for it, so no core idles at the end of a batch. Results are handed to the caller strictly in
 * run order, whatever order they finish in, so what is written is always a prefix of the run
 * list (which is what makes resuming exact); the reorder buffer is bounded, so memory stays flat
 * however many runs there are.
 */
import type { RunResult } from '../../core/index.ts';
import type { PreparedExperiment } from '../../core/experiment/prepare.ts';
import type { PlannedRun } from '../../core/experiment/runs.ts';
import type { RunPool } from '../pool/pool.ts';

export interface ExperimentProgress {
  done: number;
  total: number;
  elapsedSeconds: number;
  runsPerSecond: number;
  /** Estimated seconds left (null until a first run has finished). */
  remainingSeconds: number | null;
}

export interface ExecuteOptions {
  pool: RunPool;
  /** The runs to do, in run order (default: all); a shard or a resume passes a subset. */
  runs?: PlannedRun[];
  onResult: (run: PlannedRun, result: RunResult) => void;
  onProgress?: (progress: ExperimentProgress) => void;
  signal?: AbortSignal;
  /** Whether results must carry the weekly series (else only summaries come back). */
  series?: boolean;
  /** Runs per task (default: about 40 ms of work for the default scenario; fewer for big scenarios). */
  runsPerTask?: number;
}

interface Task {
  runs: PlannedRun[];
}

/** Runs grouped into tasks together (see makeTasks). */
const TASK_WINDOW = 256;
/** Finished runs held back for an earlier one, at most (beyond this, new tasks wait). */
const WAITING_LIMIT = 2 * TASK_WINDOW;

export async function executeExperiment(prepared: PreparedExperiment, options: ExecuteOptions): Promise<void> {
  const runs = options.runs ?? prepared.runs;
  const { pool, signal } = options;
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
  // Results waiting for an earlier run to finish, by position in `runs`.
  const waiting = new Map<number, RunResult>();
  const position = new Map<number, number>(runs.map((r, i) => [r.run, i]));
  let next = 0; // position of the next run to hand over
  let submitted = 0;
  let failure: unknown;

  const deliver = () => {
    while (waiting.has(next)) {
      const result = waiting.get(next)!;
      waiting.delete(next);
      options.onResult(runs[next], result);
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
      while (active < inFlightLimit && submitted < tasks.length && (waiting.size < WAITING_LIMIT || active === 0)) {
        const task = tasks[submitted++];
        active++;
        const first = task.runs[0];
        pool
          .runBatch(
            prepared.scenarios.get(first.point.id)!,
            task.runs.map((r) => r.seed),
            { signal, slim: { series: options.series === true } },
          )
          .then(
            (results) => {
              active--;
              task.runs.forEach((run, i) => waiting.set(position.get(run.run)!, results[i]));
              try {
                deliver();
                report();
              } catch (err) {
                failure = err;
              }
              if (next === runs.length) resolve();
              else pump();
            },
            (err: unknown) => {
              active--;
              failure ??= err;
              pump();
            },
          );
      }
      if (active === 0 && submitted === tasks.length && next < runs.length) reject(new Error(`internal error: ${runs.length - next} runs never finished`));
    };
    pump();
  });
}

/**
 * Tasks of up to `size` runs that share a design point, taken in run order within windows of a
 * few hundred runs (runs are interleaved by replicate, so same-point runs are spread out).
 */
function makeTasks(runs: PlannedRun[], size: number): Task[] {
  const tasks: Task[] = [];
  for (let start = 0; start < runs.length; start += TASK_WINDOW) {
    const byPoint = new Map<string, PlannedRun[]>();
    for (const run of runs.slice(start, start + TASK_WINDOW)) {
      let group = byPoint.get(run.point.id);
      if (!group) byPoint.set(run.point.id, (group = []));
      group.push(run);
      if (group.length === size) {
        tasks.push({ runs: group });
        byPoint.set(run.point.id, []);
      }
    }
    for (const group of byPoint.values()) if (group.length) tasks.push({ runs: group });
  }
  return tasks;
}
