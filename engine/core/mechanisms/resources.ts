/**
 * Lesson 4: resource the community properly. Each member site has a weekly budget of improvement
 * time: its own protected hours, backfill bought by the programme, and slack, less measurement,
 * firefighting (which grows as capability falls), winter pressure, reorganisation and
 * re-training. Effort is a saturating function of that time, so extra money helps less and less.
 * Capability builds with effort and erodes when the budget is negative: the capability trap of
 * Repenning and Sterman (2001), in which firefighting crowds out the improvement that would end
 * it. The budget buys, until the funding ends, backfill and coaching for each site the design
 * invites (so the money per site is what the design sets, however many sites stay: a site that
 * never joins or leaves simply leaves its share unspent), and learning events. Backfill is shared
 * among the sites taking part equally, by need or by performance. Coaching is site-specific: a
 * coach's hours, weighted by the core team's improvement expertise, transfer skill (capability
 * grows) and solve local problems (trials of the practice succeed more often).
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, saturating } from '../model/hazard.ts';
import { Membership, isFunded, type State } from '../model/state.ts';
import { measurementBurdenHours, reportedPosition } from './data.ts';
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
  coachingShare: share({ title: 'Share on coaching', description: 'Share of the budget that buys coaching for each site (a coach working with its team on skills and local problems).', default: 0.25 }),
  eventsShare: share({ title: 'Share on events', description: 'Share of the budget for learning events; the rest is overhead.', default: 0.2 }),
  backfillCostPerHour: quantity({ title: 'Cost of backfill', description: 'Cost of one hour of backfilled clinical time.', unit: '£ per hour', min: 1, max: 10_000, default: 45 }),
  coachingCostPerHour: quantity({ title: 'Cost of coaching', description: 'Cost of one hour of improvement coaching.', unit: '£ per hour', min: 1, max: 10_000, default: 90 }),
  faceToFaceVenuePerSite: quantity({
    title: 'Venue of a face-to-face event',
    description: 'Venue, catering and materials of one face-to-face learning event, per attending site.',
    unit: '£ per site',
    min: 0,
    max: 1_000_000,
    default: 250,
  }),
  faceToFaceTravelPerSite: quantity({
    title: 'Travel to a face-to-face event',
    description: 'Travel (and any overnight stay) of an attending site\'s team to one face-to-face learning event.',
    unit: '£ per site',
    min: 0,
    max: 1_000_000,
    default: 275,
  }),
  faceToFaceHoursAway: quantity({
    title: 'Time away for a face-to-face event',
    description: 'Staff hours an attending site\'s team spends away from care for one face-to-face event, travel included, backfilled at the cost of backfill. With the defaults a site\'s attendance costs 250 + 275 + 15 x 45 = 1,200.',
    unit: 'hours per site',
    min: 0,
    max: 10_000,
    default: 15,
  }),
  remoteSessionPerSite: quantity({
    title: 'Cost of running a remote session',
    description: 'Platform, facilitation and materials of one remote learning session, per attending site.',
    unit: '£ per site',
    min: 0,
    max: 1_000_000,
    default: 15,
  }),
  remoteHoursAway: quantity({
    title: 'Time away for a remote session',
    description: 'Staff hours an attending site\'s team spends on one remote session, backfilled at the cost of backfill (15 + 3 x 45 = 150 with the defaults).',
    unit: 'hours per site',
    min: 0,
    max: 10_000,
    default: 3,
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
  coachingHalfHours: quantity({
    title: 'Coaching for half its effect',
    description: 'Coaching hours per site per week (at average expertise) that give half the most coaching can do; more helps less and less.',
    unit: 'hours per week',
    min: 0.01,
    max: 1000,
    default: 1,
  }),
  coachingCapabilityPerYear: quantity({
    title: 'Skill from coaching',
    description: 'Rate at which full coaching builds a site\'s improvement capability (beside what its own effort builds).',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 2,
  }),
  capabilityLossPerYear: quantity({
    title: 'Capability erosion',
    description: 'Rate at which capability erodes while a site has no time for improvement.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 1.2,
  }),
  overloadHarm: share({
    title: 'Harm from overload',
    description: 'Share of its gap a member site loses per unit of time deficit (hours short, in units of the hours for half effort): improvement work the site has no time for is done at the expense of care, the capability trap\'s early dip.',
    default: 0.05,
    neutral: 0,
    advanced: true,
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
    coachingTrial: effect({ title: 'Coaching on trials', description: 'Log odds of a successful trial at full coaching (local problems solved), against none.', default: 1.5 }),
  }),
});

/** Weekly backfill and coaching hours the budget buys for each invited site, fixed at the start of the run. */
export function fundingPerSite(state: State): { backfill: number; coaching: number } {
  const r = state.scenario.resources;
  const siteWeeks = state.scenario.time.fundingWeeks * state.sites.invited;
  return {
    backfill: (r.budget * r.backfillShare) / r.backfillCostPerHour / siteWeeks,
    coaching: (r.budget * r.coachingShare) / r.coachingCostPerHour / siteWeeks,
  };
}

export function isWinter(week: number): boolean {
  const w = ((week % 52) + 52) % 52;
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
  return state.sites.protectedHours[s] + slackHours(state, s) - measurementBurdenHours(state, s) - r.firefightingHoursPerWeek * (1 - capability);
}

/**
 * How far short of time for improvement a site is this week: hours short, in units of the hours
 * for half effort, from 0 (no shortfall) to 2.
 */
export function timeDeficit(state: State, s: number): number {
  return clamp(-state.sites.timeBudget[s] / Math.max(state.scenario.resources.effortHalfHours, 0.1), 0, 2);
}

/** The hours a site can find by itself this week, before the programme's backfill. */
export function ownHours(state: State, s: number): number {
  const r = state.scenario.resources;
  const sites = state.sites;
  const slack = slackHours(state, s);
  const protectedHours = sites.protectedHours[s];
  let hours = protectedHours + slack;
  const measuring = sites.presence[s] > 0;
  if (measuring) hours -= measurementBurdenHours(state, s);
  hours -= r.firefightingHoursPerWeek * (1 - sites.capability[s]);
  if (isWinter(state.week)) hours -= r.winterPressure * sites.winterSeverity[s] * (protectedHours + slack);
  if (state.week < sites.reorganisedUntil[s]) hours -= K.reorganisationSlackLoss * slack;
  if (state.week < sites.retrainingUntil[s]) hours -= state.scenario.theoryOfChange.retrainingHours;
  return hours;
}

export function stepResources(state: State): void {
  const r = state.scenario.resources;
  const sites = state.sites;
  const funded = isFunded(state);
  allocateBackfill(state, funded);
  const gain = r.capabilityGainPerYear / 52;
  const coachGain = r.coachingCapabilityPerYear / 52;
  const loss = r.capabilityLossPerYear / 52;
  const expertise = K.expertiseFloor + state.scenario.coreTeam.expertise;
  const coachingPerSite = funded ? state.programme.coachingPerSite : 0;
  const sg = state.siteGroups;
  const G = sg.groups;
  const e = r.effects;
  let coachingHours = 0;
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const budget = ownHours(state, s) + sites.backfillHours[s];
    sites.timeBudget[s] = budget;
    const effort = sites.presence[s] > 0 ? saturating(budget, r.effortHalfHours) * sites.engagement[s] : 0;
    sites.effort[s] = effort;
    // A site takes up coaching as far as it takes part.
    const hours = coachingPerSite * sites.engagement[s];
    sites.coachingHours[s] = hours;
    sites.costCoaching[s] += hours * r.coachingCostPerHour;
    coachingHours += hours;
    const coaching = saturating(hours * expertise, r.coachingHalfHours);
    const cap = sites.capability[s];
    const erosion = budget <= 0 ? loss : 0;
    sites.capability[s] = clamp(cap + (gain * effort + coachGain * coaching) * (1 - cap) - erosion * cap, 0, 1);
    const adopt = e.effort * centred(effort) + e.capability * centred(sites.capability[s]);
    const trial = e.effortTrial * centred(effort) + e.capabilityTrial * centred(sites.capability[s]) + e.coachingTrial * coaching;
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      sg.etaExternal[j] += adopt;
      sg.etaPeer[j] += adopt;
      sg.etaTrial[j] += trial;
    }
  }
  state.programme.spendCoaching += coachingHours * r.coachingCostPerHour;
}

/**
 * Backfill for the sites taking part past onboarding: each invited site's share of the budget,
 * pooled over the sites eligible this week and shared by the allocation rule.
 */
function allocateBackfill(state: State, funded: boolean): void {
  const r = state.scenario.resources;
  const sites = state.sites;
  const prog = state.programme;
  let totalWeight = 0;
  let eligible = 0;
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    const w = funded && (m === Membership.active || m === Membership.passive) ? allocationWeight(state, s) : 0;
    sites.backfillHours[s] = w;
    totalWeight += w;
    if (w > 0) eligible++;
  }
  const pool = prog.backfillPerSite * eligible;
  for (let s = 0; s < sites.invited; s++) {
    sites.backfillHours[s] = totalWeight > 0 ? (pool * sites.backfillHours[s]) / totalWeight : 0;
    sites.costBackfill[s] += sites.backfillHours[s] * r.backfillCostPerHour;
  }
  prog.spendBackfill += pool * r.backfillCostPerHour;
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
