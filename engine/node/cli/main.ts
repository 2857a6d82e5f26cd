/**
 * The ccsim command line: parses the command, runs it, and turns mistakes into a message and
 * usage (exit 2). Anything else is a bug in ccsim, reported as such (exit 1).
 */
import { processIO, type CliIO } from './io.ts';
import { runCommand } from './run-command.ts';
import { validateCommand } from './validate-command.ts';
import { schemaCommand } from './schema-command.ts';
import { docsCommand } from './docs-command.ts';
import { experimentCommand } from './experiment-command.ts';
import { mergeCommand } from './merge-command.ts';
import { analyzeCommand } from './analyze-command.ts';
import { calibrateCommand } from './calibrate-command.ts';
import { designCommand } from './design-command.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, MAIN_USAGE, UsageError } from './usage.ts';
import { fileSystemProblem } from './file-errors.ts';
import { CCSIM_VERSION } from '../version.ts';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  run: runCommand,
  experiment: experimentCommand,
  merge: mergeCommand,
  analyze: analyzeCommand,
  design: designCommand,
  calibrate: calibrateCommand,
  validate: validateCommand,
  schema: schemaCommand,
  docs: docsCommand,
  version: async (_argv, io) => {
    io.out(`ccsim ${CCSIM_VERSION}\n`);
    return EXIT_OK;
  },
};

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(MAIN_USAGE);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version') return COMMANDS.version(rest, io);
  const command = COMMANDS[name];
  if (!command) {
    io.err(`ccsim: unknown command ${JSON.stringify(name)}\n\n${MAIN_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`ccsim ${name}: ${err.message}\n\n${err.usage}`);
      return EXIT_USAGE;
    }
    const problem = fileSystemProblem(err);
    if (problem) {
      io.err(`ccsim ${name}: ${problem}\n`);
      return EXIT_USAGE;
    }
    const e = err as Error;
    io.err(`ccsim ${name}: internal error (a bug in ccsim; please report it with the command you ran)\n${e.stack ?? e.message}\n`);
    return EXIT_INTERNAL;
  }
}
