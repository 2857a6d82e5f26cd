/**
 * ccsim's library API for Node scripts: the whole pure core, reading scenario and experiment
 * files from disk, running experiments on worker threads, and analysing their results. Run
 * scripts that import it with tsx (`npx tsx my-analysis.ts`).
 */
import { formatIssue, type Scenario, type ScenarioIssue } from '../core/index.ts';
import { loadScenario } from './scenario-files.ts';

export * from '../core/index.ts';
export { estimate, pairedDifference, formatEstimate, type Estimate } from '../core/stats/interval.ts';
export { loadScenario, fileReader } from './scenario-files.ts';
export { CCSIM_VERSION } from './version.ts';

// Experiments: files, designs, running into a results folder, merging shards, analysis.
export { ExperimentSchema, type Experiment, type ExperimentInput } from '../core/experiment/schema.ts';
export { validateExperiment, experimentJsonSchema } from '../core/experiment/validate.ts';
export { designPoints, type DesignPoint } from '../core/experiment/design.ts';
export { prepareExperiment, type PreparedExperiment } from '../core/experiment/prepare.ts';
export { loadExperiment, experimentFrom, type LoadedExperiment } from './experiment/files.ts';
export { runExperiment, ExperimentError, type RunExperimentOptions, type ExperimentOutcome } from './experiment/run-experiment.ts';
export type { ExperimentProgress } from './experiment/execute.ts';
export { mergeResults } from './experiment/merge.ts';
export { analyzeResults as analyze, writeAnalysis, ANALYSIS_COLUMNS, type Analysis, type AnalyzeOptions } from './experiment/analyze.ts';
export { readManifest, ResultsError, type Manifest, type Shard } from './experiment/results-dir.ts';
export { sobolIndices, type SobolIndex } from '../core/experiment/analysis/sobol.ts';
export { morrisIndices, type MorrisIndex } from '../core/experiment/analysis/morris.ts';
export { partialRankCorrelations, type RankCorrelation } from '../core/experiment/analysis/prcc.ts';
// Design search (ccsim design; docs/design-guide.md).
export { SearchSchema, type Search, type SearchInput } from '../core/search/schema.ts';
export { validateSearch, searchJsonSchema } from '../core/search/validate.ts';
export { nsga3, nondominatedFronts, type Evaluation, type Nsga3Options } from '../core/search/nsga3.ts';
export { prim, describeBox, unitPhrase, type PrimBox } from '../core/search/prim.ts';
export { metricRobustness, satisficing, type MetricRobustness } from '../core/search/robustness.ts';
export { valueOfInformation, type ValueOfInformation } from '../core/search/value-of-information.ts';
export { loadSearch, searchFrom, type LoadedSearch } from './search/files.ts';
export { runSearch, SearchError, type RunSearchOptions, type SearchOutcome, type SearchProgress } from './search/run-search.ts';
export { searchReport, searchResultJson, type SearchResultJson } from './search/search-files.ts';

/** A scenario file that failed validation; `issues` holds every problem. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Load, merge (extends), override (path=value) and validate a scenario file, or throw ScenarioError. */
export function readScenario(file: string, sets: string[] = []): Scenario {
  const result = loadScenario(file, sets);
  if (!result.ok) throw new ScenarioError(result.issues);
  return result.value;
}
