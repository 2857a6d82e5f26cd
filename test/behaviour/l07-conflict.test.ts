/** Lesson 7, recognise and deal with conflict and marginalisation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { columnValues } from '../../engine/core/index.ts';
import { arm, difference, reportTo, seriesMean, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l07-conflict'));

describe('L7 conflict and marginalisation', () => {
  it('unmanaged conflict lowers adoption in the marginalised group and raises dropout; management reduces both but uses core capacity', () => {
    const ignored = arm(['conflict.management="ignored"'], N);
    const managed = arm(['conflict.management="managed"'], N);
    const marginalised = columnValues(ignored[0].series, 'marginalisedGroups')[26];
    expect(marginalised).toBeGreaterThan(0);
    const adoption = difference('L7 nurses practising at funding end (the group short of voice), managed - ignored', seriesMean(ignored, 'adoption_nurse', 130, 130), seriesMean(managed, 'adoption_nurse', 130, 130));
    const dropout = difference('L7 dropout share, managed - ignored', summaryOf(ignored, 'dropoutShare'), summaryOf(managed, 'dropoutShare'));
    expect(adoption.lower).toBeGreaterThan(0);
    expect(dropout.upper).toBeLessThan(0);
    // That management uses core capacity (a stretched core team meets less of sites' needs) is
    // the ablation table's conflict-cost row, against mediation and inclusion that take no time.
  });

  it('hard tactics and a punitive history raise conflict (the incident rate), and do not with their effects at neutral', () => {
    const raise = (neutral: string[]) => {
      const soft = arm([...neutral, 'tactics.hardness=0.1', 'context.sites.punitiveHistory=0.1'], N);
      const hard = arm([...neutral, 'tactics.hardness=0.9', 'context.sites.punitiveHistory=0.9'], N);
      return { soft, hard };
    };
    const on = raise([]);
    const off = raise(['conflict.effects.hardTactics=0', 'conflict.effects.punitiveHistory=0']);
    const withEffects = difference('L7 conflict at member sites during funding, hard and punitive - soft and trusted', seriesMean(on.soft, 'conflict', 26, 130), seriesMean(on.hard, 'conflict', 26, 130));
    const without = difference('L7 the same, hard-tactics and punitive-history effects on conflict at neutral', seriesMean(off.soft, 'conflict', 26, 130), seriesMean(off.hard, 'conflict', 26, 130));
    expect(withEffects.lower).toBeGreaterThan(0);
    expect(without.upper).toBeLessThan(withEffects.lower);
  });
});
