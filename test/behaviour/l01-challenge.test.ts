/** Lesson 1, choose the right challenge: the behaviours of section 3 of the model brief. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, summaryOf } from './arms.ts';
import { trendClosure } from '../../engine/core/mechanisms/performance.ts';

const N = 24;
beforeAll(() => reportTo('l01-challenge'));

describe('L1 choose the right challenge', () => {
  it('stronger evidence and lower complexity give faster and higher spread', () => {
    const weak = arm(['challenge.evidenceStrength=0.3', 'challenge.complexity=0.7'], N);
    const strong = arm(['challenge.evidenceStrength=0.9', 'challenge.complexity=0.2'], N);
    const faster = difference('L1 practice at week 52, strong - weak challenge', seriesAt(weak, 'practice', 52), seriesAt(strong, 'practice', 52));
    const higher = difference('L1 practice at funding end, strong - weak challenge', summaryOf(weak, 'practiceAtFundingEnd'), summaryOf(strong, 'practiceAtFundingEnd'));
    expect(faster.lower).toBeGreaterThan(0);
    expect(higher.lower).toBeGreaterThan(0);
  });

  it('a rare-event challenge improves more slowly than a frequent-event one', () => {
    const rate = ['challenge.outcome.measure="rate"', 'challenge.outcome.baseline=8', 'challenge.outcome.best=1', 'challenge.outcome.baselineSpread=2'];
    const rare = arm([...rate, 'challenge.outcome.casesPerSiteWeek=30'], N);
    const frequent = arm([...rate, 'challenge.outcome.casesPerSiteWeek=3000'], N);
    const d = difference('L1 gap closed at week 78, frequent - rare events', seriesAt(rare, 'gapClosed', 78), seriesAt(frequent, 'gapClosed', 78));
    expect(d.lower).toBeGreaterThan(0);
  });

  it('a challenge clinicians control only in part cannot be closed by peer influence alone', () => {
    const control = 0.5;
    const peerOnly = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=0', 'tactics.hardness=0'], 12);
    const trend = trendClosure(0.03, 260);
    const cap = 1 - (1 - control) * (1 - trend);
    const maxClosed = Math.max(...peerOnly.flatMap((r) => r.sites.filter((s) => s.role === 'member').map((s) => (s.final - s.baseline) / (95 - s.baseline))));
    expect(maxClosed).toBeLessThanOrEqual(cap + 1e-9);
    const withSystem = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=1', 'tactics.hardness=0'], 12);
    const d = difference('L1 final gap closed, organisational change - peer influence only (half the gap clinician-controlled)', summaryOf(peerOnly, 'finalGapClosed'), summaryOf(withSystem, 'finalGapClosed'));
    expect(d.lower).toBeGreaterThan(0);
  });
});
