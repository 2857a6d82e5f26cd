/**
 * What each screen of a room is sent: the room view (the projector, the trainer, and every phone's
 * header) and a seat's own view (a phone). Built from the room's played run after each change;
 * plain JSON, rounded to what a screen can show, so that a round's update to 200 phones stays
 * small. The client (web/client/room) only draws what it is sent.
 */
import { MEMBERSHIP_STATES, PARTNER_SLOTS, columnValues, rowOf, type SeriesName } from '../../../engine/core/index.ts';
import { shareClosed } from '../../../engine/core/metrics/series.ts';
import { CORE_SEAT, parseSeat, siteSeat } from '../../../engine/core/play/session.ts';
import { CORE_LEVERS, SITE_LEVERS, siteLeverValue, type Lever, type LeverValue } from '../../../engine/core/play/levers.ts';
import { PREDICTION_QUESTIONS, predictionQuestion } from '../../../engine/core/play/predictions.ts';
import { valueAtPath } from '../../../engine/core/scenario/behaviour.ts';
import type { Json } from '../../../engine/core/scenario/resolve.ts';
import { OBSERVER_SEAT, type Participant, type Room } from './room.ts';
import type { LeverView, QuestionView, RoomView, SeatSummary, SeatView } from '../../../engine/core/play/room-protocol.ts';

export type { RoomView, SeatView };

/** Four significant figures: what a chart or a card can show. */
const r4 = (x: number): number | null => (Number.isFinite(x) ? Number(x.toPrecision(4)) : null);

function leverView(room: Room, lever: Lever, seat: string): LeverView {
  const pending = room.pending.get(`${seat}|${lever.setting}`)?.decision.value ?? null;
  const base = { setting: lever.setting, kind: lever.kind, title: lever.title, question: lever.question, description: lever.description, lesson: lever.lesson, pending };
  let current: LeverValue | null = null;
  const site = parseSeat(seat, room.siteCount);
  if (site && site.kind === 'site') current = siteLeverValue(room.played.state, site.site, lever.setting);
  else if (lever.kind !== 'action') current = valueAtPath(room.played.state.scenario as unknown as Json, lever.setting) as LeverValue;
  if (lever.kind === 'number') return { ...base, unit: lever.unit, ...lever.range(room.scenario), current };
  if (lever.kind === 'choice') return { ...base, options: lever.options, current };
  return { ...base, label: lever.label, current: null };
}

function siteLabel(room: Room, s: number): string {
  const type = room.scenario.community.siteTypes[room.played.state.sites.type[s]]?.name ?? 'site';
  return `Site ${s + 1} (${type})`;
}

function seriesUpTo(room: Room, column: SeriesName, scale = 1): Array<number | null> {
  const series = room.played.run.series;
  const values = columnValues(series, column);
  const out: Array<number | null> = [];
  for (let w = 0; w <= room.week; w++) out.push(r4(values[rowOf(series, w)] * scale));
  return out;
}

export function roomView(room: Room): RoomView {
  const state = room.played.state;
  const sites = state.sites;
  const humans = room.humansBySeat();
  const decided = room.decidedSeats();
  const outcome = room.scenario.challenge.outcome;
  const seats: SeatSummary[] = [];
  const coreHumans = humans.get(CORE_SEAT) ?? [];
  seats.push({ seat: CORE_SEAT, label: 'Core team', people: coreHumans.map((p) => p.name), decided: decided.has(CORE_SEAT), membership: 'core' });
  for (let s = 0; s < room.siteCount; s++) {
    const seat = siteSeat(s);
    seats.push({ seat, label: siteLabel(room, s), people: (humans.get(seat) ?? []).map((p) => p.name), decided: decided.has(seat), membership: MEMBERSHIP_STATES[sites.membership[s]] });
  }
  const ties: Array<[number, number, number]> = [];
  for (let s = 0; s < room.siteCount; s++) {
    for (let k = 0; k < PARTNER_SLOTS; k++) {
      const j = sites.partner[s * PARTNER_SLOTS + k];
      const strength = sites.tieStrength[s * PARTNER_SLOTS + k];
      if (j > s && j < room.siteCount && strength > 0.05) ties.push([s, j, r4(strength)!]);
    }
  }
  const gap = outcome.best - outcome.baseline;
  const weeks = Array.from({ length: room.week + 1 }, (_, w) => w);
  const questions: QuestionView[] = [...room.questions.values()].map((q) => {
    const question = predictionQuestion(q.id)!;
    const revealed = room.outcome(q.id);
    return {
      id: q.id,
      text: question.text,
      unit: question.unit,
      askedWeek: q.askedWeek,
      answers: q.answers.size,
      outcome: revealed === null ? null : r4(revealed),
      predictions: revealed === null ? null : [...q.answers.values()].sort((a, b) => a - b),
    };
  });
  return {
    code: room.header.code,
    title: room.header.title,
    phase: room.ended ? 'ended' : room.rounds.length === 0 ? 'lobby' : 'deciding',
    paused: room.paused,
    week: room.week,
    round: room.round,
    rounds: room.roundCount,
    roundWeeks: room.header.roundWeeks,
    fundingWeeks: room.scenario.time.fundingWeeks,
    horizon: room.horizon,
    deadline: room.deadline,
    timerSeconds: room.timerSeconds,
    outcome: { label: outcome.label ?? room.scenario.challenge.name, unitLabel: outcome.unitLabel ?? (outcome.measure === 'percent' ? '%' : ''), baseline: outcome.baseline, best: outcome.best },
    currency: room.scenario.costs.currency,
    seats,
    people: room.participants.size,
    community: { weeks, gapClosed: seriesUpTo(room, 'gapClosed', 100), practice: seriesUpTo(room, 'practice', 100), takingPart: seriesUpTo(room, 'sitesTakingPart') },
    sites: Array.from({ length: room.siteCount }, (_, s) => ({
      type: room.scenario.community.siteTypes[sites.type[s]]?.name ?? 'site',
      closed: gap === 0 ? null : r4((sites.trueValue[s] - sites.baselineValue[s]) / gap),
      membership: MEMBERSHIP_STATES[sites.membership[s]],
      conflict: r4(sites.conflict[s]),
    })),
    ties,
    events: room.lastRoundEvents.filter((e) => e.site < room.siteCount),
    questions,
    askable: PREDICTION_QUESTIONS.filter((q) => !room.questions.has(q.id) && q.week(room.scenario) > room.week).map((q) => ({ id: q.id, text: q.text })),
    coreLevers: CORE_LEVERS.map((l) => leverView(room, l, CORE_SEAT)),
  };
}

export function seatView(room: Room, participant: Participant): SeatView {
  const seat = parseSeat(participant.seat, room.siteCount);
  const calibration = room.calibrationOf(participant.id);
  const answers: Record<string, number | null> = {};
  for (const q of room.questions.values()) if (room.outcome(q.id) === null) answers[q.id] = q.answers.get(participant.id) ?? null;
  const messages = room.messages.filter((m) => m.seat === participant.seat && m.week >= room.week - room.header.roundWeeks).map((m) => m.text);
  if (participant.seat === OBSERVER_SEAT || !seat) {
    return { you: { id: participant.id, name: participant.name, seat: participant.seat }, site: null, levers: [], verdict: null, messages, answers, calibration };
  }
  if (seat.kind === 'core') {
    return { you: { id: participant.id, name: participant.name, seat: participant.seat }, site: null, levers: CORE_LEVERS.map((l) => leverView(room, l, CORE_SEAT)), verdict: null, messages, answers, calibration };
  }
  const s = seat.site;
  const state = room.played.state;
  const sites = state.sites;
  const trace = room.played.run.trace!;
  const column = (field: Float32Array) => {
    const out: Array<number | null> = [];
    for (let w = 0; w <= room.week; w++) out.push(r4(field[(w - trace.firstWeek) * trace.sites + s]));
    return out;
  };
  return {
    you: { id: participant.id, name: participant.name, seat: participant.seat },
    site: {
      number: s + 1,
      label: siteLabel(room, s),
      membership: MEMBERSHIP_STATES[sites.membership[s]],
      // Where the site started as its own data showed it (sites see themselves only through their data).
      baseline: r4(Number.isFinite(sites.firstReportedValue[s]) ? sites.firstReportedValue[s] : sites.baselineValue[s])!,
      weeks: Array.from({ length: room.week + 1 }, (_, w) => w),
      reported: column(trace.reported),
      practice: column(trace.practice),
      belonging: column(trace.belonging),
      conflict: column(trace.conflict),
      timeBudget: column(trace.timeBudget),
      now: {
        protectedHours: r4(sites.protectedHours[s]),
        backfillHours: r4(sites.backfillHours[s]),
        coachingHours: r4(sites.coachingHours[s]),
        timeBudget: r4(sites.timeBudget[s]),
        capability: r4(sites.capability[s]),
        belonging: r4(sites.teamBelonging[s]),
        conflict: r4(sites.conflict[s]),
        spentOnSite: r4(sites.costBackfill[s] + sites.costCoaching[s] + sites.costEvents[s]),
      },
    },
    levers: SITE_LEVERS.map((l) => leverView(room, l, participant.seat)),
    verdict: verdictOf(room, s),
    messages,
    answers,
    calibration,
  };
}

/** A site's share of its gap closed at two weeks, in the room's run and the ghost's, once both are known. */
function verdictOf(room: Room, s: number): SeatView['verdict'] {
  if (!room.ended || !room.ghost?.trace) return null;
  const played = room.played.run.trace!;
  const ghost = room.ghost.trace;
  const best = room.scenario.challenge.outcome.best;
  const baseline = room.played.state.sites.baselineValue[s];
  const closed = (t: typeof played, week: number) => (week <= room.week ? r4(shareClosed(baseline, t.trueValue[(week - t.firstWeek) * t.sites + s], best)) : null);
  const end = Math.min(room.scenario.time.fundingWeeks, room.horizon);
  return { fundingEnd: { room: closed(played, end), ghost: closed(ghost, end) }, horizon: { room: closed(played, room.horizon), ghost: closed(ghost, room.horizon) } };
}
