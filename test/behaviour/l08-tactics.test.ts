/** Lesson 8, find a balance between hard and soft tactics (each side of the balance, the backfire and a programme read as punitive are also in the ablation table). */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l08-tactics'));

describe('L8 hard and soft tactics', () => {
  const hard = () => arm(['tactics.hardness=1'], N);
  const soft = () => arm(['tactics.hardness=0'], N);
  const balanced = () => arm(['tactics.hardness=0.5'], N);

  it('hard-only rises fast then sustains poorly; soft-only is slow; a balance beats both a year after funding', () => {
    const h = hard();
    const s = soft();
    const b = balanced();
    const fast = difference('L8 practice at week 39, hard only - soft only', seriesAt(s, 'practice', 39), seriesAt(h, 'practice', 39));
    const sustain = difference('L8 sustainment ratio, hard only - soft only', summaryOf(s, 'sustainmentRatio'), summaryOf(h, 'sustainmentRatio'));
    const slow = difference('L8 practice at week 52, soft only - balanced', seriesAt(b, 'practice', 52), seriesAt(s, 'practice', 52));
    const overSoft = difference('L8 programme effect a year after funding, balanced - soft only', summaryOf(s, 'programmeEffectOneYearAfter'), summaryOf(b, 'programmeEffectOneYearAfter'));
    const overHard = difference('L8 programme effect a year after funding, balanced - hard only', summaryOf(h, 'programmeEffectOneYearAfter'), summaryOf(b, 'programmeEffectOneYearAfter'));
    expect(fast.lower).toBeGreaterThan(0);
    expect(sustain.upper).toBeLessThan(0);
    expect(slow.upper).toBeLessThan(0);
    expect(overSoft.lower).toBeGreaterThan(0);
    expect(overHard.lower).toBeGreaterThan(0);
  });

  it('hard tactics work better where the intervention is standardised and the evidence strong', () => {
    const standard = ['challenge.standardisation=0.9', 'challenge.evidenceStrength=0.9'];
    const bespoke = ['challenge.standardisation=0.2', 'challenge.evidenceStrength=0.4'];
    // How fast the practice takes hold: practice at week 39 (hard tactics are a fast route).
    const gain = (setting: string[]) => {
      const h = seriesAt(arm([...setting, 'tactics.hardness=0.8'], N), 'practice', 39);
      const s = seriesAt(arm([...setting, 'tactics.hardness=0'], N), 'practice', 39);
      return h.map((x, i) => x - s[i]);
    };
    const d = difference('L8 advantage of hard over soft tactics in practice at week 39, standardised and strong evidence - bespoke and weak', gain(bespoke), gain(standard));
    expect(d.lower).toBeGreaterThan(0);
  });

  // Hard tactics backfire where punitive history is high: the ablation table's backfire row
  // (ablations-*.test.ts) tests the interaction, (hard - soft | high) < (hard - soft | low), with
  // punitive history acting and without it.
});
