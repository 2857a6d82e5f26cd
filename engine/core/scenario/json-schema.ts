/**
 * The JSON Schema of scenario files, generated from the zod schema (never written by hand). It
 * is what editors use to complete and check files, and what error messages read to say what a
 * field expects (its bounds, unit and description).
 */
import { z } from 'zod';
import { ScenarioSchema } from './schema.ts';

export type JsonSchemaNode = {
  type?: string | string[];
  title?: string;
  description?: string;
  unit?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  required?: string[];
  [key: string]: unknown;
};

let cached: JsonSchemaNode | undefined;

/** The scenario JSON Schema (input form: every key with a default is optional). */
export function scenarioJsonSchema(): JsonSchemaNode {
  cached ??= {
    ...(z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }) as JsonSchemaNode),
    $id: 'https://ccsim.dev/schema/scenario.schema.json',
    title: 'ccsim scenario',
    description: 'A clinical community for ccsim to simulate. Every key is optional except name; see docs/model.md.',
  };
  return cached;
}

/**
 * The JSON Schema node that describes the value at a path, or undefined if there is none. `root`
 * is the scenario schema unless another is given (the experiment schema); for a choice of
 * shapes (anyOf, oneOf) it follows the first one that has the key.
 */
/** A property's node, never one inherited from Object.prototype (a key such as __proto__ or constructor). */
function ownProperty(node: JsonSchemaNode, key: string): JsonSchemaNode | undefined {
  return node.properties && Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
}

export function schemaNodeAt(path: ReadonlyArray<string | number>, root: JsonSchemaNode = scenarioJsonSchema()): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const key of path) {
    if (!node) return undefined;
    const choices = (node.anyOf ?? node.oneOf) as JsonSchemaNode[] | undefined;
    if (choices) node = choices.find((c) => (typeof key === 'number' ? c.items : ownProperty(c, key))) ?? node;
    if (typeof key === 'number') node = node.items;
    else node = ownProperty(node, key);
  }
  return node;
}
