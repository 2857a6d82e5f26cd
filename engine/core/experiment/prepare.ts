/**
 * From a validated experiment and its base scenario document to the scenario of every design
 * point and the list of runs. Every point is checked like a --set override, so a bad path or
 * value is reported before anything runs.
 */
import { applyOverrides } from '../scenario/overrides.ts';
import { validateDocument, type ScenarioDocument } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { ScenarioIssue } from '../scenario/issues.ts';
import { designPoints, pointAssignments, type DesignPoint } from './design.ts';
import { plannedRuns, type PlannedRun } from './runs.ts';
import type { Experiment } from './schema.ts';

export interface PreparedExperiment {
  experiment: Experiment;
  points: DesignPoint[];
  /** The scenario of each point, by point id. */
  scenarios: Map<string, Scenario>;
  runs: PlannedRun[];
}

export function prepareExperiment(experiment: Experiment, base: ScenarioDocument): { ok: true; value: PreparedExperiment } | { ok: false; issues: ScenarioIssue[] } {
  const points = designPoints(experiment);
  const scenarios = new Map<string, Scenario>();
  const issues: ScenarioIssue[] = [];
  for (const point of points) {
    const doc = applyOverrides(base, pointAssignments(point));
    const valid = doc.ok ? validateDocument(doc.value) : doc;
    if (!valid.ok) {
      for (const issue of valid.issues) issues.push({ ...issue, file: `${issue.file} (design point ${point.index + 1})` });
      continue;
    }
    scenarios.set(point.id, valid.value);
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { experiment, points, scenarios, runs: plannedRuns(experiment, points) } };
}
