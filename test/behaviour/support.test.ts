/**
 * Support components each act through their own mechanism and carry their own cost, so trials
 * that compare them can be reproduced: coaching (a coach's hours at each site), face-to-face
 * learning sessions and calls or webinars, each given the same 30% of the budget and nothing
 * else (no backfill). That coaching's effect comes from its mechanism is in the ablation table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, reportTo, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('support'));

const BASE = ['resources.backfillShare=0'];
const COMPONENTS = {
  coaching: [...BASE, 'resources.coachingShare=0.3', 'resources.eventsShare=0', 'belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0'],
  sessions: [...BASE, 'resources.coachingShare=0', 'resources.eventsShare=0.3', 'belonging.faceToFacePerYear=4', 'belonging.remotePerYear=0'],
  calls: [...BASE, 'resources.coachingShare=0', 'resources.eventsShare=0.3', 'belonging.faceToFacePerYear=0', 'belonging.remotePerYear=12'],
  none: [...BASE, 'resources.coachingShare=0', 'resources.eventsShare=0', 'belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0'],
};

describe('support components', () => {
  it('differ in effect and in cost: coaching, face-to-face learning sessions, calls and webinars', () => {
    const runs = Object.fromEntries(Object.entries(COMPONENTS).map(([k, sets]) => [k, arm(sets, N)])) as Record<keyof typeof COMPONENTS, ReturnType<typeof arm>>;
    const effect = (k: keyof typeof COMPONENTS) => summaryOf(runs[k], 'programmeEffectAtFundingEnd');
    const spend = (k: keyof typeof COMPONENTS) => summaryOf(runs[k], 'spend');
    for (const k of ['coaching', 'sessions', 'calls'] as const) {
      const e = level(`Support, ${k} only: programme effect at the end of funding`, effect(k));
      const s = level(`Support, ${k} only: spend (GBP)`, spend(k));
      level(`Support, ${k} only: spend per member site per point of the gap the programme closed (GBP)`, runs[k].map((r) => (r.summary.spend as number) / ((r.summary.sitesJoined as number) * 100 * (r.summary.programmeEffectAtFundingEnd as number))));
      expect(e.mean).toBeGreaterThan(0);
      expect(s.mean).toBeGreaterThan(0);
    }
    // Each helps against no support at all ...
    for (const k of ['coaching', 'sessions', 'calls'] as const) expect(difference(`Support, ${k} - none: programme effect`, effect('none'), effect(k)).lower).toBeGreaterThan(0);
    // ... coaching most, and calls cost least.
    expect(difference('Support, coaching - calls: programme effect', effect('calls'), effect('coaching')).lower).toBeGreaterThan(0);
    expect(difference('Support, coaching - sessions: programme effect', effect('sessions'), effect('coaching')).lower).toBeGreaterThan(0);
    expect(difference('Support, sessions - calls: spend', spend('calls'), spend('sessions')).lower).toBeGreaterThan(0);
    expect(difference('Support, coaching - calls: spend', spend('calls'), spend('coaching')).lower).toBeGreaterThan(0);
    // What each costs is booked to its own line.
    for (const r of runs.coaching) expect([r.summary.spendLearningSessions, r.summary.spendCalls, r.summary.spendBackfill]).toEqual([0, 0, 0]);
    for (const r of runs.calls) expect([r.summary.spendLearningSessions, r.summary.spendCoaching]).toEqual([0, 0]);
  });
});
