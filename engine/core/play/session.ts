/**
 * A played run: the same run as runScenario, advanced in steps, with decisions taken between them
 * through the levers (levers.ts). A decision log (week, seat, setting, value) with the scenario and
 * seed reproduces a session exactly: replay() applies each decision at the start of its week, as
 * the session did. A log with no decisions is runScenario's run, bit for bit.
 *
 * Decisions change only what a lever says; chance stays the model's. The random streams are named
 * by purpose, not by site, so a decision that changes what happens at one site (it leaves, it
 * goes to an event) shifts the later draws of that purpose for every site: the room's run and its
 * ghost (the same scenario and seed, no decisions) differ by the decisions and by the chance they
 * reshuffle. Comparing over several seeds separates the two.
 */
import { ScenarioSchema, type Scenario } from '../scenario/schema.ts';
import { assign, parsePath } from '../scenario/overrides.ts';
import { schemaNodeAt } from '../scenario/json-schema.ts';
import { describeValue } from '../scenario/issues.ts';
import type { JsonObject } from '../scenario/resolve.ts';
import { Membership, isFunded, type State } from '../model/state.ts';
import { startRun, type RunInProgress, type RunResult } from '../run/run-scenario.ts';
import { isRecruiting, joinCommunity, leaveCommunity, setPassive } from '../mechanisms/recruitment.ts';
import { fundingPerSite } from '../mechanisms/resources.ts';
import { dataQualityOf } from '../mechanisms/data.ts';
import { ATTENDANCE_CODES, RESPONSE_CODES, leverFor, type Lever, type LeverValue, type SeatKind } from './levers.ts';

/** One decision: at the start of `week`, `seat` sets `setting` to `value`. */
export interface Decision {
  week: number;
  /** 'core' for the core team, 'site-N' for member site N (1-based, as people count). */
  seat: string;
  setting: string;
  value: LeverValue;
}

/** Why a decision cannot be taken, in the project's problem shape: what, where, how to fix. */
export interface DecisionProblem {
  /** Which part of the decision is wrong. */
  field: 'week' | 'seat' | 'setting' | 'value';
  expected: string;
  found: string;
  fix: string;
}

export function formatDecisionProblem(d: Pick<Decision, 'week' | 'seat' | 'setting'>, p: DecisionProblem): string {
  return `${d.seat}, ${d.setting}, week ${d.week}: expected ${p.expected}, got ${p.found}. ${p.fix}`;
}

export interface Seat {
  kind: SeatKind;
  /** The site's index (0-based) for a site seat, -1 for the core team. */
  site: number;
}

export const CORE_SEAT = 'core';

export function siteSeat(site: number): string {
  return `site-${site + 1}`;
}

/** A seat's name read back, if it names a seat of this scenario: 'core', or an invited site. */
export function parseSeat(text: string, invitedSites: number): Seat | undefined {
  if (text === CORE_SEAT) return { kind: 'core', site: -1 };
  const m = /^site-([1-9]\d{0,6})$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= invitedSites ? { kind: 'site', site: n - 1 } : undefined;
}

export interface PlayedRun {
  readonly state: State;
  readonly run: RunInProgress;
  /** The decisions taken so far, in the order they were taken. */
  readonly decisions: readonly Decision[];
  /** What would be wrong with a decision now, without taking it. */
  check(decision: Decision): DecisionProblem | undefined;
  /** Take a decision now (its week must be this week): the problem if it cannot be taken. */
  decide(decision: Decision): DecisionProblem | undefined;
  advanceTo(week: number): void;
  finish(): RunResult;
}

export function startPlay(scenario: Scenario, seed: number, options: { trace?: boolean } = {}): PlayedRun {
  const run = startRun(scenario, { seed, trace: options.trace });
  const state = run.state;
  const decisions: Decision[] = [];
  const check = (d: Decision) => checkDecision(state, d);
  return {
    state,
    run,
    decisions,
    check,
    decide(d) {
      const problem = checkDecision(state, d);
      if (problem) return problem;
      applyDecision(state, d);
      decisions.push({ week: d.week, seat: d.seat, setting: d.setting, value: d.value });
      return undefined;
    },
    advanceTo: (week) => run.advanceTo(week),
    finish: () => run.finish(),
  };
}

export type ReplayResult = { ok: true; result: RunResult; played: PlayedRun; skipped: number } | { ok: false; index: number; problem: DecisionProblem };

/**
 * Replay a log: every decision at the start of its week, in the log's order within a week. The
 * first decision that cannot be taken stops the replay with its index and problem; with
 * `skipInvalid` it is skipped and counted instead (the same log on another seed, where a site the
 * log has leaving may already have left).
 */
export function replay(scenario: Scenario, seed: number, decisions: readonly Decision[], options: { trace?: boolean; skipInvalid?: boolean } = {}): ReplayResult {
  const played = startPlay(scenario, seed, options);
  const order = decisions.map((_, i) => i).sort((a, b) => decisions[a].week - decisions[b].week || a - b);
  let skipped = 0;
  for (const i of order) {
    const d = decisions[i];
    if (Number.isInteger(d.week) && d.week > played.state.week) played.advanceTo(d.week);
    const problem = played.decide(d);
    if (!problem) continue;
    if (!options.skipInvalid) return { ok: false, index: i, problem };
    skipped++;
  }
  return { ok: true, result: played.finish(), played, skipped };
}

function checkDecision(state: State, d: Decision): DecisionProblem | undefined {
  const weeks = state.scenario.time.weeks;
  if (!Number.isInteger(d.week) || d.week !== state.week) {
    return state.week >= weeks
      ? { field: 'week', expected: `a week before the horizon (week ${weeks})`, found: `week ${d.week}`, fix: 'The run has ended: nothing more can be decided.' }
      : { field: 'week', expected: `this week (${state.week})`, found: describeValue(d.week), fix: 'Decisions take effect at the start of the week the run has reached.' };
  }
  if (state.week >= weeks) return { field: 'week', expected: `a week before the horizon (week ${weeks})`, found: `week ${d.week}`, fix: 'The run has ended: nothing more can be decided.' };
  const seat = typeof d.seat === 'string' ? parseSeat(d.seat, state.sites.invited) : undefined;
  if (!seat) {
    return { field: 'seat', expected: `'core' or a member site from 'site-1' to 'site-${state.sites.invited}'`, found: describeValue(d.seat), fix: 'Name the core team or one of the invited sites.' };
  }
  const lever = typeof d.setting === 'string' ? leverFor(seat.kind, d.setting) : undefined;
  if (!lever) {
    const other = typeof d.setting === 'string' ? leverFor(seat.kind === 'core' ? 'site' : 'core', d.setting) : undefined;
    return {
      field: 'setting',
      expected: `a lever of ${seat.kind === 'core' ? 'the core team' : 'a site'}`,
      found: describeValue(d.setting),
      fix: other ? `That lever belongs to ${other.seat === 'core' ? 'the core team' : 'each site'}.` : 'See the levers in docs/workshop.md.',
    };
  }
  return checkValue(lever, d.value) ?? checkState(state, seat, lever, d.value);
}

function checkValue(lever: Lever, value: unknown): DecisionProblem | undefined {
  if (lever.kind === 'action') {
    return value === true ? undefined : { field: 'value', expected: 'true', found: describeValue(value), fix: `${lever.title} is an act: its value is true.` };
  }
  if (lever.kind === 'choice') {
    const names = lever.options.map((o) => o.value);
    return typeof value === 'string' && names.includes(value)
      ? undefined
      : { field: 'value', expected: `one of ${names.map((n) => `'${n}'`).join(', ')}`, found: describeValue(value), fix: `Choose one of the options of ${lever.title}.` };
  }
  const node = schemaNodeAt(parsePath(lever.setting) ?? []);
  const min = typeof node?.minimum === 'number' ? node.minimum : 0;
  const max = typeof node?.maximum === 'number' ? node.maximum : Number.MAX_VALUE;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    return { field: 'value', expected: `a number from ${min} to ${max} (${lever.unit})`, found: describeValue(value), fix: `Give ${lever.title} as a number in its range.` };
  }
  if (node?.type === 'integer' && !Number.isInteger(value)) {
    return { field: 'value', expected: `a whole number (${lever.unit})`, found: describeValue(value), fix: `Give ${lever.title} in whole ${lever.unit}.` };
  }
  return undefined;
}

/** Whether the run's state allows the decision now (a site cannot leave twice; a review needs funding). */
function checkState(state: State, seat: Seat, lever: Lever, value: LeverValue): DecisionProblem | undefined {
  const week = state.week;
  if (lever.setting === 'programme.reviewNow' && !isFunded(state)) {
    return { field: 'week', expected: `a week of the funded period (0 to ${state.scenario.time.fundingWeeks - 1})`, found: `week ${week}`, fix: 'The theory of change is reviewed only while the programme is funded.' };
  }
  if (seat.kind === 'core') return lever.setting.startsWith('programme.') ? undefined : checkScenarioSetting(state, lever.setting, value).problem;
  if (lever.setting !== 'site.participation') return undefined;
  if (!isFunded(state)) {
    return { field: 'week', expected: `a week of the funded period (0 to ${state.scenario.time.fundingWeeks - 1})`, found: `week ${week}`, fix: 'Membership is settled when the funding ends: sites that keep measuring do so on their own.' };
  }
  const sites = state.sites;
  const m = sites.membership[seat.site];
  const name = `site ${seat.site + 1}`;
  if (m === Membership.droppedOut || m === Membership.lapsed) {
    return { field: 'value', expected: `a site still in the community`, found: `${name}, which left in week ${sites.dropWeek[seat.site]}`, fix: 'A site that has left cannot rejoin.' };
  }
  if (m === Membership.invited) {
    if (value === 'active') {
      return isRecruiting(state, seat.site)
        ? undefined
        : { field: 'value', expected: 'a week inside the site\'s recruitment window', found: `week ${week}`, fix: `${name} was invited but may join only while its wave is recruiting.` };
    }
    return { field: 'value', expected: `'active' (join) for a site not yet in the community`, found: describeValue(value), fix: `${name} has not joined: it can only join.` };
  }
  if (m === Membership.onboarding && value === 'passive') {
    return { field: 'value', expected: `'active' or 'leave' while onboarding`, found: `'passive'`, fix: `${name} is still onboarding: it can step back once active.` };
  }
  return undefined;
}

/** The scenario with one setting changed, checked as a whole (the budget shares, say). */
function checkScenarioSetting(state: State, setting: string, value: LeverValue): { problem?: DecisionProblem; scenario?: Scenario } {
  const next = structuredClone(state.scenario) as unknown as JsonObject;
  assign(next, parsePath(setting) ?? [], value);
  const parsed = ScenarioSchema.safeParse(next);
  if (parsed.success) return { scenario: parsed.data };
  const first = parsed.error.issues[0];
  return { problem: { field: 'value', expected: first.message.replace(/^expected /, ''), found: describeValue(value), fix: `The scenario with that setting is not valid (${first.path.join('.')}): choose another value.` } };
}

function applyDecision(state: State, d: Decision): void {
  const seat = parseSeat(d.seat, state.sites.invited)!;
  if (seat.kind === 'core') {
    if (d.setting === 'programme.reviewNow') {
      state.programme.reviewRequested = 1;
      return;
    }
    state.scenario = checkScenarioSetting(state, d.setting, d.value).scenario!;
    // What init derived from the settings the core team may change.
    const perSite = fundingPerSite(state);
    state.programme.backfillPerSite = perSite.backfill;
    state.programme.coachingPerSite = perSite.coaching;
    return;
  }
  const s = seat.site;
  const sites = state.sites;
  switch (d.setting) {
    case 'resources.protectedHoursPerWeek':
      sites.protectedHours[s] = d.value as number;
      return;
    case 'data.measurementHoursPerWeek':
      sites.measurementHours[s] = d.value as number;
      sites.dataQuality[s] = dataQualityOf(state, s);
      return;
    case 'site.attendance':
      sites.attendance[s] = ATTENDANCE_CODES[d.value as string];
      return;
    case 'site.conflictResponse':
      sites.conflictResponse[s] = RESPONSE_CODES[d.value as string];
      return;
    case 'site.participation': {
      const m = sites.membership[s];
      if (d.value === 'leave') leaveCommunity(state, s);
      else if (m === Membership.invited) joinCommunity(state, s);
      else if (d.value === 'passive' && m === Membership.active) setPassive(state, s, true);
      else if (d.value === 'active' && m === Membership.passive) setPassive(state, s, false);
      return;
    }
  }
}
