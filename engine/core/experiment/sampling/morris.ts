/**
 * Morris trajectories (Morris 1991). The unit range of each parameter is a grid of p levels
 * 0, 1/(p-1), ..., 1, and every step moves one parameter by delta = p / (2 (p - 1)), so that each
 * trajectory of k + 1 points yields one elementary effect per parameter. For each trajectory the
 * order of parameters is a random permutation and each moves up or down at random; the base is
 * drawn uniformly from the levels from which that move stays on the grid. This is the
 * distribution of Morris's B* = (J x* + delta/2 ((2B - J) D* + J)) P* construction: at the
 * moment a parameter moves, every other parameter is uniform over the p levels.
 */
import { shuffled } from './latin-hypercube.ts';
import type { UnitPoint } from './roles.ts';

export function morrisDelta(levels: number): number {
  return levels / (2 * (levels - 1));
}

export function morrisTrajectories(trajectories: number, dimensions: number, levels: number, rng: () => number): UnitPoint[] {
  const delta = morrisDelta(levels);
  const step = 1 / (levels - 1);
  // Base levels from which +delta stays on the grid: 0 .. (p/2 - 1) steps.
  const lowLevels = levels / 2;
  const points: UnitPoint[] = [];
  for (let t = 0; t < trajectories; t++) {
    const order = shuffled(dimensions, rng);
    const up = Array.from({ length: dimensions }, () => rng() < 0.5);
    const x = up.map((u) => {
      const level = Math.floor(rng() * lowLevels);
      return u ? level * step : 1 - level * step;
    });
    points.push({ unit: [...x], role: { design: 'morris', trajectory: t, step: 0 } });
    order.forEach((factor, k) => {
      const move = up[factor] ? delta : -delta;
      // Snap to the grid: level arithmetic in floating point must not drift off it.
      x[factor] = Math.round((x[factor] + move) * (levels - 1)) / (levels - 1);
      points.push({ unit: [...x], role: { design: 'morris', trajectory: t, step: k + 1, factor, delta: move } });
    });
  }
  return points;
}
