/**
 * ccsim's engine: the public API of the pure core. Everything here runs unchanged in Node, in a
 * worker thread and in a browser.
 */
export { ScenarioSchema, SCENARIO_FORMAT_VERSION, type Scenario, type ScenarioInput } from './scenario/schema.ts';
export { LESSONS, TOPICS, type Lesson, type Topic, type ParamMeta } from './scenario/param.ts';
export { scenarioJsonSchema, schemaNodeAt, type JsonSchemaNode } from './scenario/json-schema.ts';
export { capIssues, describeValue, formatIssue, formatPath, issueCount, ISSUE_CODES, MAX_REPORTED_ISSUES, type IssueCode, type ScenarioIssue } from './scenario/issues.ts';
export { checkJsonShape, JSON_SHAPE_LIMITS } from './scenario/json-shape.ts';
export {
  loadDocument,
  validateDocument,
  documentOf,
  parseJson,
  merge,
  type ScenarioDocument,
  type ScenarioReader,
  type Result,
  type Json,
  type JsonObject,
} from './scenario/resolve.ts';
export { applyOverrides, parsePath, parseValue, SET_ORIGIN } from './scenario/overrides.ts';
export { runScenario, runReplicates, type RunOptions, type RunResult, type ReplicateResult, type SiteTrace } from './run/run-scenario.ts';
export { replicateSeed, derivedSeed, stream, MAX_SEED, type Rng } from './random/streams.ts';
export { seriesColumns, columnIndex, columnValues, phaseOf, recruitmentEnds, rowOf, type Series, type MetricColumn, type SeriesName } from './metrics/series.ts';
export { SUMMARY_METRICS, cardMetrics, summaryMetric, summaryValue, whyUnavailable, type Summary, type SummaryMetric, type SummaryName } from './metrics/summary.ts';
export { SITE_OUTPUTS, type SiteColumn } from './metrics/site-results.ts';
export { clipToBounds, formatOf, inCurrency, moneyText, type OutputFormat, type OutputMeta, type OutputUnit } from './metrics/output.ts';
export { SITE_CATEGORIES, type SiteResult, type SiteCategory } from './metrics/site-results.ts';
export { init } from './run/init.ts';
export { step, WEEKLY_SCHEDULE } from './run/step.ts';
export { PRACTICE_STATES, MEMBERSHIP_STATES, PARTNER_SLOTS, type State, type ModelEvent, type EventKind } from './model/state.ts';
export { unitLabel, isHigherBetter, outcomeBounds } from './mechanisms/challenge.ts';
