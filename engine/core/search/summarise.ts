/**
 * What a finished search found, from every design it evaluated (its archive): the Pareto front
 * (by constraint domination over the objectives), each design's robustness on every kept metric
 * (regret is against the best of the archive in each context), and, for each design on the front,
 * the boxes of contexts where it fails to meet the thresholds (PRIM over the context factors).
 */
import { nondominatedFronts } from './nsga3.ts';
import type { CandidateStanding, ContextValues } from './evaluate.ts';
import type { Candidate, PreparedSearch } from './prepare.ts';
import { prim, type PrimBox } from './prim.ts';
import { metricRobustness, type MetricRobustness } from './robustness.ts';

export interface ArchivedCandidate {
  candidate: Candidate;
  /** The generation that first proposed it (1-based). */
  generation: number;
  contexts: ContextValues;
  standing: CandidateStanding;
}

export interface SearchFindings {
  /** Indices into the archive of the designs on the front, best first by the first objective. */
  front: number[];
  /** Each archived design's front (1 is the Pareto front). */
  rank: number[];
  /** robustness[metric][d]: design d's robustness on each kept metric with a better direction. */
  robustness: Record<string, MetricRobustness[]>;
  /** failsWhen.get(d): the boxes of contexts where front design d fails its thresholds. */
  failsWhen: Map<number, PrimBox[]>;
}

export function summariseSearch(prepared: PreparedSearch, archive: readonly ArchivedCandidate[]): SearchFindings {
  const fronts = nondominatedFronts(archive.map((a) => a.standing));
  const rank = new Array<number>(archive.length);
  fronts.forEach((f, r) => f.forEach((i) => (rank[i] = r + 1)));
  const front = [...(fronts[0] ?? [])].sort((a, b) => archive[a].standing.objectives[0] - archive[b].standing.objectives[0] || a - b);
  const robustness: Record<string, MetricRobustness[]> = {};
  for (const metric of prepared.metrics) {
    const better = prepared.better[metric];
    if (!better) continue;
    robustness[metric] = metricRobustness(
      archive.map((a) => a.contexts.map((c) => c[metric])),
      better,
    );
  }
  const failsWhen = new Map<number, PrimBox[]>();
  const units = prepared.contexts.map((c) => c.unit);
  if (prepared.search.contexts.factors.length > 0) {
    for (const d of front) {
      const succeeded = archive[d].standing.succeeded;
      if (succeeded) failsWhen.set(d, prim(units, succeeded.map((s) => !s)));
    }
  }
  return { front, rank, robustness, failsWhen };
}
