/**
 * What a workshop room's server sends its screens (web/server/rooms/views.ts builds it; the
 * client in web/client/room draws it): the room view for the projector, the trainer and every
 * phone, and a seat's own view for a phone. Types only, shared by both sides.
 */
import type { ModelEvent } from '../model/state.ts';
import type { Lever, LeverValue } from './levers.ts';

export interface SeatSummary {
  seat: string;
  label: string;
  /** Names of the people in the seat (none: a bot plays it). */
  people: string[];
  decided: boolean;
  membership: string;
}

export interface LeverView {
  setting: string;
  kind: Lever['kind'];
  title: string;
  question: string;
  description: string;
  lesson: number;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  options?: ReadonlyArray<{ value: string; label: string }>;
  label?: string;
  /** The value in force now. */
  current: LeverValue | null;
  /** The value chosen for the coming round, if any. */
  pending: LeverValue | null;
}

export interface QuestionView {
  id: string;
  text: string;
  unit: 'percent' | 'sites';
  askedWeek: number;
  answers: number;
  /** Once revealed: the outcome and every prediction. */
  outcome: number | null;
  predictions: number[] | null;
}

export interface RoomView {
  code: string;
  title: string;
  phase: 'lobby' | 'deciding' | 'ended';
  paused: boolean;
  week: number;
  round: number;
  rounds: number;
  roundWeeks: number;
  fundingWeeks: number;
  horizon: number;
  /** When the round's timer ends (ms since the epoch), or null. */
  deadline: number | null;
  timerSeconds: number;
  outcome: { label: string; unitLabel: string; baseline: number; best: number };
  /** The scenario's currency (costs.currency): '£', '$', 'CHF', ... */
  currency: string;
  seats: SeatSummary[];
  people: number;
  /** The community so far, week by week from 0. */
  community: { weeks: number[]; gapClosed: Array<number | null>; practice: Array<number | null>; takingPart: Array<number | null> };
  /** Each member site now: its share of gap closed, membership, conflict; and ties between sites. */
  sites: Array<{ type: string; closed: number | null; membership: string; conflict: number | null }>;
  ties: Array<[number, number, number]>;
  /** Events of the round just played. */
  events: ModelEvent[];
  questions: QuestionView[];
  /** Questions the trainer may ask. */
  askable: Array<{ id: string; text: string }>;
  coreLevers: LeverView[];
}

export interface SeatView {
  you: { id: string; name: string; seat: string };
  /** For a site's seat: its own story so far. */
  site: {
    number: number;
    label: string;
    membership: string;
    /** The site's first report (its baseline as its data showed it). */
    baseline: number;
    weeks: number[];
    reported: Array<number | null>;
    practice: Array<number | null>;
    belonging: Array<number | null>;
    conflict: Array<number | null>;
    timeBudget: Array<number | null>;
    now: { protectedHours: number | null; backfillHours: number | null; coachingHours: number | null; timeBudget: number | null; capability: number | null; belonging: number | null; conflict: number | null; spentOnSite: number | null };
  } | null;
  levers: LeverView[];
  /**
   * Once the session has ended and the ghost is ready: the site's share of its gap closed, at the
   * end of funding and at the horizon, in the room's run and in the ghost's (bots in every seat).
   */
  verdict: { fundingEnd: { room: number | null; ghost: number | null }; horizon: { room: number | null; ghost: number | null } } | null;
  messages: string[];
  /** Open questions and this person's answer to each. */
  answers: Record<string, number | null>;
  calibration: number | null;
}
