/**
 * ccsim run: the weekly series (one row per replicate and week), or with --summary one row per
 * replicate of the per-run summary, --sites one row per replicate and site, --events one row per
 * event. Replicate r's seed derives from the root seed and r alone.
 */
import {
  MAX_SEED,
  formatIssue,
  replicateSeed,
  runScenario,
  schemaNodeAt,
  SUMMARY_METRICS,
  SITE_OUTPUTS,
  seriesColumns,
  unitLabel,
  type RunResult,
  type Scenario,
} from '../../core/index.ts';
import { loadScenario } from '../scenario-files.ts';
import { behaviourEnsemble, withEnsembleMember } from '../../core/scenario/behaviour.ts';
import { TableWriter, type Cell } from '../output/table.ts';
import { rowOf } from '../../core/metrics/series.ts';
import { summaryTable } from '../output/summary-table.ts';
import { openSink, type CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, integerFlag, UsageError } from './usage.ts';
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';

export const RUN = {
  synopsis: ['ccsim run <scenario.json> [options]'],
  about: 'Simulate a scenario and write a tidy table (CSV by default) to standard output.',
  positionals: true,
  options: {
    seed: { type: 'string', value: 'N', help: "root seed (default: the scenario's seed)" },
    replicates: { type: 'string', value: 'N|A..B', help: "replicates 1..N, or A..B (default: the file's own replicates, else 1); each replicate's seed derives from the root seed and its number only" },
    weeks: { type: 'string', value: 'N', help: 'weeks to simulate (overrides time.weeks)' },
    set: { type: 'string', multiple: true, value: 'path=value', help: 'override any scenario setting, e.g. --set coreTeam.hoursPerWeek=40 or --set community.groups[1].share=0.5 (repeatable; checked like the file)' },
    summary: { type: 'boolean', help: 'one row per replicate: the per-run summary' },
    sites: { type: 'boolean', help: 'one row per replicate and site: per-site results' },
    events: { type: 'boolean', help: 'one row per event: joins, dropouts, conflict flares, ...' },
    format: { type: 'string', value: 'csv|json|table', help: "output format (default csv); table (with --summary only) prints each metric's mean over replicates with its 95% interval" },
    'model-uncertainty': { type: 'boolean', help: "replicate r runs on behaviour set r of the fitted model's ensemble (scenarios/behaviour.json; cycling), so the spread between replicates holds the fit's parameter uncertainty as well as replicate noise; a behaviour value the scenario sets itself is kept" },
    out: { type: 'string', value: 'FILE', help: 'write to FILE instead of standard output' },
  },
  footer: 'The first columns are always replicate, seed and (for the series) week. docs/model.md#outputs lists every column.',
} as const satisfies CommandSpec;

export const RUN_USAGE = usageOf(RUN);

type Mode = 'series' | 'summary' | 'sites' | 'events';

export async function runCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.out(RUN_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one scenario file, got ${positionals.length}` : 'missing the scenario file', RUN_USAGE);
  const modes = (['summary', 'sites', 'events'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`choose one of --summary, --sites and --events, not ${modes.map((m) => `--${m}`).join(' and ')}`, RUN_USAGE);
  const mode: Mode = modes[0] ?? 'series';
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json' && format !== 'table') throw new UsageError(`--format: expected csv, json or table, got ${JSON.stringify(values.format)}`, RUN_USAGE);
  if (format === 'table' && mode !== 'summary') throw new UsageError('--format table works with --summary only', RUN_USAGE);
  const sets = [...(values.set ?? [])];
  if (values.weeks !== undefined) {
    // Checked here against the schema's range, so a bad value is reported as --weeks, not as an override.
    const range = schemaNodeAt(['time', 'weeks']);
    sets.push(`time.weeks=${integerFlag('--weeks', values.weeks, range?.minimum ?? 1, range?.maximum ?? 1_000_000, RUN_USAGE)}`);
  }

  const loaded = loadScenario(positionals[0], sets, io.cwd);
  if (!loaded.ok) {
    for (const issue of loaded.issues) io.err(`${formatIssue(issue)}\n`);
    return EXIT_USAGE;
  }
  const scenario = loaded.value;
  // The flag wins; else the file's own number of replicates; else one.
  const [first, last] = values.replicates === undefined && scenario.replicates !== undefined ? [1, scenario.replicates] : replicateRange(values.replicates);
  const uncertain = values['model-uncertainty'] === true;
  if (uncertain && !behaviourEnsemble()) throw new UsageError('--model-uncertainty: the behaviour file has no ensemble of fitted behaviour sets (ccsim calibrate --joint scenarios/calibration.json --ensemble K --write makes one)', RUN_USAGE);
  // Replicate r's scenario: under model uncertainty, on behaviour set r of the ensemble.
  const scenarioFor = (r: number) => (uncertain ? withEnsembleMember(scenario, r) : scenario);
  const root = values.seed !== undefined ? integerFlag('--seed', values.seed, 0, MAX_SEED, RUN_USAGE) : scenario.seed;
  const sink = openSink(io, values.out);
  try {
    if (format === 'table') {
      const summaries = [];
      for (let r = first; r <= last; r++) summaries.push(runScenario(scenarioFor(r), { seed: replicateSeed(root, r) }).summary);
      // The heading names every override, so that tables of the same file under different --set read apart.
      const overrides = sets.length ? `; ${sets.join(', ')}` : '';
      sink.write(summaryTable(`${scenario.title ?? scenario.name} (root seed ${root}${overrides}${uncertain ? '; replicate noise and model uncertainty' : ''})`, summaries, unitLabel(scenario.challenge), scenario.costs.currency));
      sink.close();
      return EXIT_OK;
    }
    const table = new TableWriter(format, columnsFor(mode, scenario), sink.write);
    for (let r = first; r <= last; r++) {
      const seed = replicateSeed(root, r);
      const result = runScenario(scenarioFor(r), { seed });
      table.rows(rowsFor(mode, result, r, seed));
    }
    table.end();
    sink.close();
  } catch (err) {
    sink.abort();
    throw err;
  }
  return EXIT_OK;
}

function parse(argv: string[]) {
  try {
    return parseCommand(RUN, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, RUN_USAGE);
  }
}

/** --replicates N means 1..N; A..B means A to B inclusive. */
export function replicateRange(text: string | undefined): [number, number] {
  if (text === undefined) return [1, 1];
  const range = /^(\d+)\.\.(\d+)$/.exec(text.trim());
  if (range) {
    const a = integerFlag('--replicates', range[1], 1, 1_000_000, RUN_USAGE);
    const b = integerFlag('--replicates', range[2], 1, 1_000_000, RUN_USAGE);
    if (b < a) throw new UsageError(`--replicates: expected A..B with A <= B, got ${JSON.stringify(text)}`, RUN_USAGE);
    return [a, b];
  }
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--replicates: expected N or A..B (such as 10 or 3..5), got ${JSON.stringify(text)}`, RUN_USAGE);
  return [1, integerFlag('--replicates', text, 1, 1_000_000, RUN_USAGE)];
}

function columnsFor(mode: Mode, scenario: Scenario): string[] {
  switch (mode) {
    case 'series':
      return ['replicate', 'seed', 'week', ...seriesColumns(scenario).map((c) => c.name)];
    case 'summary':
      return ['replicate', 'seed', ...SUMMARY_METRICS.map((m) => m.name)];
    case 'sites':
      return ['replicate', 'seed', ...SITE_OUTPUTS.map((c) => c.name)];
    case 'events':
      return ['replicate', 'seed', 'week', 'kind', 'site', 'value'];
  }
}


function rowsFor(mode: Mode, result: RunResult, replicate: number, seed: number): Cell[][] {
  switch (mode) {
    case 'series': {
      const { values, weeks, firstWeek } = result.series;
      const rows: Cell[][] = [];
      for (let w = firstWeek; w <= weeks; w++) rows.push([replicate, seed, w, ...values.map((column) => column[rowOf(result.series, w)])]);
      return rows;
    }
    case 'summary':
      return [[replicate, seed, ...SUMMARY_METRICS.map((m) => result.summary[m.name] ?? null)]];
    case 'sites':
      return result.sites.map((s) => [replicate, seed, ...SITE_OUTPUTS.map((c) => s[c.name] as Cell)]);
    case 'events':
      return result.events.map((e) => [replicate, seed, e.week, e.kind, e.site, e.value]);
  }
}
