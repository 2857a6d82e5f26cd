/** The Nelder-Mead minimiser, on functions whose minimum is known. */
import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../../engine/core/calibration/nelder-mead.ts';

describe('Nelder-Mead', () => {
  it('finds the minimum of the Rosenbrock function', async () => {
    const rosenbrock = ([x, y]: number[]) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    const m = await nelderMead(rosenbrock, [[-1.2, 1], [-1, 1], [-1.2, 1.2]], { maxEvaluations: 2000, valueTolerance: 1e-14, pointTolerance: 1e-8 });
    expect(m.reason).toBe('converged');
    expect(m.point[0]).toBeCloseTo(1, 4);
    expect(m.point[1]).toBeCloseTo(1, 4);
    expect(m.value).toBeLessThan(1e-9);
  });

  it('finds the minimum of a shifted quadratic in four dimensions, and stops at the evaluation limit', async () => {
    const target = [3, -2, 0.5, 7];
    const f = (x: number[]) => x.reduce((s, xi, i) => s + (i + 1) * (xi - target[i]) * (xi - target[i]), 0);
    const start = [0, 0, 0, 0];
    const simplex = [start, ...start.map((_, i) => start.map((v, k) => (k === i ? v + 1 : v)))];
    const m = await nelderMead(f, simplex, { maxEvaluations: 5000, valueTolerance: 1e-16, pointTolerance: 1e-9 });
    m.point.forEach((v, i) => expect(v).toBeCloseTo(target[i], 5));
    const limited = await nelderMead(f, simplex, { maxEvaluations: 20 });
    expect(limited.reason).toBe('max-evaluations');
    expect(limited.evaluations).toBeLessThanOrEqual(24);
  });
});
