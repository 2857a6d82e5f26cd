/**
 * Downloads: the scenario as a file, the results as the same CSV the command line writes
 * (replicate, seed, week, then every series column), and charts as PNG (see charts.ts).
 */
import type { JsonObject } from '../../engine/core/index.ts';
import { formatNumber } from '../../engine/core/metrics/number-format.ts';
import { rowOf } from '../../engine/core/metrics/series.ts';
import type { Ensemble } from './runner.ts';

export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function scenarioFile(data: JsonObject): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** The weekly series of every replicate, exactly as `ccsim run` writes it. */
export function resultsCsv(e: Ensemble): string {
  const lines = [['replicate', 'seed', 'week', ...e.columns.map((c) => c.name)].join(',')];
  e.replicates.forEach((r, i) => {
    const values = e.series[i];
    for (let w = e.firstWeek; w <= e.weeks; w++) lines.push([r.replicate, r.seed, w, ...values.map((v) => formatNumber(v[rowOf(e, w)]))].join(','));
  });
  return `${lines.join('\n')}\n`;
}

export function fileName(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';
}
