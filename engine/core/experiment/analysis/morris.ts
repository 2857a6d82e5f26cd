/**
 * Morris screening from a trajectory design: for each parameter the elementary effects
 * EE = (y after its step - y before) / step (the step in the unit range), then mu (their mean),
 * mu* (the mean of their absolute values: how much the parameter matters; Campolongo, Cariboni
 * and Saltelli 2007), and sigma (their standard deviation: non-linearity or interaction), with a
 * bootstrap interval for mu* over trajectories.
 */
import { Accumulator } from '../../stats/accumulator.ts';
import type { DesignPoint } from '../design.ts';
import { bootstrapInterval, bootstrapSeed, type Interval } from './bootstrap.ts';

export interface MorrisIndex {
  parameter: number;
  mu: number;
  muStar: number;
  sigma: number;
  muStarInterval: Interval;
  /** Elementary effects used (one per trajectory with both points known). */
  n: number;
}

/** `output(point)` is the model output at a design point (NaN if unknown). */
export function morrisIndices(points: DesignPoint[], parameters: number, output: (point: DesignPoint) => number, options: { resamples?: number; seed?: number } = {}): MorrisIndex[] {
  // effects[t][i]: trajectory t's elementary effect of parameter i.
  const byTrajectory = new Map<number, DesignPoint[]>();
  for (const p of points) {
    if (p.role?.design !== 'morris') throw new Error(`point ${p.id} is not part of a Morris design`);
    const list = byTrajectory.get(p.role.trajectory) ?? [];
    list.push(p);
    byTrajectory.set(p.role.trajectory, list);
  }
  const effects: Float64Array[] = [];
  for (const steps of byTrajectory.values()) {
    steps.sort((a, b) => (a.role as { step: number }).step - (b.role as { step: number }).step);
    const ee = new Float64Array(parameters).fill(NaN);
    for (let k = 1; k < steps.length; k++) {
      const role = steps[k].role as { factor: number; delta: number };
      ee[role.factor] = (output(steps[k]) - output(steps[k - 1])) / role.delta;
    }
    effects.push(ee);
  }
  const resamples = options.resamples ?? 1000;
  return Array.from({ length: parameters }, (_, i) => {
    const column = effects.map((e) => e[i]);
    const stats = summarise(column, null);
    const rng = bootstrapSeed(`morris:${i}`, options.seed ?? 1);
    const muStarInterval = bootstrapInterval(column.length, resamples, rng, (idx) => summarise(column, idx).muStar);
    return { parameter: i, mu: stats.mu, muStar: stats.muStar, sigma: stats.sigma, muStarInterval, n: stats.n };
  });
}

function summarise(column: number[], indices: Int32Array | null) {
  const plain = new Accumulator();
  const absolute = new Accumulator();
  const n = indices ? indices.length : column.length;
  for (let k = 0; k < n; k++) {
    const x = column[indices ? indices[k] : k];
    plain.add(x);
    absolute.add(Math.abs(x));
  }
  return { mu: plain.n ? plain.mean : NaN, muStar: absolute.n ? absolute.mean : NaN, sigma: Math.sqrt(plain.variance), n: plain.n };
}
