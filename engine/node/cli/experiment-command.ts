/** ccsim experiment: run an experiment file into a results folder. */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { formatIssue } from '../../core/index.ts';
import { loadExperiment } from '../experiment/files.ts';
import { ResultsError, type Shard } from '../experiment/results-dir.ts';
import { runExperiment } from '../experiment/run-experiment.ts';
import { createRunPool, resolveWorkerFile, type RunPool } from '../pool/pool.ts';
import type { CliIO } from './io.ts';
import { duration, progressDisplay } from './progress.ts';
import { EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';

export const EXPERIMENT = {
  synopsis: ['ccsim experiment <experiment.json> [options]'],
  about: `Run every run of an experiment (design points x replicates) on worker threads, writing each
result to disk as it finishes:
  DIR/manifest.json   what ran: version, experiment, scenario hash, seeds, times, machine
  DIR/runs.csv        one row per run: run, point, parameter values, replicate, seed, metrics
  DIR/series.csv      the weekly series, if the experiment keeps it (outputs.series)
  DIR/summary.csv     per point and metric: mean, sd, 95% interval, n
Then \`ccsim analyze DIR\` compares the points or computes sensitivity indices.`,
  positionals: true,
  options: {
    out: { type: 'string', value: 'DIR', help: 'results folder (default: <experiment name>-results, or, with --shard, <experiment name>-results/shard-<i>-of-<N>)' },
    workers: { type: 'string', value: 'N', help: `worker threads (default: every core, here ${availableParallelism()})` },
    resume: { type: 'boolean', help: 'finish an interrupted run in DIR: runs already on disk are kept, the rest are made; nothing is duplicated or lost' },
    shard: { type: 'string', value: 'i/N', help: 'make only shard i of N (i from 1): runs whose number leaves remainder i-1 when divided by N; `ccsim merge` joins the shards into the result an unsharded run gives (for SLURM array jobs: --shard $SLURM_ARRAY_TASK_ID/N with --array=1-N)' },
  },
} as const satisfies CommandSpec;

export const EXPERIMENT_USAGE = usageOf(EXPERIMENT);

export function parseShard(text: string | undefined, usage = EXPERIMENT_USAGE): Shard | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count || count > 100_000) {
    throw new UsageError(`--shard: expected i/N with 1 <= i <= N (such as 2/8), got ${JSON.stringify(text)}`, usage);
  }
  return { index, count };
}

export async function experimentCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(EXPERIMENT, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, EXPERIMENT_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(EXPERIMENT_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one experiment file, got ${positionals.length}` : 'missing the experiment file', EXPERIMENT_USAGE);
  const workers = values.workers === undefined ? availableParallelism() : integerFlag('--workers', values.workers, 1, 1024, EXPERIMENT_USAGE);
  const shard = parseShard(values.shard);
  const file = positionals[0];
  // The workers start as soon as the file is known to be a valid experiment, so that they load
  // and compile on their own threads while this one prepares the design points (half a second
  // for the bundled Sobol design): neither waits for the other. (If the worker bundle cannot be
  // found, runExperiment says so after the file has been checked.)
  const workerFile = await resolveWorkerFile().catch(() => undefined);
  let pool: RunPool | undefined;
  const loaded = loadExperiment(file, io.cwd, { beforePreparing: () => void (pool = workerFile === undefined ? undefined : createRunPool({ threads: workers, workerFile })) });
  if (!loaded.ok) {
    await pool?.close();
    for (const issue of loaded.issues) io.err(`${formatIssue(issue)}\n`);
    return EXIT_USAGE;
  }
  const stem = basename(file).replace(/\.json$/i, '');
  const outText = values.out ?? (shard ? `${stem}-results/shard-${shard.index}-of-${shard.count}` : `${stem}-results`);
  const out = resolve(io.cwd, outText);

  const label = shard ? `${loaded.value.experiment.name} [${shard.index}/${shard.count}]` : loaded.value.experiment.name;
  const display = progressDisplay(label, process.stderr.isTTY ? process.stderr : null, io.err);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const started = performance.now();
  try {
    const outcome = await runExperiment(loaded.value, {
      out,
      workers,
      resume: values.resume === true,
      shard,
      signal: controller.signal,
      pool,
      onProgress: (p) => display.update({ ...p, done: p.alreadyDone + p.done, total: p.ofAll }),
    });
    display.stop();
    const m = outcome.manifest;
    const seconds = (performance.now() - started) / 1000;
    const kept = ['runs.csv', ...(m.columns.series.length ? ['series.csv'] : []), 'summary.csv'].join(', ');
    const resumed = m.runs.done - outcome.ran > 0 ? ` (${m.runs.done - outcome.ran} were already on disk)` : '';
    io.err(
      `${label}: ${outcome.ran} runs in ${duration(seconds)} (${(outcome.ran / Math.max(seconds, 1e-9)).toFixed(1)} runs/s on ${workers} worker${workers === 1 ? '' : 's'})${resumed}; ${m.runs.done} of ${m.runs.here} runs in ${outText}: ${kept}\n`,
    );
    return EXIT_OK;
  } catch (err) {
    display.stop();
    if (err instanceof ResultsError) {
      io.err(`ccsim experiment: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) {
      io.err(`ccsim experiment: interrupted. The runs finished so far are in ${outText}; finish with:\n  ccsim experiment ${file} --out ${outText}${shard ? ` --shard ${shard.index}/${shard.count}` : ''} --resume\n`);
      return 130;
    }
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await pool?.close();
  }
}
