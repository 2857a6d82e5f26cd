/** Lesson 9, use data wisely. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, summaryOf } from './arms.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('l09-data'));

describe('L9 use data wisely', () => {
  it('feedback helps low performers most', () => {
    const without = arm(['data.feedbackToSites=false'], N);
    const withFeedback = arm(['data.feedbackToSites=true'], N);
    // Common random numbers: site s is the same site in both arms, so its gain from feedback is
    // paired. Gains are in the outcome's unit (percentage points of patients) at the end of funding.
    const gainByBaseline = (a: RunResult, b: RunResult) => {
      const pairs = a.sites
        .map((s, i) => ({ baseline: s.baseline, gain: (b.sites[i].atFundingEnd as number) - (s.atFundingEnd as number), member: s.role === 'member' && b.sites[i].role === 'member' }))
        .filter((p) => p.member && Number.isFinite(p.gain))
        .sort((x, y) => x.baseline - y.baseline);
      const half = Math.floor(pairs.length / 2);
      const mean = (xs: typeof pairs) => xs.reduce((acc, p) => acc + p.gain, 0) / xs.length;
      return { low: mean(pairs.slice(0, half)), high: mean(pairs.slice(pairs.length - half)) };
    };
    const split = without.map((r, i) => gainByBaseline(r, withFeedback[i]));
    const d = difference('L9 gain from feedback (percentage points), low-baseline half - high-baseline half of sites', split.map((x) => x.high), split.map((x) => x.low));
    expect(d.lower).toBeGreaterThan(0);
  });

  it('measurement burden beyond a point slows improvement', () => {
    const moderate = arm(['data.measurementHoursPerWeek=2'], N);
    const heavy = arm(['data.measurementHoursPerWeek=10'], N);
    const d = difference('L9 gap closed at funding end, 10 - 2 hours of measurement a week', summaryOf(moderate, 'gapClosedAtFundingEnd'), summaryOf(heavy, 'gapClosedAtFundingEnd'));
    expect(d.upper).toBeLessThan(0);
  });

  it('surveillance framing and named league tables lower completeness and open a gap between reported and true performance', () => {
    const learning = arm(['data.framing="learning"', 'data.comparison="anonymous"'], 40);
    const surveillance = arm(['data.framing="surveillance"', 'data.comparison="named"'], 40);
    const completeness = difference('L9 completeness at funding end, surveillance with named tables - learning', summaryOf(learning, 'completenessAtFundingEnd'), summaryOf(surveillance, 'completenessAtFundingEnd'));
    const flattery = difference('L9 reported minus true performance, surveillance with named tables - learning', summaryOf(learning, 'reportingGap'), summaryOf(surveillance, 'reportingGap'));
    expect(completeness.upper).toBeLessThan(0);
    expect(flattery.lower).toBeGreaterThan(0);
  });
});
