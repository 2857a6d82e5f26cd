/** Lesson 7, recognise and deal with conflict and marginalisation. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesMean, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l07-conflict'));

describe('L7 conflict and marginalisation', () => {
  it('unmanaged conflict lowers adoption in the marginalised group and raises dropout; management reduces both but uses core capacity', () => {
    const ignored = arm(['conflict.management="ignored"'], N);
    const managed = arm(['conflict.management="managed"'], N);
    const marginalised = ignored[0].series.values[ignored[0].series.columns.findIndex((c) => c.name === 'marginalisedGroups')][26];
    expect(marginalised).toBeGreaterThan(0);
    const adoption = difference('L7 nurses practising at funding end (the group short of voice), managed - ignored', seriesMean(ignored, 'adoption_nurse', 130, 130), seriesMean(managed, 'adoption_nurse', 130, 130));
    const dropout = difference('L7 dropout share, managed - ignored', summaryOf(ignored, 'dropoutShare'), summaryOf(managed, 'dropoutShare'));
    expect(adoption.lower).toBeGreaterThan(0);
    expect(dropout.upper).toBeLessThan(0);
    // That management uses core capacity (a stretched core team meets less of sites' needs) is
    // the ablation table's conflict-cost row, against mediation and inclusion that take no time.
  });
});
