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

  it('audits every site the programme does not reach, so invited sites are followed before launch and when they never join', () => {
    const state = tiny(['time.preWeeks=8', 'recruitment.joinPerYear=0', 'data.feedbackIntervalWeeks=4']);
    expect(state.week).toBe(-8);
    while (state.week < 0) step(state);
    // Audited before launch (week -5 and -1), then measured at launch for the evaluator's baseline.
    for (let s = 0; s < state.sites.count; s++) expect(state.sites.lastReportWeek[s]).toBe(0);
    while (state.week < 12) step(state);
    for (let s = 0; s < state.sites.invited; s++) expect(state.sites.lastReportWeek[s]).toBe(11);
  });
});
