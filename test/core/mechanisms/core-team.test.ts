import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { stepCoreTeam } from '../../../engine/core/mechanisms/core-team.ts';
import { Membership } from '../../../engine/core/model/state.ts';

describe('the core team queue', () => {
  it('shares its hours among the sites that need them, in proportion to need', () => {
    const state = tiny(['coreTeam.hoursPerWeek=6', 'resources.coachingShare=0', 'coreTeam.supportNeedHoursPerSite=4']);
    const sites = state.sites;
    for (let s = 0; s < 4; s++) {
      sites.membership[s] = Membership.active;
      sites.presence[s] = 1;
      sites.capability[s] = 0.5;
    }
    stepCoreTeam(state);
    const hours = Array.from(sites.supportHours.slice(0, 4));
    expect(hours.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 9);
    for (const h of hours) expect(h).toBeCloseTo(1.5, 9);
  });

  it('gives every site what it needs when capacity allows, and nothing to sites it does not reach', () => {
    const state = tiny(['coreTeam.hoursPerWeek=100', 'coreTeam.supportNeedHoursPerSite=4']);
    const sites = state.sites;
    sites.membership[0] = Membership.active;
    sites.presence[0] = 1;
    sites.capability[0] = 0.5;
    stepCoreTeam(state);
    expect(sites.supportHours[0]).toBeCloseTo(4, 9);
    expect(sites.supportHours[1]).toBe(0);
    expect(sites.supportTie[0]).toBeGreaterThan(0);
    expect(sites.supportTie[1]).toBe(0);
  });
});
