/**
 * Outcome cards: the questions a programme designer asks of a design, each with the mean over
 * replicates and its 95% interval, and (when a baseline is pinned) the difference from the
 * baseline with its interval, paired by seed when both ran the same replicates.
 */
import { unitLabel, type Summary } from '../../engine/core/index.ts';
import { estimate, pairedDifference, type Estimate } from '../../engine/core/stats/interval.ts';
import { el } from './controls.ts';
import type { Ensemble } from './runner.ts';

interface Card {
  id: string;
  title: string;
  help: string;
  metric: (s: Summary) => number;
  format: 'percent' | 'ratio' | 'unit';
}

const value = (name: string) => (s: Summary) => s[name] ?? NaN;

const CARDS: Card[] = [
  { id: 'gap-end', title: 'Gap closed by the end of funding', help: 'Mean share of their own baseline gap member sites closed (true performance).', metric: value('gapClosedAtFundingEnd'), format: 'percent' },
  { id: 'gap-year', title: 'Gap closed a year later', help: 'The same, one year after the funding ended.', metric: value('gapClosedOneYearAfter'), format: 'percent' },
  { id: 'sustainment', title: 'Gains sustained', help: 'Gap closed a year after funding divided by gap closed at its end.', metric: value('sustainmentRatio'), format: 'percent' },
  { id: 'dropout', title: 'Sites dropping out', help: 'Share of member sites that dropped out before the funding ended.', metric: value('dropoutShare'), format: 'percent' },
  { id: 'left-behind', title: 'Sites changing little', help: 'Share of member sites that closed less than the boosted threshold of their gap (or dropped out).', metric: (s) => (s.shareLittleChange ?? NaN) + (s.dropoutShare ?? NaN), format: 'percent' },
  { id: 'spread', title: 'Spread across sites', help: 'Standard deviation across member sites of the share of gap closed.', metric: value('spreadAcrossSites'), format: 'percent' },
  { id: 'evaluator', title: 'What an evaluator would estimate', help: 'Difference in differences from reported data, members still reporting against comparison sites.', metric: value('didEstimate'), format: 'unit' },
  { id: 'truth', title: 'The true effect', help: 'True improvement of member sites beyond the secular trend (the simulation knows it).', metric: value('trueEffect'), format: 'unit' },
];

function show(x: number, format: Card['format'], unit: string, signed = false): string {
  if (!Number.isFinite(x)) return 'n/a';
  const sign = signed && x > 0 ? '+' : '';
  if (format === 'percent') return `${sign}${(100 * x).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}%`;
  if (format === 'ratio') return `${sign}${x.toFixed(2)}`;
  return `${sign}${x.toFixed(Math.abs(x) < 10 ? 2 : 1)} ${unit === '%' ? 'pts' : unit}`;
}

function interval(e: Estimate, format: Card['format'], unit: string): string {
  if (e.n < 2 || !Number.isFinite(e.lower)) return '';
  return `95% interval ${show(e.lower, format, unit, false)} to ${show(e.upper, format, unit, false)}`;
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
      box.append(el('h3', {}, card.title), el('p', { class: 'value' }, show(est.mean, card.format, unit)), el('p', { class: 'interval' }, interval(est, card.format, unit)));
      if (baseline) {
        const d = difference(values, baseline.replicates.map((r) => card.metric(r.summary)), isPaired);
        const clear = Number.isFinite(d.lower) && (d.lower > 0 || d.upper < 0);
        box.append(
          el(
            'p',
            { class: `delta ${clear ? (d.mean > 0 ? 'up' : 'down') : 'flat'}` },
            `${show(d.mean, card.format === 'ratio' ? 'ratio' : card.format, unit, true)} vs baseline ${Number.isFinite(d.lower) ? `(${show(d.lower, card.format, unit, true)} to ${show(d.upper, card.format, unit, true)}${isPaired ? ', paired' : ''})` : ''}`,
          ),
        );
      }
      return box;
    }),
  );
}
