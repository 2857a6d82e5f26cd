/** The workshop's playback and view model (pure): what is on screen at each frame of a real run. */
import { beforeAll, describe, expect, it } from 'vitest';
import { replicateSeed, runScenario, type RunResult } from '../../engine/core/index.ts';
import { shareClosed } from '../../engine/core/metrics/series.ts';
import {
  FEED_LENGTH,
  HIGHLIGHT_WEEKS,
  SPEEDS,
  advance,
  cardAt,
  createPlayback,
  feedAt,
  goTo,
  highlightedSites,
  phaseText,
  replayNote,
  setSpeed,
  siteAt,
  toggle,
} from '../../web/client/workshop-model.ts';
import { scenarioWith } from '../behaviour/arms.ts';

let run: RunResult;
const scenario = scenarioWith(['time.weeks=120', 'time.fundingWeeks=80', 'time.preWeeks=10', 'recruitment.invitedSites=12', 'conflict.incidentsPerYear=6']);
beforeAll(() => {
  run = runScenario(scenario, { seed: replicateSeed(4, 1), trace: true });
});

describe('playback', () => {
  it('plays at the chosen speed, stops at the last frame, and starts again from the first', () => {
    let p = toggle(createPlayback(100));
    expect(p.playing).toBe(true);
    p = advance(p, 0.4); // 2 weeks a second: not yet a whole week
    expect(p.frame).toBe(0);
    p = advance(p, 0.6);
    expect(p.frame).toBe(2);
    p = setSpeed(p, SPEEDS.length + 3);
    expect(SPEEDS[p.speed]).toBe(32);
    p = advance(p, 10);
    expect(p.frame).toBe(99);
    expect(p.playing).toBe(false);
    p = toggle(p);
    expect(p.frame).toBe(0);
    expect(goTo(p, -5).frame).toBe(0);
    expect(advance(toggle(p), 1).frame).toBe(0); // paused: nothing moves
  });
});

describe('what the room sees', () => {
  it('calls out the week before each frame, newest first, at most the feed length, with sites named as on the network', () => {
    const trace = run.trace!;
    const frame = trace.frames - 1;
    const feed = feedAt(run.events, run.sites, trace.firstWeek, frame);
    expect(feed.length).toBeGreaterThan(0);
    expect(feed.length).toBeLessThanOrEqual(FEED_LENGTH);
    for (let i = 1; i < feed.length; i++) expect(feed[i - 1].week).toBeGreaterThanOrEqual(feed[i].week);
    const named = feed.find((f) => f.site >= 0)!;
    expect(named.text).toContain(`Site ${named.site + 1} (${run.sites[named.site].type})`);
    // Nothing is called out before it happens: at frame f, the latest event is from week f + firstWeek - 1.
    const early = feedAt(run.events, run.sites, trace.firstWeek, trace.firstWeek * -1 + 5);
    for (const f of early) expect(f.week).toBeLessThanOrEqual(5);
  });

  it("highlights the sites in the news for a while, then lets them go; the news's lesson card stays as long", () => {
    const trace = run.trace!;
    const flare = run.events.find((ev) => ev.kind === 'conflictFlare')!;
    expect(flare).toBeDefined();
    const frame = flare.week + 1 - trace.firstWeek;
    expect(highlightedSites(run.events, run.sites, trace.firstWeek, frame).has(flare.site)).toBe(true);
    expect(cardAt(run.events, run.sites, scenario, trace.firstWeek, frame).lesson).toBe('Lesson 7');
    const later = frame + HIGHLIGHT_WEEKS + 60;
    const stillNews = run.events.some((ev) => ev.site === flare.site && ev.week + 1 > later + trace.firstWeek - HIGHLIGHT_WEEKS && ev.week + 1 <= later + trace.firstWeek);
    if (later < trace.frames && !stillNews) expect(highlightedSites(run.events, run.sites, trace.firstWeek, later).has(flare.site)).toBe(false);
  });

  it("colours a site by the engine's own share of the gap closed, and names the phase by the engine's rule", () => {
    const trace = run.trace!;
    const frame = trace.frames - 1;
    for (let s = 0; s < trace.sites; s++) {
      expect(siteAt(trace, run.sites, scenario.challenge.outcome.best, frame, s).closed).toBe(shareClosed(run.sites[s].baseline, trace.trueValue[frame * trace.sites + s], scenario.challenge.outcome.best));
    }
    expect(phaseText(scenario, -3)).toBe('Before launch (baseline period)');
    expect(phaseText(scenario, 100)).toBe('After funding');
  });

  it('says which replicate it replays beside the mean on the cards', () => {
    expect(replayNote({ replicate: 1, gap: 0.45 }, [0.45, 0.5, 0.49])).toBe('Replaying replicate 1 of 3: the programme closed 45% of the gap by the end of funding (the mean of all 3, on the cards: 48%).');
    expect(replayNote({ replicate: 1, gap: 0.45 }, [0.45])).toBe('Replaying replicate 1: the programme closed 45% of the gap by the end of funding.');
  });
});
