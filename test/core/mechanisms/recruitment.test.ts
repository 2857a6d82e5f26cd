import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { Membership } from '../../../engine/core/model/state.ts';

describe('recruitment', () => {
  it('a mandate enrols every invited site at week 0, and onboarding ends on time', () => {
    const state = tiny(['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=3', 'recruitment.dropoutPerYear=0']);
    step(state);
    for (let s = 0; s < 4; s++) expect(state.sites.membership[s]).toBe(Membership.onboarding);
    for (let s = 4; s < 6; s++) expect(state.sites.membership[s]).toBe(Membership.comparison);
    while (state.week < 4) step(state);
    for (let s = 0; s < 4; s++) expect(state.sites.membership[s]).toBe(Membership.active);
  });

  it('no pull to join means nobody joins; no dropout hazard means nobody leaves', () => {
    const none = tiny(['recruitment.joinPerYear=0']);
    while (none.week < 52) step(none);
    expect(Array.from(none.sites.joinWeek.slice(0, 4))).toEqual([-1, -1, -1, -1]);
    const stay = tiny(['recruitment.mode="mandated"', 'recruitment.dropoutPerYear=0']);
    while (stay.week < 130) step(stay);
    expect(stay.events.filter((e) => e.kind === 'droppedOut')).toEqual([]);
  });

  it('sites join only inside the recruitment window', () => {
    const state = tiny(['time.recruitmentWeeks=5', 'recruitment.joinPerYear=0.5']);
    while (state.week < 60) step(state);
    for (let s = 0; s < 4; s++) expect(state.sites.joinWeek[s]).toBeLessThan(5);
  });

  it('sites of a later wave may join only from its launch week', () => {
    const state = tiny(['time.recruitmentWeeks=10', 'recruitment.joinPerYear=52', 'recruitment.waves=[{"share":1,"launchWeek":0},{"share":1,"launchWeek":30}]']);
    expect(Array.from(state.sites.launchWeek.slice(0, 4))).toEqual([0, 0, 30, 30]);
    while (state.week < 60) step(state);
    expect(state.sites.joinWeek[0]).toBeLessThan(10);
    expect(state.sites.joinWeek[2]).toBeGreaterThanOrEqual(30);
    expect(state.sites.joinWeek[2]).toBeLessThan(40);
  });

  it('under stress active sites turn passive, and back when it lifts; passive sites take part less', () => {
    const sets = ['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'recruitment.dropoutPerYear=0', 'recruitment.disengagePerYear=52', 'recruitment.reengagePerYear=52'];
    const state = tiny(sets);
    step(state);
    // Heavy stress on site 0 (a deep time deficit, conflict), none on site 1 (belonging and support full).
    const stress = () => {
      state.sites.timeBudget[0] = -100;
      state.sites.conflict[0] = 1;
      state.sites.teamBelonging[1] = 1;
      state.sites.supportTie[1] = 1;
      state.sites.conflict[1] = 0;
    };
    let passive0 = 0;
    let passive1 = 0;
    for (let w = 0; w < 40; w++) {
      stress();
      step(state);
      if (state.sites.membership[0] === Membership.passive) passive0++;
      if (state.sites.membership[1] === Membership.passive) passive1++;
    }
    expect(passive0).toBeGreaterThan(30);
    expect(passive1).toBeLessThan(10);
    if (state.sites.membership[0] === Membership.passive) {
      expect(state.sites.engagement[0]).toBe(state.scenario.recruitment.passiveEngagement);
      expect(state.sites.presence[0]).toBe(state.scenario.recruitment.passiveEngagement);
    }
    // With the ladder switched off, nobody turns passive whatever the stress.
    const flat = tiny([...sets, 'recruitment.disengagePerYear=0']);
    for (let w = 0; w < 40; w++) {
      flat.sites.timeBudget[0] = -100;
      step(flat);
      expect(flat.sites.membership[0]).not.toBe(Membership.passive);
    }
  });
});
