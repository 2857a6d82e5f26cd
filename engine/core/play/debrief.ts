/**
 * The debrief of a played session, from its session file: the room's run against its ghost (the
 * same scenario and seed with bots in every seat), each site against its ghost, the timeline of
 * decisions, the predictions against what happened, and what the decisions did.
 *
 * On its one seed the room's run differs from its ghost by the decisions and by the chance they
 * reshuffle: the random streams are named by purpose and shared by every site, so a site that
 * leaves or skips an event moves the later draws of every other site too. One seed's difference
 * can therefore credit a site with a change nobody there chose. What the decisions did is
 * measured over several seeds instead (roomEffects): the same log replayed against no decisions,
 * and against the log without each seat's decisions, averaged with a 95% interval, so the luck
 * averages out. Pure: the browser computes it in a worker.
 */
import type { Scenario } from '../scenario/schema.ts';
import type { ModelEvent } from '../model/state.ts';
import { runScenario, type RunResult } from '../run/run-scenario.ts';
import { columnValues, rowOf, shareClosed } from '../metrics/series.ts';
import { replicateSeed } from '../random/streams.ts';
import { pairedDifference } from '../stats/interval.ts';
import type { Estimate } from '../stats/accumulator.ts';
import { replay, parseSeat, CORE_SEAT, type Decision } from './session.ts';
import { leverFor } from './levers.ts';
import { predictionQuestion, outcomeOf, calibrationScore } from './predictions.ts';
import type { SessionFile } from './session-file.ts';

export interface DebriefSite {
  seat: string;
  label: string;
  /** Its site type's name (teaching hospital, ...). */
  type: string;
  people: string[];
  decisions: number;
  /** Share of its gap closed at the end of funding and at the horizon: the room's run, the ghost's. */
  fundingEnd: { room: number; ghost: number };
  horizon: { room: number; ghost: number };
}

export interface DebriefDecision extends Decision {
  round: number;
  /** Who sits in the seat, and the lever's title and lesson. */
  label: string;
  title: string;
  lesson: number;
}

export interface Debrief {
  title: string;
  fundingWeeks: number;
  horizon: number;
  /** Week by week from 0 to the horizon: the community's share of gap closed (percent) and staff practising (percent). */
  weeks: number[];
  gapClosed: { room: number[]; ghost: number[] };
  practice: { room: number[]; ghost: number[] };
  /** Headline figures of both runs. */
  headline: Array<{ name: string; title: string; room: number | null; ghost: number | null; unit: 'percent' | 'share' | 'money' }>;
  sites: DebriefSite[];
  timeline: DebriefDecision[];
  /** What happened in the room's run that a trainer would call out (a site leaves, conflict flares, the funding ends), in order. */
  events: Array<{ week: number; round: number; kind: ModelEvent['kind']; site: number; label: string; value: number }>;
  predictions: Array<{ question: string; text: string; outcome: number | null; answers: Array<{ name: string; value: number }> }>;
  calibration: Array<{ name: string; score: number }>;
  /** Decisions that could not be taken when their round began. */
  messages: SessionFile['messages'];
}

export interface SeatEffect {
  seat: string;
  label: string;
  decisions: number;
  /** The lessons of the levers the seat pulled. */
  lessons: number[];
  /** Gap closed at the end of funding (percentage points) with the seat's decisions minus without them. */
  effect: Estimate;
  /** Decisions of other seats skipped on other seeds, where the run went differently. */
  skipped: number;
}

const pct = (x: number | null) => (x === null ? null : 100 * x);

/** The events a debrief's timeline shows beside the decisions (the rest are routine: onboarding, events held). */
const NOTABLE = new Set<ModelEvent['kind']>(['droppedOut', 'passive', 'reengaged', 'lapsed', 'conflictFlare', 'championLeft', 'reorganisation', 'standardAdopted', 'theoryReviewed', 'fundingEnded']);

function seatLabel(scenario: Scenario, result: RunResult, seat: string): string {
  const parsed = parseSeat(seat, scenario.recruitment.invitedSites);
  if (!parsed || parsed.kind === 'core') return 'Core team';
  return `Site ${parsed.site + 1} (${result.sites[parsed.site].type})`;
}

export function debriefOf(session: SessionFile, scenario: Scenario): Debrief {
  const replayed = replay(scenario, session.seed, session.decisions, { trace: true });
  if (!replayed.ok) throw new Error(`decision ${replayed.index + 1} of the session cannot be replayed: ${replayed.problem.expected}`);
  const room = replayed.result;
  const ghost = runScenario(scenario, { seed: session.seed, trace: true });
  const weeks = Array.from({ length: scenario.time.weeks + 1 }, (_, w) => w);
  const column = (r: RunResult, name: 'gapClosed' | 'practice') => {
    const values = columnValues(r.series, name);
    return weeks.map((w) => 100 * values[rowOf(r.series, w)]);
  };
  const people = new Map(session.seats.map((s) => [s.seat, s.people]));
  const count = new Map<string, number>();
  for (const d of session.decisions) count.set(d.seat, (count.get(d.seat) ?? 0) + 1);
  const best = scenario.challenge.outcome.best;
  const closedAt = (r: RunResult, s: number, week: number) => {
    const t = r.trace!;
    return shareClosed(r.sites[s].baseline, t.trueValue[(week - t.firstWeek) * t.sites + s], best);
  };
  const fundingEnd = Math.min(scenario.time.fundingWeeks, scenario.time.weeks);
  const sites: DebriefSite[] = Array.from({ length: scenario.recruitment.invitedSites }, (_, s) => {
    const seat = `site-${s + 1}`;
    return {
      seat,
      label: seatLabel(scenario, room, seat),
      type: room.sites[s].type,
      people: people.get(seat) ?? [],
      decisions: count.get(seat) ?? 0,
      fundingEnd: { room: closedAt(room, s, fundingEnd), ghost: closedAt(ghost, s, fundingEnd) },
      horizon: { room: closedAt(room, s, scenario.time.weeks), ghost: closedAt(ghost, s, scenario.time.weeks) },
    };
  });
  const headline: Debrief['headline'] = [
    { name: 'gapClosedAtFundingEnd', title: 'Gap closed by the end of funding', unit: 'percent', room: pct(room.summary.gapClosedAtFundingEnd), ghost: pct(ghost.summary.gapClosedAtFundingEnd) },
    { name: 'gapClosedOneYearAfter', title: 'Gap closed a year after funding', unit: 'percent', room: pct(room.summary.gapClosedOneYearAfter), ghost: pct(ghost.summary.gapClosedOneYearAfter) },
    { name: 'dropoutShare', title: 'Sites dropping out', unit: 'percent', room: pct(room.summary.dropoutShare), ghost: pct(ghost.summary.dropoutShare) },
    { name: 'costFull', title: 'Full cost', unit: 'money', room: room.summary.costFull, ghost: ghost.summary.costFull },
  ];
  const timeline = session.decisions.map((d) => {
    const lever = leverFor(d.seat === CORE_SEAT ? 'core' : 'site', d.setting);
    return { ...d, round: Math.floor(d.week / session.roundWeeks) + 1, label: seatLabel(scenario, room, d.seat), title: lever?.title ?? d.setting, lesson: lever?.lesson ?? 0 };
  });
  const scores = new Map<string, Array<{ prediction: number; outcome: number; range: number }>>();
  const predictions = session.predictions.map((p) => {
    const q = predictionQuestion(p.question);
    const outcome = q ? outcomeOf(q, scenario, room.series, scenario.time.weeks) : null;
    if (q && outcome !== null) {
      for (const a of p.answers) {
        const list = scores.get(a.name) ?? [];
        list.push({ prediction: a.value, outcome, range: q.range(scenario) });
        scores.set(a.name, list);
      }
    }
    return { question: p.question, text: q?.text ?? p.question, outcome, answers: p.answers };
  });
  const calibration = [...scores].map(([name, list]) => ({ name, score: calibrationScore(list)! })).sort((a, b) => b.score - a.score);
  return {
    title: session.title,
    fundingWeeks: scenario.time.fundingWeeks,
    horizon: scenario.time.weeks,
    weeks,
    gapClosed: { room: column(room, 'gapClosed'), ghost: column(ghost, 'gapClosed') },
    practice: { room: column(room, 'practice'), ghost: column(ghost, 'practice') },
    headline,
    sites,
    timeline,
    events: room.events
      .filter((e) => NOTABLE.has(e.kind) && e.site < scenario.recruitment.invitedSites)
      .map((e) => ({ week: e.week, round: Math.floor(Math.max(0, e.week) / session.roundWeeks) + 1, kind: e.kind, site: e.site, label: e.site >= 0 ? seatLabel(scenario, room, `site-${e.site + 1}`) : '', value: e.value })),
    predictions,
    calibration,
    messages: session.messages,
  };
}

export interface RoomEffects {
  seeds: number;
  /** The community's gap closed at the end of funding (percentage points): every decision against none. */
  community: Estimate;
  /** Each member site's own gap closed at the end of funding (percentage points): every decision against none. */
  sites: Estimate[];
  /** Each seat's decisions against none of them (every other seat's kept), largest effect first. */
  seats: SeatEffect[];
}

/**
 * What the room's decisions did, averaged over `seeds` seeds (the session's own first) so that the
 * chance a decision reshuffles averages out: the log against no decisions, for the community and
 * each site, and each seat's decisions taken out in turn. `onProgress` hears each run.
 */
export function roomEffects(session: SessionFile, scenario: Scenario, seeds = 8, onProgress?: (done: number, total: number) => void): RoomEffects {
  const seats = [...new Set(session.decisions.map((d) => d.seat))];
  const seedList = [session.seed, ...Array.from({ length: seeds - 1 }, (_, k) => replicateSeed(session.seed, k + 1))];
  const total = seedList.length * (seats.length + 2);
  let done = 0;
  const fundingEnd = Math.min(scenario.time.fundingWeeks, scenario.time.weeks);
  const best = scenario.challenge.outcome.best;
  const run = (decisions: readonly Decision[], seed: number, trace = false) => {
    const r = replay(scenario, seed, decisions, { skipInvalid: true, trace });
    onProgress?.(++done, total);
    if (!r.ok) throw new Error('unreachable: a lenient replay does not fail');
    return { result: r.result, gap: 100 * (r.result.summary.gapClosedAtFundingEnd ?? 0), skipped: r.skipped };
  };
  const siteClosed = (r: RunResult) => {
    const t = r.trace!;
    return r.sites.slice(0, scenario.recruitment.invitedSites).map((site, s) => 100 * shareClosed(site.baseline, t.trueValue[(fundingEnd - t.firstWeek) * t.sites + s], best));
  };
  const all = seedList.map((seed) => run(session.decisions, seed, true));
  const none = seedList.map((seed) => run([], seed, true));
  const allSites = all.map((r) => siteClosed(r.result));
  const noneSites = none.map((r) => siteClosed(r.result));
  const labels = none[0].result;
  const seatList = seats
    .map((seat) => {
      const without = session.decisions.filter((d) => d.seat !== seat);
      const runs = seedList.map((seed) => run(without, seed));
      const lessons = [...new Set(session.decisions.filter((d) => d.seat === seat).map((d) => leverFor(seat === CORE_SEAT ? 'core' : 'site', d.setting)?.lesson ?? 0))].filter((l) => l > 0).sort((a, b) => a - b);
      return {
        seat,
        label: seatLabel(scenario, labels, seat),
        decisions: session.decisions.length - without.length,
        lessons,
        effect: pairedDifference(runs.map((r) => r.gap), all.map((r) => r.gap)),
        skipped: runs.reduce((sum, r) => sum + r.skipped, 0),
      };
    })
    .sort((a, b) => Math.abs(b.effect.mean) - Math.abs(a.effect.mean));
  return {
    seeds: seedList.length,
    community: pairedDifference(none.map((r) => r.gap), all.map((r) => r.gap)),
    sites: Array.from({ length: scenario.recruitment.invitedSites }, (_, s) => pairedDifference(noneSites.map((x) => x[s]), allSites.map((x) => x[s]))),
    seats: seatList,
  };
}
