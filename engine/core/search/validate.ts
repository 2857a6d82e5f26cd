/**
 * Search files checked like scenario and experiment files: every problem with its file, path,
 * what was expected, what was found and how to fix it, read from the search's own JSON Schema.
 */
import { z } from 'zod';
import type { JsonSchemaNode } from '../scenario/json-schema.ts';
import { fromZodIssues } from '../scenario/issues.ts';
import type { Result } from '../scenario/resolve.ts';
import { SearchSchema, type Search } from './schema.ts';

let cached: JsonSchemaNode | undefined;

/** The JSON Schema of search files (input form: every key with a default is optional). */
export function searchJsonSchema(): JsonSchemaNode {
  cached ??= {
    ...(z.toJSONSchema(SearchSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode),
    $id: 'https://ccsim.dev/schema/search.schema.json',
    title: 'ccsim design search',
    description: 'A search for robust programme designs: a scenario, the levers to search, the contexts to meet, objectives, thresholds and a budget. See docs/design-guide.md.',
  };
  return cached;
}

export function validateSearch(data: unknown, file: string): Result<Search> {
  const parsed = SearchSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: fromZodIssues(parsed.error.issues, () => file, { schema: searchJsonSchema(), noun: 'search' }) };
}
