/**
 * Every setting has a role (engine/core/scenario/roles.ts): behaviour, design, challenge, context or
 * meta. A setting added to the schema without one fails here, so the line between what a
 * programme's description gives and what every programme shares is drawn for every setting.
 */
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, type JsonSchemaNode } from '../../../engine/core/scenario/json-schema.ts';
import { BEHAVIOUR_PATHS, ROLE_OF, roleOf } from '../../../engine/core/scenario/roles.ts';

/** Every leaf of the scenario schema, with [] for list items. */
function leaves(node: JsonSchemaNode, path = ''): string[] {
  const choices = (node.anyOf ?? node.oneOf) as JsonSchemaNode[] | undefined;
  const shaped = choices?.find((c) => c.properties || c.items) ?? node;
  if (shaped.properties) return Object.entries(shaped.properties).flatMap(([k, child]) => leaves(child, path ? `${path}.${k}` : k));
  if (shaped.type === 'array' && shaped.items?.properties) return leaves(shaped.items, `${path}[]`);
  return [path];
}

describe('roles of the settings', () => {
  const all = leaves(scenarioJsonSchema());

  it('every setting the schema declares has a role, and every role names a setting', () => {
    expect(all.filter((p) => roleOf(p) === undefined)).toEqual([]);
    expect(Object.keys(ROLE_OF).filter((p) => !all.includes(p))).toEqual([]);
  });

  it('behaviour settings are plain values outside lists (one shared value each)', () => {
    expect(BEHAVIOUR_PATHS.length).toBeGreaterThan(100);
    expect(BEHAVIOUR_PATHS.filter((p) => p.includes('[]'))).toEqual([]);
  });

  it('list indices are read as []', () => {
    expect(roleOf('community.siteTypes[2].share')).toBe('context');
    expect(roleOf('practice.externalPerYear')).toBe('behaviour');
    expect(roleOf('no.such.setting')).toBeUndefined();
  });
});
