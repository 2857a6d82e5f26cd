/**
 * The runs of an experiment, as a deterministic list: every point x replicate, with its seed.
 * Runs are interleaved (replicate 1 of every point, then replicate 2, ...) so that a stopped
 * experiment still covers every point evenly.
 */
import { derivedSeed, replicateSeed } from '../random/streams.ts';
import type { DesignPoint } from './design.ts';
import type { Experiment } from './schema.ts';

export interface PlannedRun {
  /** Position in the run list (0-based); the same in every shard and on resume. */
  run: number;
  point: DesignPoint;
  replicate: number;
  seed: number;
}

export function plannedRuns(experiment: Experiment, points: DesignPoint[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (let r = 1; r <= experiment.replicates; r++) {
    for (const point of points) runs.push({ run: runs.length, point, replicate: r, seed: runSeed(experiment, point, r) });
  }
  return runs;
}

/** Common seeding: replicate r has one seed for every point; independent: it depends on the point too. */
export function runSeed(experiment: Experiment, point: DesignPoint, replicate: number): number {
  return experiment.seeding === 'common' ? replicateSeed(experiment.seed, replicate) : derivedSeed(experiment.seed, `point:${point.id}:replicate:${replicate}`);
}
