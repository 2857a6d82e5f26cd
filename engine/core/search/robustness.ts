/**
 * How well designs hold up across an ensemble of contexts (robust decision making: Lempert,
 * Popper and Bankes 2003; McPhail et al. 2018 compare the measures). Every design meets the same
 * contexts, with the same random numbers, so a design's value in context c is comparable with
 * every other design's value in c.
 *
 * - mean: the expected value over the contexts (each weighted equally);
 * - worst decile: the value the design reaches or beats in nine contexts out of ten (the 10th
 *   percentile for a metric where higher is better, the 90th where lower is);
 * - regret: in each context, how far the design falls short of the best of the designs compared
 *   there (Savage 1951); the mean and the largest over contexts;
 * - satisficing: the share of contexts where the design meets every threshold (Simon 1956;
 *   Starr's domain criterion).
 */
import { quantile } from '../experiment/analysis/bootstrap.ts';

export type Better = 'higher' | 'lower';

export interface MetricRobustness {
  mean: number;
  worstDecile: number;
  meanRegret: number;
  maxRegret: number;
}

/** `values[d][c]` is design d's value in context c (the mean of its replicates). */
export function metricRobustness(values: readonly (readonly number[])[], better: Better): MetricRobustness[] {
  const contexts = values[0]?.length ?? 0;
  const best = Array.from({ length: contexts }, (_, c) => {
    const column = values.map((row) => row[c]);
    return better === 'higher' ? Math.max(...column) : Math.min(...column);
  });
  return values.map((row) => {
    const regrets = row.map((v, c) => (better === 'higher' ? best[c] - v : v - best[c]));
    const sorted = [...row].sort((a, b) => a - b);
    return {
      mean: row.reduce((s, v) => s + v, 0) / row.length,
      worstDecile: quantile(sorted, better === 'higher' ? 0.1 : 0.9),
      meanRegret: regrets.reduce((s, v) => s + v, 0) / regrets.length,
      maxRegret: Math.max(...regrets),
    };
  });
}

export interface Threshold {
  metric: string;
  atLeast?: number;
  atMost?: number;
}

/** Whether a context's values (by metric) meet every threshold. */
export function meetsThresholds(values: Readonly<Record<string, number>>, thresholds: readonly Threshold[]): boolean {
  return thresholds.every((t) => {
    const v = values[t.metric];
    return (t.atLeast === undefined || v >= t.atLeast) && (t.atMost === undefined || v <= t.atMost);
  });
}

/** The share of contexts (each a record of metric values) that meet every threshold. */
export function satisficing(contexts: readonly Readonly<Record<string, number>>[], thresholds: readonly Threshold[]): number {
  if (contexts.length === 0) return NaN;
  return contexts.filter((c) => meetsThresholds(c, thresholds)).length / contexts.length;
}
