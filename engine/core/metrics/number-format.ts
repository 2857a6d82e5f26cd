/**
 * How numbers are written in tables (CSV from the command line, the server and the browser alike):
 * the shortest form that reads back to the same double, missing (NaN) as an empty cell, and
 * infinities as Inf and -Inf, which R and pandas both read.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}
