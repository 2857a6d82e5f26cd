/**
 * The per-run summary: the figures a programme designer and an evaluator ask of one run. Gaps are
 * shares of each member site's own baseline gap, on true performance; effects are in the
 * outcome's own unit with improvement positive (so a fall in an infection rate is positive).
 * A figure that cannot be computed (the horizon ends before the week it needs, or there are no
 * sites to average) is null.
 */
import { Membership, type State } from '../model/state.ts';
import type { Snapshot } from './snapshot.ts';
import type { Series } from './series.ts';
import { shareClosed } from './series.ts';
import { trendClosure } from '../mechanisms/performance.ts';
import type { SiteResult } from './site-results.ts';

export interface SummaryMetric {
  name: string;
  description: string;
  unit: string;
}

export const SUMMARY_METRICS: readonly SummaryMetric[] = [
  { name: 'gapClosedAtFundingEnd', description: 'Mean share of their own baseline gap member sites closed by the end of funding (true performance).', unit: 'share' },
  { name: 'gapClosedOneYearAfter', description: 'The same, one year after the funding ended.', unit: 'share' },
  { name: 'sustainmentRatio', description: 'Gap closed a year after funding divided by gap closed at its end (1 = fully sustained).', unit: 'ratio' },
  { name: 'finalGapClosed', description: 'Mean share of their baseline gap member sites had closed at the horizon.', unit: 'share' },
  { name: 'dropoutShare', description: 'Share of member sites that dropped out before the funding ended.', unit: 'share' },
  { name: 'sitesJoined', description: 'Number of invited sites that joined.', unit: 'sites' },
  { name: 'joinedShare', description: 'Share of invited sites that joined.', unit: 'share' },
  { name: 'trueEffect', description: 'Mean true improvement of member sites at the end of funding beyond what the secular trend alone gave them.', unit: 'outcome unit' },
  { name: 'didEstimate', description: 'Difference in differences an evaluator estimates from reported data: members still reporting vs comparison sites, baseline to end of funding.', unit: 'outcome unit' },
  { name: 'prePostEstimate', description: 'Before-after change an evaluator without comparison sites would report for members still reporting.', unit: 'outcome unit' },
  { name: 'reportingGap', description: 'Mean amount by which member sites\' reports flatter their true performance at the end of funding.', unit: 'outcome unit' },
  { name: 'spreadAcrossSites', description: 'Standard deviation across member sites of the share of gap closed at the end of funding.', unit: 'share' },
  { name: 'giniAcrossSites', description: 'Gini coefficient across member sites of the share of gap closed at the end of funding (0 equal, 1 all in one site).', unit: 'index' },
  { name: 'shareTransformed', description: 'Share of member sites transformed by the end of funding.', unit: 'share' },
  { name: 'shareBoosted', description: 'Share of member sites boosted by the end of funding.', unit: 'share' },
  { name: 'shareLittleChange', description: 'Share of member sites with little change by the end of funding.', unit: 'share' },
  {
    name: 'shareSignificantGain',
    description: 'Share of member sites whose change from baseline to the end of funding would be a significant improvement (p < 0.05) with a quarter\'s audited cases before and after: a two-proportion z test for a percentage, a Poisson rate test for a rate.',
    unit: 'share',
  },
  { name: 'practiceAtFundingEnd', description: 'Mean role-weighted share of member sites\' staff practising at the end of funding.', unit: 'share' },
  { name: 'practiceOneYearAfter', description: 'The same, one year after the funding ended.', unit: 'share' },
  { name: 'completenessAtFundingEnd', description: 'Mean data completeness of reporting member sites at the end of funding.', unit: 'share' },
  { name: 'weeksToHalfGain', description: 'Weeks until member sites had closed half the gap they closed by the end of funding.', unit: 'weeks' },
  { name: 'spend', description: 'Money spent over the funded period.', unit: '£' },
  { name: 'costPerUnitImproved', description: 'Spend per unit of true improvement per member site (spend / (trueEffect x member sites)).', unit: '£ per outcome unit' },
];

export type Summary = Record<string, number | null>;

export function summarise(state: State, series: Series, sites: SiteResult[], atEnd: Snapshot | null, yearAfter: Snapshot | null): Summary {
  const sc = state.scenario;
  const o = sc.challenge.outcome;
  const direction = o.best >= o.baseline ? 1 : -1;
  const members = sites.filter((r) => r.role === 'member');
  const n = members.length;
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const closedEnd = members.map((r) => r.gapClosedAtFundingEnd).filter((x): x is number => x !== null);
  const closedYear = members.map((r) => r.gapClosedOneYearAfter).filter((x): x is number => x !== null);
  const gapEnd = atEnd ? mean(closedEnd) : null;
  const gapYear = yearAfter ? mean(closedYear) : null;
  const dropped = members.filter((r) => r.category === 'droppedOut').length;
  const category = (c: string) => (n > 0 && atEnd ? members.filter((r) => r.category === c).length / n : null);
  const prog = state.programme;
  const spend = prog.spendBackfill + prog.spendCoaching + prog.spendEvents;
  const effect = atEnd ? trueEffect(state, atEnd, direction) : null;
  const estimates = atEnd ? evaluatorEstimates(state, atEnd, direction) : { did: null, prePost: null, gap: null, completeness: null };
  return {
    gapClosedAtFundingEnd: gapEnd,
    gapClosedOneYearAfter: gapYear,
    sustainmentRatio: gapEnd !== null && gapYear !== null && gapEnd > 0 ? gapYear / gapEnd : null,
    finalGapClosed: n > 0 ? mean(members.map((r) => shareClosed(r.baseline, r.final, o.best))) : null,
    dropoutShare: n > 0 ? dropped / n : null,
    sitesJoined: n,
    joinedShare: n / state.sites.invited,
    trueEffect: effect,
    didEstimate: estimates.did,
    prePostEstimate: estimates.prePost,
    reportingGap: estimates.gap,
    spreadAcrossSites: atEnd && closedEnd.length > 1 ? standardDeviation(closedEnd) : null,
    giniAcrossSites: atEnd && closedEnd.length > 0 ? gini(closedEnd.map((x) => Math.max(0, x))) : null,
    shareTransformed: category('transformed'),
    shareBoosted: category('boosted'),
    shareLittleChange: category('littleChange'),
    shareSignificantGain: n > 0 && atEnd ? members.filter((r) => significantGain(state, r.site, r.baseline, r.atFundingEnd ?? NaN, direction)).length / n : null,
    practiceAtFundingEnd: atEnd ? memberMean(state, atEnd.practiceIndex) : null,
    practiceOneYearAfter: yearAfter ? memberMean(state, yearAfter.practiceIndex) : null,
    completenessAtFundingEnd: estimates.completeness,
    weeksToHalfGain: atEnd && gapEnd !== null ? weeksToHalf(series, gapEnd, atEnd.week) : null,
    spend,
    costPerUnitImproved: effect !== null && effect > 0 && n > 0 ? spend / (effect * n) : null,
  };
}

/** Weeks of audited cases on each side of a site's before-after comparison. */
const QUARTER_WEEKS = 13;
/** Two-sided 5% critical value of the standard normal. */
const Z_CRITICAL = 1.959963984540054;

/**
 * Whether a site's change from its baseline to a later value would test as a significant
 * improvement, with a quarter's cases on each side: how a programme's evaluation counts the sites
 * that "improved significantly" (ASCQI reported 9 of 12 ambulance services, for example).
 */
export function significantGain(state: State, site: number, before: number, after: number, direction: number): boolean {
  if (!Number.isFinite(before) || !Number.isFinite(after)) return false;
  const o = state.scenario.challenge.outcome;
  const cases = state.sites.casesPerWeek[site] * QUARTER_WEEKS;
  if (o.measure === 'percent') {
    const p0 = Math.min(1, Math.max(0, before / 100));
    const p1 = Math.min(1, Math.max(0, after / 100));
    const pooled = (p0 + p1) / 2;
    const se = Math.sqrt((pooled * (1 - pooled) * 2) / cases);
    return se > 0 && (direction * (p1 - p0)) / se > Z_CRITICAL;
  }
  // Rates: events expected in each quarter's exposure; the difference of two Poisson counts.
  const c0 = (Math.max(0, before) * cases) / o.ratePer;
  const c1 = (Math.max(0, after) * cases) / o.ratePer;
  return c0 + c1 > 0 && (direction * (c1 - c0)) / Math.sqrt(c0 + c1) > Z_CRITICAL;
}

function trueEffect(state: State, atEnd: Snapshot, direction: number): number | null {
  const sites = state.sites;
  const best = state.scenario.challenge.outcome.best;
  const trend = trendClosure(state.scenario.context.secularTrendPerYear, atEnd.week);
  const effects: number[] = [];
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const counterfactual = sites.baselineValue[s] + (best - sites.baselineValue[s]) * trend;
    effects.push(direction * (atEnd.trueValue[s] - counterfactual));
  }
  return effects.length > 0 ? effects.reduce((a, b) => a + b, 0) / effects.length : null;
}

/** What an evaluator sees: reported change of members still reporting, against comparison sites. */
function evaluatorEstimates(state: State, atEnd: Snapshot, direction: number) {
  const sites = state.sites;
  const period = state.scenario.data.feedbackIntervalWeeks;
  const recent = atEnd.week - period;
  const memberChange: number[] = [];
  const comparisonChange: number[] = [];
  const flattery: number[] = [];
  const completeness: number[] = [];
  for (let s = 0; s < sites.count; s++) {
    const first = sites.firstReportedValue[s];
    const last = atEnd.reportedValue[s];
    const reporting = atEnd.lastReportWeek[s] >= recent && !Number.isNaN(first) && !Number.isNaN(last);
    if (atEnd.membership[s] === Membership.comparison) {
      if (reporting) comparisonChange.push(direction * (last - first));
    } else if (sites.joinWeek[s] >= 0 && reporting && atEnd.lastReportWeek[s] > 0) {
      memberChange.push(direction * (last - first));
      flattery.push(direction * (last - atEnd.trueValue[s]));
      completeness.push(sites.completeness[s]);
    }
  }
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const prePost = mean(memberChange);
  const comparison = mean(comparisonChange);
  return {
    did: prePost !== null && comparison !== null ? prePost - comparison : null,
    prePost,
    gap: mean(flattery),
    completeness: mean(completeness),
  };
}

function memberMean(state: State, values: Float64Array): number | null {
  let sum = 0;
  let n = 0;
  for (let s = 0; s < state.sites.invited; s++) {
    if (state.sites.joinWeek[s] < 0) continue;
    sum += values[s];
    n++;
  }
  return n > 0 ? sum / n : null;
}

function weeksToHalf(series: Series, gapEnd: number, endWeek: number): number | null {
  if (!(gapEnd > 0)) return null;
  const column = series.values[series.columns.findIndex((c) => c.name === 'gapClosed')];
  for (let w = 0; w <= endWeek; w++) if (column[w] >= gapEnd / 2) return w;
  return null;
}

export function standardDeviation(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1));
}

/** Gini coefficient of non-negative values (0 when all equal or all zero). */
export function gini(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const n = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * sorted[i];
  return weighted / (n * total);
}
