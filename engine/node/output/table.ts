/**
 * Tidy tables out: CSV (quoted by csv-stringify) or JSON, with numbers written so that they read
 * back exactly (shortest round-trip form), missing values empty in CSV and null in JSON.
 */
import type { Cell } from '../../core/experiment/aggregate.ts';
import { csvHeader, csvRows } from '../../core/metrics/csv.ts';

export type { Cell };
export { csvHeader, csvRows };
export type Format = 'csv' | 'json';

function jsonCell(c: Cell): Cell {
  return typeof c === 'number' && !Number.isFinite(c) ? (Number.isNaN(c) ? null : c > 0 ? 'Inf' : '-Inf') : c;
}

/**
 * Writes a table in pieces: the header with the first piece, then rows. JSON output is one array
 * of row objects, opened with the first piece and closed by end().
 */
export class TableWriter {
  private started = false;
  constructor(
    private readonly format: Format,
    private readonly columns: string[],
    private readonly write: (text: string) => void,
  ) {}

  rows(rows: Cell[][]): void {
    if (this.format === 'csv') {
      const text = (this.started ? '' : csvHeader(this.columns)) + csvRows(rows);
      this.started = true;
      this.write(text);
      return;
    }
    const parts = rows.map((r) => JSON.stringify(Object.fromEntries(this.columns.map((c, i) => [c, jsonCell(r[i])]))));
    if (parts.length === 0) return;
    this.write((this.started ? ',\n' : '[\n') + parts.join(',\n'));
    this.started = true;
  }

  end(): void {
    if (this.format === 'json') this.write(this.started ? '\n]\n' : '[]\n');
    else if (!this.started) this.write(csvHeader(this.columns));
  }
}
