/** Determinism: the same scenario and seed give identical numbers; different seeds differ. */
import { describe, expect, it } from 'vitest';
import { replicateSeed, runReplicates, runScenario } from '../../engine/core/index.ts';
import { scenarioWith } from '../behaviour/arms.ts';

const bytes = (arrays: Float64Array[]) => Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));

describe('determinism', () => {
  const scenario = scenarioWith();

  it('the same scenario and seed give identical series, sites, summary and events', () => {
    const a = runScenario(scenario, { seed: 99, trace: true });
    const b = runScenario(scenario, { seed: 99, trace: true });
    expect(bytes(a.series.values).equals(bytes(b.series.values))).toBe(true);
    expect(Buffer.from(a.trace!.trueValue.buffer).equals(Buffer.from(b.trace!.trueValue.buffer))).toBe(true);
    expect(Buffer.from(a.trace!.tieStrength.buffer).equals(Buffer.from(b.trace!.tieStrength.buffer))).toBe(true);
    expect(b.summary).toEqual(a.summary);
    expect(b.sites).toEqual(a.sites);
    expect(b.events).toEqual(a.events);
  });

  it('different seeds give different runs', () => {
    const a = runScenario(scenario, { seed: 1 });
    const b = runScenario(scenario, { seed: 2 });
    expect(bytes(a.series.values).equals(bytes(b.series.values))).toBe(false);
  });

  it('replicates 3..5 alone equal replicates 3..5 inside a run of 1..10', () => {
    const all = runReplicates(scenario, 5, 1, 10);
    const some = runReplicates(scenario, 5, 3, 5);
    for (const r of some) {
      const same = all.find((x) => x.replicate === r.replicate)!;
      expect(r.seed).toBe(replicateSeed(5, r.replicate));
      expect(bytes(r.series.values).equals(bytes(same.series.values))).toBe(true);
    }
  });

  it('a run does not change the scenario it was given', () => {
    const before = JSON.stringify(scenario);
    runScenario(scenario, { seed: 3 });
    expect(JSON.stringify(scenario)).toBe(before);
  });

  it('the population is the same whatever the tactics (common random numbers across arms)', () => {
    const soft = runScenario(scenarioWith(['tactics.hardness=0']), { seed: 8 });
    const hard = runScenario(scenarioWith(['tactics.hardness=1', 'data.framing="surveillance"']), { seed: 8 });
    const population = (r: typeof soft) => r.sites.map((s) => [s.type, s.staff, s.baseline, s.leadershipSupport, s.misfit]);
    expect(population(hard)).toEqual(population(soft));
  });
});
