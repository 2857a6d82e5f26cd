/**
 * Lesson 5: start with a clear theory of change, but review and adapt. The intervention is a set
 * of components whose true effectiveness is hidden from the programme; its emphasis on each
 * (weights summing to 1) sets the quality of what sites deliver, sum(weight x effectiveness).
 * An effectiveness of 1 delivers the whole achievable gain, so a programme whose components are
 * all evidence-based gives each 1, and the outcome's best achievable value then means what the
 * clinical evidence says the practice achieves when fully delivered (issue #10); a component the
 * evidence or the description calls weak keeps a lower value.
 * At each review the core team estimates every component's effectiveness from the data it has
 * seen since the last review; the estimate's noise shrinks with the information in that data
 * (reporting sites x observability x data quality x completeness x time). It moves its emphasis
 * part of the way toward a softmax of the estimates. Every change costs: practising staff are set
 * back to trying in proportion to the change, routine is disrupted, and sites spend hours
 * re-training. Reviewing too often therefore churns on noise.
 */
import { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';
import { normal } from '../random/distributions.ts';
import { Membership, Practice, isFunded, isTakingPart, practiceOf, type State } from '../model/state.ts';
import { setPractice } from '../model/practice-change.ts';
import { commonality } from './context.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';

const { quantity, share, section } = paramsFor({ lesson: 5 });

const component = z
  .strictObject({
    name: z.string().min(1).max(80).meta({ title: 'Component', description: 'What this part of the intervention is.' }),
    effectiveness: share({
      title: 'True effectiveness',
      description: 'Share of the achievable gain this component delivers when fully emphasised (hidden from the programme); 1 for a component the evidence says works as designed.',
      default: 0.5,
    }),
    initialWeight: quantity({
      title: 'Initial emphasis',
      description: 'Emphasis the starting theory of change puts on this component (normalised across components).',
      unit: 'weight',
      min: 0,
      max: 100,
      default: 1,
    }),
  })
  .meta({ title: 'Intervention component', description: 'One part of the intervention, with its hidden effectiveness.' });

const DEFAULT_COMPONENTS = [
  { name: 'Checklist at the point of care', effectiveness: 0.9, initialWeight: 4 },
  { name: 'Staff education', effectiveness: 0.6, initialWeight: 3 },
  { name: 'Audit and feedback', effectiveness: 0.7, initialWeight: 2 },
  { name: 'Posters and reminders', effectiveness: 0.2, initialWeight: 1 },
];

export const theoryOfChangeSchema = section('Theory of change', 'What the intervention is, and how the programme learns what works.', {
  components: z
    .array(component)
    .min(1)
    .max(12)
    .default(DEFAULT_COMPONENTS)
    .meta({ title: 'Components', description: 'The parts of the intervention and the starting emphasis on each.', lesson: 5 }),
  reviewIntervalWeeks: quantity({
    title: 'Review interval',
    description: 'Weeks between reviews of the theory of change against the data (0 = never review).',
    unit: 'weeks',
    min: 0,
    max: 520,
    default: 26,
    integer: true,
    neutral: 0,
  }),
  adaptationRate: share({
    title: 'Adaptation',
    description: 'How far each review moves the emphasis toward what the data suggest.',
    default: 0.5,
  }),
  learningNoise: quantity({
    title: 'Learning noise',
    description: 'Error in estimating a component\'s effectiveness from one unit of information.',
    unit: 'share',
    min: 0,
    max: 5,
    default: 0.25,
  }),
  beliefSharpness: quantity({
    title: 'Decisiveness',
    description: 'How strongly the programme concentrates emphasis on the components it believes work best.',
    unit: 'per unit effectiveness',
    min: 0,
    max: 100,
    default: 8,
  }),
  retrainingSetback: share({
    title: 'Re-training setback',
    description: 'Share of practising staff set back to trying, per unit of change in the intervention.',
    default: 0.4,
  }),
  retrainingHours: quantity({
    title: 'Re-training time',
    description: 'Improvement hours per week a site spends re-training for a few weeks after each change.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 3,
  }),
});

/** Normalised starting weights and the quality they give. */
export function initialTheory(state: State): void {
  const comps = state.scenario.theoryOfChange.components;
  const total = comps.reduce((sum, c) => sum + c.initialWeight, 0);
  const w = state.programme.theoryWeights;
  for (let k = 0; k < comps.length; k++) w[k] = total > 0 ? comps[k].initialWeight / total : 1 / comps.length;
  state.programme.theoryQuality = theoryQuality(state);
}

export function theoryQuality(state: State): number {
  const comps = state.scenario.theoryOfChange.components;
  let q = 0;
  for (let k = 0; k < comps.length; k++) q += state.programme.theoryWeights[k] * comps[k].effectiveness;
  return q;
}

export function stepTheoryOfChange(state: State): void {
  const p = state.scenario.theoryOfChange;
  const prog = state.programme;
  const week = state.week;
  const scheduled = p.reviewIntervalWeeks > 0 && week !== 0 && week % p.reviewIntervalWeeks === 0;
  // A review the core team asks for (a played session) happens this week, on schedule or not.
  const asked = prog.reviewRequested === 1;
  prog.reviewRequested = 0;
  if (!(scheduled || asked) || !isFunded(state)) return;
  const information = informationSince(state, prog.lastReviewWeek);
  prog.lastReviewWeek = week;
  if (information <= 0) return;
  const comps = p.components;
  const sd = p.learningNoise / Math.sqrt(information);
  const rng = state.streams.learning;
  const belief = comps.map((c) => p.beliefSharpness * (c.effectiveness + normal(rng, 0, sd)));
  const top = Math.max(...belief);
  const exp = belief.map((b) => dmath.exp(b - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  let change = 0;
  for (let k = 0; k < comps.length; k++) {
    const next = (1 - p.adaptationRate) * prog.theoryWeights[k] + (p.adaptationRate * exp[k]) / sum;
    change += Math.abs(next - prog.theoryWeights[k]) / 2;
    prog.theoryWeights[k] = next;
  }
  prog.theoryQuality = theoryQuality(state);
  state.events.push({ week, kind: 'theoryReviewed', site: -1, value: change });
  if (change > 0) retrain(state, change);
}

/** Information in the data reported since the last review, in units of 26 site-weeks of clear data. */
function informationSince(state: State, lastReviewWeek: number): number {
  const sites = state.sites;
  let perWeek = 0;
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (m !== Membership.active && m !== Membership.passive) continue;
    perWeek += sites.engagement[s] * sites.observability[s] * sites.dataQuality[s] * sites.completeness[s];
  }
  // Sites that each customise the intervention are hard to compare: commonality scales what is learnt.
  return (perWeek * (state.week - lastReviewWeek) * commonality(state.scenario)) / K.informationWeeks;
}

/** Set practising staff back in proportion to the change, and book re-training time. */
function retrain(state: State, change: number): void {
  const p = state.scenario.theoryOfChange;
  const sites = state.sites;
  const staff = state.staff;
  const rng = state.streams.learning;
  const setback = Math.min(1, change * p.retrainingSetback);
  for (let s = 0; s < sites.invited; s++) {
    if (!isTakingPart(sites.membership[s])) continue;
    sites.retrainingUntil[s] = state.week + K.retrainingWeeks;
    if (setback <= 0) continue;
    const end = sites.staffStart[s] + sites.staffCount[s];
    for (let i = sites.staffStart[s]; i < end; i++) {
      const st = practiceOf(staff, i);
      if (st === Practice.adopted && rng() < setback) setPractice(state, i, Practice.trying);
      else if (st === Practice.routinised && rng() < setback / 2) setPractice(state, i, Practice.adopted);
    }
  }
}
