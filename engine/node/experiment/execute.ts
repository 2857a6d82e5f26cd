/**
 * Runs a prepared experiment on a pool of worker threads, chunk by chunk in run order, handing
 * each run's row to the caller as it finishes (so memory stays flat however many runs there
 * are) and reporting progress.
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
  /** Estimated seconds left (null until a first chunk has finished). */
  remainingSeconds: number | null;
}

export interface ExecuteOptions {
  pool: RunPool;
  /** The runs to do (default: all); a shard or a resume passes a subset. */
  runs?: PlannedRun[];
  onResult: (run: PlannedRun, result: RunResult) => void;
  onProgress?: (progress: ExperimentProgress) => void;
  signal?: AbortSignal;
}

export async function executeExperiment(prepared: PreparedExperiment, options: ExecuteOptions): Promise<void> {
  const runs = options.runs ?? prepared.runs;
  const started = performance.now();
  const chunkSize = Math.max(options.pool.threads * 4, 8);
  let done = 0;
  const report = () => {
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    options.onProgress?.({ done, total: runs.length, elapsedSeconds: elapsed, runsPerSecond: rate, remainingSeconds: done > 0 && rate > 0 ? (runs.length - done) / rate : null });
  };
  report();
  for (let start = 0; start < runs.length; start += chunkSize) {
    options.signal?.throwIfAborted();
    const chunk = runs.slice(start, start + chunkSize);
    // Group the chunk's runs by point, so each point's scenario travels to the workers once.
    const byPoint = new Map<string, PlannedRun[]>();
    for (const run of chunk) byPoint.set(run.point.id, [...(byPoint.get(run.point.id) ?? []), run]);
    const finished = await Promise.all(
      [...byPoint.entries()].map(async ([pointId, group]) => {
        const results = await options.pool.run(prepared.scenarios.get(pointId)!, group.map((r) => r.seed), { signal: options.signal });
        return group.map((run, i) => [run, results[i]] as const);
      }),
    );
    const ordered = finished.flat().sort((a, b) => a[0].run - b[0].run);
    for (const [run, result] of ordered) options.onResult(run, result);
    done += chunk.length;
    report();
  }
}
