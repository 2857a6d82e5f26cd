/**
 * Lesson 4: resource the community properly. Each member site has a weekly budget of improvement
 * time: its own protected hours, backfill bought by the programme, and slack, less measurement,
 * firefighting (which grows as capability falls), winter pressure, reorganisation and
 * re-training. Effort is a saturating function of that time, so extra money helps less and less.
 * Capability builds with effort and erodes when the budget is negative: the capability trap of
 * Repenning and Sterman (2001), in which firefighting crowds out the improvement that would end
 * it. The budget buys backfill (shared among active sites equally, by need or by performance),
 * coaching hours for the core team and learning events, until the funding ends.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, saturating } from '../model/hazard.ts';
import { Membership, isFunded, type State } from '../model/state.ts';
import { reportedPosition } from './data.ts';
import { K } from '../model/constants.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 4 });

/** Weeks of the year (counting from a programme start in April) that make up winter. */
const WINTER_FIRST_WEEK = 35;
const WINTER_LAST_WEEK = 47;

export const resourcesSchema = section('Resources', 'The programme\'s money, how it is spent, and the time sites have.', {
  budget: quantity({
    title: 'Budget',
    description: 'Money for the whole funded period (backfill, coaching and events).',
    unit: '£',
    min: 0,
    max: 1e10,
    default: 800_000,
    step: 10_000,
  }),
  backfillShare: share({ title: 'Share on backfill', description: 'Share of the budget that buys protected time at sites.', default: 0.5 }),
  coachingShare: share({ title: 'Share on coaching', description: 'Share of the budget that buys extra core-team coaching hours.', default: 0.25 }),
  eventsShare: share({ title: 'Share on events', description: 'Share of the budget for learning events; the rest is overhead.', default: 0.2 }),
  backfillCostPerHour: quantity({ title: 'Cost of backfill', description: 'Cost of one hour of backfilled clinical time.', unit: '£ per hour', min: 1, max: 10_000, default: 45 }),
  coachingCostPerHour: quantity({ title: 'Cost of coaching', description: 'Cost of one hour of improvement coaching.', unit: '£ per hour', min: 1, max: 10_000, default: 90 }),
  faceToFaceCostPerSite: quantity({
    title: 'Cost of a face-to-face event',
    description: 'Cost per attending site of one face-to-face learning event (travel, venue, backfill).',
    unit: '£ per site',
    min: 0,
    max: 1_000_000,
    default: 1200,
  }),
  remoteCostPerSite: quantity({
    title: 'Cost of a remote event',
    description: 'Cost per attending site of one remote learning session.',
    unit: '£ per site',
    min: 0,
    max: 1_000_000,
    default: 150,
  }),
  allocation: choice({
    title: 'Allocation of backfill',
    description: 'Share backfill equally, by need (sites with least time of their own), or by performance.',
    options: ['equal', 'need', 'performance'],
    default: 'equal',
  }),
  protectedHoursPerWeek: quantity({
    title: 'Protected time',
    description: 'Improvement hours per week a site protects from its own resources.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 1.5,
  }),
  slackHoursPerWeek: quantity({
    title: 'Slack',
    description: 'Spare hours per week an average site team can find for improvement.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 4,
  }),
  firefightingHoursPerWeek: quantity({
    title: 'Firefighting',
    description: 'Hours per week lost to firefighting at a site with no improvement capability.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 7,
  }),
  winterPressure: share({
    title: 'Winter pressure',
    description: 'Share of a site\'s improvement time lost in an average winter (severity varies by site and year).',
    default: 0.3,
  }),
  effortHalfHours: quantity({
    title: 'Hours for half effort',
    description: 'Improvement hours per week at which effort reaches half its maximum (returns diminish beyond).',
    unit: 'hours per week',
    min: 0.1,
    max: 1000,
    default: 4,
  }),
  capabilityGainPerYear: quantity({
    title: 'Capability growth',
    description: 'Rate at which full effort builds a site\'s improvement capability.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1.5,
  }),
  capabilityLossPerYear: quantity({
    title: 'Capability erosion',
    description: 'Rate at which capability erodes while a site has no time for improvement.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1.2,
  }),
  staffTurnoverPerYear: share({
    title: 'Staff turnover',
    description: 'Share of staff who leave each year (replaced by newcomers); higher where staffing is unstable.',
    default: 0.12,
    neutral: 0,
  }),
  effects: section('Resource effects', 'How strongly time and capability shape adoption.', {
    effort: effect({ title: 'Effort on adoption', description: 'Log hazard ratio per unit of improvement effort.', default: 2.0 }),
    capability: effect({ title: 'Capability on adoption', description: 'Log hazard ratio per unit of improvement capability.', default: 1.5 }),
    effortTrial: effect({ title: 'Effort on trials', description: 'Log odds of a successful trial per unit of effort.', default: 1.0 }),
    capabilityTrial: effect({ title: 'Capability on trials', description: 'Log odds of a successful trial per unit of capability.', default: 1.5 }),
  }),
});

/** Weekly hours the budget buys, fixed at the start of the run. */
export function fundingPools(state: State): { backfill: number; coaching: number } {
  const r = state.scenario.resources;
  const weeks = state.scenario.time.fundingWeeks;
  return {
    backfill: (r.budget * r.backfillShare) / r.backfillCostPerHour / weeks,
    coaching: (r.budget * r.coachingShare) / r.coachingCostPerHour / weeks,
  };
}

export function isWinter(week: number): boolean {
  const w = week % 52;
  return w >= WINTER_FIRST_WEEK && w <= WINTER_LAST_WEEK;
}

/** Spare hours a site team finds in an ordinary week: more with stable staffing, less with competing work. */
export function slackHours(state: State, s: number): number {
  const sites = state.sites;
  return state.scenario.resources.slackHoursPerWeek * (K.slackStability + sites.staffingStability[s]) * (K.slackCompeting - sites.competingInitiatives[s]);
}

/**
 * Improvement hours a member site has of its own before any backfill, at a given capability:
 * protected time and slack, less measurement and firefighting. Its starting value is a fixed
 * trait of the site (how time-poor it is); resources below subtracts this week's pressures too.
 */
export function baseOwnHours(state: State, s: number, capability: number): number {
  const r = state.scenario.resources;
  return r.protectedHoursPerWeek + slackHours(state, s) - state.scenario.data.measurementHoursPerWeek - r.firefightingHoursPerWeek * (1 - capability);
}

/** The hours a site can find by itself this week, before the programme's backfill. */
export function ownHours(state: State, s: number): number {
  const r = state.scenario.resources;
  const sites = state.sites;
  const slack = slackHours(state, s);
  let hours = r.protectedHoursPerWeek + slack;
  const measuring = sites.presence[s] > 0;
  if (measuring) hours -= state.scenario.data.measurementHoursPerWeek;
  hours -= r.firefightingHoursPerWeek * (1 - sites.capability[s]);
  if (isWinter(state.week)) hours -= r.winterPressure * sites.winterSeverity[s] * (r.protectedHoursPerWeek + slack);
  if (state.week < sites.reorganisedUntil[s]) hours -= K.reorganisationSlackLoss * slack;
  if (state.week < sites.retrainingUntil[s]) hours -= state.scenario.theoryOfChange.retrainingHours;
  return hours;
}

export function stepResources(state: State): void {
  const r = state.scenario.resources;
  const sites = state.sites;
  const prog = state.programme;
  const funded = isFunded(state);
  allocateBackfill(state, funded);
  if (funded) prog.spendCoaching += prog.coachingPool * r.coachingCostPerHour;

  const gain = r.capabilityGainPerYear / 52;
  const loss = r.capabilityLossPerYear / 52;
  const sg = state.siteGroups;
  const G = sg.groups;
  const e = r.effects;
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const budget = ownHours(state, s) + sites.backfillHours[s];
    sites.timeBudget[s] = budget;
    const effort = sites.presence[s] > 0 ? saturating(budget, r.effortHalfHours) : 0;
    sites.effort[s] = effort;
    const cap = sites.capability[s];
    const erosion = budget <= 0 ? loss : 0;
    sites.capability[s] = clamp(cap + gain * effort * (1 - cap) - erosion * cap, 0, 1);
    const adopt = e.effort * centred(effort) + e.capability * centred(sites.capability[s]);
    const trial = e.effortTrial * centred(effort) + e.capabilityTrial * centred(sites.capability[s]);
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      sg.etaExternal[j] += adopt;
      sg.etaPeer[j] += adopt;
      sg.etaTrial[j] += trial;
    }
  }
}

function allocateBackfill(state: State, funded: boolean): void {
  const r = state.scenario.resources;
  const sites = state.sites;
  const prog = state.programme;
  let totalWeight = 0;
  for (let s = 0; s < sites.invited; s++) {
    const w = funded && sites.membership[s] === Membership.active ? allocationWeight(state, s) : 0;
    sites.backfillHours[s] = w;
    totalWeight += w;
  }
  const pool = funded ? prog.backfillPool : 0;
  for (let s = 0; s < sites.invited; s++) {
    sites.backfillHours[s] = totalWeight > 0 ? (pool * sites.backfillHours[s]) / totalWeight : 0;
  }
  if (totalWeight > 0) prog.spendBackfill += pool * r.backfillCostPerHour;
}

/** A site's claim on the backfill pool under the scenario's allocation rule. */
function allocationWeight(state: State, s: number): number {
  const r = state.scenario.resources;
  if (r.allocation === 'need') return Math.max(0.1, 2 * r.effortHalfHours - ownHours(state, s));
  if (r.allocation === 'performance') {
    const position = reportedPosition(state, s);
    return 0.05 + (Number.isNaN(position) ? 0 : clamp(position, 0, 1));
  }
  return 1;
}
