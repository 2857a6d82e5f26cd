/**
 * Lesson 3: recruit a community. Invited sites join with a weekly hazard that rises with the core
 * team's credibility, legitimacy and embeddedness, the share of invited peers already in, and the
 * site's own innovativeness, and falls with competing priorities. Voluntary recruitment therefore
 * brings the early adopters first; targeted recruitment adds personal approaches to the sites
 * with the largest gaps; a mandate enrols every site at once but with lower engagement. Joined
 * sites onboard, then become active; dropout is a hazard highest just after joining that rises
 * with time pressure, conflict, marginalisation and a mandate, and falls with belonging and
 * support. This module also sets each site's presence: how strongly the programme reaches it.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, probability, weekly } from '../model/hazard.ts';
import { Membership, PRACTICE_COUNT, Practice, isFunded, type State } from '../model/state.ts';
import { monitoringChance } from './data.ts';
import { addMemberSite } from '../model/practice-change.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 3 });

export const recruitmentSchema = section('Recruitment', 'Which sites are invited, how they join, and how they leave.', {
  mode: choice({
    title: 'Recruitment',
    description: 'Voluntary (sites choose to join), targeted (personal approaches to high-need sites) or mandated (all join).',
    options: ['voluntary', 'targeted', 'mandated'],
    default: 'voluntary',
    neutral: 'mandated',
  }),
  invitedSites: quantity({
    title: 'Sites invited',
    description: 'Number of sites invited to join the community.',
    unit: 'sites',
    min: 1,
    max: 50_000,
    default: 24,
    integer: true,
  }),
  comparisonSites: quantity({
    title: 'Comparison sites',
    description: 'Sites never invited, measured the same way so an evaluator can compare.',
    unit: 'sites',
    min: 0,
    max: 50_000,
    default: 12,
    integer: true,
  }),
  joinPerYear: quantity({
    title: 'Pull to join',
    description: 'Weekly hazard of joining for an average invited site, expressed per year.',
    unit: 'per year',
    min: 0,
    max: 520,
    default: 3,
  }),
  targetingBoost: quantity({
    title: 'Targeting boost',
    description: 'Under targeted recruitment, how much personal approaches multiply a high-need site\'s pull to join.',
    unit: 'multiplier',
    min: 0,
    max: 20,
    default: 2,
  }),
  onboardingWeeks: quantity({
    title: 'Onboarding',
    description: 'Weeks of training and set-up between joining and active membership.',
    unit: 'weeks',
    min: 0,
    max: 104,
    default: 6,
    integer: true,
    neutral: 0,
  }),
  dropoutPerYear: quantity({
    title: 'Dropout hazard',
    description: 'Yearly hazard of dropping out for a member site past the early period that has no belonging or support yet.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.15,
    neutral: 0,
  }),
  earlyDropoutPeak: quantity({
    title: 'Early dropout peak',
    description: 'How many times higher the dropout hazard is just after joining.',
    unit: 'multiplier',
    min: 0,
    max: 100,
    default: 3,
  }),
  earlyDropoutWeeks: quantity({
    title: 'Early period',
    description: 'Time scale over which the early excess in dropout fades.',
    unit: 'weeks',
    min: 0.1,
    max: 520,
    default: 12,
  }),
  mandatedMotivationLoss: share({
    title: 'Motivation lost to a mandate',
    description: 'Intrinsic motivation staff lose when their site is made to join.',
    default: 0.15,
  }),
  effects: section('Recruitment effects', 'How strongly each factor shapes joining and dropout.', {
    joinCredibility: effect({ title: 'Credibility on joining', description: 'Log hazard ratio of joining per unit of core-team credibility and legitimacy.', default: 1.5 }),
    joinEmbeddedness: effect({ title: 'Embeddedness on joining', description: 'Log hazard ratio of joining per unit of core-team embeddedness.', default: 1.0 }),
    joinPeers: effect({ title: 'Peers on joining', description: 'Log hazard ratio of joining per unit share of invited peers already in.', default: 1.5 }),
    joinInnovativeness: effect({ title: 'Innovativeness on joining', description: 'Log hazard ratio of joining per standard deviation of site innovativeness.', default: 0.8 }),
    joinCompeting: effect({ title: 'Competing priorities on joining', description: 'Log hazard ratio of joining lost per unit of competing initiatives.', default: 1.0 }),
    dropoutPressure: effect({ title: 'Time pressure on dropout', description: 'Log hazard ratio of dropout per unit of time deficit.', default: 1.0 }),
    dropoutBelonging: effect({ title: 'Belonging on dropout', description: 'Log hazard ratio of dropout lost per unit of team belonging.', default: 2.0 }),
    dropoutSupport: effect({ title: 'Support on dropout', description: 'Log hazard ratio of dropout lost per unit of vertical tie.', default: 1.0 }),
    dropoutConflict: effect({ title: 'Conflict on dropout', description: 'Log hazard ratio of dropout per unit of site conflict.', default: 1.5 }),
    dropoutMarginalisation: effect({ title: 'Marginalisation on dropout', description: 'Log hazard ratio of dropout per unit of staff marginalisation.', default: 1.5 }),
    dropoutMandate: effect({ title: 'Mandate on dropout', description: 'Log hazard ratio of dropout for a mandated site.', default: 0.8 }),
    mandatedEngagement: effect({ title: 'Mandate on adoption', description: 'Log hazard ratio of external pull lost at a mandated site.', default: 0.4 }),
  }),
});

export function stepRecruitment(state: State): void {
  const week = state.week;
  const sites = state.sites;
  const p = state.scenario.recruitment;
  const funded = isFunded(state);

  if (funded) {
    const inWindow = p.mode === 'mandated' ? week === 0 : week < state.scenario.time.recruitmentWeeks;
    if (inWindow) join(state);
    for (let s = 0; s < sites.invited; s++) {
      const m = sites.membership[s];
      if (m === Membership.onboarding && week - sites.joinWeek[s] >= p.onboardingWeeks) {
        sites.membership[s] = Membership.active;
        state.events.push({ week, kind: 'active', site: s, value: 0 });
      }
    }
    dropOut(state);
  } else if (week === state.scenario.time.fundingWeeks) {
    endFunding(state);
  }
  updatePresence(state);

  if (p.mode === 'mandated' && p.effects.mandatedEngagement > 0) {
    const sg = state.siteGroups;
    for (let s = 0; s < sites.invited; s++) {
      if (sites.presence[s] <= 0) continue;
      for (let g = 0; g < sg.groups; g++) sg.etaExternal[s * sg.groups + g] -= p.effects.mandatedEngagement;
    }
  }
}

function join(state: State): void {
  const sites = state.sites;
  const p = state.scenario.recruitment;
  const core = state.scenario.coreTeam;
  const rng = state.streams.recruitment;
  let joined = 0;
  for (let s = 0; s < sites.invited; s++) if (sites.joinWeek[s] >= 0) joined++;
  const peerShare = joined / sites.invited;
  const e = p.effects;
  const common =
    e.joinCredibility * (centred(core.credibility) + centred(core.legitimacy)) +
    e.joinEmbeddedness * centred(core.embeddedness) +
    e.joinPeers * centred(peerShare);
  const base = weekly(p.joinPerYear);
  const meanGap = meanBaselineGap(state);
  for (let s = 0; s < sites.invited; s++) {
    if (sites.membership[s] !== Membership.invited) continue;
    let joins: boolean;
    if (p.mode === 'mandated') {
      joins = true;
    } else {
      let hazard = base * dmath.exp(common + e.joinInnovativeness * sites.innovativeness[s] - e.joinCompeting * centred(sites.competingInitiatives[s]));
      if (p.mode === 'targeted') hazard *= 1 + p.targetingBoost * clamp(baselineGap(state, s) / meanGap - 0.5, 0, 2);
      joins = rng() < probability(hazard);
    }
    if (!joins) continue;
    sites.joinWeek[s] = state.week;
    addMemberSite(state, s);
    sites.membership[s] = p.onboardingWeeks > 0 ? Membership.onboarding : Membership.active;
    state.events.push({ week: state.week, kind: 'joined', site: s, value: 0 });
  }
}

function dropOut(state: State): void {
  const sites = state.sites;
  const p = state.scenario.recruitment;
  if (p.dropoutPerYear <= 0) return;
  const e = p.effects;
  const rng = state.streams.recruitment;
  const effortHalf = state.scenario.resources.effortHalfHours;
  const mandated = p.mode === 'mandated' ? e.dropoutMandate : 0;
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (m !== Membership.onboarding && m !== Membership.active) continue;
    const since = state.week - sites.joinWeek[s];
    const early = 1 + p.earlyDropoutPeak * dmath.exp(-since / p.earlyDropoutWeeks);
    const deficit = clamp(-sites.timeBudget[s] / Math.max(effortHalf, 0.1), 0, 2);
    // Belonging and support protect: the base hazard is that of a site with neither yet.
    const eta =
      e.dropoutPressure * deficit +
      e.dropoutConflict * sites.conflict[s] +
      e.dropoutMarginalisation * staffMarginalisation(state, s) -
      e.dropoutBelonging * sites.teamBelonging[s] -
      e.dropoutSupport * sites.supportTie[s] +
      mandated;
    if (rng() < probability(weekly(p.dropoutPerYear) * early * dmath.exp(eta))) {
      sites.membership[s] = Membership.droppedOut;
      sites.dropWeek[s] = state.week;
      state.events.push({ week: state.week, kind: 'droppedOut', site: s, value: 0 });
    }
  }
}

/**
 * The funding ends: each active site decides whether to keep measuring (more likely with strong
 * leadership and routine practice); the rest lapse, as do sites still onboarding.
 */
function endFunding(state: State): void {
  const sites = state.sites;
  const sg = state.siteGroups;
  const rng = state.streams.monitoring;
  state.events.push({ week: state.week, kind: 'fundingEnded', site: -1, value: 0 });
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (m !== Membership.active && m !== Membership.onboarding) continue;
    let routinised = 0;
    for (let g = 0; g < sg.groups; g++) routinised += sg.practiceCount[(s * sg.groups + g) * PRACTICE_COUNT + Practice.routinised];
    const keeps = m === Membership.active && rng() < monitoringChance(state, s, routinised / sites.staffCount[s]);
    sites.monitoring[s] = keeps ? 1 : 0;
    if (!keeps) {
      sites.membership[s] = Membership.lapsed;
      state.events.push({ week: state.week, kind: 'lapsed', site: s, value: 0 });
    }
  }
}

/** Presence: 1 active and funded, 0.5 onboarding, a reduced pull while monitoring after funding. */
export function updatePresence(state: State): void {
  const sites = state.sites;
  const funded = isFunded(state);
  const afterPull = state.scenario.data.postFundingPull;
  for (let s = 0; s < sites.count; s++) {
    const m = sites.membership[s];
    let presence = 0;
    if (m === Membership.active) presence = funded ? 1 : sites.monitoring[s] ? afterPull : 0;
    else if (m === Membership.onboarding) presence = funded ? K.onboardingPresence : 0;
    sites.presence[s] = presence;
    sites.supported[s] = funded && m === Membership.active ? 1 : 0;
  }
}

/** Staff-weighted marginalisation of the groups at a site, 0..1. */
export function staffMarginalisation(state: State, s: number): number {
  const sg = state.siteGroups;
  const G = sg.groups;
  let total = 0;
  let weighted = 0;
  for (let g = 0; g < G; g++) {
    const n = sg.staffCount[s * G + g];
    total += n;
    weighted += n * state.groups.marginalisation[g];
  }
  return total > 0 ? weighted / total : 0;
}

/** A site's baseline gap (distance to best achievable), in outcome units. */
export function baselineGap(state: State, s: number): number {
  return Math.abs(state.scenario.challenge.outcome.best - state.sites.baselineValue[s]);
}

function meanBaselineGap(state: State): number {
  let sum = 0;
  for (let s = 0; s < state.sites.invited; s++) sum += baselineGap(state, s);
  return Math.max(sum / state.sites.invited, 1e-9);
}
