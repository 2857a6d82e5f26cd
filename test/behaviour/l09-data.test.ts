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

  it('measurement burden beyond a point slows improvement: the first hours are part of improving, many more take time from it', () => {
    // A poor starting theory of change, so that what the programme learns from its data matters.
    const poor = ['theoryOfChange.components[3].initialWeight=12', 'theoryOfChange.components[0].initialWeight=1', 'theoryOfChange.components[1].initialWeight=1', 'theoryOfChange.components[2].initialWeight=1'];
    const hours = [0, 1.5, 6].map((h) => summaryOf(arm([...poor, `data.measurementHoursPerWeek=${h}`], N), 'programmeEffectAtFundingEnd'));
    const first = difference('L9 programme effect at funding end, 1.5 - 0 hours of measurement a week', hours[0], hours[1]);
    const beyond = difference('L9 programme effect at funding end, 6 - 1.5 hours of measurement a week', hours[1], hours[2]);
    expect(first.lower).toBeGreaterThan(0);
    expect(beyond.upper).toBeLessThan(0);
  });

  it('surveillance framing and named league tables each open a gap between reported and true performance', () => {
    const learning = arm(['data.framing="learning"', 'data.comparison="anonymous"'], 40);
    const surveillance = arm(['data.framing="surveillance"', 'data.comparison="anonymous"'], 40);
    const named = arm(['data.framing="learning"', 'data.comparison="named"'], 40);
    const framing = difference('L9 reported minus true performance, surveillance - learning framing', summaryOf(learning, 'reportingGap'), summaryOf(surveillance, 'reportingGap'));
    const naming = difference('L9 reported minus true performance, named - anonymous league tables', summaryOf(learning, 'reportingGap'), summaryOf(named, 'reportingGap'));
    expect(framing.lower).toBeGreaterThan(0);
    expect(naming.lower).toBeGreaterThan(0);
    // That each lowers completeness is in the ablation table (surveillance and named-tables rows).
  });
});
