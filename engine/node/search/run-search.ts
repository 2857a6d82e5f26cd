/**
 * runSearch: a design search (`ccsim design`) on a pool of worker threads. NSGA-III proposes a
 * generation of candidate designs; each new candidate meets every context of the ensemble with
 * the same seeds (common random numbers), run as an experiment of its own (a list design of
 * candidate x context points) in DIR/generation-<g>; the candidates' standings go back to the
 * algorithm, which proposes the next generation. Designs already evaluated are never run again.
 *
 * Resuming is exact: the search's choices depend only on its seed and on the runs, so a resumed
 * search retraces the same generations, reads the runs already on disk (finishing an interrupted
 * generation with the experiment runner's own resume) and makes only the missing ones.
 *
 * The folder:
 *   manifest.json      what ran: version, search, resolved scenario, hash, status, times, machine
 *   contexts.csv       the ensemble: context, each factor's value
 *   generation-<g>/    each generation's runs, an experiment results folder (runs.csv has one row
 *                      per run: point, lever and factor values, replicate, seed, kept metrics)
 *   designs.csv        one row per design evaluated: levers, objectives, satisficing, cost,
 *                      feasibility, front rank
 *   robustness.csv     per design and kept metric: mean, worst decile, mean and largest regret
 *   fails-when.csv     per design on the front: the boxes of contexts where it fails (PRIM)
 *   acceptability.csv  per design on the front: its chance of being worth its extra cost over the
 *                      designer's own design (the scenario as written), by willingness to pay
 *   value-of-information.csv  each context factor's EVPPI for the choice among the front
 *   report.txt         the front, its robustness and its "fails when" boxes, in words
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { formatIssue, type JsonObject, type ScenarioIssue } from '../../core/index.ts';
import { csvHeader, csvRows } from '../../core/metrics/csv.ts';
import { derivedSeed } from '../../core/random/streams.ts';
import { nsga3, type Evaluation } from '../../core/search/nsga3.ts';
import { candidateOf, type Candidate } from '../../core/search/prepare.ts';
import { standing } from '../../core/search/evaluate.ts';
import { summariseSearch, type ArchivedCandidate, type SearchFindings } from '../../core/search/summarise.ts';
import type { Search } from '../../core/search/schema.ts';
import { createRunPool, resolveWorkerFile, type RunPool } from '../pool/pool.ts';
import { cellNumber, scanCsv } from '../experiment/csv-files.ts';
import { experimentFrom, experimentFromInSlices, type LoadedExperiment } from '../experiment/files.ts';
import { machine, readManifest, ResultsError, RUNS, type Manifest, type Shard } from '../experiment/results-dir.ts';
import { runExperiment } from '../experiment/run-experiment.ts';
import type { ExperimentProgress } from '../experiment/execute.ts';
import { CCSIM_VERSION } from '../version.ts';
import { loadSearch, type LoadedSearch } from './files.ts';
import { writeSearchFiles } from './search-files.ts';

export const SEARCH_MANIFEST = 'manifest.json';

export interface SearchManifest {
  format: 'ccsim-search-results';
  /** The shard this manifest is of (each shard of a sharded search keeps its own), or null. */
  shard: Shard | null;
  formatVersion: 1;
  ccsim: string;
  status: 'running' | 'complete';
  searchFile: string;
  search: Search;
  scenario: JsonObject;
  hash: string;
  /** Generations finished, and designs and runs made so far. */
  generationsDone: number;
  designs: number;
  runs: number;
  started: string;
  finished: string | null;
  resumed: string[];
  workers: number;
  machine: Manifest['machine'];
}

export interface SearchProgress extends ExperimentProgress {
  /** The generation running (1-based) and how many there are. */
  generation: number;
  generations: number;
  /** Designs new in this generation, and designs evaluated before it. */
  newDesigns: number;
  designsBefore: number;
}

export interface RunSearchOptions {
  out: string;
  workers?: number;
  /** Continue an interrupted search in `out` instead of refusing to touch it. */
  resume?: boolean;
  /**
   * Make only shard i of N of each generation's runs (see Shard), in `out` shared by all N
   * (a cluster's shared file system): each shard waits for the others' share of a generation
   * before the next, so every shard takes the same steps and the results are those of an
   * unsharded search. Shard 1 writes the findings.
   */
  shard?: Shard | null;
  /** Said while a shard waits for the others (every `waitLogSeconds`). */
  onWait?: (message: string) => void;
  onProgress?: (progress: SearchProgress) => void;
  signal?: AbortSignal;
  workerFile?: string;
  /** A pool to run on, left open (default: one of `workers` threads, made for this call). */
  pool?: RunPool;
  /**
   * Give the thread back while each generation's points are built and checked (about 0.1 ms
   * each): a server passes setImmediate's promise so that it keeps answering.
   */
  pause?: () => Promise<void>;
}

export interface SearchOutcome {
  dir: string;
  loaded: LoadedSearch;
  archive: ArchivedCandidate[];
  findings: SearchFindings;
  /** Runs made by this call (a resume makes only the missing ones). */
  ran: number;
  /** Runs on disk in all. */
  runs: number;
}

/** A search file with problems; `issues` holds every one. */
export class SearchError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'SearchError';
  }
}

export async function runSearch(source: string | LoadedSearch, options: RunSearchOptions): Promise<SearchOutcome> {
  let loaded: LoadedSearch;
  if (typeof source === 'string') {
    const result = loadSearch(source);
    if (!result.ok) throw new SearchError(result.issues);
    loaded = result.value;
  } else loaded = source;
  const { search, prepared } = loaded;
  const workers = options.pool?.threads ?? Math.max(1, options.workers ?? availableParallelism());
  const shard = options.shard ?? null;
  // Shard 1 (or an unsharded search) writes what the search found; every shard keeps its own manifest.
  const writesFindings = shard === null || shard.index === 1;
  const manifestFile = shard ? `manifest-shard-${shard.index}-of-${shard.count}.json` : SEARCH_MANIFEST;
  const manifest = openFolder(options.out, manifestFile, loaded, options.resume === true, workers, shard);
  if (writesFindings) writeAtomically(join(options.out, 'contexts.csv'), contextsCsv(loaded));

  // The designer's own design keeps its exact values; every other design is read from its genes.
  const own = prepared.own;
  const candidateFor = (genes: readonly number[]): Candidate => (own && genes.every((g, i) => g === own.genes[i]) ? own.candidate : candidateOf(search, genes));
  const archive: ArchivedCandidate[] = [];
  const byId = new Map<string, number>();
  const rng = seedrandom.alea(String(derivedSeed(search.seed, 'search')));
  const algorithm = nsga3({
    variables: search.levers.length,
    objectives: prepared.objectives.length,
    population: search.search.population,
    generations: search.search.generations,
    divisions: search.search.divisions,
    rng,
    key: (genes) => candidateFor(genes).id,
    seeds: prepared.own ? [prepared.own.genes] : [],
    discrete: search.levers.map((l) => l.values !== undefined),
  });
  const generations = search.search.generations + 1;
  let pool: RunPool | null = options.pool ?? null;
  let ran = 0;
  let runs = 0;
  try {
    let step = algorithm.next(undefined as never);
    for (let g = 1; !step.done; g++) {
      const candidates = step.value.map(candidateFor);
      const fresh: Candidate[] = [];
      for (const c of candidates) if (!byId.has(c.id) && !fresh.some((f) => f.id === c.id)) fresh.push(c);
      if (fresh.length) {
        const generation = await generationExperiment(loaded, g, fresh, options.pause);
        const dirs = generationFolders(options.out, g, shard);
        const dir = dirs[shard ? shard.index - 1 : 0];
        const designsBefore = archive.length;
        if (!isComplete(dir)) {
          pool ??= createRunPool({ threads: workers, workerFile: options.workerFile ?? (await resolveWorkerFile()) });
          const outcome = await runExperiment(generation, {
            out: dir,
            pool,
            shard,
            resume: existsSync(join(dir, 'manifest.json')),
            signal: options.signal,
            onProgress: (p) => options.onProgress?.({ ...p, done: p.alreadyDone + p.done, total: p.ofAll, generation: g, generations, newDesigns: fresh.length, designsBefore }),
          });
          ran += outcome.ran;
        }
        if (shard) await waitForShards(dirs, g, options.signal, options.onWait);
        const values = await readGeneration(dirs, generation, fresh.length, prepared.contexts.length, prepared.metrics);
        runs += generation.prepared.runs.length;
        fresh.forEach((candidate, k) => {
          byId.set(candidate.id, archive.length);
          archive.push({ candidate, generation: g, contexts: values[k], standing: standing(prepared, values[k]) });
        });
        if (g === 1) checkMetricsHaveValues(loaded, archive);
      }
      manifest.generationsDone = g;
      manifest.designs = archive.length;
      manifest.runs = runs;
      writeManifestFile(options.out, manifestFile, manifest);
      const evaluations: Evaluation[] = candidates.map((c) => archive[byId.get(c.id)!].standing);
      step = algorithm.next(evaluations);
    }
  } finally {
    if (pool && !options.pool) await pool.close();
  }
  const findings = summariseSearch(prepared, archive);
  if (writesFindings) writeSearchFiles(options.out, loaded, archive, findings);
  manifest.status = 'complete';
  manifest.finished = new Date().toISOString();
  writeManifestFile(options.out, manifestFile, manifest);
  return { dir: options.out, loaded, archive, findings, ran, runs };
}

/**
 * Create the folder, or (with resume) check it holds this very search. The shards of a sharded
 * search share one folder, each with a manifest of its own; a folder of an unsharded search is
 * never resumed sharded, nor the other way round.
 */
function openFolder(dir: string, file: string, loaded: LoadedSearch, resume: boolean, workers: number, shard: Shard | null): SearchManifest {
  const path = join(dir, file);
  const shardText = (s: Shard | null) => (s ? `shard ${s.index}/${s.count}` : 'an unsharded search');
  if (!existsSync(path)) {
    const present = existsSync(dir) ? readdirSync(dir) : [];
    const foreign = shard
      ? present.filter((f) => f === SEARCH_MANIFEST || (/^manifest-shard-\d+-of-(\d+)\.json$/.test(f) && !f.endsWith(`-of-${shard.count}.json`)))
      : present;
    if (foreign.length > 0) {
      throw new ResultsError(
        shard
          ? `${dir} holds ${foreign.includes(SEARCH_MANIFEST) ? 'an unsharded search' : 'a search sharded another way'}; every shard of a search needs the same --shard count and a folder of its own, or choose another --out`
          : `${dir} already holds files but no ${SEARCH_MANIFEST}; choose another --out (ccsim never overwrites results)`,
      );
    }
    mkdirSync(dir, { recursive: true });
    const manifest: SearchManifest = {
      format: 'ccsim-search-results',
      shard,
      formatVersion: 1,
      ccsim: CCSIM_VERSION,
      status: 'running',
      searchFile: loaded.file,
      search: loaded.search,
      scenario: loaded.base.data,
      hash: loaded.hash,
      generationsDone: 0,
      designs: 0,
      runs: 0,
      started: new Date().toISOString(),
      finished: null,
      resumed: [],
      workers,
      machine: machine(),
    };
    // The shards of one folder must be of one search.
    for (const other of present.filter((f) => /^manifest-shard-\d+-of-\d+\.json$/.test(f))) {
      const theirs = readSearchManifest(join(dir, other));
      if (theirs.hash !== loaded.hash) throw new ResultsError(`${dir} holds shards of a different search (${other}); every shard must run the very same search file, or choose another --out`);
    }
    writeManifestFile(dir, file, manifest);
    return manifest;
  }
  const manifest = readSearchManifest(path);
  if (!resume) {
    throw new ResultsError(
      manifest.status === 'complete'
        ? `${dir} already holds the complete results of ${shard ? `shard ${shard.index}/${shard.count} of ` : ''}a design search; choose another --out (ccsim never overwrites results)`
        : `${dir} holds an interrupted ${shard ? `shard ${shard.index}/${shard.count} of a ` : ''}search (${manifest.generationsDone} generations done); pass --resume to finish it, or choose another --out`,
    );
  }
  if (manifest.hash !== loaded.hash) throw new ResultsError(`${dir} holds a different search (or the same one with another scenario); --resume needs the very search that was interrupted, or choose another --out`);
  if (manifest.ccsim !== CCSIM_VERSION) throw new ResultsError(`${dir} was written by ccsim ${manifest.ccsim}, and this is ${CCSIM_VERSION}: runs from two versions may differ, so they are not mixed; start again into another --out`);
  if (JSON.stringify(manifest.shard ?? null) !== JSON.stringify(shard)) throw new ResultsError(`${dir} holds ${shardText(manifest.shard ?? null)}, but this command asks for ${shardText(shard)}; resume with the same --shard`);
  manifest.resumed.push(new Date().toISOString());
  manifest.status = 'running';
  manifest.workers = workers;
  return manifest;
}

function readSearchManifest(path: string): SearchManifest {
  let manifest: SearchManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as SearchManifest;
  } catch {
    throw new ResultsError(`${path} is not a readable search manifest; choose another --out`);
  }
  if (manifest.format !== 'ccsim-search-results') throw new ResultsError(`${path} is not the manifest of a design search (${String(manifest.format ?? 'no format')}); choose another --out`);
  return manifest;
}

/** Where a generation's runs are: one folder, or one per shard. */
function generationFolders(out: string, g: number, shard: Shard | null): string[] {
  const dir = join(out, `generation-${g}`);
  return shard ? Array.from({ length: shard.count }, (_, i) => join(dir, `shard-${i + 1}-of-${shard.count}`)) : [dir];
}

/** Seconds between looks at the other shards' folders, and between lines saying what is awaited. */
const SHARD_POLL_SECONDS = 1;
const WAIT_LOG_SECONDS = 30;

/** Until every shard's share of generation g is on disk (or the signal stops the wait). */
async function waitForShards(dirs: string[], g: number, signal: AbortSignal | undefined, onWait?: (message: string) => void): Promise<void> {
  let lastSaid = -Infinity;
  for (;;) {
    const missing = dirs.map((d, i) => (isComplete(d) ? 0 : i + 1)).filter((i) => i > 0);
    if (missing.length === 0) return;
    if (signal?.aborted) throw new Error('interrupted while waiting for other shards');
    if (performance.now() - lastSaid > WAIT_LOG_SECONDS * 1000) {
      onWait?.(
        `generation ${g}: waiting for shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${dirs.length} to finish ${missing.length === 1 ? 'its' : 'their'} runs (every shard must be running at once: one still queued behind this one would never come; see docs/design-guide.md, section 6)`,
      );
      lastSaid = performance.now();
    }
    await new Promise((resolve) => setTimeout(resolve, SHARD_POLL_SECONDS * 1000));
  }
}

/** A generation's runs as an experiment: every new candidate in every context, common seeds. */
async function generationExperiment(loaded: LoadedSearch, g: number, candidates: Candidate[], pause?: () => Promise<void>): Promise<LoadedExperiment> {
  const { search, prepared } = loaded;
  const data = {
    name: `${search.name}: generation ${g}`,
    scenario: loaded.base.data,
    seed: search.seed,
    replicates: search.replicates,
    seeding: 'common',
    design: { kind: 'list', points: candidates.flatMap((c) => prepared.contexts.map((ctx) => ({ ...c.values, ...ctx.values }))) },
    outputs: { metrics: prepared.metrics },
  };
  const noFiles = () => ({ ok: false as const, issues: [] });
  const result = pause ? await experimentFromInSlices(data, loaded.file, noFiles, pause) : experimentFrom(data, loaded.file, noFiles);
  if (!result.ok) {
    // Each lever and factor was checked alone at its extremes; a combination can still break a
    // rule across settings (shares that must sum to 1, say).
    throw new SearchError(result.issues.map((i) => ({ ...i, fix: `${i.fix} (This arose from a combination of levers and context factors in generation ${g}: narrow the ranges that combine to it.)` })));
  }
  return result.value;
}

function isComplete(dir: string): boolean {
  if (!existsSync(join(dir, 'manifest.json'))) return false;
  return readManifest(dir).status === 'complete';
}

/** Each candidate's mean of each kept metric over its replicates, in each context. */
async function readGeneration(dirs: string[], generation: LoadedExperiment, candidates: number, contexts: number, metrics: string[]): Promise<Array<Array<Record<string, number>>>> {
  const index = new Map(generation.prepared.points.map((p, i) => [p.id, i]));
  const replicates = generation.experiment.replicates;
  // Each run's values, by point and replicate: the means are then summed in replicate order, so
  // they are the same to the last bit whatever order the shards' files are read in.
  const values = new Float64Array(candidates * contexts * replicates * metrics.length).fill(NaN);
  for (const dir of dirs) {
    const header = readManifest(dir).columns.runs;
    const pointColumn = header.indexOf('point');
    const replicateColumn = header.indexOf('replicate');
    const columns = metrics.map((m) => header.indexOf(m));
    if (pointColumn < 0 || replicateColumn < 0 || columns.some((c) => c < 0)) throw new ResultsError(`${join(dir, RUNS)} lacks the columns a design search keeps (point, replicate, ${metrics.join(', ')}); it was not written by this search`);
    await scanCsv(join(dir, RUNS), (record) => {
      const at = index.get(record.fields[pointColumn]);
      const r = Number(record.fields[replicateColumn]) - 1;
      if (at === undefined || !(r >= 0 && r < replicates)) return;
      columns.forEach((c, m) => (values[((at * replicates + r) * metrics.length) + m] = cellNumber(record.fields[c])));
    });
  }
  return Array.from({ length: candidates }, (_, k) =>
    Array.from({ length: contexts }, (_, j) => {
      const at = k * contexts + j;
      return Object.fromEntries(
        metrics.map((name, m) => {
          // A metric a run could not measure is an empty cell; the mean is over the runs that could.
          let sum = 0;
          let n = 0;
          for (let r = 0; r < replicates; r++) {
            const v = values[(at * replicates + r) * metrics.length + m];
            if (Number.isFinite(v)) {
              sum += v;
              n++;
            }
          }
          return [name, n ? sum / n : NaN];
        }),
      );
    }),
  );
}

/** A metric that no run of the first generation gave a value for cannot guide the search. */
function checkMetricsHaveValues(loaded: LoadedSearch, archive: ArchivedCandidate[]): void {
  const { prepared, file } = loaded;
  for (const metric of prepared.metrics) {
    if (archive.some((a) => a.contexts.some((c) => Number.isFinite(c[metric])))) continue;
    const named = prepared.objectives.some((o) => o.metric === metric) || prepared.search.thresholds.some((t) => t.metric === metric) || prepared.search.budget?.metric === metric;
    if (!named) continue;
    throw new SearchError([
      {
        code: 'invalid-value',
        file,
        path: 'objectives',
        expected: `a metric the runs give a value for`,
        found: `${metric} empty in every run of the first generation`,
        fix: `A metric measured after funding needs a horizon long enough (time.weeks at least time.fundingWeeks + 52 for one year after); ratios are empty when nothing improved. Lengthen the horizon or choose another metric.`,
      },
    ]);
  }
}

/** The ensemble: each context's factors, then any fitted behaviour it runs on. */
function contextsCsv(loaded: LoadedSearch): string {
  const columns = [...new Set(loaded.prepared.contexts.flatMap((c) => Object.keys(c.values)))];
  return csvHeader(['context', ...columns]) + csvRows(loaded.prepared.contexts.map((c) => [c.index, ...columns.map((f) => c.values[f] ?? null)]));
}

function writeManifestFile(dir: string, file: string, manifest: SearchManifest): void {
  writeAtomically(join(dir, file), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Write to a temporary file and rename it over the target, so a crash never leaves half a file. */
export function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.partial`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
