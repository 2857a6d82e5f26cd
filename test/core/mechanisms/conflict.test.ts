import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import { step } from '../../../engine/core/index.ts';

describe('voice, marginalisation and conflict', () => {
  it('with the default groups, nurses (most of the work, low status, not in the core team) are marginalised and doctors are not', () => {
    const state = tiny();
    const names = state.scenario.community.groups.map((g) => g.name);
    const m = (name: string) => state.groups.marginalisation[names.indexOf(name)];
    expect(m('nurse')).toBeGreaterThan(0);
    expect(m('doctor')).toBe(0);
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    expect(sum(state.groups.voice)).toBeCloseTo(1, 9);
    expect(sum(state.groups.workShare)).toBeCloseTo(1, 9);
  });

  it('managed inclusion brings marginalised voice up over time, at a cost in core-team hours', () => {
    const state = tiny(['conflict.management="managed"', 'recruitment.mode="mandated"']);
    const nurse = state.scenario.community.groups.findIndex((g) => g.name === 'nurse');
    const before = state.groups.marginalisation[nurse];
    step(state);
    expect(state.programme.inclusionHours).toBeGreaterThan(0);
    while (state.week < 104) step(state);
    expect(state.groups.marginalisation[nurse]).toBeLessThan(before);
  });

  it('no incidents means no conflict', () => {
    const state = tiny(['conflict.incidentsPerYear=0', 'recruitment.mode="mandated"']);
    while (state.week < 104) step(state);
    for (let s = 0; s < state.sites.count; s++) expect(state.sites.conflict[s]).toBe(0);
  });
});
