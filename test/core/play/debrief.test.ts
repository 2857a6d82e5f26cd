/**
 * The debrief of a session file: the room against its ghost, the timeline, the predictions and
 * calibration, and what the decisions did over several seeds (a decision that matters shows with
 * an interval clear of zero; seats that decided nothing, or nothing that the model responds to,
 * show none).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../engine/core/index.ts';
import { debriefOf, roomEffects } from '../../../engine/core/play/debrief.ts';
import { SESSION_FORMAT, SESSION_VERSION, readSessionFile, type SessionFile } from '../../../engine/core/play/session-file.ts';
import type { Decision } from '../../../engine/core/play/session.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

const scenario = scenarioWith(['recruitment.invitedSites=8', 'recruitment.comparisonSites=2', 'recruitment.mode="committed"', 'time.weeks=104', 'time.fundingWeeks=78']);

function session(decisions: Decision[], extra: Partial<SessionFile> = {}): SessionFile {
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    ccsim: 'test',
    code: 'TEST1',
    title: 'A test session',
    createdAt: '2026-12-07T00:00:00.000Z',
    scenario: scenario as unknown as Record<string, unknown>,
    seed: 5,
    roundWeeks: 13,
    week: 104,
    ended: true,
    decisions,
    rounds: [],
    seats: [{ seat: 'site-1', people: ['Asha'] }],
    predictions: [],
    messages: [],
    ...extra,
  };
}

describe('the debrief', () => {
  it('sets the room against its ghost, with the timeline, the events and each person\'s calibration', () => {
    const decisions: Decision[] = [{ week: 13, seat: 'site-1', setting: 'site.participation', value: 'leave' }];
    const file = session(decisions, { predictions: [{ question: 'gapClosedAtFundingEnd', askedWeek: 0, answers: [{ name: 'Asha', value: 30 }, { name: 'Ben', value: 90 }] }] });
    const read = readSessionFile(JSON.parse(JSON.stringify(file)));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const d = debriefOf(read.session, read.scenario);
    const ghost = runScenario(read.scenario, { seed: 5 });
    expect(d.gapClosed.ghost[78]).toBeCloseTo(100 * ghost.summary.gapClosedAtFundingEnd!, 9);
    expect(d.sites[0]).toMatchObject({ seat: 'site-1', people: ['Asha'], decisions: 1 });
    expect(d.timeline).toEqual([expect.objectContaining({ week: 13, round: 2, title: 'Taking part', lesson: 3 })]);
    expect(d.events).toContainEqual(expect.objectContaining({ week: 13, kind: 'droppedOut', site: 0 }));
    expect(d.events.some((e) => e.kind === 'fundingEnded')).toBe(true);
    const outcome = d.predictions[0].outcome!;
    expect(outcome).toBeCloseTo(d.gapClosed.room[78], 9);
    expect(d.calibration.map((c) => c.name)).toEqual(Math.abs(30 - outcome) < Math.abs(90 - outcome) ? ['Asha', 'Ben'] : ['Ben', 'Asha']);
    expect(d.calibration[0].score).toBeCloseTo(100 - Math.min(Math.abs(30 - outcome), Math.abs(90 - outcome)), 9);
  });

  it('refuses a file that is not a session file, naming what is wrong', () => {
    const bad = readSessionFile({ ...session([]), version: 7, seed: -1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['version', 'seed']));
  });
});

describe('what the decisions did, over seeds', () => {
  it('finds a decision that matters (half the sites leaving) and none where nobody decided', () => {
    const leave: Decision[] = [0, 1, 2, 3].map((s) => ({ week: 13, seat: `site-${s + 1}`, setting: 'site.participation', value: 'leave' }));
    const harmless: Decision[] = [{ week: 13, seat: 'site-6', setting: 'site.conflictResponse', value: 'local' }];
    const e = roomEffects(session([...leave, ...harmless]), scenario, 6);
    expect(e.seeds).toBe(6);
    // Four sites leaving after a quarter: the community closes less of its gap, clearly.
    expect(e.community.upper).toBeLessThan(0);
    // Keeping conflict local where the programme ignores it anyway changes nothing at all.
    const quiet = e.seats.find((x) => x.seat === 'site-6')!;
    expect(quiet.effect.mean).toBe(0);
    expect(quiet.lessons).toEqual([7]);
    // The seats that left come first, largest effect first.
    expect(e.seats.slice(0, 4).map((x) => x.seat).sort()).toEqual(['site-1', 'site-2', 'site-3', 'site-4']);
    for (let i = 1; i < e.seats.length; i++) expect(Math.abs(e.seats[i - 1].effect.mean)).toBeGreaterThanOrEqual(Math.abs(e.seats[i].effect.mean));
    // A site that left closes less of its own gap than it would have.
    expect(e.sites[0].upper).toBeLessThan(0);
  });

  it('is exactly nothing for a session without decisions', () => {
    const e = roomEffects(session([]), scenario, 3);
    expect(e.community).toMatchObject({ mean: 0 });
    expect(e.seats).toEqual([]);
    for (const s of e.sites) expect(s.mean).toBe(0);
  });
});
