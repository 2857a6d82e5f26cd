/** ccsim calibrate: fit scenario parameters to published figures, and report the fit. */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { formatIssue } from '../../core/index.ts';
import { unwritablePath } from './file-errors.ts';
import { kindOf } from '../scenario-files.ts';
import { calibrate, fitReport, fitReportCsv, loadCalibration, TargetsWithoutValues } from '../calibration/calibrate.ts';
import { calibrateJoint, fittedBehaviourFile, holdToPatterns, patternFailures, jointReport, loadJoint, programmeRecord, sampleEnsemble, screenPatterns, withinWithEachAtPrior, type EnsembleOutcome, type PatternScreen } from '../calibration/joint.ts';
import type { BehaviourFile } from '../../core/scenario/behaviour.ts';
import { leaveOneOut, leaveOneOutRecord, leaveOneOutReport } from '../calibration/leave-one-out.ts';
import { writeFileWhole, type CliIO } from './io.ts';
import { behaviourSensitivity, sensitivityReport } from '../calibration/sensitivity.ts';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';

export const CALIBRATE = {
  synopsis: ['ccsim calibrate <scenario> --targets <targets.json> [options]', 'ccsim calibrate --joint <calibration.json> [--write | --leave-out NAME | --leave-one-out |',
    '                 --sensitivity FILE] [options]'],
  about: `Fit the parameters the targets file names (within their bounds) so that the scenario
reproduces the published figures it lists, by Nelder-Mead on common random numbers (the same
replicate seeds at every evaluation), restarted at the best point while that improves the fit
(method.restarts in the targets file). Writes the fitted scenario (the original file with the
fitted values and a calibration record of every target) and prints the fit report: each
target's published value, the band that counts as reproducing it, and the simulated mean with
its 95% interval.

With --joint, fit the shared behaviour set (scenarios/behaviour.json) to every programme the
file lists at once: each programme's scenario sets only its design, challenge and context (a file
that sets a behaviour value is refused), programmes marked "predict" are predicted and never
fitted. Prints the fit of every target of every programme, and flags a fitted value at its bound
and a fit with more settings than targets.`,
  positionals: true,
  options: {
    targets: { type: 'string', value: 'FILE', help: 'the calibration targets (required without --joint)' },
    joint: { type: 'string', value: 'FILE', help: 'fit the shared behaviour to the programmes in FILE (scenarios/calibration.json)' },
    write: { type: 'boolean', help: "with --joint: write the fitted values and their record into the behaviour file, and each programme's record into its scenario file (with --check: refresh only the programmes' records, at the behaviour as it stands)" },
    'leave-out': { type: 'string', value: 'NAME', help: 'with --joint: fit without the programme NAME and predict it (writes nothing)' },
    'leave-one-out': { type: 'boolean', help: 'with --joint: leave out each fitted programme in turn, fit on the rest and predict it; prints every prediction (--report FILE.json keeps them)' },
    patterns: { type: 'boolean', help: "with --joint: hold the fit to the model brief's patterns (every row of the ablation table must hold): where the best fit breaks some, take the furthest point towards it from the documented priors at which all hold" },
    screen: { type: 'boolean', help: "with --joint: then check which of the model brief's patterns the fit breaks, with every fitted value at once and with each on its own (the others at their priors); with --write, the screen is recorded in the behaviour file" },
    sensitivity: { type: 'string', value: 'FILE', help: "with --joint: do not fit: screen every numeric behaviour setting at once on each fitted programme (Morris, over the fit's uncertainty for fitted settings and half to one and a half times the prior for the others) and write the record to FILE.json (docs/validation/sensitivity.json)" },
    trajectories: { type: 'string', value: 'R', help: 'with --sensitivity: Morris trajectories (default 10)' },
    ensemble: { type: 'string', value: 'K', help: "with --joint: then sample behaviour sets around the fit and keep up to K that reproduce every target the fit reproduces (model uncertainty: what 'ccsim run --model-uncertainty' and the web app's option run); with --write, they are recorded in the behaviour file" },
    out: { type: 'string', value: 'FILE', help: "where to write the fitted scenario (default: <scenario>.fitted.json beside it; give the scenario's own path to update it in place)" },
    check: { type: 'boolean', help: 'do not fit: report how the scenario as it stands meets the targets, and exit with status 3 if any is not reproduced' },
    report: { type: 'string', value: 'FILE', help: 'also write the fit report to FILE: a tidy CSV (one row per target) if FILE ends in .csv, the text report otherwise' },
    workers: { type: 'string', value: 'N', help: `worker threads (default: every core, here ${availableParallelism()})` },
  },
} as const satisfies CommandSpec;

export const CALIBRATE_USAGE = usageOf(CALIBRATE);

export async function calibrateCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(CALIBRATE, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, CALIBRATE_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(CALIBRATE_USAGE);
    return EXIT_OK;
  }
  const workersGiven = values.workers === undefined ? undefined : integerFlag('--workers', values.workers, 1, 1024, CALIBRATE_USAGE);
  if (values.joint !== undefined) {
    const ensemble = values.ensemble === undefined ? undefined : integerFlag('--ensemble', values.ensemble, 2, 200, CALIBRATE_USAGE);
    const trajectories = values.trajectories === undefined ? undefined : integerFlag('--trajectories', values.trajectories, 2, 1000, CALIBRATE_USAGE);
    return jointCommand(values.joint, { ...values, ensemble, trajectories, workers: workersGiven, positionals }, io);
  }
  for (const flag of ['write', 'leave-out', 'leave-one-out', 'ensemble', 'patterns', 'screen', 'sensitivity', 'trajectories'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with --joint`, CALIBRATE_USAGE);
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one scenario file, got ${positionals.length}` : 'missing the scenario file', CALIBRATE_USAGE);
  if (!values.targets) throw new UsageError('missing --targets FILE (the published figures to fit)', CALIBRATE_USAGE);
  const workers = workersGiven;
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
  if (!values.check && loaded.value.targets.parameters.length === 0) {
    throw new UsageError(`${values.targets} names no parameters to fit: add some, or give --check to see how the scenario meets its targets`, CALIBRATE_USAGE);
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
    writeFileWhole(resolve(io.cwd, out), `${JSON.stringify(outcome.fittedData, null, 2)}\n`);
    io.err(`wrote the fitted scenario to ${out}\n`);
  }
  if (values.report) {
    const report = resolve(io.cwd, values.report);
    writeFileWhole(report, /\.csv$/i.test(report) ? fitReportCsv(outcome) : fitReport(outcome));
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

interface JointFlags {
  write?: boolean;
  'leave-out'?: string;
  'leave-one-out'?: boolean;
  ensemble?: number;
  patterns?: boolean;
  screen?: boolean;
  sensitivity?: string;
  trajectories?: number;
  check?: boolean;
  report?: string;
  out?: string;
  targets?: string;
  workers?: number;
  positionals: string[];
}

/** ccsim calibrate --joint: the shared behaviour fitted to (or checked on) every programme. */
async function jointCommand(file: string, flags: JointFlags, io: CliIO): Promise<number> {
  if (flags.positionals.length) throw new UsageError(`--joint takes no scenario file (the programmes are listed in ${file}): remove ${flags.positionals[0]}`, CALIBRATE_USAGE);
  if (flags.targets !== undefined || flags.out !== undefined) throw new UsageError(`--${flags.targets !== undefined ? 'targets' : 'out'} does not go with --joint (each programme names its targets; --write updates the files in place)`, CALIBRATE_USAGE);
  // --check --write refreshes each programme's record at the behaviour as it stands (after a programme file changes) without fitting.
  const modes = [flags.write && !flags.check && '--write', flags['leave-out'] !== undefined && '--leave-out', flags['leave-one-out'] && '--leave-one-out', flags.sensitivity !== undefined && '--sensitivity', flags.check && (flags.write ? '--check --write' : '--check')].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} do not go together`, CALIBRATE_USAGE);
  if (flags.trajectories !== undefined && flags.sensitivity === undefined) throw new UsageError('--trajectories goes with --sensitivity', CALIBRATE_USAGE);
  if (flags.sensitivity !== undefined && !/\.json$/i.test(flags.sensitivity)) throw new UsageError(`--sensitivity writes a JSON record: give a file name ending in .json, not ${flags.sensitivity}`, CALIBRATE_USAGE);
  if (flags.ensemble !== undefined && (flags['leave-out'] !== undefined || flags['leave-one-out'])) throw new UsageError('--ensemble goes with a fit of every programme (or --check), not with leaving one out', CALIBRATE_USAGE);
  const loaded = loadJoint(file, io.cwd, flags['leave-out']);
  if (!loaded.ok) {
    for (const issue of loaded.issues) io.err(`${formatIssue(issue)}\n`);
    return EXIT_USAGE;
  }
  const unwritable = [...(flags.write ? [loaded.value.behaviourFile, ...loaded.value.programmes.map((p) => p.inputs.scenarioFile)] : []), ...(flags.report ? [resolve(io.cwd, flags.report)] : []), ...(flags.sensitivity ? [resolve(io.cwd, flags.sensitivity)] : [])].map((f) => unwritablePath(f)).filter((p) => p !== null);
  if (unwritable.length) {
    for (const p of unwritable) io.err(`ccsim calibrate: ${p}\n`);
    return EXIT_USAGE;
  }
  if (flags.sensitivity !== undefined) {
    let last = 0;
    const record = await behaviourSensitivity(loaded.value, {
      trajectories: flags.trajectories,
      workers: flags.workers,
      onProgress: (programme, done, of) => {
        if (performance.now() - last < 2000 && done < of) return;
        last = performance.now();
        io.err(`calibrate: sensitivity of ${programme}: ${done} of ${of} runs\n`);
      },
    });
    io.out(sensitivityReport(record));
    writeFileWhole(resolve(io.cwd, flags.sensitivity), `${JSON.stringify(record, null, 2)}\n`);
    io.err(`wrote the sensitivity record to ${flags.sensitivity}\n`);
    return EXIT_OK;
  }
  const progress = jointProgress(io, loaded.value.spec.method.maxEvaluations);
  if (flags['leave-one-out']) {
    const predictions = await leaveOneOut(loaded.value, { workers: flags.workers, onEvaluation: progress.tick, onStart: progress.start, patterns: flags.patterns, onCheck: patternProgress(io) });
    io.out(leaveOneOutReport(predictions));
    if (flags.report) {
      writeFileWhole(resolve(io.cwd, flags.report), /\.json$/i.test(flags.report) ? `${JSON.stringify(leaveOneOutRecord(predictions), null, 2)}\n` : leaveOneOutReport(predictions));
      io.err(`wrote the predictions to ${flags.report}\n`);
    }
    return EXIT_OK;
  }
  progress.start(flags.check ? 'checking the shared behaviour' : flags['leave-out'] ? `fitting without ${flags['leave-out']}` : 'fitting the shared behaviour');
  const fit = await calibrateJoint(loaded.value, { workers: flags.workers, checkOnly: flags.check === true, onEvaluation: progress.tick });
  // A fit is held to the patterns; a check only says which fail where the behaviour stands.
  const outcome = flags.patterns && !flags.check ? await holdToPatterns(fit, { workers: flags.workers, onCheck: patternProgress(io) }) : fit;
  let text = jointReport(outcome);
  if (flags.patterns && flags.check) {
    const failed = patternFailures(fit.fitted.map((f) => f.path), fit.fitted.map((f) => f.value));
    text += `\n${failed.length ? `${failed.length} of the model brief's patterns do not hold: ${failed.join(', ')}.` : "Every one of the model brief's patterns holds."}\n`;
  }
  let screen: PatternScreen | undefined;
  if (flags.screen) {
    screen = screenPatterns(outcome.fitted, (label, failed) => io.err(`calibrate: patterns with ${label}: ${failed.length ? `${failed.length} fail (${failed.join(', ')})` : 'all hold'}\n`));
    const figures = await withinWithEachAtPrior(loaded.value, outcome.fitted, { workers: flags.workers });
    screen.withinAtFit = figures.atFit;
    screen.oneAtATime.forEach((row, i) => (row.withinAtPrior = figures.atPrior[i]));
    text += `\nPatterns broken with every fitted value at once: ${screen.all.length ? screen.all.join(', ') : 'none'}; ${figures.atFit} figures within their bands.\n`;
    for (const row of screen.oneAtATime) text += `  ${row.path} alone at ${row.value}: ${row.fail.length ? row.fail.join(', ') : 'every pattern holds'}; back at its prior, ${row.withinAtPrior} figures within their bands\n`;
  }
  let ensemble: EnsembleOutcome | undefined;
  if (flags.ensemble !== undefined) {
    const candidates = flags.ensemble * 6;
    io.err(`calibrate: sampling up to ${candidates} behaviour sets around the fit for model uncertainty\n`);
    ensemble = await sampleEnsemble(loaded.value, outcome.fitted.map((f) => f.value), {
      workers: flags.workers,
      candidates,
      keep: flags.ensemble,
      onCandidate: (done, kept) => {
        if (done % 10 === 0) io.err(`calibrate: ${done} candidates, ${kept} kept\n`);
      },
    });
    text += `\nModel uncertainty: ${ensemble.members.length} behaviour sets kept of ${ensemble.candidates} drawn (${ensemble.rule}).\n`;
  }
  io.out(text);
  if (flags.write) {
    if (!flags.check) writeFileWhole(loaded.value.behaviourFile, `${JSON.stringify(withScreen(withEnsemble(fittedBehaviourFile(outcome), ensemble), screen), null, 2)}\n`);
    else if (ensemble || screen) writeFileWhole(loaded.value.behaviourFile, `${JSON.stringify(withScreen(withEnsemble(JSON.parse(readFileSync(loaded.value.behaviourFile, 'utf8')) as BehaviourFile, ensemble), screen), null, 2)}\n`);
    for (const p of loaded.value.programmes) {
      const record = programmeRecord(outcome, p.name);
      writeFileWhole(record.file, `${JSON.stringify(record.data, null, 2)}\n`);
    }
    io.err(`${flags.check ? 'refreshed' : `wrote the fitted behaviour to ${relative(io.cwd, loaded.value.behaviourFile)} and`} the record of ${loaded.value.programmes.length} programmes\n`);
  }
  if (flags.report) {
    writeFileWhole(resolve(io.cwd, flags.report), text);
    io.err(`wrote the fit report to ${flags.report}\n`);
  }
  if (flags.check) return outcome.programmes.every((p) => p.results.every((r) => r.within)) ? EXIT_OK : EXIT_CHECK_FAILED;
  return EXIT_OK;
}

/** Progress of the pattern checks (each runs the whole ablation table, a minute or two). */
function patternProgress(io: CliIO) {
  return (t: number, failed: string[], moved?: string) =>
    io.err(`calibrate: patterns ${moved ? `with ${moved} moved the rest of the way to its fit` : `at ${Math.round(t * 100)}% of the way from the priors to the fit`}: ${failed.length ? `${failed.length} fail (${failed.join(', ')})` : 'all hold'}\n`);
}

/** Progress on standard error: evaluations done, the best objective, and the time left at most. */
function jointProgress(io: CliIO, maxEvaluations: number) {
  let began = Date.now();
  let last = 0;
  return {
    start(what: string) {
      began = Date.now();
      last = 0;
      io.err(`calibrate: ${what} (at most ${maxEvaluations} evaluations)\n`);
    },
    tick(n: number, best: number) {
      if (n - last < 5) return;
      last = n;
      const each = (Date.now() - began) / n;
      const left = ((maxEvaluations - n) * each) / 60_000;
      io.err(`calibrate: ${n} evaluations, best objective ${best.toPrecision(3)}, ${(each / 1000).toFixed(1)} s each, at most ${left < 1 ? 'a minute' : `${Math.ceil(left)} minutes`} left\n`);
    },
  };
}

/** The behaviour file with the pattern screen in its calibration record. */
function withScreen(file: BehaviourFile, screen: PatternScreen | undefined): BehaviourFile {
  if (!screen) return file;
  if (!file.calibration) throw new UsageError('--screen records a screen of a fit: the behaviour file has no calibration record yet (fit first, with --write)', CALIBRATE_USAGE);
  return { ...file, calibration: { ...file.calibration, patternScreen: screen } };
}

/** The behaviour file with the model-uncertainty ensemble in its calibration record. */
function withEnsemble(file: BehaviourFile, ensemble: EnsembleOutcome | undefined): BehaviourFile {
  if (!ensemble) return file;
  if (!file.calibration) throw new UsageError('--ensemble samples around a fit: the behaviour file has no calibration record yet (fit first, with --write)', CALIBRATE_USAGE);
  return { ...file, calibration: { ...file.calibration, ensemble } };
}
