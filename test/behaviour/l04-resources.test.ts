/** Lesson 4, resource the community properly. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, perReplicate, reportTo, summaryOf } from './arms.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('l04-resources'));

const members = (r: RunResult) => r.sites.filter((s) => s.role === 'member');

describe('L4 resource the community properly', () => {
  it('under-resourced sites fall into the capability trap and improve little', () => {
    const poor = ['resources.budget=0', 'resources.slackHoursPerWeek=2', 'resources.protectedHoursPerWeek=0'];
    const under = arm(poor, N);
    const resourced = arm(['resources.budget=2000000'], N);
    const trapped = (r: RunResult) => {
      const m = members(r).filter((s) => s.capabilityAtFundingEnd !== null);
      return m.filter((s) => (s.capabilityAtFundingEnd as number) < s.capabilityAtStart).length / m.length;
    };
    const trap = difference('L4 share of member sites whose capability eroded, under-resourced - resourced', perReplicate(resourced, trapped), perReplicate(under, trapped));
    const gain = difference('L4 gap closed at funding end, under-resourced - resourced', summaryOf(resourced, 'gapClosedAtFundingEnd'), summaryOf(under, 'gapClosedAtFundingEnd'));
    expect(trap.lower).toBeGreaterThan(0);
    expect(gain.upper).toBeLessThan(0);
  });

  it('returns to extra funding diminish', () => {
    const budgets = [0, 600_000, 1_200_000, 1_800_000];
    const gains = budgets.map((b) => summaryOf(arm([`resources.budget=${b}`], N), 'gapClosedAtFundingEnd'));
    const first = difference('L4 gap closed, budget 600k - 0', gains[0], gains[1]);
    const last = difference('L4 gap closed, budget 1.8m - 1.2m', gains[2], gains[3]);
    const curvature = gains[0].map((_, i) => gains[1][i] - gains[0][i] - (gains[3][i] - gains[2][i]));
    const d = difference('L4 first 600k gain minus last 600k gain', curvature.map(() => 0), curvature);
    expect(first.lower).toBeGreaterThan(0);
    expect(last.mean).toBeLessThan(first.mean);
    expect(d.lower).toBeGreaterThan(0);
  });

  it('allocation rules (equal, by need, by performance) change who improves', () => {
    // Sites short of time of their own, and the default budget: backfill decides who has time.
    const scarce = ['resources.slackHoursPerWeek=2', 'resources.protectedHoursPerWeek=0'];
    const equal = arm([...scarce, 'resources.allocation="equal"'], N);
    const need = arm([...scarce, 'resources.allocation="need"'], N);
    const performance = arm([...scarce, 'resources.allocation="performance"'], N);
    // Sites with the least improvement time of their own at the start (the half that needs backfill most).
    const leastTime = (r: RunResult) => {
      const m = members(r).filter((s) => s.dropWeek === null);
      const sorted = [...m].sort((a, b) => a.ownHoursAtStart - b.ownHoursAtStart);
      const low = sorted.slice(0, Math.ceil(sorted.length / 2));
      return low.reduce((a, s) => a + (s.gapClosedAtFundingEnd as number), 0) / low.length;
    };
    const needVsPerformance = difference('L4 gap closed by the time-poorer half of sites, need - performance allocation', perReplicate(performance, leastTime), perReplicate(need, leastTime));
    const needVsEqual = difference('L4 gap closed by the time-poorer half of sites, need - equal allocation', perReplicate(equal, leastTime), perReplicate(need, leastTime));
    const spread = difference('L4 spread of gap closed across sites, performance - need allocation', summaryOf(need, 'spreadAcrossSites'), summaryOf(performance, 'spreadAcrossSites'));
    expect(needVsPerformance.lower).toBeGreaterThan(0);
    expect(needVsEqual.lower).toBeGreaterThan(0);
    expect(spread.lower).toBeGreaterThan(0);
  });
});
