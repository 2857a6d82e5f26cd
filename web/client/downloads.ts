/**
 * Downloads: the scenario as a file, the results as the same CSV the command line writes
 * (replicate, seed, week, then every series column), and charts as PNG (see charts.ts).
 */
import type { JsonObject } from '../../engine/core/index.ts';
import { csvHeader, csvRows } from '../../engine/core/metrics/csv.ts';
import type { Cell } from '../../engine/core/experiment/aggregate.ts';
import { changedPaths } from './draft-changes.ts';
import { rowOf } from '../../engine/core/metrics/series.ts';
import type { Ensemble } from './runner.ts';

export { download } from './save-file.ts';

export function scenarioFile(data: JsonObject): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/**
 * The design as a file that reopens to the same numbers: its seed and replicates recorded, and,
 * if it was edited, a name and title of its own with what changed from the design it came from
 * (a saved variant of the baseline must not pass for the baseline).
 */
export function savedScenario(data: JsonObject, original: JsonObject, source: string, run: { seed: number; replicates: number }): JsonObject {
  const changed = changedPaths(original, data).filter((p) => p !== 'seed' && p !== 'replicates');
  const out: JsonObject = { ...data, seed: run.seed, replicates: run.replicates };
  if (changed.length === 0) return out;
  const name = String(data.name ?? 'scenario');
  if (data.name === original.name) out.name = `${name}-edited`;
  if (data.title === original.title) out.title = `${String(data.title ?? name)} (edited)`;
  if (data.description === original.description) {
    out.description = `${String(data.description ?? '')}${data.description ? ' ' : ''}Edited in the ccsim studio from ${source}: changed ${changed.join(', ')}.`;
  }
  // A calibration record describes the file as fitted, not this variant of it.
  if (out.calibration !== undefined) delete out.calibration;
  return out;
}

/** The weekly series of every replicate, exactly as `ccsim run` writes it (the same CSV writer). */
export function resultsCsv(e: Ensemble): string {
  const rows: Cell[][] = [];
  e.replicates.forEach((r, i) => {
    const values = e.series[i];
    for (let w = e.firstWeek; w <= e.weeks; w++) rows.push([r.replicate, r.seed, w, ...values.map((v) => v[rowOf(e, w)])]);
  });
  return csvHeader(['replicate', 'seed', 'week', ...e.columns.map((c) => c.name)]) + csvRows(rows);
}

export function fileName(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
}
