/**
 * What a finished search found, from every design it evaluated (its archive): the Pareto front
 * (by constraint domination over the objectives), each design's robustness on every kept metric
 * (regret is against the best of the archive in each context), and, for each design on the front,
 * the boxes of contexts where it fails to meet the thresholds (PRIM over the context factors), and
 * which factor is most worth learning before choosing among the front (EVPPI).
 */
import { nondominatedFronts } from './nsga3.ts';
import type { CandidateStanding, ContextValues } from './evaluate.ts';
import type { Candidate, PreparedSearch } from './prepare.ts';
import { prim, type PrimBox } from './prim.ts';
import { metricRobustness, type MetricRobustness } from './robustness.ts';
import { valueOfInformation, type ValueOfInformation } from './value-of-information.ts';
import { acceptability, willingnessGrid } from '../stats/cost-effectiveness.ts';

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
  /**
   * Which context factor is most worth learning before choosing among the designs on the front
   * (null with no factors or a front of one), and what the choice was judged on.
   */
  information: (ValueOfInformation & { judgedOn: string }) | null;
  /** The designer's own design's index in the archive (null if it was not evaluated). */
  own: number | null;
  /**
   * For each design on the front but the own design: the share of contexts in which it is worth
   * its extra cost over the own design (net benefit higher) at each willingness to pay per case
   * improved (costFull and careImproved, paired by context): a cost-effectiveness acceptability
   * curve over the uncertainty the ensemble describes.
   */
  acceptability: Map<number, number[]>;
  willingnessToPay: number[];
}

export function summariseSearch(prepared: PreparedSearch, archive: readonly ArchivedCandidate[]): SearchFindings {
  const ownId = prepared.own?.candidate.id;
  const ownAt = archive.findIndex((a) => a.candidate.id === ownId);
  const own = ownAt >= 0 ? ownAt : null;
  const willingnessToPay = willingnessGrid();
  const curves = new Map<number, number[]>();
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
  if (own !== null) {
    for (const d of front) {
      if (d === own) continue;
      const pairs = archive[d].contexts.map((c, j) => [c.costFull - archive[own].contexts[j].costFull, c.careImproved - archive[own].contexts[j].careImproved]);
      curves.set(
        d,
        acceptability(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
          willingnessToPay,
        ),
      );
    }
  }
  return { front, rank, robustness, failsWhen, information: information(prepared, archive, front), own, acceptability: curves, willingnessToPay };
}

/**
 * The value of information among the designs on the front: by net benefit when the search says
 * what a case improved is worth, else by its first objective (turned so that higher is better).
 */
function information(prepared: PreparedSearch, archive: readonly ArchivedCandidate[], front: number[]): SearchFindings['information'] {
  const { search } = prepared;
  if (search.contexts.factors.length === 0 || front.length < 2) return null;
  const first = prepared.objectives[0];
  let judgedOn: string;
  // A design's value in context j, given its metrics there.
  let value: (c: Readonly<Record<string, number>>, d: number, j: number) => number;
  if (search.willingnessToPay !== undefined) {
    const wtp = search.willingnessToPay;
    judgedOn = `net benefit at ${wtp} per case improved (willingness x careImproved - costFull)`;
    value = (c) => wtp * c.careImproved - c.costFull;
  } else if (first.metric) {
    const sign = first.better === 'higher' ? 1 : -1;
    judgedOn = first.better === 'higher' ? first.metric : `${first.metric}, lower being better`;
    value = (c) => sign * c[first.metric!];
  } else {
    judgedOn = 'meeting every threshold (1 in a context where the design does, else 0)';
    value = (_c, d, j) => (archive[d].standing.succeeded![j] ? 1 : 0);
  }
  const values = front.map((d) => archive[d].contexts.map((c, j) => value(c, d, j)));
  return { ...valueOfInformation(values, prepared.contexts.map((c) => c.unit)), judgedOn };
}
