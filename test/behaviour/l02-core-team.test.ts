/** Lesson 2, build a strong core team. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, seriesMean, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l02-core-team'));

describe('L2 build a strong core team', () => {
  it('a credible, well-backed core team recruits more sites and spreads faster', () => {
    const weak = arm(['coreTeam.credibility=0.3', 'coreTeam.legitimacy=0.3'], N);
    const strong = arm(['coreTeam.credibility=0.9', 'coreTeam.legitimacy=0.9'], N);
    const joined = difference('L2 sites joined, strong - weak core team', summaryOf(weak, 'sitesJoined'), summaryOf(strong, 'sitesJoined'));
    const spread = difference('L2 practice at week 52, strong - weak core team', seriesAt(weak, 'practice', 52), seriesAt(strong, 'practice', 52));
    expect(joined.lower).toBeGreaterThan(0);
    expect(spread.lower).toBeGreaterThan(0);
  });

  it('with fixed core capacity, adding sites lowers support per site and the gain per site', () => {
    // Money per site is held equal (budget scales with sites, none buys coaching), so only the
    // core team's fixed hours are spread thinner.
    const common = ['recruitment.mode="mandated"', 'resources.coachingShare=0', 'coreTeam.hoursPerWeek=40'];
    const few = arm([...common, 'recruitment.invitedSites=12', 'resources.budget=400000'], N);
    const many = arm([...common, 'recruitment.invitedSites=48', 'resources.budget=1600000'], N);
    const support = difference('L2 core-team hours per site per week (funded period), 48 - 12 sites', seriesMean(few, 'supportHoursPerSite', 1, 130), seriesMean(many, 'supportHoursPerSite', 1, 130));
    const gain = difference('L2 gap closed at funding end, 48 - 12 sites', summaryOf(few, 'gapClosedAtFundingEnd'), summaryOf(many, 'gapClosedAtFundingEnd'));
    expect(support.upper).toBeLessThan(0);
    expect(gain.upper).toBeLessThan(0);
  });
});
