/**
 * Lesson 9, measurement: how true performance becomes reported performance. Once per feedback
 * period each reporting site draws its measure from the cases it captured: a percentage from a
 * binomial audit, a rate from a Poisson count of events over its exposure. Capture is limited by
 * completeness (below a usable level the period's report is lost); poor data quality adds
 * relative error; gaming moves the reported value toward the best achievable (never past it).
 * Member sites report while the programme reaches them; every other site (comparison sites,
 * invited sites before launch or that never joined, members that left or stopped measuring) is
 * measured by an evaluator's audit (the routine data a national audit holds for every unit: the
 * completeness the site's systems give, no gaming), so an evaluation can follow every site. The week-0 measurement of every site is the
 * evaluator's baseline. Each member report sets the site's feedback: its credible perceived gap to
 * the benchmark.
 */
import { binomial, normal, poisson } from '../random/distributions.ts';
import { clamp } from '../model/hazard.ts';
import type { State } from '../model/state.ts';
import type { Rng } from '../random/streams.ts';
import { baseCompleteness, reportedPosition } from './data.ts';
import { commonality } from './context.ts';
import { isHigherBetter } from './challenge.ts';
import { K } from '../model/constants.ts';
import { fastExp } from '../math/fast.ts';

/** How well one period's measure at a site separates a change of half the gap from noise, 0..1. */
export function observabilityOf(state: State, s: number): number {
  const o = state.scenario.challenge.outcome;
  const cases = state.sites.casesPerWeek[s] * state.scenario.data.feedbackIntervalWeeks * 0.8;
  const signal = Math.abs(o.best - o.baseline) / 2;
  const noise = samplingSd(state, state.sites.baselineValue[s], cases);
  return signal > 0 ? (signal * signal) / (signal * signal + noise * noise) : 0;
}

/** Standard deviation of one period's measured value from sampling alone. */
function samplingSd(state: State, value: number, cases: number): number {
  const o = state.scenario.challenge.outcome;
  if (cases <= 0) return Infinity;
  if (o.measure === 'percent') {
    const p = clamp(value / 100, 0, 1);
    return 100 * Math.sqrt(Math.max(p * (1 - p), 1 / (4 * cases)) / cases);
  }
  if (o.measure === 'continuous') return o.caseSpread / Math.sqrt(cases);
  const events = Math.max((value / o.ratePer) * cases, 0.5);
  return (Math.sqrt(events) / cases) * o.ratePer;
}

/** Measure every invited and comparison site before the programme starts (week 0). */
export function measureBaseline(state: State): void {
  const sites = state.sites;
  for (let s = 0; s < sites.count; s++) {
    sites.completeness[s] = baseCompleteness(state, s);
    measure(state, s, false);
  }
  setFeedback(state);
}

/** At the end of each feedback period, measure every site that reports or that an evaluator audits. */
export function stepMeasurement(state: State): void {
  // (-0 === 0, so this holds for the weeks before launch too.)
  if ((state.week + 1) % state.scenario.data.feedbackIntervalWeeks !== 0) return;
  const sites = state.sites;
  // Every site the programme does not reach (before launch, never joined, left, lapsed, or a
  // comparison site) is in the routine audit, so the same sites are followed throughout.
  for (let s = 0; s < sites.count; s++) {
    measure(state, s, sites.presence[s] > 0);
  }
  if (state.week >= 0) setFeedback(state);
}

/**
 * One period's measure of site s: the programme's report (its own completeness, open to gaming),
 * or an evaluator's audit (the completeness the site's systems give, no gaming).
 */
export function measure(state: State, s: number, byProgramme: boolean): void {
  const p = state.scenario.data;
  const o = state.scenario.challenge.outcome;
  const sites = state.sites;
  const completeness = byProgramme ? sites.completeness[s] : baseCompleteness(state, s);
  if (completeness < p.minimumCompleteness) return;
  const cases = sites.casesPerWeek[s] * p.feedbackIntervalWeeks * completeness;
  const observed = observe(state, state.streams.measurement, sites.trueValue[s], cases, sites.dataQuality[s]);
  if (Number.isNaN(observed)) return;
  // Gaming flatters a report toward the best achievable, never past it.
  const worse = isHigherBetter(state.scenario.challenge) ? observed < o.best : observed > o.best;
  const reported = byProgramme && worse ? observed + sites.gaming[s] * (o.best - observed) : observed;
  if (Number.isNaN(sites.firstReportedValue[s]) && state.week >= 0) sites.firstReportedValue[s] = reported;
  sites.reportedValue[s] = reported;
  sites.lastReportWeek[s] = state.week;
}

/**
 * An observed value of true performance from `cases` captured cases (or exposure days): sampling
 * noise of the measure's kind, then relative error where data quality is poor. NaN when there is
 * nothing to measure.
 */
export function observe(state: State, rng: Rng, truth: number, cases: number, dataQuality: number): number {
  const o = state.scenario.challenge.outcome;
  let observed: number;
  if (o.measure === 'percent') {
    const n = Math.round(cases);
    if (n < 1) return NaN;
    observed = (100 * binomial(rng, n, clamp(truth / 100, 0, 1))) / n;
  } else if (o.measure === 'rate') {
    if (cases <= 0) return NaN;
    observed = (poisson(rng, (truth / o.ratePer) * cases) / cases) * o.ratePer;
  } else {
    const n = Math.round(cases);
    if (n < 1) return NaN;
    observed = Math.max(0, normal(rng, truth, o.caseSpread / Math.sqrt(n)));
  }
  observed *= fastExp(normal(rng, 0, state.scenario.data.errorSpread * (1 - dataQuality)));
  return o.measure === 'percent' ? Math.min(observed, 100) : observed;
}

/** Feedback for each member site from its latest report, against the programme's benchmark. */
function setFeedback(state: State): void {
  const sites = state.sites;
  const p = state.scenario.data;
  const coreCredibility = state.scenario.coreTeam.credibility;
  const positions: number[] = [];
  for (let s = 0; s < sites.invited; s++) {
    if (sites.presence[s] > 0 && sites.lastReportWeek[s] === state.week) positions.push(reportedPosition(state, s));
  }
  let benchmark = p.target;
  if (p.comparison !== 'none' && positions.length > 0) {
    positions.sort((a, b) => a - b);
    const topQuartile = positions[Math.min(positions.length - 1, Math.floor(0.75 * positions.length))];
    const floor = K.comparisonFloor;
    benchmark += Math.max(0, topQuartile - p.target) * (floor + (1 - floor) * commonality(state.scenario));
  }
  const framing = p.framing === 'surveillance' ? K.surveillanceCredibility : 1;
  const messenger = K.messengerFloor + (1 - K.messengerFloor) * coreCredibility;
  for (let s = 0; s < sites.invited; s++) {
    // Feedback comes with fresh data: a site whose report was lost this period gets none.
    if (sites.presence[s] <= 0 || sites.lastReportWeek[s] !== state.week) {
      sites.feedback[s] = 0;
      continue;
    }
    const gap = clamp(benchmark - reportedPosition(state, s), 0, 1);
    const credibility = sites.dataQuality[s] * sites.observability[s] * messenger * framing;
    sites.feedback[s] = credibility * gap;
  }
}
