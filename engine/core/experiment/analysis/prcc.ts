/**
 * Partial rank correlation coefficients (Blower and Dowlatabadi 1994; Marino et al. 2008), the
 * usual companion of a Latin hypercube: for each parameter, the correlation between the ranks
 * of the parameter and of the output once the linear effect of the other parameters' ranks is
 * removed from both. It measures a monotone influence, from -1 to 1. The interval is Fisher's
 * z interval with n - 2 - (k - 1) degrees of freedom. Regressions are least squares through
 * mathjs's LU solver (never an evaluator of expressions).
 */
import { lusolve, multiply, transpose, type Matrix } from 'mathjs';
import * as dmath from '../../math/deterministic.ts';

export interface RankCorrelation {
  parameter: number;
  prcc: number;
  lower: number;
  upper: number;
  n: number;
}

/** z of the standard normal at 0.975. */
const Z975 = 1.959963984540054;

/** `x[j]` is sample j's parameter values, `y[j]` its output (NaN outputs are left out). */
export function partialRankCorrelations(x: number[][], y: number[]): RankCorrelation[] {
  const keep = y.map((v, j) => (Number.isFinite(v) ? j : -1)).filter((j) => j >= 0);
  const n = keep.length;
  const k = x[0]?.length ?? 0;
  const rx = Array.from({ length: k }, (_, i) => ranks(keep.map((j) => x[j][i])));
  const ry = ranks(keep.map((j) => y[j]));
  return Array.from({ length: k }, (_, i) => {
    if (n < k + 3) return { parameter: i, prcc: NaN, lower: NaN, upper: NaN, n };
    const others = rx.filter((_, o) => o !== i);
    const design = Array.from({ length: n }, (_, j) => [1, ...others.map((c) => c[j])]);
    const r = correlation(residuals(design, rx[i]), residuals(design, ry));
    const z = 0.5 * dmath.log((1 + r) / (1 - r));
    const se = 1 / Math.sqrt(n - 3 - (k - 1));
    const back = (t: number) => (dmath.exp(2 * t) - 1) / (dmath.exp(2 * t) + 1);
    return { parameter: i, prcc: r, lower: back(z - Z975 * se), upper: back(z + Z975 * se), n };
  });
}

/** Ranks from 1, ties given their mean rank. */
export function ranks(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1][0] === order[start][0]) end++;
    const rank = (start + end) / 2 + 1;
    for (let t = start; t <= end; t++) out[order[t][1]] = rank;
    start = end + 1;
  }
  return out;
}

/** y minus its least-squares fit on the design's columns (normal equations, solved by LU). */
function residuals(design: number[][], y: number[]): number[] {
  const xt = transpose(design) as number[][];
  const xtx = multiply(xt, design) as number[][];
  const xty = multiply(xt, y) as number[];
  const beta = (lusolve(xtx, xty) as number[][] | Matrix).valueOf() as number[][];
  return y.map((v, j) => v - design[j].reduce((s, d, c) => s + d * beta[c][0], 0));
}

function correlation(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let j = 0; j < n; j++) {
    sab += (a[j] - ma) * (b[j] - mb);
    saa += (a[j] - ma) * (a[j] - ma);
    sbb += (b[j] - mb) * (b[j] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}
