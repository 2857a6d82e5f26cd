/**
 * A run as the API sends it (POST /api/run): one replicate's JSON text, and a trace's. Written in
 * the worker that computed the run, so the server's main thread only joins finished texts: a
 * response of 200 replicates is some 50 MB of JSON, and writing it took the main thread over half
 * a second. Typed arrays become plain lists (JSON has no other); a number JSON cannot hold
 * (NaN, which marks a week with no value) becomes null, as JSON.stringify makes it.
 */
import type { RunResult } from '../../core/index.ts';

export function replicateJson(result: RunResult, replicate: number): string {
  return JSON.stringify({
    replicate,
    seed: result.seed,
    summary: result.summary,
    series: result.series.values.map((v) => Array.from(v)),
    sites: result.sites,
    events: result.events,
  });
}

export function traceJson(trace: NonNullable<RunResult['trace']>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(trace).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v])));
}
