/**
 * The per-run summary: the figures a programme designer and an evaluator ask of one run. Gaps are
 * shares of each member site's own baseline gap; effects are in the outcome's own unit with
 * improvement positive (so a fall in an infection rate is positive). The programme's effect on a
 * site is its true performance less its own no-programme path (the counterfactual, which the
 * simulation knows exactly); what an evaluator estimates comes from measured data, on every site
 * that joined (intention to treat) and, as its own figure, on the sites that completed
 * (per protocol). A figure that cannot be computed (the horizon ends before the week it needs,
 * or there are no sites to average) is null.
 */
import { Membership, totalSpend, type State } from '../model/state.ts';
import { K } from '../model/constants.ts';
import type { Snapshot } from './snapshot.ts';
import type { Series } from './series.ts';
import { rowOf, shareClosed } from './series.ts';
import type { SiteResult } from './site-results.ts';
import { evaluatorAudits, significantGain, type SiteAudit } from './evaluation.ts';

export interface SummaryMetric {
  name: string;
  description: string;
  unit: string;
}

export const SUMMARY_METRICS: readonly SummaryMetric[] = [
  { name: 'gapClosedAtFundingEnd', description: 'Mean share of their own baseline gap member sites closed by the end of funding (true performance, secular trend included).', unit: 'share' },
  { name: 'gapClosedOneYearAfter', description: 'The same, one year after the funding ended.', unit: 'share' },
  { name: 'programmeEffectAtFundingEnd', description: 'Mean share of their own baseline gap the programme closed at member sites by the end of funding: true performance less each site\'s own no-programme path (net of the secular trend).', unit: 'share' },
  { name: 'programmeEffectOneYearAfter', description: 'The same, one year after the funding ended.', unit: 'share' },
  { name: 'sustainmentRatio', description: 'Programme effect a year after funding divided by the programme effect at its end (1 = fully sustained; net of the trend, so a trend cannot make a decaying programme look sustained; none where the effect at the end is below 5% of the gap, as a ratio of next to nothing says nothing).', unit: 'ratio' },
  { name: 'finalGapClosed', description: 'Mean share of their baseline gap member sites had closed at the horizon.', unit: 'share' },
  { name: 'dropoutShare', description: 'Share of member sites that dropped out before the funding ended.', unit: 'share' },
  { name: 'passiveShare', description: 'Share of member sites taking part only passively (attending little, still reporting) at the end of funding.', unit: 'share' },
  { name: 'sitesJoined', description: 'Number of invited sites that joined.', unit: 'sites' },
  { name: 'joinedShare', description: 'Share of invited sites that joined.', unit: 'share' },
  { name: 'reportingSites', description: 'Member sites whose data reached the programme in the last period of funding.', unit: 'sites' },
  { name: 'reportingShare', description: 'The same, as a share of member sites.', unit: 'share' },
  { name: 'completeDataSites', description: 'Member sites sending complete data (at least the completeness threshold of their cases) in the last period of funding.', unit: 'sites' },
  { name: 'completeDataShare', description: 'The same, as a share of member sites.', unit: 'share' },
  { name: 'trueEffect', description: 'Mean true improvement of every member site at the end of funding beyond its own no-programme path (the effect an intention-to-treat evaluation estimates).', unit: 'outcome unit' },
  { name: 'trueEffectPerProtocol', description: 'The same, on the completers: member sites still taking part at the end of funding whose data reached the programme in its last period.', unit: 'outcome unit' },
  { name: 'didEstimate', description: 'Difference in differences an evaluator estimates on every site that joined (intention to treat): change from the baseline measure to each site\'s latest data at the end of funding (its own reports, or an evaluator\'s audit of a site that left), against comparison sites.', unit: 'outcome unit' },
  { name: 'didPerProtocol', description: 'The same on completers only: member sites still taking part and reporting at the end of funding.', unit: 'outcome unit' },
  { name: 'prePostEstimate', description: 'Before-after change an evaluator without comparison sites would report, on every site that joined.', unit: 'outcome unit' },
  { name: 'reportingGap', description: 'Mean amount by which member sites\' reports flatter their true performance at the end of funding.', unit: 'outcome unit' },
  { name: 'spreadAcrossSites', description: 'Standard deviation across member sites of the share of gap closed at the end of funding.', unit: 'share' },
  { name: 'giniAcrossSites', description: 'Gini coefficient across member sites of the share of gap closed at the end of funding (0 equal, 1 all in one site).', unit: 'index' },
  { name: 'shareTransformed', description: 'Share of member sites the programme transformed by the end of funding (its effect closed at least the transformed threshold of their own gap; every site that joined counts).', unit: 'share' },
  { name: 'shareBoosted', description: 'Share of member sites the programme boosted (its effect between the boosted and transformed thresholds).', unit: 'share' },
  { name: 'shareLittleChange', description: 'Share of member sites the programme changed little (its effect below the boosted threshold, but not harmful), dropouts included.', unit: 'share' },
  { name: 'shareWorse', description: 'Share of member sites where care ended worse than on their own no-programme path, by at least the worse threshold of their gap.', unit: 'share' },
  {
    name: 'shareSignificantGain',
    description: 'Share of member sites whose change from baseline to the end of funding tests as a significant improvement (p < 0.05) in an evaluator\'s audits of a quarter\'s cases before and after (simulated, with sampling noise): a two-proportion z test for a percentage, a Poisson rate test for a rate, a z test of means for a continuous measure.',
    unit: 'share',
  },
  { name: 'practiceAtFundingEnd', description: 'Mean role-weighted share of member sites\' staff practising at the end of funding.', unit: 'share' },
  { name: 'practiceOneYearAfter', description: 'The same, one year after the funding ended.', unit: 'share' },
  { name: 'completenessAtFundingEnd', description: 'Mean data completeness of member sites reporting at the end of funding.', unit: 'share' },
  { name: 'weeksToHalfGain', description: 'Weeks until member sites had closed half the gap they closed by the end of funding.', unit: 'weeks' },
  { name: 'spend', description: 'Money spent over the funded period.', unit: '£' },
  { name: 'spendBackfill', description: 'Of which backfill (protected time at sites).', unit: '£' },
  { name: 'spendCoaching', description: 'Of which coaching of sites.', unit: '£' },
  { name: 'spendLearningSessions', description: 'Of which face-to-face learning sessions.', unit: '£' },
  { name: 'spendCalls', description: 'Of which remote calls and webinars.', unit: '£' },
  { name: 'costPerUnitImproved', description: 'Spend per unit of true improvement per member site (spend / (trueEffect x member sites)).', unit: '£ per outcome unit' },
];

export type Summary = Record<string, number | null>;

export function summarise(state: State, series: Series, sites: SiteResult[], atEnd: Snapshot | null, yearAfter: Snapshot | null): Summary {
  const sc = state.scenario;
  const o = sc.challenge.outcome;
  const direction = o.best >= o.baseline ? 1 : -1;
  const members = sites.filter((r) => r.role === 'member');
  const n = members.length;
  const values = (f: (r: SiteResult) => number | null) => members.map(f).filter((x): x is number => x !== null);
  const closedEnd = values((r) => r.gapClosedAtFundingEnd);
  const effectEnd = atEnd ? mean(values((r) => r.programmeEffectAtFundingEnd)) : null;
  const effectYear = yearAfter ? mean(values((r) => r.programmeEffectOneYearAfter)) : null;
  const gapEnd = atEnd ? mean(closedEnd) : null;
  const share = (count: number) => (n > 0 ? count / n : null);
  const shareAtEnd = (test: (r: SiteResult) => boolean) => (n > 0 && atEnd ? members.filter(test).length / n : null);
  const prog = state.programme;
  const spend = totalSpend(prog);
  const period = sc.data.feedbackIntervalWeeks;
  // Completers: the members still taking part whose data reached the programme in the last period.
  const completers = atEnd ? members.filter((r) => isCompleter(atEnd, r.site, period)) : [];
  const complete = atEnd ? completers.filter((r) => atEnd.completeness[r.site] >= sc.data.completeThreshold) : [];
  const effect = atEnd ? mean(members.map((r) => direction * (atEnd.trueValue[r.site] - atEnd.counterfactualValue[r.site]))) : null;
  const audits = atEnd ? evaluatorAudits(state, atEnd, members.map((r) => r.site)) : null;
  const estimates = atEnd && audits ? evaluatorEstimates(state, atEnd, audits, direction) : null;
  return {
    gapClosedAtFundingEnd: gapEnd,
    gapClosedOneYearAfter: yearAfter ? mean(values((r) => r.gapClosedOneYearAfter)) : null,
    programmeEffectAtFundingEnd: effectEnd,
    programmeEffectOneYearAfter: effectYear,
    sustainmentRatio: effectEnd !== null && effectYear !== null && effectEnd >= K.sustainmentMinimumEffect ? effectYear / effectEnd : null,
    finalGapClosed: n > 0 ? mean(members.map((r) => shareClosed(r.baseline, r.final, o.best))) : null,
    dropoutShare: share(members.filter((r) => r.dropWeek !== null && r.dropWeek < sc.time.fundingWeeks).length),
    passiveShare: shareAtEnd((r) => atEnd!.membership[r.site] === Membership.passive),
    sitesJoined: n,
    joinedShare: n / state.sites.invited,
    reportingSites: atEnd ? completers.length : null,
    reportingShare: atEnd && n > 0 ? completers.length / n : null,
    completeDataSites: atEnd ? complete.length : null,
    completeDataShare: atEnd && n > 0 ? complete.length / n : null,
    trueEffect: effect,
    trueEffectPerProtocol: atEnd ? mean(completers.map((r) => direction * (atEnd.trueValue[r.site] - atEnd.counterfactualValue[r.site]))) : null,
    didEstimate: estimates?.did ?? null,
    didPerProtocol: estimates?.didPerProtocol ?? null,
    prePostEstimate: estimates?.prePost ?? null,
    reportingGap: estimates?.flattery ?? null,
    spreadAcrossSites: atEnd && closedEnd.length > 1 ? standardDeviation(closedEnd) : null,
    giniAcrossSites: atEnd && closedEnd.length > 0 ? gini(closedEnd.map((x) => Math.max(0, x))) : null,
    shareTransformed: shareAtEnd((r) => r.category === 'transformed'),
    shareBoosted: shareAtEnd((r) => r.category === 'boosted'),
    shareLittleChange: shareAtEnd((r) => r.category === 'littleChange'),
    shareWorse: shareAtEnd((r) => r.category === 'worse'),
    shareSignificantGain: audits && n > 0 ? audits.filter((a) => significantGain(state, a, direction)).length / n : null,
    practiceAtFundingEnd: atEnd ? memberMean(state, atEnd.practiceIndex) : null,
    practiceOneYearAfter: yearAfter ? memberMean(state, yearAfter.practiceIndex) : null,
    completenessAtFundingEnd: atEnd ? mean(completers.map((r) => atEnd.completeness[r.site])) : null,
    weeksToHalfGain: atEnd && gapEnd !== null ? weeksToHalf(series, gapEnd, atEnd.week) : null,
    spend,
    spendBackfill: prog.spendBackfill,
    spendCoaching: prog.spendCoaching,
    spendLearningSessions: prog.spendLearningSessions,
    spendCalls: prog.spendCalls,
    costPerUnitImproved: effect !== null && effect > 0 && n > 0 ? spend / (effect * n) : null,
  };
}

/** A member still taking part at the snapshot whose data reached the programme in the last period. */
function isCompleter(at: Snapshot, s: number, period: number): boolean {
  const m = at.membership[s];
  return (m === Membership.active || m === Membership.passive) && at.lastReportWeek[s] >= at.week - period;
}

/**
 * What an evaluator estimates from measured data: each site's change from its week-0 measure to
 * its data at the end of funding. Intention to treat takes every site that joined: its data from
 * the last period (its own report, or the routine audit of a site that left), else the
 * evaluator's own audit at the end (a site that stopped sending usable data is still followed).
 * Per protocol takes the completers with their reports; comparison sites must have been measured
 * in the last period.
 */
function evaluatorEstimates(state: State, atEnd: Snapshot, audits: SiteAudit[], direction: number) {
  const sites = state.sites;
  const period = state.scenario.data.feedbackIntervalWeeks;
  const recent = atEnd.week - period;
  const endAudit = new Map(audits.map((a) => [a.site, a.after]));
  const itt: number[] = [];
  const perProtocol: number[] = [];
  const comparison: number[] = [];
  const flattery: number[] = [];
  for (let s = 0; s < sites.count; s++) {
    const first = sites.firstReportedValue[s];
    if (Number.isNaN(first)) continue;
    const isRecent = atEnd.lastReportWeek[s] >= recent && atEnd.lastReportWeek[s] > 0;
    if (atEnd.membership[s] === Membership.comparison) {
      if (isRecent) comparison.push(direction * (atEnd.reportedValue[s] - first));
    } else if (sites.joinWeek[s] >= 0) {
      const last = isRecent ? atEnd.reportedValue[s] : (endAudit.get(s) ?? NaN);
      if (!Number.isNaN(last)) itt.push(direction * (last - first));
      if (isRecent && isCompleter(atEnd, s, period)) {
        perProtocol.push(direction * (last - first));
        flattery.push(direction * (last - atEnd.trueValue[s]));
      }
    }
  }
  const prePost = mean(itt);
  const control = mean(comparison);
  const protocol = mean(perProtocol);
  return {
    did: prePost !== null && control !== null ? prePost - control : null,
    didPerProtocol: protocol !== null && control !== null ? protocol - control : null,
    prePost,
    flattery: mean(flattery),
  };
}

function mean(xs: number[]): number | null {
  return xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
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
  for (let w = 0; w <= endWeek; w++) if (column[rowOf(series, w)] >= gapEnd / 2) return w;
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
