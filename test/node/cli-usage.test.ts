/** Every command's options come from one table: what it parses is what its usage documents. */
import { describe, expect, it } from 'vitest';
import { parseCommand, usageOf, type CommandSpec } from '../../engine/node/cli/command-spec.ts';
import { RUN } from '../../engine/node/cli/run-command.ts';
import { ANALYZE } from '../../engine/node/cli/analyze-command.ts';
import { CALIBRATE } from '../../engine/node/cli/calibrate-command.ts';
import { DOCS } from '../../engine/node/cli/docs-command.ts';
import { EXPERIMENT } from '../../engine/node/cli/experiment-command.ts';
import { MERGE } from '../../engine/node/cli/merge-command.ts';
import { SCHEMA } from '../../engine/node/cli/schema-command.ts';
import { VALIDATE } from '../../engine/node/cli/validate-command.ts';

const COMMANDS: Record<string, CommandSpec> = { run: RUN, analyze: ANALYZE, calibrate: CALIBRATE, docs: DOCS, experiment: EXPERIMENT, merge: MERGE, schema: SCHEMA, validate: VALIDATE };

describe('command tables', () => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    it(`ccsim ${name}: every option it parses is in its usage, with what it takes, and nothing else parses`, () => {
      const usage = usageOf(spec);
      expect(usage.startsWith(`Usage: ccsim ${name}`)).toBe(true);
      for (const [option, o] of Object.entries(spec.options)) {
        expect(usage).toContain(`--${option}${o.value ? ` ${o.value}` : ''}`);
        const argv = o.type === 'boolean' ? [`--${option}`] : [`--${option}`, 'x'];
        expect(parseCommand(spec, argv).values[option]).toEqual(o.type === 'boolean' ? true : o.multiple ? ['x'] : 'x');
      }
      expect(usage).toContain('-h, --help');
      expect(() => parseCommand(spec, ['--no-such-option'])).toThrow(/Unknown option '--no-such-option'/);
      for (const line of usage.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    });
  }
});
