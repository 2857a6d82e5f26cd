/**
 * A workshop room: one played run (engine/core/play) that a room of people plays round by round.
 * The trainer opens it from a scenario; participants join with the room code and a name and take
 * a seat (a member site, the core team, or an observer's); each round (a quarter by default) the
 * seats choose, then the run advances by the round's weeks with their choices taken at its start.
 * Seats nobody holds are played by the model's own behaviour (bots).
 *
 * Everything that happens is an entry (join, choose, advance, ask, predict, ...). The room is the
 * entries applied in order: the live room validates a request, writes its entry to disk (store.ts)
 * and only then applies it, and a room rebuilt after a restart applies the same entries to the
 * same scenario and seed, so it reaches the same state exactly. Pure: no sockets, no files, no
 * clock (the time of each entry is given).
 */
import { createHash } from 'node:crypto';
import type { JsonObject, ModelEvent, RunResult, Scenario } from '../../../engine/core/index.ts';
import { startPlay, parseSeat, siteSeat, CORE_SEAT, formatDecisionProblem, type Decision, type DecisionProblem, type PlayedRun } from '../../../engine/core/play/session.ts';
import { LEVERS, leverFor, type LeverValue } from '../../../engine/core/play/levers.ts';
import { predictionQuestion, outcomeOf, calibrationScore } from '../../../engine/core/play/predictions.ts';

export const ROOM_FORMAT = 1;
export const OBSERVER_SEAT = 'observer';

/** The first line of a room's file: what it plays. */
export interface RoomHeader {
  kind: 'room';
  format: number;
  /** ccsim's version when the room was opened (a replay on another version may differ). */
  ccsim: string;
  code: string;
  createdAt: string;
  title: string;
  /** The bundled scenario it was opened from, if any. */
  scenarioId?: string;
  /** The scenario as validated: every setting, so the room does not depend on files that may change. */
  scenario: JsonObject;
  seed: number;
  roundWeeks: number;
  /** sha256 of the trainer's token (the token itself is never stored). */
  trainerTokenHash: string;
}

export type RoomEntry =
  | { kind: 'join'; at: string; participant: string; name: string; seat: string; tokenHash: string }
  | { kind: 'choose'; at: string; participant: string; seat: string; setting: string; value: LeverValue }
  | { kind: 'advance'; at: string; by: 'trainer' | 'timer' }
  | { kind: 'timer'; at: string; seconds: number }
  | { kind: 'pause'; at: string }
  | { kind: 'resume'; at: string }
  | { kind: 'ask'; at: string; question: string }
  | { kind: 'predict'; at: string; participant: string; question: string; value: number }
  | { kind: 'end'; at: string };

/** An entry before it is stamped with the time it is stored. */
export type Untimed = RoomEntry extends infer E ? (E extends RoomEntry ? Omit<E, 'at'> : never) : never;

export interface Participant {
  id: string;
  name: string;
  seat: string;
  tokenHash: string;
  joinedAt: string;
}

/** A choice made for the coming round, taken when the round starts. */
export interface Pending {
  participant: string;
  decision: Decision;
}

/** Something a seat is told: a choice that could not be taken, say. */
export interface SeatMessage {
  week: number;
  seat: string;
  text: string;
}

export interface Question {
  id: string;
  askedWeek: number;
  answers: Map<string, number>;
}

export type RoomProblem = { status: number; error: string; message: string };

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const MAX_NAME = 40;

export class Room {
  readonly header: RoomHeader;
  readonly scenario: Scenario;
  readonly played: PlayedRun;
  readonly participants = new Map<string, Participant>();
  readonly entries: RoomEntry[] = [];
  /** The choices for the coming round, by seat and setting (the latest wins). */
  readonly pending = new Map<string, Pending>();
  readonly questions = new Map<string, Question>();
  readonly messages: SeatMessage[] = [];
  /** The weeks at which rounds began (week of the state when each advance started). */
  readonly rounds: Array<{ from: number; to: number; at: string }> = [];
  private readonly byToken = new Map<string, string>();
  /** Seconds a round's timer gives (0: the trainer advances by hand). */
  timerSeconds = 0;
  /** When the running timer ends (ms since the epoch), or null. */
  deadline: number | null = null;
  paused = true;
  ended = false;
  /** The same scenario and seed with bots in every seat, once computed. */
  ghost: RunResult | undefined;
  /** Events of the round just played. */
  lastRoundEvents: ModelEvent[] = [];

  constructor(header: RoomHeader, scenario: Scenario) {
    this.header = header;
    this.scenario = scenario;
    this.played = startPlay(scenario, header.seed, { trace: true });
    // The baseline period (if any) is history when the room opens: round 1 starts at launch.
    this.played.advanceTo(0);
  }

  get week(): number {
    return this.played.state.week;
  }

  get horizon(): number {
    return this.scenario.time.weeks;
  }

  get round(): number {
    return Math.floor(this.week / this.header.roundWeeks) + 1;
  }

  get roundCount(): number {
    return Math.ceil(this.horizon / this.header.roundWeeks);
  }

  /** Invited sites: the site seats. */
  get siteCount(): number {
    return this.played.state.sites.invited;
  }

  participantByToken(token: string): Participant | undefined {
    const id = this.byToken.get(hashToken(token));
    return id ? this.participants.get(id) : undefined;
  }

  isTrainer(token: string | undefined): boolean {
    return typeof token === 'string' && hashToken(token) === this.header.trainerTokenHash;
  }

  /** Humans in each seat. */
  humansBySeat(): Map<string, Participant[]> {
    const out = new Map<string, Participant[]>();
    for (const p of this.participants.values()) {
      const list = out.get(p.seat) ?? [];
      list.push(p);
      out.set(p.seat, list);
    }
    return out;
  }

  /**
   * The seat a newcomer takes: the one asked for if it is a seat of this room, else the member
   * site with fewest people (a bot's seat first), lowest number first.
   */
  seatFor(wanted: string | undefined): string | RoomProblem {
    if (wanted === OBSERVER_SEAT || wanted === CORE_SEAT) return wanted;
    if (wanted !== undefined) {
      return parseSeat(wanted, this.siteCount)
        ? wanted
        : { status: 400, error: 'invalid-seat', message: `expected 'core', 'observer' or a site from 'site-1' to 'site-${this.siteCount}', got ${JSON.stringify(wanted)}` };
    }
    const humans = this.humansBySeat();
    let best = 0;
    for (let s = 1; s < this.siteCount; s++) if ((humans.get(siteSeat(s))?.length ?? 0) < (humans.get(siteSeat(best))?.length ?? 0)) best = s;
    return siteSeat(best);
  }

  /** Check a request and return the entry it makes (the caller stores it, then applies it). */
  checkChoose(participant: Participant | 'trainer', setting: string, value: LeverValue): Untimed | RoomProblem {
    if (this.ended) return { status: 409, error: 'room-ended', message: 'the session has ended: nothing more can be decided' };
    const seat = participant === 'trainer' ? CORE_SEAT : participant.seat;
    if (seat === OBSERVER_SEAT) return { status: 403, error: 'observer', message: 'an observer watches: join a seat to decide' };
    const kind = seat === CORE_SEAT ? 'core' : 'site';
    if (!leverFor(kind, setting)) return { status: 400, error: 'invalid-setting', message: `${JSON.stringify(setting)} is not a lever of ${kind === 'core' ? 'the core team' : 'a site'}` };
    const decision: Decision = { week: this.week, seat, setting, value };
    const problem = this.played.check(decision);
    if (problem) return { status: 400, error: 'invalid-decision', message: formatDecisionProblem(decision, problem) };
    return { kind: 'choose', participant: participant === 'trainer' ? 'trainer' : participant.id, seat, setting, value };
  }

  /** Apply an entry (live, after it is stored, or when rebuilding from the file). */
  apply(entry: RoomEntry): void {
    this.entries.push(entry);
    switch (entry.kind) {
      case 'join': {
        const p: Participant = { id: entry.participant, name: entry.name, seat: entry.seat, tokenHash: entry.tokenHash, joinedAt: entry.at };
        this.participants.set(p.id, p);
        this.byToken.set(entry.tokenHash, p.id);
        return;
      }
      case 'choose':
        this.pending.set(`${entry.seat}|${entry.setting}`, { participant: entry.participant, decision: { week: this.week, seat: entry.seat, setting: entry.setting, value: entry.value } });
        return;
      case 'advance':
        this.advance(entry.at);
        return;
      case 'timer':
        this.timerSeconds = entry.seconds;
        this.deadline = null;
        return;
      case 'pause':
        this.paused = true;
        this.deadline = null;
        return;
      case 'resume':
        this.paused = false;
        return;
      case 'ask':
        if (!this.questions.has(entry.question)) this.questions.set(entry.question, { id: entry.question, askedWeek: this.week, answers: new Map() });
        return;
      case 'predict':
        this.questions.get(entry.question)?.answers.set(entry.participant, entry.value);
        return;
      case 'end': {
        // The rest of the run is the model's: every seat a bot from here, so the debrief can
        // compare the whole run with its ghost.
        const before = this.played.state.events.length;
        this.played.advanceTo(this.horizon);
        if (this.played.state.events.length > before) this.lastRoundEvents = this.played.state.events.slice(before);
        this.pending.clear();
        this.ended = true;
        this.paused = true;
        this.deadline = null;
        return;
      }
    }
  }

  /** Seats that have chosen anything for the coming round. */
  decidedSeats(): Set<string> {
    return new Set([...this.pending.values()].map((p) => p.decision.seat));
  }

  /**
   * Start the coming round: take the pending choices (the core team's first, then the sites' in
   * order, each seat's in the order of the levers), then run the round's weeks. A choice that can
   * no longer be taken (two budget shares that together exceed the budget) is dropped, and its seat
   * told why.
   */
  private advance(at: string): void {
    if (this.ended) return;
    const from = this.week;
    const leverOrder = (setting: string) => LEVERS.findIndex((l) => l.setting === setting);
    const seatOrder = (seat: string) => (seat === CORE_SEAT ? -1 : (parseSeat(seat, this.siteCount)?.site ?? 1e9));
    const choices = [...this.pending.values()].sort((a, b) => seatOrder(a.decision.seat) - seatOrder(b.decision.seat) || leverOrder(a.decision.setting) - leverOrder(b.decision.setting));
    for (const { decision } of choices) {
      const problem: DecisionProblem | undefined = this.played.decide({ ...decision, week: from });
      if (problem) this.messages.push({ week: from, seat: decision.seat, text: `Not taken: ${formatDecisionProblem(decision, problem)}` });
    }
    this.pending.clear();
    const before = this.played.state.events.length;
    this.played.advanceTo(Math.min(this.horizon, from + this.header.roundWeeks));
    this.lastRoundEvents = this.played.state.events.slice(before);
    this.rounds.push({ from, to: this.week, at });
    if (this.week >= this.horizon) {
      this.ended = true;
      this.paused = true;
      this.deadline = null;
    }
  }

  /** A question's outcome once the run has reached its week, in the unit people answered in. */
  outcome(questionId: string): number | null {
    const q = predictionQuestion(questionId);
    return q ? outcomeOf(q, this.scenario, this.played.run.series, this.week) : null;
  }

  /**
   * One person's calibration over the questions revealed so far (null with none to score): each
   * phone's view asks for its own, so a round's update reads each question once per phone.
   */
  calibrationOf(participant: string): number | null {
    const scored: Array<{ prediction: number; outcome: number; range: number }> = [];
    for (const q of this.questions.values()) {
      const prediction = q.answers.get(participant);
      const question = predictionQuestion(q.id);
      if (prediction === undefined || !question) continue;
      const outcome = this.outcome(q.id);
      if (outcome !== null) scored.push({ prediction, outcome, range: question.range(this.scenario) });
    }
    return calibrationScore(scored);
  }
}
