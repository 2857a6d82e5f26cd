/** Every bundled scenario file validates, points editors at the schema, and runs. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario, runScenario } from '../engine/node/index.ts';

function scenarioFiles(dir = 'scenarios'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return scenarioFiles(path);
    return e.name.endsWith('.json') && !e.name.endsWith('.schema.json') ? [path] : [];
  });
}

describe('bundled scenarios', () => {
  const files = scenarioFiles();

  it('there is at least the baseline', () => {
    expect(files).toContain(join('scenarios', 'baseline.json'));
  });

  it.each(files)('%s carries $schema pointing at the generated JSON Schema, a title and a description', (file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(typeof data.$schema).toBe('string');
    expect(existsSync(join(dirname(file), data.$schema))).toBe(true);
    expect(join(dirname(file), data.$schema)).toBe(join('scenarios', 'scenario.schema.json'));
    expect(data.title?.length).toBeGreaterThan(0);
    expect(data.description?.length).toBeGreaterThan(0);
  });

  it.each(files)('%s validates and runs', (file) => {
    const scenario = readScenario(file);
    const result = runScenario(scenario, { seed: 1 });
    expect(result.summary.sitesJoined).toBeGreaterThan(0);
  });
});
