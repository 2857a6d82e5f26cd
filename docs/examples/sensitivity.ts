// Screen four programme levers with a Morris design, run it on every core into a results
// folder, and print the two most important levers for the gap closed a year after funding.
// Run from the project folder: npx tsx docs/examples/sensitivity.ts [results folder]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, experimentFrom, fileReader, loadDocument, runExperiment } from '../../engine/node/index.ts';

const out = process.argv[2] ?? join(mkdtempSync(join(tmpdir(), 'ccsim-')), 'levers');
const reader = fileReader();

// An experiment written in code (the same object a JSON file holds).
const experiment = experimentFrom(
  {
    name: 'four levers',
    scenario: 'scenarios/baseline.json',
    replicates: 2,
    parameters: [
      { path: 'tactics.hardness', min: 0, max: 1 },
      { path: 'resources.slackHoursPerWeek', min: 0, max: 10 },
      { path: 'coreTeam.hoursPerWeek', min: 20, max: 150 },
      { path: 'recruitment.invitedSites', min: 8, max: 48, integer: true },
    ],
    design: { kind: 'morris', trajectories: 8 },
    outputs: { metrics: ['gapClosedOneYearAfter'] },
  },
  'four-levers (in code)',
  (path) => loadDocument(path, reader),
);
if (!experiment.ok) throw new Error(experiment.issues.map((i) => `${i.path}: ${i.found}`).join('\n'));

let last = 0;
const outcome = await runExperiment(experiment.value, {
  out,
  onProgress: (p) => {
    if (p.done - last >= 40 || p.done === p.total) {
      last = p.done;
      console.log(`${p.done}/${p.total} runs, ${p.runsPerSecond.toFixed(0)} runs/s`);
    }
  },
});
console.log(`${outcome.ran} runs in ${outcome.dir}`);

const analysis = await analyze(outcome.dir);
const muStar = analysis.rows.filter((r) => r[5] === 'mu_star').sort((a, b) => Number(b[6]) - Number(a[6]));
console.log(`Most important: ${muStar.slice(0, 2).map((r) => `${r[4]} (mu* ${Number(r[6]).toFixed(3)})`).join(', ')}`);
