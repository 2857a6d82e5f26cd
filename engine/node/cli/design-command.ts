/** ccsim design: search for robust programme designs (NSGA-III over a context ensemble). */
import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { formatIssue } from '../../core/index.ts';
import { ResultsError } from '../experiment/results-dir.ts';
import { loadSearch } from '../search/files.ts';
import { runSearch, SearchError } from '../search/run-search.ts';
import { searchReport } from '../search/search-files.ts';
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { parseShard } from './experiment-command.ts';
import type { CliIO } from './io.ts';
import { duration, progressDisplay, type ProgressDisplay } from './progress.ts';
import { EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';

export const DESIGN = {
  synopsis: ['ccsim design <search.json> [options]'],
  about: `Search the design levers a search file names for the Pareto front of its objectives, every
design meeting the same ensemble of contexts (common random numbers), within its budget, by a
many-objective evolutionary algorithm (NSGA-III); then say how each design on the front holds up
across the contexts and where it fails (PRIM). Writes:
  DIR/manifest.json    what ran: version, search, resolved scenario, hash, times, machine
                       (manifest-shard-<i>-of-<N>.json for each shard of a sharded search)
  DIR/contexts.csv     the ensemble of contexts
  DIR/generation-<g>/  each generation's runs (an experiment results folder)
  DIR/designs.csv      every design evaluated: levers, objectives, satisficing, cost, front rank
  DIR/robustness.csv   per design and metric: mean, worst decile, mean and largest regret
  DIR/fails-when.csv   per design on the front: the boxes of contexts where it fails
  DIR/acceptability.csv  per design on the front: chance it is worth its extra cost over
                       your design (the scenario as written), by willingness to pay
  DIR/value-of-information.csv  each factor's EVPPI for the choice among the front
  DIR/report.txt       the front in words (also printed)
See docs/design-guide.md.`,
  positionals: true,
  options: {
    out: { type: 'string', value: 'DIR', help: 'results folder (default: <search name>-results)' },
    workers: { type: 'string', value: 'N', help: `worker threads (default: every core, here ${availableParallelism()})` },
    resume: { type: 'boolean', help: 'finish an interrupted search in DIR: it retraces the same generations, keeps every run on disk and makes only the missing ones' },
    shard: {
      type: 'string',
      value: 'i/N',
      help: 'make only shard i of N of each generation\'s runs, in a DIR all N shards share (a cluster\'s shared file system): each waits for the others before the next generation, so the results are an unsharded search\'s; shard 1 writes the findings (SLURM: --array=1-N with --shard $SLURM_ARRAY_TASK_ID/N, all N running at once)',
    },
  },
} as const satisfies CommandSpec;

export const DESIGN_USAGE = usageOf(DESIGN);

export async function designCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(DESIGN, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, DESIGN_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(DESIGN_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one search file, got ${positionals.length}` : 'missing the search file', DESIGN_USAGE);
  const workers = values.workers === undefined ? availableParallelism() : integerFlag('--workers', values.workers, 1, 1024, DESIGN_USAGE);
  const shard = parseShard(values.shard, DESIGN_USAGE);
  const file = positionals[0];
  const loaded = loadSearch(file, io.cwd);
  if (!loaded.ok) {
    for (const issue of loaded.issues) io.err(`${formatIssue(issue)}\n`);
    return EXIT_USAGE;
  }
  const outText = values.out ?? `${basename(file).replace(/\.json$/i, '')}-results`;
  const out = resolve(io.cwd, outText);
  const name = loaded.value.search.name;
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const started = performance.now();
  let display: ProgressDisplay | null = null;
  let shown = 0;
  try {
    const outcome = await runSearch(loaded.value, {
      out,
      workers,
      resume: values.resume === true,
      shard,
      signal: controller.signal,
      onWait: (message) => io.err(`${name}${shard ? ` [${shard.index}/${shard.count}]` : ''}: ${message}\n`),
      onProgress: (p) => {
        if (p.generation !== shown) {
          display?.stop();
          shown = p.generation;
          display = progressDisplay(`${name}${shard ? ` [${shard.index}/${shard.count}]` : ''}, generation ${p.generation}/${p.generations} (${p.newDesigns} new designs)`, process.stderr.isTTY ? process.stderr : null, io.err);
        }
        display!.update(p);
      },
    });
    (display as ProgressDisplay | null)?.stop();
    const seconds = (performance.now() - started) / 1000;
    if (!shard || shard.index === 1) io.out(searchReport(outcome.loaded, outcome.archive, outcome.findings));
    const resumed = outcome.runs - outcome.ran > 0 ? ` (${outcome.runs - outcome.ran} were already on disk)` : '';
    io.err(`${name}: ${outcome.archive.length} designs, ${outcome.ran} runs in ${duration(seconds)} on ${workers} worker${workers === 1 ? '' : 's'}${resumed}; results in ${outText}\n`);
    return EXIT_OK;
  } catch (err) {
    (display as ProgressDisplay | null)?.stop();
    if (err instanceof ResultsError) {
      io.err(`ccsim design: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof SearchError) {
      for (const issue of err.issues) io.err(`${formatIssue(issue)}\n`);
      return EXIT_USAGE;
    }
    if (controller.signal.aborted) {
      io.err(`ccsim design: interrupted. The runs finished so far are in ${outText}; finish with:\n  ccsim design ${file} --out ${outText}${shard ? ` --shard ${shard.index}/${shard.count}` : ''} --resume\n`);
      return 130;
    }
    throw err;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
