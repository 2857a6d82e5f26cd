/** ccsim schema: the JSON Schema of scenario files, or of experiment, design search, calibration targets or joint calibration files. */
import { parseCommand, usageOf, type CommandSpec } from './command-spec.ts';
import { scenarioJsonSchema } from '../../core/index.ts';
import { experimentJsonSchema } from '../../core/experiment/validate.ts';
import { searchJsonSchema } from '../../core/search/validate.ts';
import { targetsJsonSchema } from '../calibration/calibrate.ts';
import { jointJsonSchema } from '../calibration/joint.ts';
import { openSink, type CliIO } from './io.ts';
import { EXIT_OK, UsageError } from './usage.ts';

export const SCHEMA = {
  synopsis: ['ccsim schema [options]'],
  about: `Print the JSON Schema of scenario files (generated from the engine's schema). Bundled
scenarios point at scenarios/scenario.schema.json, experiments at
scenarios/experiment.schema.json, design searches at scenarios/search.schema.json,
calibration targets at scenarios/targets.schema.json and the joint calibration at
scenarios/calibration.schema.json, so editors complete and check them.`,
  positionals: false,
  options: {
    experiment: { type: 'boolean', help: 'the schema of experiment files instead' },
    search: { type: 'boolean', help: 'the schema of design search files (ccsim design) instead' },
    targets: { type: 'boolean', help: 'the schema of calibration targets files instead' },
    joint: { type: 'boolean', help: 'the schema of joint calibration files (ccsim calibrate --joint) instead' },
    out: { type: 'string', value: 'FILE', help: 'write to FILE instead of standard output' },
  },
} as const satisfies CommandSpec;

export const SCHEMA_USAGE = usageOf(SCHEMA);

export function schemaText(kind: 'scenario' | 'experiment' | 'search' | 'targets' | 'joint' = 'scenario'): string {
  const schemas = { scenario: scenarioJsonSchema, experiment: experimentJsonSchema, search: searchJsonSchema, targets: targetsJsonSchema, joint: jointJsonSchema };
  const schema = schemas[kind]();
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function schemaCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommand(SCHEMA, argv);
  } catch (err) {
    throw new UsageError((err as Error).message, SCHEMA_USAGE);
  }
  if (parsed.values.help) {
    io.out(SCHEMA_USAGE);
    return EXIT_OK;
  }
  const kinds = (['experiment', 'search', 'targets', 'joint'] as const).filter((k) => parsed.values[k]);
  if (kinds.length > 1) throw new UsageError(`give one of --experiment, --search, --targets and --joint, not ${kinds.map((k) => `--${k}`).join(' and ')}`, SCHEMA_USAGE);
  const sink = openSink(io, parsed.values.out);
  sink.write(schemaText(kinds[0] ?? 'scenario'));
  sink.close();
  return EXIT_OK;
}
