/**
 * Latin hypercube samples (McKay, Beckman and Conover 1979): each coordinate's [0, 1) is cut
 * into n equal strata, each stratum is used by exactly one sample, at a uniform position within
 * it, and the strata are paired across coordinates by independent random permutations.
 */
import type { UnitPoint } from './roles.ts';

export function latinHypercube(samples: number, dimensions: number, rng: () => number): UnitPoint[] {
  const columns: number[][] = [];
  for (let d = 0; d < dimensions; d++) {
    const strata = shuffled(samples, rng);
    columns.push(strata.map((s) => (s + rng()) / samples));
  }
  return Array.from({ length: samples }, (_, k) => ({ unit: columns.map((c) => c[k]), role: { design: 'latin-hypercube', sample: k } }));
}

/** 0..n-1 in random order (Fisher-Yates). */
export function shuffled(n: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
