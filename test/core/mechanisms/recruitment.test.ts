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
});
