import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { stepPerformance, trendClosure } from '../../../engine/core/mechanisms/performance.ts';
import { setPractice } from '../../../engine/core/model/practice-change.ts';
import { Membership, Practice } from '../../../engine/core/model/state.ts';

describe('from practice to performance', () => {
  it('the secular trend closes a fixed share of the remaining gap each year', () => {
    expect(trendClosure(0.1, 52)).toBeCloseTo(0.1, 12);
    expect(trendClosure(0.1, 104)).toBeCloseTo(0.19, 12);
    expect(trendClosure(0, 500)).toBe(0);
  });

  it('before launch the trend runs backwards, the gap wider, but at most twice the baseline gap', () => {
    expect(trendClosure(0.1, -52)).toBeCloseTo(1 - 1 / 0.9, 12);
    expect(trendClosure(0.99, -520)).toBe(-1);
    expect(trendClosure(1, -1)).toBe(-1);
  });

  it('comparison sites move with the trend alone', () => {
    const state = tiny(['context.secularTrendPerYear=0.2', 'context.shocks.reorganisationPerYear=0']);
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

  it('care can get worse than baseline: staff trying the practice at a site with no capability', () => {
    const sets = ['context.secularTrendPerYear=0', 'challenge.systemChangePerYear=0', 'context.shocks.reorganisationPerYear=0', 'recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'time.weeks=3'];
    const worse = (extra: string[]) => {
      const state = tiny([...sets, ...extra]);
      step(state);
      for (let i = state.sites.staffStart[0]; i < state.sites.staffStart[0] + state.sites.staffCount[0]; i++) setPractice(state, i, Practice.trying);
      state.sites.capability[0] = 0;
      state.sites.meanFatigue[0] = 0;
      stepPerformance(state);
      return state.sites.trueValue[0] - state.sites.baselineValue[0];
    };
    // Everyone trying delivers half the practice (the trying weight) but disrupts care by the dip.
    expect(worse(['practice.changeDip=0.9'])).toBeLessThan(0);
    expect(worse(['practice.changeDip=0'])).toBeGreaterThan(0);
    // Trying that delivers nothing yet still disrupts.
    expect(worse(['practice.changeDip=0.2', 'practice.tryingWeight=0'])).toBeLessThan(0);
  });

  it('a reorganisation disrupts care at any site, and its no-programme path with it', () => {
    const state = tiny(['context.secularTrendPerYear=0', 'context.shocks.reorganisationHarm=0.2', 'context.shocks.reorganisationPerYear=0']);
    state.sites.reorganisedUntil[5] = 10; // a comparison site
    step(state);
    const s = 5;
    const gap = state.scenario.challenge.outcome.best - state.sites.baselineValue[s];
    expect(state.sites.trueValue[s]).toBeCloseTo(state.sites.baselineValue[s] - 0.2 * gap, 12);
    expect(state.sites.counterfactualValue[s]).toBe(state.sites.trueValue[s]);
  });

  it('a site that leaves keeps the version of the intervention it last had; those taking part get the revised one', () => {
    const state = tiny(['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'recruitment.dropoutPerYear=0', 'recruitment.disengagePerYear=0']);
    step(state);
    const before = state.programme.theoryQuality;
    state.sites.membership[0] = Membership.droppedOut;
    state.programme.theoryQuality = before + 0.1; // a review improved the intervention
    step(state);
    expect(state.sites.quality[0]).toBe(before);
    expect(state.sites.quality[1]).toBe(before + 0.1);
  });

  it('the fatigue the programme adds fades once it no longer reaches a site, and the harm with it', () => {
    const state = tiny(['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'recruitment.dropoutPerYear=0', 'recruitment.disengagePerYear=0', 'practice.fatigueHarm=0.2']);
    while (state.week < 52) step(state);
    expect(state.sites.meanFatigue[0]).toBeGreaterThan(0.05);
    expect(state.sites.harm[0]).toBeGreaterThan(0.01);
    state.sites.membership[0] = Membership.droppedOut;
    while (state.week < 156) step(state);
    expect(state.sites.meanFatigue[0]).toBeLessThan(0.01);
    expect(state.sites.harm[0]).toBeLessThan(0.002);
  });
});
