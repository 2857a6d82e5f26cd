/**
 * Outcome cards: the questions a programme designer asks of a design, each with the mean over
 * replicates and its 95% interval, and (when a baseline is pinned) the difference from the
 * baseline with its interval, paired by seed when both ran the same replicates.
 */
import { unitLabel, type Scenario, type Summary } from '../../engine/core/index.ts';
import { estimate, pairedDifference, type Estimate } from '../../engine/core/stats/interval.ts';
import { K } from '../../engine/core/model/constants.ts';
import { el } from './controls.ts';
import type { Ensemble } from './runner.ts';

interface Card {
  id: string;
  title: string;
  help: string;
  metric: (s: Summary) => number;
  format: 'percent' | 'ratio' | 'unit';
  /**
   * Which way a difference from the baseline is good news (null: neither, e.g. an estimate, or a
   * ratio or spread that a failing design can also improve: a community that gains little has
   * little to lose after funding, and sites that all fail are evenly spread).
   */
  better: 'higher' | 'lower' | null;
  /** Why the metric cannot exist for this design (shown instead of a bare n/a), or null if it can. */
  missing: (sc: Scenario) => string | null;
}

const value = (name: string) => (s: Summary) => s[name] ?? NaN;

const always = () => null;
const noYearAfter = (sc: Scenario) =>
  sc.time.weeks < sc.time.fundingWeeks + 52 ? `The run stops ${sc.time.weeks - sc.time.fundingWeeks} weeks after funding ends; it needs 52 (time.weeks).` : null;
const noComparison = (sc: Scenario) => (sc.recruitment.comparisonSites === 0 ? 'This design has no comparison sites (recruitment.comparisonSites).' : null);

const lowSustainment = (sc: Scenario) =>
  noYearAfter(sc) ?? `Not given where the programme closed less than ${100 * K.sustainmentMinimumEffect}% of the gap by the end of funding (or no site joined): there is too little to sustain.`;

const CARDS: Card[] = [
  { id: 'gap-end', title: 'Gap closed by the programme', help: 'Mean share of their own baseline gap the programme closed at member sites by the end of funding: true performance less each site\'s own path without the programme (so the secular trend does not count).', metric: value('programmeEffectAtFundingEnd'), format: 'percent', better: 'higher', missing: always },
  { id: 'gap-year', title: 'A year after funding', help: 'The programme\'s share of the gap closed, one year after the funding ended.', metric: value('programmeEffectOneYearAfter'), format: 'percent', better: 'higher', missing: noYearAfter },
  { id: 'sustainment', title: 'Gains sustained', help: 'The programme\'s effect a year after funding divided by its effect at the end.', metric: value('sustainmentRatio'), format: 'percent', better: null, missing: lowSustainment },
  { id: 'dropout', title: 'Sites dropping out', help: 'Share of member sites that dropped out before the funding ended.', metric: value('dropoutShare'), format: 'percent', better: 'lower', missing: always },
  { id: 'passive', title: 'Sites taking part passively', help: 'Share of member sites at the end of funding that attend little but still report, perhaps incompletely (stress moves sites down to passive; belonging and support bring them back).', metric: value('passiveShare'), format: 'percent', better: 'lower', missing: always },
  { id: 'left-behind', title: 'Sites changing little', help: 'Share of member sites the programme changed little: less than the boosted threshold of their own gap against their path without it, dropouts included (every site that joined counts, as an evaluation does).', metric: value('shareLittleChange'), format: 'percent', better: 'lower', missing: always },
  { id: 'worse', title: 'Sites made worse', help: 'Share of member sites where care ended worse than without the programme (the dip of change, overload, fatigue).', metric: value('shareWorse'), format: 'percent', better: 'lower', missing: always },
  { id: 'spread', title: 'Spread across sites', help: 'Standard deviation across member sites of the share of gap closed.', metric: value('spreadAcrossSites'), format: 'percent', better: null, missing: always },
  { id: 'evaluator', title: 'What an evaluator would estimate', help: 'Difference in differences from measured data on every site that joined (intention to treat), against comparison sites.', metric: value('didEstimate'), format: 'unit', better: null, missing: noComparison },
  { id: 'truth', title: 'The true effect', help: 'True improvement of member sites beyond their own path without the programme (the simulation knows it), in the outcome\'s unit: positive is better, whichever way the outcome runs.', metric: value('trueEffect'), format: 'unit', better: 'higher', missing: always },
];

/** A figure's number alone: a share in percent, a ratio to 2 decimals, an outcome value to 2 decimals below 10 and 1 above. */
function numberText(x: number, format: Card['format'], signed = false): string {
  const sign = signed && x > 0 ? '+' : '';
  if (format === 'percent') return `${sign}${(100 * x).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}`;
  if (format === 'ratio') return `${sign}${x.toFixed(2)}`;
  return `${sign}${x.toFixed(Math.abs(x) < 10 ? 2 : 1)}`;
}

function show(x: number, format: Card['format'], unit: string): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (format === 'percent') return `${numberText(x, format)}%`;
  if (format === 'ratio') return numberText(x, format);
  return `${numberText(x, format)} ${unitWord(unit)}`;
}

/** An outcome unit as it reads after a number ("%" of patients becomes percentage points). */
const unitWord = (unit: string) => (unit === '%' ? 'pts' : unit);

/** The headline figure: the number large, an outcome unit on its own smaller line (units like "per 1,000 catheter-days" are long). */
function headline(x: number, format: Card['format'], unit: string): HTMLElement {
  if (format !== 'unit' || !Number.isFinite(x)) return el('p', { class: 'value' }, show(x, format, unit));
  const word = unitWord(unit);
  return el('p', { class: 'value' }, numberText(x, format), el('span', { class: word.length > 6 ? 'unit long' : 'unit' }, word));
}

function interval(e: Estimate, format: Card['format'], unit: string): string {
  if (e.n < 2 || !Number.isFinite(e.lower)) return '';
  if (format === 'unit') return `95% interval ${numberText(e.lower, format)} to ${show(e.upper, format, unit)}`;
  // A share's interval stays within 0 to 100% (the t interval of a mean near 0 can cross it).
  return `95% interval ${show(Math.max(0, e.lower), format, unit)} to ${show(Math.min(1, e.upper), format, unit)}`;
}

/** A difference: a share's in percentage points, a unit's with its unit once, at the end. */
function differenceText(d: Estimate, format: Card['format'], unit: string, isPaired: boolean): string {
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
  const unit = unitLabel(e.scenario.challenge);
  const isPaired = baseline ? paired(e, baseline) : false;
  container.replaceChildren(
    ...CARDS.map((card) => {
      const values = e.replicates.map((r) => card.metric(r.summary));
      const est = estimate(values);
      const box = el('div', { class: 'card', id: `card-${card.id}`, title: card.help });
      const why = Number.isFinite(est.mean) ? null : card.missing(e.scenario);
      box.append(el('h3', {}, card.title), headline(est.mean, card.format, unit), el('p', { class: 'interval' }, why ?? interval(est, card.format, unit)));
      if (baseline && card.format === 'unit' && !sameOutcome(e, baseline)) {
        box.append(el('p', { class: 'delta flat' }, 'Not compared: the baseline measures a different outcome.'));
      } else if (baseline) {
        const d = difference(values, baseline.replicates.map((r) => card.metric(r.summary)), isPaired);
        if (Number.isFinite(d.mean)) {
          const clear = Number.isFinite(d.lower) && (d.lower > 0 || d.upper < 0);
          const good = card.better === null ? null : (d.mean > 0) === (card.better === 'higher');
          box.append(el('p', { class: `delta ${clear && good !== null ? (good ? 'better' : 'worse') : 'flat'}` }, differenceText(d, card.format, unit, isPaired)));
        }
      }
      return box;
    }),
  );
}
