/**
 * Lesson 3, recruit a community. That a mandate enrols sites which then take part less (more of
 * them passive) is shown, with the selection and penalties and without them, in the ablation
 * table; the library test holds every bundled design's dropout to the published range.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, perReplicate, reportTo, summaryOf } from './arms.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('l03-recruitment'));

/** Mean innovativeness of the first and last quarter of sites to join. */
function joinOrder(r: RunResult): { early: number; late: number } {
  const joined = r.sites.filter((s) => s.joinWeek !== null).sort((a, b) => (a.joinWeek as number) - (b.joinWeek as number) || a.site - b.site);
  const q = Math.max(1, Math.floor(joined.length / 4));
  const mean = (xs: typeof joined) => xs.reduce((a, s) => a + s.innovativeness, 0) / xs.length;
  return { early: mean(joined.slice(0, q)), late: mean(joined.slice(-q)) };
}

describe('L3 recruit a community', () => {
  it('voluntary recruitment brings early adopters first', () => {
    const voluntary = arm(['recruitment.mode="voluntary"'], N);
    const order = voluntary.map(joinOrder);
    const d = difference('L3 innovativeness (sd), first - last quarter of sites to join', order.map((o) => o.late), order.map((o) => o.early));
    expect(d.lower).toBeGreaterThan(0);
  });

  it('mandated recruitment enrols more sites but with lower engagement and more dropout', () => {
    const voluntary = arm(['recruitment.mode="voluntary"'], N);
    const mandated = arm(['recruitment.mode="mandated"'], N);
    const enrolled = difference('L3 sites joined, mandated - voluntary', summaryOf(voluntary, 'sitesJoined'), summaryOf(mandated, 'sitesJoined'));
    const practice = difference('L3 practice at the end of funding, mandated - voluntary', summaryOf(voluntary, 'practiceAtFundingEnd'), summaryOf(mandated, 'practiceAtFundingEnd'));
    const dropout = difference('L3 dropout share, mandated - voluntary', summaryOf(voluntary, 'dropoutShare'), summaryOf(mandated, 'dropoutShare'));
    expect(enrolled.lower).toBeGreaterThan(0);
    expect(practice.upper).toBeLessThan(0);
    expect(dropout.lower).toBeGreaterThan(0);
  });

  it('default settings give early dropout inside about 5% to 35%, and struggling sites mostly stay (passive)', () => {
    const results = arm([], 40);
    const dropout = level('L3 default dropout share before funding ends', summaryOf(results, 'dropoutShare'));
    const early = level(
      'L3 default share of member sites dropping out within a year of joining',
      perReplicate(results, (r) => {
        const members = r.sites.filter((s) => s.role === 'member');
        return members.filter((s) => s.dropWeek !== null && (s.dropWeek as number) - (s.joinWeek as number) < 52).length / members.length;
      }),
    );
    const passive = level('L3 default share of members passive at the end of funding', summaryOf(results, 'passiveShare'));
    expect(dropout.lower).toBeGreaterThan(0.05);
    expect(dropout.upper).toBeLessThan(0.35);
    expect(early.mean).toBeGreaterThan(0.02);
    expect(early.mean).toBeLessThan(dropout.mean);
    expect(passive.lower).toBeGreaterThan(0);
  });
});
