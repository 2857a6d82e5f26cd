/** The studio's bands: the 95% interval of the mean, week by week, within what a column can hold. */
import { describe, expect, it } from 'vitest';
import { summarise } from '../../web/client/runner.ts';
import { Accumulator, estimateOf } from '../../engine/core/stats/accumulator.ts';

const run = (...weeks: number[]) => [Float64Array.from(weeks)];

describe('bands over replicates', () => {
  it('never reach below 0 for a rate or past 100 for a percentage, and never past the mean; unbounded columns stand as computed', () => {
    // A rate near 0 over five replicates: the t interval of the mean crosses 0.
    const runs = [run(0, 99), run(0, 100), run(0.4, 100), run(0, 98), run(0, 100)];
    const rate = summarise(runs, [[0, Infinity]], 2);
    expect(rate.lower[0][0]).toBe(0);
    expect(rate.upper[0][0]).toBeGreaterThan(rate.mean[0][0]);
    const percent = summarise(runs, [[0, 100]], 2);
    expect(percent.upper[0][1]).toBe(100);
    expect(percent.lower[0][1]).toBeLessThan(percent.mean[0][1]);
    const free = summarise(runs, [undefined], 2);
    expect(free.lower[0][0]).toBeLessThan(0);
    expect(free.upper[0][1]).toBeGreaterThan(100);
  });

  it('give the same digits as every other interval ccsim reports (Accumulator and estimateOf), missing weeks and single replicates included', () => {
    // Three columns over 7 weeks and 6 replicates, with missing values (NaN) scattered so that
    // some weeks have 0, 1, 2 and 6 values.
    const weeks = 7;
    const value = (r: number, c: number, w: number) => (w === 0 || (w === 1 && r > 0) || (w === 2 && r > 1) || (r + c + w) % 5 === 0 ? NaN : Math.sin(r * 7.3 + c * 1.9 + w) * (c + 1) * 10);
    const runs = Array.from({ length: 6 }, (_, r) => Array.from({ length: 3 }, (_, c) => Float64Array.from({ length: weeks }, (_, w) => value(r, c, w))));
    const got = summarise(runs, [undefined, undefined, undefined], weeks);
    for (let c = 0; c < 3; c++)
      for (let w = 0; w < weeks; w++) {
        const acc = new Accumulator();
        for (const run of runs) acc.add(run[c][w]);
        const e = estimateOf(acc);
        expect(got.mean[c][w]).toBe(e.mean);
        expect([got.lower[c][w], got.upper[c][w]]).toEqual(e.n > 1 ? [e.lower, e.upper] : [e.mean, e.mean]);
      }
  });
});
