/**
 * CSV as every part of ccsim writes it (the command line, the server's jobs and the browser's
 * downloads): quoted by csv-stringify where a cell needs it, numbers in the shortest form that
 * reads back exactly, missing values empty.
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell } from '../experiment/aggregate.ts';
import { formatNumber } from './number-format.ts';

/** Rows as CSV text (no header), each ending in a newline. */
export function csvRows(rows: Cell[][]): string {
  return stringify(rows.map((r) => r.map(csvCell)), { eof: true });
}

/** A header line. */
export function csvHeader(columns: string[]): string {
  return stringify([columns], { eof: true });
}

function csvCell(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'boolean') return String(c);
  return typeof c === 'number' ? formatNumber(c) : c;
}
