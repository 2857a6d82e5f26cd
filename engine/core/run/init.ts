/**
 * init(scenario, seed) -> state: draws the sites, their staff and networks, and sets every
 * mechanism's starting state. All draws come from streams named by purpose, in a fixed order,
 * so the population does not change when a tactic or a data setting does (common random numbers
 * across the arms of a comparison).
 */
import type { Scenario } from '../scenario/schema.ts';
import { stream } from '../random/streams.ts';
import { betaMeanSd, normal, shuffle } from '../random/distributions.ts';
import { clamp } from '../model/hazard.ts';
import { K } from '../model/constants.ts';
import { buildNetwork } from '../model/network.ts';
import { exponentialClock } from '../math/fast.ts';
import {
  Membership,
  NEVER_BEFORE,
  PARTNER_SLOTS,
  PRACTICE_COUNT,
  Practice,
  StaffFlag,
  GROUP_SHIFT,
  STAFF_STRIDE,
  TRAIT_STRIDE,
  StaffField,
  practiceWeights,
  type SiteState,
  type StaffState,
  type State,
  type Streams,
} from '../model/state.ts';
import { drawPerson, leaveWeekAfter, turnoverProbability } from '../mechanisms/practice.ts';
import { createKernelScratch } from '../model/kernel-scratch.ts';
import { initialTheory } from '../mechanisms/theory-of-change.ts';
import { initialVoice, statusDistance } from '../mechanisms/conflict.ts';
import { fundingPerSite } from '../mechanisms/resources.ts';
import { localFit, appointChampion } from '../mechanisms/context.ts';
import { dataQualityOf } from '../mechanisms/data.ts';
import { measureBaseline, observabilityOf } from '../mechanisms/measurement.ts';
import { updatePerformance } from '../mechanisms/performance.ts';
import { updatePresence } from '../mechanisms/recruitment.ts';
import * as dmath from '../math/deterministic.ts';

const PURPOSES = [
  'sites', 'staff', 'network', 'recruitment', 'shocks', 'practice',
  'turnover', 'measurement', 'events', 'conflict', 'learning', 'monitoring', 'standards',
] as const;

export function createStreams(seed: number): Streams {
  return Object.fromEntries(PURPOSES.map((p) => [p, stream(seed, p)])) as unknown as Streams;
}

export function init(scenario: Scenario, seed: number): State {
  const streams = createStreams(seed);
  const sites = createSites(scenario, streams);
  const staffTotal = sites.staffStart[sites.count - 1] + sites.staffCount[sites.count - 1];
  const G = scenario.community.groups.length;
  const state: State = {
    scenario,
    seed,
    week: -scenario.time.preWeeks,
    sites,
    staff: allocateStaff(staffTotal),
    siteGroups: {
      groups: G,
      staffCount: new Int32Array(sites.count * G),
      practiceCount: new Int32Array(sites.count * G * PRACTICE_COUNT),
      etaExternal: new Float64Array(sites.count * G),
      etaPeer: new Float64Array(sites.count * G),
      etaPressure: new Float64Array(sites.count * G),
      etaTrial: new Float64Array(sites.count * G),
      etaDecay: new Float64Array(sites.count * G),
      etaRoutine: new Float64Array(sites.count * G),
      belongingLoss: new Float64Array(sites.count * G),
    },
    groups: {
      memberPractice: new Int32Array(G * PRACTICE_COUNT),
      workShare: new Float64Array(G),
      voice: new Float64Array(G),
      marginalisation: new Float64Array(G),
      status: Float64Array.from(scenario.community.groups, (g) => g.status),
      practiceRole: Float64Array.from(scenario.community.groups, (g) => g.practiceRole),
    },
    programme: {
      theoryWeights: new Float64Array(scenario.theoryOfChange.components.length),
      theoryQuality: 0,
      lastReviewWeek: 0,
      coreCapacity: 0,
      coreDemand: 0,
      coreDemandSites: 0,
      mediationHours: 0,
      inclusionHours: 0,
      spendBackfill: 0,
      spendCoaching: 0,
      spendLearningSessions: 0,
      spendCalls: 0,
      spendEventVenues: 0,
      spendEventTravel: 0,
      spendEventTimeAway: 0,
      costOverhead: 0,
      costCoreTeam: 0,
      costSiteTime: 0,
      costCoreTeamAfter: 0,
      costSiteTimeAfter: 0,
      careImproved: 0,
      careImprovedAfter: 0,
      eventsHeld: 0,
      backfillPerSite: 0,
      coachingPerSite: 0,
      reviewRequested: 0,
    },
    streams,
    events: [],
    practiceWeights: practiceWeights(scenario.practice.tryingWeight),
    kernel: createKernelScratch(sites.count * G, staffTotal),
  };
  populateStaff(state);
  buildNetwork(state);
  const perSite = fundingPerSite(state);
  state.programme.backfillPerSite = perSite.backfill;
  state.programme.coachingPerSite = perSite.coaching;
  initialTheory(state);
  sites.quality.fill(state.programme.theoryQuality);
  initialVoice(state);
  for (let s = 0; s < sites.count; s++) {
    sites.statusDistance[s] = statusDistance(state, s);
    sites.dataQuality[s] = dataQualityOf(state, s);
    sites.observability[s] = observabilityOf(state, s);
    sites.localFit[s] = localFit(scenario, sites.misfit[s]);
    sites.capability[s] = sites.priorImprovement[s];
    if (sites.teamCount[s] > 0) appointChampion(state, s);
  }
  updatePresence(state);
  sites.nextLeaveWeek.fill(state.week);
  // Every person starts at the initial belonging; the practice step keeps the team's mean after.
  sites.teamBelonging.fill(scenario.belonging.initialBelonging);
  sites.trueValue.set(sites.baselineValue);
  sites.counterfactualValue.set(sites.baselineValue);
  if (state.week < 0) {
    // A baseline period: performance before launch follows the trend backwards from the
    // baseline (the value at launch), and the launch measurement is taken when week 0 comes.
    updatePerformance(state, state.week);
  } else {
    measureBaseline(state);
  }
  return state;
}

function createSites(scenario: Scenario, streams: Streams): SiteState {
  const invited = scenario.recruitment.invitedSites;
  const count = invited + scenario.recruitment.comparisonSites;
  const f64 = () => new Float64Array(count);
  const i32 = (fill = 0) => new Int32Array(count).fill(fill);
  const sites: SiteState = {
    count,
    invited,
    type: new Uint8Array(count),
    membership: new Uint8Array(count),
    launchWeek: i32(),
    joinWeek: i32(-1),
    dropWeek: i32(-1),
    staffStart: i32(),
    staffCount: i32(),
    nextLeaveWeek: i32(),
    teamCount: i32(),
    leadership: f64(),
    priorImprovement: f64(),
    readiness: f64(),
    staffingStability: f64(),
    competingInitiatives: f64(),
    punitiveHistory: f64(),
    dataInfrastructure: f64(),
    misfit: f64(),
    innovativeness: f64(),
    baselineValue: f64(),
    trueValue: f64(),
    counterfactualValue: f64(),
    harm: f64(),
    reportedValue: f64().fill(NaN),
    firstReportedValue: f64().fill(NaN),
    lastReportWeek: i32(NEVER_BEFORE),
    casesPerWeek: f64(),
    observability: f64(),
    practiceIndex: f64(),
    systemChange: f64(),
    localFit: f64(),
    engagement: f64(),
    presence: f64(),
    supported: f64(),
    quality: f64(),
    practiceWeight: f64(),
    meanMotivation: f64(),
    meanBelonging: f64(),
    meanFatigue: f64(),
    supportDemand: f64(),
    supportHours: f64(),
    supportTie: f64(),
    backfillHours: f64(),
    coachingHours: f64(),
    costBackfill: f64(),
    costCoaching: f64(),
    costEvents: f64(),
    costOwnTime: f64(),
    timeBudget: f64(),
    effort: f64(),
    capability: f64(),
    retrainingUntil: i32(NEVER_BEFORE),
    partner: new Int32Array(count * PARTNER_SLOTS).fill(-1),
    tieStrength: new Float64Array(count * PARTNER_SLOTS),
    teamBelonging: f64(),
    communityNorm: f64(),
    horizontalReach: f64(),
    helpGain: f64(),
    conflict: f64(),
    statusDistance: f64(),
    hardPressure: f64(),
    standardSince: i32(NEVER_BEFORE),
    trainingRate: f64(),
    perceivedPunitiveness: f64(),
    softRate: f64(),
    reactanceRate: f64(),
    fatigueLoadTeam: f64(),
    fatigueLoadStaff: f64(),
    dataQuality: f64(),
    completeness: f64(),
    gaming: f64(),
    feedback: f64(),
    monitoring: new Uint8Array(count),
    hasChampion: new Uint8Array(count),
    championBackWeek: i32(),
    reorganisedUntil: i32(NEVER_BEFORE),
    winterSeverity: f64().fill(1),
    protectedHours: f64().fill(scenario.resources.protectedHoursPerWeek),
    measurementHours: f64().fill(scenario.data.measurementHoursPerWeek),
    attendance: new Uint8Array(count),
    conflictResponse: new Uint8Array(count),
  };
  assignTypes(scenario, streams, sites);
  assignWaves(scenario, sites);
  drawContexts(scenario, streams, sites);
  let next = 0;
  for (let s = 0; s < count; s++) {
    sites.membership[s] = s < invited ? Membership.invited : Membership.comparison;
    sites.staffStart[s] = next;
    next += sites.staffCount[s];
  }
  return sites;
}

/** Site types in proportion to their shares (largest remainder), in random order. */
function assignTypes(scenario: Scenario, streams: Streams, sites: SiteState): void {
  const types = scenario.community.siteTypes;
  const assign = (from: number, to: number) => {
    const n = to - from;
    const counts = apportion(types.map((t) => t.share), n);
    const list: number[] = [];
    counts.forEach((c, t) => { for (let k = 0; k < c; k++) list.push(t); });
    shuffle(streams.sites, list);
    for (let k = 0; k < n; k++) sites.type[from + k] = list[k];
  };
  assign(0, sites.invited);
  assign(sites.invited, sites.count);
}

/**
 * Invited sites into waves in proportion to their shares (largest remainder), in site order: the
 * first sites to the first wave listed. Site order is already random (types are shuffled), and no
 * draw is taken, so adding waves leaves every other number of a run where it was.
 */
function assignWaves(scenario: Scenario, sites: SiteState): void {
  const waves = scenario.recruitment.waves;
  if (waves.length === 0) return;
  const counts = apportion(waves.map((w) => w.share), sites.invited);
  let s = 0;
  counts.forEach((n, k) => {
    for (let i = 0; i < n; i++) sites.launchWeek[s++] = waves[k].launchWeek;
  });
}

/** Integer counts in proportion to weights that sum to n (largest remainder, ties to the first). */
export function apportion(weights: number[], n: number): number[] {
  const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const exact = weights.map((w) => (total > 0 ? (Math.max(0, w) / total) * n : 0));
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k][1]] += 1;
  return counts;
}

function drawContexts(scenario: Scenario, streams: Streams, sites: SiteState): void {
  const c = scenario.context;
  const mean = c.sites;
  const sd = c.spread;
  const o = scenario.challenge.outcome;
  const rng = streams.sites;
  const higher = o.best >= o.baseline;
  const favourable = (m: number, shift: number) => clamp(m + shift, 0.01, 0.99);
  for (let s = 0; s < sites.count; s++) {
    const type = scenario.community.siteTypes[sites.type[s]];
    const shift = type.contextShift;
    // Draw every variable for every site in a fixed order, whatever the scenario uses.
    sites.leadership[s] = betaMeanSd(rng, favourable(mean.leadershipSupport, shift), sd);
    sites.priorImprovement[s] = betaMeanSd(rng, favourable(mean.priorImprovement, shift), sd);
    sites.readiness[s] = betaMeanSd(rng, favourable(mean.readiness, shift), sd);
    sites.staffingStability[s] = betaMeanSd(rng, favourable(mean.staffingStability, shift), sd);
    sites.competingInitiatives[s] = betaMeanSd(rng, favourable(mean.competingInitiatives, -shift), sd);
    sites.punitiveHistory[s] = betaMeanSd(rng, favourable(mean.punitiveHistory, 0), sd);
    sites.dataInfrastructure[s] = betaMeanSd(rng, favourable(mean.dataInfrastructure, shift), sd);
    sites.misfit[s] = betaMeanSd(rng, favourable(mean.misfit, 0), sd);
    // Favourable context, in standard deviations (a sum of four variables has twice their sd).
    const contextScore =
      (sites.leadership[s] - mean.leadershipSupport +
        (sites.readiness[s] - mean.readiness) +
        (sites.priorImprovement[s] - mean.priorImprovement) -
        (sites.competingInitiatives[s] - mean.competingInitiatives)) /
      Math.max(2 * sd, 1e-6);
    sites.innovativeness[s] = K.innovativenessContext * contextScore + K.innovativenessNoise * normal(rng);
    // Better-led, readier sites tend to start nearer the best.
    const rho = K.baselineContext;
    const z = rho * clamp(contextScore, -3, 3) + Math.sqrt(1 - rho * rho) * normal(rng);
    const direction = higher ? 1 : -1;
    const raw = o.baselineShape === 'lognormal' ? skewedBaseline(o.baseline, o.baselineSpread, direction * z) : o.baseline + direction * o.baselineSpread * z;
    sites.baselineValue[s] = clampBaseline(scenario, raw);
    const size = type.staffMean * dmath.exp(normal(rng, 0, scenario.community.staffSpread) - 0.5 * scenario.community.staffSpread * scenario.community.staffSpread);
    sites.staffCount[s] = Math.max(3, Math.round(size));
    const spread = K.caseVolumeSpread;
    sites.casesPerWeek[s] = o.casesPerSiteWeek * type.casesScale * dmath.exp(spread * normal(rng) - (spread * spread) / 2);
  }
}

/**
 * A lognormal baseline with this mean and standard deviation, at standard normal score z (higher
 * z, higher value): sigma^2 = ln(1 + (sd / mean)^2), value = mean * exp(sigma z - sigma^2 / 2).
 */
function skewedBaseline(mean: number, sd: number, z: number): number {
  if (mean <= 0) return mean;
  const variance = dmath.log(1 + (sd / mean) * (sd / mean));
  return mean * dmath.exp(Math.sqrt(variance) * z - variance / 2);
}

/** Keep a site's baseline on the measure's scale and a margin away from the best achievable. */
function clampBaseline(scenario: Scenario, value: number): number {
  const o = scenario.challenge.outcome;
  const gap = o.best - o.baseline;
  const limit = o.best - K.baselineMargin * gap;
  const upper = o.measure === 'percent' ? 100 : Infinity;
  let v = clamp(value, 0, upper);
  if (gap > 0) v = Math.min(v, limit);
  else v = Math.max(v, limit);
  return v;
}

function allocateStaff(n: number): StaffState {
  return {
    count: n,
    site: new Int32Array(n),
    code: new Uint16Array(n),
    attrs: new Float64Array(n * STAFF_STRIDE),
    traits: new Float64Array(n * TRAIT_STRIDE),
    leaveWeek: new Int32Array(n),
    neighbourStart: new Int32Array(n + 1),
    neighbours: new Int32Array(0),
  };
}

/** Groups by share within each site (largest remainder, shuffled), team first, personal traits. */
function populateStaff(state: State): void {
  const sc = state.scenario;
  const sites = state.sites;
  const staff = state.staff;
  const sg = state.siteGroups;
  const G = sg.groups;
  const rng = state.streams.staff;
  const turnoverRng = state.streams.turnover;
  const practiceRng = state.streams.practice;
  const shares = sc.community.groups.map((g) => g.share);
  const mandated = sc.recruitment.mode === 'mandated' ? sc.recruitment.mandatedMotivationLoss : 0;
  for (let s = 0; s < sites.count; s++) {
    const start = sites.staffStart[s];
    const n = sites.staffCount[s];
    const counts = apportion(shares, n);
    const groups: number[] = [];
    counts.forEach((c, g) => { for (let k = 0; k < c; k++) groups.push(g); });
    shuffle(rng, groups);
    const team = Math.min(n, Math.max(K.minimumTeam, Math.round(sc.community.teamShare * n)));
    sites.teamCount[s] = team;
    const leave = turnoverProbability(state, s);
    for (let k = 0; k < n; k++) {
      const i = start + k;
      const g = groups[k];
      staff.site[i] = s;
      staff.code[i] = (g << GROUP_SHIFT) | (k < team ? StaffFlag.team : 0) | Practice.notAdopted;
      const penalty = s < sites.invited ? mandated : 0;
      drawPerson(state, i, rng, penalty);
      staff.leaveWeek[i] = leaveWeekAfter(state.week, turnoverRng, leave);
      staff.attrs[i * STAFF_STRIDE + StaffField.clock] = exponentialClock(practiceRng);
      sg.staffCount[s * G + g] += 1;
      sg.practiceCount[(s * G + g) * PRACTICE_COUNT + Practice.notAdopted] += 1;
    }
  }
}
