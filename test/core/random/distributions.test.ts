import { describe, expect, it } from 'vitest';
import { stream } from '../../../engine/core/random/streams.ts';
import { betaMeanSd, binomial, gamma, geometricWeeks, logFactorial, normal, poisson, shuffle } from '../../../engine/core/random/distributions.ts';

const N = 40_000;

function moments(draw: () => number, n = N) {
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    sum += x;
    sq += x * x;
  }
  const mean = sum / n;
  return { mean, variance: sq / n - mean * mean };
}

/** |observed - expected| within z standard errors of a mean over n draws. */
function close(observed: number, expected: number, sd: number, n = N, z = 4) {
  expect(Math.abs(observed - expected)).toBeLessThan((z * sd) / Math.sqrt(n) + 1e-12);
}

describe('random variates', () => {
  it('normal has the requested mean and variance', () => {
    const rng = stream(1, 'test');
    const m = moments(() => normal(rng, 2, 3));
    close(m.mean, 2, 3);
    expect(m.variance).toBeGreaterThan(9 * 0.96);
    expect(m.variance).toBeLessThan(9 * 1.04);
  });

  it.each([0.3, 1, 2.5, 40])('gamma(%f) has mean and variance equal to its shape', (shape) => {
    const rng = stream(2, `gamma-${shape}`);
    const m = moments(() => gamma(rng, shape));
    close(m.mean, shape, Math.sqrt(shape));
    expect(m.variance / shape).toBeGreaterThan(0.93);
    expect(m.variance / shape).toBeLessThan(1.07);
  });

  it.each([
    [0.6, 0.15],
    [0.1, 0.05],
    [0.9, 0.2],
  ])('beta with mean %f and sd %f', (mean, sd) => {
    const rng = stream(3, `beta-${mean}`);
    const m = moments(() => betaMeanSd(rng, mean, sd));
    close(m.mean, mean, sd);
    expect(Math.sqrt(m.variance)).toBeGreaterThan(sd * 0.95);
    expect(Math.sqrt(m.variance)).toBeLessThan(sd * 1.05);
  });

  it('beta stays inside (0, 1) and returns the mean when the spread is 0', () => {
    const rng = stream(4, 'beta-edge');
    for (let i = 0; i < 2000; i++) {
      const x = betaMeanSd(rng, 0.02, 0.3);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
    expect(betaMeanSd(rng, 0.37, 0)).toBe(0.37);
  });

  it.each([0.3, 4, 9.9, 10, 55, 2000])('poisson(%f) has mean and variance equal to its mean', (lambda) => {
    const rng = stream(5, `poisson-${lambda}`);
    const m = moments(() => poisson(rng, lambda));
    close(m.mean, lambda, Math.sqrt(lambda));
    expect(m.variance / lambda).toBeGreaterThan(0.93);
    expect(m.variance / lambda).toBeLessThan(1.07);
  });

  it('poisson matches its probabilities at a moderate mean (chi-squared)', () => {
    const rng = stream(6, 'poisson-chi');
    const lambda = 12;
    const counts = new Float64Array(40);
    for (let i = 0; i < N; i++) counts[Math.min(39, poisson(rng, lambda))]++;
    let chi = 0;
    let cells = 0;
    for (let k = 3; k < 25; k++) {
      const p = Math.exp(-lambda + k * Math.log(lambda) - logFactorial(k));
      const expected = p * N;
      chi += (counts[k] - expected) ** 2 / expected;
      cells++;
    }
    // 22 cells: the 99.9th percentile of chi-squared with 21 degrees of freedom is about 46.8.
    expect(chi).toBeLessThan(46.8);
    expect(cells).toBe(22);
  });

  it.each([
    [20, 0.1],
    [40, 0.45],
    [200, 0.3],
    [1000, 0.92],
    [5, 1],
    [0, 0.5],
  ])('binomial(%i, %f) has the right mean and variance', (n, p) => {
    const rng = stream(7, `binomial-${n}-${p}`);
    const m = moments(() => binomial(rng, n, p));
    const variance = n * p * (1 - p);
    close(m.mean, n * p, Math.sqrt(variance));
    if (variance > 0) {
      expect(m.variance / variance).toBeGreaterThan(0.93);
      expect(m.variance / variance).toBeLessThan(1.07);
    } else expect(m.variance).toBe(0);
  });

  it('binomial stays within 0..n', () => {
    const rng = stream(8, 'binomial-range');
    for (let i = 0; i < 5000; i++) {
      const x = binomial(rng, 60, 0.5);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(60);
    }
  });

  it('geometric waiting times have mean 1/p and never happen at p = 0', () => {
    const rng = stream(9, 'geometric');
    const m = moments(() => geometricWeeks(rng, 0.05));
    close(m.mean, 20, Math.sqrt(0.95) / 0.05);
    expect(geometricWeeks(rng, 0)).toBe(Infinity);
    expect(geometricWeeks(rng, 1)).toBe(1);
  });

  it('shuffle permutes and is reproducible', () => {
    const a = shuffle(stream(10, 's'), [1, 2, 3, 4, 5, 6, 7, 8]);
    const b = shuffle(stream(10, 's'), [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('logFactorial agrees with the exact value on both sides of its table', () => {
    let exact = 0;
    for (let k = 1; k <= 300; k++) {
      exact += Math.log(k);
      expect(Math.abs(logFactorial(k) - exact)).toBeLessThan(1e-9 * Math.max(1, exact));
    }
  });
});
