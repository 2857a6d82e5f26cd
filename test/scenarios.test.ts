/** Every bundled scenario file validates, points editors at the schema, and runs. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenario, runScenario } from '../engine/node/index.ts';
import { kindOf, listScenarioFiles } from '../engine/node/scenario-files.ts';
import { loadExperiment } from '../engine/node/experiment/files.ts';
import { loadSearch } from '../engine/node/search/files.ts';
import { schemaText } from '../engine/node/cli/schema-command.ts';
import { loadJoint } from '../engine/node/calibration/joint.ts';


const experimentFiles = readdirSync(join('scenarios', 'experiments')).map((f) => join('scenarios', 'experiments', f));

describe('bundled scenarios', () => {
  const files = listScenarioFiles('scenarios');

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

describe('bundled experiments', () => {
  it('there are some, and scenarios/experiment.schema.json is the generated schema (`ccsim schema --experiment --out scenarios/experiment.schema.json`)', () => {
    expect(experimentFiles.length).toBeGreaterThanOrEqual(3);
    expect(readFileSync(join('scenarios', 'experiment.schema.json'), 'utf8')).toBe(schemaText('experiment'));
  });

  it.each(experimentFiles)('%s points at the experiment schema, validates, and every design point is a valid scenario', (file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(join(dirname(file), data.$schema)).toBe(join('scenarios', 'experiment.schema.json'));
    expect(data.description?.length).toBeGreaterThan(0);
    const loaded = loadExperiment(file);
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
  });
});

describe('bundled design searches', () => {
  const inFolder = readdirSync(join('scenarios', 'searches')).map((f) => join('scenarios', 'searches', f));
  const searchFiles = inFolder.filter((f) => kindOf(f, process.cwd()) === 'search');
  // The drafts the searches start from are scenarios of their own, kept beside them (not in the library).
  const drafts = inFolder.filter((f) => !searchFiles.includes(f));

  it.each(drafts)('%s is a scenario that validates and runs', (file) => {
    expect(kindOf(file, process.cwd())).toBe('scenario');
    expect(join(dirname(file), JSON.parse(readFileSync(file, 'utf8')).$schema)).toBe(join('scenarios', 'scenario.schema.json'));
    expect(runScenario(readScenario(file), { seed: 1 }).summary.sitesJoined).toBeGreaterThan(0);
  });

  it('there is one, and scenarios/search.schema.json is the generated schema (`ccsim schema --search --out scenarios/search.schema.json`)', () => {
    expect(searchFiles.length).toBeGreaterThanOrEqual(1);
    expect(readFileSync(join('scenarios', 'search.schema.json'), 'utf8')).toBe(schemaText('search'));
  });

  it.each(searchFiles)('%s points at the search schema and validates, every lever and factor in range', (file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'));
    expect(join(dirname(file), data.$schema)).toBe(join('scenarios', 'search.schema.json'));
    expect(data.description?.length).toBeGreaterThan(0);
    const loaded = loadSearch(file);
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
  });
});

describe('bundled calibration targets', () => {
  const targetsFiles = readdirSync(join('scenarios', 'archetypes')).filter((f) => f.endsWith('.targets.json')).map((f) => join('scenarios', 'archetypes', f));

  it('scenarios/targets.schema.json is the generated schema (`ccsim schema --targets --out scenarios/targets.schema.json`), and every targets file points at it', () => {
    expect(readFileSync(join('scenarios', 'targets.schema.json'), 'utf8')).toBe(schemaText('targets'));
    expect(targetsFiles.length).toBeGreaterThanOrEqual(4);
    for (const file of targetsFiles) expect(join(dirname(file), JSON.parse(readFileSync(file, 'utf8')).$schema), file).toBe(join('scenarios', 'targets.schema.json'));
  });
});

describe('the joint calibration', () => {
  it('scenarios/calibration.schema.json is the generated schema (`ccsim schema --joint --out scenarios/calibration.schema.json`), and the joint calibration files point at it and validate', () => {
    expect(readFileSync(join('scenarios', 'calibration.schema.json'), 'utf8')).toBe(schemaText('joint'));
    for (const file of [join('scenarios', 'calibration.json'), join('docs', 'validation', 'unconstrained.json')]) {
      expect(join(dirname(file), JSON.parse(readFileSync(file, 'utf8')).$schema), file).toBe(join('scenarios', 'calibration.schema.json'));
      const loaded = loadJoint(file);
      expect(loaded.ok ? [] : loaded.issues, file).toEqual([]);
    }
  });
});
