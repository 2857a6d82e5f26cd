/** Lesson 10, recognise contextual influences and the need for customisation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, reportTo, seriesAt, summaryOf } from './arms.ts';
import { trendClosure } from '../../engine/core/mechanisms/performance.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('l10-context'));

const CONTEXT = ['leadershipSupport', 'readiness', 'priorImprovement', 'staffingStability', 'competingInitiatives', 'punitiveHistory', 'dataInfrastructure', 'misfit'] as const;

/** Share of the variance in gap closed across member sites explained by their context (OLS R^2). */
function contextRSquared(results: RunResult[]): number {
  // Pool the member sites of every replicate: one regression, enough sites for eight predictors.
  const rows = results.flatMap((r) => r.sites.filter((s) => s.role === 'member' && s.gapClosedAtFundingEnd !== null));
  const x = rows.map((s) => [1, ...CONTEXT.map((k) => s[k])]);
  const y = rows.map((s) => s.gapClosedAtFundingEnd as number);
  const p = x[0].length;
  // Normal equations (X'X) b = X'y, solved by Gaussian elimination.
  const a = Array.from({ length: p }, (_, i) => [...Array.from({ length: p }, (_, j) => x.reduce((acc, row) => acc + row[i] * row[j], 0)), x.reduce((acc, row, k) => acc + row[i] * y[k], 0)]);
  for (let c = 0; c < p; c++) {
    for (let r = c + 1; r < p; r++) {
      const f = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= f * a[c][k];
    }
  }
  const b = new Array<number>(p).fill(0);
  for (let r = p - 1; r >= 0; r--) b[r] = (a[r][p] - a[r].slice(r + 1, p).reduce((acc, v, k) => acc + v * b[r + 1 + k], 0)) / a[r][r];
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const total = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  const residual = y.reduce((s, v, k) => s + (v - x[k].reduce((acc, xi, j) => acc + xi * b[j], 0)) ** 2, 0);
  return 1 - residual / total;
}

describe('L10 context and customisation', () => {
  it('outcomes differ across sites in a way context explains', () => {
    // Eight groups of three replicates: eight estimates of R^2, each from about 60 sites.
    const results = arm([], N);
    const groups = Array.from({ length: 8 }, (_, g) => results.slice(g * 3, g * 3 + 3));
    const r2 = level('L10 share of variance in gap closed across member sites explained by site context (R^2)', groups.map(contextRSquared));
    expect(r2.lower).toBeGreaterThan(0.2);
  });

  it('comparison sites improve with the secular trend', () => {
    const trend = arm(['context.secularTrendPerYear=0.05'], 8);
    const none = arm(['context.secularTrendPerYear=0'], 8);
    const expected = trendClosure(0.05, 260);
    const withTrend = level('L10 comparison sites\' gap closed at week 260 with a 5% a year trend', seriesAt(trend, 'comparisonGapClosed', 260));
    expect(Math.abs(withTrend.mean - expected)).toBeLessThan(1e-9);
    expect(Math.max(...seriesAt(none, 'comparisonGapClosed', 260).map(Math.abs))).toBeLessThan(1e-12);
  });

  it('customisation has an interior optimum', () => {
    const strict = summaryOf(arm(['context.customisation=0'], N), 'gapClosedAtFundingEnd');
    const some = summaryOf(arm(['context.customisation=0.5'], N), 'gapClosedAtFundingEnd');
    const free = summaryOf(arm(['context.customisation=1'], N), 'gapClosedAtFundingEnd');
    const overStrict = difference('L10 gap closed, customisation 0.5 - strict fidelity', strict, some);
    const overFree = difference('L10 gap closed, customisation 0.5 - full customisation', free, some);
    expect(overStrict.lower).toBeGreaterThan(0);
    expect(overFree.lower).toBeGreaterThan(0);
  });
});
