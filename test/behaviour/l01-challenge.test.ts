/**
 * Lesson 1, choose the right challenge: the behaviours of section 3 of the model brief. Evidence,
 * complexity and rare events are each shown, with their mechanism and without it, in the
 * ablation table (ablations-*.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, summaryOf } from './arms.ts';

beforeAll(() => reportTo('l01-challenge'));

describe('L1 choose the right challenge', () => {
  it('a challenge clinicians control only in part cannot be closed by peer influence alone', () => {
    const control = 0.5;
    const peerOnly = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=0', 'tactics.hardness=0'], 12);
    // The most practice can close: the clinicians' share, on top of five years of a 3% a year trend.
    const trend = 1 - 0.97 ** 5;
    const cap = 1 - (1 - control) * (1 - trend);
    const maxClosed = Math.max(...peerOnly.flatMap((r) => r.sites.filter((s) => s.role === 'member').map((s) => (s.final - s.baseline) / (95 - s.baseline))));
    expect(maxClosed).toBeLessThanOrEqual(cap + 1e-9);
    expect(maxClosed).toBeGreaterThan(control / 2);
    const withSystem = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=1', 'tactics.hardness=0'], 12);
    const d = difference('L1 final gap closed, organisational change - peer influence only (half the gap clinician-controlled)', summaryOf(peerOnly, 'finalGapClosed'), summaryOf(withSystem, 'finalGapClosed'));
    expect(d.lower).toBeGreaterThan(0);
  });
});
