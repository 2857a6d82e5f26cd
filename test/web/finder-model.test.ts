/**
 * Find a design's model: the settings it offers are the schema's design and context settings,
 * the ranges it suggests are valid for every bundled-baseline setting, and the form makes a search
 * file ccsim design accepts as it is.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioSchema, type JsonObject } from '../../engine/core/index.ts';
import { roleOf } from '../../engine/core/scenario/roles.ts';
import { searchFrom } from '../../engine/node/search/files.ts';
import { OBJECTIVES, SUGGESTED_FACTORS, SUGGESTED_LEVERS, maxRuns, searchFile, searchableSettings, suggestedRange, type FinderForm } from '../../web/client/finder-model.ts';

const baseline = JSON.parse(readFileSync('scenarios/baseline.json', 'utf8')) as JsonObject;
const scenario = ScenarioSchema.parse(baseline);

describe('Find a design: the settings offered', () => {
  it('offers the design settings as levers and the context settings as factors, none a model constant', () => {
    const levers = searchableSettings('design');
    const factors = searchableSettings('context');
    expect(levers.every((s) => roleOf(s.path) === 'design')).toBe(true);
    expect(factors.every((s) => roleOf(s.path) === 'context')).toBe(true);
    for (const p of SUGGESTED_LEVERS) expect(levers.map((s) => s.path)).toContain(p);
    for (const p of SUGGESTED_FACTORS) expect(factors.map((s) => s.path)).toContain(p);
    expect(levers.find((s) => s.path === 'conflict.management')).toMatchObject({ kind: 'choice', choices: ['ignored', 'managed'] });
    expect(levers.find((s) => s.path === 'recruitment.invitedSites')).toMatchObject({ kind: 'integer' });
  });

  it('suggests ranges from half to twice the value, within bounds, whole numbers inward', () => {
    const byPath = new Map([...searchableSettings('design'), ...searchableSettings('context')].map((s) => [s.path, s]));
    expect(suggestedRange(byPath.get('resources.budget')!, scenario)).toEqual({ path: 'resources.budget', min: 400000, max: 1600000 });
    expect(suggestedRange(byPath.get('recruitment.invitedSites')!, scenario)).toEqual({ path: 'recruitment.invitedSites', min: 12, max: 48, integer: true });
    // A share near 1 stops at 1.
    expect(suggestedRange(byPath.get('context.sites.readiness')!, scenario)).toEqual({ path: 'context.sites.readiness', min: 0.275, max: 1 });
    expect(suggestedRange(byPath.get('conflict.management')!, scenario)).toEqual({ path: 'conflict.management', values: ['ignored', 'managed'] });
  });
});

describe('Find a design: the search file', () => {
  const byPath = new Map([...searchableSettings('design'), ...searchableSettings('context')].map((s) => [s.path, s]));
  const form: FinderForm = {
    levers: SUGGESTED_LEVERS.map((p) => suggestedRange(byPath.get(p)!, scenario)),
    factors: SUGGESTED_FACTORS.map((p) => suggestedRange(byPath.get(p)!, scenario)),
    objectives: OBJECTIVES.map((o) => o.key),
    effectAtLeast: 0.3,
    dropoutAtMost: 0.2,
    budget: 1_200_000,
    contexts: 20,
    modelUncertainty: true,
    replicates: 3,
    population: 12,
    generations: 3,
    seed: 7,
  };

  it('is a search ccsim design accepts as it is, every suggested range valid for the baseline', () => {
    const file = searchFile(form, 'baseline', baseline);
    const loaded = searchFrom(file, 'form', () => ({ ok: false, issues: [] }));
    expect(loaded.ok ? [] : loaded.issues).toEqual([]);
    if (!loaded.ok) return;
    expect(loaded.value.prepared.objectives.map((o) => o.name)).toEqual(['programmeEffectOneYearAfter', 'costFull', 'giniAcrossSites', 'dropoutShare', 'satisficing']);
    expect(loaded.value.search.thresholds).toEqual([
      { metric: 'programmeEffectOneYearAfter', atLeast: 0.3 },
      { metric: 'dropoutShare', atMost: 0.2 },
    ]);
    expect(loaded.value.search.budget).toEqual({ metric: 'costFull', max: 1_200_000 });
    expect(loaded.value.search.contexts.modelUncertainty).toBe(true);
    // Your design is the baseline's own lever values.
    expect(loaded.value.prepared.own?.candidate.values).toEqual({ 'resources.budget': 800000, 'coreTeam.hoursPerWeek': 60, 'tactics.hardness': 0.4, 'conflict.management': 'ignored' });
  });

  it('counts the runs the search may make', () => {
    expect(maxRuns(form)).toBe(12 * 4 * 20 * 3);
    expect(maxRuns({ ...form, factors: [], modelUncertainty: false })).toBe(12 * 4 * 1 * 3);
  });
});
