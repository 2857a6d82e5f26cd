/**
 * A finished search's tables (designs.csv, robustness.csv, fails-when.csv, acceptability.csv,
 * value-of-information.csv), the same as one document (results.json, what the server returns) and
 * its report in words (report.txt, also what `ccsim design` prints): the Pareto front, how each of
 * its designs holds up across the contexts, where it fails, and what is worth learning first.
 * They are written after the last generation and before the manifest says complete, so an
 * interrupted write is redone by --resume.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { csvHeader, csvRows } from '../../core/metrics/csv.ts';
import { inCurrency, moneyText } from '../../core/metrics/output.ts';
import { currencyOf } from '../../core/mechanisms/costs.ts';
import { SUMMARY_METRICS } from '../../core/metrics/summary.ts';
import type { Cell } from '../../core/experiment/aggregate.ts';
import { settingValue } from '../../core/search/prepare.ts';
import { describeBox, type PrimBox } from '../../core/search/prim.ts';
import type { ArchivedCandidate, SearchFindings } from '../../core/search/summarise.ts';
import type { LoadedSearch } from './files.ts';

export function writeSearchFiles(dir: string, loaded: LoadedSearch, archive: readonly ArchivedCandidate[], findings: SearchFindings): void {
  const { search, prepared } = loaded;
  const levers = search.levers.map((l) => l.path);
  const front = new Set(findings.front);
  const designRows: Cell[][] = archive.map((a, d) => [
    a.candidate.id,
    a.generation,
    ...levers.map((p) => a.candidate.values[p]),
    ...a.standing.objectiveValues,
    a.standing.satisficing,
    a.standing.cost,
    a.standing.violation === 0,
    findings.rank[d],
    front.has(d),
    d === findings.own,
  ]);
  writeFileSync(
    join(dir, 'designs.csv'),
    csvHeader(['design', 'generation', ...levers, ...prepared.objectives.map((o) => o.name), 'satisficing', 'budgetMean', 'withinBudget', 'frontRank', 'onFront', 'own']) + csvRows(designRows),
  );
  const robustRows: Cell[][] = [];
  for (const [metric, rows] of Object.entries(findings.robustness)) {
    rows.forEach((r, d) => robustRows.push([archive[d].candidate.id, metric, r.mean, r.worstDecile, r.meanRegret, r.maxRegret]));
  }
  writeFileSync(join(dir, 'robustness.csv'), csvHeader(['design', 'metric', 'mean', 'worstDecile', 'meanRegret', 'maxRegret']) + csvRows(robustRows));
  const boxRows: Cell[][] = [];
  for (const [d, boxes] of findings.failsWhen) {
    boxes.forEach((box, b) => {
      const words = failureText(loaded, box);
      if (box.limits.length === 0) boxRows.push([archive[d].candidate.id, b + 1, box.coverage, box.density, box.mass, null, null, null, words]);
      for (const l of box.limits) {
        const [lower, upper] = limitValues(loaded, l.factor, l.lower, l.upper);
        boxRows.push([archive[d].candidate.id, b + 1, box.coverage, box.density, box.mass, search.contexts.factors[l.factor].path, lower, upper, words]);
      }
    });
  }
  writeFileSync(join(dir, 'fails-when.csv'), csvHeader(['design', 'box', 'coverage', 'density', 'mass', 'factor', 'lower', 'upper', 'description']) + csvRows(boxRows));
  const info = findings.information;
  const infoRows: Cell[][] = info
    ? [
        ...search.contexts.factors.map((f, i): Cell[] => [f.path, info.evppi[i], info.judgedOn]),
        ['(every factor: EVPI)', info.evpi, info.judgedOn],
        ['(a made-up factor: fitting noise)', info.noise, info.judgedOn],
      ]
    : [];
  writeFileSync(join(dir, 'value-of-information.csv'), csvHeader(['factor', 'evppi', 'judgedOn']) + csvRows(infoRows));
  const curveRows: Cell[][] = [];
  for (const [d, curve] of findings.acceptability) curve.forEach((p, i) => curveRows.push([archive[d].candidate.id, findings.willingnessToPay[i], p]));
  writeFileSync(join(dir, 'acceptability.csv'), csvHeader(['design', 'willingnessToPay', 'probabilityCostEffective']) + csvRows(curveRows));
  writeFileSync(join(dir, 'report.txt'), searchReport(loaded, archive, findings));
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(searchResultJson(loaded, archive, findings))}\n`);
}

/** A finished search as one JSON document (DIR/results.json; what the server's API returns). */
export interface SearchResultJson {
  name: string;
  /** The currency of every amount (the scenario's costs.currency). */
  currency: string;
  levers: Array<{ path: string; min: number | null; max: number | null; values: Array<string | number | boolean> | null }>;
  factors: string[];
  objectives: Array<{ name: string; metric: string | null; better: 'higher' | 'lower' }>;
  thresholds: Array<{ metric: string; atLeast: number | null; atMost: number | null }>;
  budget: { metric: string; max: number } | null;
  contexts: number;
  replicates: number;
  runs: number;
  designs: Array<{
    id: string;
    generation: number;
    values: Record<string, string | number | boolean>;
    objectives: Array<number | null>;
    satisficing: number | null;
    cost: number | null;
    withinBudget: boolean;
    rank: number;
    onFront: boolean;
    own: boolean;
    /** Designs on the front only: robustness on each objective's metric and threshold's metric. */
    robustness?: Record<string, { mean: number; worstDecile: number; meanRegret: number; maxRegret: number }>;
    /** Designs on the front only: where it fails, in words. */
    failsWhen?: Array<{ words: string; coverage: number; density: number; mass: number; points: number; failures: number; limits: number }>;
    /** Designs on the front only (not the own design): chance of better value than the own design, by willingness to pay. */
    acceptability?: number[];
  }>;
  ownNote: string | null;
  willingnessToPay: number[];
  information: { judgedOn: string; evppi: Array<{ factor: string; value: number }>; evpi: number; noise: number } | null;
}

export function searchResultJson(loaded: LoadedSearch, archive: readonly ArchivedCandidate[], findings: SearchFindings): SearchResultJson {
  const { search, prepared } = loaded;
  const front = new Set(findings.front);
  const watched = new Set([...prepared.objectives.flatMap((o) => (o.metric ? [o.metric] : [])), ...search.thresholds.map((t) => t.metric)]);
  const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  return {
    name: search.name,
    currency: currencyOf(loaded.base.data),
    levers: search.levers.map((l) => ({ path: l.path, min: l.min ?? null, max: l.max ?? null, values: l.values ?? null })),
    factors: search.contexts.factors.map((f) => f.path),
    objectives: prepared.objectives.map((o) => ({ name: o.name, metric: o.metric, better: o.better })),
    thresholds: search.thresholds.map((t) => ({ metric: t.metric, atLeast: t.atLeast ?? null, atMost: t.atMost ?? null })),
    budget: search.budget ? { metric: search.budget.metric, max: search.budget.max } : null,
    contexts: prepared.contexts.length,
    replicates: search.replicates,
    runs: archive.length * prepared.contexts.length * search.replicates,
    designs: archive.map((a, d) => ({
      id: a.candidate.id,
      generation: a.generation,
      values: a.candidate.values,
      objectives: a.standing.objectiveValues.map(finite),
      satisficing: a.standing.satisficing,
      cost: finite(a.standing.cost),
      withinBudget: a.standing.violation === 0,
      rank: findings.rank[d],
      onFront: front.has(d),
      own: d === findings.own,
      ...(front.has(d)
        ? {
            robustness: Object.fromEntries(Object.entries(findings.robustness).filter(([m]) => watched.has(m)).map(([m, rows]) => [m, rows[d]])),
            failsWhen: (findings.failsWhen.get(d) ?? []).map((b) => ({ words: failureText(loaded, b), coverage: b.coverage, density: b.density, mass: b.mass, points: b.points, failures: b.failures, limits: b.limits.length })),
            ...(findings.acceptability.has(d) ? { acceptability: findings.acceptability.get(d) } : {}),
          }
        : {}),
    })),
    ownNote: prepared.ownNote,
    willingnessToPay: findings.willingnessToPay,
    information: findings.information
      ? {
          judgedOn: findings.information.judgedOn,
          evppi: search.contexts.factors.map((f, i) => ({ factor: f.path, value: findings.information!.evppi[i] })),
          evpi: findings.information.evpi,
          noise: findings.information.noise,
        }
      : null,
  };
}

/** The search's findings in words. */
export function searchReport(loaded: LoadedSearch, archive: readonly ArchivedCandidate[], findings: SearchFindings): string {
  const { search, prepared } = loaded;
  const currency = currencyOf(loaded.base.data);
  const value = (metric: string, x: number | null) => metricValue(metric, x, currency);
  const lines: string[] = [];
  const contexts = prepared.contexts.length;
  const runs = archive.length * contexts * search.replicates;
  lines.push(`${search.name}: ${archive.length} designs evaluated by NSGA-III (${search.search.generations + 1} generations of ${search.search.population}),`);
  lines.push(`each in ${contexts} context${contexts === 1 ? '' : 's'} x ${search.replicates} replicates with common random numbers: ${runs} runs`);
  lines.push('');
  lines.push(`Objectives: ${prepared.objectives.map((o) => `${o.name} (${o.better === 'higher' ? 'max' : 'min'})`).join(', ')}`);
  if (search.thresholds.length) lines.push(`Thresholds (success in a context): ${search.thresholds.map((t) => thresholdText(t, value)).join('; ')}`);
  if (search.budget) lines.push(`Budget: ${search.budget.metric} at most ${value(search.budget.metric, search.budget.max)} on average over the contexts`);
  const feasible = archive.filter((a) => a.standing.violation === 0).length;
  if (search.budget) lines.push(`${feasible} of ${archive.length} designs are within the budget.`);
  lines.push('');
  if (findings.own !== null) {
    const o = archive[findings.own];
    lines.push(`Your design (the scenario as written: ${search.levers.map((l) => `${l.path}=${leverText(o.candidate.values[l.path])}`).join(', ')}):`);
    lines.push(`    ${prepared.objectives.map((ob, i) => `${ob.name} ${ob.metric ? value(ob.metric, o.standing.objectiveValues[i]) : percent(o.standing.objectiveValues[i])}`).join('; ')}`);
    lines.push(`    ${findings.rank[findings.own] === 1 ? 'on the Pareto front' : `on front ${findings.rank[findings.own]} (designs on the front beat it)`}${o.standing.violation > 0 ? `; over the budget by ${percent(o.standing.violation)}` : ''}${o.standing.satisficing !== null ? `; meets every threshold in ${percent(o.standing.satisficing)} of the contexts` : ''}`);
  } else lines.push(`Your design is not among those searched: ${prepared.ownNote}.`);
  lines.push('');
  lines.push(`The Pareto front: ${findings.front.length} design${findings.front.length === 1 ? '' : 's'} no other design beats on every objective${search.budget && feasible === 0 ? ' (none within the budget: these break it least)' : ''},`);
  lines.push(`best first by ${prepared.objectives[0].name}:`);
  for (const d of findings.front) {
    const a = archive[d];
    lines.push('');
    lines.push(`  design ${a.candidate.id} (${d === findings.own ? 'your design' : `generation ${a.generation}`}): ${search.levers.map((l) => `${l.path}=${leverText(a.candidate.values[l.path])}`).join(', ')}`);
    lines.push(`    ${prepared.objectives.map((o, i) => `${o.name} ${o.metric ? value(o.metric, a.standing.objectiveValues[i]) : percent(a.standing.objectiveValues[i])}`).join('; ')}`);
    const budgetShown = prepared.objectives.some((o) => o.metric === search.budget?.metric && o.statistic === 'mean');
    if (search.budget && a.standing.cost !== null && !budgetShown) lines.push(`    ${search.budget.metric} ${value(search.budget.metric, a.standing.cost)} on average${a.standing.violation > 0 ? ` (over the budget by ${percent(a.standing.violation)})` : ''}`);
    const robust = Object.entries(findings.robustness)
      .filter(([metric]) => prepared.objectives.some((o) => o.metric === metric) || search.thresholds.some((t) => t.metric === metric))
      .map(([metric, rows]) => `${metric} worst decile ${value(metric, rows[d].worstDecile)}, mean regret ${value(metric, rows[d].meanRegret)}`);
    if (robust.length) lines.push(`    across the contexts: ${robust.join('; ')}`);
    if (a.standing.satisficing !== null && !prepared.objectives.some((o) => o.statistic === 'satisficing')) lines.push(`    meets every threshold in ${percent(a.standing.satisficing)} of the contexts`);
    const curve = findings.acceptability.get(d);
    if (curve) {
      const shown = [100, 1000, 5000, 20000].map((w) => findings.willingnessToPay.indexOf(w)).filter((i) => i >= 0);
      lines.push(`    better value than your design (a higher net benefit) in ${shown.map((i) => `${percent(curve[i])} of contexts at ${moneyText(findings.willingnessToPay[i], currency)}`).join(', ')} a case improved`);
    }
    const boxes = findings.failsWhen.get(d);
    if (boxes && boxes.length) {
      for (const box of boxes) lines.push(`    ${failureText(loaded, box)}`);
    } else if (boxes) lines.push('    fails in no context');
  }
  const info = findings.information;
  if (info) {
    lines.push('');
    lines.push(`Worth learning before choosing among the front (expected value of partial perfect information, judged on ${info.judgedOn}):`);
    const order = info.evppi.map((e, i) => [e, i] as const).sort((a, b) => b[0] - a[0]);
    const amount = (x: number) => (search.willingnessToPay !== undefined ? moneyText(x, currency) : prepared.objectives[0].metric ? value(prepared.objectives[0].metric, x) : percent(x));
    for (const [e, i] of order) lines.push(`  ${search.contexts.factors[i].path.padEnd(40)} ${amount(e)}`);
    lines.push(`  knowing the whole context (EVPI) ${amount(info.evpi)}; a made-up factor, fitting noise alone, ${amount(info.noise)}`);
  }
  lines.push('');
  lines.push('designs.csv has every design evaluated; robustness.csv each design\'s mean, worst decile and regret on every kept metric;');
  lines.push('fails-when.csv the boxes of contexts where each design on the front fails; acceptability.csv each one\'s chance of being');
  lines.push('worth its extra cost over yours by willingness to pay; value-of-information.csv the EVPPI of each factor;');
  lines.push('generation-<g>/runs.csv every run.');
  return `${lines.join('\n')}\n`;
}

/** Where a design fails, as a sentence: "fails when ... (density, coverage)", or how often without a pattern. */
function failureText(loaded: LoadedSearch, box: PrimBox): string {
  if (box.limits.length > 0) return `fails when ${boxInWords(loaded, box)}: ${box.failures} of its ${box.points} contexts fail (density ${percent(box.density)}), ${percent(box.coverage)} of its failures (coverage)`;
  if (box.density === 1) return 'fails in every context';
  return `fails in ${box.failures} of the ${box.points} contexts, with no box of contexts that concentrates the failures beyond chance`;
}

function boxInWords(loaded: LoadedSearch, box: PrimBox): string {
  const factors = loaded.search.contexts.factors;
  return describeBox(box, (l) => {
    const [lower, upper] = limitValues(loaded, l.factor, l.lower, l.upper);
    const name = factors[l.factor].path;
    if (typeof lower === 'string') return `${name} is ${lower}`;
    if (lower !== null && upper !== null) return `${name} is from ${sig(lower)} to ${sig(upper as number)}`;
    return lower !== null ? `${name} is above ${sig(lower)}` : `${name} is below ${sig(upper as number)}`;
  });
}

/**
 * A box's limits on a factor in the factor's own values: for a range, the values at the unit
 * limits; for whole numbers or choices, the values the box lets in (choices joined by "or").
 */
function limitValues(loaded: LoadedSearch, factor: number, lower: number | null, upper: number | null): [number | string | null, number | string | null] {
  const f = loaded.search.contexts.factors[factor];
  if (f.values || f.integer) {
    const inside = loaded.prepared.contexts.filter((c) => (lower === null || c.unit[factor] > lower) && (upper === null || c.unit[factor] < upper)).map((c) => c.values[f.path]);
    if (f.values) {
      const kept = f.values.filter((v) => inside.includes(v));
      return [kept.map((v) => String(v)).join(' or '), null];
    }
    const numbers = inside.map(Number);
    return [lower === null ? null : Math.min(...numbers) - 0.5, upper === null ? null : Math.max(...numbers) + 0.5];
  }
  return [lower === null ? null : (settingValue(f, lower, false) as number), upper === null ? null : (settingValue(f, upper, false) as number)];
}

const META = new Map(SUMMARY_METRICS.map((m) => [m.name as string, m]));

function metricValue(metric: string, x: number | null, currency: string): string {
  if (x === null || !Number.isFinite(x)) return 'NA';
  const unit = META.get(metric)?.unit;
  if (unit?.startsWith('£')) return moneyText(x, inCurrency(unit, currency));
  if (unit === 'share') return percent(x);
  return sig(x);
}

function thresholdText(t: { metric: string; atLeast?: number; atMost?: number }, value: (metric: string, x: number) => string): string {
  const parts = [t.atLeast !== undefined ? `at least ${value(t.metric, t.atLeast)}` : '', t.atMost !== undefined ? `at most ${value(t.metric, t.atMost)}` : ''].filter(Boolean);
  return `${t.metric} ${parts.join(' and ')}`;
}

function percent(x: number): string {
  return Number.isFinite(x) ? `${Number((x * 100).toPrecision(3))}%` : 'NA';
}

function sig(x: number): string {
  return String(Number(x.toPrecision(3)));
}

function leverText(v: unknown): string {
  return typeof v === 'number' ? sig(v) : String(v);
}
