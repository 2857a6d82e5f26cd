/**
 * How a run measures against a published figure: the figure's metric read from the run (a
 * series column at a week, or its mean over a period, or a summary metric), the mean over
 * replicates with its 95% interval, whether that mean reproduces the figure (inside its stated
 * range, or within its tolerance of a point value), and the distance the fit minimises.
 */
import { SUMMARY_METRICS, summaryValue } from '../metrics/summary.ts';
import { meanOverWeeks, seriesColumns } from '../metrics/series.ts';
import type { RunResult } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario/schema.ts';
import { closest, type ScenarioIssue } from '../scenario/issues.ts';
import { checkPath, parsePath } from '../scenario/overrides.ts';
import { schemaNodeAt } from '../scenario/json-schema.ts';
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
  if (target.week === undefined && target.weeks === undefined) return summaryValue(result.summary, target.metric) ?? NaN;
  const k = result.series.columns.findIndex((c) => c.name === target.metric);
  const [from, to] = target.weeks ?? [target.week!, target.week!];
  return meanOverWeeks(result.series, k, from, to);
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
  const series = seriesColumns(scenario).map((c): string => c.name);
  const summary = SUMMARY_METRICS.map((m): string => m.name);
  const issues: ScenarioIssue[] = [];
  targets.forEach((t, i) => {
    const inTime = t.week !== undefined || t.weeks !== undefined;
    const names = inTime ? series : summary;
    if (!names.includes(t.metric)) {
      const other = inTime ? summary : series;
      const guess = closest(t.metric, names) ?? closest(t.metric, other);
      issues.push({
        code: 'not-an-option',
        file,
        path: `targets[${i}].metric`,
        expected: inTime ? 'a series column (a target with week or weeks reads the weekly series)' : 'a summary metric (a target without week or weeks reads the run summary)',
        found: JSON.stringify(t.metric),
        fix: other.includes(t.metric)
          ? inTime
            ? `${JSON.stringify(t.metric)} is a summary metric, one value per run: remove week and weeks.`
            : `${JSON.stringify(t.metric)} is a weekly series column: give week or weeks.`
          : guess
            ? `Did you mean ${JSON.stringify(guess)}? (series columns take week or weeks; summary metrics take neither)`
            : 'See docs/model.md#outputs for the names.',
      });
    }
    const last = t.weeks ? t.weeks[1] : t.week;
    if (last !== undefined && last > scenario.time.weeks) {
      issues.push({ code: 'too-large', file, path: `targets[${i}].${t.weeks ? 'weeks' : 'week'}`, expected: `a week the scenario reaches (it runs ${scenario.time.weeks} weeks)`, found: String(last), fix: 'Lengthen time.weeks in the scenario, or correct the week.' });
    }
  });
  return issues;
}

/**
 * Problems with the parameters a targets file fits, from the scenario schema alone: the path must
 * name a setting that takes any number (Nelder-Mead moves continuously, so not a choice or a
 * whole number), and the bounds must lie within the setting's own range.
 */
export function parameterIssues(parameters: unknown, file: string): ScenarioIssue[] {
  if (!Array.isArray(parameters)) return [];
  const issues: ScenarioIssue[] = [];
  parameters.forEach((p: unknown, i) => {
    if (p === null || typeof p !== 'object' || typeof (p as { path?: unknown }).path !== 'string') return;
    const { path: text, min, max } = p as { path: string; min?: unknown; max?: unknown };
    const at = `parameters[${i}]`;
    const path = parsePath(text);
    const problem = path ? checkPath(path) : { expected: 'a scenario path', found: JSON.stringify(text), fix: 'Write keys separated by dots, with [i] for list items.' };
    if (problem) {
      issues.push({ code: 'invalid-value', file, path: `${at}.path`, ...problem });
      return;
    }
    const node = schemaNodeAt(path!);
    if (node?.type !== 'number') {
      const kind = node?.type === 'integer' ? 'a whole number' : node?.enum ? `one of ${(node.enum as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` : `a value of type ${String(node?.type ?? 'object')}`;
      issues.push({ code: 'invalid-value', file, path: `${at}.path`, expected: 'a setting that takes any number in a range (the fit moves it continuously)', found: `${text}, which takes ${kind}`, fix: 'Set it in the scenario by hand (or compare values in an experiment), and fit continuous settings only.' });
      return;
    }
    const lowest = typeof node.minimum === 'number' ? node.minimum : -Infinity;
    const highest = typeof node.maximum === 'number' ? node.maximum : Infinity;
    const range = `${text} takes ${Number.isFinite(lowest) ? lowest : 'any'} to ${Number.isFinite(highest) ? highest : 'any'}`;
    if (typeof min === 'number' && min < lowest) issues.push({ code: 'too-small', file, path: `${at}.min`, expected: `a bound within the setting's range (${range})`, found: String(min), fix: `Raise it to ${lowest} or more.` });
    if (typeof max === 'number' && max > highest) issues.push({ code: 'too-large', file, path: `${at}.max`, expected: `a bound within the setting's range (${range})`, found: String(max), fix: `Lower it to ${highest} or less.` });
  });
  return issues;
}
