/**
 * Outcome cards: the questions a programme designer asks of a design (the summary metrics the
 * output catalogue marks as cards, with its titles and definitions), each with the mean over
 * replicates and its 95% interval, and (when a baseline is pinned) the difference from the
 * baseline with its interval, paired by seed when both ran the same replicates.
 */
import { cardMetrics, clipToBounds, formatOf, inCurrency, moneyText, unitLabel, whyUnavailable, type OutputFormat, type SummaryMetric } from '../../engine/core/index.ts';
import { estimate, pairedDifference, type Estimate } from '../../engine/core/stats/interval.ts';
import { el } from './controls.ts';
import type { Ensemble } from './runner.ts';
import { costEffectivenessPanel } from './cost-effectiveness-panel.ts';

/** A figure's number alone: a share in percent, a ratio to 2 decimals, an outcome value to 2 decimals below 10 and 1 above. */
function numberText(x: number, format: OutputFormat, signed = false): string {
  const sign = signed && x > 0 ? '+' : '';
  if (format === 'percent') return `${sign}${(100 * x).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}`;
  if (format === 'ratio') return `${sign}${x.toFixed(2)}`;
  if (format === 'count' || format === 'weeks' || format === 'money') return `${sign}${Math.round(x).toLocaleString('en-GB')}`;
  return `${sign}${x.toFixed(Math.abs(x) < 10 ? 2 : 1)}`;
}

/** The unit a card's figure reads in: the outcome's own, or the metric's (money in the scenario's currency). */
function unitOf(m: SummaryMetric, outcomeUnit: string, currency: string): string {
  return m.unit === 'outcome unit' ? outcomeUnit : inCurrency(m.unit, currency);
}

function show(x: number, format: OutputFormat, unit: string): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (format === 'percent') return `${numberText(x, format)}%`;
  if (format === 'ratio') return numberText(x, format);
  if (format === 'money') return moneyText(x, unit);
  return `${numberText(x, format)} ${unitWord(unit)}`;
}

/** Units whose figures mean something only for the same outcome: its own unit, its cases, money per either. */
const OUTCOME_UNITS: ReadonlySet<string> = new Set(['outcome unit', 'cases', '£ per case', '£ per outcome unit']);

/** An outcome unit as it reads after a number ("%" of patients becomes percentage points). */
const unitWord = (unit: string) => (unit === '%' ? 'pts' : unit);

/** The headline figure: the number large, an outcome unit on its own smaller line (units like "per 1,000 catheter-days" are long). */
function headline(x: number, format: OutputFormat, unit: string): HTMLElement {
  if (format === 'money' && unit.includes(' ') && Number.isFinite(x)) {
    // "£299" large, "per case" beside it, smaller.
    const [currency, ...per] = unit.split(' ');
    return el('p', { class: 'value' }, moneyText(x, currency), el('span', { class: 'unit' }, per.join(' ')));
  }
  if (format !== 'unit' || !Number.isFinite(x)) return el('p', { class: 'value' }, show(x, format, unit));
  const word = unitWord(unit);
  return el('p', { class: 'value' }, numberText(x, format), el('span', { class: word.length > 6 ? 'unit long' : 'unit' }, word));
}

/**
 * The 95% interval. A metric that cannot leave its bounds (a share of sites) has its interval
 * clipped to them (the t interval of a mean near 0 can cross 0), never so far that it excludes
 * the mean; one that can (a ratio, a share of the gap) is shown as computed.
 */
function intervalText(m: Pick<SummaryMetric, 'bounds' | 'unit' | 'format'>, e: Estimate, unit: string): string {
  if (e.n < 2 || !Number.isFinite(e.lower)) return '';
  const format = formatOf(m);
  const [lower, upper] = clipToBounds(m, e.lower, e.upper, e.mean);
  if (format === 'unit') return `95% interval ${numberText(lower, format)} to ${show(upper, format, unit)}`;
  if (format === 'money') return `95% interval ${moneyText(lower, unit.split(' ')[0])} to ${show(upper, format, unit)}`;
  return `95% interval ${show(lower, format, unit)} to ${show(upper, format, unit)}`;
}

/** A difference: a share's in percentage points, a unit's with its unit once, at the end. */
function differenceText(d: Estimate, format: OutputFormat, unit: string, isPaired: boolean): string {
  if (format === 'money') {
    const currency = unit.split(' ')[0];
    const range = Number.isFinite(d.lower) ? ` (${moneyText(d.lower, currency, true)} to ${moneyText(d.upper, currency, true)}${isPaired ? ', paired' : ''})` : '';
    return `${moneyText(d.mean, unit, true)} vs baseline${range}`;
  }
  const suffix = format === 'percent' ? ' pts' : format === 'ratio' ? '' : ` ${unitWord(unit)}`;
  const range = Number.isFinite(d.lower) ? ` (${numberText(d.lower, format, true)} to ${numberText(d.upper, format, true)}${isPaired ? ', paired' : ''})` : '';
  return `${numberText(d.mean, format, true)}${suffix} vs baseline${range}`;
}

/** Whether two runs measure their outcome the same way, so that differences in its unit mean something. */
export function sameOutcome(a: Ensemble, b: Ensemble): boolean {
  const x = a.scenario.challenge.outcome;
  const y = b.scenario.challenge.outcome;
  return x.measure === y.measure && x.label === y.label && unitLabel(a.scenario.challenge) === unitLabel(b.scenario.challenge);
}

/** Whether two ensembles ran the same replicate seeds (so their differences pair up). */
function paired(a: Ensemble, b: Ensemble): boolean {
  return a.replicates.length === b.replicates.length && a.replicates.every((r, i) => r.seed === b.replicates[i].seed);
}

function difference(current: number[], baseline: number[], isPaired: boolean): Estimate {
  if (isPaired) return pairedDifference(baseline, current);
  const a = estimate(current);
  const b = estimate(baseline);
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  const d = a.mean - b.mean;
  return { n: Math.min(a.n, b.n), mean: d, sd: NaN, se, lower: d - 1.96 * se, upper: d + 1.96 * se };
}

export function drawCards(container: HTMLElement, e: Ensemble, baseline: Ensemble | null): void {
  const outcomeUnit = unitLabel(e.scenario.challenge);
  const isPaired = baseline ? paired(e, baseline) : false;
  const worthIt = costEffectivenessPanel(e, baseline, isPaired, baseline !== null && sameOutcome(e, baseline));
  container.replaceChildren(
    ...cardMetrics().map((m) => {
      const format = formatOf(m);
      const unit = unitOf(m, outcomeUnit, e.scenario.costs.currency);
      const values = e.replicates.map((r) => r.summary[m.name] ?? NaN);
      const est = estimate(values);
      const box = el('div', { class: 'card', id: `card-${m.name}` });
      const why = Number.isFinite(est.mean) ? null : whyUnavailable(m, e.scenario);
      // The definition is a disclosure, not a hover title, so touch and keyboard users can read it.
      const define = el('details', { class: 'define' }, el('summary', { 'aria-label': `What "${m.title}" means` }, '?'), el('p', {}, m.description));
      box.append(el('div', { class: 'card-head' }, el('h3', {}, m.title), define), headline(est.mean, format, unit), el('p', { class: 'interval' }, why ?? intervalText(m, est, unit)));
      if (baseline && OUTCOME_UNITS.has(m.unit) && !sameOutcome(e, baseline)) {
        box.append(el('p', { class: 'delta flat' }, 'Not compared: the baseline measures a different outcome.'));
      } else if (baseline) {
        const d = difference(values, baseline.replicates.map((r) => r.summary[m.name] ?? NaN), isPaired);
        if (Number.isFinite(d.mean)) {
          const clear = Number.isFinite(d.lower) && (d.lower > 0 || d.upper < 0);
          const good = m.better === null ? null : (d.mean > 0) === (m.better === 'higher');
          box.append(el('p', { class: `delta ${clear && good !== null ? (good ? 'better' : 'worse') : 'flat'}` }, differenceText(d, format, unit, isPaired)));
        }
      }
      return box;
    }),
    ...(worthIt ? [worthIt] : []),
  );
}
