/**
 * How much of the spread of outcomes across member sites their context explains: an ordinary
 * least-squares regression of each site's gap closed at the end of funding on its eight context
 * variables, pooled over the replicates given, reported as adjusted R^2 (so that chance fit with
 * eight predictors does not count). A predictor that does not vary (no spread of context) is left
 * out; with none left the answer is 0.
 */
import type { RunResult, SiteResult } from '../../core/index.ts';

export const CONTEXT_VARIABLES = ['leadershipSupport', 'readiness', 'priorImprovement', 'staffingStability', 'competingInitiatives', 'punitiveHistory', 'dataInfrastructure', 'misfit'] as const;

export function contextRSquared(results: RunResult[]): number {
  const rows = results.flatMap((r) => r.sites.filter((s) => s.role === 'member' && s.gapClosedAtFundingEnd !== null));
  const y = rows.map((s) => s.gapClosedAtFundingEnd as number);
  const n = y.length;
  // Columns: the intercept, then each context variable; those that add nothing (constant, or a
  // combination of the others, as when site types shift every variable alike) are dropped.
  const columns = [rows.map(() => 1), ...CONTEXT_VARIABLES.map((k) => rows.map((s) => s[k as keyof SiteResult] as number))];
  const basis = orthonormalBasis(columns);
  const p = basis.length;
  if (n <= p + 1) return NaN;
  const fitted = new Array<number>(n).fill(0);
  for (const q of basis) {
    const c = dot(q, y);
    for (let i = 0; i < n; i++) fitted[i] += c * q[i];
  }
  const mean = y.reduce((a, v) => a + v, 0) / n;
  const total = y.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  if (total <= 0) return 0;
  const residual = y.reduce((a, v, i) => a + (v - fitted[i]) * (v - fitted[i]), 0);
  return 1 - residual / (n - p) / (total / (n - 1));
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Modified Gram-Schmidt: an orthonormal basis of the columns' span, dropping columns that add nothing to it. */
function orthonormalBasis(columns: number[][]): number[][] {
  const basis: number[][] = [];
  for (const column of columns) {
    const v = column.slice();
    const norm0 = Math.sqrt(dot(v, v));
    for (const q of basis) {
      const c = dot(q, v);
      for (let i = 0; i < v.length; i++) v[i] -= c * q[i];
    }
    const norm = Math.sqrt(dot(v, v));
    if (norm0 === 0 || norm <= 1e-9 * norm0) continue;
    basis.push(v.map((x) => x / norm));
  }
  return basis;
}
