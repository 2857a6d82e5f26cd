/**
 * The practice kernel: every staff member's adoption, trial, routine and abandonment, week by
 * week. Adoption is a proportional-hazards extension of the Bass model with three routes,
 *
 *   hazard = e^{a_i} ((p_s + t_s) * iota_i + q_s * G(F_i) * e^{b_i}) + x_s * (1 - m_i) * (1 + sigma F_i),
 *
 * where p_s and q_s are the weekly external and peer rates at the person's site and group, t_s
 * the training hazard at a site that made the intervention its written standard (protocol.ts),
 * multiplied by e^eta from every mechanism (lessons 1-10), x_s the accepted hard pressure
 * (lesson 8), F_i the share of the person's contacts who practise (mixed, for site-team members,
 * with practice seen at partner sites), G the simple (G(F) = F) or complex (G(F) = 1 if F >= the
 * person's threshold) contagion, iota_i innovativeness, a_i = beta_m (m_i - 1/2) - beta_f f_i the
 * person's motivation and fatigue, and b_i = beta_b (b_i - 1/2) their belonging. With every
 * modifier neutral this is exactly the Bass hazard p + q F, stepped as 1 - e^-hazard per week.
 * Updates are synchronous: everyone sees their contacts as they were at the start of the week.
 * Each person carries an exponential clock (the integrated-hazard method): the week's total
 * hazard is taken off it, and an event happens when it runs out, which is exactly a weekly
 * chance of 1 - e^-hazard, with one random draw per event instead of one per person per week.
 * Staff turnover replaces people (newcomers learn a routinised practice at induction).
 */
import { paramsFor } from '../scenario/param.ts';
import { betaMeanSd, geometricWeeks, normal } from '../random/distributions.ts';
import { clamp, logit, weekly } from '../model/hazard.ts';
import { GROUP_MASK, GROUP_SHIFT, PRACTICE_COUNT, PRACTICE_MASK, Practice, STAFF_STRIDE, StaffField, StaffFlag, StaffTrait, TRAIT_STRIDE, type State } from '../model/state.ts';
import { setPractice } from '../model/practice-change.ts';
import { chanceOf, exponentialClock, fastExp, fastLog } from '../math/fast.ts';
import { loseChampion } from './context.ts';
import { measurementBurdenHours } from './data.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';

const { quantity, share, effect, section } = paramsFor({ topic: 'practice' });

export const practiceSchema = section('Adoption and sustainment', 'How staff take up the practice, make it routine, and let it go.', {
  externalPerYear: quantity({
    title: 'External pull (Bass p)',
    description: 'Yearly hazard of adopting from the programme\'s own pull, for an average person at an active site.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.06,
  }),
  peerPerYear: quantity({
    title: 'Peer influence (Bass q)',
    description: 'Yearly hazard of adopting when every contact practises, for an average person.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1,
  }),
  trialWeeks: quantity({
    title: 'Trial period',
    description: 'Average weeks a person tries the practice before it sticks or is dropped (0 = adopt at once).',
    unit: 'weeks',
    min: 0,
    max: 104,
    default: 6,
    neutral: 0,
  }),
  trialSuccess: share({ title: 'Trial success', description: 'Chance that an average trial ends in adoption rather than abandonment.', default: 0.7 }),
  tryingWeight: share({ title: 'Practice while trying', description: 'How much of the practice a person delivers while still trying it.', default: 0.5 }),
  routinisationWeeks: quantity({
    title: 'Time to routine',
    description: 'Average weeks of sustained use before practice becomes routine, for an average person.',
    unit: 'weeks',
    min: 1,
    max: 1040,
    default: 80,
  }),
  abandonPerYear: quantity({
    title: 'Abandonment',
    description: 'Yearly hazard that adopted, not yet routine practice is abandoned at a supported site.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.3,
    neutral: 0,
  }),
  unsupportedAbandonMultiplier: quantity({
    title: 'Abandonment without support',
    description: 'How many times faster non-routine practice is abandoned once programme support ends or the site leaves.',
    unit: 'multiplier',
    min: 1,
    max: 50,
    default: 3,
    neutral: 1,
  }),
  routineDecayPerYear: quantity({
    title: 'Erosion of routine',
    description: 'Yearly hazard that routine practice loses its routine status at a supported site (faster without support).',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 0.08,
    neutral: 0,
  }),
  readoption: share({ title: 'Readoption', description: 'Pull to re-adopt after abandoning, relative to first adoption.', default: 0.3 }),
  inductionShare: share({
    title: 'Induction',
    description: 'Chance a newcomer learns the practice at induction, at a site where all practice is routine.',
    default: 0.7,
  }),
  innovativenessSpread: quantity({
    title: 'Spread of innovativeness',
    description: 'Standard deviation of log innovativeness between people (0 = all alike).',
    unit: 'log scale',
    min: 0,
    max: 3,
    default: 0.5,
    neutral: 0,
  }),
  motivationMean: share({ title: 'Intrinsic motivation', description: 'Average intrinsic motivation of staff before the programme.', default: 0.5 }),
  motivationSpread: share({ title: 'Spread of motivation', description: 'Standard deviation of intrinsic motivation between people.', default: 0.22 }),
  fatiguePerYear: quantity({
    title: 'Fatigue response',
    description: 'Rate at which fatigue follows the load of competing initiatives and measurement.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 2,
  }),
  changeDip: share({
    title: 'Worse before better',
    description: 'Share of its gap a site loses per unit share of its staff trying the practice, where it has no improvement capability (change disrupts care before it improves it; capability buffers the dip).',
    default: 0.6,
    neutral: 0,
    advanced: true,
  }),
  fatigueHarm: share({
    title: 'Harm from change fatigue',
    description: 'Share of its gap a member site loses per unit of its staff\'s fatigue (stretched staff make more slips).',
    default: 0.05,
    neutral: 0,
    advanced: true,
  }),
  effects: section('Practice effects', 'How strongly a person\'s motivation and fatigue shape their practice.', {
    motivation: effect({ title: 'Motivation on adoption', description: 'Log hazard ratio of adoption per unit of intrinsic motivation.', default: 3.0 }),
    motivationTrial: effect({ title: 'Motivation on trials', description: 'Log odds of a successful trial per unit of intrinsic motivation.', default: 1.0 }),
    motivationAbandon: effect({ title: 'Motivation on abandonment', description: 'Log hazard ratio of abandonment lost per unit of intrinsic motivation.', default: 1.5 }),
    motivationRoutine: effect({ title: 'Motivation on routine', description: 'Log hazard ratio of routinisation per unit of intrinsic motivation.', default: 1.0 }),
    fatigueAdoption: effect({ title: 'Fatigue on adoption', description: 'Log hazard ratio of adoption lost per unit of fatigue.', default: 1.5 }),
    fatigueAbandon: effect({ title: 'Fatigue on abandonment', description: 'Log hazard ratio of abandonment per unit of fatigue.', default: 1.0 }),
  }),
});

function prepareHazards(state: State): void {
  const sc = state.scenario;
  const pr = sc.practice;
  const t = sc.tactics;
  const sites = state.sites;
  const sg = state.siteGroups;
  const k = state.kernel;
  const G = sg.groups;
  const p = weekly(pr.externalPerYear);
  const q = weekly(pr.peerPerYear);
  const x = weekly(t.pressurePerYear);
  const trial = logit(pr.trialSuccess);
  const abandon = weekly(pr.abandonPerYear);
  const routine = 1 / pr.routinisationWeeks;
  const routineDecay = weekly(pr.routineDecayPerYear);
  // The multiplier is at least 1 (schema), so its log is an ordinary number.
  const logUnsupported = fastLog(pr.unsupportedAbandonMultiplier);
  for (let s = 0; s < sites.count; s++) {
    const presence = sites.presence[s];
    const hard = sites.hardPressure[s];
    if (isQuiet(state, s)) continue;
    // The programme is one more initiative on top of the site's others: fatigue builds while it
    // reaches the site, and fades once it no longer does.
    const load = presence > 0 ? K.fatigueCompeting * sites.competingInitiatives[s] : 0;
    const measurement = presence > 0 ? measurementBurdenHours(state, s) : 0;
    const burden = presence > 0 ? measurement / (measurement + Math.max(0, sites.timeBudget[s]) + 1) : 0;
    sites.fatigueLoadStaff[s] = load;
    sites.fatigueLoadTeam[s] = load + K.fatigueBurden * burden;
    // Full support (an active member while funded) gives the base rates; none multiplies them by
    // the unsupported multiplier; partial support (a passive site) lies between, geometrically.
    const training = sites.trainingRate[s];
    const support = sites.supported[s];
    const unsupported = support >= 1 ? 1 : support <= 0 ? pr.unsupportedAbandonMultiplier : fastExp((1 - support) * logUnsupported);
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      // Training in the unit's written standard is a route of its own, beside the pull.
      k.external[j] = (presence > 0 ? p * presence * fastExp(sg.etaExternal[j]) : 0) + training;
      k.peer[j] = q * fastExp(sg.etaPeer[j]);
      k.pressure[j] = hard > 0 ? x * hard * fastExp(sg.etaPressure[j]) : 0;
      k.trialLogit[j] = trial + sg.etaTrial[j];
      const decay = fastExp(sg.etaDecay[j]);
      k.abandon[j] = abandon * decay * unsupported;
      k.routine[j] = routine * fastExp(sg.etaRoutine[j]);
      k.routineDecay[j] = routineDecay * decay * unsupported;
    }
  }
}

/** Scenario constants of the practice step, gathered once a week. */
interface KernelConstants {
  week: number;
  groups: number;
  complete: boolean;
  complex: boolean;
  trialDone: number;
  trialOrAdopt: number;
  readoption: number;
  internalise: number;
  extrinsicRoutine: number;
  extrinsicAbandon: number;
  synergy: number;
  belongingKeep: number;
  spill: number;
  fatigueRate: number;
  bM: number;
  bF: number;
  bB: number;
  bMT: number;
  bMA: number;
  bMR: number;
  bFA: number;
}

function kernelConstants(state: State): KernelConstants {
  const sc = state.scenario;
  const pr = sc.practice;
  const e = pr.effects;
  const t = sc.tactics;
  return {
    week: state.week,
    groups: state.siteGroups.groups,
    complete: sc.community.network.kind === 'complete',
    complex: sc.belonging.contagion === 'complex',
    // The weekly hazard whose chance per week is 1 / trialWeeks (certain for a week or less).
    trialDone: pr.trialWeeks > 1 ? -dmath.log(1 - 1 / pr.trialWeeks) : Infinity,
    trialOrAdopt: pr.trialWeeks > 0 ? Practice.trying : Practice.adopted,
    readoption: pr.readoption,
    // Soft tactics (persuasion, identity) are what turn compliance into ownership.
    internalise: weekly(t.internalisationPerYear) * (1 - t.hardness),
    extrinsicRoutine: t.extrinsicRoutinisation,
    extrinsicAbandon: t.extrinsicAbandonMultiplier,
    synergy: t.effects.synergy,
    belongingKeep: dmath.pow(0.5, 1 / sc.belonging.halfLifeWeeks),
    spill: sc.belonging.staffSpillover,
    fatigueRate: weekly(pr.fatiguePerYear),
    bM: e.motivation,
    bF: e.fatigueAdoption,
    bB: sc.belonging.effects.peer,
    bMT: e.motivationTrial,
    bMA: e.motivationAbandon,
    bMR: e.motivationRoutine,
    bFA: e.fatigueAbandon,
  };
}

export function stepPractice(state: State): void {
  prepareHazards(state);
  const c = kernelConstants(state);
  const sites = state.sites;
  const leaveWeek = state.staff.leaveWeek;
  const k = state.kernel;
  for (let s = 0; s < sites.count; s++) {
    let changes = 0;
    if (isQuiet(state, s)) {
      // Nothing happens at a quiet site but turnover: visit its staff only in a week someone leaves.
      if (c.week < sites.nextLeaveWeek[s]) continue;
      const end = sites.staffStart[s] + sites.staffCount[s];
      let next = NEVER;
      for (let i = sites.staffStart[s]; i < end; i++) {
        if (leaveWeek[i] === c.week) changes = replace(state, i, changes);
        if (leaveWeek[i] < next) next = leaveWeek[i];
      }
      sites.nextLeaveWeek[s] = next;
    } else {
      changes = stepSiteStaff(state, c, s, changes);
    }
    // The site's changes take effect once all its staff have moved (a synchronous update within
    // the site). A change touches only its own site (its staff's neighbours are colleagues, and
    // the counts it moves are the site's, plus community totals the kernel never reads), so
    // applying them now, while the site's staff are still in the cache, gives the same numbers
    // as applying every site's at the end of the week, a little faster (2.6% at 100,000 staff).
    for (let n = 0; n < changes; n++) setPractice(state, k.changedAgent[n], k.changedTo[n]);
  }
}

/**
 * One week for every staff member of one site: personal dynamics (motivation, belonging,
 * fatigue), then at most one change of practice state, recorded to apply after everyone has
 * moved (synchronous update). Returns the new number of recorded changes.
 */
function stepSiteStaff(state: State, c: KernelConstants, s: number, changes: number): number {
  const sites = state.sites;
  const { code, attrs, traits, leaveWeek } = state.staff;
  const { external, peer, pressure, trialLogit, abandon: abandonRate, routine: routineRate, routineDecay, changedAgent, changedTo } = state.kernel;
  const belongingLoss = state.siteGroups.belongingLoss;
  const weights = state.practiceWeights;
  const rng = state.streams.practice;
  // Field offsets as locals: the loop below indexes with them some ten times per person.
  const { motivation: MOTIVATION, belonging: BELONGING, fatigue: FATIGUE, clock: CLOCK } = StaffField;
  const { neighbourPractice: NEIGHBOURS, inverseDegree: INVERSE_DEGREE, innovativeness: INNOVATION, threshold: THRESHOLD } = StaffTrait;
  const { week, complete, complex, trialDone, trialOrAdopt, synergy, belongingKeep, spill, fatigueRate, bM, bF, bB, bMT, bMA, bMR, bFA } = c;
  const base = s * c.groups;
  const start = sites.staffStart[s];
  const end = start + sites.staffCount[s];
  const soft = sites.softRate[s];
  const react = sites.reactanceRate[s];
  const personal = soft > 0 || react > 0;
  const help = sites.helpGain[s];
  const teamBelonging = sites.teamBelonging[s];
  const reach = sites.horizontalReach[s];
  const norm = sites.communityNorm[s];
  const loadTeam = sites.fatigueLoadTeam[s];
  const loadStaff = sites.fatigueLoadStaff[s];
  const underPressure = sites.hardPressure[s] > 0;
  const others = sites.staffCount[s] - 1;
  const siteWeight = sites.practiceWeight[s];
  let motivationSum = 0;
  let belongingSum = 0;
  let fatigueSum = 0;
  // The site team is the first staff of the site: its belonging is the sum up to teamEnd.
  const teamEnd = start + sites.teamCount[s];
  let teamSum = 0;
  for (let i = start, a = start * STAFF_STRIDE, t = start * TRAIT_STRIDE; i < end; i++, a += STAFF_STRIDE, t += TRAIT_STRIDE) {
    if (i === teamEnd) teamSum = belongingSum;
    if (leaveWeek[i] === week) {
      changes = replace(state, i, changes);
      motivationSum += attrs[a + MOTIVATION];
      belongingSum += attrs[a + BELONGING];
      continue;
    }
    const bits = code[i];
    const j = base + ((bits >> GROUP_SHIFT) & GROUP_MASK);
    const isTeam = (bits & StaffFlag.team) !== 0;
    // Slow personal dynamics: motivation, belonging, fatigue.
    let b = attrs[a + BELONGING];
    let m = attrs[a + MOTIVATION];
    if (personal) {
      m += soft * (0.5 + b) * (1 - m) - react * m;
      attrs[a + MOTIVATION] = m;
    }
    b = isTeam ? b * belongingKeep + help * (1 - b) : b + spill * (teamBelonging - b);
    b -= belongingLoss[j] * b;
    attrs[a + BELONGING] = b;
    let f = attrs[a + FATIGUE];
    f += fatigueRate * ((isTeam ? loadTeam : loadStaff) - f);
    attrs[a + FATIGUE] = f;
    motivationSum += m;
    belongingSum += b;
    fatigueSum += f;

    const st = bits & PRACTICE_MASK;
    let next = st;
    if (st === Practice.notAdopted || st === Practice.abandoned) {
      let exposure = complete
        ? others > 0 ? (siteWeight - weights[st]) / others : 0
        : traits[t + NEIGHBOURS] * traits[t + INVERSE_DEGREE];
      if (isTeam && reach > 0) {
        const r = reach * b;
        exposure = (1 - r) * exposure + r * norm;
      }
      const peerTerm = complex ? (exposure >= traits[t + THRESHOLD] ? 1 : 0) : exposure;
      let intrinsic = external[j] * traits[t + INNOVATION];
      if (peerTerm > 0) intrinsic += peer[j] * peerTerm * fastExp(bB * (b - 0.5));
      if (intrinsic > 0) intrinsic *= fastExp(bM * (m - 0.5) - bF * f);
      const extrinsic = pressure[j] > 0 ? pressure[j] * (1 - m) * (1 + synergy * exposure) : 0;
      const hazard = (intrinsic + extrinsic) * (st === Practice.abandoned ? c.readoption : 1);
      if (hazard > 0 && (attrs[a + CLOCK] -= hazard) <= 0) {
        next = trialOrAdopt;
        // Which route it was, in proportion to the routes' hazards.
        code[i] = rng() * (intrinsic + extrinsic) < extrinsic ? bits | StaffFlag.extrinsic : bits & ~StaffFlag.extrinsic;
        attrs[a + CLOCK] = exponentialClock(rng);
      }
    } else if (st === Practice.trying) {
      if ((attrs[a + CLOCK] -= trialDone) <= 0) {
        const success = 1 / (1 + fastExp(-(trialLogit[j] + bMT * (m - 0.5))));
        next = rng() < success ? Practice.adopted : Practice.abandoned;
        attrs[a + CLOCK] = exponentialClock(rng);
      }
    } else if (st === Practice.adopted) {
      // Competing risks: routine, abandonment and (for practice adopted under pressure)
      // internalisation. When the clock runs out, one draw picks which, in proportion.
      const extrinsic = (bits & StaffFlag.extrinsic) !== 0;
      const mc = m - 0.5;
      let routine = routineRate[j] * fastExp(bMR * mc);
      let abandon = abandonRate[j] * fastExp(bFA * f - bMA * mc);
      let own = 0;
      if (extrinsic) {
        routine *= c.extrinsicRoutine;
        if (!underPressure) abandon *= c.extrinsicAbandon;
        own = c.internalise * m;
      }
      const total = routine + abandon + own;
      if ((attrs[a + CLOCK] -= total) <= 0) {
        const x = rng() * total;
        if (x < routine) {
          next = Practice.routinised;
          code[i] = bits & ~StaffFlag.extrinsic;
        } else if (x < routine + abandon) next = Practice.abandoned;
        else code[i] = bits & ~StaffFlag.extrinsic;
        attrs[a + CLOCK] = exponentialClock(rng);
      }
    } else if (routineDecay[j] > 0 && (attrs[a + CLOCK] -= routineDecay[j]) <= 0) {
      // Routine erodes with the organisation (support, monitoring, conflict), not the person.
      next = Practice.adopted;
      attrs[a + CLOCK] = exponentialClock(rng);
    }
    if (next !== st) {
      changedAgent[changes] = i;
      changedTo[changes] = next;
      changes++;
    }
  }
  const n = Math.max(1, sites.staffCount[s]);
  sites.meanMotivation[s] = motivationSum / n;
  sites.meanBelonging[s] = belongingSum / n;
  // Read next week by the dropout and engagement hazards, the staff's spillover and the trace.
  sites.teamBelonging[s] = sites.teamCount[s] > 0 ? (teamEnd >= end ? belongingSum : teamSum) / sites.teamCount[s] : 0;
  sites.meanFatigue[s] = fatigueSum / n;
  return changes;
}

/**
 * A site the programme never reached and where nobody practises: nothing can change there this
 * week but turnover, so its hazards need not be computed.
 */
function isQuiet(state: State, s: number): boolean {
  const sites = state.sites;
  return !(s < sites.invited && sites.joinWeek[s] >= 0) && sites.practiceWeight[s] === 0 && sites.presence[s] === 0;
}

/** A person leaves and a newcomer takes their post (and their place in the network). */
function replace(state: State, i: number, changes: number): number {
  const sc = state.scenario;
  const pr = sc.practice;
  const staff = state.staff;
  const sites = state.sites;
  const sg = state.siteGroups;
  const rng = state.streams.turnover;
  const s = staff.site[i];
  if (staff.code[i] & StaffFlag.champion && sites.hasChampion[s]) loseChampion(state, s);
  // A member of a member site's improvement team takes part of its know-how with them.
  if (staff.code[i] & StaffFlag.team && sites.joinWeek[s] >= 0) sites.capability[s] *= 1 - K.leaverKnowHow / Math.max(1, sites.teamCount[s]);
  // The post keeps its group and its place in the site team; the person is new.
  staff.code[i] &= (GROUP_MASK << GROUP_SHIFT) | StaffFlag.team | PRACTICE_MASK;
  const a = i * STAFF_STRIDE;
  drawPerson(state, i, rng, 0);
  let routinised = 0;
  for (let g = 0; g < sg.groups; g++) routinised += sg.practiceCount[(s * sg.groups + g) * PRACTICE_COUNT + Practice.routinised];
  const inducted = rng() < pr.inductionShare * (routinised / Math.max(1, sites.staffCount[s]));
  staff.leaveWeek[i] = leaveWeekAfter(state.week, rng, turnoverProbability(state, s));
  staff.attrs[a + StaffField.clock] = exponentialClock(rng);
  const next = inducted ? Practice.adopted : Practice.notAdopted;
  if (next === (staff.code[i] & PRACTICE_MASK)) return changes;
  state.kernel.changedAgent[changes] = i;
  state.kernel.changedTo[changes] = next;
  return changes + 1;
}

/** Beyond any horizon: the person never leaves. */
export const NEVER = 0x7fffffff;

/** The week a person starting now will leave, given their weekly chance of leaving. */
export function leaveWeekAfter(week: number, rng: () => number, probabilityPerWeek: number): number {
  const wait = geometricWeeks(rng, probabilityPerWeek);
  return wait === Infinity || week + wait > NEVER ? NEVER : week + wait;
}

/** Weekly chance a person leaves: the yearly turnover, higher where staffing is unstable. */
export function turnoverProbability(state: State, s: number): number {
  const rate = state.scenario.resources.staffTurnoverPerYear;
  if (rate <= 0) return 0;
  const yearly = clamp(rate * (K.turnoverStability - state.sites.staffingStability[s]), 0, 0.999);
  // 1 - (1 - yearly)^(1/52), without the cancellation of 1 - x for x near 1.
  return chanceOf(-fastLog(1 - yearly) / 52);
}

/**
 * A new person's own traits: motivation (less any loss to a mandate), innovativeness and
 * threshold drawn, belonging at its starting level, no fatigue. Used at the start and for every
 * newcomer, from the stream given.
 */
export function drawPerson(state: State, i: number, rng: () => number, motivationLoss: number): void {
  const sc = state.scenario;
  const pr = sc.practice;
  const attrs = state.staff.attrs;
  const a = i * STAFF_STRIDE;
  attrs[a + StaffField.motivation] = Math.max(0, betaMeanSd(rng, pr.motivationMean, pr.motivationSpread) - motivationLoss);
  const t = i * TRAIT_STRIDE;
  state.staff.traits[t + StaffTrait.innovativeness] = innovativeness(rng, pr.innovativenessSpread);
  state.staff.traits[t + StaffTrait.threshold] = threshold(state, rng);
  attrs[a + StaffField.belonging] = sc.belonging.initialBelonging;
  attrs[a + StaffField.fatigue] = 0;
}

/** Innovativeness: log-normal with mean 1. */
export function innovativeness(rng: () => number, spread: number): number {
  return spread > 0 ? fastExp(normal(rng, -0.5 * spread * spread, spread)) : 1;
}

export function threshold(state: State, rng: () => number): number {
  const b = state.scenario.belonging;
  return clamp(normal(rng, b.thresholdMean, b.thresholdSpread), 0.01, 1);
}
