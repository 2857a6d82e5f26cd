// Search two levers of the baseline for the designs that close the most of the gap a year after
// funding for the least money, across eight contexts of staff turnover and punitive history,
// and print the front with where each design fails.
// Run from the project folder: npx tsx docs/examples/find-design.ts [results folder]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileReader, loadDocument, runSearch, searchFrom, searchReport } from '../../engine/node/index.ts';

const out = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'ccsim-')), 'search');
const reader = fileReader();

// A search written in code (the same object a search file holds).
const search = searchFrom(
  {
    name: 'two levers',
    scenario: 'scenarios/baseline.json',
    replicates: 2,
    levers: [
      { path: 'resources.budget', min: 200000, max: 1600000 },
      { path: 'conflict.management', values: ['ignored', 'managed'] },
    ],
    contexts: {
      samples: 8,
      factors: [
        { path: 'resources.staffTurnoverPerYear', min: 0.05, max: 0.3 },
        { path: 'context.sites.punitiveHistory', min: 0.1, max: 0.7 },
      ],
    },
    objectives: [{ metric: 'programmeEffectOneYearAfter' }, { metric: 'costFull', goal: 'min' }],
    thresholds: [{ metric: 'programmeEffectOneYearAfter', atLeast: 0.4 }],
    search: { population: 8, generations: 2 },
  },
  'two-levers (in code)',
  (path) => loadDocument(path, reader),
);
if (!search.ok) throw new Error(search.issues.map((i) => `${i.path}: ${i.found}`).join('\n'));

const { archive, findings, loaded } = await runSearch(search.value, { out });
console.log(searchReport(loaded, archive, findings));
for (const d of findings.front) {
  const { values } = archive[d].candidate;
  console.log(`front: budget ${values['resources.budget']}, conflict ${values['conflict.management']}`);
}
