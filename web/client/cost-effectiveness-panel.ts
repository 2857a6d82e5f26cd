/**
 * "Which design should we fund?": the design on screen against the pinned baseline, in money and
 * in care, from paired replicates (replicate r of both ran on the same seed), as `ccsim analyze`
 * reports it: the extra full cost and the extra cases whose care improved, the cost per extra
 * case (the ICER) with Fieller's 95% interval, the verdict, and the chance the design is worth
 * its cost at a few prices per case (the acceptability curve).
 */
import type { Data } from 'plotly.js-dist-min';
import { incrementalCostEffect, acceptability, willingnessGrid, type IncrementalCostEffect } from '../../engine/core/stats/cost-effectiveness.ts';
import { loadPlotly } from './plotly-loader.ts';
import { moneyText } from '../../engine/core/index.ts';
import { el } from './controls.ts';
import type { Ensemble } from './runner.ts';

/** Prices per case improved at which the panel gives the chance the design is worth it. */
export const PANEL_WILLINGNESS = [100, 500, 1000, 5000, 20_000] as const;

const moneyIn = (currency: string) => (x: number, signed = false) => (Number.isFinite(x) ? moneyText(x, currency, signed) : 'n/a');
/** A signed whole count: the money format without a currency. */
const count = (x: number) => (Number.isFinite(x) ? moneyText(x, '', true) : 'n/a');

const VERDICT: Record<IncrementalCostEffect['verdict'], string> = {
  dominates: 'It dominates the baseline: cheaper and better, both clearly.',
  dominated: 'The baseline dominates it: this design is dearer and worse, both clearly.',
  'trade-off': 'A trade-off: the cost per extra case is the price of the difference.',
  unclear: 'Unclear: the cost or the care may not differ from the baseline\'s.',
};

/**
 * The panel, or null where the comparison means nothing: no baseline, runs not paired by seed,
 * or a baseline measuring another outcome (its cases are other cases).
 */
export function costEffectivenessPanel(e: Ensemble, baseline: Ensemble | null, paired: boolean, sameOutcome: boolean): HTMLElement | null {
  if (!baseline || !paired || !sameOutcome) return null;
  const dC: number[] = [];
  const dE: number[] = [];
  e.replicates.forEach((r, i) => {
    const b = baseline.replicates[i].summary;
    dC.push((r.summary.costFull ?? NaN) - (b.costFull ?? NaN));
    dE.push((r.summary.careImproved ?? NaN) - (b.careImproved ?? NaN));
  });
  const ice = incrementalCostEffect(dC, dE);
  const currency = e.scenario.costs.currency;
  const money = moneyIn(currency);
  if (ice.n < 2) return null;
  const ratio =
    ice.icer === null
      ? 'No cost per extra case: the care improved is the same.'
      : `${money(ice.icer)} per extra case improved${ice.lower !== null && ice.upper !== null ? ` (95% interval ${money(ice.lower)} to ${money(ice.upper)})` : ' (no interval: the extra care may be nil)'}.`;
  const chances = acceptability(dC, dE, PANEL_WILLINGNESS);
  const curve = el('figure', { class: 'ceac', id: 'ceac', 'aria-label': 'Chance the design is worth its cost against the baseline, by what a case improved is worth' });
  drawAcceptability(curve, dC, dE, currency);
  return el(
    'section',
    { class: 'cost-effectiveness', id: 'cost-effectiveness', 'aria-label': 'Cost-effectiveness against the pinned baseline' },
    el('h3', {}, 'Worth it? Against the pinned baseline'),
    el(
      'p',
      {},
      `Full cost ${money(ice.cost.mean, true)} (95% interval ${money(ice.cost.lower, true)} to ${money(ice.cost.upper, true)}); cases whose care improved ${count(ice.effect.mean)} (${count(ice.effect.lower)} to ${count(ice.effect.upper)}). ${ratio}`,
    ),
    el('p', {}, VERDICT[ice.verdict]),
    el('p', { class: 'help' }, `Chance it is worth its cost, at ${PANEL_WILLINGNESS.map((l, i) => `${money(l)} a case: ${Math.round(100 * chances[i])}%`).join('; ')} (the share of paired replicates in which it buys more care for the money).`),
    curve,
  );
}

/**
 * The cost-effectiveness acceptability curve (van Hout et al. 1994) from 1 to 100,000 a case,
 * drawn once the panel is on the page (plotly sizes a chart from its container).
 */
function drawAcceptability(figure: HTMLElement, dC: number[], dE: number[], currency: string): void {
  const grid = willingnessGrid().filter((w) => w > 0);
  const chance = acceptability(dC, dE, grid);
  void loadPlotly().then((Plotly) => {
    if (!figure.isConnected) return;
    void Plotly.react(
      figure,
      [{ type: 'scatter', mode: 'lines+markers', x: grid, y: chance, line: { color: '#0072B2' }, hovertemplate: `${currency}%{x:,} a case: %{y:.0%}<extra></extra>` } as Data],
      {
        title: { text: 'Chance it is worth its cost, by what a case improved is worth', font: { size: 12 } },
        xaxis: { type: 'log', title: { text: `${currency} a case improved` } },
        yaxis: { range: [0, 1.02], tickformat: '.0%' },
        margin: { t: 36, r: 10, b: 44, l: 44 },
        height: 220,
      },
      { displaylogo: false, responsive: true },
    );
  });
}
