/**
 * Lesson 3: recruit a community. Invited sites join with a weekly hazard that rises with the core
 * team's credibility, legitimacy and embeddedness, the share of invited peers already in, and the
 * site's own innovativeness, and falls with competing priorities. Voluntary recruitment therefore
 * brings the early adopters first; targeted recruitment adds personal approaches to the sites
 * with the largest gaps; a mandate enrols every site at once, as does a programme whose sites
 * signed up before it launched (committed: Keystone's 108 ICUs, ASCQI's 12 services), without the
 * mandate's cost to motivation and engagement. Sites are invited in waves (one by
 * default), each from its own launch week. Joined sites onboard, then take part on a ladder of
 * engagement: active, or passive (attending little, still reporting, perhaps incompletely). Stress
 * (a time deficit, conflict, marginalisation, a mandate) moves active sites down to passive, and
 * belonging and support move them back up; dropout is a separate, rarer hazard, highest just after
 * joining, that rises with conflict, marginalisation and passivity and falls with belonging and
 * support. So struggling sites mostly stay and change little, as evaluations find, rather than all
 * leave. Where the measure sits in a routine national audit, a site never stops reporting: it goes
 * passive where it would leave, and keeps measuring after the funding. This module also sets each site's engagement and presence: how strongly the programme
 * reaches it.
 */
import { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, probability, weekly } from '../model/hazard.ts';
import { Membership, PRACTICE_COUNT, Practice, isFunded, isTakingPart, type State } from '../model/state.ts';
import { monitoringChance } from './data.ts';
import { timeDeficit } from './resources.ts';
import { addMemberSite } from '../model/practice-change.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';
import { fastExp } from '../math/fast.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 3 });

const wave = z
  .strictObject({
    share: share({ title: 'Share of sites', description: 'Share of the invited sites in this wave (normalised across waves).', default: 1 }),
    launchWeek: quantity({
      title: 'Launch week',
      description: 'Week the wave is invited: its sites may join from then, for as long as the recruitment window lasts.',
      unit: 'weeks',
      min: 0,
      max: 1040,
      default: 0,
      integer: true,
    }),
  })
  .meta({ title: 'Wave', description: 'A cohort of invited sites with its own launch week.' });

export const recruitmentSchema = section('Recruitment', 'Which sites are invited, how they join, and how they leave.', {
  mode: choice({
    title: 'Recruitment',
    description: 'Voluntary (sites choose to join), targeted (personal approaches to high-need sites), committed (every invited site signed up before its wave launched, so all join at launch of their own accord) or mandated (all are made to join, which costs motivation and engagement).',
    options: ['voluntary', 'targeted', 'committed', 'mandated'],
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
  disengagePerYear: quantity({
    title: 'Disengagement',
    description: 'Yearly hazard that an active member site becomes passive (attends little, still reports), for a site with no time deficit, belonging or support yet.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1,
    neutral: 0,
  }),
  reengagePerYear: quantity({
    title: 'Re-engagement',
    description: 'Yearly hazard that a passive site takes full part again, for a site under no stress with no belonging or support yet.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1,
  }),
  passiveEngagement: share({
    title: 'Engagement of a passive site',
    description: 'How much a passive site still takes part (events, coaching, effort, the pull of the programme), relative to an active one.',
    default: 0.3,
  }),
  dropoutPerYear: quantity({
    title: 'Dropout hazard',
    description: 'Yearly hazard of leaving for an active member site past the early period that has no belonging or support yet.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.06,
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
  waves: z
    .array(wave)
    .max(52)
    .default([])
    .meta({
      title: 'Waves',
      description: 'Cohorts of invited sites that launch at different weeks (national roll-outs); none means one wave at week 0. Sites are assigned to waves in proportion to their shares.',
      lesson: 3,
    }),
  effects: section('Recruitment effects', 'How strongly each factor shapes joining, engagement and dropout.', {
    joinCredibility: effect({ title: 'Credibility on joining', description: 'Log hazard ratio of joining per unit of core-team credibility and legitimacy.', default: 1.5 }),
    joinEmbeddedness: effect({ title: 'Embeddedness on joining', description: 'Log hazard ratio of joining per unit of core-team embeddedness.', default: 1.0 }),
    joinPeers: effect({ title: 'Peers on joining', description: 'Log hazard ratio of joining per unit share of invited peers already in.', default: 1.5 }),
    joinInnovativeness: effect({ title: 'Innovativeness on joining', description: 'Log hazard ratio of joining per standard deviation of site innovativeness.', default: 0.8 }),
    joinCompeting: effect({ title: 'Competing priorities on joining', description: 'Log hazard ratio of joining lost per unit of competing initiatives.', default: 1.0 }),
    timePressure: effect({ title: 'Time pressure on engagement', description: 'Log hazard ratio of becoming passive (and lost from re-engaging) per unit of time deficit.', default: 1.0 }),
    belonging: effect({ title: 'Belonging on engagement and dropout', description: 'Log hazard ratio of becoming passive and of leaving lost per unit of team belonging.', default: 2.0 }),
    support: effect({ title: 'Support on engagement and dropout', description: 'Log hazard ratio of becoming passive and of leaving lost per unit of vertical tie.', default: 1.0 }),
    conflict: effect({ title: 'Conflict on engagement and dropout', description: 'Log hazard ratio of becoming passive and of leaving per unit of site conflict.', default: 1.5 }),
    marginalisation: effect({ title: 'Marginalisation on engagement and dropout', description: 'Log hazard ratio of becoming passive and of leaving per unit of staff marginalisation.', default: 1.5 }),
    mandate: effect({ title: 'Mandate on engagement', description: 'Log hazard ratio of becoming passive (and lost from re-engaging) for a site made to join; it leaves more often through its passivity.', default: 0.8 }),
    passiveDropout: effect({ title: 'Passivity on dropout', description: 'Log hazard ratio of leaving for a passive site, against an active one.', default: 0.7 }),
    mandatedEngagement: effect({ title: 'Mandate on adoption', description: 'Log hazard ratio of external pull lost at a mandated site.', default: 0.4 }),
  }),
});

export function stepRecruitment(state: State): void {
  const week = state.week;
  const sites = state.sites;
  const p = state.scenario.recruitment;
  const funded = isFunded(state);

  if (funded) {
    join(state);
    for (let s = 0; s < sites.invited; s++) {
      const m = sites.membership[s];
      if (m === Membership.onboarding && week - sites.joinWeek[s] >= p.onboardingWeeks) {
        sites.membership[s] = Membership.active;
        state.events.push({ week, kind: 'active', site: s, value: 0 });
      }
    }
    engage(state);
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

/** Whether every invited site joins at its wave's launch (made to, or signed up beforehand). */
function joinsAtLaunch(mode: State['scenario']['recruitment']['mode']): boolean {
  return mode === 'mandated' || mode === 'committed';
}

/** Whether site s may join this week: inside its wave's recruitment window (at its launch, when all join then). */
export function isRecruiting(state: State, s: number): boolean {
  const since = state.week - state.sites.launchWeek[s];
  if (since < 0) return false;
  return joinsAtLaunch(state.scenario.recruitment.mode) ? since === 0 : since < state.scenario.time.recruitmentWeeks;
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
  let meanGap = NaN;
  for (let s = 0; s < sites.invited; s++) {
    if (sites.membership[s] !== Membership.invited || !isRecruiting(state, s)) continue;
    let joins: boolean;
    if (joinsAtLaunch(p.mode)) {
      joins = true;
    } else {
      let hazard = base * fastExp(common + e.joinInnovativeness * sites.innovativeness[s] - e.joinCompeting * centred(sites.competingInitiatives[s]));
      if (p.mode === 'targeted') {
        if (Number.isNaN(meanGap)) meanGap = meanBaselineGap(state);
        hazard *= 1 + p.targetingBoost * clamp(baselineGap(state, s) / meanGap - 0.5, 0, 2);
      }
      joins = rng() < probability(hazard);
    }
    if (joins) joinCommunity(state, s);
  }
}

/** Site s joins the community this week (onboarding first, if the scenario has any). */
export function joinCommunity(state: State, s: number): void {
  const sites = state.sites;
  sites.joinWeek[s] = state.week;
  addMemberSite(state, s);
  sites.membership[s] = state.scenario.recruitment.onboardingWeeks > 0 ? Membership.onboarding : Membership.active;
  state.events.push({ week: state.week, kind: 'joined', site: s, value: 0 });
}

/** Site s leaves the community; under a routine national audit it cannot stop reporting, so it goes passive instead. */
export function leaveCommunity(state: State, s: number): void {
  const sites = state.sites;
  if (state.scenario.data.routineAudit) {
    if (sites.membership[s] !== Membership.passive) setPassive(state, s, true);
    return;
  }
  sites.membership[s] = Membership.droppedOut;
  sites.dropWeek[s] = state.week;
  state.events.push({ week: state.week, kind: 'droppedOut', site: s, value: 0 });
}

/** Move a member site between active and passive on the ladder of engagement. */
export function setPassive(state: State, s: number, passive: boolean): void {
  state.sites.membership[s] = passive ? Membership.passive : Membership.active;
  state.events.push({ week: state.week, kind: passive ? 'passive' : 'reengaged', site: s, value: 0 });
}

/**
 * The ladder of engagement, during funding. One linear predictor of stress (time deficit,
 * conflict, marginalisation, a mandate, less belonging and support) moves active sites to passive
 * and holds passive ones there: it multiplies the hazard of disengaging and divides that of
 * re-engaging, so the long-run share of passive sites is logistic in the stress. Dropout is its
 * own hazard, from every term but the time deficit (struggling for time, sites stay and change
 * little) plus passivity, with an excess just after joining.
 */
function engage(state: State): void {
  const sites = state.sites;
  const p = state.scenario.recruitment;
  const e = p.effects;
  const rng = state.streams.recruitment;
  const mandated = p.mode === 'mandated' ? e.mandate : 0;
  const disengage = weekly(p.disengagePerYear);
  const reengage = weekly(p.reengagePerYear);
  const leave = weekly(p.dropoutPerYear);
  const passiveLeave = dmath.exp(e.passiveDropout);
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (!isTakingPart(m)) continue;
    const deficit = timeDeficit(state, s);
    // Belonging and support protect: the base hazards are those of a site with neither yet.
    const shared = e.conflict * sites.conflict[s] + e.marginalisation * staffMarginalisation(state, s) - e.belonging * sites.teamBelonging[s] - e.support * sites.supportTie[s];
    const passive = m === Membership.passive;
    const since = state.week - sites.joinWeek[s];
    const early = 1 + p.earlyDropoutPeak * fastExp(-since / p.earlyDropoutWeeks);
    // exp(shared) serves both hazards; the stress adds the time deficit and the mandate to it.
    const relative = fastExp(shared);
    const hazardLeave = leave * early * relative * (passive ? passiveLeave : 1);
    // One draw decides the week: leave, or move on the ladder, or stay.
    const extra = deficit > 0 || mandated > 0 ? fastExp(e.timePressure * deficit + mandated) : 1;
    const hazardMove = m === Membership.active ? disengage * relative * extra : passive ? reengage / (relative * extra) : 0;
    const total = hazardLeave + hazardMove;
    if (total <= 0) continue;
    const u = rng();
    const happens = probability(total);
    if (u >= happens) continue;
    if (u < (happens * hazardLeave) / total) leaveCommunity(state, s);
    else setPassive(state, s, !passive);
  }
}

/**
 * The funding ends: each site still taking part decides whether to keep measuring (more likely
 * with strong leadership and routine practice, and for an active than a passive site); the rest
 * lapse, as do sites still onboarding.
 */
function endFunding(state: State): void {
  const sites = state.sites;
  const sg = state.siteGroups;
  const rng = state.streams.monitoring;
  state.events.push({ week: state.week, kind: 'fundingEnded', site: -1, value: 0 });
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (!isTakingPart(m)) continue;
    let routinised = 0;
    for (let g = 0; g < sg.groups; g++) routinised += sg.practiceCount[(s * sg.groups + g) * PRACTICE_COUNT + Practice.routinised];
    // One draw per site taking part, whatever its state, so later draws do not depend on it.
    const u = rng();
    // A routine national audit goes on measuring whatever the programme does.
    const keeps = m !== Membership.onboarding && (state.scenario.data.routineAudit || u < monitoringChance(state, s, routinised / sites.staffCount[s]) * sites.engagement[s]);
    sites.monitoring[s] = keeps ? 1 : 0;
    if (!keeps) {
      sites.membership[s] = Membership.lapsed;
      state.events.push({ week: state.week, kind: 'lapsed', site: s, value: 0 });
    }
  }
}

/**
 * Engagement (1 active, the passive engagement while passive, half while onboarding) and
 * presence: engagement in the funded period, a reduced pull while monitoring after funding.
 */
export function updatePresence(state: State): void {
  const sites = state.sites;
  const funded = isFunded(state);
  const afterPull = state.scenario.data.postFundingPull;
  const passive = state.scenario.recruitment.passiveEngagement;
  for (let s = 0; s < sites.count; s++) {
    const m = sites.membership[s];
    const engagement = m === Membership.active ? 1 : m === Membership.passive ? passive : m === Membership.onboarding ? K.onboardingPresence : 0;
    sites.engagement[s] = engagement;
    const presence = funded ? engagement : sites.monitoring[s] ? afterPull * engagement : 0;
    sites.presence[s] = presence;
    sites.supported[s] = funded && m !== Membership.onboarding ? engagement : 0;
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
