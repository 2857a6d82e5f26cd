/**
 * Runs an ensemble of replicates on a few Web Workers and summarises it: per series column and
 * week, the mean and the 95% interval of the mean over replicates (Student's t); per replicate,
 * the summary. The newest request wins: results of a superseded request are dropped.
 */
import { clipToBounds, outcomeBounds, replicateSeed, type MetricColumn, type ModelEvent, type Scenario, type SiteResult, type SiteTrace, type Summary } from '../../engine/core/index.ts';
import { Accumulator, estimateOf } from '../../engine/core/stats/accumulator.ts';
import type { WorkerReply, WorkerRequest } from './engine-worker.ts';

export interface Ensemble {
  scenario: Scenario;
  rootSeed: number;
  columns: MetricColumn[];
  /** The first week recorded (negative with a baseline period before launch) and the last. */
  firstWeek: number;
  weeks: number;
  replicates: Array<{ replicate: number; seed: number; summary: Summary }>;
  /** Per column: mean, and the 95% interval of the mean, by week. */
  mean: Float64Array[];
  lower: Float64Array[];
  upper: Float64Array[];
  /** Every replicate's series, in replicate order (for the results download). */
  series: Float64Array[][];
  /** The first replicate in full (the one heat maps and the workshop show). */
  first: { series: Float64Array[]; events: ModelEvent[]; sites: SiteResult[]; trace?: SiteTrace };
  elapsedMs: number;
  /** Whether replicates also varied the fitted behaviour (model uncertainty). */
  modelUncertainty: boolean;
}

export interface RunOptions {
  /** Run replicate r on behaviour set r of the fitted model's ensemble (model uncertainty). */
  modelUncertainty?: boolean;
  /**
   * Called with an ensemble of replicates 1..k as soon as they are all in, for each k listed
   * (below the total), so the page can draw before the last replicate arrives. The replicates a
   * partial ensemble holds never depend on which worker was quicker: only when it comes does.
   */
  onPartial?: (partial: Ensemble) => void;
  partialAt?: number[];
  /**
   * Replicate 1 as computed elsewhere (the server's copy of a bundled scenario's: served-
   * replicate.ts): given to `onPartial` at once, as a first ensemble to show while the workers
   * start. The ensemble returned is the workers' own, replicate 1 included.
   */
  preview?: ReplicateResult;
}

export interface Runner {
  /** Run replicates 1..n: interleaved over the workers (worker w takes every w-th), the newest request winning. */
  run(scenario: Scenario, rootSeed: number, replicates: number, options?: RunOptions): Promise<Ensemble | null>;
  workers: number;
}

/** One replicate's results, as a worker sends them. */
export type ReplicateResult = WorkerReply['results'][number];

export function createRunner(): Runner {
  const count = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 0));
  // Started by the first run, not with the page: their loading would compete with the page's own
  // for the processor before anything is on screen.
  let started: Worker[] | null = null;
  let latest = 0;

  async function run(scenario: Scenario, rootSeed: number, replicates: number, options: RunOptions = {}): Promise<Ensemble | null> {
    const id = ++latest;
    const startedAt = performance.now();
    const workers = (started ??= Array.from({ length: count }, () => new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' })));
    const modelUncertainty = options.modelUncertainty ?? false;
    // Worker w takes replicates w+1, w+1+W, ...: the first k replicates arrive together, whichever
    // worker is quicker, so a partial ensemble of 1..k comes early and is the same every time.
    const batches = workers.map((_, w) => Array.from({ length: replicates }, (_, i) => i + 1).filter((r) => (r - 1) % workers.length === w)).filter((b) => b.length > 0);
    const results: ReplicateResult[] = [];
    const arrived = new Set<number>();
    let prefix = 0;
    const pending = [...new Set(options.partialAt ?? [])].filter((k) => k >= 1 && k < replicates).sort((a, b) => a - b);
    const errors: string[] = [];
    const take = (result: ReplicateResult) => {
      results.push(result);
      arrived.add(result.replicate);
      while (arrived.has(prefix + 1)) prefix++;
      let due = 0;
      while (pending.length > 0 && pending[0] <= prefix) due = pending.shift()!;
      if (due > 0 && id === latest) {
        const firsts = results.filter((r) => r.replicate <= due).sort((a, b) => a.replicate - b.replicate);
        options.onPartial?.(ensembleOf(scenario, rootSeed, firsts, startedAt, modelUncertainty));
      }
    };
    const done = batches.map(
      (batch, w) =>
        new Promise<void>((resolve) => {
          const worker = workers[w];
          const listener = (event: MessageEvent<WorkerReply>) => {
            if (event.data.id !== id) return;
            if (event.data.error) errors.push(event.data.error);
            for (const result of event.data.results) take(result);
            if (event.data.done) {
              worker.removeEventListener('message', listener);
              resolve();
            }
          };
          worker.addEventListener('message', listener);
          // Replicate 1 carries the trace (the heat map and the workshop show it).
          const request: WorkerRequest = { id, scenario, seeds: batch.map((r) => replicateSeed(rootSeed, r)), replicates: batch, trace: batch[0] === 1, modelUncertainty };
          worker.postMessage(request);
        }),
    );
    if (options.preview?.replicate === 1 && replicates > 1) options.onPartial?.(ensembleOf(scenario, rootSeed, [options.preview], startedAt, modelUncertainty));
    await Promise.all(done);
    if (id !== latest) return null;
    if (errors.length) throw new Error(errors[0]);
    return ensembleOf(scenario, rootSeed, results.sort((a, b) => a.replicate - b.replicate), startedAt, modelUncertainty);
  }

  return { run, workers: count };
}

/** An ensemble of replicates in replicate order (the first holds the trace). */
function ensembleOf(scenario: Scenario, rootSeed: number, results: ReplicateResult[], started: number, modelUncertainty: boolean): Ensemble {
  const columns = results[0].series.columns;
  const { weeks, firstWeek } = results[0].series;
  // A band is clipped to what its column cannot leave (a share, a rate below 0), never past its mean.
  const outcome = outcomeBounds(scenario.challenge);
  const bounds = columns.map((c) => (c.unit === 'outcome unit' ? outcome : c.bounds));
  const { mean, lower, upper } = summarise(results.map((r) => r.series.values), bounds, weeks - firstWeek + 1);
  return {
    scenario,
    rootSeed,
    columns,
    firstWeek,
    weeks,
    replicates: results.map((r) => ({ replicate: r.replicate, seed: r.seed, summary: r.summary })),
    mean,
    lower,
    upper,
    series: results.map((r) => r.series.values),
    first: { series: results[0].series.values, events: results[0].events, sites: results[0].sites, trace: results[0].trace },
    elapsedMs: performance.now() - started,
    modelUncertainty,
  };
}

/** Mean and 95% interval of the mean over replicates, per column and week (NaNs skipped). */
export function summarise(runs: Float64Array[][], bounds: Array<readonly [number, number] | undefined>, rows: number) {
  const columns = bounds.length;
  const mean: Float64Array[] = [];
  const lower: Float64Array[] = [];
  const upper: Float64Array[] = [];
  for (let c = 0; c < columns; c++) {
    const m = new Float64Array(rows);
    const lo = new Float64Array(rows);
    const hi = new Float64Array(rows);
    for (let w = 0; w < rows; w++) {
      const acc = new Accumulator();
      for (const run of runs) acc.add(run[c][w]);
      const e = estimateOf(acc);
      m[w] = e.mean;
      // One replicate has no interval: the band collapses onto the line.
      const [a, b] = e.n > 1 ? clipToBounds({ bounds: bounds[c] }, e.lower, e.upper, e.mean) : [e.mean, e.mean];
      lo[w] = a;
      hi[w] = b;
    }
    mean.push(m);
    lower.push(lo);
    upper.push(hi);
  }
  return { mean, lower, upper };
}
