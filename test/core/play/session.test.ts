/**
 * Played runs: a run advanced in rounds with decisions between them. A run nobody decides in is
 * runScenario's bit for bit; a decision log replays a session exactly; every lever moves its
 * mechanism the way the model says, over replicates against the ghost (same scenario and seed, no
 * decisions); and a decision that cannot be taken says why.
 */
import { describe, expect, it } from 'vitest';
import { replicateSeed, runScenario, type RunResult } from '../../../engine/core/index.ts';
import { replay, startPlay, formatDecisionProblem, type Decision, type PlayedRun } from '../../../engine/core/play/session.ts';
import { LEVERS, SITE_LEVERS, CORE_LEVERS } from '../../../engine/core/play/levers.ts';
import { Membership, type State } from '../../../engine/core/model/state.ts';
import { difference, reportTo, scenarioWith } from '../../behaviour/arms.ts';
import type { Estimate } from '../../../engine/core/stats/accumulator.ts';

const bytes = (arrays: Float64Array[]) => Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

const room = scenarioWith([
  'recruitment.invitedSites=10',
  'recruitment.comparisonSites=2',
  'recruitment.mode="committed"',
  'time.weeks=156',
  'time.fundingWeeks=104',
]);

function same(a: RunResult, b: RunResult): void {
  expect(bytes(b.series.values).equals(bytes(a.series.values))).toBe(true);
  expect(b.summary).toEqual(a.summary);
  expect(b.sites).toEqual(a.sites);
  expect(b.events).toEqual(a.events);
}

/** Play a run in rounds of 13 weeks up to `until`, calling `decide` at the start of every round. */
function play(seed: number, decide: (p: PlayedRun, week: number) => void, until = room.time.weeks): PlayedRun {
  const p = startPlay(room, seed);
  for (let week = 0; week < until; week += 13) {
    p.advanceTo(week);
    decide(p, week);
  }
  return p;
}

function must(p: PlayedRun, d: Decision): void {
  const problem = p.decide(d);
  if (problem) throw new Error(formatDecisionProblem(d, problem));
}

const SEEDS = Array.from({ length: 12 }, (_, r) => replicateSeed(2026, r + 1));
const CHOSEN = [0, 1, 2, 3, 4];

/**
 * The effect of decisions on a per-site reading at week `at`: played minus ghost (the same seed
 * with no decisions), averaged over the chosen sites, paired by seed, with its 95% interval.
 */
function effect(label: string, decisions: (week: number) => Array<Omit<Decision, 'week'>>, read: (state: State, s: number) => number, at: number): Estimate {
  const played: number[] = [];
  const ghost: number[] = [];
  for (const seed of SEEDS) {
    const p = play(seed, (run, week) => {
      for (const d of decisions(week)) must(run, { ...d, week });
    }, at);
    const g = startPlay(room, seed);
    p.advanceTo(at);
    g.advanceTo(at);
    played.push(CHOSEN.reduce((sum, s) => sum + read(p.state, s), 0) / CHOSEN.length);
    ghost.push(CHOSEN.reduce((sum, s) => sum + read(g.state, s), 0) / CHOSEN.length);
  }
  return difference(`${label}, played minus ghost`, ghost, played);
}

const atSites = (setting: string, value: Decision['value']) => (week: number) => (week === 0 ? CHOSEN.map((s) => ({ seat: `site-${s + 1}`, setting, value })) : []);

describe('a played run', () => {
  it('with no decisions is runScenario bit for bit, however it is advanced', () => {
    for (const seed of [1, 7]) {
      const plain = runScenario(room, { seed, trace: true });
      const rounds = play(seed, () => {});
      same(plain, rounds.finish());
      const byWeek = startPlay(room, seed, { trace: true });
      for (let w = 1; w <= room.time.weeks; w++) byWeek.advanceTo(w);
      const result = byWeek.finish();
      same(plain, result);
      expect(Buffer.from(result.trace!.tieStrength.buffer).equals(Buffer.from(plain.trace!.tieStrength.buffer))).toBe(true);
    }
  });

  it('replays its decision log exactly, and a log with no decisions is the plain run', () => {
    const session = play(11, (p, week) => {
      if (week === 0) must(p, { week, seat: 'core', setting: 'tactics.hardness', value: 0.8 });
      if (week === 13) must(p, { week, seat: 'site-3', setting: 'resources.protectedHoursPerWeek', value: 6 });
      if (week === 26) {
        must(p, { week, seat: 'site-4', setting: 'site.participation', value: 'leave' });
        must(p, { week, seat: 'core', setting: 'programme.reviewNow', value: true });
        must(p, { week, seat: 'site-2', setting: 'site.attendance', value: 'never' });
      }
      if (week === 39) must(p, { week, seat: 'core', setting: 'conflict.management', value: 'managed' });
    });
    const log = structuredClone(session.decisions) as Decision[];
    expect(log).toHaveLength(6);
    const live = session.finish();
    const again = replay(room, 11, log);
    if (!again.ok) throw new Error(formatDecisionProblem(log[again.index], again.problem));
    same(live, again.result);
    // The log in any order within a week's decisions of different seats replays the same.
    const shuffled = [log[5], log[3], log[2], log[4], log[1], log[0]];
    const third = replay(room, 11, shuffled);
    expect(third.ok).toBe(true);
    if (third.ok) same(live, third.result);
    const none = replay(room, 11, []);
    expect(none.ok).toBe(true);
    if (none.ok) same(runScenario(room, { seed: 11 }), none.result);
    // The decisions did change the run.
    expect(bytes(live.series.values).equals(bytes(runScenario(room, { seed: 11 }).series.values))).toBe(false);
  });

  it('leaves the scenario it was given untouched', () => {
    const before = JSON.stringify(room);
    play(3, (p, week) => {
      if (week === 0) must(p, { week, seat: 'core', setting: 'belonging.remotePerYear', value: 0 });
    }).finish();
    expect(JSON.stringify(room)).toBe(before);
  });
});

describe('every lever moves its mechanism (chosen sites against their ghost, 12 seeds)', () => {
  reportTo('play-levers');
  const practice = (st: State, s: number) => st.sites.practiceIndex[s];

  it('protected time: none loses capability, more gains practice (lesson 4)', () => {
    // Cutting the default 1.5 hours is a small cut beside slack and backfill: it shows first in
    // the capability the time builds, then (within noise at 12 seeds) in practice.
    expect(effect('capability at week 52, no protected time', atSites('resources.protectedHoursPerWeek', 0), (st, s) => st.sites.capability[s], 52).upper).toBeLessThan(0);
    expect(effect('practice at week 52, 10 protected hours', atSites('resources.protectedHoursPerWeek', 10), practice, 52).lower).toBeGreaterThan(0);
  });

  it('time on data: none lets completeness fall (lesson 9)', () => {
    expect(effect('completeness at week 52, no time on data', atSites('data.measurementHoursPerWeek', 0), (st, s) => st.sites.completeness[s], 52).upper).toBeLessThan(0);
  });

  it('learning events: a team that never goes belongs less, one that always goes more (lesson 6)', () => {
    const belonging = (st: State, s: number) => st.sites.teamBelonging[s];
    expect(effect('belonging at week 52, never at events', atSites('site.attendance', 'never'), belonging, 52).upper).toBeLessThan(0);
    expect(effect('belonging at week 52, always at events', atSites('site.attendance', 'always'), belonging, 52).lower).toBeGreaterThan(0);
  });

  it('conflict: escalating to the core team for mediation keeps conflict down where the programme ignores it (lesson 7)', () => {
    expect(effect('conflict at week 52, escalated', atSites('site.conflictResponse', 'escalate'), (st, s) => st.sites.conflict[s], 52).upper).toBeLessThan(0);
  });

  it('taking part: a site that leaves has left, one that steps back is passive (lesson 3)', () => {
    const p = startPlay(room, 5);
    p.advanceTo(13);
    const active = [...p.state.sites.membership.subarray(0, 10)].flatMap((m, s) => (m === Membership.active ? [s] : []));
    const [leaving, stepping] = active;
    must(p, { week: 13, seat: `site-${leaving + 1}`, setting: 'site.participation', value: 'leave' });
    must(p, { week: 13, seat: `site-${stepping + 1}`, setting: 'site.participation', value: 'passive' });
    expect(p.state.sites.membership[stepping]).toBe(Membership.passive);
    const result = p.finish();
    expect(result.sites[leaving].dropWeek).toBe(13);
    expect(result.sites[leaving].membershipAtEnd).toBe('droppedOut');
    expect(result.events).toContainEqual({ week: 13, kind: 'droppedOut', site: leaving, value: 0 });
    expect(result.events).toContainEqual({ week: 13, kind: 'passive', site: stepping, value: 0 });
  });

  it('hard tactics from the core team make the programme look more punitive (lesson 8)', () => {
    const hard = (week: number) => (week === 0 ? [{ seat: 'core', setting: 'tactics.hardness', value: 1 }] : []);
    expect(effect('perceived punitiveness at week 13, hardness 1', hard, (st, s) => st.sites.perceivedPunitiveness[s], 13).lower).toBeGreaterThan(0);
  });

  it('a review now happens that week, and the budget split sets the coaching each site gets (lessons 4, 5)', () => {
    const p = play(8, (run, week) => {
      if (week === 13) must(run, { week, seat: 'core', setting: 'programme.reviewNow', value: true });
      if (week === 26) must(run, { week, seat: 'core', setting: 'resources.coachingShare', value: 0.3 });
    });
    const before = p.state.programme.coachingPerSite;
    const ghost = startPlay(room, 8);
    expect(before).toBeCloseTo(ghost.state.programme.coachingPerSite * (0.3 / room.resources.coachingShare), 9);
    const result = p.finish();
    expect(result.events.some((e) => e.kind === 'theoryReviewed' && e.week === 13)).toBe(true);
    expect(runScenario(room, { seed: 8 }).events.some((e) => e.kind === 'theoryReviewed' && e.week === 13)).toBe(false);
  });
});

describe('a decision that cannot be taken says why', () => {
  const at = (week: number) => {
    const p = startPlay(room, 1);
    p.advanceTo(week);
    return p;
  };
  const problem = (p: PlayedRun, d: Decision) => {
    const found = p.check(d);
    expect(found).toBeDefined();
    expect(p.decide(d)).toEqual(found);
    return formatDecisionProblem(d, found!);
  };

  it('names the week, the seat, the lever and the value it expected', () => {
    const p = at(13);
    expect(problem(p, { week: 12, seat: 'core', setting: 'tactics.hardness', value: 0.5 })).toMatch(/expected this week \(13\)/);
    expect(problem(p, { week: 13, seat: 'site-11', setting: 'site.attendance', value: 'never' })).toMatch(/'site-1' to 'site-10'/);
    expect(problem(p, { week: 13, seat: 'site-1', setting: 'tactics.hardness', value: 0.5 })).toMatch(/belongs to the core team/);
    expect(problem(p, { week: 13, seat: 'core', setting: 'site.attendance', value: 'never' })).toMatch(/belongs to each site/);
    expect(problem(p, { week: 13, seat: 'core', setting: 'time.weeks', value: 52 })).toMatch(/a lever of the core team/);
    expect(problem(p, { week: 13, seat: 'site-1', setting: 'resources.protectedHoursPerWeek', value: -1 })).toMatch(/a number from 0 to 1000/);
    expect(problem(p, { week: 13, seat: 'site-1', setting: 'resources.protectedHoursPerWeek', value: '4' })).toMatch(/a number/);
    expect(problem(p, { week: 13, seat: 'site-1', setting: 'site.attendance', value: 'sometimes' })).toMatch(/'asTimeAllows', 'always', 'never'/);
    expect(problem(p, { week: 13, seat: 'core', setting: 'theoryOfChange.reviewIntervalWeeks', value: 2.5 })).toMatch(/whole number/);
    expect(problem(p, { week: 13, seat: 'core', setting: 'programme.reviewNow', value: false })).toMatch(/expected true/);
    // Budget shares that add up to more than the budget: the scenario as a whole is checked.
    expect(problem(p, { week: 13, seat: 'core', setting: 'resources.coachingShare', value: 0.9 })).toMatch(/resources/);
    expect(p.decisions).toHaveLength(0);
  });

  it('knows what the run allows: no rejoining, no membership or review after funding, nothing after the horizon', () => {
    const p = at(13);
    expect(p.decide({ week: 13, seat: 'site-1', setting: 'site.participation', value: 'leave' })).toBeUndefined();
    p.advanceTo(26);
    expect(problem(p, { week: 26, seat: 'site-1', setting: 'site.participation', value: 'active' })).toMatch(/cannot rejoin/);
    p.advanceTo(104);
    expect(problem(p, { week: 104, seat: 'site-2', setting: 'site.participation', value: 'passive' })).toMatch(/funding ends/);
    expect(problem(p, { week: 104, seat: 'core', setting: 'programme.reviewNow', value: true })).toMatch(/only while the programme is funded/);
    p.advanceTo(156);
    expect(problem(p, { week: 156, seat: 'core', setting: 'tactics.hardness', value: 0.5 })).toMatch(/run has ended/);
  });

  it('a replay stops at the first decision it cannot take, with its index', () => {
    const log: Decision[] = [
      { week: 0, seat: 'site-1', setting: 'site.participation', value: 'active' },
      { week: 1, seat: 'site-1', setting: 'site.participation', value: 'leave' },
      { week: 13, seat: 'site-1', setting: 'site.participation', value: 'active' },
    ];
    const r = replay(room, 1, log);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.index).toBe(2);
      expect(r.problem.fix).toMatch(/cannot rejoin/);
    }
  });
});

describe('the levers', () => {
  it('are declared once, each with a question, a description and a lesson; a site\'s and the core team\'s never share a name', () => {
    expect(SITE_LEVERS.length).toBeGreaterThanOrEqual(5);
    expect(CORE_LEVERS.length).toBeGreaterThanOrEqual(6);
    for (const l of LEVERS) {
      expect(l.question.length).toBeGreaterThan(10);
      expect(l.description.length).toBeGreaterThan(20);
      expect(l.lesson).toBeGreaterThanOrEqual(1);
      if (l.kind === 'number') {
        const r = l.range(room);
        expect(r.min).toBeLessThan(r.max);
      }
    }
    const names = LEVERS.map((l) => l.setting);
    expect(new Set(names).size).toBe(names.length);
  });
});
