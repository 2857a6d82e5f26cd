/** ccsim validate: check scenario files, reporting every problem in every file. */
import { parseArgs } from 'node:util';
import { formatIssue } from '../../core/index.ts';
import { loadScenario } from '../scenario-files.ts';
import type { CliIO } from './io.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './usage.ts';

export const VALIDATE_USAGE = `Usage: ccsim validate <file>... [options]

Check scenario files (following any extends). Prints 'ok <file>' for each valid file;
otherwise every problem, with the file, the path inside it, what was expected, what was
found and how to fix it. Exit status 0 when all are valid, 2 otherwise.

Options:
  -h, --help   show this help
`;

export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
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
    const result = loadScenario(file, [], io.cwd);
    if (result.ok) io.out(`ok ${file}\n`);
    else {
      failed = true;
      for (const issue of result.issues) io.err(`${formatIssue(issue)}\n`);
    }
  }
  return failed ? EXIT_USAGE : EXIT_OK;
}
