/**
 * Lesson 2: build a strong core team. The core team's hours are a queue shared by every site that
 * needs support: each site's share of its need is met in proportion, so adding sites to a fixed
 * team dilutes support. Support received, weighted by expertise, builds the vertical tie between
 * core team and site team; that tie and the team's credibility raise the external (vertical)
 * pull to adopt and the success of local trials. Credibility and legitimacy also act through
 * recruitment (lesson 3) and the acceptance of hard tactics (lesson 8).
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, relax } from '../model/hazard.ts';
import { Membership, isFunded, type State } from '../model/state.ts';
import { K } from '../model/constants.ts';

const { quantity, share, effect, section } = paramsFor({ lesson: 2 });

export const coreTeamSchema = section('Core team', 'The team that leads the community: its time, standing and skill.', {
  hoursPerWeek: quantity({
    title: 'Core team time',
    description: 'Hours per week the core team spends supporting sites during the funded period.',
    unit: 'hours per week',
    min: 0,
    max: 100_000,
    default: 60,
  }),
  credibility: share({
    title: 'Clinical credibility',
    description: 'Personal standing of the core team among the clinicians it asks to change.',
    default: 0.7,
  }),
  legitimacy: share({
    title: 'Institutional legitimacy',
    description: 'Backing from a respected institution (a Royal College, a national body).',
    default: 0.7,
  }),
  expertise: share({
    title: 'Improvement expertise',
    description: 'Technical skill in improvement and measurement; makes each hour of support count for more.',
    default: 0.6,
  }),
  embeddedness: share({
    title: 'Embeddedness',
    description: 'How well connected the core team is in the wider clinical networks it recruits from.',
    default: 0.6,
  }),
  supportNeedHoursPerSite: quantity({
    title: 'Support each site needs',
    description: 'Hours of responsive core-team support per week that fully meet one active site\'s needs.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 3,
  }),
  postFundingHoursPerWeek: quantity({
    title: 'Core team time after funding',
    description: 'Hours per week the core team keeps giving once the funding has ended.',
    unit: 'hours per week',
    min: 0,
    max: 100_000,
    default: 6,
  }),
  effects: section('Core team effects', 'How strongly core-team support and standing shape adoption.', {
    support: effect({ title: 'Support on adoption', description: 'Log hazard ratio per unit of vertical tie strength.', default: 1.5 }),
    credibility: effect({ title: 'Credibility on adoption', description: 'Log hazard ratio per unit of clinical credibility.', default: 0.8 }),
    supportTrial: effect({ title: 'Support on trials', description: 'Log odds of a successful trial per unit of vertical tie.', default: 1.0 }),
  }),
});

/** Share out the core team's hours, update vertical ties, and add their effects. */
export function stepCoreTeam(state: State): void {
  const p = state.scenario.coreTeam;
  const sites = state.sites;
  const prog = state.programme;
  const funded = isFunded(state);
  const gross = funded ? p.hoursPerWeek : state.week < 0 ? 0 : p.postFundingHoursPerWeek;
  const capacity = Math.max(0, gross - prog.mediationHours - prog.inclusionHours);
  const expertiseFactor = K.expertiseFloor + p.expertise;

  let demand = 0;
  for (let s = 0; s < sites.invited; s++) {
    const d = sites.presence[s] > 0 ? needOf(state, s) : 0;
    sites.supportDemand[s] = d;
    demand += d;
  }
  const metShare = demand > 0 ? Math.min(1, capacity / demand) : 0;
  prog.coreCapacity = gross;
  prog.coreDemand = demand + prog.mediationHours + prog.inclusionHours;
  prog.coreDemandSites = demand;

  const sg = state.siteGroups;
  const G = sg.groups;
  const credibility = p.effects.credibility * centred(p.credibility);
  const relaxRate = 1 / K.supportTieWeeks;
  for (let s = 0; s < sites.invited; s++) {
    const hours = sites.supportDemand[s] * metShare;
    sites.supportHours[s] = hours;
    // A coach working with the site is the programme's face there too: coaching builds the tie.
    const adequacy = p.supportNeedHoursPerSite > 0 ? clamp(((hours + sites.coachingHours[s]) / p.supportNeedHoursPerSite) * expertiseFactor, 0, 1) : 1;
    const target = sites.presence[s] > 0 ? adequacy : 0;
    sites.supportTie[s] = relax(sites.supportTie[s], target, relaxRate);
    if (sites.presence[s] <= 0) continue;
    const tie = centred(sites.supportTie[s]);
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      sg.etaExternal[j] += p.effects.support * tie + credibility;
      sg.etaTrial[j] += p.effects.supportTrial * tie;
    }
  }
}

/** Hours a site asks for: more while onboarding and where local capability is low. */
function needOf(state: State, s: number): number {
  const base = state.scenario.coreTeam.supportNeedHoursPerSite;
  const onboarding = state.sites.membership[s] === Membership.onboarding ? K.onboardingNeed : 1;
  return base * onboarding * (K.capabilityNeed - state.sites.capability[s]) * state.sites.presence[s];
}
