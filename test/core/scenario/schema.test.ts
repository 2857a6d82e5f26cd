import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, scenarioJsonSchema, type JsonSchemaNode } from '../../../engine/core/index.ts';
import { schemaText } from '../../../engine/node/cli/schema-command.ts';

/** Every leaf parameter of the JSON Schema, with its path. */
function leaves(node: JsonSchemaNode, path: string[] = []): Array<{ path: string; node: JsonSchemaNode }> {
  if (node.properties) return Object.entries(node.properties).flatMap(([k, child]) => leaves(child, [...path, k]));
  if (node.type === 'array' && node.items?.properties) return leaves(node.items, [...path, '[]']);
  return [{ path: path.join('.'), node }];
}

describe('the scenario schema', () => {
  it('a scenario with only a name is complete, with defaults everywhere', () => {
    const s = ScenarioSchema.parse({ name: 'just a name' });
    expect(s.time.weeks).toBe(260);
    expect(s.recruitment.invitedSites).toBeGreaterThan(0);
    expect(s.resources.budget).toBeGreaterThan(0);
    expect(s.community.groups.length).toBeGreaterThan(1);
    expect(s.theoryOfChange.components.length).toBeGreaterThan(1);
  });

  it('rejects unknown keys at any depth', () => {
    expect(ScenarioSchema.safeParse({ name: 'x', nmae: 'y' }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ name: 'x', coreTeam: { hoursPerWek: 3 } }).success).toBe(false);
    expect(ScenarioSchema.safeParse({ name: 'x', community: { groups: [{ name: 'a', shar: 1 }] } }).success).toBe(false);
  });

  it('every parameter has a title, a description and (for numbers) a unit, bounds and a step', () => {
    const missing: string[] = [];
    for (const { path, node } of leaves(scenarioJsonSchema())) {
      // Documentation records (notes, the calibration record) are not parameters.
      if (['$schema', 'extends', 'formatVersion'].includes(path) || path.startsWith('calibration')) continue;
      if (!node.title || !node.description) missing.push(`${path}: title/description`);
      if (node.type === 'number' || node.type === 'integer') {
        if (!node.unit) missing.push(`${path}: unit`);
        if (node.minimum === undefined || node.maximum === undefined) missing.push(`${path}: bounds`);
        if (node.step === undefined) missing.push(`${path}: step`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every parameter of a section belongs to a lesson or a topic', () => {
    const unplaced = leaves(scenarioJsonSchema())
      .filter(({ path }) => path.includes('.') && !path.startsWith('notes.') && !path.startsWith('calibration'))
      .filter(({ node }) => node.lesson === undefined && node.topic === undefined && !(node.type === 'string' || node.type === 'boolean'))
      .map(({ path }) => path);
    expect(unplaced).toEqual([]);
  });

  it('every lesson has parameters', () => {
    const lessons = new Set(leaves(scenarioJsonSchema()).map(({ node }) => node.lesson).filter((l) => l !== undefined));
    expect([...lessons].sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('scenarios/scenario.schema.json is the schema generated from the engine (run `ccsim schema --out scenarios/scenario.schema.json` when this fails)', () => {
    expect(readFileSync('scenarios/scenario.schema.json', 'utf8')).toBe(schemaText());
  });

  it('checks that span sections report the path to change', () => {
    const r = ScenarioSchema.safeParse({ name: 'x', resources: { backfillShare: 0.6, coachingShare: 0.3, eventsShare: 0.3 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].path).toEqual(['resources', 'eventsShare']);
    const flat = ScenarioSchema.safeParse({ name: 'x', challenge: { outcome: { baseline: 40, best: 40 } } });
    expect(flat.error?.issues[0].path).toEqual(['challenge', 'outcome', 'best']);
  });
});
