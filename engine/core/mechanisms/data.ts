/**
 * Lesson 9: use data wisely. Sites see their performance only through measurement (see
 * measurement.ts): counts with sampling noise, limited by data quality and completeness. After
 * each report a site perceives its gap to a benchmark (the programme's target, raised by the
 * top quartile of peers when sites are compared); feedback pulls staff toward the practice in
 * proportion to that gap and to how credible the data are (quality x observability x the
 * messenger's credibility x framing), so it helps low performers most. Measurement takes time
 * from improvement (lesson 4) but buys usable data: a site that spends no time on its data sends
 * incomplete reports. Completeness rises with support and measurement time and falls where staff
 * perceive the programme as punitive (lesson 8: surveillance framing, unaccepted hard tactics, a
 * punitive history), at passive sites and, for low performers, under named league tables;
 * gaming grows with perceived punitiveness and named tables where motivation is low, and opens a
 * gap between reported and true performance. Sites that keep monitoring after funding abandon
 * less and routinise more.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, logistic, logit, relax, saturating } from '../model/hazard.ts';
import { Membership, type State } from '../model/state.ts';
import { K } from '../model/constants.ts';

const { quantity, share, effect, choice, flag, section } = paramsFor({ lesson: 9 });

export const dataSchema = section('Data and feedback', 'What is measured, how it is fed back, and what measurement costs.', {
  feedbackToSites: flag({
    title: 'Feedback to sites',
    description: 'Whether sites receive their own data back (switch off to see what feedback adds).',
    default: true,
  }),
  routineAudit: flag({
    title: 'Routine national audit',
    description: 'Whether the measure is part of a standing national audit or registry that sites submit to whatever the programme does (ASCQI\'s clinical performance indicators, AAAQIP\'s National Vascular Database). A site in one never stops reporting: where it would leave the programme it goes passive instead, and it keeps measuring after the funding ends.',
    default: false,
  }),
  feedbackIntervalWeeks: quantity({
    title: 'Feedback interval',
    description: 'Weeks in one measurement period; each site reports and receives feedback once per period.',
    unit: 'weeks',
    min: 1,
    max: 52,
    default: 4,
    integer: true,
  }),
  framing: choice({
    title: 'Framing',
    description: 'Data presented for learning, or used for surveillance and performance management.',
    options: ['learning', 'surveillance'],
    default: 'learning',
    neutral: 'learning',
  }),
  comparison: choice({
    title: 'Comparison',
    description: 'Whether sites see others\' performance: not at all, anonymously, or in named league tables.',
    options: ['none', 'anonymous', 'named'],
    default: 'anonymous',
    neutral: 'none',
  }),
  measurementHoursPerWeek: quantity({
    title: 'Measurement burden',
    description: 'Hours per week a member site spends collecting and submitting data.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 2,
  }),
  usefulMeasurementHours: quantity({
    title: 'Measurement that is improvement',
    description: 'Hours per week of measuring that a site\'s own improvement work needs (studying its own data); up to them measuring is improving, beyond them it is burden that takes time from improvement.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 1.5,
  }),
  qualityHalfHours: quantity({
    title: 'Hours for half the quality gain',
    description: 'Measurement hours per week that bring data quality half the way from what the site\'s systems give to the best.',
    unit: 'hours per week',
    min: 0.01,
    max: 1000,
    default: 1,
  }),
  errorSpread: share({
    title: 'Measurement error',
    description: 'Relative error of a reported value where data quality is zero.',
    default: 0.2,
  }),
  minimumCompleteness: share({
    title: 'Usable completeness',
    description: 'Completeness below which a site\'s report for a period is unusable.',
    default: 0.3,
  }),
  completeThreshold: share({
    title: 'Complete data',
    description: 'Completeness at which a site\'s data count as complete (for the count of sites sending complete data).',
    default: 0.7,
  }),
  target: share({
    title: 'Target',
    description: 'The programme\'s target, as a share of the gap between the average baseline and the best achievable.',
    default: 0.8,
  }),
  monitoringAfterFunding: share({
    title: 'Monitoring after funding',
    description: 'Chance that an average active site keeps measuring once the funding ends (more likely with strong leadership and routine).',
    default: 0.7,
  }),
  postFundingPull: share({
    title: 'Pull while monitoring',
    description: 'External pull at a site that keeps monitoring after funding, relative to the funded period.',
    default: 0.3,
  }),
  gamingPropensity: share({
    title: 'Gaming',
    description: 'How far reported performance can drift toward the best where staff perceive the programme as fully punitive and own none of it.',
    default: 0.4,
  }),
  surveillancePerception: share({
    title: 'Surveillance read as punitive',
    description: 'How far surveillance framing makes the programme look punitive to staff (it adds to perceived punitiveness, with unaccepted hard tactics and a punitive history).',
    default: 0.5,
  }),
  effects: section('Data effects', 'How strongly feedback and monitoring shape practice and data.', {
    feedback: effect({ title: 'Feedback on adoption', description: 'Log hazard ratio of external pull per unit of credible perceived gap.', default: 3.0 }),
    feedbackPeer: effect({ title: 'Feedback on peer influence', description: 'Log hazard ratio of the peer route per unit of credible perceived gap (a visible gap gets colleagues talking).', default: 1.5 }),
    timeCompleteness: effect({ title: 'Measurement time on completeness', description: 'Log odds of completeness per unit of measurement time (saturating, at the hours for half the quality gain), about its midpoint: no time loses half of it, ample time gains half.', default: 4.0 }),
    supportCompleteness: effect({ title: 'Support on completeness', description: 'Log odds of completeness per unit of vertical tie.', default: 2.0 }),
    punitiveCompleteness: effect({ title: 'Perceived punitiveness on completeness', description: 'Log odds of completeness lost per unit of perceived punitiveness (staff hold back data they expect to be used against them).', default: 2.0 }),
    namedCompleteness: effect({ title: 'Named tables on completeness', description: 'Log odds of completeness lost by a low performer in named league tables.', default: 1.5 }),
    passiveCompleteness: effect({ title: 'Passivity on completeness', description: 'Log odds of completeness lost at a passive site (it still reports, but less of its cases).', default: 1.5 }),
    monitoringAbandon: effect({ title: 'Monitoring on abandonment', description: 'Log hazard ratio of abandonment lost while a site keeps measuring.', default: 1.0 }),
    monitoringRoutine: effect({ title: 'Monitoring on routine', description: 'Log hazard ratio of routinisation while a site keeps measuring.', default: 0.7 }),
    leadershipMonitoring: effect({ title: 'Leadership on monitoring', description: 'Log odds of monitoring after funding per unit of leadership support.', default: 2.0 }),
    routineMonitoring: effect({ title: 'Routine on monitoring', description: 'Log odds of monitoring after funding per unit share of routinised staff.', default: 2.0 }),
  }),
});

/** Data quality: what the site's systems give, raised toward 1 by time spent measuring. */
export function dataQualityOf(state: State, s: number): number {
  const p = state.scenario.data;
  const infra = state.sites.dataInfrastructure[s];
  return infra + (1 - infra) * K.qualityFromMeasurement * saturating(state.sites.measurementHours[s], p.qualityHalfHours);
}

/** Hours of measurement a week at site s beyond what its own improvement work needs: burden. */
export function measurementBurdenHours(state: State, s: number): number {
  return Math.max(0, state.sites.measurementHours[s] - state.scenario.data.usefulMeasurementHours);
}

/** Completeness an evaluator's audit reaches where the programme does not support the site. */
export function baseCompleteness(state: State, s: number): number {
  return K.completenessFloor + K.completenessInfrastructure * state.sites.dataInfrastructure[s];
}

/** Where a report puts a site between the average baseline (0) and the best achievable (1). */
export function reportedPosition(state: State, s: number): number {
  const o = state.scenario.challenge.outcome;
  const v = state.sites.reportedValue[s];
  return Number.isNaN(v) || o.best === o.baseline ? NaN : (v - o.baseline) / (o.best - o.baseline);
}

export function stepData(state: State): void {
  const p = state.scenario.data;
  const e = p.effects;
  const sites = state.sites;
  const sg = state.siteGroups;
  const G = sg.groups;
  const rate = 1 / K.dataWeeks;
  const named = p.comparison === 'named';
  for (let s = 0; s < sites.invited; s++) {
    const presence = sites.presence[s];
    if (presence <= 0) continue;
    const measuredTime = saturating(sites.measurementHours[s], p.qualityHalfHours);
    const position = reportedPosition(state, s);
    const lowPerformer = Number.isNaN(position) ? 0.5 : clamp(1 - position, 0, 1);
    const completenessTarget = logistic(
      logit(baseCompleteness(state, s)) +
        e.supportCompleteness * centred(sites.supportTie[s]) +
        e.timeCompleteness * centred(measuredTime) -
        e.punitiveCompleteness * sites.perceivedPunitiveness[s] -
        (named ? e.namedCompleteness * lowPerformer : 0) -
        (sites.membership[s] === Membership.passive ? e.passiveCompleteness : 0),
    );
    sites.completeness[s] = relax(sites.completeness[s], completenessTarget, rate);
    // Gaming is the answer of staff who feel judged and do not own the work.
    const gamingTarget = clamp(p.gamingPropensity * sites.perceivedPunitiveness[s] * (named ? K.gamingNamedTables : 1) * (1 - sites.meanMotivation[s]), 0, 1);
    sites.gaming[s] = relax(sites.gaming[s], gamingTarget, rate);
    const pull = p.feedbackToSites ? e.feedback * sites.feedback[s] : 0;
    const talk = p.feedbackToSites ? e.feedbackPeer * sites.feedback[s] : 0;
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      sg.etaExternal[j] += pull;
      sg.etaPeer[j] += talk;
      sg.etaDecay[j] -= e.monitoringAbandon;
      sg.etaRoutine[j] += e.monitoringRoutine;
    }
  }
}

/** Chance an active site keeps measuring after the funding ends. */
export function monitoringChance(state: State, s: number, routinisedShare: number): number {
  const p = state.scenario.data;
  return logistic(
    logit(p.monitoringAfterFunding) +
      p.effects.leadershipMonitoring * centred(state.sites.leadership[s]) +
      p.effects.routineMonitoring * centred(routinisedShare),
  );
}
