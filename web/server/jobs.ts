/**
 * Experiments run as background jobs: each is prepared, checked against the limits, run on the
 * worker pool, and kept for download: its runs.csv written to disk row by row as runs finish (so
 * memory does not grow with the number of runs), its per-point summaries in memory (one
 * accumulator per point and metric). Listeners hear progress.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioDocument } from '../../engine/core/index.ts';
import type { Experiment } from '../../engine/core/experiment/schema.ts';
import { prepareExperimentInSlices, type PreparedExperiment } from '../../engine/core/experiment/prepare.ts';
import { designSize } from '../../engine/core/experiment/design.ts';
import { metricCells, metricNames, parameterPaths, PointSummaries, runColumns, runRow, summaryColumns, type Cell } from '../../engine/core/experiment/aggregate.ts';
import { csvHeader, csvRows } from '../../engine/node/output/table.ts';
import { expectedStaff } from '../../engine/core/scenario/schema.ts';
import { executeExperiment, type ExperimentProgress } from '../../engine/node/experiment/execute.ts';
import type { RunPool } from '../../engine/node/pool/pool.ts';
import type { Limits } from './limits.ts';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobEvent {
  type: 'progress' | 'done' | 'failed' | 'cancelled';
  progress: ExperimentProgress;
  message?: string;
}

export interface Job {
  /** Unguessable (a random UUID): knowing it is what lets a client read, download or cancel the job. */
  id: string;
  /** The address that started it: GET /api/jobs lists a client's own jobs only. */
  owner: string;
  name: string;
  state: JobState;
  progress: ExperimentProgress;
  started: string;
  finished?: string;
  error?: string;
  columns: string[];
  /** runs.csv on disk: the header, then one row per finished run, in the order they finished. */
  runsFile: string;
  /** Bytes of runs.csv written whole so far (a download reads no further, so never half a row). */
  runsBytes: number;
  summaryColumns: readonly string[];
  summary(): Cell[][];
  listeners: Set<(event: JobEvent) => void>;
  /** Stop the job; resolves once it has stopped (its state is then final). */
  cancel(): Promise<void>;
}

export type StartResult = { ok: true; job: Job } | { ok: false; status: number; error: string; message: string; issues?: import('../../engine/core/index.ts').ScenarioIssue[] };

export interface Jobs {
  /** Owners of the experiments running or being prepared now. */
  runningOwners(): string[];
  /** Check, prepare (a slice at a time, so the server keeps answering) and start an experiment. */
  start(experiment: Experiment, base: ScenarioDocument, owner: string): Promise<StartResult>;
  get(id: string): Job | undefined;
  list(): Job[];
  /** Cancel every running job; resolves once all have stopped. */
  stopAll(): Promise<void>;
}

/**
 * `folder` holds the jobs' files (the server makes a fresh one and removes it when it closes);
 * `otherOwners` gives the owners of other jobs running now (design searches), which share the
 * limits on jobs at once.
 */
export function createJobs(pool: RunPool, limits: Limits, folder: string, otherOwners: () => string[] = () => []): Jobs {
  const jobs = new Map<string, Job>();

  function forget(): void {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - limits.keptJobs))) {
      jobs.delete(j.id);
      rmSync(j.runsFile, { force: true });
    }
  }

  /** Experiments being prepared, by owner: they count against the limits as running ones do. */
  const preparing: string[] = [];

  async function start(experiment: Experiment, base: ScenarioDocument, owner: string): Promise<StartResult> {
    const running = [...[...jobs.values()].filter((j) => j.state === 'running').map((j) => j.owner), ...preparing, ...otherOwners()];
    if (running.length >= limits.concurrentJobs) {
      return { ok: false, status: 429, error: 'too-many-jobs', message: `the server runs at most ${limits.concurrentJobs} experiments or searches at once; wait for one to finish (or cancel one) and try again` };
    }
    const mine = running.filter((o) => o === owner).length;
    if (mine >= limits.jobsPerClient) {
      return { ok: false, status: 429, error: 'too-many-jobs', message: `this address already runs ${mine} experiment${mine === 1 ? '' : 's'}, the most one address may run at once; wait for it to finish (or cancel it) and try again` };
    }
    // Sizes that need no expansion first: a design of a million samples must not be built to be refused.
    const points = designSize(experiment);
    if (points > limits.pointsPerJob || points * experiment.replicates > limits.runsPerJob) {
      return {
        ok: false,
        status: 422,
        error: 'experiment-too-large',
        message: `the experiment has ${fmt(points)} design points and ${fmt(points * experiment.replicates)} runs, above this server's limits of ${fmt(limits.pointsPerJob)} points and ${fmt(limits.runsPerJob)} runs; use a smaller design or fewer replicates, or run it with ccsim on your own machine (ccsim experiment)`,
      };
    }
    preparing.push(owner);
    let prepared;
    try {
      prepared = await prepareExperimentInSlices(experiment, base, 'request body: experiment', () => nextTurn());
    } finally {
      preparing.splice(preparing.indexOf(owner), 1);
    }
    if (!prepared.ok) return { ok: false, status: 400, error: 'invalid-experiment', message: 'a design point gives an invalid scenario', issues: prepared.issues };
    const size = jobSize(prepared.value);
    if (size > limits.agentWeeksPerJob) {
      return {
        ok: false,
        status: 422,
        error: 'experiment-too-large',
        message: `the experiment needs about ${fmt(size)} agent-weeks, above this server's limit of ${fmt(limits.agentWeeksPerJob)}; use fewer points or replicates, or run it with ccsim on your own machine`,
      };
    }
    const job = createJob(prepared.value, owner);
    jobs.set(job.id, job);
    forget();
    return { ok: true, job };
  }

  function createJob(prepared: PreparedExperiment, owner: string): Job {
    const controller = new AbortController();
    const { experiment, points } = prepared;
    const metrics = metricNames(experiment);
    const summaries = new PointSummaries(metrics);
    const id = randomUUID();
    const columns = runColumns(experiment, points);
    const runsFile = join(folder, `${id}.runs.csv`);
    const header = csvHeader(columns);
    writeFileSync(runsFile, header);
    const runsFd = openSync(runsFile, 'a');
    const job: Job = {
      id,
      owner,
      name: experiment.name,
      state: 'running',
      progress: { done: 0, total: prepared.runs.length, elapsedSeconds: 0, runsPerSecond: 0, remainingSeconds: null },
      started: new Date().toISOString(),
      columns,
      runsFile,
      runsBytes: Buffer.byteLength(header),
      summaryColumns: summaryColumns(parameterPaths(experiment, points)),
      summary: () => summaries.rows(points, parameterPaths(experiment, points)),
      listeners: new Set(),
      cancel: () => {
        controller.abort();
        return settled;
      },
    };
    const emit = (event: JobEvent) => {
      for (const listener of job.listeners) listener(event);
    };
    const settled: Promise<void> = executeExperiment(prepared, {
      pool,
      signal: controller.signal,
      onResult: (run, result) => {
        job.runsBytes += writeSync(runsFd, csvRows([runRow(experiment, points, run.run, run.point, run.replicate, run.seed, result.summary)]));
        summaries.add(run.point.id, metricCells(metrics, result.summary) as Array<number | null>);
      },
      onProgress: (progress) => {
        job.progress = progress;
        emit({ type: 'progress', progress });
      },
    })
      .finally(() => closeSync(runsFd))
      .then(...settleJob(job, controller.signal, emit, forget));
    return job;
  }

  return {
    start,
    runningOwners: () => [...[...jobs.values()].filter((j) => j.state === 'running').map((j) => j.owner), ...preparing],
    get: (id) => jobs.get(id),
    list: () => [...jobs.values()],
    stopAll: async () => {
      await Promise.all([...jobs.values()].filter((job) => job.state === 'running').map((job) => job.cancel()));
    },
  };
}

/** What settles a background job (an experiment or a design search), whatever its work. */
interface Settled<P> {
  state: JobState;
  progress: P;
  finished?: string;
  error?: string;
}

/**
 * The two handlers that end a job when its work ends: done (after `onDone`, which may read its
 * results), or cancelled if its signal was aborted, else failed with `errorText`'s message; each
 * emits the final event and lets `forget` drop old jobs.
 */
export function settleJob<P>(
  job: Settled<P>,
  signal: AbortSignal,
  emit: (event: { type: 'done' | 'failed' | 'cancelled'; progress: P; message?: string }) => void,
  forget: () => void,
  onDone: () => void = () => {},
  errorText: (err: Error) => string = (err) => err.message,
): [() => void, (err: Error) => void] {
  const end = () => {
    job.finished = new Date().toISOString();
    emit(job.state === 'done' ? { type: 'done', progress: job.progress } : { type: job.state === 'cancelled' ? 'cancelled' : 'failed', progress: job.progress, message: job.error });
    forget();
  };
  return [
    () => {
      onDone();
      job.state = 'done';
      end();
    },
    (err: Error) => {
      job.state = signal.aborted ? 'cancelled' : 'failed';
      job.error = signal.aborted ? 'cancelled' : errorText(err);
      end();
    },
  ];
}

/** Agent-weeks an experiment will simulate. */
export function jobSize(prepared: PreparedExperiment): number {
  let total = 0;
  // Every point has the same number of runs (its replicates).
  for (const point of prepared.points) {
    const s = prepared.scenarios.get(point.id)!;
    total += expectedStaff(s) * (s.time.weeks + s.time.preWeeks) * prepared.experiment.replicates;
  }
  return total;
}

export function fmt(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} billion` : n >= 1e6 ? `${(n / 1e6).toFixed(0)} million` : Math.round(n).toLocaleString('en-GB');
}
