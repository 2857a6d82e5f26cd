/**
 * A finished search's tables (designs.csv, robustness.csv, fails-when.csv) and its report in
 * words (report.txt, also what `ccsim design` prints): the Pareto front, how each of its designs
 * holds up across the contexts, and the contexts where it fails.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { csvHeader, csvRows } from '../../core/metrics/csv.ts';
import { moneyText } from '../../core/metrics/output.ts';
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
  ]);
  writeFileSync(
    join(dir, 'designs.csv'),
    csvHeader(['design', 'generation', ...levers, ...prepared.objectives.map((o) => o.name), 'satisficing', 'budgetMean', 'withinBudget', 'frontRank', 'onFront']) + csvRows(designRows),
  );
  const robustRows: Cell[][] = [];
  for (const [metric, rows] of Object.entries(findings.robustness)) {
    rows.forEach((r, d) => robustRows.push([archive[d].candidate.id, metric, r.mean, r.worstDecile, r.meanRegret, r.maxRegret]));
  }
  writeFileSync(join(dir, 'robustness.csv'), csvHeader(['design', 'metric', 'mean', 'worstDecile', 'meanRegret', 'maxRegret']) + csvRows(robustRows));
  const boxRows: Cell[][] = [];
  for (const [d, boxes] of findings.failsWhen) {
    boxes.forEach((box, b) => {
      const words = boxInWords(loaded, box);
      if (box.limits.length === 0) boxRows.push([archive[d].candidate.id, b + 1, box.coverage, box.density, box.mass, null, null, null, words]);
      for (const l of box.limits) {
        const [lower, upper] = limitValues(loaded, l.factor, l.lower, l.upper);
        boxRows.push([archive[d].candidate.id, b + 1, box.coverage, box.density, box.mass, search.contexts.factors[l.factor].path, lower, upper, words]);
      }
    });
  }
  writeFileSync(join(dir, 'fails-when.csv'), csvHeader(['design', 'box', 'coverage', 'density', 'mass', 'factor', 'lower', 'upper', 'description']) + csvRows(boxRows));
  writeFileSync(join(dir, 'report.txt'), searchReport(loaded, archive, findings));
}

/** The search's findings in words. */
export function searchReport(loaded: LoadedSearch, archive: readonly ArchivedCandidate[], findings: SearchFindings): string {
  const { search, prepared } = loaded;
  const lines: string[] = [];
  const contexts = prepared.contexts.length;
  const runs = archive.length * contexts * search.replicates;
  lines.push(`${search.name}: ${archive.length} designs evaluated by NSGA-III (${search.search.generations + 1} generations of ${search.search.population}),`);
  lines.push(`each in ${contexts} context${contexts === 1 ? '' : 's'} x ${search.replicates} replicates with common random numbers: ${runs} runs`);
  lines.push('');
  lines.push(`Objectives: ${prepared.objectives.map((o) => `${o.name} (${o.better === 'higher' ? 'max' : 'min'})`).join(', ')}`);
  if (search.thresholds.length) lines.push(`Thresholds (success in a context): ${search.thresholds.map((t) => thresholdText(t)).join('; ')}`);
  if (search.budget) lines.push(`Budget: ${search.budget.metric} at most ${value(search.budget.metric, search.budget.max)} on average over the contexts`);
  const feasible = archive.filter((a) => a.standing.violation === 0).length;
  if (search.budget) lines.push(`${feasible} of ${archive.length} designs are within the budget.`);
  lines.push('');
  lines.push(`The Pareto front: ${findings.front.length} design${findings.front.length === 1 ? '' : 's'} no other design beats on every objective${search.budget && feasible === 0 ? ' (none within the budget: these break it least)' : ''},`);
  lines.push(`best first by ${prepared.objectives[0].name}:`);
  for (const d of findings.front) {
    const a = archive[d];
    lines.push('');
    lines.push(`  design ${a.candidate.id} (generation ${a.generation}): ${search.levers.map((l) => `${l.path}=${leverText(a.candidate.values[l.path])}`).join(', ')}`);
    lines.push(`    ${prepared.objectives.map((o, i) => `${o.name} ${o.metric ? value(o.metric, a.standing.objectiveValues[i]) : percent(a.standing.objectiveValues[i])}`).join('; ')}`);
    const budgetShown = prepared.objectives.some((o) => o.metric === search.budget?.metric && o.statistic === 'mean');
    if (search.budget && a.standing.cost !== null && !budgetShown) lines.push(`    ${search.budget.metric} ${value(search.budget.metric, a.standing.cost)} on average${a.standing.violation > 0 ? ` (over the budget by ${percent(a.standing.violation)})` : ''}`);
    const robust = Object.entries(findings.robustness)
      .filter(([metric]) => prepared.objectives.some((o) => o.metric === metric) || search.thresholds.some((t) => t.metric === metric))
      .map(([metric, rows]) => `${metric} worst decile ${value(metric, rows[d].worstDecile)}, mean regret ${value(metric, rows[d].meanRegret)}`);
    if (robust.length) lines.push(`    across the contexts: ${robust.join('; ')}`);
    if (a.standing.satisficing !== null && !prepared.objectives.some((o) => o.statistic === 'satisficing')) lines.push(`    meets every threshold in ${percent(a.standing.satisficing)} of the contexts`);
    const boxes = findings.failsWhen.get(d);
    if (boxes && boxes.length) {
      for (const box of boxes) {
        if (box.limits.length > 0) lines.push(`    fails when ${boxInWords(loaded, box)}: ${box.failures} of its ${box.points} contexts fail (density ${percent(box.density)}), ${percent(box.coverage)} of its failures (coverage)`);
        else if (box.density === 1) lines.push('    fails in every context');
        else lines.push(`    fails in ${box.failures} of the ${box.points} contexts, with no box of contexts that concentrates the failures beyond chance`);
      }
    } else if (boxes) lines.push('    fails in no context');
  }
  lines.push('');
  lines.push('designs.csv has every design evaluated; robustness.csv each design\'s mean, worst decile and regret on every kept metric;');
  lines.push('fails-when.csv the boxes of contexts where each design on the front fails; generation-<g>/runs.csv every run.');
  return `${lines.join('\n')}\n`;
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

function value(metric: string, x: number | null): string {
  if (x === null || !Number.isFinite(x)) return 'NA';
  const unit = META.get(metric)?.unit;
  if (unit?.startsWith('£')) return moneyText(x, unit);
  if (unit === 'share') return percent(x);
  return sig(x);
}

function thresholdText(t: { metric: string; atLeast?: number; atMost?: number }): string {
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
