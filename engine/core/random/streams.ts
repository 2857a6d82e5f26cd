/**
 * Seeded random streams. Every random number in a run comes from a stream derived from the run's
 * seed and a purpose name, so that the draws one mechanism makes never shift another's (a change
 * in how often conflict is sampled leaves the network and the site contexts untouched), and the
 * numbers never depend on the order in which runs execute.
 *
 * Generator: seedrandom's Alea (fast, 32-bit state, well tested); the string seed is hashed by
 * Alea's own Mash function, so neighbouring seeds give unrelated streams.
 */
import seedrandom from 'seedrandom';

/** A uniform generator on [0, 1). */
export type Rng = () => number;

/** The largest seed accepted anywhere: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/** The generator for one purpose within one run. */
export function stream(runSeed: number, purpose: string): Rng {
  return seedrandom.alea(`ccsim:${runSeed}:${purpose}`);
}

/**
 * The seed of replicate `replicate` (1-based) under a root seed. It depends only on the two
 * numbers, so replicates 3..5 run alone equal replicates 3..5 inside a run of 1..10.
 */
export function replicateSeed(rootSeed: number, replicate: number): number {
  return derivedSeed(rootSeed, `replicate:${replicate}`);
}

/** An unsigned 32-bit seed derived from a root seed and a label (design point, replicate, ...). */
export function derivedSeed(rootSeed: number, label: string): number {
  return seedrandom.alea(`ccsim-seed:${rootSeed}:${label}`).int32() >>> 0;
}
