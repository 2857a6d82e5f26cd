/**
 * ccsim analyze: what an experiment's results say, from its folder (streaming runs.csv once).
 * The analysis follows the design: factorial and list designs compare every point with a
 * reference point (paired by replicate under common seeding); Latin hypercubes give partial
 * rank correlations; Morris designs mu*, mu and sigma; Sobol designs first-order and total
 * indices. Sampling-design indices use each point's mean over its replicates as the output.
 * The result is a tidy table (analysis.csv) and a short plain-text report (analysis.txt).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closest } from '../../core/scenario/issues.ts';
import { summaryMetric } from '../../core/metrics/summary.ts';
import { moneyText } from '../../core/metrics/output.ts';
import { currencyOf } from '../../core/mechanisms/costs.ts';
import { metricNames, PointSummaries, type Cell } from '../../core/experiment/aggregate.ts';
import type { DesignPoint } from '../../core/experiment/design.ts';
import { PointComparison } from '../../core/experiment/analysis/compare.ts';
import { morrisIndices } from '../../core/experiment/analysis/morris.ts';
import { sobolIndices } from '../../core/experiment/analysis/sobol.ts';
import { partialRankCorrelations } from '../../core/experiment/analysis/prcc.ts';
import { acceptability, incrementalCostEffect, willingnessGrid } from '../../core/stats/cost-effectiveness.ts';
import { csvHeader, csvRows } from '../output/table.ts';
import { cellNumber, scanCsv } from './csv-files.ts';
import { readManifest, ResultsError, RUNS, type Manifest } from './results-dir.ts';

export interface AnalyzeOptions {
  /** Reference point for comparisons: its id, or its number in the design (from 1). Default: the first point. */
  reference?: string;
  /** Metrics to analyse (default: every metric the experiment kept). */
  metrics?: string[];
  /** Bootstrap resamples for intervals of sensitivity indices (default 1000). */
  resamples?: number;
}

export type AnalysisKind = 'difference' | 'prcc' | 'morris' | 'sobol';

/** The cost and the effect a cost-effectiveness comparison divides (both kept by default). */
const COST = 'costFull';
const EFFECT = 'careImproved';
/** Willingness to pay per case improved at which the report prints the acceptability curve (points of willingnessGrid(); analysis.csv has the whole grid). */
const SHOWN_WILLINGNESS = [0, 100, 500, 1000, 5000, 20_000];

export const ANALYSIS_COLUMNS = ['analysis', 'metric', 'point', 'versus', 'parameter', 'statistic', 'estimate', 'lower95', 'upper95', 'n'] as const;

export interface Analysis {
  manifest: Manifest;
  kind: AnalysisKind;
  /** Rows of analysis.csv (columns ANALYSIS_COLUMNS). */
  rows: Cell[][];
  report: string;
}

export async function analyzeResults(dir: string, options: AnalyzeOptions = {}): Promise<Analysis> {
  const manifest = readManifest(dir);
  if (manifest.runs.done === 0) throw new ResultsError(`${dir} holds no finished runs yet; nothing to analyse`);
  const experiment = manifest.experiment;
  const kept = metricNames(experiment);
  const metrics = options.metrics?.length ? options.metrics : kept;
  for (const m of metrics) {
    if (!kept.includes(m)) {
      const guess = closest(m, kept);
      throw new ResultsError(`--metric: expected a metric this experiment kept (${kept.join(', ')}), got ${JSON.stringify(m)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ''}`);
    }
  }
  const points = manifest.points;
  const kind: AnalysisKind = experiment.design.kind === 'morris' ? 'morris' : experiment.design.kind === 'sobol' ? 'sobol' : experiment.design.kind === 'latin-hypercube' ? 'prcc' : 'difference';
  const reference = kind === 'difference' ? referencePoint(points, options.reference) : null;
  if (kind !== 'difference' && options.reference !== undefined) throw new ResultsError(`--reference applies to factorial and list designs; this is a ${experiment.design.kind} design`);

  // One pass over runs.csv: per point accumulators, and paired differences by replicate.
  const columns = manifest.columns.runs;
  const replicateAt = columns.indexOf('replicate');
  const at = metrics.map((m) => columns.indexOf(m));
  const summaries = new PointSummaries(metrics);
  const comparison = reference ? new PointComparison(reference.id, metrics, experiment.seeding === 'common') : null;
  // Cost and effect by point and replicate, for cost-effectiveness against the reference (paired
  // designs that kept both, whatever --metric chose).
  const costAt = columns.indexOf(COST);
  const effectAt = columns.indexOf(EFFECT);
  const costEffect = reference && experiment.seeding === 'common' && costAt >= 0 && effectAt >= 0 ? new Map<string, Map<number, [number, number]>>() : null;
  const scan = await scanCsv(join(dir, RUNS), (record) => {
    const values = at.map((c) => cellNumber(record.fields[c]));
    summaries.add(record.fields[1], values);
    comparison?.add(record.fields[1], Number(record.fields[replicateAt]), values);
    if (costEffect) {
      let byReplicate = costEffect.get(record.fields[1]);
      if (!byReplicate) costEffect.set(record.fields[1], (byReplicate = new Map()));
      byReplicate.set(Number(record.fields[replicateAt]), [cellNumber(record.fields[costAt]), cellNumber(record.fields[effectAt])]);
    }
  });
  if (scan.header.join() !== columns.join()) throw new ResultsError(`${join(dir, RUNS)}: expected the columns its manifest lists; the folder was edited or damaged`);

  const mean = (point: DesignPoint, m: number) => summaries.get(point.id, m)?.mean ?? NaN;
  const names = experiment.parameters.map((p) => p.path);
  const nameWidth = Math.max(9, ...names.map((n) => n.length));
  const resamples = options.resamples ?? 1000;
  const rows: Cell[][] = [];
  const lines: string[] = [];
  const f = (x: number) => (Number.isFinite(x) ? formatSig(x) : 'NA');
  const interval = (lo: number, hi: number, g = f) => (Number.isFinite(lo) && Number.isFinite(hi) ? `[${g(lo)}, ${g(hi)}]` : '');

  if (kind === 'difference') {
    const diffs = comparison!.differences(
      points.map((p) => p.id),
      (p, m) => summaries.get(p, m),
    );
    const label = (id: string) => pointLabel(points.find((p) => p.id === id)!);
    const width = Math.max(...points.map((p) => pointLabel(p).length));
    lines.push(`Each point minus the reference, ${pointLabel(reference!)} (id ${reference!.id} in runs.csv), mean and 95% interval,`);
    lines.push(experiment.seeding === 'common' ? 'paired by replicate (common random numbers):' : 'independent samples (Welch):');
    for (const metric of metrics) {
      // As the studio shows them: a share's difference in percentage points (analysis.csv keeps shares).
      const inPoints = isShare(metric);
      const g = (x: number) => (inPoints ? `${formatSig(100 * x)} pts` : f(x));
      lines.push('', `  ${metric}${unitNote(metric)}`);
      for (const d of diffs.filter((x) => x.metric === metric)) {
        rows.push(['difference', metric, d.point, reference!.id, null, d.paired ? 'paired difference' : 'difference (Welch)', num(d.mean), num(d.lower), num(d.upper), d.n]);
        lines.push(`    ${label(d.point).padEnd(width)} ${signed(d.mean, g).padStart(14)}  ${interval(d.lower, d.upper, g)}${significant(d.lower, d.upper)}`);
      }
    }
    if (costEffect) lines.push('', ...costEffectiveness(costEffect, points, reference!, rows, label, width, currencyOf(manifest.scenario)));
  } else if (kind === 'prcc') {
    lines.push('Partial rank correlation of each parameter with each outcome (point means), with 95% intervals:');
    for (const [m, metric] of metrics.entries()) {
      const x = points.map((p) => names.map((n) => Number(p.values[n])));
      const y = points.map((p) => mean(p, m));
      const result = partialRankCorrelations(x, y);
      lines.push('', `  ${metric}`);
      for (const r of [...result].sort((a, b) => Math.abs(b.prcc) - Math.abs(a.prcc))) {
        rows.push(['prcc', metric, null, null, names[r.parameter], 'prcc', num(r.prcc), num(r.lower), num(r.upper), r.n]);
        lines.push(`    ${names[r.parameter].padEnd(nameWidth)} ${signed(r.prcc, f).padStart(10)}  ${interval(r.lower, r.upper)}${significant(r.lower, r.upper)}`);
      }
    }
  } else if (kind === 'morris') {
    lines.push('Morris elementary effects per unit of each parameter\'s range (point means): mu* (importance) with its');
    lines.push('bootstrap 95% interval, mu (direction) and sigma (non-linearity or interaction):');
    for (const [m, metric] of metrics.entries()) {
      const result = morrisIndices(points, names.length, (p) => mean(p, m), { resamples, seed: experiment.seed });
      lines.push('', `  ${metric}`, `    ${'parameter'.padEnd(nameWidth)} ${'mu*'.padStart(10)}  ${'interval'.padEnd(24)} ${'mu'.padStart(10)} ${'sigma'.padStart(10)}`);
      for (const r of [...result].sort((a, b) => b.muStar - a.muStar)) {
        const name = names[r.parameter];
        rows.push(['morris', metric, null, null, name, 'mu_star', num(r.muStar), num(r.muStarInterval.lower), num(r.muStarInterval.upper), r.n]);
        rows.push(['morris', metric, null, null, name, 'mu', num(r.mu), null, null, r.n]);
        rows.push(['morris', metric, null, null, name, 'sigma', num(r.sigma), null, null, r.n]);
        lines.push(`    ${name.padEnd(nameWidth)} ${f(r.muStar).padStart(10)}  ${interval(r.muStarInterval.lower, r.muStarInterval.upper).padEnd(24)} ${signed(r.mu, f).padStart(10)} ${f(r.sigma).padStart(10)}`);
      }
    }
  } else {
    lines.push('Sobol indices (point means): first order (the share of variance a parameter explains alone) and total');
    lines.push('(alone and in interactions), with bootstrap 95% intervals:');
    for (const [m, metric] of metrics.entries()) {
      const result = sobolIndices(points, names.length, (p) => mean(p, m), { resamples, seed: experiment.seed });
      lines.push('', `  ${metric}`, `    ${'parameter'.padEnd(nameWidth)} ${'S1'.padStart(9)}  ${'interval'.padEnd(22)} ${'ST'.padStart(9)}  interval`);
      for (const r of [...result].sort((a, b) => b.total - a.total)) {
        const name = names[r.parameter];
        rows.push(['sobol', metric, null, null, name, 'S1', num(r.first), num(r.firstInterval.lower), num(r.firstInterval.upper), r.n]);
        rows.push(['sobol', metric, null, null, name, 'ST', num(r.total), num(r.totalInterval.lower), num(r.totalInterval.upper), r.n]);
        lines.push(`    ${name.padEnd(nameWidth)} ${f(r.first).padStart(9)}  ${interval(r.firstInterval.lower, r.firstInterval.upper).padEnd(22)} ${f(r.total).padStart(9)}  ${interval(r.totalInterval.lower, r.totalInterval.upper)}`);
      }
    }
  }
  const runsNote = manifest.runs.done < manifest.runs.here ? ` (incomplete: ${manifest.runs.done} of ${manifest.runs.here} runs)` : '';
  const header = [
    `${experiment.name}: ${experiment.design.kind} design, ${points.length} points x ${experiment.replicates} replicates, ${manifest.runs.done} runs${runsNote}`,
    `ccsim ${manifest.ccsim}, root seed ${experiment.seed}, ${experiment.seeding} seeding; results in ${dir}`,
    '',
  ];
  if (kind === 'difference' || kind === 'prcc') lines.push('', '* the 95% interval excludes 0: a difference (or correlation) unlikely to be chance alone.');
  return { manifest, kind, rows, report: `${[...header, ...lines].join('\n')}\n` };
}

/**
 * Each point against the reference in cost (costFull) and effect (careImproved), paired by
 * replicate: the differences, the ICER with Fieller's interval, the verdict, and the
 * acceptability curve (rows for the whole grid; the report prints a few willingness levels).
 */
function costEffectiveness(byPoint: Map<string, Map<number, [number, number]>>, points: DesignPoint[], reference: DesignPoint, rows: Cell[][], label: (id: string) => string, width: number, currency: string): string[] {
  const metric = `${COST}/${EFFECT}`;
  const base = byPoint.get(reference.id) ?? new Map<number, [number, number]>();
  const grid = willingnessGrid();
  const money = (x: number) => (Number.isFinite(x) ? moneyText(x, currency) : `${currency}NA`);
  const cases = (x: number) => (Number.isFinite(x) ? moneyText(x, '') : 'NA');
  const lines = [
    `Cost-effectiveness against the reference, paired by replicate: the full cost (${COST}), the cases whose care`,
    `improved (${EFFECT}), and the incremental cost per case improved (ICER) with Fieller's 95% interval:`,
  ];
  for (const point of points) {
    if (point.id === reference.id) continue;
    const dC: number[] = [];
    const dE: number[] = [];
    for (const [replicate, [c, e]] of byPoint.get(point.id) ?? []) {
      const r = base.get(replicate);
      if (!r) continue;
      dC.push(c - r[0]);
      dE.push(e - r[1]);
    }
    const ice = incrementalCostEffect(dC, dE);
    rows.push(['cost-effectiveness', COST, point.id, reference.id, null, 'paired difference', num(ice.cost.mean), num(ice.cost.lower), num(ice.cost.upper), ice.n]);
    rows.push(['cost-effectiveness', EFFECT, point.id, reference.id, null, 'paired difference', num(ice.effect.mean), num(ice.effect.lower), num(ice.effect.upper), ice.n]);
    rows.push(['cost-effectiveness', metric, point.id, reference.id, null, `icer (${ice.verdict})`, ice.icer, ice.lower, ice.upper, ice.n]);
    const curve = acceptability(dC, dE, grid);
    grid.forEach((lambda, i) => rows.push(['cost-effectiveness', metric, point.id, reference.id, `willingnessToPay=${lambda}`, 'probability cost-effective', num(curve[i]), null, null, ice.n]));
    const ratio = ice.icer === null ? 'no ICER (no difference in effect)' : `${money(ice.icer)} per case ${ice.lower !== null && ice.upper !== null ? `[${money(ice.lower)}, ${money(ice.upper)}]` : '[unbounded: the effect may not differ]'}`;
    lines.push(
      `    ${label(point.id).padEnd(width)}  cost ${money(ice.cost.mean)} [${money(ice.cost.lower)}, ${money(ice.cost.upper)}], cases ${ice.effect.mean > 0 ? '+' : ''}${cases(ice.effect.mean)} [${cases(ice.effect.lower)}, ${cases(ice.effect.upper)}]`,
      `    ${''.padEnd(width)}  ${ratio}; ${VERDICTS[ice.verdict]}`,
      `    ${''.padEnd(width)}  probability cost-effective at ${SHOWN_WILLINGNESS.map((l) => `${money(l)}: ${formatSig(curve[grid.indexOf(l)])}`).join(', ')} per case`,
    );
  }
  return lines;
}

const VERDICTS = {
  dominates: 'it dominates: cheaper and better, both clearly',
  dominated: 'it is dominated: dearer and worse, both clearly',
  'trade-off': 'a trade-off: the ICER is the price of the difference',
  unclear: 'unclear: the cost or the effect may not differ',
} as const;

/** Write analysis.csv and analysis.txt into the results folder. */
export function writeAnalysis(dir: string, analysis: Analysis): void {
  writeFileSync(join(dir, 'analysis.csv'), csvHeader([...ANALYSIS_COLUMNS]) + csvRows(analysis.rows));
  writeFileSync(join(dir, 'analysis.txt'), analysis.report);
}

function referencePoint(points: DesignPoint[], reference: string | undefined): DesignPoint {
  if (reference === undefined) return points[0];
  const byId = points.find((p) => p.id === reference);
  if (byId) return byId;
  const n = Number(reference);
  if (Number.isInteger(n) && n >= 1 && n <= points.length) return points[n - 1];
  throw new ResultsError(`--reference: expected a point id (see runs.csv) or a point number from 1 to ${points.length}, got ${JSON.stringify(reference)}`);
}

/** A point as a reader finds it: its number in the design and its settings. */
function pointLabel(p: DesignPoint): string {
  return `point ${p.index + 1}: ${describePoint(p)}`;
}

/** Whether a metric is a share (read in percentage points), by the output catalogue. */
function isShare(metric: string): boolean {
  return summaryMetric(metric)?.unit === 'share';
}

/** A metric's unit, after its name in the report. */
function unitNote(metric: string): string {
  const m = summaryMetric(metric);
  if (!m) return '';
  return m.unit === 'share' ? ' (difference in percentage points)' : m.unit === 'outcome unit' ? " (in the outcome's unit)" : ` (${m.unit})`;
}

function describePoint(p: DesignPoint): string {
  const parts = Object.entries(p.values).map(([k, v]) => `${k}=${typeof v === 'number' ? formatSig(v) : v}`);
  return parts.length ? parts.join(', ') : '(the base scenario)';
}

function num(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function formatSig(x: number): string {
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 1) return x.toFixed(3).replace(/\.?0+$/, '');
  return x.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function signed(x: number, f: (x: number) => string): string {
  return Number.isFinite(x) && x > 0 ? `+${f(x)}` : f(x);
}

/** A marker when the interval excludes zero. */
function significant(lower: number, upper: number): string {
  return Number.isFinite(lower) && Number.isFinite(upper) && (lower > 0 || upper < 0) ? '  *' : '';
}
