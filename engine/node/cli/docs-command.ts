/**
 * ccsim docs: refresh the generated documentation (or check it): the generated sections of the
 * model documentation, and the scenario library (docs/scenarios.md and its charts).
 */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { leverReference, refreshGenerated, refreshSections } from '../../core/docs/reference.ts';
import { buildCatalogue, staleFiles } from '../library/catalogue.ts';
import { ABLATIONS, ablationTable, runAblation } from '../library/ablations.ts';
import { collectValidation, validationMarkdown, VALIDATION_FILE } from '../library/validation.ts';
import type { CliIO } from './io.ts';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

export const DOCS = {
  synopsis: ['ccsim docs [options]'],
  about: `Rewrite the generated sections of docs/model.md (the parameter table, the outputs and the
weekly schedule) from the engine's schema and output catalogue, and its ablation table by
running every mechanism's behaviour with the mechanism and without it; docs/scenarios.md
with its charts (docs/images/scenarios/) by running every bundled scenario; and
docs/validation.md from the joint calibration's records (scenarios/behaviour.json, each
programme's record, docs/validation/leave-one-out.json) and fixed-seed runs; and the table of a
workshop room's levers in docs/workshop.md. Run it from the project folder.`,
  positionals: false,
  options: {
    file: { type: 'string', value: 'FILE', help: 'the model document to refresh (default docs/model.md)' },
    check: { type: 'boolean', help: 'change nothing; exit with status 3 and name what is out of date' },
  },
} as const satisfies CommandSpec;

export const DOCS_USAGE = usageOf(DOCS);

/** The trainer's guide to workshop rooms, whose levers table is generated. */
const WORKSHOP_GUIDE = join('docs', 'workshop.md');

export async function docsCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(DOCS, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, DOCS_USAGE);
  }
  if (parsed.values.help) {
    io.out(DOCS_USAGE);
    return EXIT_OK;
  }
  const file = parsed.values.file ?? 'docs/model.md';
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    io.err(`${file}: expected a documentation file, got no such file. Run ccsim docs from the project folder, or pass --file.\n`);
    return EXIT_USAGE;
  }
  // Runs every ablation, only once the document is known to hold the section.
  const result = refreshGenerated(text, { ablations: () => `${ablationTable(ABLATIONS.map((a) => runAblation(a)))}\n` });
  if (result.missing.length) {
    io.err(`${file}: expected the markers <!-- generated:NAME --> and <!-- /generated:NAME --> for ${result.missing.join(', ')}, got none. Add them where the sections belong.\n`);
    return EXIT_USAGE;
  }
  // The trainer's guide: its table of the levers a room's seats may pull.
  const guidePath = join(io.cwd, WORKSHOP_GUIDE);
  const guide = existsSync(guidePath) ? refreshSections(readFileSync(guidePath, 'utf8'), { levers: () => leverReference() }) : null;
  if (guide?.missing.length) {
    io.err(`${WORKSHOP_GUIDE}: expected the markers <!-- generated:levers --> and <!-- /generated:levers -->, got none. Add them where the table belongs.\n`);
    return EXIT_USAGE;
  }
  // The scenario library, generated whole from the scenario files.
  const catalogue = buildCatalogue(io.cwd);
  const staleLibrary = staleFiles(io.cwd, catalogue);
  // The validation report, generated whole from the calibration's records and fixed-seed runs.
  const validation = validationMarkdown(collectValidation(io.cwd));
  const validationPath = join(io.cwd, VALIDATION_FILE);
  if (!existsSync(validationPath) || readFileSync(validationPath, 'utf8') !== validation) staleLibrary.push(VALIDATION_FILE);
  if (guide?.stale.length) staleLibrary.push(WORKSHOP_GUIDE);
  if (parsed.values.check) {
    const problems = [...(result.stale.length ? [`${file}: ${result.stale.join(', ')}`] : []), ...staleLibrary];
    if (problems.length) {
      io.err(`out of date: ${problems.join('; ')}. Run ccsim docs (npm run docs) to refresh.\n`);
      return EXIT_CHECK_FAILED;
    }
    io.out(`ok ${file}\nok docs/scenarios.md\nok ${VALIDATION_FILE}\n`);
    return EXIT_OK;
  }
  writeFileSync(path, result.text);
  io.out(result.stale.length ? `refreshed ${result.stale.join(', ')} in ${file}\n` : `${file} was up to date\n`);
  writeFileSync(join(io.cwd, 'docs', 'scenarios.md'), catalogue.markdown);
  writeFileSync(validationPath, validation);
  if (guide) writeFileSync(guidePath, guide.text);
  for (const [chart, svg] of catalogue.charts) {
    mkdirSync(dirname(join(io.cwd, chart)), { recursive: true });
    writeFileSync(join(io.cwd, chart), svg);
  }
  io.out(staleLibrary.length ? `refreshed ${staleLibrary.join(', ')}\n` : `docs/scenarios.md, its charts and ${VALIDATION_FILE} were up to date\n`);
  return EXIT_OK;
}
