/** ccsim docs: refresh the generated sections of the model documentation (or check them). */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { refreshGenerated } from '../../core/docs/reference.ts';
import type { CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

export const DOCS_USAGE = `Usage: ccsim docs [options]

Rewrite the generated sections of docs/model.md (the parameter table, the outputs and the
weekly schedule) from the engine's schema and metric definitions.

Options:
  --file FILE  the document to refresh (default docs/model.md)
  --check      change nothing; exit 2 and name the sections that are out of date
  -h, --help   show this help
`;

export async function docsCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { file: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
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
  const result = refreshGenerated(text);
  if (result.missing.length) {
    io.err(`${file}: expected the markers <!-- generated:NAME --> and <!-- /generated:NAME --> for ${result.missing.join(', ')}, got none. Add them where the sections belong.\n`);
    return EXIT_USAGE;
  }
  if (parsed.values.check) {
    if (result.stale.length) {
      io.err(`${file}: out of date: ${result.stale.join(', ')}. Run ccsim docs (npm run docs) to refresh.\n`);
      return EXIT_USAGE;
    }
    io.out(`ok ${file}\n`);
    return EXIT_OK;
  }
  writeFileSync(path, result.text);
  io.out(result.stale.length ? `refreshed ${result.stale.join(', ')} in ${file}\n` : `${file} was up to date\n`);
  return EXIT_OK;
}
