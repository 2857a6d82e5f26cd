/**
 * The whole bill (costs.ts): every component counted once, at its rate, in total and per site;
 * and accounting only (what happens does not depend on the rates).
 */
import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { runScenario, step } from '../../../engine/core/index.ts';
import { fullCost, isFunded, totalSpend, type State } from '../../../engine/core/model/state.ts';
import { overheadShare } from '../../../engine/core/mechanisms/costs.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

const SMALL = ['recruitment.invitedSites=6', 'recruitment.comparisonSites=2', 'time.fundingWeeks=52', 'time.weeks=104'];

function runTo(state: State, week: number): State {
  while (state.week < week) step(state);
  return state;
}

const sum = (a: Float64Array, n: number) => a.slice(0, n).reduce((x, y) => x + y, 0);

describe('costs', () => {
  it('counts the core team\'s hours at its rate, at the funded hours and then at the post-funding hours', () => {
    // No conflict to mediate or groups to include: the core team's gross hours are its hours.
    const state = runTo(tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=30', 'time.weeks=50', 'coreTeam.hoursPerWeek=40', 'coreTeam.postFundingHoursPerWeek=10', 'costs.coreTeamCostPerHour=70']), 50);
    expect(state.programme.costCoreTeam).toBeCloseTo(40 * 30 * 70, 6);
    expect(state.programme.costCoreTeamAfter).toBeCloseTo(10 * 20 * 70, 6);
  });

  it('counts the budget\'s unallocated share as overhead, spread over the funded period', () => {
    const state = tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=26', 'time.weeks=40', 'resources.budget=100000', 'resources.backfillShare=0.5', 'resources.coachingShare=0.2', 'resources.eventsShare=0.2']);
    expect(overheadShare(state)).toBeCloseTo(0.1, 12);
    runTo(state, 13);
    expect(state.programme.costOverhead).toBeCloseTo(5000, 6);
    runTo(state, 40);
    expect(state.programme.costOverhead).toBeCloseTo(10_000, 6);
  });

  it('counts each member site\'s own time as far as it takes part, data time only while it collects data, and nothing for sites that never joined', () => {
    const state = runTo(tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=20', 'time.weeks=20', 'recruitment.dropoutPerYear=0', 'resources.protectedHoursPerWeek=2', 'data.measurementHoursPerWeek=3', 'costs.siteStaffCostPerHour=10']), 20);
    const sites = state.sites;
    for (let s = 0; s < sites.invited; s++) {
      // At most every funded week at full engagement: (2 + 3) hours x 10 a week; the onboarding weeks count less.
      expect(sites.costOwnTime[s]).toBeGreaterThan(0);
      expect(sites.costOwnTime[s]).toBeLessThanOrEqual(20 * 5 * 10 + 1e-9);
    }
    for (let s = sites.invited; s < sites.count; s++) expect(sites.costOwnTime[s]).toBe(0); // comparison sites
    expect(state.programme.costSiteTime).toBeCloseTo(sum(sites.costOwnTime, sites.invited), 6);
    const none = runTo(tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=20', 'time.weeks=20', 'resources.protectedHoursPerWeek=0', 'data.measurementHoursPerWeek=0']), 20);
    expect(none.programme.costSiteTime).toBe(0);
  });

  it('splits the funder\'s spend by site: the sites\' backfill, coaching and events add up to the totals', () => {
    const result = runScenario(scenarioWith(SMALL), { seed: 3 });
    const s = result.summary;
    const total = (k: 'costBackfill' | 'costCoaching' | 'costEvents' | 'costOwnTime') => result.sites.reduce((x, r) => x + r[k], 0);
    expect(total('costBackfill')).toBeCloseTo(s.spendBackfill!, 4);
    expect(total('costCoaching')).toBeCloseTo(s.spendCoaching!, 4);
    expect(total('costEvents')).toBeCloseTo(s.spendLearningSessions! + s.spendCalls!, 4);
    // The sites' own time over the run: the funded period's, then some of what came after (beside the core team's).
    expect(total('costOwnTime')).toBeGreaterThan(s.costSiteTime! - 1e-6);
    expect(total('costOwnTime') - s.costSiteTime!).toBeLessThanOrEqual(s.costAfterFunding! + 1e-6);
    // The full cost is the funder's spend and the three other components, no more, no less.
    expect(s.costFull).toBeCloseTo(s.spend! + s.costOverhead! + s.costCoreTeam! + s.costSiteTime!, 4);
    expect(s.costFull!).toBeGreaterThan(s.spend!);
    if (s.trueEffect !== null && s.trueEffect > 0) expect(s.costFullPerUnitImproved!).toBeGreaterThan(s.costPerUnitImproved!);
  });

  it("splits the events' spend into venues, travel and the backfill of time away, each at its unit cost", () => {
    const result = runScenario(scenarioWith(SMALL), { seed: 3 });
    const s = result.summary;
    expect(s.spendLearningSessions! + s.spendCalls!).toBeGreaterThan(0);
    expect(s.spendEventVenues! + s.spendEventTravel! + s.spendEventTimeAway!).toBeCloseTo(s.spendLearningSessions! + s.spendCalls!, 6);
    // The defaults: a face-to-face attendance is 250 + 275 + 15 h x 45 = 1,200; a remote one 15 + 3 h x 45 = 150.
    const faceToFace = s.spendLearningSessions! / 1200;
    const remote = s.spendCalls! / 150;
    // Whole attendances: the total is 1,200 a face-to-face attendance.
    expect(Math.abs(faceToFace - Math.round(faceToFace))).toBeLessThan(1e-9);
    expect(s.spendEventTravel).toBeCloseTo(275 * faceToFace, 6);
    expect(s.spendEventVenues).toBeCloseTo(250 * faceToFace + 15 * remote, 6);
    expect(s.spendEventTimeAway).toBeCloseTo(45 * (15 * faceToFace + 3 * remote), 6);
    // Longer events cost more time away, from the same events budget.
    const longer = runScenario(scenarioWith([...SMALL, 'resources.faceToFaceHoursAway=30']), { seed: 3 }).summary;
    const attendances = longer.spendEventTravel! / 275;
    expect(longer.spendEventTimeAway! - 45 * 3 * ((longer.spendCalls ?? 0) / (15 + 3 * 45))).toBeCloseTo(45 * 30 * attendances, 4);
  });

  it('is accounting only: the rates change the costs in proportion and nothing else', () => {
    const base = runScenario(scenarioWith(SMALL), { seed: 5 });
    const dear = runScenario(scenarioWith([...SMALL, 'costs.coreTeamCostPerHour=120', 'costs.siteStaffCostPerHour=90']), { seed: 5 });
    const free = runScenario(scenarioWith([...SMALL, 'costs.coreTeamCostPerHour=0', 'costs.siteStaffCostPerHour=0']), { seed: 5 });
    expect(base.summary.costCoreTeam).toBeGreaterThan(0);
    expect(base.summary.costSiteTime).toBeGreaterThan(0);
    expect(dear.summary.costCoreTeam).toBeCloseTo(2 * base.summary.costCoreTeam!, 6);
    expect(dear.summary.costSiteTime).toBeCloseTo(2 * base.summary.costSiteTime!, 6);
    expect(free.summary.costCoreTeam).toBe(0);
    expect(free.summary.costSiteTime).toBe(0);
    expect(free.summary.costAfterFunding).toBe(0);
    expect(free.summary.costFull).toBeCloseTo(free.summary.spend! + free.summary.costOverhead!, 6);
    const costs = new Set(['costFull', 'costCoreTeam', 'costSiteTime', 'costAfterFunding', 'costFullPerUnitImproved', 'costPerCaseImproved', 'costPerCaseImprovedToHorizon']);
    for (const [name, value] of Object.entries(base.summary)) if (!costs.has(name)) expect(dear.summary[name as keyof typeof base.summary], name).toEqual(value);
    expect(dear.series.values).toEqual(base.series.values);
    expect(fullCost(runTo(tiny(), 10).programme)).toBeGreaterThanOrEqual(totalSpend(runTo(tiny(), 10).programme));
  });

  it('counts the care the programme improved in the outcome\'s own unit, during funding and after, and the full cost per case', () => {
    for (const [measure, sets, perCase, direction] of [
      ['percent', [], 1 / 100, 1],
      ['rate', ['challenge.outcome.measure="rate"', 'challenge.outcome.baseline=8', 'challenge.outcome.best=2', 'challenge.outcome.baselineSpread=2', 'challenge.outcome.ratePer=1000', 'challenge.outcome.casesPerSiteWeek=300'], 1 / 1000, -1],
    ] as const) {
      const state = tiny(['recruitment.mode="mandated"', 'time.fundingWeeks=40', 'time.weeks=70', ...sets]);
      let funded = 0;
      let after = 0;
      while (state.week < 70) {
        const during = isFunded(state);
        step(state);
        // What this week added, recomputed from the sites' own values.
        let week = 0;
        for (let s = 0; s < state.sites.invited; s++) {
          if (state.sites.joinWeek[s] >= 0) week += direction * (state.sites.trueValue[s] - state.sites.counterfactualValue[s]) * state.sites.casesPerWeek[s] * perCase;
        }
        if (during) funded += week;
        else after += week;
      }
      expect(state.programme.careImproved, measure).toBeCloseTo(funded, 6);
      expect(state.programme.careImprovedAfter, measure).toBeCloseTo(after, 6);
      // A programme that works improves care in the better direction, whichever that is.
      expect(state.programme.careImproved, measure).toBeGreaterThan(0);
    }
    const result = runScenario(scenarioWith(SMALL), { seed: 3 });
    const s = result.summary;
    expect(s.costPerCaseImproved).toBeCloseTo(s.costFull! / s.careImproved!, 6);
    expect(s.costPerCaseImprovedToHorizon).toBeCloseTo((s.costFull! + s.costAfterFunding!) / (s.careImproved! + s.careImprovedAfter!), 6);
  });

  it('counts no care improved where no site joins, and then gives no cost per case', () => {
    const result = runScenario(scenarioWith([...SMALL, 'recruitment.mode="voluntary"', 'recruitment.joinPerYear=0']), { seed: 3 });
    expect(result.sites.every((r) => r.role !== 'member')).toBe(true);
    expect(result.summary.careImproved).toBe(0);
    expect(result.summary.costPerCaseImproved).toBeNull();
  });
});
