// Compare soft-only and balanced tactics on the baseline community over 30 paired replicates.
// Run from the project folder: npx tsx docs/examples/compare-tactics.ts
import { formatEstimate, pairedDifference, readScenario, replicateSeed, runScenario } from '../../engine/node/index.ts';

const soft = readScenario('scenarios/baseline.json', ['tactics.hardness=0']);
const balanced = readScenario('scenarios/baseline.json', ['tactics.hardness=0.5']);

const replicates = 30;
const gap = (scenario: typeof soft) =>
  Array.from({ length: replicates }, (_, r) => runScenario(scenario, { seed: replicateSeed(2026, r + 1) }).summary.gapClosedOneYearAfter ?? NaN);

// Replicate r of each arm shares its seed, so the difference is paired (common random numbers).
const difference = pairedDifference(gap(soft), gap(balanced));
console.log(`Gap closed a year after funding, balanced minus soft-only: ${formatEstimate(difference)}`);
