/**
 * The runs of an experiment: every point x replicate, with its seed, in a fixed order. Runs are
 * interleaved (replicate 1 of every point, then replicate 2, ...) so that a stopped experiment
 * still covers every point evenly. The list is computed, not stored: run r is point r mod P,
 * replicate floor(r / P) + 1, so a million runs cost no memory. A shard takes every N-th run.
 */
import { derivedSeed, replicateSeed } from '../random/streams.ts';
import type { DesignPoint } from './design.ts';
import type { Experiment } from './schema.ts';

export interface PlannedRun {
  /** Position in the whole experiment's run list (0-based); the same in every shard and on resume. */
  run: number;
  point: DesignPoint;
  replicate: number;
  seed: number;
}

/** One of N shards (index from 1): the runs whose number leaves remainder index - 1 on division by N. */
export interface Shard {
  index: number;
  count: number;
}

/** An ordered list of runs, computed on demand. */
export interface RunList {
  readonly length: number;
  at(position: number): PlannedRun;
  /** The list from `position` on. */
  from(position: number): RunList;
}

export function plannedRuns(experiment: Experiment, points: DesignPoint[], shard: Shard | null = null): RunList {
  const total = points.length * experiment.replicates;
  const step = shard ? shard.count : 1;
  const first = shard ? shard.index - 1 : 0;
  const length = first >= total ? 0 : Math.ceil((total - first) / step);
  return view(length, (i) => {
    const run = first + i * step;
    const point = points[run % points.length];
    const replicate = Math.floor(run / points.length) + 1;
    return { run, point, replicate, seed: runSeed(experiment, point, replicate) };
  });
}

function view(length: number, at: (i: number) => PlannedRun): RunList {
  return {
    length,
    at(i) {
      if (!(i >= 0 && i < length)) throw new RangeError(`run position ${i} outside 0..${length - 1}`);
      return at(i);
    },
    from(start) {
      const s = Math.min(Math.max(0, start), length);
      return view(length - s, (i) => at(s + i));
    },
  };
}

/** Common seeding: replicate r has one seed for every point; independent: it depends on the point too. */
export function runSeed(experiment: Experiment, point: DesignPoint, replicate: number): number {
  return experiment.seeding === 'common' ? replicateSeed(experiment.seed, replicate) : derivedSeed(experiment.seed, `point:${point.id}:replicate:${replicate}`);
}

/** The whole list as an array (for tests and small experiments). */
export function allRuns(list: RunList): PlannedRun[] {
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}
