import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';

describe('theory of change', () => {
  it('starts from the normalised initial emphasis', () => {
    const state = tiny();
    const comps = state.scenario.theoryOfChange.components;
    const total = comps.reduce((a, c) => a + c.initialWeight, 0);
    comps.forEach((c, k) => expect(state.programme.theoryWeights[k]).toBeCloseTo(c.initialWeight / total, 12));
    expect(state.programme.theoryQuality).toBeCloseTo(comps.reduce((a, c) => a + (c.effectiveness * c.initialWeight) / total, 0), 12);
  });

  it('reviews keep the emphasis summing to 1 and move it toward the most effective component', () => {
    const state = tiny(['recruitment.mode="mandated"', 'theoryOfChange.reviewIntervalWeeks=13', 'theoryOfChange.learningNoise=0.01']);
    const before = state.programme.theoryWeights[0];
    while (state.week < 60) step(state);
    const w = Array.from(state.programme.theoryWeights);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w[0]).toBeGreaterThan(before);
    expect(state.events.filter((e) => e.kind === 'theoryReviewed').length).toBe(4);
  });

  it('never reviews when the interval is 0', () => {
    const state = tiny(['recruitment.mode="mandated"', 'theoryOfChange.reviewIntervalWeeks=0']);
    const before = Array.from(state.programme.theoryWeights);
    while (state.week < 100) step(state);
    expect(Array.from(state.programme.theoryWeights)).toEqual(before);
  });
});
