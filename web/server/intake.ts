/**
 * A request body from its text to what its route needs: parsed as files are (a syntax error says
 * where; depth, size and __proto__ keys checked before anything walks it), the body's own fields
 * checked, and the scenario or experiment in it validated. This is the costly part of a request:
 * a megabyte of unknown keys takes a tenth of a second or more. The server therefore does it on a
 * thread of its own (intake-worker.ts, through intake-pool.ts), so the main thread never walks a
 * body and keeps answering whatever anyone sends. Everything here is plain data in and out.
 */
import { documentOf, formatIssue, parseJson, type JsonObject, type Scenario, type ScenarioDocument, type ScenarioIssue } from '../../engine/core/index.ts';
import type { Experiment } from '../../engine/core/experiment/schema.ts';
import { searchFrom, type LoadedSearch } from '../../engine/node/search/files.ts';
import { JobBody, RoomBody, RunBody, SearchBody, ValidateBody, bodyIssues, invalidScenarioMessage, validateExperimentBody, validateScenarioBody } from './bodies.ts';

export type IntakeRoute = 'run' | 'validate' | 'jobs' | 'searches' | 'rooms';

export interface IntakeTask {
  route: IntakeRoute;
  /** The body as sent; undefined when the request had none. */
  text: string | undefined;
}

/** A body refused: the status and the project's error shape (see problems.ts). */
export interface Refusal {
  ok: false;
  status: number;
  error: string;
  message: string;
  issues?: ScenarioIssue[];
}

interface Intakes {
  run: { scenario: Scenario; seed?: number; replicates?: number; trace?: boolean; modelUncertainty?: boolean };
  validate: { scenario: Scenario };
  jobs: { experiment: Experiment; base: ScenarioDocument };
  searches: { loaded: LoadedSearch };
  /** A bundled scenario is named by id (the main thread looks it up); a scenario object is validated here. */
  rooms: { scenarioId?: string; scenario?: Scenario; seed?: number; roundWeeks?: number; title?: string };
}

export type IntakeResult<R extends IntakeRoute = IntakeRoute> = ({ ok: true } & Intakes[R]) | Refusal;

const refuse = (status: number, error: string, message: string, issues?: ScenarioIssue[]): Refusal => ({ ok: false, status, error, message, ...(issues ? { issues } : {}) });

export function intake<R extends IntakeRoute>(task: IntakeTask & { route: R }): IntakeResult<R>;
export function intake(task: IntakeTask): IntakeResult {
  let body: unknown = {};
  if (task.text !== undefined) {
    const parsed = parseJson(task.text, 'request body');
    if (!parsed.ok) {
      const [first] = parsed.issues;
      return first.code === 'invalid-json'
        ? refuse(400, 'invalid-json', `the request body is not valid JSON: ${first.found}`, parsed.issues)
        : refuse(400, 'invalid-body', `the request body cannot be read: ${formatIssue(first)}`, parsed.issues);
    }
    body = parsed.value;
  }
  switch (task.route) {
    case 'run': {
      const fields = RunBody.safeParse(body, { reportInput: true });
      if (!fields.success) return refuse(400, 'invalid-body', 'the request body should be {"scenario": {...}, "seed"?, "replicates"?, "trace"?, "modelUncertainty"?}', bodyIssues(fields.error, 'request body'));
      const valid = validateScenarioBody(fields.data.scenario);
      if (!valid.ok) return refuse(400, 'invalid-scenario', invalidScenarioMessage(valid.issues), valid.issues);
      const { seed, replicates, trace, modelUncertainty } = fields.data;
      return { ok: true, scenario: valid.value, seed, replicates, trace, modelUncertainty };
    }
    case 'validate': {
      const fields = ValidateBody.safeParse(body, { reportInput: true });
      if (!fields.success) return refuse(400, 'invalid-body', 'the request body should be {"scenario": {...}}', bodyIssues(fields.error, 'request body'));
      const valid = validateScenarioBody(fields.data.scenario);
      if (!valid.ok) return refuse(400, 'invalid-scenario', invalidScenarioMessage(valid.issues), valid.issues);
      return { ok: true, scenario: valid.value };
    }
    case 'jobs': {
      const fields = JobBody.safeParse(body, { reportInput: true });
      if (!fields.success) return refuse(400, 'invalid-body', 'the request body should be {"experiment": {...}}', bodyIssues(fields.error, 'request body'));
      const experiment = validateExperimentBody(fields.data.experiment);
      if (!experiment.ok) return refuse(400, 'invalid-experiment', 'the experiment is not valid', experiment.issues);
      const file = 'request body: experiment.scenario';
      const scenario = validateScenarioBody(experiment.value.scenario, file);
      if (!scenario.ok) return refuse(400, 'invalid-scenario', 'the experiment\'s scenario is not valid', scenario.issues);
      return { ok: true, experiment: experiment.value, base: documentOf(experiment.value.scenario as JsonObject, file) };
    }
    case 'rooms': {
      const fields = RoomBody.safeParse(body, { reportInput: true });
      if (!fields.success) return refuse(400, 'invalid-body', 'the request body should be {"scenario": "<bundled id>" or {...}, "seed"?, "roundWeeks"?, "title"?}', bodyIssues(fields.error, 'request body'));
      const { seed, roundWeeks, title } = fields.data;
      if (typeof fields.data.scenario === 'string') return { ok: true, scenarioId: fields.data.scenario, seed, roundWeeks, title };
      const valid = validateScenarioBody(fields.data.scenario);
      if (!valid.ok) return refuse(400, 'invalid-scenario', invalidScenarioMessage(valid.issues), valid.issues);
      return { ok: true, scenario: valid.value, seed, roundWeeks, title };
    }
    case 'searches': {
      const fields = SearchBody.safeParse(body, { reportInput: true });
      if (!fields.success) return refuse(400, 'invalid-body', 'the request body should be {"search": {...}}', bodyIssues(fields.error, 'request body'));
      const file = 'request body: search';
      const scenario = fields.data.search.scenario;
      if (typeof scenario === 'string') {
        return refuse(400, 'invalid-search', 'the search is not valid', [{ code: 'invalid-value', file, path: 'scenario', expected: 'a scenario object (the server does not read files)', found: JSON.stringify(scenario), fix: 'Put the scenario object itself in search.scenario.' }]);
      }
      if (scenario !== null && typeof scenario === 'object' && !Array.isArray(scenario)) {
        const valid = validateScenarioBody(scenario, `${file}.scenario`);
        if (!valid.ok) return refuse(400, 'invalid-scenario', "the search's scenario is not valid", valid.issues);
      }
      const loaded = searchFrom(fields.data.search, file, () => ({ ok: false, issues: [] }));
      if (!loaded.ok) return refuse(400, 'invalid-search', 'the search is not valid', loaded.issues);
      return { ok: true, loaded: loaded.value };
    }
  }
}
