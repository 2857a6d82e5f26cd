/**
 * EVPPI by regression on cases whose answer is known in closed form.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { valueOfInformation } from '../../../engine/core/search/value-of-information.ts';

describe('the expected value of partial perfect information', () => {
  it('values learning the factor that decides which design is best, and not the one that does not', () => {
    // Design A is worth theta1, design B a sure 0.5; theta2 moves both designs' values alike.
    // EVPPI(theta1) = E[max(theta1, 0.5)] - max(E theta1, 0.5) = 0.625 - 0.5 = 0.125; EVPPI(theta2) = 0.
    const rng = seedrandom('voi');
    const factors = Array.from({ length: 400 }, () => [rng(), rng()]);
    const values = [factors.map(([t1, t2]) => t1 + 0.3 * t2), factors.map(([, t2]) => 0.5 + 0.3 * t2)];
    const v = valueOfInformation(values, factors);
    expect(v.evppi[0]).toBeGreaterThan(0.11);
    expect(v.evppi[0]).toBeLessThan(0.14);
    expect(v.evppi[1]).toBeLessThan(0.01);
    expect(v.noise).toBeLessThan(0.01);
    // Knowing everything is worth what knowing theta1 is (theta2 never changes the choice).
    expect(v.evpi).toBeCloseTo(v.evppi[0], 1);
    expect(v.evppi.every((e) => e <= v.evpi + 1e-12)).toBe(true);
  });

  it('is nothing when one design is best in every context', () => {
    const rng = seedrandom('dominant');
    const factors = Array.from({ length: 50 }, () => [rng()]);
    const v = valueOfInformation([factors.map(([t]) => 1 + t), factors.map(([t]) => t)], factors);
    expect(v.best).toBe(0);
    expect(v.evpi).toBe(0);
    expect(v.evppi[0]).toBe(0);
  });

  it('ranks the factors that matter from fifty contexts, above the noise yardstick', () => {
    const rng = seedrandom('fifty');
    const factors = Array.from({ length: 50 }, () => [rng(), rng(), rng()]);
    // Which design is best depends strongly on factor 2, a little on factor 0, not on factor 1.
    const values = [factors.map(([a, , c]) => 0.2 * a + c), factors.map(() => 0.6), factors.map(([a]) => 0.7 - 0.2 * a)];
    const v = valueOfInformation(values, factors);
    expect(v.evppi[2]).toBeGreaterThan(v.evppi[0]);
    expect(v.evppi[2]).toBeGreaterThan(5 * v.noise);
    expect(v.evppi[1]).toBeLessThan(v.evppi[2] / 3);
  });
});
