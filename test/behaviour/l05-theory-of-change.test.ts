/** Lesson 5, start with a clear theory of change, but review and adapt. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l05-theory-of-change'));

/** A poor starting theory: most emphasis on the weakest component. */
const POOR = [
  'theoryOfChange.components[0].initialWeight=1',
  'theoryOfChange.components[1].initialWeight=1',
  'theoryOfChange.components[2].initialWeight=1',
  'theoryOfChange.components[3].initialWeight=12',
];

describe('L5 theory of change, reviewed and adapted', () => {
  it('a poor theory that is reviewed and adapted catches up; one never reviewed stays poor', () => {
    const neverReviewed = arm([...POOR, 'theoryOfChange.reviewIntervalWeeks=0'], N);
    const reviewed = arm([...POOR, 'theoryOfChange.reviewIntervalWeeks=26'], N);
    const good = arm(['theoryOfChange.reviewIntervalWeeks=0'], N);
    const catchUp = difference('L5 gap closed at funding end, poor theory reviewed - never reviewed', summaryOf(neverReviewed, 'gapClosedAtFundingEnd'), summaryOf(reviewed, 'gapClosedAtFundingEnd'));
    const shortfallNever = difference('L5 shortfall of the never-reviewed poor theory against a good one', summaryOf(neverReviewed, 'gapClosedAtFundingEnd'), summaryOf(good, 'gapClosedAtFundingEnd'));
    const shortfallReviewed = difference('L5 shortfall of the reviewed poor theory against a good one', summaryOf(reviewed, 'gapClosedAtFundingEnd'), summaryOf(good, 'gapClosedAtFundingEnd'));
    expect(catchUp.lower).toBeGreaterThan(0);
    expect(shortfallNever.lower).toBeGreaterThan(0);
    expect(shortfallReviewed.mean).toBeLessThan(shortfallNever.mean / 2);
  });

  it('adapting too often churns and loses ground', () => {
    const regular = arm([...POOR, 'theoryOfChange.reviewIntervalWeeks=26'], N);
    const churning = arm([...POOR, 'theoryOfChange.reviewIntervalWeeks=2'], N);
    const d = difference('L5 gap closed at funding end, review every 2 weeks - every 26 weeks', summaryOf(regular, 'gapClosedAtFundingEnd'), summaryOf(churning, 'gapClosedAtFundingEnd'));
    expect(d.upper).toBeLessThan(0);
  });
});
