/**
 * Request bodies, validated by zod like everything else (unknown keys are errors). A scenario in
 * a body is then validated by the scenario schema itself, its issues naming the body as the file.
 */
import { z } from 'zod';
import {
  MAX_REPORTED_ISSUES,
  MAX_SEED,
  capIssues,
  describeValue,
  issueCount,
  documentOf,
  formatPath,
  validateDocument,
  type JsonObject,
  type Result,
  type Scenario,
  type ScenarioIssue,
} from '../../engine/core/index.ts';
import type { Experiment } from '../../engine/core/experiment/schema.ts';
import { validateExperiment } from '../../engine/core/experiment/validate.ts';

export const RunBody = z.strictObject({
  scenario: z.record(z.string(), z.unknown()),
  seed: z.int().min(0).max(MAX_SEED).optional(),
  replicates: z.int().min(1).optional(),
  trace: z.boolean().optional(),
  modelUncertainty: z.boolean().optional(),
});

/** POST /api/rooms: a bundled scenario's id or a scenario object, and how the room plays it. */
export const RoomBody = z.strictObject({
  scenario: z.union([z.string().max(200), z.record(z.string(), z.unknown())]),
  seed: z.int().min(0).max(MAX_SEED).optional(),
  roundWeeks: z.int().min(1).max(52).optional(),
  title: z.string().min(1).max(120).optional(),
});

export const ValidateBody = z.strictObject({ scenario: z.unknown() });

export const JobBody = z.strictObject({ experiment: z.record(z.string(), z.unknown()) });

export const SearchBody = z.strictObject({ search: z.record(z.string(), z.unknown()) });

/** zod issues of a request body as scenario issues (the file is the request). */
export function bodyIssues(error: z.ZodError, file: string): ScenarioIssue[] {
  return capIssues(error.issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({
    code: i.code === 'unrecognized_keys' ? 'unknown-key' : i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined ? 'missing' : 'invalid-value',
    file,
    path: formatPath(i.path),
    expected: i.message.replace(/^Invalid input: /, '').replace(/^expected /, ''),
    found: describeValue((i as { input?: unknown }).input),
    fix: 'Correct the request body (see the API reference in README.md).',
  })), error.issues.length);
}

/** The message of a 400 for a scenario with problems, counting them all (the list itself is capped). */
export function invalidScenarioMessage(issues: ScenarioIssue[]): string {
  const n = issueCount(issues);
  return `the scenario has ${n.toLocaleString('en-GB')} problem${n === 1 ? '' : 's'}`;
}

export function validateScenarioBody(data: unknown, file = 'request body: scenario'): Result<Scenario> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ code: 'wrong-type', file, path: '', expected: 'a scenario object', found: JSON.stringify(data) ?? 'nothing', fix: 'Send the scenario as a JSON object with at least a name.' }] };
  }
  const doc = documentOf(data as JsonObject, file);
  if ('extends' in (data as object)) {
    return { ok: false, issues: [{ code: 'extends-invalid', file, path: 'extends', expected: 'a self-contained scenario (the server does not read files)', found: JSON.stringify((data as JsonObject).extends), fix: 'Merge the scenario it extends into the object you send, or use a bundled scenario\'s resolved document from /api/scenarios/:id.' }] };
  }
  return validateDocument(doc);
}

export function validateExperimentBody(data: unknown): Result<Experiment> {
  const parsed = validateExperiment(data, 'request body: experiment');
  if (!parsed.ok) return parsed;
  if (typeof parsed.value.scenario === 'string') {
    return { ok: false, issues: [{ code: 'invalid-value', file: 'request body: experiment', path: 'scenario', expected: 'a scenario object (the server does not read files)', found: JSON.stringify(parsed.value.scenario), fix: 'Put the scenario object itself in experiment.scenario.' }] };
  }
  return parsed;
}
