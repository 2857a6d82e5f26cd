/** ccsim analyze: what an experiment's results folder says (comparisons or sensitivity indices). */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { resolve } from 'node:path';
import { analyzeResults, writeAnalysis } from '../experiment/analyze.ts';
import { ResultsError } from '../experiment/results-dir.ts';
import type { CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';

export const ANALYZE = {
  synopsis: ['ccsim analyze <results folder> [options]'],
  about: `Analyse the results of \`ccsim experiment\` (or \`ccsim merge\`), as the design asks:
  factorial, list        every point minus a reference point, per metric, with its 95%
                         interval (paired by replicate under common seeding); with
                         costFull and careImproved kept, also each point's cost per case
                         improved against the reference (ICER, Fieller's 95% interval) and
                         its acceptability curve over willingness to pay
  latin-hypercube        partial rank correlation of each parameter with each metric
  morris                 mu* (with a bootstrap 95% interval), mu and sigma per parameter
  sobol                  first-order and total Sobol indices with bootstrap 95% intervals
Prints a short report, and writes it with a tidy table to DIR/analysis.txt and
DIR/analysis.csv (columns: analysis, metric, point, versus, parameter, statistic,
estimate, lower95, upper95, n). In the report a share's difference is in percentage points
(the table keeps shares), and * marks an interval that excludes 0.`,
  positionals: true,
  options: {
    reference: { type: 'string', value: 'POINT', help: "the reference point: its id (runs.csv's point column) or its number in the design, from 1 (default: the first point)" },
    metric: { type: 'string', multiple: true, value: 'NAME', help: 'analyse this metric (repeatable; default: every metric kept)' },
    resamples: { type: 'string', value: 'N', help: 'bootstrap resamples for intervals of indices (default 1000)' },
  },
} as const satisfies CommandSpec;

export const ANALYZE_USAGE = usageOf(ANALYZE);

export async function analyzeCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(ANALYZE, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, ANALYZE_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(ANALYZE_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one results folder, got ${positionals.length}` : 'missing the results folder', ANALYZE_USAGE);
  const resamples = values.resamples === undefined ? undefined : integerFlag('--resamples', values.resamples, 10, 1_000_000, ANALYZE_USAGE);
  const dir = resolve(io.cwd, positionals[0]);
  try {
    const analysis = await analyzeResults(dir, { reference: values.reference, metrics: values.metric, resamples });
    writeAnalysis(dir, analysis);
    io.out(analysis.report);
    return EXIT_OK;
  } catch (err) {
    if (err instanceof ResultsError) {
      io.err(`ccsim analyze: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
