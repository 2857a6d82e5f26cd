/** ccsim schema: the JSON Schema of scenario files, or of experiment, calibration targets or joint calibration files. */
import { parseArgs } from 'node:util';
import { scenarioJsonSchema } from '../../core/index.ts';
import { experimentJsonSchema } from '../../core/experiment/validate.ts';
import { targetsJsonSchema } from '../calibration/calibrate.ts';
import { jointJsonSchema } from '../calibration/joint.ts';
import { openSink, type CliIO } from './io.ts';
import { EXIT_OK, UsageError } from './usage.ts';

export const SCHEMA_USAGE = `Usage: ccsim schema [options]

Print the JSON Schema of scenario files (generated from the engine's schema). Bundled
scenarios point at scenarios/scenario.schema.json, experiments at
scenarios/experiment.schema.json, calibration targets at scenarios/targets.schema.json and
the joint calibration at scenarios/calibration.schema.json, so editors complete and check them.

Options:
  --experiment  the schema of experiment files instead
  --targets     the schema of calibration targets files instead
  --joint       the schema of joint calibration files (ccsim calibrate --joint) instead
  --out FILE    write to FILE instead of standard output
  -h, --help   show this help
`;

export function schemaText(kind: 'scenario' | 'experiment' | 'targets' | 'joint' = 'scenario'): string {
  const schema = kind === 'experiment' ? experimentJsonSchema() : kind === 'targets' ? targetsJsonSchema() : kind === 'joint' ? jointJsonSchema() : scenarioJsonSchema();
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { out: { type: 'string' }, experiment: { type: 'boolean' }, targets: { type: 'boolean' }, joint: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message, SCHEMA_USAGE);
  }
  if (parsed.values.help) {
    io.out(SCHEMA_USAGE);
    return EXIT_OK;
  }
  const kinds = (['experiment', 'targets', 'joint'] as const).filter((k) => parsed.values[k]);
  if (kinds.length > 1) throw new UsageError(`give one of --experiment, --targets and --joint, not ${kinds.map((k) => `--${k}`).join(' and ')}`, SCHEMA_USAGE);
  const sink = openSink(io, parsed.values.out);
  sink.write(schemaText(kinds[0] ?? 'scenario'));
  sink.close();
  return EXIT_OK;
}
