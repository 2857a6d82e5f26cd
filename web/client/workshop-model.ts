/**
 * The workshop's playback and what it shows at each frame, apart from any drawing: which week is
 * on screen and how play advances it, the events called out so far, the lesson card, each
 * site's colour share, ring and highlight, and which replicate is being replayed. The view
 * (workshop.ts) draws this on canvases and the DOM; the rules here are the engine's own
 * (phaseOf, shareClosed), never copies, and are unit-tested.
 */
import { MEMBERSHIP_STATES, phaseOf, recruitmentEnds, type ModelEvent, type Scenario, type SiteResult, type SiteTrace } from '../../engine/core/index.ts';
import { shareClosed } from '../../engine/core/metrics/series.ts';
import { cardForEvent, cardForWeek, type LessonCard } from './lesson-cards.ts';
import { describeEvent } from './event-words.ts';

/** Weeks per second at each speed setting. */
export const SPEEDS = [1, 2, 4, 8, 16, 32];
/** The phases of phaseOf (-1 to 2), as the header shows them. */
export const PHASES = ['Before launch (baseline period)', 'Recruiting', 'Funded activity', 'After funding'];
/** Events called out in the feed at once (the newest first). */
export const FEED_LENGTH = 8;
/** Weeks a site named by an event stays highlighted, and an event's lesson card stays up. */
export const HIGHLIGHT_WEEKS = 12;
/** Events too routine to call out. */
const QUIET: ReadonlySet<string> = new Set(['active', 'championReplaced']);

export interface Playback {
  /** The frame on screen: 0 is the first week recorded (the programme's week is frame + firstWeek). */
  frame: number;
  frames: number;
  playing: boolean;
  /** Index into SPEEDS. */
  speed: number;
  /** Part of a week played but not yet shown. */
  carry: number;
}

export function createPlayback(frames: number): Playback {
  return { frame: 0, frames, playing: false, speed: 1, carry: 0 };
}

/** Move to a frame (clamped to the run). */
export function goTo(p: Playback, frame: number): Playback {
  return { ...p, frame: Math.max(0, Math.min(p.frames - 1, frame)) };
}

export function setSpeed(p: Playback, speed: number): Playback {
  return { ...p, speed: Math.max(0, Math.min(SPEEDS.length - 1, speed)) };
}

/** Play or pause; playing from the last frame starts again from the first. */
export function toggle(p: Playback): Playback {
  if (p.playing) return { ...p, playing: false };
  return { ...p, playing: true, carry: 0, frame: p.frame >= p.frames - 1 ? 0 : p.frame };
}

/** Advance a playing playback by some seconds of wall time; it stops at the last frame. */
export function advance(p: Playback, seconds: number): Playback {
  if (!p.playing) return p;
  const carry = p.carry + seconds * SPEEDS[p.speed];
  const steps = Math.floor(carry);
  if (steps === 0) return { ...p, carry };
  const frame = Math.min(p.frames - 1, p.frame + steps);
  return { ...p, frame, carry: carry - steps, playing: frame < p.frames - 1 };
}

export { siteName, describeEvent } from './event-words.ts';

export interface FeedItem {
  week: number;
  text: string;
  site: number;
  card: LessonCard | null;
}

/**
 * The events called out by a frame, newest first. The state at frame f is the start of week
 * f + firstWeek, so it shows what happened in the week before.
 */
export function eventsShown(events: ModelEvent[], sites: SiteResult[], firstWeek: number, frame: number): FeedItem[] {
  const upTo = frame + firstWeek - 1;
  const out: FeedItem[] = [];
  for (const ev of events) {
    if (ev.week > upTo || ev.week < firstWeek || QUIET.has(ev.kind)) continue;
    out.push({ week: ev.week + 1, text: describeEvent(ev, sites), site: ev.site, card: cardForEvent(ev.kind) });
  }
  return out.reverse();
}

/** The feed at a frame: the newest events, at most FEED_LENGTH. */
export function feedAt(events: ModelEvent[], sites: SiteResult[], firstWeek: number, frame: number): FeedItem[] {
  return eventsShown(events, sites, firstWeek, frame).slice(0, FEED_LENGTH);
}

/** The lesson card on screen: the latest event's, for HIGHLIGHT_WEEKS weeks, else the phase's. */
export function cardAt(events: ModelEvent[], sites: SiteResult[], scenario: Scenario, firstWeek: number, frame: number): LessonCard {
  const week = frame + firstWeek;
  const latest = eventsShown(events, sites, firstWeek, frame).find((f) => f.card !== null);
  if (latest && week - latest.week < HIGHLIGHT_WEEKS) return latest.card!;
  return cardForWeek(Math.max(0, week), recruitmentEnds(scenario), scenario.time.fundingWeeks);
}

/** Sites an event named in the last HIGHLIGHT_WEEKS weeks (ringed and labelled on the network). */
export function highlightedSites(events: ModelEvent[], sites: SiteResult[], firstWeek: number, frame: number): Set<number> {
  const week = frame + firstWeek;
  return new Set(eventsShown(events, sites, firstWeek, frame).filter((f) => f.site >= 0 && week - f.week < HIGHLIGHT_WEEKS).map((f) => f.site));
}

export type Ring = (typeof MEMBERSHIP_STATES)[number];

export interface SiteView {
  /** Share of its own baseline gap the site has closed (true performance), as the engine computes it. */
  closed: number;
  membership: Ring;
  conflict: number;
}

export function siteAt(trace: SiteTrace, sites: SiteResult[], best: number, frame: number, s: number): SiteView {
  const k = frame * trace.sites + s;
  return { closed: shareClosed(sites[s].baseline, trace.trueValue[k], best), membership: MEMBERSHIP_STATES[trace.membership[k]], conflict: trace.conflict[k] };
}

export function weekText(week: number): string {
  return week < 0 ? `Week ${week} · before launch` : `Week ${week} · year ${Math.floor(week / 52) + 1}`;
}

export function phaseText(scenario: Scenario, week: number): string {
  return PHASES[phaseOf(scenario, week) + 1];
}

/**
 * Which run is replayed, against the cards: the replay is one replicate (its sites, its events),
 * the cards are the mean over all of them, and the room should know they differ.
 */
export function replayNote(replicate: { replicate: number; gap: number | null }, all: Array<number | null>): string {
  const values = all.filter((x): x is number => x !== null && Number.isFinite(x));
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const mine = replicate.gap === null ? 'n/a' : pct(replicate.gap);
  if (values.length < 2) return `Replaying replicate ${replicate.replicate}: the programme closed ${mine} of the gap by the end of funding.`;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `Replaying replicate ${replicate.replicate} of ${values.length}: the programme closed ${mine} of the gap by the end of funding (the mean of all ${values.length}, on the cards: ${pct(mean)}).`;
}
