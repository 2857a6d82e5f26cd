/**
 * The deterministic math: accurate (within an ulp or so of Node's own) and the only
 * transcendental functions the engine uses, so runs are bit-identical in Node and browsers
 * (the browser tests compare a run's CSV with the command line's, byte for byte).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as dmath from '../../../engine/core/math/deterministic.ts';

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

describe('deterministic math', () => {
  const cases: Array<[string, (x: number) => number, (x: number) => number, fc.Arbitrary<number>]> = [
    ['exp', dmath.exp, Math.exp, fc.double({ min: -700, max: 700, noNaN: true })],
    ['expm1', dmath.expm1, Math.expm1, fc.double({ min: -30, max: 30, noNaN: true })],
    ['log', dmath.log, Math.log, fc.double({ min: 1e-300, max: 1e300, noNaN: true })],
    ['log1p', dmath.log1p, Math.log1p, fc.double({ min: -0.999, max: 1e6, noNaN: true })],
  ];
  for (const [name, mine, builtin, values] of cases) {
    it(`${name} agrees with Math.${name} to within 1 ulp`, () => {
      fc.assert(fc.property(values, (x) => ulps(mine(x), builtin(x)) <= 1), { seed: 7, numRuns: 20_000 });
    });
  }

  it('pow agrees with Math.pow to within 1 ulp, and is exact where it must be', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), (x, y) => ulps(dmath.pow(x, y), Math.pow(x, y)) <= 1),
      { seed: 7, numRuns: 20_000 },
    );
    for (let k = -1074; k <= 1023; k++) expect(dmath.pow(2, k)).toBe(2 ** k);
    expect(dmath.pow(0.3, 2)).toBe(0.3 * 0.3);
    expect(dmath.exp(0)).toBe(1);
    expect(dmath.log(1)).toBe(0);
  });

  it('is the only source of exp, log and pow in the engine and the web client', () => {
    // Math's transcendental functions differ between Node and Chromium in the last place (and
    // `**` is Math.pow), so one stray call breaks cross-environment determinism. Layout
    // arithmetic that never feeds a number the user reads is allowed by a marked line.
    const banned = /Math\.(exp|expm1|log|log1p|log2|log10|pow|cbrt|sinh|cosh|tanh|sin|cos|tan|asin|acos|atan|atan2|hypot)\b|[\w)\]]\s*\*\*\s*[\w(]/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts') && path !== join('engine', 'core', 'math', 'deterministic.ts'))
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              const code = line.replace(/\/\/.*$/, '');
              if (/^\s*\*/.test(line) || line.includes('display only: not a model number')) return;
              if (banned.test(code)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
            });
      }
    };
    walk('engine');
    walk('web');
    expect(offenders).toEqual([]);
  });
});
