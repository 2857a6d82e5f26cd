/**
 * Lesson 8: find a balance between hard and soft tactics. Hardness (0 soft only, 1 hard only) is
 * the share of the programme's influence that comes from mandatory reporting, targets, sanctions
 * and limits on customisation; named league tables add to it. Hard pressure opens a third,
 * extrinsic route to adoption, fast and strongest among the least motivated, and more effective
 * where the intervention is standardised, the evidence strong and peers already practise (the
 * synergy of vertical and horizontal forces). Its acceptance rises with the core team's
 * legitimacy and credibility and falls with a site's punitive history; it breeds reactance that
 * erodes intrinsic motivation, and conflict (lesson 7) and gaming (lesson 9). Soft tactics (peer
 * persuasion, professional identity, stories) slowly raise intrinsic motivation, more so among
 * staff who belong. Practice adopted under pressure routinises slowly and, unless internalised,
 * decays fast once the pressure stops.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, logistic, weekly } from '../model/hazard.ts';
import { isFunded, type State } from '../model/state.ts';

const { quantity, share, effect, section } = paramsFor({ lesson: 8 });

export const tacticsSchema = section('Hard and soft tactics', 'How the programme exerts influence: pressure from above, persuasion among peers.', {
  hardness: share({
    title: 'Hardness',
    description: 'Balance of tactics: 0 soft only (persuasion, identity, stories), 1 hard only (mandates, targets, sanctions).',
    default: 0.4,
    neutral: 0,
  }),
  namedTablePressure: share({
    title: 'Pressure of named league tables',
    description: 'Hard pressure added when sites are compared in named league tables.',
    default: 0.3,
  }),
  pressurePerYear: quantity({
    title: 'Pull of pressure',
    description: 'Adoption hazard of an unmotivated person under full, accepted hard pressure, per year.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1.5,
  }),
  softMotivationPerYear: quantity({
    title: 'Motivation from soft tactics',
    description: 'Rate at which full soft tactics raise intrinsic motivation, per year.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.4,
  }),
  reactancePerYear: quantity({
    title: 'Reactance',
    description: 'Rate at which a programme perceived as fully punitive erodes intrinsic motivation, per year.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1.0,
  }),
  internalisationPerYear: quantity({
    title: 'Internalisation',
    description: 'Rate at which a fully motivated person comes to own practice first adopted under pressure, under soft tactics only (less as hardness rises).',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 5.0,
  }),
  extrinsicAbandonMultiplier: quantity({
    title: 'Decay once pressure stops',
    description: 'How many times faster practice adopted under pressure is abandoned once the pressure stops.',
    unit: 'multiplier',
    min: 1,
    max: 100,
    default: 5,
  }),
  historyPerception: share({
    title: 'History read into the programme',
    description: 'How far staff read any programme, however soft and learning-framed, through their site\'s history of punitive initiatives (the share of that history that makes it look punitive).',
    default: 0.3,
  }),
  extrinsicRoutinisation: share({
    title: 'Routine under pressure',
    description: 'Rate at which practice adopted under pressure becomes routine, relative to owned practice.',
    default: 0.3,
  }),
  effects: section('Tactics effects', 'How context shapes the acceptance of hard tactics and reactance to them.', {
    legitimacyAcceptance: effect({ title: 'Legitimacy on acceptance', description: 'Log odds of accepting hard tactics per unit of core-team legitimacy.', default: 3.0 }),
    credibilityAcceptance: effect({ title: 'Credibility on acceptance', description: 'Log odds of accepting hard tactics per unit of core-team credibility.', default: 1.5 }),
    punitiveAcceptance: effect({ title: 'Punitive history on acceptance', description: 'Log odds of accepting hard tactics lost per unit of punitive history.', default: 3.0 }),
    standardisation: effect({ title: 'Standardisation on pressure', description: 'Log hazard ratio of the pressure route per unit of standardisation.', default: 1.5 }),
    evidence: effect({ title: 'Evidence on pressure', description: 'Log hazard ratio of the pressure route per unit of evidence strength.', default: 1.5 }),
    doseAcceptance: effect({ title: 'Dose on acceptance', description: 'Log odds of accepting hard tactics lost per unit of hardness (heavy mandates read as punitive).', default: 3.0 }),
    synergy: effect({ title: 'Synergy with peers', description: 'Pressure route multiplied by 1 + synergy x the share of practising contacts.', default: 2.0 }),
    pressurePeer: effect({
      title: 'Pressure on peer influence',
      description: 'Log hazard ratio of the peer route per unit of accepted hard pressure (explicit standards make peer norms bite).',
      default: 3.0,
    }),
    pressureRoutine: effect({
      title: 'Pressure on routine',
      description: 'Log hazard ratio of routinisation per unit of accepted hard pressure (standard work and audit embed the practice).',
      default: 2.0,
    }),
  }),
});

/**
 * How far sites accept hard tactics as legitimate, 0..1: higher with the core team's legitimacy
 * and credibility, lower with the site's punitive history and with the dose of hardness itself
 * (mandates read as fair in moderation, as punitive when heavy).
 */
export function acceptance(state: State, s: number, hardness: number): number {
  const e = state.scenario.tactics.effects;
  const core = state.scenario.coreTeam;
  return logistic(
    e.legitimacyAcceptance * centred(core.legitimacy) +
      e.credibilityAcceptance * centred(core.credibility) -
      e.punitiveAcceptance * centred(state.sites.punitiveHistory[s]) -
      e.doseAcceptance * centred(hardness),
  );
}

export function stepTactics(state: State): void {
  const p = state.scenario.tactics;
  const challenge = state.scenario.challenge;
  const e = p.effects;
  const sites = state.sites;
  const sg = state.siteGroups;
  const G = sg.groups;
  const funded = isFunded(state);
  const named = state.scenario.data.comparison === 'named' ? p.namedTablePressure : 0;
  const rawHard = Math.min(1, p.hardness + named);
  const pressureEta = e.standardisation * centred(challenge.standardisation) + e.evidence * centred(challenge.evidenceStrength);
  const soft = weekly(p.softMotivationPerYear) * (1 - p.hardness);
  const reactance = weekly(p.reactancePerYear);
  const framing = state.scenario.data.framing === 'surveillance' ? state.scenario.data.surveillancePerception : 0;
  for (let s = 0; s < sites.invited; s++) {
    const presence = sites.presence[s];
    const underPressure = funded && presence > 0 && rawHard > 0;
    const accepted = acceptance(state, s, rawHard);
    // Accepted pressure drives compliance; the unaccepted rest, with surveillance framing and the
    // site's punitive history, makes the programme look punitive, which breeds reactance.
    const unaccepted = underPressure ? rawHard * (1 - accepted) : 0;
    const perceived = presence > 0 ? 1 - (1 - unaccepted) * (1 - framing) * (1 - p.historyPerception * sites.punitiveHistory[s]) : 0;
    sites.perceivedPunitiveness[s] = perceived;
    sites.hardPressure[s] = underPressure ? rawHard * accepted * presence : 0;
    sites.reactanceRate[s] = reactance * perceived * presence;
    sites.softRate[s] = soft * presence;
    if (!underPressure) continue;
    const peer = e.pressurePeer * sites.hardPressure[s];
    const routine = e.pressureRoutine * sites.hardPressure[s];
    for (let g = 0; g < G; g++) {
      const k = s * G + g;
      sg.etaPressure[k] += pressureEta;
      sg.etaPeer[k] += peer;
      sg.etaRoutine[k] += routine;
    }
  }
}
