/** ccsim validate: check scenario, experiment, calibration targets, joint calibration and behaviour files, reporting every problem in every file. */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssue, parseJson, ScenarioSchema, type ScenarioIssue } from '../../core/index.ts';
import { behaviourIssues } from '../../core/scenario/behaviour.ts';
import { loadJoint } from '../calibration/joint.ts';
import { loadCalibration, readTargets } from '../calibration/calibrate.ts';
import { loadExperiment } from '../experiment/files.ts';
import { loadSearch } from '../search/files.ts';
import { fileReader, kindOf, loadScenario } from '../scenario-files.ts';
import type { CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

export const VALIDATE = {
  synopsis: ['ccsim validate <file>... [options]'],
  about: `Check scenario files (following any extends), experiment files (with every design point) and
calibration targets files (*.targets.json; against the scenario of the same name beside them,
when there is one). Prints 'ok <file>' for each valid file; otherwise every problem, with the
file, the path inside it, what was expected, what was found and how to fix it. Exit status 0
when all are valid, 2 otherwise.`,
  positionals: true,
  options: {},
} as const satisfies CommandSpec;

export const VALIDATE_USAGE = usageOf(VALIDATE);

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(VALIDATE, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, VALIDATE_USAGE);
  }
  if (parsed.values.help) {
    io.out(VALIDATE_USAGE);
    return EXIT_OK;
  }
  if (parsed.positionals.length === 0) throw new UsageError('missing the file(s) to validate', VALIDATE_USAGE);
  let failed = false;
  for (const file of parsed.positionals) {
    const result = check(file, io.cwd);
    if (result.ok) io.out(`ok ${file}${result.note}\n`);
    else {
      failed = true;
      for (const issue of result.issues) io.err(`${formatIssue(issue)}\n`);
    }
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}

type Checked = { ok: true; note: string } | { ok: false; issues: ScenarioIssue[] };

/** Check one file as what it is: a scenario, an experiment, a design search, or calibration targets. */
function check(file: string, cwd: string): Checked {
  const kind = kindOf(file, cwd);
  if (kind === 'experiment') {
    const r = loadExperiment(file, cwd);
    return r.ok ? { ok: true, note: ` (experiment, ${r.value.prepared.points.length} design points)` } : r;
  }
  if (kind === 'search') {
    const r = loadSearch(file, cwd);
    return r.ok ? { ok: true, note: ` (design search: ${r.value.search.levers.length} levers, ${r.value.prepared.contexts.length} contexts, ${r.value.prepared.objectives.length} objectives)` } : r;
  }
  if (kind === 'targets') {
    const scenario = file.replace(/\.targets\.json$/, '.json');
    if (scenario !== file && existsSync(resolve(cwd, scenario))) {
      const r = loadCalibration(scenario, file, cwd);
      return r.ok ? { ok: true, note: ` (calibration targets, checked against ${scenario})` } : r;
    }
    const r = readTargets(file, cwd);
    return r.ok ? { ok: true, note: ' (calibration targets; metric names and weeks are checked when calibrate reads them with a scenario)' } : r;
  }
  if (kind === 'joint') {
    const r = loadJoint(file, cwd);
    return r.ok ? { ok: true, note: ` (joint calibration: ${r.value.programmes.length} programmes, ${r.value.spec.parameters.length} shared behaviour settings to fit)` } : r;
  }
  if (kind === 'behaviour') {
    const read = fileReader(cwd).read(file);
    const json = read.ok ? parseJson(read.text, file) : null;
    if (!json?.ok) return json ?? { ok: false, issues: [{ code: 'file-unreadable', file, path: '', expected: 'a readable behaviour file', found: read.ok ? '' : read.reason, fix: 'Check the path.' }] };
    const issues = behaviourIssues(json.value, file, ScenarioSchema);
    return issues.length ? { ok: false, issues } : { ok: true, note: ' (shared behaviour set)' };
  }
  const r = loadScenario(file, [], cwd);
  return r.ok ? { ok: true, note: '' } : r;
}
