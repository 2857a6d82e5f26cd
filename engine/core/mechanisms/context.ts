/**
 * Lesson 10: recognise contextual influences and the need for customisation. Every site has a
 * context (leadership support, prior improvement experience, readiness, staffing stability,
 * competing initiatives, punitive history, data infrastructure, and misfit between its setting
 * and the intervention as designed) that modifies adoption, joining, dropout, acceptance of hard
 * tactics and data. Shocks arrive at random: reorganisations (time and capability lost, ties
 * cut), the loss of a champion, and winters of varying severity. A secular trend moves every
 * site, comparison sites included, toward the best achievable (see performance.ts).
 * Customisation raises local fit (misfit is forgiven in proportion) but lowers the commonality
 * of the intervention and its measures, which weakens peer norming and comparison.
 */
import type { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';
import { centred, probability, weekly } from '../model/hazard.ts';
import { PARTNER_SLOTS, StaffFlag, type State } from '../model/state.ts';
import type { Scenario } from '../scenario/schema.ts';
import { isWinter } from './resources.ts';
import { K } from '../model/constants.ts';

const { quantity, share, effect, section } = paramsFor({ lesson: 10 });

const contextMean = (title: string, description: string, value: number) => share({ title, description, default: value });

export const contextSchema = section('Context and customisation', 'The settings sites work in, the shocks they meet, and how far they may adapt.', {
  sites: section('Site context', 'Average context of sites (each site varies around these; site types shift them).', {
    leadershipSupport: contextMean('Leadership support', 'Backing from the site\'s executives and clinical leaders.', 0.6),
    priorImprovement: contextMean('Prior improvement experience', 'Experience of improvement work before the programme (starting capability).', 0.5),
    readiness: contextMean('Readiness', 'A culture open to change and to learning from data.', 0.55),
    staffingStability: contextMean('Staffing stability', 'How stable and sufficient staffing is (unstable staffing means turnover and no slack).', 0.6),
    competingInitiatives: contextMean('Competing initiatives', 'How many other initiatives compete for staff time and attention.', 0.5),
    punitiveHistory: contextMean('Punitive history', 'History of punitive top-down initiatives, which breeds reactance to hard tactics.', 0.3),
    dataInfrastructure: contextMean('Data infrastructure', 'Quality of the site\'s data systems before the programme.', 0.6),
    misfit: contextMean('Misfit', 'How far the site\'s setting differs from the one the intervention was designed for.', 0.25),
  }),
  spread: share({
    title: 'Spread of context',
    description: 'Standard deviation of each context variable across sites.',
    default: 0.2,
  }),
  secularTrendPerYear: share({
    title: 'Secular trend',
    description: 'Share of the remaining gap closed each year at every site, members and comparison sites alike.',
    default: 0.03,
  }),
  customisation: share({
    title: 'Customisation',
    description: 'How far sites may adapt the intervention to local circumstances (0 = strict fidelity).',
    default: 0.3,
  }),
  fitGain: share({
    title: 'Fit from customisation',
    description: 'Share of a site\'s misfit that full customisation removes.',
    default: 0.8,
  }),
  driftLoss: share({
    title: 'Drift from the evidence',
    description: 'Share of the intervention\'s effectiveness lost at full customisation, as local versions drop active ingredients.',
    default: 0.06,
  }),
  commonalityLoss: share({
    title: 'Commonality lost to customisation',
    description: 'Share of the commonality of intervention and measures that full customisation removes.',
    default: 0.8,
  }),
  shocks: section('Shocks', 'Events that strike sites at random.', {
    reorganisationPerYear: quantity({
      title: 'Reorganisations',
      description: 'Chance per year that a site is reorganised (losing time, capability and outside ties).',
      unit: 'per year',
      min: 0,
      max: 52,
      default: 0.08,
    }),
    reorganisationWeeks: quantity({
      title: 'Disruption',
      description: 'Weeks a reorganisation disrupts a site.',
      unit: 'weeks',
      min: 1,
      max: 520,
      default: 26,
      integer: true,
    }),
    championLossPerYear: quantity({
      title: 'Champion loss',
      description: 'Chance per year that a site\'s champion is promoted or moves on (besides ordinary turnover).',
      unit: 'per year',
      min: 0,
      max: 52,
      default: 0.1,
    }),
    championVacancyWeeks: quantity({
      title: 'Champion vacancy',
      description: 'Weeks before a lost champion is replaced.',
      unit: 'weeks',
      min: 0,
      max: 520,
      default: 12,
      integer: true,
    }),
    reorganisationHarm: share({
      title: 'Harm from a reorganisation',
      description: 'Share of its gap a site loses while it is being reorganised (every site, in the programme or not).',
      default: 0.1,
      neutral: 0,
    }),
    winterVariability: share({
      title: 'Winter variability',
      description: 'How much winter severity varies between sites and years (0 = every winter average).',
      default: 0.5,
    }),
  }),
  effects: section('Context effects', 'How strongly context shapes adoption and routine.', {
    leadership: effect({ title: 'Leadership on adoption', description: 'Log hazard ratio per unit of leadership support.', default: 2.0 }),
    readiness: effect({ title: 'Readiness on adoption', description: 'Log hazard ratio per unit of readiness.', default: 2.0 }),
    priorImprovement: effect({ title: 'Experience on adoption', description: 'Log hazard ratio per unit of prior improvement experience.', default: 1.0 }),
    competing: effect({ title: 'Competing initiatives on adoption', description: 'Log hazard ratio lost per unit of competing initiatives.', default: 1.5 }),
    reorganisation: effect({ title: 'Reorganisation on adoption', description: 'Log hazard ratio lost while a site is being reorganised.', default: 1.0 }),
    championLoss: effect({ title: 'Champion loss on adoption', description: 'Log hazard ratio of external pull lost while the champion post is empty.', default: 0.8 }),
    leadershipRoutine: effect({ title: 'Leadership on routine', description: 'Log hazard ratio of routinisation per unit of leadership support.', default: 1.0 }),
    commonalityPeer: effect({
      title: 'Commonality on peer influence',
      description: 'Log hazard ratio of the peer route per unit of commonality lost to customisation (no shared practice, no shared norm).',
      default: 1.0,
    }),
  }),
});

export type ContextParams = z.infer<typeof contextSchema>;

/** How much the intervention and its measures are shared across sites, 0..1. */
export function commonality(scenario: Scenario): number {
  const c = scenario.context;
  return 1 - c.customisation * c.commonalityLoss;
}

/**
 * Local fit of the intervention at a site after customisation, and its fidelity. The first
 * adaptations fix the worst mismatches, so fit gained rises with diminishing returns (1 - (1 - c)^2
 * of the full gain), while drift from the evidence-based core grows with the freedom to adapt.
 */
export function localFit(scenario: Scenario, misfit: number): number {
  const c = scenario.context;
  const adapted = 1 - (1 - c.customisation) * (1 - c.customisation);
  return (1 - misfit * (1 - adapted * c.fitGain)) * (1 - c.driftLoss * c.customisation);
}

export function stepContext(state: State): void {
  strikeShocks(state);
  const c = state.scenario.context;
  const e = c.effects;
  const sites = state.sites;
  const sg = state.siteGroups;
  const G = sg.groups;
  const shared = -e.commonalityPeer * (1 - commonality(state.scenario));
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const reorganised = state.week < sites.reorganisedUntil[s] ? 1 : 0;
    const both =
      e.leadership * centred(sites.leadership[s]) +
      e.readiness * centred(sites.readiness[s]) +
      e.priorImprovement * centred(sites.priorImprovement[s]) -
      e.competing * centred(sites.competingInitiatives[s]) -
      e.reorganisation * reorganised;
    const external = both - (sites.hasChampion[s] ? 0 : e.championLoss);
    const routine = e.leadershipRoutine * centred(sites.leadership[s]);
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      sg.etaExternal[j] += external;
      sg.etaPeer[j] += both + shared;
      sg.etaRoutine[j] += routine;
    }
  }
}

/**
 * Shocks strike every site, in the programme or not, with the same draws whatever the programme
 * does (a fixed number per site per week), so a site's reorganisations are the same in a run
 * with no programme: its counterfactual path (performance.ts) is its own.
 */
function strikeShocks(state: State): void {
  const shocks = state.scenario.context.shocks;
  const sites = state.sites;
  const rng = state.streams.shocks;
  const week = state.week;
  const reorganisation = probability(weekly(shocks.reorganisationPerYear));
  const championLoss = probability(weekly(shocks.championLossPerYear));
  const newWinter = isWinter(week) && !isWinter(week - 1);
  for (let s = 0; s < sites.count; s++) {
    if (newWinter) sites.winterSeverity[s] = 1 + shocks.winterVariability * (2 * rng() - 1);
    const reorganised = rng() < reorganisation;
    const lost = rng() < championLoss;
    if (reorganised) sites.reorganisedUntil[s] = week + shocks.reorganisationWeeks;
    // What a shock does to improvement work (capability, ties, the champion) matters only where
    // the programme works.
    if (sites.joinWeek[s] < 0) continue;
    if (reorganised) {
      sites.capability[s] *= K.reorganisationCapabilityKept;
      for (let slot = s * PARTNER_SLOTS; slot < (s + 1) * PARTNER_SLOTS; slot++) sites.tieStrength[slot] *= K.reorganisationTiesKept;
      state.events.push({ week, kind: 'reorganisation', site: s, value: 0 });
    }
    if (sites.hasChampion[s]) {
      // The champion moves on: they leave this week, and the practice step replaces them.
      if (lost) state.staff.leaveWeek[championOf(state, s)] = week;
    } else if (week >= sites.championBackWeek[s]) {
      appointChampion(state, s);
    }
  }
}

/** The staff member who is the site's champion (always a member of the site team). */
function championOf(state: State, s: number): number {
  const start = state.sites.staffStart[s];
  for (let i = start; i < start + state.sites.teamCount[s]; i++) if (state.staff.code[i] & StaffFlag.champion) return i;
  return start;
}

/** A team member takes on the champion's role. */
export function appointChampion(state: State, s: number): void {
  const sites = state.sites;
  sites.hasChampion[s] = 1;
  state.staff.code[sites.staffStart[s]] |= StaffFlag.champion;
  if (state.week > 0) state.events.push({ week: state.week, kind: 'championReplaced', site: s, value: 0 });
}

/** The champion has left: the post stays empty for the vacancy period. */
export function loseChampion(state: State, s: number): void {
  const sites = state.sites;
  sites.hasChampion[s] = 0;
  sites.championBackWeek[s] = state.week + state.scenario.context.shocks.championVacancyWeeks;
  state.events.push({ week: state.week, kind: 'championLeft', site: s, value: 0 });
}
