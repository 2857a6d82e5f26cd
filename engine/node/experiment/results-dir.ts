/**
 * An experiment's results folder:
 *
 *   manifest.json  what ran: ccsim version, the experiment and its resolved base scenario, their
 *                  hashes, the seeding rule, the shard, the design points, the columns, start and
 *                  end times, the machine; status "running" until every run is on disk
 *   runs.csv       one row per run, in run order: run, point, parameter values, replicate, seed,
 *                  summary metrics
 *   series.csv     when asked for: one row per run and kept week (run, week, series columns)
 *   summary.csv    per point and metric: mean, sd, 95% interval, n (computed from runs.csv)
 *
 * Rows are appended as runs finish, in run order (the executor guarantees it), a run's series
 * rows before its runs.csv row, so runs.csv is the record of what is complete. A resume cuts an
 * interrupted last row, drops series rows of runs not in runs.csv, and carries on with the first
 * run missing: nothing is duplicated and nothing is lost. Nothing here ever deletes a result a
 * user did not ask to replace.
 */
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, cpus, hostname, platform, arch, totalmem } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../core/index.ts';
import { metricNames, parameterPaths, PointSummaries, runColumns, seriesCsvColumns, summaryColumns } from '../../core/experiment/aggregate.ts';
import type { DesignPoint } from '../../core/experiment/design.ts';
import { plannedRuns, type RunList, type Shard } from '../../core/experiment/runs.ts';

export type { Shard };
import type { Experiment } from '../../core/experiment/schema.ts';
import { CCSIM_VERSION } from '../version.ts';
import { csvHeader, csvRows } from '../output/table.ts';
import { cellNumber, scanCsv } from './csv-files.ts';
import type { CsvRows } from '../pool/worker.ts';
import type { LoadedExperiment } from './files.ts';


export const MANIFEST = 'manifest.json';
export const RUNS = 'runs.csv';
export const SERIES = 'series.csv';
export const SUMMARY = 'summary.csv';

export interface Manifest {
  format: 'ccsim-experiment-results';
  formatVersion: 1;
  ccsim: string;
  status: 'running' | 'complete';
  experimentFile: string;
  experiment: Experiment;
  /** The base scenario, extends resolved. */
  scenario: JsonObject;
  hash: string;
  scenarioHash: string;
  seeds: { root: number; seeding: Experiment['seeding']; rule: string };
  shard: Shard | null;
  /** Runs in the whole experiment, in this folder's share of it, and on disk. */
  runs: { total: number; here: number; done: number };
  columns: { runs: string[]; series: string[] };
  points: DesignPoint[];
  started: string;
  finished: string | null;
  resumed: string[];
  /** Seconds spent running, over all sessions (a resume adds to it). */
  elapsedSeconds: number;
  workers: number;
  machine: { hostname: string; platform: string; arch: string; cpus: number; cpuModel: string; memoryGB: number; node: string };
  /** For merged results: the folders merged. */
  mergedFrom?: string[];
}

/** A problem with a results folder the user can fix (shown with exit status 2). */
export class ResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsError';
  }
}

export function seedRule(experiment: Experiment): string {
  return experiment.seeding === 'common'
    ? 'replicate r of every point: replicateSeed(root, r), the seed `ccsim run --seed root --replicates r` uses'
    : 'replicate r of point p: derivedSeed(root, "point:<p>:replicate:<r>"), from the point\'s content';
}

export function machine(): Manifest['machine'] {
  return { hostname: hostname(), platform: platform(), arch: arch(), cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 1073741824), node: process.version };
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) throw new ResultsError(`${dir} holds no ${MANIFEST}: expected a folder written by \`ccsim experiment\` (or \`ccsim merge\`)`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new ResultsError(`${path}: expected the JSON manifest ccsim wrote, got unreadable JSON (${(err as Error).message}); the folder is damaged, run the experiment again into a new folder`);
  }
  if (manifest.format !== 'ccsim-experiment-results') throw new ResultsError(`${path}: expected a ccsim results manifest, got something else`);
  // The manifest is written every few seconds, so after an interruption its count is behind:
  // the runs on disk are the complete rows of runs.csv (written last for each run).
  if (manifest.status !== 'complete') manifest.runs.done = completeRows(join(dir, RUNS));
  return manifest;
}

/** Complete rows of a CSV file (each ends with a newline), not counting its header; 0 if none. */
function completeRows(path: string): number {
  if (!existsSync(path)) return 0;
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let n; (n = readSync(fd, chunk, 0, chunk.length, null)) > 0; ) {
      for (let i = chunk.indexOf(10); i >= 0 && i < n; i = chunk.indexOf(10, i + 1)) lines++;
    }
    return Math.max(0, lines - 1);
  } finally {
    closeSync(fd);
  }
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const path = join(dir, MANIFEST);
  const temporary = `${path}.partial-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, path);
}

export interface OpenOptions {
  resume: boolean;
  shard: Shard | null;
  workers: number;
}

/** A results folder open for writing runs. */
export class ResultsDir {
  private runsFd = -1;
  private seriesFd = -1;
  private sessionStarted = performance.now();

  private constructor(
    readonly dir: string,
    readonly loaded: LoadedExperiment,
    readonly manifest: Manifest,
    /** The runs still to do, in run order. */
    readonly remaining: RunList,
  ) {}

  /** Create the folder, or (with resume) pick up where an interrupted run stopped. */
  static async open(dir: string, loaded: LoadedExperiment, options: OpenOptions): Promise<ResultsDir> {
    const { experiment, prepared } = loaded;
    const mine = plannedRuns(experiment, prepared.points, options.shard);
    const columns = { runs: runColumns(experiment, prepared.points), series: prepared.seriesColumns.length ? seriesCsvColumns(prepared.seriesColumns) : [] };
    const hasManifest = existsSync(join(dir, MANIFEST));
    if (!hasManifest) {
      if (existsSync(dir) && readdirSync(dir).some((f) => f === RUNS || f === SERIES || f === SUMMARY)) {
        throw new ResultsError(`${dir} already holds result files but no ${MANIFEST}; choose another --out (ccsim never overwrites results)`);
      }
      mkdirSync(dir, { recursive: true });
      const manifest: Manifest = {
        format: 'ccsim-experiment-results',
        formatVersion: 1,
        ccsim: CCSIM_VERSION,
        status: 'running',
        experimentFile: loaded.file,
        experiment,
        scenario: loaded.base.data,
        hash: loaded.hash,
        scenarioHash: loaded.scenarioHash,
        seeds: { root: experiment.seed, seeding: experiment.seeding, rule: seedRule(experiment) },
        shard: options.shard,
        runs: { total: prepared.runs.length, here: mine.length, done: 0 },
        columns,
        points: prepared.points,
        started: new Date().toISOString(),
        finished: null,
        resumed: [],
        elapsedSeconds: 0,
        workers: options.workers,
        machine: machine(),
      };
      writeFileSync(join(dir, RUNS), csvHeader(columns.runs));
      if (columns.series.length) writeFileSync(join(dir, SERIES), csvHeader(columns.series));
      writeManifest(dir, manifest);
      return new ResultsDir(dir, loaded, manifest, mine).openFiles();
    }

    const manifest = readManifest(dir);
    const shardText = (s: Shard | null) => (s ? `shard ${s.index}/${s.count}` : 'no shard (all runs)');
    if (!options.resume) {
      throw new ResultsError(
        manifest.status === 'complete'
          ? `${dir} already holds the complete results of an experiment; choose another --out (ccsim never overwrites results)`
          : `${dir} holds an interrupted run (${manifest.runs.done} of ${manifest.runs.here} runs on disk); pass --resume to finish it, or choose another --out`,
      );
    }
    if (manifest.hash !== loaded.hash) {
      throw new ResultsError(`${dir} holds results of a different experiment (or the same one with another base scenario); --resume needs the very experiment that was interrupted, or choose another --out`);
    }
    if (manifest.ccsim !== CCSIM_VERSION) {
      throw new ResultsError(`${dir} was written by ccsim ${manifest.ccsim}, and this is ${CCSIM_VERSION}: runs from two versions may differ, so they are not mixed; finish it with ccsim ${manifest.ccsim} or start again into another --out`);
    }
    if (JSON.stringify(manifest.shard) !== JSON.stringify(options.shard)) {
      throw new ResultsError(`${dir} holds ${shardText(manifest.shard)}, but this command asks for ${shardText(options.shard)}; resume with the same --shard`);
    }

    // runs.csv: the complete rows must be the first runs of this folder's share, in order, each
    // with the point, replicate and seed this experiment gives that run (a row from another
    // version of the design, or edited, is not mixed in).
    const runsPath = join(dir, RUNS);
    const at = (name: string) => columns.runs.indexOf(name);
    const [POINT, REPLICATE, SEED] = [at('point'), at('replicate'), at('seed')];
    let k = 0;
    let mismatch: string | null = null;
    const scan = await scanCsv(runsPath, (record) => {
      const run = Number(record.fields[0]);
      if (k >= mine.length || run !== mine.at(k).run) {
        mismatch = `row ${k + 1} is run ${record.fields[0]}, expected run ${k < mine.length ? mine.at(k).run : '(none: all runs are already there)'}`;
        return false;
      }
      const planned = mine.at(k);
      const found = [record.fields[POINT], record.fields[REPLICATE], record.fields[SEED]];
      const expected = [planned.point.id, String(planned.replicate), String(planned.seed)];
      if (found.join() !== expected.join()) {
        mismatch = `row ${k + 1} (run ${run}) has point ${found[0]}, replicate ${found[1]}, seed ${found[2]}; this experiment gives it point ${expected[0]}, replicate ${expected[1]}, seed ${expected[2]}`;
        return false;
      }
      k++;
    });
    if (mismatch) throw new ResultsError(`${runsPath} is not a prefix of this experiment's runs (${mismatch}); it was edited, damaged or written by another version of ccsim, so it cannot be resumed safely: run again into another --out`);
    if (scan.header.length && scan.header.join() !== columns.runs.join()) throw new ResultsError(`${runsPath} has other columns than this experiment writes; run again into another --out`);
    cut(runsPath, scan.header.length ? scan.completeBytes : 0, scan.header.length ? null : csvHeader(columns.runs));
    // Runs on disk: the first k of this folder's share (run numbers are increasing in it).
    const lastDone = k > 0 ? mine.at(k - 1).run : -1;
    if (columns.series.length) {
      const seriesPath = join(dir, SERIES);
      let keep = -1;
      let previous = 0;
      const seriesScan = await scanCsv(seriesPath, (record) => {
        if (Number(record.fields[0]) > lastDone) {
          keep = previous;
          return false;
        }
        previous = record.end;
      });
      if (seriesScan.header.length && seriesScan.header.join() !== columns.series.join()) throw new ResultsError(`${seriesPath} has other columns than this experiment writes; run again into another --out`);
      const headerBytes = seriesScan.header.length ? Buffer.byteLength(csvHeader(columns.series)) : 0;
      cut(seriesPath, keep >= 0 ? Math.max(keep, headerBytes) : seriesScan.completeBytes, seriesScan.header.length ? null : csvHeader(columns.series));
    }
    manifest.status = k === mine.length ? manifest.status : 'running';
    manifest.runs.done = k;
    manifest.resumed.push(new Date().toISOString());
    manifest.workers = options.workers;
    writeManifest(dir, manifest);
    return new ResultsDir(dir, loaded, manifest, mine.from(k)).openFiles();
  }

  private openFiles(): this {
    this.runsFd = openSync(join(this.dir, RUNS), 'a');
    if (this.loaded.prepared.seriesColumns.length) this.seriesFd = openSync(join(this.dir, SERIES), 'a');
    return this;
  }

  /** Append one finished run's rows (its series rows first, then its runs.csv row). */
  write(rows: CsvRows): void {
    if (this.seriesFd >= 0) writeSync(this.seriesFd, rows.series);
    writeSync(this.runsFd, rows.runs);
    this.manifest.runs.done++;
  }

  /** Record progress in the manifest (cheap enough to call every few seconds). */
  checkpoint(): void {
    const now = performance.now();
    this.manifest.elapsedSeconds += (now - this.sessionStarted) / 1000;
    this.sessionStarted = now;
    writeManifest(this.dir, this.manifest);
  }

  /** Close the files; if every run is on disk, write summary.csv and mark the folder complete. */
  async close(): Promise<void> {
    if (this.runsFd >= 0) closeSync(this.runsFd);
    if (this.seriesFd >= 0) closeSync(this.seriesFd);
    this.runsFd = this.seriesFd = -1;
    if (this.manifest.runs.done === this.manifest.runs.here) {
      await writeSummary(this.dir, this.manifest);
      this.manifest.status = 'complete';
      this.manifest.finished = new Date().toISOString();
    }
    this.checkpoint();
  }
}

/** Cut a file to `bytes` (or, if it lost its header, rewrite it as just the header). */
function cut(path: string, bytes: number, header: string | null): void {
  if (header !== null) {
    writeFileSync(path, header);
    return;
  }
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** summary.csv from runs.csv, streaming, in run order: the same digits however the runs were made. */
export async function writeSummary(dir: string, manifest: Manifest): Promise<void> {
  const metrics = metricNames(manifest.experiment);
  const first = manifest.columns.runs.indexOf('seed') + 1;
  const summaries = new PointSummaries(metrics);
  await scanCsv(join(dir, RUNS), (record) => {
    summaries.add(record.fields[1], record.fields.slice(first, first + metrics.length).map(cellNumber));
  });
  const path = join(dir, SUMMARY);
  const temporary = `${path}.partial-${process.pid}`;
  const paths = parameterPaths(manifest.experiment, manifest.points);
  writeFileSync(temporary, csvHeader(summaryColumns(paths)) + csvRows(summaries.rows(manifest.points, paths)));
  renameSync(temporary, path);
}
