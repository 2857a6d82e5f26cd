/**
 * From a validated experiment and its base scenario document to the scenario of every design
 * point and the list of runs. Every point is checked like a --set override, and the outputs
 * asked for are checked against what a run produces, so a bad path, value or name is reported
 * before anything runs.
 */
import { SUMMARY_METRICS } from '../metrics/summary.ts';
import { seriesColumns } from '../metrics/series.ts';
import { applyOverrides, checkPath, parsePath, SET_ORIGIN } from '../scenario/overrides.ts';
import { validateDocument, type ScenarioDocument } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/schema.ts';
import { closest, type ScenarioIssue } from '../scenario/issues.ts';
import { eachDesignPoint, pointAssignments, type DesignPoint } from './design.ts';
import { plannedRuns, type RunList } from './runs.ts';
import type { Experiment } from './schema.ts';

export interface PreparedExperiment {
  experiment: Experiment;
  points: DesignPoint[];
  /** The scenario of each point, by point id. */
  scenarios: Map<string, Scenario>;
  /** Every run of the experiment, in order (computed on demand). */
  runs: RunList;
  /** The series columns written to series.csv (empty when no series is kept). */
  seriesColumns: string[];
}

export type Prepared = { ok: true; value: PreparedExperiment } | { ok: false; issues: ScenarioIssue[] };

/** `file` names the experiment in issues (its path, or 'request body: experiment'). */
export function prepareExperiment(experiment: Experiment, base: ScenarioDocument, file = 'experiment'): Prepared {
  const steps = preparing(experiment, base, file);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same, giving the thread back between points once a slice of `sliceMs` has been used (a
 * point takes about 0.1 ms to build and check, so 2,000 points hold a thread for a fifth of a
 * second). The server prepares experiments this way on its main thread, which must keep answering.
 * `pause` resolves when the thread may go on (setImmediate in Node).
 */
export async function prepareExperimentInSlices(experiment: Experiment, base: ScenarioDocument, file: string, pause: () => Promise<void>, sliceMs = 10): Promise<Prepared> {
  const steps = preparing(experiment, base, file);
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart > sliceMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

/** Prepares the experiment, yielding after each design point it builds. */
function* preparing(experiment: Experiment, base: ScenarioDocument, file: string): Generator<void, Prepared> {
  const pathIssues = parameterPathIssues(experiment, file);
  if (pathIssues.length) return { ok: false, issues: pathIssues };
  const points: DesignPoint[] = [];
  const scenarios = new Map<string, Scenario>();
  const issues: ScenarioIssue[] = [];
  const firstWithId = new Map<string, DesignPoint>();
  // The same problem at many points (a range that reaches an invalid value) is reported once.
  const pointIssues = new Map<string, { issue: ScenarioIssue; points: number[] }>();
  for (const point of eachDesignPoint(experiment)) {
    points.push(point);
    const twin = firstWithId.get(point.id);
    if (twin) {
      issues.push({
        code: 'invalid-value',
        file,
        path: experiment.design.kind === 'list' ? `design.points[${point.index}]` : 'parameters',
        expected: 'design points that differ',
        found: `point ${point.index + 1} the same as point ${twin.index + 1} (${JSON.stringify(point.values)})`,
        fix: 'Remove the repeated point (more replicates give a point more runs) or repeated values.',
      });
      yield;
      continue;
    }
    firstWithId.set(point.id, point);
    const doc = applyOverrides(base, pointAssignments(point));
    const valid = doc.ok ? validateDocument(doc.value) : doc;
    if (!valid.ok) {
      for (const issue of valid.issues) {
        const key = `${issue.path}|${issue.code}|${issue.expected}`;
        const seen = pointIssues.get(key);
        if (seen) seen.points.push(point.index + 1);
        else pointIssues.set(key, { issue, points: [point.index + 1] });
      }
      yield;
      continue;
    }
    scenarios.set(point.id, valid.value);
    yield;
  }
  for (const { issue, points: at } of pointIssues.values()) {
    const parameter = experiment.parameters.findIndex((p) => p.path === issue.path);
    const where = at.length === 1 ? `at design point ${at[0]}` : `at ${at.length} design points (the first is point ${at[0]})`;
    issues.push(
      parameter >= 0 && issue.file === SET_ORIGIN
        ? { ...issue, file, path: `parameters[${parameter}]`, expected: `values of ${issue.path} that are ${issue.expected}`, found: `${issue.found} ${where}` }
        : { ...issue, file: issue.file === SET_ORIGIN ? file : issue.file, found: `${issue.found} ${where}` },
    );
  }
  issues.push(...outputIssues(experiment, file));
  const columns = issues.length ? [] : keptSeriesColumns(experiment, points, scenarios, file, issues);
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { experiment, points, scenarios, runs: plannedRuns(experiment, points), seriesColumns: columns } };
}

/** Every varied path must be a scenario path ccsim knows (checked once, not once per point). */
function parameterPathIssues(experiment: Experiment, file: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const check = (text: string, at: string) => {
    const path = parsePath(text);
    const problem = path ? checkPath(path) : { expected: 'a scenario path such as coreTeam.hoursPerWeek or community.groups[1].share', found: JSON.stringify(text), fix: 'Write keys separated by dots, with [i] for list items.' };
    if (problem) issues.push({ code: 'invalid-value', file, path: at, expected: problem.expected, found: problem.found, fix: problem.fix });
  };
  experiment.parameters.forEach((p, i) => check(p.path, `parameters[${i}].path`));
  if (experiment.design.kind === 'list') {
    const checked = new Set(experiment.parameters.map((p) => p.path));
    experiment.design.points.forEach((point, j) => {
      for (const key of Object.keys(point)) {
        if (checked.has(key)) continue;
        checked.add(key);
        check(key, `design.points[${j}].${key}`);
      }
    });
  }
  return issues;
}

function outputIssues(experiment: Experiment, file: string): ScenarioIssue[] {
  const known = SUMMARY_METRICS.map((m): string => m.name);
  return (experiment.outputs.metrics ?? []).flatMap((name, i) =>
    known.includes(name)
      ? []
      : [
          {
            code: 'not-an-option' as const,
            file,
            path: `outputs.metrics[${i}]`,
            expected: 'a summary metric (see docs/model.md#outputs)',
            found: JSON.stringify(name),
            fix: closest(name, known) ? `Did you mean ${JSON.stringify(closest(name, known))}?` : `The summary metrics are ${known.join(', ')}.`,
          },
        ],
  );
}

/** The series columns to write: every point must produce them (points may change professional groups). */
function keptSeriesColumns(experiment: Experiment, points: DesignPoint[], scenarios: Map<string, Scenario>, file: string, issues: ScenarioIssue[]): string[] {
  if (experiment.outputs.series === 'none') return [];
  const first = seriesColumns(scenarios.get(points[0].id)!).map((c): string => c.name);
  const wanted = experiment.outputs.seriesColumns ?? first;
  experiment.outputs.seriesColumns?.forEach((name, i) => {
    if (!first.includes(name)) {
      const guess = closest(name, first);
      issues.push({ code: 'not-an-option', file, path: `outputs.seriesColumns[${i}]`, expected: 'a series column (see docs/model.md#outputs)', found: JSON.stringify(name), fix: guess ? `Did you mean ${JSON.stringify(guess)}?` : `The series columns are ${first.join(', ')}.` });
    }
  });
  for (const point of points) {
    const names = seriesColumns(scenarios.get(point.id)!).map((c): string => c.name);
    const missing = wanted.filter((n) => !names.includes(n));
    if (missing.length) {
      issues.push({
        code: 'invalid-value',
        file,
        path: 'outputs.seriesColumns',
        expected: 'series columns every design point produces',
        found: `${missing.join(', ')} missing from design point ${point.index + 1}, which changes the professional groups`,
        fix: 'List in outputs.seriesColumns only the columns every point produces.',
      });
      break;
    }
  }
  return wanted;
}
