/** ccsim schema: the JSON Schema of scenario files, or of experiment files, or of calibration targets files. */
import { parseArgs } from 'node:util';
import { scenarioJsonSchema } from '../../core/index.ts';
import { experimentJsonSchema } from '../../core/experiment/validate.ts';
import { targetsJsonSchema } from '../calibration/calibrate.ts';
import { openSink, type CliIO } from './io.ts';
import { EXIT_OK, UsageError } from './usage.ts';

export const SCHEMA_USAGE = `Usage: ccsim schema [options]

Print the JSON Schema of scenario files (generated from the engine's schema). Bundled
scenarios point at scenarios/scenario.schema.json, experiments at
scenarios/experiment.schema.json and calibration targets at scenarios/targets.schema.json, so
editors complete and check them.

Options:
  --experiment  the schema of experiment files instead
  --targets     the schema of calibration targets files instead
  --out FILE    write to FILE instead of standard output
  -h, --help   show this help
`;

export function schemaText(kind: 'scenario' | 'experiment' | 'targets' = 'scenario'): string {
  const schema = kind === 'experiment' ? experimentJsonSchema() : kind === 'targets' ? targetsJsonSchema() : scenarioJsonSchema();
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, experiment: { type: 'boolean' }, targets: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, SCHEMA_USAGE);
  }
  if (parsed.values.help) {
    io.out(SCHEMA_USAGE);
    return EXIT_OK;
  }
  if (parsed.values.experiment && parsed.values.targets) throw new UsageError('give --experiment or --targets, not both', SCHEMA_USAGE);
  const sink = openSink(io, parsed.values.out);
  sink.write(schemaText(parsed.values.experiment ? 'experiment' : parsed.values.targets ? 'targets' : 'scenario'));
  sink.close();
  return EXIT_OK;
}
