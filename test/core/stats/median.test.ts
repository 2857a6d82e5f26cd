/** The in-place median against a sort, on arbitrary arrays (ties, odd and even counts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { medianInPlace } from '../../../engine/core/stats/median.ts';

const bySort = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

describe('medianInPlace', () => {
  it('equals the median from a sort, using only the first n values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 300 }), fc.nat(5), (xs, extra) => {
        const a = new Float64Array(xs.length + extra).fill(123456789);
        a.set(xs);
        expect(medianInPlace(a, xs.length)).toBe(bySort(xs));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('is NaN for no values, and the value itself for one', () => {
    expect(medianInPlace(new Float64Array(3), 0)).toBeNaN();
    expect(medianInPlace(Float64Array.of(4.5), 1)).toBe(4.5);
  });
});
