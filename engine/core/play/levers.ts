/**
 * The levers of a played session: what a seat may decide between the weeks of a run. Declared
 * once here; the phones' controls, the check of every decision, the replay of a log and the docs
 * all read this table.
 *
 * Every lever works through a setting or a behaviour the model already has, never a second model:
 * - a site's levers set one scenario setting at that site alone (its protected time, its time on
 *   data) or choose among behaviours its mechanism already has (whether its team goes to learning
 *   events, whether it escalates conflict to the core team for mediation, whether it takes full
 *   part, steps back or leaves);
 * - the core team's levers change a scenario setting for the whole programme from that week on
 *   (tactics, events, feedback, the split of the budget, its own hours), or ask for a review of
 *   the theory of change now.
 * A seat nobody plays keeps the scenario's settings and the model's behaviour: a bot.
 */
import type { Lesson } from '../scenario/param.ts';
import type { Scenario } from '../scenario/schema.ts';
import { Attendance, ConflictResponse, Membership, type State } from '../model/state.ts';

export type SeatKind = 'site' | 'core';
export type LeverValue = number | string | boolean;

interface LeverBase {
  /**
   * Its name in a decision log: the scenario setting it changes, or site.* / programme.* for a
   * choice the scenario has no setting for.
   */
  setting: string;
  seat: SeatKind;
  title: string;
  /** The question as a phone asks it. */
  question: string;
  /** What it does in the model, for the help text and docs. */
  description: string;
  lesson: Lesson;
}

export interface NumberLever extends LeverBase {
  kind: 'number';
  unit: string;
  /** The range a control offers for this scenario (always containing the scenario's own value). */
  range(scenario: Scenario): { min: number; max: number; step: number };
}

export interface ChoiceLever extends LeverBase {
  kind: 'choice';
  options: ReadonlyArray<{ value: string; label: string }>;
}

/** A one-off act (a review now): its value is always true. */
export interface ActionLever extends LeverBase {
  kind: 'action';
  label: string;
}

export type Lever = NumberLever | ChoiceLever | ActionLever;

/** Room for choice above the scenario's own value: twice it, or at least the floor given. */
const upTo = (floor: number, value: number) => Math.max(floor, 2 * value);

export const SITE_LEVERS: readonly Lever[] = [
  {
    setting: 'resources.protectedHoursPerWeek',
    seat: 'site',
    kind: 'number',
    title: 'Protected time',
    question: 'How many hours a week does your team protect for improvement?',
    description: 'The site\'s own protected improvement hours (resources.protectedHoursPerWeek, at this site alone). Time buys effort, effort builds capability; too little and the site falls into the capability trap, and its own time is a cost.',
    lesson: 4,
    unit: 'hours a week',
    range: (s) => ({ min: 0, max: upTo(12, s.resources.protectedHoursPerWeek), step: 0.5 }),
  },
  {
    setting: 'data.measurementHoursPerWeek',
    seat: 'site',
    kind: 'number',
    title: 'Time on data',
    question: 'How many hours a week does your team spend collecting and submitting data?',
    description: 'Hours of measurement at this site (data.measurementHoursPerWeek, at this site alone). No time on data means incomplete reports that stop counting; time beyond what improvement needs is burden taken from it.',
    lesson: 9,
    unit: 'hours a week',
    range: (s) => ({ min: 0, max: upTo(8, s.data.measurementHoursPerWeek), step: 0.5 }),
  },
  {
    setting: 'site.attendance',
    seat: 'site',
    kind: 'choice',
    title: 'Learning events',
    question: 'Who goes to the community\'s learning events?',
    description: 'Whether the improvement team goes to learning events: as its time allows (the model\'s own behaviour), always, or never. Events build belonging and ties to other sites and cost time away.',
    lesson: 6,
    options: [
      { value: 'asTimeAllows', label: 'The team, as time allows' },
      { value: 'always', label: 'The whole team, every time' },
      { value: 'never', label: 'Nobody' },
    ],
  },
  {
    setting: 'site.conflictResponse',
    seat: 'site',
    kind: 'choice',
    title: 'Conflict',
    question: 'When conflict flares at your site, what do you do?',
    description: 'Whether an incident of conflict is escalated to the core team, which mediates it (damping it, at a cost in its hours), kept within the site (no mediation), or left to the programme\'s policy (conflict.management).',
    lesson: 7,
    options: [
      { value: 'programme', label: 'Follow the programme\'s policy' },
      { value: 'escalate', label: 'Escalate to the core team to mediate' },
      { value: 'local', label: 'Keep it within the site' },
    ],
  },
  {
    setting: 'site.participation',
    seat: 'site',
    kind: 'choice',
    title: 'Taking part',
    question: 'How far does your site take part?',
    description: 'Take full part (join, if invited and still recruiting), step back to passive membership (attend little, still report), or leave. The hospital around the team keeps its own pressures: the model may still move the site on its ladder of engagement.',
    lesson: 3,
    options: [
      { value: 'active', label: 'Take full part' },
      { value: 'passive', label: 'Step back' },
      { value: 'leave', label: 'Leave the community' },
    ],
  },
];

export const CORE_LEVERS: readonly Lever[] = [
  {
    setting: 'tactics.hardness',
    seat: 'core',
    kind: 'number',
    title: 'Hard tactics',
    question: 'How hard are your tactics, from persuasion (0) to mandates and targets (1)?',
    description: 'The balance of hard and soft tactics (tactics.hardness). Accepted pressure drives compliance; unaccepted pressure looks punitive and breeds reactance, gaming and conflict.',
    lesson: 8,
    unit: '0 soft to 1 hard',
    range: () => ({ min: 0, max: 1, step: 0.05 }),
  },
  {
    setting: 'belonging.faceToFacePerYear',
    seat: 'core',
    kind: 'number',
    title: 'Face-to-face events',
    question: 'How many face-to-face learning events a year?',
    description: 'Face-to-face events per year while funded (belonging.faceToFacePerYear), paid from the events budget.',
    lesson: 6,
    unit: 'per year',
    range: (s) => ({ min: 0, max: upTo(6, s.belonging.faceToFacePerYear), step: 1 }),
  },
  {
    setting: 'belonging.remotePerYear',
    seat: 'core',
    kind: 'number',
    title: 'Remote sessions',
    question: 'How many remote sessions (webinars, calls) a year?',
    description: 'Remote learning sessions per year while funded (belonging.remotePerYear), paid from the events budget.',
    lesson: 6,
    unit: 'per year',
    range: (s) => ({ min: 0, max: upTo(24, s.belonging.remotePerYear), step: 1 }),
  },
  {
    setting: 'data.framing',
    seat: 'core',
    kind: 'choice',
    title: 'Framing of data',
    question: 'How are the data framed to sites?',
    description: 'Data presented for learning or used for surveillance (data.framing).',
    lesson: 9,
    options: [
      { value: 'learning', label: 'For learning' },
      { value: 'surveillance', label: 'For surveillance' },
    ],
  },
  {
    setting: 'data.comparison',
    seat: 'core',
    kind: 'choice',
    title: 'Comparing sites',
    question: 'Do sites see each other\'s performance?',
    description: 'No comparison, anonymous comparison, or named league tables (data.comparison).',
    lesson: 9,
    options: [
      { value: 'none', label: 'No comparison' },
      { value: 'anonymous', label: 'Anonymous' },
      { value: 'named', label: 'Named league tables' },
    ],
  },
  {
    setting: 'resources.backfillShare',
    seat: 'core',
    kind: 'number',
    title: 'Budget for protected time',
    question: 'What share of the budget buys protected time (backfill) at sites?',
    description: 'The backfill share of the budget (resources.backfillShare): from that week the weekly backfill per site follows the new share. The shares of the budget may not add up to more than 1.',
    lesson: 4,
    unit: 'share of the budget',
    range: () => ({ min: 0, max: 1, step: 0.05 }),
  },
  {
    setting: 'resources.coachingShare',
    seat: 'core',
    kind: 'number',
    title: 'Budget for coaching',
    question: 'What share of the budget buys coaching for sites?',
    description: 'The coaching share of the budget (resources.coachingShare): from that week the weekly coaching per site follows the new share. The shares of the budget may not add up to more than 1.',
    lesson: 4,
    unit: 'share of the budget',
    range: () => ({ min: 0, max: 1, step: 0.05 }),
  },
  {
    setting: 'resources.allocation',
    seat: 'core',
    kind: 'choice',
    title: 'Sharing out backfill',
    question: 'How is protected time shared between sites?',
    description: 'Backfill shared equally, by need (sites with least time of their own) or by performance (resources.allocation).',
    lesson: 4,
    options: [
      { value: 'equal', label: 'Equally' },
      { value: 'need', label: 'By need' },
      { value: 'performance', label: 'By performance' },
    ],
  },
  {
    setting: 'coreTeam.hoursPerWeek',
    seat: 'core',
    kind: 'number',
    title: 'Core-team hours',
    question: 'How many hours a week does the core team give to supporting sites?',
    description: 'The core team\'s support hours while funded (coreTeam.hoursPerWeek); mediation and inclusion come out of them, and they cost its employer.',
    lesson: 2,
    unit: 'hours a week',
    range: (s) => ({ min: 0, max: upTo(120, s.coreTeam.hoursPerWeek), step: 5 }),
  },
  {
    setting: 'conflict.management',
    seat: 'core',
    kind: 'choice',
    title: 'Managing conflict',
    question: 'Does the core team manage conflict and marginalisation?',
    description: 'Ignored, or managed: mediation of incidents at sites that follow the programme\'s policy, and inclusion of marginalised groups (conflict.management).',
    lesson: 7,
    options: [
      { value: 'ignored', label: 'Leave it' },
      { value: 'managed', label: 'Manage it' },
    ],
  },
  {
    setting: 'theoryOfChange.reviewIntervalWeeks',
    seat: 'core',
    kind: 'number',
    title: 'Reviews of the theory of change',
    question: 'Every how many weeks do you review the theory of change against the data (0 never)?',
    description: 'The review interval (theoryOfChange.reviewIntervalWeeks); each review moves the intervention toward what the data suggest and costs re-training.',
    lesson: 5,
    unit: 'weeks',
    range: (s) => ({ min: 0, max: upTo(52, s.theoryOfChange.reviewIntervalWeeks), step: 1 }),
  },
  {
    setting: 'programme.reviewNow',
    seat: 'core',
    kind: 'action',
    title: 'Review now',
    question: 'Review the theory of change against the data now?',
    description: 'A review this week, whatever the schedule: what the data since the last review say, at the cost of re-training.',
    lesson: 5,
    label: 'Review now',
  },
];

export const LEVERS: readonly Lever[] = [...SITE_LEVERS, ...CORE_LEVERS];

export function leverFor(seat: SeatKind, setting: string): Lever | undefined {
  return LEVERS.find((l) => l.seat === seat && l.setting === setting);
}

/** The codes SiteState keeps for the choices above. */
export const ATTENDANCE_CODES: Readonly<Record<string, number>> = { asTimeAllows: Attendance.asTimeAllows, always: Attendance.always, never: Attendance.never };
export const RESPONSE_CODES: Readonly<Record<string, number>> = { programme: ConflictResponse.programme, escalate: ConflictResponse.escalate, local: ConflictResponse.local };
const nameOf = (codes: Readonly<Record<string, number>>, code: number) => Object.keys(codes).find((k) => codes[k] === code) ?? String(code);

/** A site lever's value at site s now, as a decision would write it ('invited' for a site that has not joined). */
export function siteLeverValue(state: State, s: number, setting: string): LeverValue {
  const sites = state.sites;
  switch (setting) {
    case 'resources.protectedHoursPerWeek':
      return sites.protectedHours[s];
    case 'data.measurementHoursPerWeek':
      return sites.measurementHours[s];
    case 'site.attendance':
      return nameOf(ATTENDANCE_CODES, sites.attendance[s]);
    case 'site.conflictResponse':
      return nameOf(RESPONSE_CODES, sites.conflictResponse[s]);
    case 'site.participation': {
      const m = sites.membership[s];
      if (m === Membership.invited) return 'invited';
      return m === Membership.passive ? 'passive' : m === Membership.droppedOut || m === Membership.lapsed ? 'leave' : 'active';
    }
    default:
      throw new Error(`no site lever ${setting}`);
  }
}

