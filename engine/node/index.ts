/**
 * ccsim's library API for Node scripts: the whole pure core, plus reading scenario files from
 * disk. Run scripts that import it with tsx (`npx tsx my-analysis.ts`).
 */
import { formatIssue, type Scenario, type ScenarioIssue } from '../core/index.ts';
import { loadScenario } from './scenario-files.ts';

export * from '../core/index.ts';
export { estimate, pairedDifference, formatEstimate, type Estimate } from '../core/stats/interval.ts';
export { loadScenario, fileReader } from './scenario-files.ts';
export { CCSIM_VERSION } from './version.ts';

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
