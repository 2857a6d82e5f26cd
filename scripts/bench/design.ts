/**
 * The design search's figure (#14): the bundled robust-design search (5 levers, NSGA-III over 5
 * generations of 20, 50 contexts x 5 replicates each: up to 100 designs and 25,000 runs) run end
 * to end in a fresh process, worker start-up, every generation's writing and reading, and the
 * report included.
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSearch } from '../../engine/node/search/files.ts';
import { runSearch } from '../../engine/node/search/run-search.ts';
import { benchChild } from './child.ts';
import { peakMemoryMB } from './memory.ts';

interface DesignFigures {
  designs: number;
  contexts: number;
  replicates: number;
  runs: number;
  workers: number;
  seconds: number;
  peakMemoryMB: number;
  mainMsPerRun: number;
  front: number;
}

/** In a child: run a search file and print its figures. */
export async function designChild(file: string, workers: number): Promise<void> {
  const loaded = loadSearch(file);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const out = mkdtempSync(join(tmpdir(), 'ccsim-bench-design-'));
  try {
    const started = performance.now();
    const busy = performance.eventLoopUtilization();
    const outcome = await runSearch(loaded.value, { out: join(out, 'results'), workers });
    const seconds = (performance.now() - started) / 1000;
    const main = performance.eventLoopUtilization(busy);
    const figures: DesignFigures = {
      designs: outcome.archive.length,
      contexts: loaded.value.prepared.contexts.length,
      replicates: loaded.value.search.replicates,
      runs: outcome.ran,
      workers,
      seconds,
      peakMemoryMB: peakMemoryMB(),
      mainMsPerRun: main.active / outcome.ran,
      front: outcome.findings.front.length,
    };
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function designFigures(scenariosDir: string): void {
  const file = join(scenariosDir, 'searches', 'robust-design.json');
  const workers = availableParallelism();
  console.log('Design search (ccsim design scenarios/searches/robust-design.json, in a fresh process):');
  const f = benchChild<DesignFigures>(['--design', file, String(workers)]);
  console.log(
    `  ${f.designs} designs x ${f.contexts} contexts x ${f.replicates} replicates = ${f.runs} runs in ${f.seconds.toFixed(0)} s on ${f.workers} workers (${(f.runs / f.seconds).toFixed(0)} runs/s); ${f.front} designs on the front; peak memory ${f.peakMemoryMB.toFixed(0)} MB; the main thread busy ${f.mainMsPerRun.toFixed(2)} ms a run`,
  );
  console.log('  [goal (#14): at least 100 designs over 50 contexts with 5 replicates each, to the end on 2 cores]\n');
}
