/**
 * Lesson 9: use data wisely. Sites see their performance only through measurement (see
 * measurement.ts): counts with sampling noise, limited by data quality and completeness. After
 * each report a site perceives its gap to a benchmark (the programme's target, raised by the
 * top quartile of peers when sites are compared); feedback pulls staff toward the practice in
 * proportion to that gap and to how credible the data are (quality x observability x the
 * messenger's credibility x framing), so it helps low performers most. Measurement takes time
 * from improvement (lesson 4). Completeness rises with support and falls under surveillance
 * framing and, for low performers, under named league tables; gaming grows with accepted hard
 * pressure, surveillance and named tables where motivation is low, and opens a gap between
 * reported and true performance. Sites that keep monitoring after funding abandon less and
 * routinise more.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, logistic, logit, relax, saturating } from '../model/hazard.ts';
import { type State } from '../model/state.ts';
import { K } from '../model/constants.ts';

const { quantity, share, effect, choice, flag, section } = paramsFor({ lesson: 9 });

export const dataSchema = section('Data and feedback', 'What is measured, how it is fed back, and what measurement costs.', {
  feedbackToSites: flag({
    title: 'Feedback to sites',
    description: 'Whether sites receive their own data back (switch off to see what feedback adds).',
    default: true,
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
  qualityHalfHours: quantity({
    title: 'Hours for half the quality gain',
    description: 'Measurement hours per week that bring data quality half the way from what the site\'s systems give to the best.',
    unit: 'hours per week',
    min: 0.01,
    max: 1000,
    default: 1.5,
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
    description: 'How far reported performance can drift toward the best under strong, accepted pressure and surveillance.',
    default: 0.4,
  }),
  surveillanceReactance: share({
    title: 'Reactance to surveillance',
    description: 'Extra erosion of motivation under surveillance framing, relative to full hard pressure.',
    default: 0.3,
  }),
  effects: section('Data effects', 'How strongly feedback and monitoring shape practice and data.', {
    feedback: effect({ title: 'Feedback on adoption', description: 'Log hazard ratio of external pull per unit of credible perceived gap.', default: 3.0 }),
    feedbackPeer: effect({ title: 'Feedback on peer influence', description: 'Log hazard ratio of the peer route per unit of credible perceived gap (a visible gap gets colleagues talking).', default: 1.5 }),
    supportCompleteness: effect({ title: 'Support on completeness', description: 'Log odds of completeness per unit of vertical tie.', default: 2.0 }),
    surveillanceCompleteness: effect({ title: 'Surveillance on completeness', description: 'Log odds of completeness lost under surveillance framing.', default: 1.5 }),
    namedCompleteness: effect({ title: 'Named tables on completeness', description: 'Log odds of completeness lost by a low performer in named league tables.', default: 2.0 }),
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
  return infra + (1 - infra) * K.qualityFromMeasurement * saturating(p.measurementHoursPerWeek, p.qualityHalfHours);
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
  const surveillance = p.framing === 'surveillance';
  const named = p.comparison === 'named';
  const extraReactance = surveillance ? (p.surveillanceReactance * state.scenario.tactics.reactancePerYear) / 52 : 0;
  for (let s = 0; s < sites.invited; s++) {
    const presence = sites.presence[s];
    if (presence <= 0) continue;
    const position = reportedPosition(state, s);
    const lowPerformer = Number.isNaN(position) ? 0.5 : clamp(1 - position, 0, 1);
    const completenessTarget = logistic(
      logit(baseCompleteness(state, s)) +
        e.supportCompleteness * centred(sites.supportTie[s]) -
        (surveillance ? e.surveillanceCompleteness * (0.5 + sites.hardPressure[s]) : 0) -
        (named ? e.namedCompleteness * lowPerformer : 0),
    );
    sites.completeness[s] = relax(sites.completeness[s], completenessTarget, rate);
    const gamingTarget = clamp(
      p.gamingPropensity * sites.hardPressure[s] * (surveillance ? 1 : K.gamingUnderLearning) * (named ? K.gamingNamedTables : 1) * (1 - sites.meanMotivation[s]),
      0,
      1,
    );
    sites.gaming[s] = relax(sites.gaming[s], gamingTarget, rate);
    sites.reactanceRate[s] += extraReactance * presence;
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
