/**
 * Experiment files checked like scenario files: every problem with its file, path, what was
 * expected, what was found and how to fix it, read from the experiment's own JSON Schema.
 */
import { z } from 'zod';
import type { JsonSchemaNode } from '../scenario/json-schema.ts';
import { fromZodIssues } from '../scenario/issues.ts';
import type { Result } from '../scenario/resolve.ts';
import { ExperimentSchema, type Experiment } from './schema.ts';

let cached: JsonSchemaNode | undefined;

/** The JSON Schema of experiment files (input form: every key with a default is optional). */
export function experimentJsonSchema(): JsonSchemaNode {
  cached ??= {
    ...(z.toJSONSchema(ExperimentSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode),
    $id: 'https://ccsim.dev/schema/experiment.schema.json',
    title: 'ccsim experiment',
    description: 'A batch of ccsim runs: a base scenario, the parameters to vary, a design, replicates and outputs. See docs/experiments.md.',
  };
  return cached;
}

export function validateExperiment(data: unknown, file: string): Result<Experiment> {
  const parsed = ExperimentSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: fromZodIssues(parsed.error.issues, () => file, { schema: experimentJsonSchema(), noun: 'experiment' }) };
}
