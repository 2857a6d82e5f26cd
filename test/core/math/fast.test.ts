import { describe, expect, it } from 'vitest';
import { chanceOf, fastExp, fastLog } from '../../../engine/core/math/fast.ts';
import * as dmath from '../../../engine/core/math/deterministic.ts';

describe('the kernel\'s exp', () => {
  it('agrees with Math.exp to 1e-12 relative over the range hazards use and beyond', () => {
    let worst = 0;
    for (let x = -60; x <= 60; x += 0.000731) worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
    for (const x of [-700, -300, -1e-12, 0, 1e-12, 300, 700]) worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(1e-12);
  });

  it('clamps beyond +-700 and is exact at 0', () => {
    expect(fastExp(800)).toBe(fastExp(700));
    expect(fastExp(-800)).toBe(fastExp(-700));
    expect(fastExp(0)).toBe(1);
  });

  it('chanceOf(h) is 1 - e^-h to 1e-9 relative', () => {
    let worst = 0;
    for (let h = 1e-9; h < 40; h *= 1.01) worst = Math.max(worst, Math.abs(chanceOf(h) / -Math.expm1(-h) - 1));
    expect(worst).toBeLessThan(1e-9);
    expect(chanceOf(0)).toBe(0);
  });

  it('its ln agrees with the deterministic log to 1e-15 (absolute, or relative above 1) over the clocks\' range, and is exact at 1', () => {
    // A clock is -ln(1 - u): what matters is the error in the clock itself, not relative to a
    // clock near 0.
    let worst = 0;
    const error = (x: number) => Math.abs(fastLog(x) - dmath.log(x)) / Math.max(1, Math.abs(dmath.log(x)));
    for (let x = 2 ** -40; x <= 1; x *= 1.0001731) worst = Math.max(worst, error(x));
    for (let k = 0; k < 100000; k++) worst = Math.max(worst, error(1 - k / 100000));
    expect(worst).toBeLessThan(1e-15);
    expect(fastLog(1)).toBe(0);
    expect(fastLog(0.5)).toBe(-Math.LN2);
  });
});

describe('the hazard arithmetic built on it', () => {
  it('logistic, logit, probability and saturating agree with their deterministic forms', async () => {
    const { logistic, logit, probability, saturating } = await import('../../../engine/core/model/hazard.ts');
    const relative = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a / b - 1));
    let worst = 0;
    for (let x = -40; x <= 40; x += 0.0137) worst = Math.max(worst, relative(logistic(x), 1 / (1 + dmath.exp(-x))));
    for (let p = 1e-6; p < 1; p += 0.000937) worst = Math.max(worst, Math.abs(logit(p) - dmath.log(p / (1 - p))) / Math.max(1, Math.abs(dmath.log(p / (1 - p)))));
    for (let h = 1e-8; h < 30; h *= 1.013) worst = Math.max(worst, relative(probability(h), -dmath.expm1(-h)));
    for (let x = 1e-6; x < 50; x *= 1.017) worst = Math.max(worst, relative(saturating(x, 3), -dmath.expm1((-x / 3) * Math.LN2)));
    expect(worst).toBeLessThan(1e-9);
    expect([probability(0), saturating(0, 3), saturating(2, 0)]).toEqual([0, 0, 1]);
  });
});
