/**
 * The state's kept-up-to-date totals always equal what they total: counts by site, group and
 * practice state, the member sites' totals, each site's practice weight, and each person's sum
 * of neighbours' practice. Checked through a run with turnover, reviews, dropout and shocks.
 */
import { describe, expect, it } from 'vitest';
import { init, step } from '../../../engine/core/index.ts';
import { PRACTICE_COUNT, StaffTrait, TRAIT_STRIDE, groupOf, practiceOf, type State } from '../../../engine/core/model/state.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

function check(state: State): void {
  const { sites, staff, siteGroups: sg, groups } = state;
  const G = sg.groups;
  const counts = new Int32Array(sg.practiceCount.length);
  const weight = new Float64Array(sites.count);
  const members = new Int32Array(groups.memberPractice.length);
  for (let i = 0; i < staff.count; i++) {
    const s = staff.site[i];
    const g = groupOf(staff, i);
    const st = practiceOf(staff, i);
    counts[(s * G + g) * PRACTICE_COUNT + st]++;
    weight[s] += state.practiceWeights[st];
    if (sites.joinWeek[s] >= 0) members[g * PRACTICE_COUNT + st]++;
  }
  expect(Array.from(sg.practiceCount)).toEqual(Array.from(counts));
  expect(Array.from(groups.memberPractice)).toEqual(Array.from(members));
  for (let s = 0; s < sites.count; s++) expect(sites.practiceWeight[s]).toBeCloseTo(weight[s], 9);
  for (let i = 0; i < staff.count; i++) {
    let sum = 0;
    for (let e = staff.neighbourStart[i]; e < staff.neighbourStart[i + 1]; e++) sum += state.practiceWeights[practiceOf(staff, staff.neighbours[e])];
    expect(staff.traits[i * TRAIT_STRIDE + StaffTrait.neighbourPractice]).toBeCloseTo(sum, 9);
  }
}

describe('state invariants', () => {
  it('hold week after week, with turnover, theory reviews, dropout and shocks', () => {
    const scenario = scenarioWith([
      'time.weeks=160',
      'resources.staffTurnoverPerYear=0.4',
      'theoryOfChange.reviewIntervalWeeks=8',
      'context.shocks.reorganisationPerYear=0.5',
      'context.shocks.championLossPerYear=1',
      'recruitment.invitedSites=10',
      'recruitment.comparisonSites=4',
    ]);
    const state = init(scenario, 17);
    check(state);
    while (state.week < scenario.time.weeks) {
      step(state);
      if (state.week % 20 === 0) check(state);
    }
    expect(state.events.some((e) => e.kind === 'theoryReviewed')).toBe(true);
  });

  it('neighbour ties are symmetric and stay within a site', () => {
    const state = init(scenarioWith(['recruitment.invitedSites=6', 'recruitment.comparisonSites=2']), 3);
    const { staff } = state;
    for (let i = 0; i < staff.count; i++) {
      for (let e = staff.neighbourStart[i]; e < staff.neighbourStart[i + 1]; e++) {
        const j = staff.neighbours[e];
        expect(staff.site[j]).toBe(staff.site[i]);
        expect(j).not.toBe(i);
        const back = staff.neighbours.subarray(staff.neighbourStart[j], staff.neighbourStart[j + 1]);
        expect(Array.from(back)).toContain(i);
      }
    }
  });
});
