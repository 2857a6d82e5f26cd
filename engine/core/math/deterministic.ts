/**
 * exp, log, pow and friends that give the same bits everywhere ccsim runs.
 *
 * Math.exp, Math.log, Math.pow and the other transcendental functions are not specified to the
 * last bit, and they differ in practice: Node 20 and Debian's Chromium disagree in the last place
 * on 3-10% of arguments (measured on 200,000 random arguments each). A run would then drift apart
 * between the command line and the browser within weeks. These are stdlib-js's ports of FreeBSD's
 * msun (fdlibm) routines, written in plain IEEE arithmetic, so they are identical in Node, in
 * workers and in every browser, and accurate to within an ulp. Engine code uses these and never
 * Math's own (a test in test/core/math/deterministic.test.ts guards it); Math.sqrt, Math.floor
 * and the like are exact by IEEE 754 and stay.
 */
import stdlibExp from '@stdlib/math-base-special-exp';
import stdlibExpm1 from '@stdlib/math-base-special-expm1';
import stdlibLn from '@stdlib/math-base-special-ln';
import stdlibLog1p from '@stdlib/math-base-special-log1p';
import stdlibPow from '@stdlib/math-base-special-pow';

/** e^x. */
export const exp: (x: number) => number = stdlibExp;
/** e^x - 1, accurate for small x. */
export const expm1: (x: number) => number = stdlibExpm1;
/** Natural logarithm. */
export const log: (x: number) => number = stdlibLn;
/** log(1 + x), accurate for small x. */
export const log1p: (x: number) => number = stdlibLog1p;
/** x^y. */
export const pow: (x: number, y: number) => number = stdlibPow;
