/**
 * Experiment figures: runs per second with 1 and 2 worker threads (the speed-up), and the peak
 * memory of a whole experiment process (main thread and workers) at 1,000, 10,000 and 50,000
 * runs, which should not grow with the number of runs (results stream to disk). Each measurement runs
 * in a fresh child process, worker start-up included, as a researcher's command would.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentOf, type JsonObject } from '../../core/index.ts';
import { experimentFrom } from '../experiment/files.ts';
import { runExperiment } from '../experiment/run-experiment.ts';
import { peakMemoryMB } from './memory.ts';

/** The default community, and a small one (a year, a handful of sites) for many cheap runs. */
const SCENARIOS: Record<string, JsonObject> = {
  default: { name: 'bench default' },
  small: { name: 'bench small', time: { weeks: 52, fundingWeeks: 40 }, recruitment: { invitedSites: 4, comparisonSites: 2 } },
};

interface Figures {
  runs: number;
  workers: number;
  seconds: number;
  runsPerSecond: number;
  peakMemoryMB: number;
}

/** In a child: run an experiment of `runs` runs (two points, paired) and print its figures. */
export async function experimentChild(runs: number, workers: number, scenario: string): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'ccsim-bench-experiment-'));
  try {
    const loaded = experimentFrom(
      { name: 'bench', scenario: SCENARIOS[scenario], replicates: runs / 2, parameters: [{ path: 'tactics.hardness', values: [0, 0.5] }], outputs: { series: 'end' } },
      'bench',
      () => ({ ok: true, value: documentOf({}, 'bench') }),
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    const started = performance.now();
    const outcome = await runExperiment(loaded.value, { out: join(out, 'results'), workers });
    const seconds = (performance.now() - started) / 1000;
    const figures: Figures = { runs: outcome.ran, workers, seconds, runsPerSecond: outcome.ran / seconds, peakMemoryMB: peakMemoryMB() };
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function measure(runs: number, workers: number, scenario: string): Figures {
  // The benchmark runs as one bundle (dist/node/bench-main.mjs): this file is that bundle.
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--experiment', String(runs), String(workers), scenario], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`experiment of ${runs} runs failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Figures;
}

export function experimentFigures(): void {
  console.log('Experiments (ccsim experiment, each in a fresh process, worker start-up and writing to disk included):');
  for (const runs of [400, 2000]) {
    const one = measure(runs, 1, 'default');
    const two = measure(runs, 2, 'default');
    console.log(`  default scenario, ${runs} runs: ${one.runsPerSecond.toFixed(1)} runs/s on 1 worker, ${two.runsPerSecond.toFixed(1)} on 2 workers: ${(two.runsPerSecond / one.runsPerSecond).toFixed(2)}x`);
  }
  console.log('  [target: at least 1.8x on 2 cores for 200 runs or more. Each worker spends some 0.4 s compiling the engine before it runs at full speed, twice that when two compile at once on two cores, which weighs on short experiments]');
  const small = [1_000, 10_000, 50_000].map((runs) => measure(runs, 2, 'small'));
  console.log(`  peak memory of the whole process (main thread and 2 workers), small scenario: ${small.map((f) => `${f.runs} runs ${f.peakMemoryMB.toFixed(0)} MB (${f.runsPerSecond.toFixed(0)} runs/s)`).join(', ')}`);
  console.log('  [target: flat. Nothing is kept per run (results stream to disk, the run list is computed); the heaps grow until the garbage collector settles, then stop]\n');
}
