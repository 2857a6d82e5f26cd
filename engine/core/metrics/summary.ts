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
import { Membership, costAfterFunding, fullCost, totalSpend, type State } from '../model/state.ts';
import { K } from '../model/constants.ts';
import type { Snapshot } from './snapshot.ts';
import type { Series } from './series.ts';
import { columnValues, rowOf, shareClosed } from './series.ts';
import type { SiteResult } from './site-results.ts';
import { evaluatorAudits, significantGain, type SiteAudit } from './evaluation.ts';
import type { OutputMeta } from './output.ts';
import type { Scenario } from '../scenario/schema.ts';

/** What a summary metric needs of a design to exist at all (a card says so instead of a bare n/a). */
export type SummaryNeed = 'fundingEnd' | 'yearAfter' | 'comparison' | 'sustainment' | 'improvement';

/** A summary metric's metadata (what CSV headers, docs, cards and comparisons read). */
interface SummaryMeta<N extends string> extends OutputMeta<N> {
  needs: readonly SummaryNeed[];
  /** Its place among the studio's outcome cards (the questions a designer asks of a design), if it has one. */
  card?: number;
}
export type SummaryMetric = SummaryMeta<SummaryName>;

/** Everything the metrics share, computed once per run. */
interface Context {
  state: State;
  series: Series;
  members: SiteResult[];
  n: number;
  atEnd: Snapshot | null;
  yearAfter: Snapshot | null;
  closedEnd: number[];
  gapEnd: number | null;
  effectEnd: number | null;
  effectYear: number | null;
  completers: SiteResult[];
  complete: SiteResult[];
  direction: number;
  effect: number | null;
  audits: SiteAudit[] | null;
  estimates: ReturnType<typeof evaluatorEstimates> | null;
}

type Entry = Omit<SummaryMeta<string>, 'needs'> & { needs?: readonly SummaryNeed[]; value: (c: Context) => number | null };

const SHARE = [0, 1] as const;
/** A count or an amount: never below 0. */
const COUNT = [0, Infinity] as const;
const END: readonly SummaryNeed[] = ['fundingEnd'];
const YEAR: readonly SummaryNeed[] = ['fundingEnd', 'yearAfter'];
const share = (c: Context, count: number) => (c.n > 0 ? count / c.n : null);
const shareAtEnd = (c: Context, test: (r: SiteResult) => boolean) => (c.n > 0 && c.atEnd ? c.members.filter(test).length / c.n : null);

/** The per-run summary, in column order: each metric declared once, with how it is computed. */
const SUMMARY = [
  { name: 'gapClosedAtFundingEnd', title: 'Gap closed by the end of funding', description: 'Mean share of their own baseline gap member sites closed by the end of funding (true performance, secular trend included).', unit: 'share', better: 'higher', needs: END, value: (c) => c.gapEnd },
  { name: 'gapClosedOneYearAfter', title: 'Gap closed a year after funding', description: 'The same, one year after the funding ended.', unit: 'share', better: 'higher', needs: YEAR, value: (c) => (c.yearAfter ? mean(memberValues(c, (r) => r.gapClosedOneYearAfter)) : null) },
  { name: 'programmeEffectAtFundingEnd', title: 'Gap closed by the programme', description: "Mean share of their own baseline gap the programme closed at member sites by the end of funding: true performance less each site's own no-programme path (net of the secular trend).", unit: 'share', better: 'higher', needs: END, card: 1, value: (c) => c.effectEnd },
  { name: 'programmeEffectOneYearAfter', title: 'Gap closed by the programme, a year after funding', description: "The programme's share of the gap closed, one year after the funding ended (net of the secular trend).", unit: 'share', better: 'higher', needs: YEAR, card: 2, value: (c) => c.effectYear },
  {
    name: 'sustainmentRatio',
    title: 'Gains sustained',
    description: 'Programme effect a year after funding divided by the programme effect at its end (1 = fully sustained; net of the trend, so a trend cannot make a decaying programme look sustained; none where the effect at the end is below 5% of the gap, as a ratio of next to nothing says nothing).',
    unit: 'ratio',
    format: 'percent',
    // A community that gains little has little to lose after funding: a higher ratio is not by itself better.
    better: null,
    needs: ['fundingEnd', 'yearAfter', 'sustainment'],
    card: 3,
    value: (c) => (c.effectEnd !== null && c.effectYear !== null && c.effectEnd >= K.sustainmentMinimumEffect ? c.effectYear / c.effectEnd : null),
  },
  { name: 'finalGapClosed', title: 'Gap closed at the horizon', description: 'Mean share of their baseline gap member sites had closed at the horizon.', unit: 'share', better: 'higher', value: (c) => (c.n > 0 ? mean(c.members.map((r) => shareClosed(r.baseline, r.final, c.state.scenario.challenge.outcome.best))) : null) },
  { name: 'dropoutShare', title: 'Sites dropping out', description: 'Share of member sites that dropped out before the funding ended.', unit: 'share', better: 'lower', lesson: 3, bounds: SHARE, card: 4, value: (c) => share(c, c.members.filter((r) => r.dropWeek !== null && r.dropWeek < c.state.scenario.time.fundingWeeks).length) },
  { name: 'passiveShare', title: 'Sites taking part passively', description: 'Share of member sites taking part only passively at the end of funding: they attend little but still report, perhaps incompletely (stress moves sites down to passive; belonging and support bring them back).', unit: 'share', better: 'lower', lesson: 6, bounds: SHARE, needs: END, card: 5, value: (c) => shareAtEnd(c, (r) => c.atEnd!.membership[r.site] === Membership.passive) },
  { name: 'sitesJoined', title: 'Sites that joined', description: 'Number of invited sites that joined.', unit: 'sites', better: 'higher', bounds: COUNT, lesson: 3, value: (c) => c.n },
  { name: 'joinedShare', title: 'Invited sites that joined', description: 'Share of invited sites that joined.', unit: 'share', better: 'higher', lesson: 3, bounds: SHARE, value: (c) => c.n / c.state.sites.invited },
  { name: 'reportingSites', title: 'Member sites reporting', description: 'Member sites whose data reached the programme in the last period of funding.', unit: 'sites', better: 'higher', bounds: COUNT, lesson: 9, needs: END, value: (c) => (c.atEnd ? c.completers.length : null) },
  { name: 'reportingShare', title: 'Member sites reporting (share)', description: 'The same, as a share of member sites.', unit: 'share', better: 'higher', lesson: 9, bounds: SHARE, needs: END, value: (c) => (c.atEnd && c.n > 0 ? c.completers.length / c.n : null) },
  { name: 'completeDataSites', title: 'Member sites with complete data', description: 'Member sites sending complete data (at least the completeness threshold of their cases) in the last period of funding.', unit: 'sites', better: 'higher', bounds: COUNT, lesson: 9, needs: END, value: (c) => (c.atEnd ? c.complete.length : null) },
  { name: 'completeDataShare', title: 'Member sites with complete data (share)', description: 'The same, as a share of member sites.', unit: 'share', better: 'higher', lesson: 9, bounds: SHARE, needs: END, value: (c) => (c.atEnd && c.n > 0 ? c.complete.length / c.n : null) },
  { name: 'trueEffect', title: 'The true effect', description: "Mean true improvement of every member site at the end of funding beyond its own no-programme path, in the outcome's unit: positive is better, whichever way the outcome runs (the effect an intention-to-treat evaluation estimates; the simulation knows it).", unit: 'outcome unit', better: 'higher', needs: END, card: 10, value: (c) => c.effect },
  { name: 'trueEffectPerProtocol', title: 'The true effect on completers', description: 'The same, on the completers: member sites still taking part at the end of funding whose data reached the programme in its last period.', unit: 'outcome unit', better: 'higher', needs: END, value: (c) => (c.atEnd ? mean(c.completers.map((r) => c.direction * (c.atEnd!.trueValue[r.site] - c.atEnd!.counterfactualValue[r.site]))) : null) },
  { name: 'didEstimate', title: 'What an evaluator would estimate', description: "Difference in differences an evaluator estimates on every site that joined (intention to treat): change from the baseline measure to each site's latest data at the end of funding (its own reports, or an evaluator's audit of a site that left), against comparison sites.", unit: 'outcome unit', better: null, lesson: 9, needs: ['fundingEnd', 'comparison'], card: 9, value: (c) => c.estimates?.did ?? null },
  { name: 'didPerProtocol', title: "An evaluator's estimate on completers", description: 'The same on completers only: member sites still taking part and reporting at the end of funding.', unit: 'outcome unit', better: null, lesson: 9, needs: ['fundingEnd', 'comparison'], value: (c) => c.estimates?.didPerProtocol ?? null },
  { name: 'prePostEstimate', title: 'A before-after estimate', description: 'Before-after change an evaluator without comparison sites would report, on every site that joined.', unit: 'outcome unit', better: null, lesson: 9, needs: END, value: (c) => c.estimates?.prePost ?? null },
  { name: 'reportingGap', title: 'Reports flattering care', description: "Mean amount by which member sites' reports flatter their true performance at the end of funding.", unit: 'outcome unit', better: 'lower', lesson: 9, needs: END, value: (c) => c.estimates?.flattery ?? null },
  { name: 'spreadAcrossSites', title: 'Spread across sites', description: 'Standard deviation across member sites of the share of gap closed at the end of funding (sites that all fail are evenly spread, so a smaller spread is not by itself better).', unit: 'share', better: null, needs: END, card: 8, value: (c) => (c.atEnd && c.closedEnd.length > 1 ? standardDeviation(c.closedEnd) : null) },
  { name: 'giniAcrossSites', title: 'Inequality across sites', description: 'Gini coefficient across member sites of the share of gap closed at the end of funding (0 equal, 1 all in one site).', unit: 'index', better: null, lesson: 4, bounds: SHARE, needs: END, value: (c) => (c.atEnd && c.closedEnd.length > 0 ? gini(c.closedEnd.map((x) => Math.max(0, x))) : null) },
  { name: 'shareTransformed', title: 'Sites transformed', description: 'Share of member sites the programme transformed by the end of funding (its effect closed at least the transformed threshold of their own gap; every site that joined counts).', unit: 'share', better: 'higher', bounds: SHARE, needs: END, value: (c) => shareAtEnd(c, (r) => r.category === 'transformed') },
  { name: 'shareBoosted', title: 'Sites boosted', description: 'Share of member sites the programme boosted (its effect between the boosted and transformed thresholds).', unit: 'share', better: null, bounds: SHARE, needs: END, value: (c) => shareAtEnd(c, (r) => r.category === 'boosted') },
  { name: 'shareLittleChange', title: 'Sites changing little', description: 'Share of member sites the programme changed little: its effect below the boosted threshold of their own gap against their path without it, but not harmful; dropouts included (every site that joined counts, as an evaluation does).', unit: 'share', better: 'lower', bounds: SHARE, needs: END, card: 6, value: (c) => shareAtEnd(c, (r) => r.category === 'littleChange') },
  { name: 'shareWorse', title: 'Sites made worse', description: 'Share of member sites where care ended worse than on their own no-programme path, by at least the worse threshold of their gap (the dip of change, overload, fatigue).', unit: 'share', better: 'lower', bounds: SHARE, needs: END, card: 7, value: (c) => shareAtEnd(c, (r) => r.category === 'worse') },
  {
    name: 'shareSignificantGain',
    title: 'Sites with a significant gain',
    description: "Share of member sites whose change from baseline to the end of funding tests as a significant improvement (p < 0.05) in an evaluator's audits of a quarter's cases before and after (simulated, with sampling noise): a two-proportion z test for a percentage, a Poisson rate test for a rate, a z test of means for a continuous measure.",
    unit: 'share',
    better: 'higher',
    lesson: 9,
    bounds: SHARE,
    needs: END,
    value: (c) => (c.audits && c.n > 0 ? c.audits.filter((a) => significantGain(c.state, a, c.direction)).length / c.n : null),
  },
  { name: 'practiceAtFundingEnd', title: 'Staff practising at the end of funding', description: "Mean role-weighted share of member sites' staff practising at the end of funding.", unit: 'share', better: 'higher', bounds: SHARE, needs: END, value: (c) => (c.atEnd ? memberMean(c.state, c.atEnd.practiceIndex) : null) },
  { name: 'practiceOneYearAfter', title: 'Staff practising a year after funding', description: 'The same, one year after the funding ended.', unit: 'share', better: 'higher', bounds: SHARE, needs: YEAR, value: (c) => (c.yearAfter ? memberMean(c.state, c.yearAfter.practiceIndex) : null) },
  { name: 'completenessAtFundingEnd', title: 'Data completeness at the end of funding', description: 'Mean data completeness of member sites reporting at the end of funding.', unit: 'share', better: 'higher', lesson: 9, bounds: SHARE, needs: END, value: (c) => (c.atEnd ? mean(c.completers.map((r) => c.atEnd!.completeness[r.site])) : null) },
  { name: 'weeksToHalfGain', title: 'Weeks to half the gain', description: 'Weeks until member sites had closed half the gap they closed by the end of funding.', unit: 'weeks', better: 'lower', bounds: COUNT, lesson: 2, needs: ['fundingEnd', 'improvement'], value: (c) => (c.atEnd && c.gapEnd !== null ? weeksToHalf(c.series, c.gapEnd, c.atEnd.week) : null) },
  { name: 'spend', title: 'Spend', description: 'Money spent over the funded period.', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => totalSpend(c.state.programme) },
  { name: 'spendBackfill', title: 'Spend on backfill', description: 'Of which backfill (protected time at sites).', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendBackfill },
  { name: 'spendCoaching', title: 'Spend on coaching', description: 'Of which coaching of sites.', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendCoaching },
  { name: 'spendLearningSessions', title: 'Spend on learning sessions', description: 'Of which face-to-face learning sessions.', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendLearningSessions },
  { name: 'spendCalls', title: 'Spend on calls', description: 'Of which remote calls and webinars.', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendCalls },
  { name: 'spendEventVenues', title: 'Spend on event venues', description: 'Of the spend on learning sessions and calls: venues, catering and materials, and running remote sessions.', unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendEventVenues },
  { name: 'spendEventTravel', title: 'Spend on travel to events', description: "Of the spend on learning sessions: the sites' travel to them.", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendEventTravel },
  { name: 'spendEventTimeAway', title: 'Spend on time away at events', description: "Of the spend on learning sessions and calls: backfill of the sites' staff time away from care to attend.", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.spendEventTimeAway },
  {
    name: 'costFull',
    title: 'Full cost',
    description: "Everything the funded period cost: the funder's spend (backfill, coaching, events), the budget's overhead (its share not allocated to those), the core team's time and the member sites' own time (protected improvement time and data collection), at the rates of the costs section.",
    unit: '£',
    better: null,
    bounds: COUNT,
    lesson: 4,
    value: (c) => fullCost(c.state.programme),
  },
  { name: 'costOverhead', title: 'Overhead', description: "Of which the budget's share not allocated to backfill, coaching or events.", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.costOverhead },
  { name: 'costCoreTeam', title: 'Core-team time', description: "Of which the core team's hours, at the cost of core-team time (paid beside the budget).", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.costCoreTeam },
  { name: 'costSiteTime', title: 'Sites\' own time', description: "Of which member sites' own staff time on the programme: protected improvement time and data collection, in proportion to how far each takes part (paid by the sites).", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => c.state.programme.costSiteTime },
  { name: 'costAfterFunding', title: 'Cost after funding', description: "What the programme went on costing from the end of funding to the horizon: the core team's post-funding hours and the sites' own time while they kept taking part (nothing of the budget).", unit: '£', better: null, bounds: COUNT, lesson: 4, value: (c) => costAfterFunding(c.state.programme) },
  { name: 'costFullPerUnitImproved', title: 'Full cost per unit improved', description: 'Full cost per unit of true improvement per member site (costFull / (trueEffect x member sites)): costPerUnitImproved with every cost counted.', unit: '£ per outcome unit', better: 'lower', bounds: COUNT, lesson: 4, needs: ['fundingEnd', 'improvement'], value: (c) => (c.effect !== null && c.effect > 0 && c.n > 0 ? fullCost(c.state.programme) / (c.effect * c.n) : null) },
  {
    name: 'careImproved',
    title: 'Care improved',
    description: "Cases whose care the programme improved over the funded period, in the outcome's own unit: every site that joined (dropouts included), every week, its true performance less its no-programme path (in the better direction) times its cases. For a percentage, patients who received the care because of the programme; for a rate, events avoided (exposure days / ratePer); for a continuous measure, the measure summed over cases (waiting days saved, say).",
    unit: 'cases',
    better: 'higher',
    lesson: 4,
    value: (c) => c.state.programme.careImproved,
  },
  { name: 'careImprovedAfter', title: 'Care improved after funding', description: 'The same, from the end of funding to the horizon: what the programme went on buying once its money stopped.', unit: 'cases', better: 'higher', lesson: 4, value: (c) => c.state.programme.careImprovedAfter },
  {
    name: 'costPerCaseImproved',
    title: 'Cost per case improved',
    description: 'Full cost of the funded period per case whose care it improved (costFull / careImproved): per patient who received the care because of the programme, per event avoided, per unit of a continuous measure. Empty when the programme improved no care.',
    unit: '£ per case',
    better: 'lower',
    bounds: COUNT,
    lesson: 4,
    needs: ['improvement'],
    card: 11,
    value: (c) => (c.state.programme.careImproved > 0 ? fullCost(c.state.programme) / c.state.programme.careImproved : null),
  },
  {
    name: 'costPerCaseImprovedToHorizon',
    title: 'Cost per case improved, to the horizon',
    description: 'Every cost to the horizon per case improved to the horizon ((costFull + costAfterFunding) / (careImproved + careImprovedAfter)): gains that last make a programme cheaper per case.',
    unit: '£ per case',
    better: 'lower',
    bounds: COUNT,
    lesson: 4,
    value: (c) => {
      const p = c.state.programme;
      const care = p.careImproved + p.careImprovedAfter;
      return care > 0 ? (fullCost(p) + costAfterFunding(p)) / care : null;
    },
  },
  { name: 'costPerUnitImproved', title: 'Cost per unit improved', description: 'Spend per unit of true improvement per member site (spend / (trueEffect x member sites)).', unit: '£ per outcome unit', better: 'lower', bounds: COUNT, lesson: 4, needs: ['fundingEnd', 'improvement'], value: (c) => (c.effect !== null && c.effect > 0 && c.n > 0 ? totalSpend(c.state.programme) / (c.effect * c.n) : null) },
] as const satisfies readonly Entry[];

/** Every summary metric's name: a typo is a compile error. */
export type SummaryName = (typeof SUMMARY)[number]['name'];

/** One run's summary: every metric, in catalogue order; null where it cannot be computed. */
export type Summary = Record<SummaryName, number | null>;

/** The summary metrics' metadata, in column order. */
export const SUMMARY_METRICS: readonly SummaryMetric[] = SUMMARY.map((entry: Entry) => {
  const { value: _value, ...meta } = entry;
  return { ...meta, needs: meta.needs ?? [] } as SummaryMetric;
});

const BY_NAME = new Map(SUMMARY_METRICS.map((m) => [m.name as string, m]));

/** A summary metric's metadata by name (undefined for a name that is not one). */
export function summaryMetric(name: string): SummaryMetric | undefined {
  return BY_NAME.get(name);
}

/** A metric's value by a name read from a file (checked against the catalogue when the file was read): null if it has none. */
export function summaryValue(summary: Summary, name: string): number | null {
  return BY_NAME.has(name) ? summary[name as SummaryName] : null;
}

/** The studio's outcome cards, in their order. */
export function cardMetrics(): SummaryMetric[] {
  return SUMMARY_METRICS.filter((m) => m.card !== undefined).sort((a, b) => a.card! - b.card!);
}

/**
 * Why a metric cannot exist for a design, or null if it can. A design-level reason names the
 * setting to change; a run-level one (no improvement to measure) says so.
 */
export function whyUnavailable(metric: SummaryMetric, scenario: Scenario): string | null {
  const t = scenario.time;
  for (const need of metric.needs) {
    if (need === 'fundingEnd' && t.weeks < t.fundingWeeks) return `The run stops ${t.fundingWeeks - t.weeks} weeks before funding ends (time.weeks).`;
    if (need === 'yearAfter' && t.weeks < t.fundingWeeks + 52) return `The run stops ${t.weeks - t.fundingWeeks} weeks after funding ends; it needs 52 (time.weeks).`;
    if (need === 'comparison' && scenario.recruitment.comparisonSites === 0) return 'This design has no comparison sites (recruitment.comparisonSites).';
  }
  if (metric.needs.includes('sustainment')) return `Not given where the programme closed less than ${100 * K.sustainmentMinimumEffect}% of the gap by the end of funding (or no site joined): there is too little to sustain.`;
  if (metric.needs.includes('improvement')) return 'Not given where member sites did not improve: there is nothing to count it against.';
  return null;
}

export function summarise(state: State, series: Series, sites: SiteResult[], atEnd: Snapshot | null, yearAfter: Snapshot | null): Summary {
  const sc = state.scenario;
  const o = sc.challenge.outcome;
  const direction = o.best >= o.baseline ? 1 : -1;
  const members = sites.filter((r) => r.role === 'member');
  const c: Context = {
    state,
    series,
    members,
    n: members.length,
    atEnd,
    yearAfter,
    closedEnd: [],
    gapEnd: null,
    effectEnd: null,
    effectYear: null,
    completers: [],
    complete: [],
    direction,
    effect: null,
    audits: null,
    estimates: null,
  };
  c.closedEnd = memberValues(c, (r) => r.gapClosedAtFundingEnd);
  c.effectEnd = atEnd ? mean(memberValues(c, (r) => r.programmeEffectAtFundingEnd)) : null;
  c.effectYear = yearAfter ? mean(memberValues(c, (r) => r.programmeEffectOneYearAfter)) : null;
  c.gapEnd = atEnd ? mean(c.closedEnd) : null;
  if (atEnd) {
    const period = sc.data.feedbackIntervalWeeks;
    // Completers: the members still taking part whose data reached the programme in the last period.
    c.completers = members.filter((r) => isCompleter(atEnd, r.site, period));
    c.complete = c.completers.filter((r) => atEnd.completeness[r.site] >= sc.data.completeThreshold);
    c.effect = mean(members.map((r) => direction * (atEnd.trueValue[r.site] - atEnd.counterfactualValue[r.site])));
    c.audits = evaluatorAudits(state, atEnd, members.map((r) => r.site));
    c.estimates = evaluatorEstimates(state, atEnd, c.audits, direction);
  }
  const summary = {} as Summary;
  for (const m of SUMMARY as readonly Entry[]) summary[m.name as SummaryName] = m.value(c);
  return summary;
}

function memberValues(c: Context, f: (r: SiteResult) => number | null): number[] {
  return c.members.map(f).filter((x): x is number => x !== null);
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
  const column = columnValues(series, 'gapClosed');
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
