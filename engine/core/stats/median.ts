/**
 * The median of the first n values of a scratch array, in linear expected time and without
 * allocating (Hoare's selection with a middle pivot; the array is reordered). Hand-written
 * because the weekly series needs it once a week for thousands of sites, where sorting would cost
 * a few per cent of a large run; the pivot rule is deterministic, so results never depend on a
 * random draw.
 */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  const upper = select(a, n, n >> 1);
  if (n % 2 === 1) return upper;
  // Even count: the lower middle is the largest value left of the upper middle.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** The k-th smallest (0-based) of a[0..n), leaving smaller values before index k. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
