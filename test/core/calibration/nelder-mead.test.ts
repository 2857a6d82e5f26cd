/** The Nelder-Mead minimiser, on functions whose minimum is known. */
import { describe, expect, it } from 'vitest';
import { nelderMead, nelderMeadRestarted } from '../../../engine/core/calibration/nelder-mead.ts';

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

  it('stalls on McKinnon\'s function from McKinnon\'s simplex, and a restart escapes to the true minimum', async () => {
    // McKinnon (1998), tau 2, theta 6, phi 60: from this simplex the inside contractions collapse
    // it onto (0, 0), which is not a minimum; the minimum is f(0, -0.5) = -0.25.
    const mckinnon = ([x, y]: number[]) => (x <= 0 ? 360 * x * x : 6 * x * x) + y + y * y;
    const r = Math.sqrt(33);
    const simplex = [[0, 0], [1, 1], [(1 + r) / 8, (1 - r) / 8]];
    const options = { maxEvaluations: 2000, valueTolerance: 1e-10, pointTolerance: 1e-8 };
    const stalled = await nelderMead(mckinnon, simplex, options);
    expect(stalled.reason).toBe('converged');
    expect(Math.hypot(stalled.point[0], stalled.point[1])).toBeLessThan(1e-3);
    expect(stalled.value).toBeGreaterThan(-1e-3);
    // The first round starts from McKinnon's simplex; each restart from a fresh one around the best point.
    let round = 0;
    const around = (p: number[]) => (round++ === 0 ? simplex : [p, [p[0] + 0.5, p[1]], [p[0], p[1] + 0.5]]);
    const restarted = await nelderMeadRestarted(mckinnon, around, [0, 0], { ...options, restarts: 3 });
    expect(restarted.restarts).toBeGreaterThan(0);
    expect(restarted.point[0]).toBeCloseTo(0, 3);
    expect(restarted.point[1]).toBeCloseTo(-0.5, 3);
    expect(restarted.value).toBeCloseTo(-0.25, 6);
    expect(restarted.evaluations).toBeLessThanOrEqual(2000);
    // With no restarts allowed, it is the plain method.
    round = 0;
    const plain = await nelderMeadRestarted(mckinnon, around, [0, 0], { ...options, restarts: 0 });
    expect(plain).toEqual({ ...stalled, restarts: 0 });
  });
});
