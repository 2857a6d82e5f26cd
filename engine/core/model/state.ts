/**
 * The state of one run: plain data in typed arrays, indexed by site, by staff member, and by
 * site x professional group. Mechanisms read and write these arrays; nothing else holds state.
 */
import type { Rng } from '../random/streams.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { KernelScratch } from './kernel-scratch.ts';

/** Practice state of a staff member. */
export const Practice = {
  notAdopted: 0,
  trying: 1,
  adopted: 2,
  routinised: 3,
  abandoned: 4,
} as const;
export const PRACTICE_STATES = ['notAdopted', 'trying', 'adopted', 'routinised', 'abandoned'] as const;
export const PRACTICE_COUNT = PRACTICE_STATES.length;

/** Membership state of a site. */
/**
 * Membership state of a site. Members climb a ladder of engagement: onboarding, then active
 * (taking full part) or passive (attending little, still reporting, perhaps incompletely), and
 * may drop out; at the end of funding those that stop measuring have lapsed.
 */
export const Membership = {
  invited: 0,
  onboarding: 1,
  active: 2,
  passive: 3,
  droppedOut: 4,
  lapsed: 5,
  comparison: 6,
} as const;
export const MEMBERSHIP_STATES = ['invited', 'onboarding', 'active', 'passive', 'droppedOut', 'lapsed', 'comparison'] as const;

/** Whether a site is a member still taking part (onboarding, active or passive). */
export function isTakingPart(membership: number): boolean {
  return membership === Membership.onboarding || membership === Membership.active || membership === Membership.passive;
}

/**
 * A staff member's small facts packed in StaffState.code: practice state in bits 0-2, group in
 * bits 3-5 (hence at most 8 groups), then flags.
 */
export const PRACTICE_MASK = 7;
export const GROUP_SHIFT = 3;
export const GROUP_MASK = 7;
export const StaffFlag = { team: 1 << 6, champion: 1 << 7, extrinsic: 1 << 8 } as const;

/**
 * A staff member's numbers, interleaved so that one person's fields share a cache line, in two
 * arrays by how often the practice step touches them. The state every person updates every week
 * is attrs (field f of person i at attrs[i * STAFF_STRIDE + f]); what only those not practising
 * read, and their neighbours' changes write, is traits (traits[i * TRAIT_STRIDE + f]). Separate
 * arrays per field were 1.7 times slower in the practice step; one array of all eight fields
 * moved twice the memory every week, which at a million staff is what the step waits for.
 */
export const StaffField = {
  motivation: 0,
  belonging: 1,
  fatigue: 2,
  /** Integrated hazard left before the person's next change of practice (an Exp(1) clock). */
  clock: 3,
} as const;
export const STAFF_STRIDE = 4;

export const StaffTrait = {
  /** Sum over neighbours of their practice weight (kept up to date as neighbours change). */
  neighbourPractice: 0,
  /** 1 / number of neighbours (0 for none), so exposure is a multiplication. */
  inverseDegree: 1,
  innovativeness: 2,
  threshold: 3,
} as const;
export const TRAIT_STRIDE = 4;

/** Most horizontal partner sites one site keeps (ties formed at shared events). */
export const PARTNER_SLOTS = 8;

export interface SiteState {
  count: number;
  /** Sites 0..invited-1 are invited to the community; the rest are comparison sites. */
  invited: number;
  type: Uint8Array;
  membership: Uint8Array;
  /** Week the site's wave is invited (invited sites; 0 for comparison sites). */
  launchWeek: Int32Array;
  joinWeek: Int32Array;
  dropWeek: Int32Array;
  staffStart: Int32Array;
  staffCount: Int32Array;
  /** No staff member of the site leaves before this week (kept for sites the programme never reaches). */
  nextLeaveWeek: Int32Array;
  teamCount: Int32Array;
  // context (lesson 10), each 0..1
  leadership: Float64Array;
  priorImprovement: Float64Array;
  readiness: Float64Array;
  staffingStability: Float64Array;
  competingInitiatives: Float64Array;
  punitiveHistory: Float64Array;
  dataInfrastructure: Float64Array;
  misfit: Float64Array;
  /** Standardised propensity to join early (Rogers' innovativeness of the organisation). */
  innovativeness: Float64Array;
  /** Outcome, in the challenge's own unit. */
  baselineValue: Float64Array;
  trueValue: Float64Array;
  /** The site's path with no programme: baseline, trend and its own reorganisations. */
  counterfactualValue: Float64Array;
  /** Harm the programme's work does to care this week, as a share of the site's gap (see performance.ts). */
  harm: Float64Array;
  /** The last value the site reported (NaN before its first report). */
  reportedValue: Float64Array;
  /** The first value measured for the site (the evaluator's baseline). */
  firstReportedValue: Float64Array;
  lastReportWeek: Int32Array;
  /** Cases (audited patients, or exposure days) per week. */
  casesPerWeek: Float64Array;
  /** How well one feedback period's measure separates signal from sampling noise, 0..1. */
  observability: Float64Array;
  practiceIndex: Float64Array;
  /** Share of the non-clinical part of the gap closed by organisational change. */
  systemChange: Float64Array;
  localFit: Float64Array;
  /**
   * How fully the site takes part: 1 active, the passive engagement while passive, 0.5 while
   * onboarding, 0 otherwise.
   */
  engagement: Float64Array;
  /**
   * How strongly the programme reaches the site this week: its engagement in the funded period,
   * a reduced pull while it keeps monitoring after funding, else 0.
   */
  presence: Float64Array;
  /** How far the programme supports the site's practice this week (its engagement while funded), 0..1. */
  supported: Float64Array;
  /**
   * Quality of the intervention as the site last received it (theory of change): it follows the
   * programme's while the programme reaches the site, and stays where it was once it leaves.
   */
  quality: Float64Array;
  /** Sum over the site's staff of their practice weight. */
  practiceWeight: Float64Array;
  meanMotivation: Float64Array;
  meanBelonging: Float64Array;
  meanFatigue: Float64Array;
  // core team (lesson 2)
  supportDemand: Float64Array;
  supportHours: Float64Array;
  /** Strength of the vertical tie between the core team and the site team, 0..1. */
  supportTie: Float64Array;
  // resources (lesson 4)
  backfillHours: Float64Array;
  /** Coaching hours the site received this week. */
  coachingHours: Float64Array;
  /** What each site cost, over the run so far: the funder's backfill, coaching and events, and its own staff time (costs.ts). */
  costBackfill: Float64Array;
  costCoaching: Float64Array;
  costEvents: Float64Array;
  costOwnTime: Float64Array;
  timeBudget: Float64Array;
  effort: Float64Array;
  capability: Float64Array;
  retrainingUntil: Int32Array;
  // belonging (lesson 6)
  partner: Int32Array;
  tieStrength: Float64Array;
  teamBelonging: Float64Array;
  /** Practice at partner sites, weighted by tie strength (what the site team sees of others). */
  communityNorm: Float64Array;
  /** How much of a team member's peer exposure comes from partner sites, before belonging. */
  horizontalReach: Float64Array;
  /** Weekly gain in belonging of team members from reciprocated help between sites. */
  helpGain: Float64Array;
  // conflict (lesson 7)
  conflict: Float64Array;
  /** Mean status difference between two of the site's staff, 0..1. */
  statusDistance: Float64Array;
  // tactics (lesson 8)
  hardPressure: Float64Array;
  // the unit standard (mechanisms/protocol.ts)
  /** The week the site made the intervention its written standard, or NEVER_BEFORE. */
  standardSince: Int32Array;
  /** Weekly hazard that a staff member who does not practise is trained in the standard. */
  trainingRate: Float64Array;
  /**
   * How punitive staff perceive the programme, 0..1: its unaccepted hard tactics, surveillance
   * framing, and the site's history of punitive initiatives read into it.
   */
  perceivedPunitiveness: Float64Array;
  /** Weekly rate at which soft tactics raise staff's intrinsic motivation toward 1. */
  softRate: Float64Array;
  /** Weekly rate at which reactance to hard tactics lowers intrinsic motivation. */
  reactanceRate: Float64Array;
  /** The level fatigue tends toward, for team members and for other staff. */
  fatigueLoadTeam: Float64Array;
  fatigueLoadStaff: Float64Array;
  // data (lesson 9)
  dataQuality: Float64Array;
  completeness: Float64Array;
  gaming: Float64Array;
  feedback: Float64Array;
  monitoring: Uint8Array;
  // context and shocks (lesson 10)
  hasChampion: Uint8Array;
  championBackWeek: Int32Array;
  reorganisedUntil: Int32Array;
  winterSeverity: Float64Array;
  // A site's own choices (engine/core/play/levers.ts). Each starts at the scenario's setting, so
  // a run nobody plays reads exactly what the scenario says; a site's seat in a room changes them.
  /** Improvement hours a week the site protects (the scenario's resources.protectedHoursPerWeek). */
  protectedHours: Float64Array;
  /** Hours a week the site spends collecting and submitting data (data.measurementHoursPerWeek). */
  measurementHours: Float64Array;
  /** Who goes to learning events: see Attendance. */
  attendance: Uint8Array;
  /** What the site does when conflict flares: see ConflictResponse. */
  conflictResponse: Uint8Array;
}

/** Who from a site goes to learning events. */
export const Attendance = {
  /** As the team's time and engagement allow (the model's own behaviour). */
  asTimeAllows: 0,
  /** The improvement team goes to every event it is invited to. */
  always: 1,
  /** The site sends nobody. */
  never: 2,
} as const;

/** What a site does when an incident of conflict flares. */
export const ConflictResponse = {
  /** Whatever the programme does (conflict.management). */
  programme: 0,
  /** Escalate to the core team, which mediates (at a cost in its hours). */
  escalate: 1,
  /** Keep it within the site: no mediation. */
  local: 2,
} as const;

export interface StaffState {
  count: number;
  site: Int32Array;
  /** Practice state, group and flags (see PRACTICE_MASK, GROUP_SHIFT, StaffFlag). */
  code: Uint16Array;
  /** Numeric fields updated every week, STAFF_STRIDE per person (see StaffField). */
  attrs: Float64Array;
  /** Numeric fields read by those not practising, TRAIT_STRIDE per person (see StaffTrait). */
  traits: Float64Array;
  leaveWeek: Int32Array;
  /** Compressed adjacency: the neighbours of i are neighbours[neighbourStart[i] .. neighbourStart[i+1]). */
  neighbourStart: Int32Array;
  neighbours: Int32Array;
}

/**
 * Per site x group (index site * groups + group). The eta arrays are log-hazard linear predictors,
 * cleared each week and added to by every mechanism in turn; the practice step turns them into
 * hazards. Counts are kept up to date by every change of practice state.
 */
export interface SiteGroupState {
  groups: number;
  staffCount: Int32Array;
  /** Count per practice state: index (site * groups + group) * PRACTICE_COUNT + state. */
  practiceCount: Int32Array;
  etaExternal: Float64Array;
  etaPeer: Float64Array;
  etaPressure: Float64Array;
  etaTrial: Float64Array;
  etaDecay: Float64Array;
  etaRoutine: Float64Array;
  /** Extra weekly loss of belonging (conflict, marginalisation). */
  belongingLoss: Float64Array;
}

export interface CommunityGroupState {
  /**
   * Staff of member sites (every site that has joined) by group and practice state: index
   * group * PRACTICE_COUNT + state. Kept up to date as people change and sites join.
   */
  memberPractice: Int32Array;
  /** Share of the practice's work done by each group (role x staff share), sums to 1. */
  workShare: Float64Array;
  /** Share of voice in the community's decisions, sums to 1. */
  voice: Float64Array;
  /** How far each group's voice falls short of its work share beyond the margin, 0..1. */
  marginalisation: Float64Array;
  /** Status of each group, 0..1. */
  status: Float64Array;
  practiceRole: Float64Array;
}

export interface ProgrammeState {
  /** Current emphasis of the theory of change on each component, sums to 1. */
  theoryWeights: Float64Array;
  theoryQuality: number;
  lastReviewWeek: number;
  coreCapacity: number;
  coreDemand: number;
  /** Hours of support the sites asked for this week. */
  coreDemandSites: number;
  mediationHours: number;
  inclusionHours: number;
  spendBackfill: number;
  spendCoaching: number;
  /** Spent on face-to-face learning sessions. */
  spendLearningSessions: number;
  /** Spent on remote calls and webinars. */
  spendCalls: number;
  /** Of the events' spend (both kinds): venues and sessions, travel, and the backfill of time away. */
  spendEventVenues: number;
  spendEventTravel: number;
  spendEventTimeAway: number;
  /**
   * The costs beyond the funder's spend (costs.ts): overhead (the budget's unallocated share),
   * the core team's time and the sites' own time, during funding and after it.
   */
  costOverhead: number;
  costCoreTeam: number;
  costSiteTime: number;
  costCoreTeamAfter: number;
  costSiteTimeAfter: number;
  /** Cases whose care the programme improved (costs.ts), during funding and after it. */
  careImproved: number;
  careImprovedAfter: number;
  eventsHeld: number;
  /** Weekly backfill hours the budget buys for each site the design invites. */
  backfillPerSite: number;
  /** Weekly coaching hours the budget buys for each site the design invites. */
  coachingPerSite: number;
  /** 1 when the core team has asked for a theory-of-change review this week (a played session). */
  reviewRequested: number;
}

export type EventKind =
  | 'joined'
  | 'active'
  | 'passive'
  | 'reengaged'
  | 'droppedOut'
  | 'lapsed'
  | 'championLeft'
  | 'championReplaced'
  | 'reorganisation'
  | 'conflictFlare'
  | 'learningEvent'
  | 'standardAdopted'
  | 'theoryReviewed'
  | 'fundingEnded';

/** Something a trainer would call out: a site joins, conflict flares, funding ends. */
export interface ModelEvent {
  week: number;
  kind: EventKind;
  /** The site concerned, or -1 for the whole community. */
  site: number;
  /** A number that qualifies the event (size of a theory change, conflict level, ...). */
  value: number;
}

export interface Streams {
  sites: Rng;
  staff: Rng;
  network: Rng;
  recruitment: Rng;
  shocks: Rng;
  practice: Rng;
  turnover: Rng;
  measurement: Rng;
  events: Rng;
  conflict: Rng;
  learning: Rng;
  monitoring: Rng;
  standards: Rng;
}

export interface State {
  scenario: Scenario;
  seed: number;
  /**
   * The week about to be simulated; after step() it has advanced by one. The programme launches
   * at week 0; a baseline period runs from week -time.preWeeks.
   */
  week: number;
  sites: SiteState;
  staff: StaffState;
  siteGroups: SiteGroupState;
  groups: CommunityGroupState;
  programme: ProgrammeState;
  streams: Streams;
  events: ModelEvent[];
  /** Weight of each practice state in delivered practice and in peers' exposure. */
  practiceWeights: Float32Array;
  /** Working arrays of the practice step (hazards per site x group, the week's changes). */
  kernel: KernelScratch;
}

/** Money spent so far, on every component. */
export function totalSpend(prog: ProgrammeState): number {
  return prog.spendBackfill + prog.spendCoaching + prog.spendLearningSessions + prog.spendCalls;
}

/** What the programme has cost since funding ended: the core team's post-funding hours and the sites' continuing time (costs.ts). */
export function costAfterFunding(prog: ProgrammeState): number {
  return prog.costCoreTeamAfter + prog.costSiteTimeAfter;
}

/** The funded period's full cost so far: the funder's spend, overhead, the core team's and the sites' own time (costs.ts). */
export function fullCost(prog: ProgrammeState): number {
  return totalSpend(prog) + prog.costOverhead + prog.costCoreTeam + prog.costSiteTime;
}

export function practiceOf(staff: StaffState, i: number): number {
  return staff.code[i] & PRACTICE_MASK;
}

export function groupOf(staff: StaffState, i: number): number {
  return (staff.code[i] >> GROUP_SHIFT) & GROUP_MASK;
}

/** Whether a week lies inside the funded period (from launch, week 0, to the end of funding). */
export function isFunded(state: State, week = state.week): boolean {
  return week >= 0 && week < state.scenario.time.fundingWeeks;
}

/** A week before any week of a run ("never", for weeks a site was last reported, reorganised, ...). */
export const NEVER_BEFORE = -0x7fffffff;

/** Weight of a practice state in a staff member's delivered practice (and in peers' exposure). */
export function practiceWeights(tryingWeight: number): Float32Array {
  return Float32Array.of(0, tryingWeight, 1, 1, 0);
}
