/** Lesson 6, foster a sense of community and belonging. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, seriesMean } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l06-belonging'));

describe('L6 community and belonging', () => {
  it('more shared events give higher belonging and faster peer spread', () => {
    const none = arm(['belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0'], N);
    const many = arm(['belonging.faceToFacePerYear=4', 'belonging.remotePerYear=12', 'resources.eventsShare=0.25'], N);
    const belonging = difference('L6 belonging in the funded period, regular events - none', seriesMean(none, 'belonging', 26, 130), seriesMean(many, 'belonging', 26, 130));
    const spread = difference('L6 practice at week 78, regular events - none', seriesAt(none, 'practice', 78), seriesAt(many, 'practice', 78));
    expect(belonging.lower).toBeGreaterThan(0);
    expect(spread.lower).toBeGreaterThan(0);
  });

  // Under complex contagion clustered networks spread further than random ones: the ablation
  // table's clustering row (ablations-*.test.ts) shows it, with thresholds and without them.
});
