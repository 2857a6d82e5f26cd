/**
 * A unit standard: the site's own decision to make the intervention its written standard, and the
 * training that follows. Some programmes ask each site to adopt one written protocol (a checklist,
 * a care bundle) with a named local lead who trains the unit's staff in it: Keystone's line
 * insertion checklist, ASCQI's care bundles. Adoption then runs in two stages (Greenhalgh et al.
 * 2004: the organisation's decision, then assimilation by its staff), and an authority decision
 * of this kind spreads a practice faster than individual choice (Rogers 2003), as checklist and
 * bundle programmes do (Blot et al. 2014: infections down within three months, more so where a
 * bundle or checklist was used).
 *
 * - The decision: each week a member site that is onboarding or active and has not yet made the
 *   standard its own does so with a weekly hazard, higher where its leadership supports
 *   improvement (onboarding is when a site's team is trained and set up, so the decision can come
 *   with joining). Only while the programme is funded; once made, it stands.
 * - Training: at a site with the standard, every staff member who does not practise meets a
 *   training hazard of starting to try it, on top of the programme's pull and their peers', in
 *   proportion to how far the programme still reaches the site (its presence). One written
 *   version carries a practice only as far as the practice can be standardised and taught: the
 *   hazard rises with the challenge's standardisation and falls with its complexity.
 * - A written standard does not make the practice stick. Training only starts trials: they still
 *   succeed or fail, and practice is still made routine or abandoned as before (a written policy
 *   on its own is not associated with fewer infections: Furuya et al. 2016, 984 US ICUs).
 *
 * Off (the default) the mechanism draws nothing, so a scenario without a unit standard runs
 * exactly as before.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, weekly } from '../model/hazard.ts';
import { Membership, NEVER_BEFORE, isFunded, type State } from '../model/state.ts';
import { chanceOf, fastExp } from '../math/fast.ts';

const { quantity, flag, effect, section } = paramsFor({ lesson: 1 });

export const protocolSchema = section('Unit standard', 'Whether each site adopts the intervention as its written standard and trains its staff in it.', {
  standard: flag({
    title: 'Unit standard',
    description:
      'Whether the programme asks each site to adopt the intervention as its written standard (one checklist or care bundle, with a named local lead who trains the staff), as Keystone and ASCQI did. Off: staff take up the practice one by one, through the programme\'s pull and their peers.',
    default: false,
    neutral: false,
  }),
  decisionPerYear: quantity({
    title: 'Decision to adopt the standard',
    description: 'Yearly hazard that a member site (onboarding or active, while funded), with leadership of average support, makes the intervention its written standard.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 4,
  }),
  trainingPerYear: quantity({
    title: 'Training in the standard',
    description:
      'Yearly hazard that a staff member who does not practise is trained in the unit\'s standard and starts trying it, at a fully reached site, for a practice of middling standardisation and complexity.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 4,
    neutral: 0,
  }),
  effects: section('Unit standard effects', 'How the site and the practice shape the decision and the training.', {
    leadership: effect({ title: 'Leadership on the decision', description: 'Log hazard ratio of the decision per unit of the site\'s leadership support.', default: 2.0 }),
    standardisation: effect({
      title: 'Standardisation on training',
      description: 'Log hazard ratio of training per unit of standardisation (one written version fits every site).',
      default: 2.0,
    }),
    complexity: effect({
      title: 'Complexity on training',
      description: 'Log hazard ratio of training lost per unit of complexity (a pathway redesign cannot be taught as a checklist).',
      default: 2.0,
    }),
  }),
});

/** Whether a site has made the intervention its written standard. */
export function hasStandard(state: State, s: number): boolean {
  return state.sites.standardSince[s] !== NEVER_BEFORE;
}

/** The week's decisions, and each site's training hazard for its staff (read by the practice step). */
export function stepProtocol(state: State): void {
  const sites = state.sites;
  const p = state.scenario.protocol;
  if (!p.standard) return;
  const challenge = state.scenario.challenge;
  const funded = isFunded(state);
  const decision = weekly(p.decisionPerYear);
  const training = weekly(p.trainingPerYear) * fastExp(p.effects.standardisation * centred(challenge.standardisation) - p.effects.complexity * centred(challenge.complexity));
  const rng = state.streams.standards;
  for (let s = 0; s < sites.invited; s++) {
    if (!hasStandard(state, s)) {
      sites.trainingRate[s] = 0;
      const m = sites.membership[s];
      if (!funded || (m !== Membership.active && m !== Membership.onboarding) || decision <= 0) continue;
      if (rng() >= chanceOf(decision * fastExp(p.effects.leadership * centred(sites.leadership[s])))) continue;
      sites.standardSince[s] = state.week;
      state.events.push({ week: state.week, kind: 'standardAdopted', site: s, value: 0 });
    }
    sites.trainingRate[s] = training * sites.presence[s];
  }
}
