import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { isEventWeek } from '../../../engine/core/mechanisms/belonging.ts';
import { PARTNER_SLOTS } from '../../../engine/core/model/state.ts';

describe('events, ties and belonging', () => {
  it('spaces events evenly: n a year from the first week', () => {
    const weeks = (perYear: number, first: number) => Array.from({ length: 104 }, (_, w) => w).filter((w) => isEventWeek(w, perYear, first));
    expect(weeks(2, 6)).toEqual([6, 32, 58, 84]);
    expect(weeks(0, 0)).toEqual([]);
    expect(weeks(52, 0)).toHaveLength(104);
  });

  it('events raise the belonging of site teams and tie attending sites to each other, symmetrically', () => {
    const state = tiny(['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'belonging.faceToFacePerYear=12', 'recruitment.dropoutPerYear=0']);
    while (state.week < 20) step(state);
    const { sites } = state;
    expect(state.events.filter((e) => e.kind === 'learningEvent').length).toBeGreaterThan(0);
    for (let s = 0; s < 4; s++) expect(sites.teamBelonging[s]).toBeGreaterThan(state.scenario.belonging.initialBelonging);
    for (let s = 0; s < 4; s++) {
      for (let k = s * PARTNER_SLOTS; k < (s + 1) * PARTNER_SLOTS; k++) {
        const j = sites.partner[k];
        if (j < 0) continue;
        const back = Array.from(sites.partner.slice(j * PARTNER_SLOTS, (j + 1) * PARTNER_SLOTS));
        expect(back).toContain(s);
      }
    }
  });

  it('without events or help, belonging decays toward zero', () => {
    const state = tiny(['recruitment.mode="mandated"', 'belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0', 'belonging.initialBelonging=0.8', 'belonging.halfLifeWeeks=10']);
    while (state.week < 60) step(state);
    for (let s = 0; s < 4; s++) expect(state.sites.teamBelonging[s]).toBeLessThan(0.1);
  });
});
