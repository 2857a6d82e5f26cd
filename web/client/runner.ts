/**
 * Runs an ensemble of replicates on a few Web Workers and summarises it: per series column and
 * week, the mean and the 95% interval of the mean over replicates (Student's t); per replicate,
 * the summary. The newest request wins: results of a superseded request are dropped.
 */
import { clipToBounds, outcomeBounds, replicateSeed, type MetricColumn, type ModelEvent, type Scenario, type SiteResult, type SiteTrace, type Summary } from '../../engine/core/index.ts';
import { tQuantile } from '../../engine/core/stats/t-quantile.ts';
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
   * While the promise it returns (the page drawing) is pending, the workers leave the page a
   * core: see Runner.run.
   */
  onPartial?: (partial: Ensemble) => void | Promise<unknown>;
  partialAt?: number[];
  /**
   * Replicate 1 as computed elsewhere (the server's copy of a bundled scenario's: served-
   * replicate.ts): given to `onPartial` at once, as a first ensemble to show while the workers
   * start. The ensemble returned is the workers' own, replicate 1 included.
   */
  preview?: ReplicateResult;
}

export interface Runner {
  /**
   * Run replicates 1..n, the newest request winning. Worker w opens with replicates w+1 and
   * w+1+W, so the first 2W arrive together whichever worker is quicker; the rest are handed out
   * in order as workers finish, a few ahead so that none waits on a busy page. When there are no
   * more cores than workers and the page, the last worker opens with those two alone and takes
   * more once the page has drawn the first partial ensemble, so the drawing has a core of its
   * own instead of a third of two.
   */
  run(scenario: Scenario, rootSeed: number, replicates: number, options?: RunOptions): Promise<Ensemble | null>;
  workers: number;
}

/** One replicate's results, as a worker sends them. */
export type ReplicateResult = WorkerReply['results'][number];

/**
 * Replicates a worker has been sent and not yet finished, at most: enough queued to keep it busy
 * through the page's longest stretch of drawing (some 4 runs of the default scenario), few enough
 * that the workers finish together.
 */
const AHEAD = 4;

export function createRunner(): Runner {
  const cores = navigator.hardwareConcurrency || 2;
  const count = Math.max(1, Math.min(4, cores));
  /** Workers that wait while the page draws a partial ensemble: the page needs one core. */
  const yielding = Math.max(0, count - (cores - 1));
  // Started by the first run, not with the page: their loading would compete with the page's own
  // for the processor before anything is on screen.
  let started: Worker[] | null = null;
  let latest = 0;

  function run(scenario: Scenario, rootSeed: number, replicates: number, options: RunOptions = {}): Promise<Ensemble | null> {
    const id = ++latest;
    const startedAt = performance.now();
    const workers = (started ??= Array.from({ length: count }, () => new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' })));
    const modelUncertainty = options.modelUncertainty ?? false;
    const results: ReplicateResult[] = [];
    const arrived = new Set<number>();
    let prefix = 0;
    const pending = [...new Set(options.partialAt ?? [])].filter((k) => k >= 1 && k < replicates).sort((a, b) => a - b);
    const errors: string[] = [];

    const sent = workers.map(() => 0);
    const opening = workers.map((_, w) => [w + 1, w + 1 + workers.length].filter((r) => r <= replicates));
    let next = 2 * workers.length + 1; // the first replicate not yet handed out
    // The last `waiting` workers take nothing beyond their opening two until the first partial
    // ensemble has been drawn (none wait if no partial is asked for).
    let waiting = pending.length > 0 && options.onPartial ? yielding : 0;
    const send = (w: number, replicate: number) => {
      sent[w]++;
      // Replicate 1 carries the trace (the heat map and the workshop show it).
      const request: WorkerRequest = { id, scenario, seeds: [replicateSeed(rootSeed, replicate)], replicates: [replicate], trace: replicate === 1, modelUncertainty };
      workers[w].postMessage(request);
    };
    const refill = () => {
      if (id !== latest || errors.length > 0) return; // superseded or failed: nothing more is handed out
      for (let w = 0; w < workers.length - waiting; w++) while (sent[w] < AHEAD && next <= replicates) send(w, next++);
    };
    const release = () => {
      waiting = 0;
      refill();
    };

    const take = (result: ReplicateResult) => {
      results.push(result);
      arrived.add(result.replicate);
      while (arrived.has(prefix + 1)) prefix++;
      let due = 0;
      while (pending.length > 0 && pending[0] <= prefix) due = pending.shift()!;
      if (due === 0) return;
      let drawing: void | Promise<unknown> = undefined;
      if (id === latest) {
        const firsts = results.filter((r) => r.replicate <= due).sort((a, b) => a.replicate - b.replicate);
        drawing = options.onPartial?.(ensembleOf(scenario, rootSeed, firsts, startedAt, modelUncertainty));
      }
      if (waiting > 0) {
        if (drawing) void drawing.then(release, release);
        else release();
      }
    };

    return new Promise<Ensemble | null>((resolve, reject) => {
      const listeners = workers.map((worker, w) => {
        const listener = (event: MessageEvent<WorkerReply>) => {
          if (event.data.id !== id) return;
          if (event.data.error) errors.push(event.data.error);
          for (const result of event.data.results) take(result);
          if (!event.data.done) return;
          sent[w]--;
          refill();
          if (sent.some((n) => n > 0)) return;
          workers.forEach((x, v) => x.removeEventListener('message', listeners[v]));
          if (id !== latest) resolve(null);
          else if (errors.length > 0) reject(new Error(errors[0]));
          else if (results.length < replicates) reject(new Error(`internal error: ${replicates - results.length} replicates never came back`));
          else resolve(ensembleOf(scenario, rootSeed, results.sort((a, b) => a.replicate - b.replicate), startedAt, modelUncertainty));
        };
        worker.addEventListener('message', listener);
        return listener;
      });
      opening.forEach((replicatesOf, w) => replicatesOf.forEach((r) => send(w, r)));
      refill();
      if (options.preview?.replicate === 1 && replicates > 1) options.onPartial?.(ensembleOf(scenario, rootSeed, [options.preview], startedAt, modelUncertainty));
    });
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

/**
 * Mean and 95% interval of the mean over replicates, per column and week (NaNs skipped). The
 * arithmetic is Accumulator's and estimateOf's, step for step (the same digits as every other
 * interval ccsim reports), written out over locals: it runs on the page's thread twice for each
 * moved control, for every week of every column, and allocating an accumulator and an estimate
 * per cell made it some 10 ms of the first redraw.
 */
export function summarise(runs: Float64Array[][], bounds: Array<readonly [number, number] | undefined>, rows: number) {
  const columns = bounds.length;
  const mean: Float64Array[] = [];
  const lower: Float64Array[] = [];
  const upper: Float64Array[] = [];
  // Student's t by sample size (sizes differ only where a replicate has no value that week).
  const tByCount: number[] = [];
  for (let c = 0; c < columns; c++) {
    const m = new Float64Array(rows);
    const lo = new Float64Array(rows);
    const hi = new Float64Array(rows);
    const bound = bounds[c];
    for (let w = 0; w < rows; w++) {
      let n = 0;
      let mu = 0;
      let m2 = 0;
      for (const run of runs) {
        const x = run[c][w];
        if (Number.isNaN(x)) continue;
        n++;
        const d = x - mu;
        mu += d / n;
        m2 += d * (x - mu);
      }
      if (n === 0) {
        m[w] = lo[w] = hi[w] = NaN;
        continue;
      }
      m[w] = mu;
      // One replicate has no interval: the band collapses onto the line.
      if (n === 1) {
        lo[w] = hi[w] = mu;
        continue;
      }
      const se = Math.sqrt(m2 / (n - 1)) / Math.sqrt(n);
      const t = (tByCount[n] ??= tQuantile(0.975, n - 1));
      const [a, b] = clipToBounds({ bounds: bound }, mu - t * se, mu + t * se, mu);
      lo[w] = a;
      hi[w] = b;
    }
    mean.push(m);
    lower.push(lo);
    upper.push(hi);
  }
  return { mean, lower, upper };
}
