import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { fundingPerSite, isWinter } from '../../../engine/core/mechanisms/resources.ts';
import { totalSpend } from '../../../engine/core/model/state.ts';

describe('resources', () => {
  it('the budget buys backfill and coaching hours for each invited site, spread over the funded period', () => {
    const state = tiny(['resources.budget=130000', 'time.fundingWeeks=130', 'resources.backfillShare=0.5', 'resources.coachingShare=0.25', 'resources.backfillCostPerHour=50', 'resources.coachingCostPerHour=100']);
    const perSite = fundingPerSite(state);
    expect(perSite.backfill).toBeCloseTo(10 / state.sites.invited, 9);
    expect(perSite.coaching).toBeCloseTo(2.5 / state.sites.invited, 9);
  });

  it('a site with no time falls into the capability trap: capability erodes', () => {
    const state = tiny(['recruitment.mode="mandated"', 'resources.budget=0', 'resources.slackHoursPerWeek=0', 'resources.protectedHoursPerWeek=0', 'recruitment.dropoutPerYear=0']);
    const before = Array.from(state.sites.capability.slice(0, 4));
    while (state.week < 52) step(state);
    for (let s = 0; s < 4; s++) expect(state.sites.capability[s]).toBeLessThan(before[s]);
  });

  it('spends nothing once the funding has ended', () => {
    const state = tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=20', 'time.weeks=40']);
    while (state.week < 21) step(state);
    const spent = totalSpend(state.programme);
    while (state.week < 40) step(state);
    expect(totalSpend(state.programme)).toBe(spent);
  });

  it('winter is thirteen weeks a year', () => {
    let weeks = 0;
    for (let w = 0; w < 52; w++) if (isWinter(w)) weeks++;
    expect(weeks).toBe(13);
  });
});
