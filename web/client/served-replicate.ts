/**
 * Replicate 1 of a bundled scenario as the server keeps it (GET /api/preview/<id>?seed=S, in
 * POST /api/run's format), turned back into what a worker sends: the page draws it as still
 * previews at once, while its workers start and compute the whole ensemble. The engine is the
 * same in the server and the browser, and JSON carries every double exactly (NaN, a week with no
 * value, as null), so these are the numbers the workers then give for replicate 1. Anything
 * unexpected in the body gives null: the page then waits for its workers.
 */
import type { MetricColumn } from '../../engine/core/index.ts';
import type { ReplicateResult } from './runner.ts';

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The served body as replicate 1's result, or null if it is not one for this seed and version. */
export function decodeServedReplicate(body: unknown, expected: { seed: number; version: string }): ReplicateResult | null {
  if (!isObject(body) || body.seed !== expected.seed || body.version !== expected.version || body.modelUncertainty !== false) return null;
  const columns = body.columns;
  const replicate = Array.isArray(body.replicates) ? body.replicates[0] : undefined;
  if (!Array.isArray(columns) || !isObject(replicate) || replicate.replicate !== 1) return null;
  const values = replicate.series;
  if (!Array.isArray(values) || values.length !== columns.length || typeof body.firstWeek !== 'number') return null;
  const rows = (values[0] as unknown[] | undefined)?.length ?? 0;
  if (!values.every((v) => Array.isArray(v) && v.length === rows)) return null;
  if (typeof replicate.seed !== 'number' || !isObject(replicate.summary) || !Array.isArray(replicate.sites) || !Array.isArray(replicate.events)) return null;
  return {
    replicate: 1,
    seed: replicate.seed,
    summary: replicate.summary as ReplicateResult['summary'],
    series: {
      columns: columns as MetricColumn[],
      values: values.map((v) => Float64Array.from(v as Array<number | null>, (x) => (x === null ? NaN : x))),
      firstWeek: body.firstWeek,
      weeks: body.firstWeek + rows - 1,
    },
    events: replicate.events as ReplicateResult['events'],
    sites: replicate.sites as ReplicateResult['sites'],
  };
}
