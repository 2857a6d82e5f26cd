import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { observabilityOf } from '../../../engine/core/mechanisms/measurement.ts';

describe('measurement', () => {
  it('a rare event is less observable than a frequent one', () => {
    const rate = ['challenge.outcome.measure="rate"', 'challenge.outcome.baseline=8', 'challenge.outcome.best=1'];
    const rare = tiny([...rate, 'challenge.outcome.casesPerSiteWeek=20']);
    const frequent = tiny([...rate, 'challenge.outcome.casesPerSiteWeek=5000']);
    expect(observabilityOf(rare, 0)).toBeLessThan(0.5);
    expect(observabilityOf(frequent, 0)).toBeGreaterThan(0.85);
  });

  it('with perfect data and no gaming, reports average the truth', () => {
    const state = tiny([
      'recruitment.mode="mandated"',
      'data.errorSpread=0',
      'data.gamingPropensity=0',
      'challenge.outcome.casesPerSiteWeek=500',
      'data.feedbackIntervalWeeks=1',
      'recruitment.comparisonSites=6',
    ]);
    let diff = 0;
    let n = 0;
    while (state.week < 30) {
      step(state);
      for (let s = 0; s < state.sites.count; s++) {
        if (state.sites.lastReportWeek[s] !== state.week - 1) continue;
        diff += state.sites.reportedValue[s] - state.sites.trueValue[s];
        n++;
      }
    }
    expect(n).toBeGreaterThan(100);
    expect(Math.abs(diff / n)).toBeLessThan(0.5);
  });

  it('every site is measured at week 0 (the baseline of an evaluator)', () => {
    const state = tiny();
    for (let s = 0; s < state.sites.count; s++) expect(Number.isNaN(state.sites.firstReportedValue[s]) && state.sites.completeness[s] >= state.scenario.data.minimumCompleteness).toBe(false);
  });
});
