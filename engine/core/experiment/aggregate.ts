/**
 * Experiment results as tidy rows: one per run (run, point, parameter values, replicate, seed,
 * summary metrics), one per run and kept week (series), and one per point and metric (mean,
 * standard deviation, 95% interval, n), accumulated in one pass so that a summary streams.
 */
import { SUMMARY_METRICS, summaryValue, type Summary } from '../metrics/summary.ts';
import { Accumulator, estimateOf } from '../stats/accumulator.ts';
import type { DesignPoint } from './design.ts';
import type { Experiment, SeriesOutput } from './schema.ts';
import { rowOf } from '../metrics/series.ts';

export type Cell = number | string | boolean | null;

export function metricNames(experiment: Experiment): string[] {
  return experiment.outputs.metrics ?? SUMMARY_METRICS.map((m): string => m.name);
}

const pathsCache = new WeakMap<DesignPoint[], string[]>();

/** The varied paths, in order: the parameters', then any other a list design's points set. */
export function parameterPaths(experiment: Experiment, points: DesignPoint[]): string[] {
  // Asked for every row written, so worked out once per design.
  let paths = pathsCache.get(points);
  if (!paths) {
    const set = new Set<string>(experiment.parameters.map((p) => p.path));
    for (const p of points) for (const path of Object.keys(p.values)) set.add(path);
    paths = [...set];
    pathsCache.set(points, paths);
  }
  return paths;
}

/** The fixed columns of runs.csv before the parameters and after them. */
export const RUN_KEY_COLUMNS = ['run', 'point'] as const;

export function runColumns(experiment: Experiment, points: DesignPoint[]): string[] {
  return [...RUN_KEY_COLUMNS, ...parameterPaths(experiment, points), 'replicate', 'seed', ...metricNames(experiment)];
}

/** A run's own cells, before its metrics: run, point, parameter values, replicate, seed. */
export function runKeyCells(experiment: Experiment, points: DesignPoint[], run: number, point: DesignPoint, replicate: number, seed: number): Cell[] {
  return [run, point.id, ...parameterPaths(experiment, points).map((p) => point.values[p] ?? null), replicate, seed];
}

/** The metric cells of a run's row. */
export function metricCells(metrics: string[], summary: Summary): Cell[] {
  return metrics.map((m) => summaryValue(summary, m));
}

export function runRow(experiment: Experiment, points: DesignPoint[], run: number, point: DesignPoint, replicate: number, seed: number, summary: Summary): Cell[] {
  return [...runKeyCells(experiment, points, run, point, replicate, seed), ...metricCells(metricNames(experiment), summary)];
}

export function seriesCsvColumns(columns: string[]): string[] {
  return ['run', 'week', ...columns];
}

/**
 * The weeks series.csv keeps: none, the last, or every k-th counted from the launch (week 0,
 * and before it -k, -2k, ... within a baseline period), and the last.
 */
export function keptWeeks(series: SeriesOutput, firstWeek: number, weeks: number): number[] {
  if (series === 'none') return [];
  if (series === 'end') return [weeks];
  const kept: number[] = [];
  for (let w = Math.ceil(firstWeek / series) * series; w <= weeks; w += series) kept.push(w);
  if (kept[kept.length - 1] !== weeks) kept.push(weeks);
  return kept;
}

/** One run's series rows: for each kept week, the run and week and the kept columns. */
export function seriesRows(run: number, columnNames: string[], keep: string[], values: ArrayLike<number>[], firstWeek: number, weeks: number, series: SeriesOutput): Cell[][] {
  const index = keep.map((name) => columnNames.indexOf(name));
  return keptWeeks(series, firstWeek, weeks).map((w) => [run, w, ...index.map((c) => values[c][rowOf({ firstWeek }, w)])]);
}

/** summary.csv's columns: the point and its parameter values, then per metric the statistics. */
export function summaryColumns(paths: string[]): string[] {
  return ['point', ...paths, 'metric', 'mean', 'sd', 'lower95', 'upper95', 'n'];
}

/**
 * Per point and metric accumulators, fed one run at a time in run order (the order of runs.csv),
 * so that a summary recomputed from disk, or from merged shards, has the same digits.
 */
export class PointSummaries {
  private readonly byPoint = new Map<string, Accumulator[]>();
  constructor(private readonly metrics: string[]) {}

  add(pointId: string, values: ArrayLike<number | null>): void {
    let accs = this.byPoint.get(pointId);
    if (!accs) {
      accs = this.metrics.map(() => new Accumulator());
      this.byPoint.set(pointId, accs);
    }
    for (let m = 0; m < this.metrics.length; m++) accs[m].add(values[m] ?? NaN);
  }

  /** The accumulator of one point and metric (undefined if the point has no runs). */
  get(pointId: string, metric: number): Accumulator | undefined {
    return this.byPoint.get(pointId)?.[metric];
  }

  /** Rows of summary.csv (see summaryColumns), points in design order, metrics in output order. */
  rows(points: DesignPoint[], paths: string[]): Cell[][] {
    const rows: Cell[][] = [];
    for (const point of points) {
      const values = paths.map((p) => point.values[p] ?? null);
      this.metrics.forEach((metric, m) => {
        const e = estimateOf(this.byPoint.get(point.id)?.[m] ?? new Accumulator());
        rows.push([point.id, ...values, metric, finite(e.mean), finite(e.sd), finite(e.lower), finite(e.upper), e.n]);
      });
    }
    return rows;
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
