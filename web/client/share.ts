/**
 * The whole scenario in the URL: #s=<scenario, compressed with lz-string>&seed=N&r=N. Opening
 * the link gives the same scenario, seed and replicates, so the same numbers.
 */
import LZString from 'lz-string';
import { MAX_SEED, type JsonObject } from '../../engine/core/index.ts';

export interface Shared {
  data: JsonObject;
  seed: number;
  replicates: number;
}

export function shareHash(shared: Shared): string {
  const s = LZString.compressToEncodedURIComponent(JSON.stringify(shared.data));
  return `#s=${s}&seed=${shared.seed}&r=${shared.replicates}`;
}

/** What a hash carries, or null if it carries no scenario; a damaged one is an error message. */
export function readHash(hash: string, maxReplicates: number): Shared | { error: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const s = params.get('s');
  if (!s) return null;
  const text = LZString.decompressFromEncodedURIComponent(s);
  if (!text) return { error: 'The shared link is damaged (its scenario cannot be decompressed). Ask for the link again.' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: 'The shared link is damaged (its scenario is not valid JSON). Ask for the link again.' };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { error: 'The shared link does not hold a scenario object.' };
  const seed = Number(params.get('seed') ?? 1);
  const replicates = Number(params.get('r') ?? 20);
  return { data: data as JsonObject, seed: Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED ? seed : 1, replicates: Number.isInteger(replicates) && replicates >= 1 ? Math.min(replicates, maxReplicates) : 20 };
}
