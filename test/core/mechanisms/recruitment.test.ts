import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { Membership, STAFF_STRIDE, StaffField, type State } from '../../../engine/core/model/state.ts';

/** Mean intrinsic motivation of the invited sites' staff. */
function invitedMotivation(state: State): number {
  const end = state.sites.staffStart[state.sites.invited - 1] + state.sites.staffCount[state.sites.invited - 1];
  let sum = 0;
  for (let i = 0; i < end; i++) sum += state.staff.attrs[i * STAFF_STRIDE + StaffField.motivation];
  return sum / end;
}

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

  it('sites signed up before launch (committed) all join at their launch, with no pull to join, and without a mandate\'s cost to motivation', () => {
    const committed = tiny(['recruitment.mode="committed"', 'recruitment.joinPerYear=0']);
    step(committed);
    for (let s = 0; s < 4; s++) expect(committed.sites.joinWeek[s]).toBe(0);
    const voluntary = tiny(['recruitment.mode="voluntary"', 'recruitment.joinPerYear=0']);
    step(voluntary);
    expect(Array.from(voluntary.sites.joinWeek.slice(0, 4))).toEqual([-1, -1, -1, -1]);
    // Staff start with the same motivation as under voluntary recruitment; a mandate costs some.
    const [c, v, m] = (['committed', 'voluntary', 'mandated'] as const).map((mode) => invitedMotivation(tiny([`recruitment.mode="${mode}"`])));
    expect(c).toBe(v);
    expect(m).toBeLessThan(c - 0.05);
  });

  it('under a routine national audit a site never stops reporting: it goes passive where it would leave, and keeps measuring after funding', () => {
    const sets = ['recruitment.mode="committed"', 'recruitment.dropoutPerYear=20', 'data.monitoringAfterFunding=0.02', 'time.fundingWeeks=40', 'time.weeks=60'];
    const free = tiny(sets);
    while (free.week < 60) step(free);
    expect(free.events.filter((e) => e.kind === 'droppedOut').length).toBeGreaterThan(0);
    const audited = tiny([...sets, 'data.routineAudit=true']);
    while (audited.week < 60) step(audited);
    expect(audited.events.filter((e) => e.kind === 'droppedOut')).toEqual([]);
    for (let s = 0; s < 4; s++) {
      expect(audited.sites.membership[s]).toBe(Membership.passive);
      expect(audited.sites.monitoring[s]).toBe(1);
    }
  });
});
