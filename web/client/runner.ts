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

export interface Runner {
  /**
   * Run replicates 1..n on the workers. `onPartial`, if given, is called once with an ensemble of
   * the replicates in so far, as soon as replicate 1 (with its trace) is in, so a first chart need
   * not wait for all of them.
   */
  run(scenario: Scenario, rootSeed: number, replicates: number, modelUncertainty?: boolean, onPartial?: (partial: Ensemble) => void): Promise<Ensemble | null>;
  workers: number;
}

type Result = WorkerReply['results'][number];

export function createRunner(): Runner {
  const count = Math.max(1, Math.min(4, (navigator.hardwareConcurrency || 2) - 0));
  const workers = Array.from({ length: count }, () => new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' }));
  let latest = 0;

  async function run(scenario: Scenario, rootSeed: number, replicates: number, modelUncertainty = false, onPartial?: (partial: Ensemble) => void): Promise<Ensemble | null> {
    const id = ++latest;
    const started = performance.now();
    const all = Array.from({ length: replicates }, (_, i) => i + 1);
    const per = Math.ceil(replicates / workers.length);
    const batches = workers.map((_, w) => all.slice(w * per, (w + 1) * per)).filter((b) => b.length > 0);
    const results: Result[] = [];
    let partialSent = !onPartial || batches.length === 1 && batches[0].length === 1;
    const errors: string[] = [];
    await Promise.all(
      batches.map(
        (batch, w) =>
          new Promise<void>((resolve) => {
            const worker = workers[w];
            const listener = (event: MessageEvent<WorkerReply>) => {
              if (event.data.id !== id) return;
              if (event.data.error) errors.push(event.data.error);
              results.push(...event.data.results);
              if (!partialSent && id === latest && results.some((r) => r.replicate === 1) && results.length < replicates) {
                partialSent = true;
                onPartial!(ensembleOf(scenario, rootSeed, [...results].sort((a, b) => a.replicate - b.replicate), started, modelUncertainty));
              }
              if (event.data.done) {
                worker.removeEventListener('message', listener);
                resolve();
              }
            };
            worker.addEventListener('message', listener);
            const request: WorkerRequest = { id, scenario, seeds: batch.map((r) => replicateSeed(rootSeed, r)), replicates: batch, trace: w === 0, modelUncertainty };
            worker.postMessage(request);
          }),
      ),
    );
    if (id !== latest) return null;
    if (errors.length) throw new Error(errors[0]);
    return ensembleOf(scenario, rootSeed, results.sort((a, b) => a.replicate - b.replicate), started, modelUncertainty);
  }

  return { run, workers: workers.length };
}

/** An ensemble of replicates in replicate order (the first holds the trace). */
function ensembleOf(scenario: Scenario, rootSeed: number, results: Result[], started: number, modelUncertainty: boolean): Ensemble {
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
