/**
 * runExperiment: an experiment file (or a loaded experiment) run on a pool of worker threads
 * into a results folder, streaming every run to disk as it finishes, resumable and shardable.
 * The `ccsim experiment` command and the library API both use it.
 */
import { availableParallelism } from 'node:os';
import { formatIssue, type ScenarioIssue } from '../../core/index.ts';
import { createRunPool, resolveWorkerFile, type RunPool } from '../pool/pool.ts';
import { executeExperimentToCsv, type ExperimentProgress } from './execute.ts';
import { loadExperiment, type LoadedExperiment } from './files.ts';
import { ResultsDir, type Manifest, type Shard } from './results-dir.ts';

export interface RunExperimentOptions {
  /** The results folder (created if missing). */
  out: string;
  /** Worker threads (default: every core). */
  workers?: number;
  /** Continue an interrupted run in `out` instead of refusing to touch it. */
  resume?: boolean;
  /** Run only this share of the runs (see Shard). */
  shard?: Shard | null;
  /** Progress: runs done in this session (of those left), speed and time remaining. */
  onProgress?: (progress: ExperimentProgress & { alreadyDone: number; ofAll: number }) => void;
  signal?: AbortSignal;
  /** The pool's worker bundle (default: found or built, see resolveWorkerFile). */
  workerFile?: string;
  /** A pool to run on, left open (default: one made for this call and closed after it; `workers` and `workerFile` then do not apply). */
  pool?: RunPool;
}

export interface ExperimentOutcome {
  dir: string;
  manifest: Manifest;
  /** Runs made by this call (a resume makes only the missing ones). */
  ran: number;
}

/** An experiment file with problems; `issues` holds every one. */
export class ExperimentError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ExperimentError';
  }
}

/** Seconds between manifest checkpoints while running. */
const CHECKPOINT_SECONDS = 5;

export async function runExperiment(source: string | LoadedExperiment, options: RunExperimentOptions): Promise<ExperimentOutcome> {
  let loaded: LoadedExperiment;
  if (typeof source === 'string') {
    const result = loadExperiment(source);
    if (!result.ok) throw new ExperimentError(result.issues);
    loaded = result.value;
  } else loaded = source;
  const workers = options.pool?.threads ?? Math.max(1, options.workers ?? availableParallelism());
  const results = await ResultsDir.open(options.out, loaded, { resume: options.resume === true, shard: options.shard ?? null, workers });
  const alreadyDone = results.manifest.runs.done;
  const ofAll = results.manifest.runs.here;
  let ran = 0;
  if (results.remaining.length > 0) {
    const pool = options.pool ?? createRunPool({ threads: workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
    let lastCheckpoint = performance.now();
    try {
      await executeExperimentToCsv(loaded.prepared, {
        pool,
        runs: results.remaining,
        signal: options.signal,
        onRows: (_run, rows) => {
          results.write(rows);
          ran++;
        },
        onProgress: (progress) => {
          if (performance.now() - lastCheckpoint > CHECKPOINT_SECONDS * 1000) {
            results.checkpoint();
            lastCheckpoint = performance.now();
          }
          options.onProgress?.({ ...progress, alreadyDone, ofAll });
        },
      });
    } finally {
      if (!options.pool) await pool.close();
      await results.close();
    }
  } else {
    await results.close();
  }
  return { dir: options.out, manifest: results.manifest, ran };
}
