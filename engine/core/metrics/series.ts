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
import { medianInPlace } from '../stats/median.ts';

export interface MetricColumn {
  name: string;
  description: string;
  unit: string;
}

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

const UNIT_SHARE = 'share (0 to 1)';

export function seriesColumns(scenario: Scenario): MetricColumn[] {
  const unit = 'outcome unit';
  const columns: MetricColumn[] = [
    { name: 'phase', description: 'Phase of the programme: -1 before launch (baseline period), 0 recruitment, 1 funded activity, 2 after funding.', unit: 'code' },
    { name: 'memberTrue', description: 'Mean true performance of member sites.', unit },
    { name: 'memberCounterfactual', description: 'Mean of member sites\' own no-programme paths (baseline, secular trend, their reorganisations).', unit },
    { name: 'comparisonTrue', description: 'Mean true performance of comparison sites.', unit },
    { name: 'memberReported', description: 'Mean of the latest reports of member sites still reporting.', unit },
    { name: 'memberReportedMedian', description: 'Median of the latest reports of member sites still reporting (what programmes with skewed site figures publish).', unit },
    { name: 'comparisonReported', description: 'Mean of the latest measurements of comparison sites.', unit },
    { name: 'invitedTrue', description: 'Mean true performance of every invited site (the intervention group of a time series, before and after launch).', unit },
    { name: 'invitedReported', description: 'Mean of the latest data of every invited site measured in the last period: the routine audit of sites the programme does not reach (all of them before launch), the reports of those it does.', unit },
    { name: 'gapClosed', description: 'Mean share of their own baseline gap member sites have closed (true performance).', unit: UNIT_SHARE },
    { name: 'comparisonGapClosed', description: 'Mean share of their own baseline gap comparison sites have closed.', unit: UNIT_SHARE },
    { name: 'programmeEffect', description: 'Mean share of their own baseline gap the programme has closed at member sites (true performance less each site\'s no-programme path).', unit: UNIT_SHARE },
    { name: 'harm', description: 'Mean harm the programme\'s work does to care at member sites this week (change disruption, overload, fatigue), as a share of their gap.', unit: UNIT_SHARE },
    { name: 'practice', description: 'Mean role-weighted share of member sites\' staff who practise.', unit: UNIT_SHARE },
  ];
  for (const st of PRACTICE_STATES) {
    columns.push({ name: `share_${st}`, description: `Share of member sites' staff whose practice state is ${st}.`, unit: UNIT_SHARE });
  }
  for (const g of scenario.community.groups) {
    columns.push({ name: `adoption_${g.name}`, description: `Share of member sites' ${g.name} staff who practise (trying, adopted or routine).`, unit: UNIT_SHARE });
  }
  for (const m of MEMBERSHIP_STATES) {
    columns.push({ name: `sites_${m}`, description: `Number of sites whose membership state is ${m}.`, unit: 'sites' });
  }
  columns.push(
    { name: 'sitesTakingPart', description: 'Member sites still taking part (onboarding, active or passive; after funding, those that keep measuring).', unit: 'sites' },
    { name: 'sitesReporting', description: 'Member sites whose data reached the programme in the last period.', unit: 'sites' },
    { name: 'sitesCompleteData', description: 'Member sites whose data in the last period were complete (completeness at least data.completeThreshold).', unit: 'sites' },
    { name: 'belonging', description: 'Mean belonging of member sites\' staff.', unit: UNIT_SHARE },
    { name: 'motivation', description: 'Mean intrinsic motivation of member sites\' staff.', unit: UNIT_SHARE },
    { name: 'fatigue', description: 'Mean fatigue of member sites\' staff.', unit: UNIT_SHARE },
    { name: 'conflict', description: 'Mean conflict level at member sites.', unit: UNIT_SHARE },
    { name: 'marginalisedGroups', description: 'Number of professional groups whose voice falls short of their work.', unit: 'groups' },
    { name: 'hardPressure', description: 'Mean accepted hard pressure at sites the programme reaches.', unit: UNIT_SHARE },
    { name: 'perceivedPunitiveness', description: 'Mean perceived punitiveness of the programme at sites it reaches (unaccepted hard tactics, surveillance framing, punitive history).', unit: UNIT_SHARE },
    { name: 'coreLoad', description: 'Demand on the core team as a share of its capacity (above 1: a queue).', unit: 'ratio' },
    { name: 'supportHoursPerSite', description: 'Mean core-team hours per week received by sites the programme reaches.', unit: 'hours per week' },
    { name: 'supportMet', description: 'Share of the support sites ask for that the core team gives this week (1 when it has time for all).', unit: UNIT_SHARE },
    { name: 'mediationHours', description: 'Core-team hours this week spent mediating conflict and on inclusion.', unit: 'hours per week' },
    { name: 'effort', description: 'Mean improvement effort of member sites.', unit: UNIT_SHARE },
    { name: 'capability', description: 'Mean improvement capability of member sites.', unit: UNIT_SHARE },
    { name: 'completeness', description: 'Mean data completeness of sites the programme reaches.', unit: UNIT_SHARE },
    { name: 'gaming', description: 'Mean gaming of reports at sites the programme reaches.', unit: UNIT_SHARE },
    { name: 'ties', description: 'Mean total strength of member sites\' ties to other sites.', unit: 'tie strength' },
    { name: 'theoryQuality', description: 'Quality of the intervention as currently emphasised (theory of change).', unit: UNIT_SHARE },
    { name: 'spend', description: 'Money spent so far.', unit: '£' },
  );
  return columns;
}

export function createSeries(scenario: Scenario): Series {
  const columns = seriesColumns(scenario);
  const weeks = scenario.time.weeks;
  const firstWeek = -scenario.time.preWeeks;
  return { columns, values: columns.map(() => new Float64Array(weeks - firstWeek + 1)), firstWeek, weeks };
}

export interface SeriesRecorder {
  series: Series;
  /** Record the state as it stands (at the start of week state.week, the end of the one before). */
  record(state: State): void;
}

/** A series and the working arrays that let each week be recorded without allocating. */
export function createRecorder(scenario: Scenario): SeriesRecorder {
  const series = createSeries(scenario);
  const G = scenario.community.groups.length;
  const work: Work = {
    sum: new Float64Array(Acc.size),
    n: new Float64Array(Acc.size),
    states: new Float64Array(PRACTICE_COUNT),
    groupPractising: new Float64Array(G),
    groupStaff: new Float64Array(G),
    membership: new Float64Array(MEMBERSHIP_STATES.length),
    reported: new Float64Array(0),
  };
  return { series, record: (state) => recordWeek(series, work, state, rowOf(series, state.week)) };
}

interface Work {
  sum: Float64Array;
  n: Float64Array;
  states: Float64Array;
  groupPractising: Float64Array;
  groupStaff: Float64Array;
  membership: Float64Array;
  /** Scratch for the week's member reports (for their median), grown to the number of sites. */
  reported: Float64Array;
}

/** Sums and counts for one week's means (a fixed layout, so recording allocates nothing). */
const enum Acc {
  member, counterfactual, comparison, memberReported, comparisonReported, invited, invitedReported, gap, comparisonGap, effect, harm, practice,
  conflict, effort, capability, ties, completeness, gaming, pressure, support,
  belonging, motivation, fatigue, punitive, size,
}

function recordWeek(series: Series, work: Work, state: State, row: number): void {
  const sc = state.scenario;
  const sites = state.sites;
  const sg = state.siteGroups;
  const G = sg.groups;
  const best = sc.challenge.outcome.best;
  const { sum, n, states: stateCounts, groupPractising, groupStaff, membership } = work;
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
  const mean = (k: Acc) => (n[k] > 0 ? sum[k] / n[k] : NaN);
  const out = series.values;
  let c = 0;
  const put = (v: number) => {
    out[c++][row] = v;
  };
  put(phaseOf(sc, state.week));
  put(mean(Acc.member));
  put(mean(Acc.counterfactual));
  put(mean(Acc.comparison));
  put(mean(Acc.memberReported));
  put(medianInPlace(reported, reports));
  for (const k of [Acc.comparisonReported, Acc.invited, Acc.invitedReported, Acc.gap, Acc.comparisonGap, Acc.effect, Acc.harm, Acc.practice]) put(mean(k));
  let staffTotal = 0;
  for (let st = 0; st < PRACTICE_COUNT; st++) staffTotal += stateCounts[st];
  for (let st = 0; st < PRACTICE_COUNT; st++) put(staffTotal > 0 ? stateCounts[st] / staffTotal : NaN);
  for (let g = 0; g < G; g++) put(groupStaff[g] > 0 ? groupPractising[g] / groupStaff[g] : NaN);
  for (let m = 0; m < MEMBERSHIP_STATES.length; m++) put(membership[m]);
  put(membership[Membership.onboarding] + membership[Membership.active] + membership[Membership.passive]);
  put(reporting);
  put(complete);
  put(mean(Acc.belonging));
  put(mean(Acc.motivation));
  put(mean(Acc.fatigue));
  put(mean(Acc.conflict));
  let marginalised = 0;
  for (let g = 0; g < G; g++) if (state.groups.marginalisation[g] > 0) marginalised++;
  put(marginalised);
  put(mean(Acc.pressure));
  put(mean(Acc.punitive));
  const prog = state.programme;
  put(prog.coreCapacity > 0 ? prog.coreDemand / prog.coreCapacity : prog.coreDemand > 0 ? Infinity : 0);
  put(mean(Acc.support));
  put(prog.coreDemandSites > 0 ? Math.min(1, Math.max(0, prog.coreCapacity - prog.mediationHours - prog.inclusionHours) / prog.coreDemandSites) : NaN);
  put(prog.mediationHours + prog.inclusionHours);
  put(mean(Acc.effort));
  put(mean(Acc.capability));
  put(mean(Acc.completeness));
  put(mean(Acc.gaming));
  put(mean(Acc.ties));
  put(prog.theoryQuality);
  put(totalSpend(prog));
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
