/**
 * The weekly series: one row per week, one column per metric. Row r is week firstWeek + r: the
 * first row is the state before the first step, week 0 the launch (weeks before it, a baseline
 * period, are negative). Member sites are the invited sites that have joined at some point (the
 * community, dropouts included); comparison sites were never invited.
 */
import {
  MEMBERSHIP_STATES,
  Membership,
  PARTNER_SLOTS,
  PRACTICE_COUNT,
  PRACTICE_STATES,
  Practice,
  totalSpend,
  type State,
} from '../model/state.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { Lesson } from '../scenario/param.ts';
import type { OutputMeta } from './output.ts';
import { medianInPlace } from '../stats/median.ts';

/** A series column's metadata (what travels with a series: to workers, over HTTP, into CSV headers). */
export type MetricColumn = OutputMeta<SeriesName>;

export interface Series {
  columns: MetricColumn[];
  /** One array per column, of length weeks - firstWeek + 1 (row r is week firstWeek + r). */
  values: Float64Array[];
  /** The first week recorded: 0, or minus the baseline period's length. */
  firstWeek: number;
  /** The last week recorded (the horizon). */
  weeks: number;
}

/** The row of a week in a series' columns. */
export function rowOf(series: Pick<Series, 'firstWeek'>, week: number): number {
  return week - series.firstWeek;
}

/** The index of a named column (-1 where the series lacks it, e.g. an adoption column of a group the scenario has not). */
export function columnIndex(series: Pick<Series, 'columns'>, name: SeriesName): number {
  return series.columns.findIndex((c) => c.name === name);
}

/** A named column's values, week by week (row r is week firstWeek + r). */
export function columnValues(series: Series, name: SeriesName): Float64Array {
  const k = columnIndex(series, name);
  if (k < 0) throw new Error(`the series has no column ${JSON.stringify(name)}`);
  return series.values[k];
}

/**
 * The mean of a column over weeks from..to (inclusive). A week without a value (no site asked
 * for support, say) is left out; NaN when no week has one.
 */
export function meanOverWeeks(series: Series, column: number, from: number, to: number): number {
  const values = series.values[column];
  let sum = 0;
  let n = 0;
  for (let w = from; w <= to; w++) {
    const v = values[rowOf(series, w)];
    if (Number.isNaN(v)) continue;
    sum += v;
    n++;
  }
  return n > 0 ? sum / n : NaN;
}

/** Sums and counts for one week's means (a fixed layout, so recording allocates nothing). */
const enum Acc {
  member, counterfactual, comparison, memberReported, comparisonReported, invited, invitedReported, gap, comparisonGap, effect, harm, practice,
  conflict, effort, capability, ties, completeness, gaming, pressure, support,
  belonging, motivation, fatigue, punitive, size,
}

/** One week's aggregates over the sites, which each column's value reads. */
interface Week {
  state: State;
  /** Means by Acc (NaN where nothing was averaged). */
  means: Float64Array;
  reportedMedian: number;
  /** Share of member sites' staff in each practice state. */
  stateShare: Float64Array;
  /** Share of member sites' staff of each professional group who practise. */
  groupAdoption: Float64Array;
  /** Sites in each membership state. */
  membership: Float64Array;
  reporting: number;
  complete: number;
}

/** A column's value from the week's aggregates (i: the member's index, for a family's columns). */
type Value = (w: Week, i: number) => number;
type SeriesEntry<N extends string> = OutputMeta<N> & { value: Value };
/** One column per member of a list the scenario or the model fixes (practice states, groups, membership states). */
interface SeriesFamily<P extends string> {
  prefix: P;
  /** The column for member m is `${prefix}${m}`. */
  members: (scenario: Scenario) => readonly string[];
  /** The docs' row for the whole family (`adoption_<group>`). */
  placeholder: string;
  title: (m: string) => string;
  description: (m: string) => string;
  familyDescription: string;
  unit: OutputMeta['unit'];
  better: OutputMeta['better'];
  lesson?: Lesson;
  bounds?: readonly [number, number];
  value: (w: Week, i: number) => number;
}

const mean = (k: Acc): Value => (w) => w.means[k];
const SHARE = [0, 1] as const;

/**
 * The weekly series, in column order: each column declared once, with what it measures and how
 * its value comes from the week's aggregates.
 */
const SERIES = [
  { name: 'phase', title: 'Phase', description: 'Phase of the programme: -1 before launch (baseline period), 0 recruitment, 1 funded activity, 2 after funding.', unit: 'code', better: null, value: (w) => phaseOf(w.state.scenario, w.state.week) },
  { name: 'memberTrue', title: 'Member sites (true)', description: 'Mean true performance of member sites.', unit: 'outcome unit', better: null, value: mean(Acc.member) },
  { name: 'memberCounterfactual', title: 'Member sites without the programme', description: "Mean of member sites' own no-programme paths (baseline, secular trend, their reorganisations).", unit: 'outcome unit', better: null, value: mean(Acc.counterfactual) },
  { name: 'comparisonTrue', title: 'Comparison sites', description: 'Mean true performance of comparison sites.', unit: 'outcome unit', better: null, value: mean(Acc.comparison) },
  { name: 'memberReported', title: 'Member sites (reported)', description: 'Mean of the latest reports of member sites still reporting.', unit: 'outcome unit', better: null, lesson: 9, value: mean(Acc.memberReported) },
  { name: 'memberReportedMedian', title: 'Member sites (reported, median)', description: 'Median of the latest reports of member sites still reporting (what programmes with skewed site figures publish).', unit: 'outcome unit', better: null, lesson: 9, value: (w) => w.reportedMedian },
  { name: 'comparisonReported', title: 'Comparison sites (measured)', description: 'Mean of the latest measurements of comparison sites.', unit: 'outcome unit', better: null, value: mean(Acc.comparisonReported) },
  { name: 'invitedTrue', title: 'Invited sites (true)', description: 'Mean true performance of every invited site (the intervention group of a time series, before and after launch).', unit: 'outcome unit', better: null, value: mean(Acc.invited) },
  { name: 'invitedReported', title: 'Invited sites (audited)', description: 'Mean of the latest data of every invited site measured in the last period: the routine audit of sites the programme does not reach (all of them before launch), the reports of those it does.', unit: 'outcome unit', better: null, value: mean(Acc.invitedReported) },
  { name: 'gapClosed', title: 'Share of the gap closed (member sites)', description: 'Mean share of their own baseline gap member sites have closed (true performance).', unit: 'share', better: 'higher', value: mean(Acc.gap) },
  { name: 'comparisonGapClosed', title: 'Share of the gap closed (comparison sites)', description: 'Mean share of their own baseline gap comparison sites have closed.', unit: 'share', better: null, value: mean(Acc.comparisonGap) },
  { name: 'programmeEffect', title: 'Gap closed by the programme', description: "Mean share of their own baseline gap the programme has closed at member sites (true performance less each site's no-programme path).", unit: 'share', better: 'higher', value: mean(Acc.effect) },
  { name: 'harm', title: 'Harm from the work of change', description: "Mean harm the programme's work does to care at member sites this week (change disruption, overload, fatigue), as a share of their gap.", unit: 'share', better: 'lower', value: mean(Acc.harm) },
  { name: 'practice', title: 'All staff (role-weighted)', description: "Mean role-weighted share of member sites' staff who practise.", unit: 'share', better: 'higher', bounds: SHARE, value: mean(Acc.practice) },
  {
    prefix: 'share_',
    members: () => PRACTICE_STATES,
    placeholder: 'share_<state>',
    title: (st) => `Staff ${st}`,
    description: (st) => `Share of member sites' staff whose practice state is ${st}.`,
    familyDescription: `Share of member sites' staff in each practice state (${PRACTICE_STATES.join(', ')}); one column per state.`,
    unit: 'share',
    better: null,
    bounds: SHARE,
    value: (w, i) => w.stateShare[i],
  },
  {
    prefix: 'adoption_',
    members: (sc) => sc.community.groups.map((g) => g.name),
    placeholder: 'adoption_<group>',
    title: (g) => g,
    description: (g) => `Share of member sites' ${g} staff who practise (trying, adopted or routine).`,
    familyDescription: "Share of member sites' staff in the group who practise (trying, adopted or routine); one column per professional group.",
    unit: 'share',
    better: 'higher',
    bounds: SHARE,
    value: (w, i) => w.groupAdoption[i],
  },
  {
    prefix: 'sites_',
    members: () => MEMBERSHIP_STATES,
    placeholder: 'sites_<state>',
    title: (m) => MEMBERSHIP_TITLES[m as MembershipName],
    description: (m) => `Number of sites whose membership state is ${m}.`,
    familyDescription: `Number of sites in each membership state (${MEMBERSHIP_STATES.join(', ')}); one column per state.`,
    unit: 'sites',
    better: null,
    lesson: 3,
    value: (w, i) => w.membership[i],
  },
  { name: 'sitesTakingPart', title: 'Member sites taking part', description: 'Member sites still taking part (onboarding, active or passive; after funding, those that keep measuring).', unit: 'sites', better: 'higher', lesson: 3, value: (w) => w.membership[Membership.onboarding] + w.membership[Membership.active] + w.membership[Membership.passive] },
  { name: 'sitesReporting', title: 'Member sites reporting', description: 'Member sites whose data reached the programme in the last period.', unit: 'sites', better: 'higher', lesson: 9, value: (w) => w.reporting },
  { name: 'sitesCompleteData', title: 'Member sites with complete data', description: 'Member sites whose data in the last period were complete (completeness at least data.completeThreshold).', unit: 'sites', better: 'higher', lesson: 9, value: (w) => w.complete },
  { name: 'belonging', title: 'Belonging', description: "Mean belonging of member sites' staff.", unit: 'level', better: 'higher', lesson: 6, bounds: SHARE, value: mean(Acc.belonging) },
  { name: 'motivation', title: 'Motivation', description: "Mean intrinsic motivation of member sites' staff.", unit: 'level', better: 'higher', lesson: 8, bounds: SHARE, value: mean(Acc.motivation) },
  { name: 'fatigue', title: 'Fatigue', description: "Mean fatigue of member sites' staff.", unit: 'level', better: 'lower', lesson: 4, bounds: SHARE, value: mean(Acc.fatigue) },
  { name: 'conflict', title: 'Conflict', description: 'Mean conflict level at member sites.', unit: 'level', better: 'lower', lesson: 7, bounds: SHARE, value: mean(Acc.conflict) },
  { name: 'marginalisedGroups', title: 'Marginalised groups', description: 'Number of professional groups whose voice falls short of their work.', unit: 'groups', better: 'lower', lesson: 7, value: (w) => marginalisedGroups(w.state) },
  { name: 'hardPressure', title: 'Accepted hard pressure', description: 'Mean accepted hard pressure at sites the programme reaches.', unit: 'level', better: null, lesson: 8, bounds: SHARE, value: mean(Acc.pressure) },
  { name: 'perceivedPunitiveness', title: 'Perceived punitiveness', description: 'Mean perceived punitiveness of the programme at sites it reaches (unaccepted hard tactics, surveillance framing, punitive history).', unit: 'level', better: 'lower', lesson: 8, bounds: SHARE, value: mean(Acc.punitive) },
  { name: 'coreLoad', title: 'Core team load', description: 'Demand on the core team as a share of its capacity (above 1: a queue).', unit: 'ratio', better: null, lesson: 2, value: (w) => coreLoad(w.state) },
  { name: 'supportHoursPerSite', title: 'Support hours per site', description: 'Mean core-team hours per week received by sites the programme reaches.', unit: 'hours per week', better: null, lesson: 2, value: mean(Acc.support) },
  { name: 'supportMet', title: 'Support met', description: 'Share of the support sites ask for that the core team gives this week (1 when it has time for all).', unit: 'share', better: 'higher', lesson: 2, bounds: SHARE, value: (w) => supportMet(w.state) },
  { name: 'mediationHours', title: 'Mediation hours', description: 'Core-team hours this week spent mediating conflict and on inclusion.', unit: 'hours per week', better: null, lesson: 7, value: (w) => w.state.programme.mediationHours + w.state.programme.inclusionHours },
  { name: 'effort', title: 'Improvement effort', description: 'Mean improvement effort of member sites.', unit: 'level', better: null, lesson: 4, bounds: SHARE, value: mean(Acc.effort) },
  { name: 'capability', title: 'Improvement capability', description: 'Mean improvement capability of member sites.', unit: 'level', better: 'higher', lesson: 10, bounds: SHARE, value: mean(Acc.capability) },
  { name: 'completeness', title: 'Data completeness', description: 'Mean data completeness of sites the programme reaches.', unit: 'share', better: 'higher', lesson: 9, bounds: SHARE, value: mean(Acc.completeness) },
  { name: 'gaming', title: 'Gaming of reports', description: 'Mean gaming of reports at sites the programme reaches.', unit: 'level', better: 'lower', lesson: 9, bounds: SHARE, value: mean(Acc.gaming) },
  { name: 'ties', title: 'Ties between sites', description: "Mean total strength of member sites' ties to other sites.", unit: 'tie strength', better: 'higher', lesson: 6, value: mean(Acc.ties) },
  { name: 'theoryQuality', title: 'Quality of the theory of change', description: 'Quality of the intervention as currently emphasised (theory of change).', unit: 'level', better: 'higher', lesson: 5, bounds: SHARE, value: (w) => w.state.programme.theoryQuality },
  { name: 'spend', title: 'Spend so far', description: 'Money spent so far.', unit: '£', better: null, lesson: 4, value: (w) => totalSpend(w.state.programme) },
] as const satisfies ReadonlyArray<SeriesEntry<string> | SeriesFamily<string>>;

type SeriesItem = (typeof SERIES)[number];
type PracticeStateName = (typeof PRACTICE_STATES)[number];
type MembershipName = (typeof MEMBERSHIP_STATES)[number];
/** Every series column's name: a typo is a compile error (a group's adoption column takes the group's name). */
export type SeriesName = Extract<SeriesItem, { name: string }>['name'] | `share_${PracticeStateName}` | `sites_${MembershipName}` | `adoption_${string}`;

const MEMBERSHIP_TITLES: Record<MembershipName, string> = {
  invited: 'Invited, not joined',
  onboarding: 'Onboarding',
  active: 'Active',
  passive: 'Passive (little part, still reporting)',
  droppedOut: 'Dropped out',
  lapsed: 'Stopped after funding',
  comparison: 'Comparison sites',
};

function isFamily(item: SeriesEntry<string> | SeriesFamily<string>): item is SeriesFamily<string> {
  return 'prefix' in item;
}

/** Each column of a scenario's series with the function that records its value. */
function expandSeries(scenario: Scenario): Array<{ column: MetricColumn; value: (w: Week) => number }> {
  const out: Array<{ column: MetricColumn; value: (w: Week) => number }> = [];
  for (const item of SERIES as ReadonlyArray<SeriesEntry<string> | SeriesFamily<string>>) {
    if (!isFamily(item)) {
      const { value, ...meta } = item;
      out.push({ column: meta as MetricColumn, value: (w) => value(w, 0) });
      continue;
    }
    item.members(scenario).forEach((m, i) => {
      const column: MetricColumn = { name: `${item.prefix}${m}` as SeriesName, title: item.title(m), description: item.description(m), unit: item.unit, better: item.better };
      if (item.lesson !== undefined) column.lesson = item.lesson;
      if (item.bounds) column.bounds = item.bounds;
      out.push({ column, value: (w) => item.value(w, i) });
    });
  }
  return out;
}

/** A series column as the docs list it: one row per column, a family (per group, per state) as one row. */
export interface SeriesDocRow {
  name: string;
  unit: OutputMeta['unit'];
  description: string;
  better: OutputMeta['better'];
  lesson?: Lesson;
}

export function seriesDocRows(): SeriesDocRow[] {
  return (SERIES as ReadonlyArray<SeriesEntry<string> | SeriesFamily<string>>).map((item) =>
    isFamily(item)
      ? { name: item.placeholder, unit: item.unit, description: item.familyDescription, better: item.better, lesson: item.lesson }
      : { name: item.name, unit: item.unit, description: item.description, better: item.better, lesson: item.lesson },
  );
}

export function seriesColumns(scenario: Scenario): MetricColumn[] {
  return expandSeries(scenario).map((c) => c.column);
}

export interface SeriesRecorder {
  series: Series;
  /** Record the state as it stands (at the start of week state.week, the end of the one before). */
  record(state: State): void;
}

/** A series and the working arrays that let each week be recorded without allocating. */
export function createRecorder(scenario: Scenario): SeriesRecorder {
  const expanded = expandSeries(scenario);
  const weeks = scenario.time.weeks;
  const firstWeek = -scenario.time.preWeeks;
  const series: Series = { columns: expanded.map((c) => c.column), values: expanded.map(() => new Float64Array(weeks - firstWeek + 1)), firstWeek, weeks };
  const values = expanded.map((c) => c.value);
  const G = scenario.community.groups.length;
  const work: Work = {
    sum: new Float64Array(Acc.size),
    n: new Float64Array(Acc.size),
    states: new Float64Array(PRACTICE_COUNT),
    groupPractising: new Float64Array(G),
    groupStaff: new Float64Array(G),
    reported: new Float64Array(0),
    week: {
      state: undefined as unknown as State,
      means: new Float64Array(Acc.size),
      reportedMedian: NaN,
      stateShare: new Float64Array(PRACTICE_COUNT),
      groupAdoption: new Float64Array(G),
      membership: new Float64Array(MEMBERSHIP_STATES.length),
      reporting: 0,
      complete: 0,
    },
  };
  return {
    series,
    record: (state) => {
      const week = aggregateWeek(work, state);
      const row = rowOf(series, state.week);
      for (let c = 0; c < values.length; c++) series.values[c][row] = values[c](week);
    },
  };
}

interface Work {
  sum: Float64Array;
  n: Float64Array;
  states: Float64Array;
  groupPractising: Float64Array;
  groupStaff: Float64Array;
  /** Scratch for the week's member reports (for their median), grown to the number of sites. */
  reported: Float64Array;
  week: Week;
}

/** The week's aggregates over the sites (one pass, into the recorder's own arrays). */
function aggregateWeek(work: Work, state: State): Week {
  const sc = state.scenario;
  const sites = state.sites;
  const G = state.siteGroups.groups;
  const best = sc.challenge.outcome.best;
  const { sum, n, states: stateCounts, groupPractising, groupStaff } = work;
  const week = work.week;
  const membership = week.membership;
  sum.fill(0);
  n.fill(0);
  stateCounts.fill(0);
  groupPractising.fill(0);
  groupStaff.fill(0);
  membership.fill(0);
  if (work.reported.length < sites.count) work.reported = new Float64Array(sites.count);
  const reported = work.reported;
  let reports = 0;
  let reporting = 0;
  let complete = 0;
  const recent = state.week - sc.data.feedbackIntervalWeeks;
  const completeThreshold = sc.data.completeThreshold;
  const add = (k: Acc, x: number, w: number) => {
    sum[k] += x * w;
    n[k] += w;
  };
  for (let s = 0; s < sites.count; s++) {
    membership[sites.membership[s]] += 1;
    const closed = shareClosed(sites.baselineValue[s], sites.trueValue[s], best);
    if (sites.membership[s] === Membership.comparison) {
      add(Acc.comparison, sites.trueValue[s], 1);
      add(Acc.comparisonGap, closed, 1);
      if (!Number.isNaN(sites.reportedValue[s])) add(Acc.comparisonReported, sites.reportedValue[s], 1);
      continue;
    }
    add(Acc.invited, sites.trueValue[s], 1);
    if (sites.lastReportWeek[s] >= recent) add(Acc.invitedReported, sites.reportedValue[s], 1);
    if (sites.presence[s] > 0) {
      add(Acc.completeness, sites.completeness[s], 1);
      add(Acc.gaming, sites.gaming[s], 1);
      add(Acc.pressure, sites.hardPressure[s], 1);
      add(Acc.punitive, sites.perceivedPunitiveness[s], 1);
      add(Acc.support, sites.supportHours[s], 1);
      if (!Number.isNaN(sites.reportedValue[s])) {
        add(Acc.memberReported, sites.reportedValue[s], 1);
        reported[reports++] = sites.reportedValue[s];
      }
      // As the summary counts them: members past onboarding whose report of the last period came
      // in (the launch's audit of week 0 is the evaluator's, not a report).
      const m = sites.membership[s];
      if ((m === Membership.active || m === Membership.passive) && sites.lastReportWeek[s] >= recent && sites.lastReportWeek[s] > 0) {
        reporting++;
        if (sites.completeness[s] >= completeThreshold) complete++;
      }
    }
    if (sites.joinWeek[s] < 0) continue;
    add(Acc.member, sites.trueValue[s], 1);
    add(Acc.counterfactual, sites.counterfactualValue[s], 1);
    add(Acc.gap, closed, 1);
    add(Acc.effect, shareClosed(sites.baselineValue[s], sites.trueValue[s], best) - shareClosed(sites.baselineValue[s], sites.counterfactualValue[s], best), 1);
    add(Acc.harm, sites.harm[s], 1);
    add(Acc.practice, sites.practiceIndex[s], 1);
    add(Acc.conflict, sites.conflict[s], 1);
    add(Acc.effort, sites.effort[s], 1);
    add(Acc.capability, sites.capability[s], 1);
    let strength = 0;
    for (let k = s * PARTNER_SLOTS; k < (s + 1) * PARTNER_SLOTS; k++) strength += sites.tieStrength[k];
    add(Acc.ties, strength, 1);
    const staff = sites.staffCount[s];
    add(Acc.belonging, sites.meanBelonging[s], staff);
    add(Acc.motivation, sites.meanMotivation[s], staff);
    add(Acc.fatigue, sites.meanFatigue[s], staff);
  }
  const counts = state.groups.memberPractice;
  for (let g = 0; g < G; g++) {
    const base = g * PRACTICE_COUNT;
    for (let st = 0; st < PRACTICE_COUNT; st++) {
      stateCounts[st] += counts[base + st];
      groupStaff[g] += counts[base + st];
    }
    groupPractising[g] = counts[base + Practice.trying] + counts[base + Practice.adopted] + counts[base + Practice.routinised];
  }
  for (let k = 0; k < Acc.size; k++) week.means[k] = n[k] > 0 ? sum[k] / n[k] : NaN;
  let staffTotal = 0;
  for (let st = 0; st < PRACTICE_COUNT; st++) staffTotal += stateCounts[st];
  for (let st = 0; st < PRACTICE_COUNT; st++) week.stateShare[st] = staffTotal > 0 ? stateCounts[st] / staffTotal : NaN;
  for (let g = 0; g < G; g++) week.groupAdoption[g] = groupStaff[g] > 0 ? groupPractising[g] / groupStaff[g] : NaN;
  week.state = state;
  week.reportedMedian = medianInPlace(reported, reports);
  week.reporting = reporting;
  week.complete = complete;
  return week;
}

function marginalisedGroups(state: State): number {
  let marginalised = 0;
  for (let g = 0; g < state.siteGroups.groups; g++) if (state.groups.marginalisation[g] > 0) marginalised++;
  return marginalised;
}

function coreLoad(state: State): number {
  const prog = state.programme;
  return prog.coreCapacity > 0 ? prog.coreDemand / prog.coreCapacity : prog.coreDemand > 0 ? Infinity : 0;
}

function supportMet(state: State): number {
  const prog = state.programme;
  return prog.coreDemandSites > 0 ? Math.min(1, Math.max(0, prog.coreCapacity - prog.mediationHours - prog.inclusionHours) / prog.coreDemandSites) : NaN;
}

/** Phase of the programme in a week: -1 before launch, 0 recruitment (until the last wave's window closes), 1 funded activity, 2 after funding. */
export function phaseOf(scenario: Scenario, week: number): number {
  const funding = scenario.time.fundingWeeks;
  if (week < 0) return -1;
  if (week >= funding) return 2;
  return week < recruitmentEnds(scenario) ? 0 : 1;
}

/** The week the last wave's recruitment window closes. */
export function recruitmentEnds(scenario: Scenario): number {
  const launch = scenario.recruitment.waves.reduce((last, w) => Math.max(last, w.launchWeek), 0);
  return launch + scenario.time.recruitmentWeeks;
}

/** Share of a site's own baseline gap that is closed at this value (either direction of better). */
export function shareClosed(baseline: number, value: number, best: number): number {
  const gap = best - baseline;
  return gap === 0 ? 0 : (value - baseline) / gap;
}
