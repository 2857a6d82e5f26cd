import { describe, expect, it } from 'vitest';
import { tiny } from './tiny.ts';
import type { State } from '../../../engine/core/model/state.ts';

/** Mean local clustering coefficient of the staff network. */
function clustering(state: State): number {
  const { staff } = state;
  let total = 0;
  for (let i = 0; i < staff.count; i++) {
    const nb = Array.from(staff.neighbours.subarray(staff.neighbourStart[i], staff.neighbourStart[i + 1]));
    const set = new Set(nb);
    let links = 0;
    for (const a of nb) for (let e = staff.neighbourStart[a]; e < staff.neighbourStart[a + 1]; e++) if (set.has(staff.neighbours[e])) links++;
    total += nb.length > 1 ? links / (nb.length * (nb.length - 1)) : 0;
  }
  return total / staff.count;
}

describe('staff networks', () => {
  it('a lattice gives every person exactly `degree` ties', () => {
    const state = tiny(['community.network.rewiring=0', 'community.network.degree=6']);
    for (let i = 0; i < state.staff.count; i++) expect(state.staff.neighbourStart[i + 1] - state.staff.neighbourStart[i]).toBe(6);
  });

  it('random and small-world networks have the same density; the small world is far more clustered', () => {
    const size = 'community.siteTypes=[{"name":"ward","share":1,"staffMean":60}]';
    const small = tiny([size, 'community.network.kind="smallWorld"', 'community.network.rewiring=0.05', 'community.network.homophily=0']);
    const random = tiny([size, 'community.network.kind="random"', 'community.network.homophily=0']);
    expect(random.staff.neighbours.length).toBe(small.staff.neighbours.length);
    expect(clustering(small)).toBeGreaterThan(0.45);
    expect(clustering(random)).toBeLessThan(0.25);
  });

  it('a complete network stores no ties; a site no larger than the degree is a complete graph', () => {
    expect(tiny(['community.network.kind="complete"']).staff.neighbours.length).toBe(0);
    const small = tiny(['community.network.degree=40']);
    expect(small.staff.neighbourStart[1] - small.staff.neighbourStart[0]).toBe(19);
  });

  it('homophily puts most ties within a professional group', () => {
    const same = (state: State) => {
      const { staff } = state;
      let within = 0;
      for (let i = 0; i < staff.count; i++) {
        for (let e = staff.neighbourStart[i]; e < staff.neighbourStart[i + 1]; e++) if (((staff.code[i] >> 3) & 7) === ((staff.code[staff.neighbours[e]] >> 3) & 7)) within++;
      }
      return within / staff.neighbours.length;
    };
    const sets = ['community.siteTypes=[{"name":"ward","share":1,"staffMean":60}]', 'community.network.rewiring=0'];
    expect(same(tiny([...sets, 'community.network.homophily=1']))).toBeGreaterThan(same(tiny([...sets, 'community.network.homophily=0'])) + 0.2);
  });
});
