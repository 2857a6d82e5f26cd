/**
 * The worker-thread side of the run pool: runs one batch of replicates of a scenario and hands
 * back plain data (structured-cloned: a batch's typed arrays are a few megabytes at most, and
 * Piscina can only move a single buffer). The same engine as in process, so a run in a worker
 * equals the same run anywhere else. Experiments ask for slim results (the summary, and the
 * series only if they keep it), or for their CSV rows ready formatted, which is far less to send
 * back and leaves the main thread only writing.
 */
import { runScenario, seriesColumns, type RunResult, type Scenario } from '../../core/index.ts';
import { metricCells, seriesRows, type Cell } from '../../core/experiment/aggregate.ts';
import type { SeriesOutput } from '../../core/experiment/schema.ts';
import { csvRows } from '../output/table.ts';
import { replicateJson, traceJson } from '../output/run-json.ts';
import { withEnsembleMember } from '../../core/scenario/behaviour.ts';

/** How to write each run of a batch as CSV rows. */
export interface RunCsvSpec {
  /** Per run: its key cells (run, point, parameter values, replicate, seed). */
  keys: Cell[][];
  /** Per run: its run number (series.csv's first column). */
  runs: number[];
  metrics: string[];
  series: SeriesOutput;
  /** Series columns to keep (none when the series is not kept). */
  seriesColumns: string[];
}

/** A run's rows: its line of runs.csv and its lines of series.csv (empty if none). */
export interface CsvRows {
  runs: string;
  series: string;
}

export interface RunTask {
  scenario: Scenario;
  /** One seed per run in the batch. */
  seeds: number[];
  /** Trace the first run of the batch (every site, every week). */
  trace?: boolean;
  /** Send back only the summary, and the weekly series if `series` (no sites or events). */
  slim?: { series: boolean };
  /** Send back CSV rows instead of results. */
  csv?: RunCsvSpec;
  /** Longest the batch may compute, from when this worker starts it (see RunOptions.milliseconds). */
  milliseconds?: number;
  /** Send back each run as the API's JSON text (see run-json.ts), numbering replicates from this one. */
  json?: { firstReplicate: number };
  /**
   * With json: run replicate r on behaviour set r of the fitted model's ensemble (model
   * uncertainty, as `ccsim run --model-uncertainty` and the web app do); a behaviour value the
   * scenario sets itself is kept.
   */
  modelUncertainty?: boolean;
}

/** How a batch stopped by its time limit announces itself across the thread boundary. */
export const TIME_LIMIT_PREFIX = 'ccsim-time-limit: ';

export interface RunBatchResult {
  results: RunResult[];
  rows?: CsvRows[];
  /** With RunTask.json: each run's JSON text, and the first run's trace if one was asked for. */
  json?: RunJson;
}

/**
 * Runs as UTF-8 JSON, ready to be written into a response: bytes, not strings, so the main thread
 * neither flattens nor encodes tens of megabytes of text (it copies them once, as a thread's
 * message).
 */
export interface RunJson {
  /** Each batch's replicates, as JSON objects separated by commas (no brackets). */
  replicates: Uint8Array[];
  trace?: Uint8Array;
}

export default function runBatch(task: RunTask): RunBatchResult {
  const deadline = task.milliseconds === undefined ? undefined : performance.now() + task.milliseconds;
  const onWeek =
    deadline === undefined
      ? undefined
      : () => {
          if (performance.now() > deadline) throw new Error(`${TIME_LIMIT_PREFIX}the batch computed for longer than ${task.milliseconds} ms`);
        };
  if (task.csv) {
    const spec = task.csv;
    const names = spec.seriesColumns.length ? seriesColumns(task.scenario).map((c) => c.name) : [];
    const rows = task.seeds.map((seed, i): CsvRows => {
      const result = runScenario(task.scenario, { seed, onWeek });
      return {
        runs: csvRows([[...spec.keys[i], ...metricCells(spec.metrics, result.summary)]]),
        series: names.length ? csvRows(seriesRows(spec.runs[i], names, spec.seriesColumns, result.series.values, result.series.firstWeek, result.series.weeks, spec.series)) : '',
      };
    });
    return { results: [], rows };
  }
  if (task.json) {
    const first = task.json.firstReplicate;
    const encoder = new TextEncoder();
    const texts: string[] = [];
    let trace: Uint8Array | undefined;
    task.seeds.forEach((seed, i) => {
      const scenario = task.modelUncertainty ? withEnsembleMember(task.scenario, first + i) : task.scenario;
      const result = runScenario(scenario, { seed, trace: task.trace === true && i === 0, onWeek });
      texts.push(replicateJson(result, first + i));
      if (result.trace) trace = encoder.encode(traceJson(result.trace));
    });
    return { results: [], json: { replicates: [encoder.encode(texts.join(','))], trace } };
  }
  return {
    results: task.seeds.map((seed, i) => {
      const result = runScenario(task.scenario, { seed, trace: task.trace === true && i === 0, onWeek });
      if (!task.slim) return result;
      return { ...result, sites: [], events: [], series: task.slim.series ? result.series : { ...result.series, values: [] } };
    }),
  };
}
