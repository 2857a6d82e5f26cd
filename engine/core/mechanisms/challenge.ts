/**
 * Lesson 1: choose the right challenge. The practice's attractiveness (evidence, relative
 * advantage, low complexity) scales both routes of adoption; complexity also makes trials fail
 * more often. How often the outcome event happens sets how observable results are (used by the
 * data mechanism), and the share of the gap clinicians control caps what practice alone can do
 * (used by the performance mechanism).
 */
import { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';
import { centred } from '../model/hazard.ts';
import type { State } from '../model/state.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 1 });

export const challengeSchema = section('The challenge', 'The evidence-practice gap the community sets out to close.', {
  name: z
    .string()
    .min(1)
    .max(200)
    .default('Evidence-based care bundle')
    .meta({ title: 'Challenge', description: 'What the community is trying to improve.', lesson: 1 }),
  evidenceStrength: share({
    title: 'Strength of evidence',
    description: 'How strong and widely accepted the evidence behind the practice is.',
    default: 0.7,
    neutral: 0.5,
  }),
  complexity: share({
    title: 'Complexity',
    description: 'How hard the practice is to learn and deliver (a checklist is low, a pathway redesign high).',
    default: 0.4,
    neutral: 0.5,
  }),
  relativeAdvantage: share({
    title: 'Relative advantage',
    description: 'How clearly the practice beats what staff do now, in their own eyes.',
    default: 0.6,
    neutral: 0.5,
  }),
  standardisation: share({
    title: 'Standardisable',
    description: 'How far one version of the intervention can work at every site.',
    default: 0.6,
  }),
  clinicianControl: share({
    title: 'Clinician control',
    description: 'Share of the gap front-line clinicians can close by their own practice; the rest needs organisational change.',
    default: 0.85,
  }),
  systemChangePerYear: quantity({
    title: 'Organisational change',
    description: 'Rate at which a well-led member site closes the part of the gap clinicians do not control.',
    unit: 'per year',
    min: 0,
    max: 5,
    default: 0.3,
  }),
  outcome: section('Outcome measure', 'How performance is measured, in the programme\'s own unit.', {
    measure: choice({
      title: 'Kind of measure',
      description: 'A percentage of patients (from audits of cases), a rate per exposure (from event counts), or a continuous measure averaged over cases (waiting days, length of stay).',
      options: ['percent', 'rate', 'continuous'],
      default: 'percent',
      optionTitles: { percent: 'Percentage of patients', rate: 'Rate per exposure', continuous: 'Continuous measure' },
    }),
    label: z
      .string()
      .min(1)
      .max(200)
      .default('Patients receiving the full care bundle')
      .meta({ title: 'Outcome', description: 'What the measure counts, as charts should label it.', lesson: 1 }),
    unitLabel: z
      .string()
      .min(1)
      .max(60)
      .optional()
      .meta({
        title: 'Unit',
        description: "The unit as charts should show it; defaults to '%' or 'per 1,000 exposure days' (a continuous measure must name its own, such as 'days').",
        lesson: 1,
      }),
    baseline: quantity({
      title: 'Baseline',
      description: 'Average performance across sites before the programme, in the unit of the measure.',
      unit: 'outcome unit',
      min: 0,
      max: 100_000,
      default: 45,
    }),
    best: quantity({
      title: 'Best achievable',
      description: 'Performance when the practice is fully delivered everywhere (below baseline when lower is better).',
      unit: 'outcome unit',
      min: 0,
      max: 100_000,
      default: 95,
    }),
    baselineSpread: quantity({
      title: 'Spread of baselines',
      description: 'Standard deviation of site baselines around the average.',
      unit: 'outcome unit',
      min: 0,
      max: 100_000,
      default: 10,
    }),
    baselineShape: choice({
      title: 'Shape of baselines',
      description:
        'How site baselines spread around the average: normal (symmetric), or lognormal (right-skewed: most sites near a low value and a few far above it, as infection rates across units often are; the median then lies below the mean). Either way the mean is the baseline and the standard deviation the spread.',
      options: ['normal', 'lognormal'],
      default: 'normal',
    }),
    casesPerSiteWeek: quantity({
      title: 'Cases per site-week',
      description: 'Patients audited per site per week (percent), or exposure days per site per week (rate).',
      unit: 'cases per week',
      min: 0.01,
      max: 1_000_000,
      default: 10,
    }),
    caseSpread: quantity({
      title: 'Spread between cases',
      description: 'For a continuous measure: standard deviation of one case\'s value around the site\'s mean (sampling noise of a period\'s average).',
      unit: 'outcome unit',
      min: 0,
      max: 100_000,
      default: 10,
    }),
    ratePer: quantity({
      title: 'Rate denominator',
      description: 'Exposure days per which a rate is expressed (1,000 for per 1,000 catheter-days).',
      unit: 'exposure days',
      min: 1,
      max: 1_000_000,
      default: 1000,
      integer: true,
    }),
  }),
  effects: section('Challenge effects', 'How strongly the nature of the challenge shapes adoption.', {
    evidence: effect({ title: 'Evidence on adoption', description: 'Log hazard ratio per unit of evidence strength.', default: 1.2 }),
    advantage: effect({ title: 'Advantage on adoption', description: 'Log hazard ratio per unit of relative advantage.', default: 0.8 }),
    complexity: effect({ title: 'Complexity on adoption', description: 'Log hazard ratio lost per unit of complexity.', default: 1.2 }),
    complexityTrial: effect({
      title: 'Complexity on trials',
      description: 'Log odds of a successful trial lost per unit of complexity.',
      default: 1.5,
    }),
  }),
});

export type ChallengeParams = z.infer<typeof challengeSchema>;

/** The challenge's fixed contribution to the log hazard of adopting. */
export function attractiveness(c: ChallengeParams): number {
  const e = c.effects;
  return e.evidence * centred(c.evidenceStrength) + e.advantage * centred(c.relativeAdvantage) - e.complexity * centred(c.complexity);
}

/** Whether the measure improves upward (a bundle delivered) or downward (an infection rate). */
export function isHigherBetter(c: ChallengeParams): boolean {
  return c.outcome.best >= c.outcome.baseline;
}

/**
 * The range an outcome value cannot leave: a percentage of patients lies in 0 to 100, a rate is
 * never negative; a continuous measure has no bound the model knows.
 */
export function outcomeBounds(c: ChallengeParams): readonly [number, number] | undefined {
  if (c.outcome.measure === 'percent') return [0, 100];
  if (c.outcome.measure === 'rate') return [0, Infinity];
  return undefined;
}

export function unitLabel(c: ChallengeParams): string {
  if (c.outcome.unitLabel !== undefined) return c.outcome.unitLabel;
  return c.outcome.measure === 'percent' ? '%' : c.outcome.measure === 'rate' ? `per ${c.outcome.ratePer.toLocaleString('en-GB')} exposure days` : 'per case';
}

export function stepChallenge(state: State): void {
  const c = state.scenario.challenge;
  const attract = attractiveness(c);
  const trial = -c.effects.complexityTrial * centred(c.complexity);
  const sg = state.siteGroups;
  for (let k = 0; k < sg.etaExternal.length; k++) {
    sg.etaExternal[k] += attract;
    sg.etaPeer[k] += attract;
    sg.etaTrial[k] += trial;
  }
}
