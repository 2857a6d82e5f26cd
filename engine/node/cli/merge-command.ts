/** ccsim merge: join the shards of one experiment into the result an unsharded run gives. */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { dirname, relative, resolve } from 'node:path';
import { mergeResults } from '../experiment/merge.ts';
import { ResultsError } from '../experiment/results-dir.ts';
import type { CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

export const MERGE = {
  synopsis: ['ccsim merge <shard folder>... [--out DIR]'],
  about: `Join the folders written by \`ccsim experiment --shard i/N\` (all N of them, complete) into one
results folder: runs.csv and series.csv are exactly those of an unsharded run, summary.csv is
recomputed, and manifest.json lists the shards.`,
  positionals: true,
  options: {
    out: { type: 'string', value: 'DIR', help: 'where to write (default: the folder that holds the shard folders, when they share one, as `ccsim experiment --shard` makes them)' },
  },
} as const satisfies CommandSpec;

export const MERGE_USAGE = usageOf(MERGE);

export async function mergeCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(MERGE, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, MERGE_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(MERGE_USAGE);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('missing the shard folders', MERGE_USAGE);
  const dirs = positionals.map((d) => resolve(io.cwd, d));
  let out: string;
  if (values.out !== undefined) out = resolve(io.cwd, values.out);
  else {
    const parents = new Set(dirs.map((d) => dirname(d)));
    if (parents.size !== 1) throw new UsageError('the shard folders are in different folders; say where the merged results go with --out DIR', MERGE_USAGE);
    out = [...parents][0];
  }
  try {
    const manifest = await mergeResults(dirs, out);
    io.err(`merged ${dirs.length} shards of ${manifest.experiment.name}: ${manifest.runs.done} runs in ${relative(io.cwd, out) || '.'} (runs.csv, ${manifest.columns.series.length ? 'series.csv, ' : ''}summary.csv)\n`);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ResultsError) {
      io.err(`ccsim merge: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
