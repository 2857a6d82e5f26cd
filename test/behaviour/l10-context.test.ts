/**
 * Lesson 10, recognise contextual influences and the need for customisation. That context
 * explains outcomes, and both sides of customisation's interior optimum, are in the ablation table
 * (ablations-*.test.ts), with each mechanism and without it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt } from './arms.ts';

const N = 12;
beforeAll(() => reportTo('l10-context'));

describe('L10 context and customisation', () => {
  it('comparison sites improve with the secular trend, and an evaluator measures it', () => {
    const trend = arm(['context.secularTrendPerYear=0.05'], N);
    const none = arm(['context.secularTrendPerYear=0'], N);
    // Five years at 5% a year closes 1 - 0.95^5 of each comparison site's gap, on top of whatever
    // its reorganisations do (the same in both arms: common random numbers).
    const expected = 1 - 0.95 ** 5;
    const closed = difference("L10 comparison sites' gap closed at week 260, 5% a year trend - none", seriesAt(none, 'comparisonGapClosed', 260), seriesAt(trend, 'comparisonGapClosed', 260));
    expect(closed.lower).toBeGreaterThan(expected - 0.01);
    expect(closed.upper).toBeLessThan(expected + 0.01);
    // What the evaluator's audits of comparison sites show (percentage points, higher is better).
    const measured = difference("L10 comparison sites' measured performance at week 260, trend - none", seriesAt(none, 'comparisonReported', 260), seriesAt(trend, 'comparisonReported', 260));
    expect(measured.lower).toBeGreaterThan(0);
  });
});
