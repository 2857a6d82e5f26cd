/**
 * The per-run summary as a readable table: one line per metric with its mean over replicates,
 * the 95% interval of that mean, and its unit. What `npm start` shows a newcomer.
 */
import { SUMMARY_METRICS, clipToBounds, inCurrency, type Summary } from '../../core/index.ts';
import { estimate } from '../../core/stats/interval.ts';

export function summaryTable(title: string, summaries: Summary[], outcomeUnit: string, currency: string): string {
  const n = summaries.length;
  const rows = SUMMARY_METRICS.map((m) => {
    const e = estimate(summaries.map((s) => s[m.name] ?? NaN));
    const value = e.n === 0 ? 'NA' : format(e.mean);
    // The t interval of a mean near a bound can cross it: clipped to the bounds the output
    // catalogue declares (a share of sites, a count), never past the mean, as the studio does.
    const [lower, upper] = clipToBounds(m, e.lower, e.upper, e.mean);
    const interval = e.n > 1 && Number.isFinite(e.lower) ? `[${format(lower)}, ${format(upper)}]` : '';
    // Some metrics are undefined in some runs (no site reporting, say): say how many runs the mean is over.
    const over = e.n > 0 && e.n < n ? `  (${e.n} of ${n} runs)` : '';
    return [m.name, value, interval, `${unitText(inCurrency(m.unit, currency), outcomeUnit)}${over}`];
  });
  const width = (k: number) => Math.max(...rows.map((r) => r[k].length));
  const lines = rows.map((r) => `  ${r[0].padEnd(width(0))}  ${r[1].padStart(width(1))}  ${r[2].padEnd(width(2))}  ${r[3]}`);
  const header = n > 1 ? `${title}: mean over ${n} replicates [95% interval of the mean]` : `${title}: one replicate`;
  return `${header}\n${lines.join('\n')}\n`;
}

function format(x: number): string {
  const a = Math.abs(x);
  if (a >= 1000) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  return x.toFixed(3);
}

/** A metric's unit with the outcome's own ("£ per outcome unit" reads "£ per unit of improvement (per 1,000 catheter-days)", not "£ per per ..."). */
function unitText(unit: string, outcomeUnit: string): string {
  if (outcomeUnit.startsWith('per ')) return unit.replace('per outcome unit', `per unit of improvement (${outcomeUnit})`).replace('outcome unit', outcomeUnit);
  return unit.replace('outcome unit', outcomeUnit);
}
