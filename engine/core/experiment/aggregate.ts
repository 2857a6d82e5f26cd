/**
 * Experiment results as tidy rows: one per run (point, parameter values, replicate, seed,
 * summary metrics) and one per point and metric (mean, standard deviation, 95% interval, n).
 */
import { SUMMARY_METRICS, type Summary } from '../metrics/summary.ts';
import { estimate } from '../stats/interval.ts';
import type { DesignPoint } from './design.ts';
import type { Experiment } from './schema.ts';

export type Cell = number | string | boolean | null;

export function metricNames(experiment: Experiment): string[] {
  return experiment.outputs.metrics ?? SUMMARY_METRICS.map((m) => m.name);
}

export function parameterPaths(experiment: Experiment, points: DesignPoint[]): string[] {
  const paths = new Set<string>(experiment.parameters.map((p) => p.path));
  for (const p of points) for (const path of Object.keys(p.values)) paths.add(path);
  return [...paths];
}

export function runColumns(experiment: Experiment, points: DesignPoint[]): string[] {
  return ['run', 'point', ...parameterPaths(experiment, points), 'replicate', 'seed', ...metricNames(experiment)];
}

export function runRow(experiment: Experiment, points: DesignPoint[], run: number, point: DesignPoint, replicate: number, seed: number, summary: Summary): Cell[] {
  return [run, point.id, ...parameterPaths(experiment, points).map((p) => point.values[p] ?? null), replicate, seed, ...metricNames(experiment).map((m) => summary[m] ?? null)];
}

export const SUMMARY_COLUMNS = ['point', 'metric', 'mean', 'sd', 'lower95', 'upper95', 'n'] as const;

/** Per point and metric: mean, sd, 95% interval of the mean, and the number of runs with a value. */
export function summaryRows(experiment: Experiment, points: DesignPoint[], summaries: Map<string, Summary[]>): Cell[][] {
  const rows: Cell[][] = [];
  for (const point of points) {
    const runs = summaries.get(point.id) ?? [];
    for (const metric of metricNames(experiment)) {
      const e = estimate(runs.map((s) => s[metric] ?? NaN));
      rows.push([point.id, metric, finite(e.mean), finite(e.sd), finite(e.lower), finite(e.upper), e.n]);
    }
  }
  return rows;
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
