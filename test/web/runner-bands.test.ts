/** The studio's bands: the 95% interval of the mean, week by week, within what a column can hold. */
import { describe, expect, it } from 'vitest';
import { summarise } from '../../web/client/runner.ts';

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
});
