/** ccsim schema: the JSON Schema of scenario files, or with --experiment of experiment files. */
import { parseArgs } from 'node:util';
import { scenarioJsonSchema } from '../../core/index.ts';
import { experimentJsonSchema } from '../../core/experiment/validate.ts';
import { openSink, type CliIO } from './io.ts';
import { EXIT_OK, UsageError } from './usage.ts';

export const SCHEMA_USAGE = `Usage: ccsim schema [options]

Print the JSON Schema of scenario files (generated from the engine's schema). Bundled
scenarios point at scenarios/scenario.schema.json, and experiments at
scenarios/experiment.schema.json, so editors complete and check them.

Options:
  --experiment  the schema of experiment files instead
  --out FILE    write to FILE instead of standard output
  -h, --help   show this help
`;

export function schemaText(kind: 'scenario' | 'experiment' = 'scenario'): string {
  return `${JSON.stringify(kind === 'experiment' ? experimentJsonSchema() : scenarioJsonSchema(), null, 2)}\n`;
}

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, experiment: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, SCHEMA_USAGE);
  }
  if (parsed.values.help) {
    io.out(SCHEMA_USAGE);
    return EXIT_OK;
  }
  const sink = openSink(io, parsed.values.out);
  sink.write(schemaText(parsed.values.experiment ? 'experiment' : 'scenario'));
  sink.close();
  return EXIT_OK;
}
