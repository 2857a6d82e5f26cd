/**
 * Join the shards of one experiment into the results an unsharded run gives: the same runs.csv
 * and series.csv, byte for byte (rows are copied as written, merged in run order), and the same
 * summary.csv (recomputed from the merged runs.csv in run order). Shards must come from the
 * same experiment, scenario and ccsim version, be complete, and cover 1..N exactly once. The
 * files are checked, not only the manifests: the merged rows must hold every run of the
 * experiment once, in order, or nothing is written (a shard cut short in a copy says so).
 */
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse';
import { basename, join } from 'node:path';
import { csvHeader } from '../output/table.ts';
import { machine, MANIFEST, readManifest, ResultsError, RUNS, SERIES, SUMMARY, writeManifest, writeSummary, type Manifest } from './results-dir.ts';

export async function mergeResults(dirs: string[], out: string): Promise<Manifest> {
  if (dirs.length === 0) throw new ResultsError('expected at least one shard folder to merge');
  const manifests = dirs.map((d) => readManifest(d));
  const first = manifests[0];
  manifests.forEach((m, i) => {
    const d = dirs[i];
    if (!m.shard) throw new ResultsError(`${d} is not a shard (it holds all runs); merge joins the folders of \`ccsim experiment --shard i/N\``);
    if (m.hash !== first.hash) throw new ResultsError(`${d} holds a different experiment (or base scenario) from ${dirs[0]}; merge only the shards of one experiment`);
    if (m.ccsim !== first.ccsim) throw new ResultsError(`${d} was written by ccsim ${m.ccsim} and ${dirs[0]} by ${first.ccsim}; shards from two versions are not mixed`);
    if (m.shard.count !== first.shard!.count) throw new ResultsError(`${d} is shard ${m.shard.index}/${m.shard.count} but ${dirs[0]} is one of ${first.shard!.count}; merge shards of one split`);
    if (m.status !== 'complete') throw new ResultsError(`${d} (shard ${m.shard.index}/${m.shard.count}) is not complete (${m.runs.done} of ${m.runs.here} runs); finish it with --resume, then merge`);
  });
  const count = first.shard!.count;
  const seen = new Map<number, string>();
  manifests.forEach((m, i) => {
    const other = seen.get(m.shard!.index);
    if (other) throw new ResultsError(`${dirs[i]} and ${other} are both shard ${m.shard!.index}/${count}; give each shard once`);
    seen.set(m.shard!.index, dirs[i]);
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new ResultsError(`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} ${missing.length > 1 ? 'are' : 'is'} missing; merge needs all ${count}`);

  if (existsSync(join(out, MANIFEST)) || (existsSync(out) && readdirSync(out).some((f) => f === RUNS || f === SERIES || f === SUMMARY))) {
    throw new ResultsError(`${out} already holds results; choose another --out (ccsim never overwrites results)`);
  }
  mkdirSync(out, { recursive: true });
  // Shards in index order: runs are dealt round-robin, so run r is in shard (r mod N) + 1.
  const ordered = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  const total = first.runs.total;
  // Both files are merged and checked under temporary names first: either both land or neither.
  const merged: Array<[string, string]> = [];
  try {
    merged.push([await mergeCsv(ordered.map((d) => join(d, RUNS)), join(out, RUNS), first.columns.runs, (fields) => Number(fields[0]), total), join(out, RUNS)]);
    if (first.columns.series.length) {
      merged.push([await mergeCsv(ordered.map((d) => join(d, SERIES)), join(out, SERIES), first.columns.series, (fields) => Number(fields[0]), total), join(out, SERIES)]);
    }
  } catch (err) {
    for (const [temporary] of merged) rmSync(temporary, { force: true });
    throw err;
  }
  for (const [temporary, final] of merged) renameSync(temporary, final);
  const manifest: Manifest = {
    ...first,
    status: 'complete',
    shard: null,
    runs: { total: first.runs.total, here: first.runs.total, done: manifests.reduce((n, m) => n + m.runs.done, 0) },
    started: manifests.map((m) => m.started).sort()[0],
    finished: new Date().toISOString(),
    resumed: [],
    elapsedSeconds: manifests.reduce((s, m) => s + m.elapsedSeconds, 0),
    workers: manifests.reduce((s, m) => s + m.workers, 0),
    machine: machine(),
    mergedFrom: ordered,
  };
  await writeSummary(out, manifest);
  writeManifest(out, manifest);
  return manifest;
}

/**
 * Merge files whose rows are each in increasing run order into one, in run order (the rows of a
 * run stay together, in their order), checking that together they hold runs 0..total-1 exactly.
 * Streams: each file is read a run at a time, so memory holds one run's rows per file however
 * large the files are. Writes a temporary file beside `output` and returns its path.
 */
async function mergeCsv(inputs: string[], output: string, columns: string[], runOf: (fields: string[]) => number, total: number): Promise<string> {
  const sources = inputs.map((path) => runGroups(path, columns, runOf));
  const temporary = `${output}.partial-${process.pid}`;
  const fd = openSync(temporary, 'w');
  const name = basename(output);
  try {
    writeSync(fd, csvHeader(columns));
    const heads = await Promise.all(sources.map((s) => s.next()));
    // Runs are numbered from 0.
    let expected = 0;
    for (;;) {
      let best = -1;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        if (!h.done && (best < 0 || h.value.run < (heads[best] as IteratorYieldResult<RunGroup>).value.run)) best = i;
      }
      if (best < 0) break;
      const group = (heads[best] as IteratorYieldResult<RunGroup>).value;
      if (group.run !== expected) throw missingRuns(name, inputs, expected, group.run);
      writeSync(fd, group.text);
      expected++;
      heads[best] = await sources[best].next();
    }
    if (expected !== total) throw missingRuns(name, inputs, expected, total);
  } catch (err) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw err;
  }
  closeSync(fd);
  return temporary;
}

/** Runs from `expected` up to (not including) `found` are in no shard's file. */
function missingRuns(name: string, inputs: string[], expected: number, found: number): ResultsError {
  const last = found - 1;
  const which = last === expected ? `run ${expected} is` : `runs ${expected} to ${last} are`;
  return new ResultsError(
    `the shards' ${name} files hold fewer runs than their manifests say: ${which} in none of ${inputs.join(', ')}. A shard was cut short (a copy interrupted, say) though its manifest says complete; finish it with ccsim experiment --shard i/N --resume in its own folder, then merge. Nothing was written.`,
  );
}

interface RunGroup {
  run: number;
  text: string;
}

/** A file's rows, a run at a time (the rows of a run are consecutive), after checking its header. */
async function* runGroups(path: string, columns: string[], runOf: (fields: string[]) => number): AsyncGenerator<RunGroup> {
  const parser = createReadStream(path).pipe(parse({ raw: true, relax_column_count: true }));
  let header = true;
  let group: RunGroup | null = null;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    if (header) {
      if (record.join() !== columns.join()) throw new ResultsError(`${path}: expected the columns ${columns.join(',')}, got ${record.join(',')}`);
      header = false;
      continue;
    }
    if (!raw.endsWith('\n')) throw new ResultsError(`${path} ends with an incomplete row; finish that shard with --resume, then merge`);
    const run = runOf(record);
    if (group && run === group.run) {
      group.text += raw;
      continue;
    }
    if (group) {
      if (run < group.run) throw new ResultsError(`${path}: rows are not in run order (run ${run} after run ${group.run}); the file was edited or damaged`);
      yield group;
    }
    group = { run, text: raw };
  }
  if (group) yield group;
}
