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

  it('soft only, framed for learning, with no punitive history read into it, means no pressure and no reactance', () => {
    const state = tiny(['recruitment.mode="mandated"', 'tactics.hardness=0', 'data.comparison="anonymous"', 'data.framing="learning"', 'tactics.historyPerception=0']);
    while (state.week < 20) step(state);
    for (let s = 0; s < state.sites.count; s++) {
      expect(state.sites.hardPressure[s]).toBe(0);
      expect(state.sites.perceivedPunitiveness[s]).toBe(0);
      expect(state.sites.reactanceRate[s]).toBe(0);
    }
  });

  it('a soft, learning-framed programme is still perceived as punitive, and reacted against, where the history is punitive', () => {
    const sets = ['recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'tactics.hardness=0', 'data.framing="learning"', 'tactics.historyPerception=0.5'];
    const state = tiny(sets);
    state.sites.punitiveHistory[0] = 0.9;
    state.sites.punitiveHistory[1] = 0.1;
    while (state.week < 5) step(state);
    expect(state.sites.perceivedPunitiveness[0]).toBeCloseTo(0.45, 12);
    expect(state.sites.perceivedPunitiveness[1]).toBeCloseTo(0.05, 12);
    expect(state.sites.reactanceRate[0]).toBeGreaterThan(state.sites.reactanceRate[1]);
    // Surveillance framing adds to it.
    const watched = tiny([...sets, 'data.framing="surveillance"', 'data.surveillancePerception=0.5']);
    watched.sites.punitiveHistory[1] = 0.1;
    while (watched.week < 5) step(watched);
    expect(watched.sites.perceivedPunitiveness[1]).toBeCloseTo(1 - 0.5 * 0.95, 12);
  });
});
