/**
 * A candidate design's standing over the ensemble, from its mean value of each kept metric in each
 * context: the objectives (as numbers to minimise, for NSGA-III), the share of contexts meeting
 * the thresholds, and how far it breaks the budget. A candidate's standing depends on its own
 * runs only, so a search fed the same runs (after a resume, on another machine) makes the same
 * choices.
 */
import type { Evaluation } from './nsga3.ts';
import type { PreparedSearch } from './prepare.ts';
import { meetsThresholds } from './robustness.ts';
import { quantile } from '../experiment/analysis/bootstrap.ts';

/** A metric's mean over a candidate's replicates in each context, by context (in ensemble order). */
export type ContextValues = ReadonlyArray<Readonly<Record<string, number>>>;

export interface CandidateStanding extends Evaluation {
  /** Each objective's value as the designer reads it (not negated). */
  objectiveValues: number[];
  satisficing: number | null;
  /** The budget metric's mean over the contexts (null without a budget). */
  cost: number | null;
  /** Contexts where the design meets every threshold (null without thresholds). */
  succeeded: boolean[] | null;
}

export function standing(prepared: PreparedSearch, contexts: ContextValues): CandidateStanding {
  const { search, objectives } = prepared;
  const succeeded = search.thresholds.length ? contexts.map((c) => meetsThresholds(c, search.thresholds)) : null;
  const satisficing = succeeded ? succeeded.filter(Boolean).length / succeeded.length : null;
  const objectiveValues = objectives.map((o) => {
    if (o.statistic === 'satisficing') return satisficing!;
    const values = contexts.map((c) => c[o.metric!]);
    if (o.statistic === 'mean') return mean(values);
    return quantile([...values].sort((a, b) => a - b), o.better === 'higher' ? 0.1 : 0.9);
  });
  const cost = search.budget ? mean(contexts.map((c) => c[search.budget!.metric])) : null;
  // Relative excess over the budget, so that violations of budgets of any size compare.
  const violation = search.budget && cost! > search.budget.max ? (cost! - search.budget.max) / search.budget.max : 0;
  return {
    objectiveValues,
    objectives: objectiveValues.map((v, i) => (Number.isNaN(v) ? Infinity : objectives[i].better === 'higher' ? -v : v)),
    violation,
    satisficing,
    cost,
    succeeded,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
