/**
 * How a run measures against a published figure: the figure's metric read from the run (a
 * series column at a week, or its mean over a period, or a summary metric), the mean over
 * replicates with its 95% interval, whether that mean reproduces the figure (inside its stated
 * range, or within its tolerance of a point value), and the distance the fit minimises.
 */
import { SUMMARY_METRICS } from '../metrics/summary.ts';
import { seriesColumns } from '../metrics/series.ts';
import type { RunResult } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario/schema.ts';
import { closest, type ScenarioIssue } from '../scenario/issues.ts';
import { estimate, type Estimate } from '../stats/interval.ts';
import type { Target } from './schema.ts';

export interface TargetResult {
  target: Target;
  simulated: Estimate;
  /** The published figure's acceptable band: its range, or value +/- tolerance. */
  band: [number, number];
  within: boolean;
  /** Distance of the simulated mean from the figure, in half-widths of the band. */
  error: number;
}

/** The target's metric in one run. */
export function targetValue(result: RunResult, target: Target): number {
  if (target.week === undefined && target.weeks === undefined) return result.summary[target.metric] ?? NaN;
  const k = result.series.columns.findIndex((c) => c.name === target.metric);
  const column = result.series.values[k];
  const [from, to] = target.weeks ?? [target.week!, target.week!];
  let sum = 0;
  let n = 0;
  for (let w = from; w <= to; w++) {
    if (Number.isNaN(column[w])) continue;
    sum += column[w];
    n++;
  }
  return n ? sum / n : NaN;
}

export function band(target: Target): [number, number] {
  if (target.range) return target.range;
  const half = target.tolerance * Math.abs(target.value) || target.tolerance;
  return [target.value - half, target.value + half];
}

export function assessTargets(results: RunResult[], targets: Target[]): TargetResult[] {
  return targets.map((target) => {
    const simulated = estimate(results.map((r) => targetValue(r, target)));
    const [lo, hi] = band(target);
    const half = (hi - lo) / 2 || 1;
    const within = simulated.mean >= lo && simulated.mean <= hi;
    return { target, simulated, band: [lo, hi], within, error: (simulated.mean - target.value) / half };
  });
}

/** The weighted sum of squared errors the fit minimises (a missing value counts as far off). */
export function objective(results: TargetResult[]): number {
  return results.reduce((s, r) => s + r.target.weight * (Number.isFinite(r.error) ? r.error * r.error : 1e6), 0);
}

/** Problems with the targets' metrics and weeks for this scenario, before anything runs. */
export function targetIssues(targets: Target[], scenario: Scenario, file: string): ScenarioIssue[] {
  const series = seriesColumns(scenario).map((c) => c.name);
  const summary = SUMMARY_METRICS.map((m) => m.name);
  const issues: ScenarioIssue[] = [];
  targets.forEach((t, i) => {
    const inTime = t.week !== undefined || t.weeks !== undefined;
    const names = inTime ? series : summary;
    if (!names.includes(t.metric)) {
      const guess = closest(t.metric, names) ?? closest(t.metric, inTime ? summary : series);
      issues.push({
        code: 'not-an-option',
        file,
        path: `targets[${i}].metric`,
        expected: inTime ? 'a series column (a target with week or weeks reads the weekly series)' : 'a summary metric (a target without week or weeks reads the run summary)',
        found: JSON.stringify(t.metric),
        fix: guess ? `Did you mean ${JSON.stringify(guess)}? (series columns take week or weeks; summary metrics take neither)` : 'See docs/model.md#outputs for the names.',
      });
    }
    const last = t.weeks ? t.weeks[1] : t.week;
    if (last !== undefined && last > scenario.time.weeks) {
      issues.push({ code: 'too-large', file, path: `targets[${i}].${t.weeks ? 'weeks' : 'week'}`, expected: `a week the scenario reaches (it runs ${scenario.time.weeks} weeks)`, found: String(last), fix: 'Lengthen time.weeks in the scenario, or correct the week.' });
    }
  });
  return issues;
}
