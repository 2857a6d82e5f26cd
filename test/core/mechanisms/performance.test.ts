import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { stepPerformance, trendClosure } from '../../../engine/core/mechanisms/performance.ts';
import { setPractice } from '../../../engine/core/model/practice-change.ts';
import { Practice } from '../../../engine/core/model/state.ts';

describe('from practice to performance', () => {
  it('the secular trend closes a fixed share of the remaining gap each year', () => {
    expect(trendClosure(0.1, 52)).toBeCloseTo(0.1, 12);
    expect(trendClosure(0.1, 104)).toBeCloseTo(0.19, 12);
    expect(trendClosure(0, 500)).toBe(0);
  });

  it('comparison sites move with the trend alone', () => {
    const state = tiny(['context.secularTrendPerYear=0.2']);
    while (state.week < 52) step(state);
    const best = state.scenario.challenge.outcome.best;
    for (let s = 4; s < 6; s++) {
      const closed = (state.sites.trueValue[s] - state.sites.baselineValue[s]) / (best - state.sites.baselineValue[s]);
      expect(closed).toBeCloseTo(0.2, 9);
    }
  });

  it('a site where everyone practises closes clinician control x theory quality x local fit of its gap (no trend, no system change)', () => {
    const state = tiny(['context.secularTrendPerYear=0', 'challenge.systemChangePerYear=0', 'challenge.clinicianControl=0.6', 'time.weeks=3']);
    for (let i = state.sites.staffStart[0]; i < state.sites.staffStart[0] + state.sites.staffCount[0]; i++) setPractice(state, i, Practice.routinised);
    stepPerformance(state);
    const best = state.scenario.challenge.outcome.best;
    const closed = (state.sites.trueValue[0] - state.sites.baselineValue[0]) / (best - state.sites.baselineValue[0]);
    expect(closed).toBeCloseTo(0.6 * state.programme.theoryQuality * state.sites.localFit[0], 12);
  });
});
