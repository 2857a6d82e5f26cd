/** Lesson 6, foster a sense of community and belonging. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, reportTo, seriesAt, seriesMean, summaryOf } from './arms.ts';

const N = 24;
beforeAll(() => reportTo('l06-belonging'));

describe('L6 community and belonging', () => {
  it('more shared events give higher belonging and faster peer spread', () => {
    const none = arm(['belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0'], N);
    const many = arm(['belonging.faceToFacePerYear=4', 'belonging.remotePerYear=12', 'resources.eventsShare=0.25'], N);
    const belonging = difference('L6 belonging in the funded period, regular events - none', seriesMean(none, 'belonging', 26, 130), seriesMean(many, 'belonging', 26, 130));
    const spread = difference('L6 practice at week 78, regular events - none', seriesAt(none, 'practice', 78), seriesAt(many, 'practice', 78));
    expect(belonging.lower).toBeGreaterThan(0);
    expect(spread.lower).toBeGreaterThan(0);
  });

  it('under complex contagion, clustered networks spread further than random ones of the same density', () => {
    // Centola's setting: behaviour that needs reinforcement from two contacts, few seeds (little
    // external pull), larger sites, and no pull from other sites' practice.
    const complex = [
      'belonging.contagion="complex"',
      'belonging.thresholdMean=0.3',
      'belonging.thresholdSpread=0.02',
      'belonging.horizontalWeight=0',
      'practice.externalPerYear=0.002',
      'practice.peerPerYear=8',
      'tactics.hardness=0',
      'community.network.degree=6',
      'community.network.homophily=0',
      'community.siteTypes=[{"name":"ward","share":1,"staffMean":200}]',
      'recruitment.invitedSites=8',
      'recruitment.comparisonSites=0',
    ];
    const clustered = arm([...complex, 'community.network.kind="smallWorld"', 'community.network.rewiring=0.02'], N);
    const random = arm([...complex, 'community.network.kind="random"'], N);
    const d = difference('L6 practice at funding end under complex contagion, clustered - random network', summaryOf(random, 'practiceAtFundingEnd'), summaryOf(clustered, 'practiceAtFundingEnd'));
    expect(d.lower).toBeGreaterThan(0);
  });
});
