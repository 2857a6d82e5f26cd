/**
 * Lesson 4, the whole bill: what a programme costs beyond the money its budget shows. The budget
 * (resources.ts) buys backfill, coaching and learning events, and what it does not allocate to
 * them is overhead; the core team's time and the sites' own time on the programme (their
 * protected improvement time and the time they spend collecting data) are paid by the employers
 * whatever the budget says. This is accounting only: nothing here changes what happens, so a
 * design's costs can be compared without changing its outcomes.
 *
 * Each week it adds, at the rates this section sets: the core team's hours (during funding and,
 * at the post-funding hours, after); the overhead, spread evenly over the funded weeks; and each
 * member site's own time, in proportion to how far it takes part (active 1, passive and
 * onboarding less), its data time only while it collects data. The funder's components are
 * counted where they are spent (resources.ts, belonging.ts), per site as well as in total.
 *
 * What the money bought, in the outcome's own unit: each week, each site that joined adds the
 * programme's effect on it (its true performance less its no-programme path, in the better
 * direction) times its cases that week: for a percentage, patients who received the care because
 * of the programme; for a rate, events avoided; for a continuous measure, the measure summed over
 * cases (waiting days saved, say). Sites that left are counted too (intention to treat).
 */
import { z } from 'zod';
import { paramsFor } from '../scenario/param.ts';
import { isFunded, type State } from '../model/state.ts';
import { isHigherBetter } from './challenge.ts';

const { quantity, section } = paramsFor({ lesson: 4 });

export const costsSchema = section('Costs', 'What the programme costs beyond its budget: the core team\'s and the sites\' own time, at these rates, and the currency every amount of the scenario is in.', {
  currency: z
    .string()
    .min(1)
    .max(12)
    .regex(/^\S+$/, { message: 'expected a currency symbol or code without spaces, such as £, $, € or CHF' })
    .default('£')
    .meta({
      title: 'Currency',
      description: 'The currency of every amount in the scenario (the budget, prices and rates) and of every cost reported: a symbol (£, $, €) or a code (CHF, SEK). It labels the figures; it converts nothing.',
      lesson: 4,
    }),
  coreTeamCostPerHour: quantity({
    title: 'Cost of core-team time',
    description: 'Cost of one hour of the core team\'s time (salary and on-costs), paid by its employer beside the budget. An illustrative default: set your programme\'s own.',
    unit: '£ per hour',
    min: 0,
    max: 10_000,
    default: 60,
  }),
  siteStaffCostPerHour: quantity({
    title: 'Cost of site staff time',
    description: 'Cost of one hour of a site\'s own staff time on the programme (its protected improvement time and its data collection), paid by the site. The default is the cost of an hour of backfilled clinical time.',
    unit: '£ per hour',
    min: 0,
    max: 10_000,
    default: 45,
  }),
});

/**
 * The currency a scenario document names (costs.currency), or the schema's default: for reports
 * read from a results folder, which holds the document rather than the validated scenario.
 */
export function currencyOf(data: unknown): string {
  const named = (data as { costs?: { currency?: unknown } } | null)?.costs?.currency;
  return typeof named === 'string' && named.length > 0 ? named : DEFAULT_CURRENCY;
}

const DEFAULT_CURRENCY: string = costsSchema.parse({}).currency;

/** The share of the budget not allocated to backfill, coaching or events: overhead. */
export function overheadShare(state: State): number {
  const r = state.scenario.resources;
  return Math.max(0, 1 - r.backfillShare - r.coachingShare - r.eventsShare);
}

export function stepCosts(state: State): void {
  const sc = state.scenario;
  const rates = sc.costs;
  const prog = state.programme;
  const sites = state.sites;
  if (state.week < 0) return; // the baseline period, before launch, costs the programme nothing
  const funded = isFunded(state);
  // The core team's hours this week (stepCoreTeam set them: funded or post-funding hours).
  const coreTeam = prog.coreCapacity * rates.coreTeamCostPerHour;
  if (funded) {
    prog.costCoreTeam += coreTeam;
    prog.costOverhead += (sc.resources.budget * overheadShare(state)) / sc.time.fundingWeeks;
  } else prog.costCoreTeamAfter += coreTeam;
  let siteTime = 0;
  for (let s = 0; s < sites.invited; s++) {
    const engagement = sites.engagement[s];
    if (engagement <= 0) continue;
    // Data time while the site collects data: funded, or monitored after funding.
    const hours = engagement * (sites.protectedHours[s] + (sites.presence[s] > 0 ? sites.measurementHours[s] : 0));
    const cost = hours * rates.siteStaffCostPerHour;
    sites.costOwnTime[s] += cost;
    siteTime += cost;
  }
  if (funded) prog.costSiteTime += siteTime;
  else prog.costSiteTimeAfter += siteTime;

  const gained = careImprovedThisWeek(state);
  if (funded) prog.careImproved += gained;
  else prog.careImprovedAfter += gained;
}

/** Cases whose care the programme improved this week, summed over the sites that joined (see above). */
function careImprovedThisWeek(state: State): number {
  const outcome = state.scenario.challenge.outcome;
  const sites = state.sites;
  const direction = isHigherBetter(state.scenario.challenge) ? 1 : -1;
  // One unit of the measure per case: a percentage point is a hundredth of a patient; a rate is per ratePer exposure days.
  const perCase = outcome.measure === 'percent' ? 1 / 100 : outcome.measure === 'rate' ? 1 / outcome.ratePer : 1;
  let total = 0;
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    total += direction * (sites.trueValue[s] - sites.counterfactualValue[s]) * sites.casesPerWeek[s] * perCase;
  }
  return total;
}
