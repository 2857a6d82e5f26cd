/** Lesson 2, build a strong core team (recruitment and the queue's dilution are also in the ablation table). */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, summaryOf } from './arms.ts';

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
  // With fixed core capacity, adding sites lowers support and gain per site: the ablation table's
  // dilution rows (ablations-*.test.ts) show it, with the queue and without it.
});
