import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';
import { acceptance } from '../../../engine/core/mechanisms/tactics.ts';

describe('hard and soft tactics', () => {
  it('hard tactics are accepted less where punitive history is high, and less in heavy doses', () => {
    const state = tiny();
    state.sites.punitiveHistory[0] = 0.1;
    state.sites.punitiveHistory[1] = 0.9;
    expect(acceptance(state, 0, 0.5)).toBeGreaterThan(acceptance(state, 1, 0.5));
    expect(acceptance(state, 0, 0.2)).toBeGreaterThan(acceptance(state, 0, 0.9));
  });

  it('pressure applies only to sites the programme reaches, and stops when the funding ends', () => {
    const state = tiny(['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'tactics.hardness=0.8', 'time.fundingWeeks=10', 'time.weeks=20']);
    while (state.week < 5) step(state);
    expect(state.sites.hardPressure[0]).toBeGreaterThan(0);
    expect(state.sites.hardPressure[4]).toBe(0);
    while (state.week < 15) step(state);
    for (let s = 0; s < state.sites.count; s++) expect(state.sites.hardPressure[s]).toBe(0);
  });

  it('soft only means no pressure and no reactance', () => {
    const state = tiny(['recruitment.mode="mandated"', 'tactics.hardness=0', 'data.comparison="anonymous"']);
    while (state.week < 20) step(state);
    for (let s = 0; s < state.sites.count; s++) {
      expect(state.sites.hardPressure[s]).toBe(0);
      expect(state.sites.reactanceRate[s]).toBe(0);
    }
  });
});
