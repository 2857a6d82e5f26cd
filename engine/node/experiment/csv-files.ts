/**
 * Reading result tables back, streaming and exactly: csv-parse (the companion of csv-stringify,
 * which wrote them) gives each record with its raw text, so a merge can copy rows byte for byte
 * and a resume can cut a file after its last complete row. A row is complete when it ends with
 * its newline (every row ccsim writes does); an interrupted write leaves at most one incomplete
 * row, at the end.
 */
import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';

export interface CsvRecord {
  fields: string[];
  /** The row's text as written, with its newline. */
  raw: string;
  /** Byte offset just after this row. */
  end: number;
}

export interface CsvScan {
  header: string[];
  /** Bytes up to the end of the last complete row (the header counts as a row). */
  completeBytes: number;
  /** True if the file ends with an incomplete row, which a resume cuts off. */
  partial: boolean;
  rows: number;
}

/**
 * Visit every complete row after the header, in order. `visit` may return false to stop early.
 * A missing file scans as empty.
 */
export function scanCsv(path: string, visit: (record: CsvRecord) => boolean | void = () => true): Promise<CsvScan> {
  const scan: CsvScan = { header: [], completeBytes: 0, partial: false, rows: 0 };
  if (!existsSync(path)) return Promise.resolve(scan);
  return new Promise((resolve, reject) => {
    const input = createReadStream(path);
    const parser = parse({ raw: true, relax_column_count: true });
    let offset = 0;
    let first = true;
    let stopped = false;
    const stop = () => {
      stopped = true;
      input.destroy();
      parser.destroy();
      resolve(scan);
    };
    parser.on('data', ({ record, raw }: { record: string[]; raw: string }) => {
      if (stopped) return;
      const end = offset + Buffer.byteLength(raw, 'utf8');
      offset = end;
      if (!raw.endsWith('\n')) {
        scan.partial = true;
        return;
      }
      scan.completeBytes = end;
      if (first) {
        first = false;
        scan.header = record;
        return;
      }
      scan.rows++;
      if (visit({ fields: record, raw, end }) === false) stop();
    });
    parser.on('error', (err: Error & { code?: string }) => {
      if (stopped) return;
      // An unclosed quote at the very end is an interrupted row; anything else is damage.
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        scan.partial = true;
        resolve(scan);
      } else reject(new Error(`${path}: ${err.message}`));
    });
    parser.on('end', () => {
      if (!stopped) resolve(scan);
    });
    input.on('error', (err) => reject(err));
    input.pipe(parser);
  });
}

/** A number read back from a cell: empty is missing (NaN), Inf and -Inf are infinities. */
export function cellNumber(text: string): number {
  if (text === '') return NaN;
  if (text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}
