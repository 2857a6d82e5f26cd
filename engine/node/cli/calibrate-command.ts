/** ccsim calibrate: fit scenario parameters to published figures, and report the fit. */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { formatIssue } from '../../core/index.ts';
import { unwritablePath } from './file-errors.ts';
import { kindOf } from '../scenario-files.ts';
import { calibrate, fitReport, fitReportCsv, loadCalibration, TargetsWithoutValues } from '../calibration/calibrate.ts';
import type { CliIO } from './io.ts';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';

export const CALIBRATE_USAGE = `Usage: ccsim calibrate <scenario> --targets <targets.json> [options]

Fit the parameters the targets file names (within their bounds) so that the scenario
reproduces the published figures it lists, by Nelder-Mead on common random numbers (the same
replicate seeds at every evaluation), restarted at the best point while that improves the fit
(method.restarts in the targets file). Writes the fitted scenario (the original file with the
fitted values and a calibration record of every target) and prints the fit report: each
target's published value, the band that counts as reproducing it, and the simulated mean with
its 95% interval.

Options:
  --targets FILE    the calibration targets (required)
  --out FILE        where to write the fitted scenario (default: <scenario>.fitted.json
                    beside it; give the scenario's own path to update it in place)
  --check           do not fit: report how the scenario as it stands meets the targets, and
                    exit with status 3 if any is not reproduced
  --report FILE     also write the fit report to FILE: a tidy CSV (one row per target) if
                    FILE ends in .csv, the text report otherwise
  --workers N       worker threads (default: every core, here ${availableParallelism()})
  -h, --help        show this help
`;

export async function calibrateCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { targets: { type: 'string' }, out: { type: 'string' }, report: { type: 'string' }, check: { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError((err as Error).message, CALIBRATE_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(CALIBRATE_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one scenario file, got ${positionals.length}` : 'missing the scenario file', CALIBRATE_USAGE);
  if (!values.targets) throw new UsageError('missing --targets FILE (the published figures to fit)', CALIBRATE_USAGE);
  const workers = values.workers === undefined ? undefined : integerFlag('--workers', values.workers, 1, 1024, CALIBRATE_USAGE);
  const scenarioFile = positionals[0];
  if (kindOf(scenarioFile, io.cwd) === 'targets') {
    throw new UsageError(`${scenarioFile} is a calibration targets file (it has parameters and targets): give the scenario first and the targets after --targets`, CALIBRATE_USAGE);
  }
  const loaded = loadCalibration(scenarioFile, values.targets, io.cwd);
  if (!loaded.ok) {
    for (const issue of loaded.issues) io.err(`${formatIssue(issue)}\n`);
    return EXIT_USAGE;
  }
  const out = values.out ?? join(dirname(scenarioFile), `${basename(scenarioFile).replace(/\.json$/i, '')}.fitted.json`);
  // A fit takes minutes: find out now, not after it, that its results could not be written.
  const unwritable = [...(values.check ? [] : [out]), ...(values.report ? [values.report] : [])].map((f) => unwritablePath(resolve(io.cwd, f))).filter((p) => p !== null);
  if (unwritable.length) {
    for (const p of unwritable) io.err(`ccsim calibrate: ${p}\n`);
    return EXIT_USAGE;
  }
  let last = 0;
  const outcome = await calibrateOrSay(
    io,
    values.targets,
    { ...loaded.value, scenarioFile: resolve(io.cwd, scenarioFile), targetsFile: resolve(io.cwd, values.targets) },
    {
      workers,
      checkOnly: values.check === true,
      out: resolve(io.cwd, out),
      onEvaluation: (n, best) => {
        if (n - last >= 10) {
          last = n;
          io.err(`calibrate: ${n} evaluations, best objective ${best.toPrecision(3)}\n`);
        }
      },
    },
  );
  if (!outcome) return EXIT_USAGE;
  io.out(fitReport(outcome));
  if (!values.check) {
    writeFileSync(resolve(io.cwd, out), `${JSON.stringify(outcome.fittedData, null, 2)}\n`);
    io.err(`wrote the fitted scenario to ${out}\n`);
  }
  if (values.report) {
    const report = resolve(io.cwd, values.report);
    writeFileSync(report, /\.csv$/i.test(report) ? fitReportCsv(outcome) : fitReport(outcome));
    io.err(`wrote the fit report to ${values.report}\n`);
  }
  if (values.check) return outcome.results.every((r) => r.within) ? EXIT_OK : EXIT_CHECK_FAILED;
  return EXIT_OK;
}

/** The calibration, or null after printing why its targets cannot be met at all. */
async function calibrateOrSay(io: CliIO, targetsShown: string, ...args: Parameters<typeof calibrate>) {
  try {
    return await calibrate(...args);
  } catch (err) {
    if (!(err instanceof TargetsWithoutValues)) throw err;
    for (const issue of err.issues) io.err(`${formatIssue({ ...issue, file: targetsShown })}\n`);
    return null;
  }
}
