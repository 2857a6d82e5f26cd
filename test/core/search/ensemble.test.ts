/**
 * The context ensemble: a Latin hypercube from the search's seed alone, the same whatever the
 * levers, and, with model uncertainty, each context on a fitted behaviour set in turn, leaving
 * alone the behaviour a scenario, lever or factor sets itself.
 */
import { describe, expect, it } from 'vitest';
import { ScenarioSchema } from '../../../engine/core/index.ts';
import { behaviourValue } from '../../../engine/core/scenario/behaviour.ts';
import { contextEnsemble } from '../../../engine/core/search/prepare.ts';
import { SearchSchema, type SearchInput } from '../../../engine/core/search/schema.ts';

const base: SearchInput = {
  name: 's',
  scenario: {},
  levers: [{ path: 'tactics.hardness', min: 0, max: 1 }],
  contexts: { samples: 10, factors: [{ path: 'resources.staffTurnoverPerYear', min: 0.05, max: 0.3 }, { path: 'context.sites.readiness', min: 0.3, max: 0.8 }] },
  objectives: [{ metric: 'programmeEffectOneYearAfter' }],
};
const scenario = ScenarioSchema.parse({ name: 'x' });

describe('the context ensemble', () => {
  it('is a Latin hypercube over the factors, from the seed alone', () => {
    const contexts = contextEnsemble(SearchSchema.parse(base), scenario);
    expect(contexts).toHaveLength(10);
    // Each factor's range is cut into ten strata, each used once.
    for (let f = 0; f < 2; f++) expect(contexts.map((c) => Math.floor(c.unit[f] * 10)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const turnover = contexts.map((c) => c.values['resources.staffTurnoverPerYear'] as number);
    expect(Math.min(...turnover)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...turnover)).toBeLessThanOrEqual(0.3);
    // Other levers, other objectives: the same contexts; another seed: others.
    const other = contextEnsemble(SearchSchema.parse({ ...base, levers: [{ path: 'resources.budget', min: 1, max: 2 }], objectives: [{ metric: 'dropoutShare' }] }), scenario);
    expect(other).toEqual(contexts);
    expect(contextEnsemble(SearchSchema.parse({ ...base, seed: 2 }), scenario)).not.toEqual(contexts);
  });

  it('with model uncertainty, runs context k on fitted behaviour set k in turn, where nothing else sets it', () => {
    const ensemble = {
      paths: ['practice.peerPerYear', 'practice.trialSuccess', 'context.sites.readiness'],
      members: [
        [1, 0.1, 0.9],
        [2, 0.2, 0.9],
        [3, 0.3, 0.9],
      ],
    };
    const search = SearchSchema.parse({ ...base, contexts: { ...base.contexts, modelUncertainty: true } });
    // The scenario sets its own trial success: that value is kept, as a run with model uncertainty keeps it.
    const own = ScenarioSchema.parse({ name: 'x', practice: { trialSuccess: Number(behaviourValue('practice.trialSuccess')) + 0.01 } });
    const contexts = contextEnsemble(search, own, ensemble as never);
    expect(contexts.map((c) => c.values['practice.peerPerYear'])).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1]);
    expect(contexts.every((c) => !('practice.trialSuccess' in c.values))).toBe(true);
    // A factor's own path is the factor's, never the fitted set's.
    expect(contexts.every((c) => c.values['context.sites.readiness'] !== 0.9)).toBe(true);
    // Without it, or without an ensemble, no behaviour is set.
    expect(contextEnsemble(SearchSchema.parse(base), scenario, ensemble as never).every((c) => !('practice.peerPerYear' in c.values))).toBe(true);
    expect(contextEnsemble(search, scenario, null).every((c) => !('practice.peerPerYear' in c.values))).toBe(true);
  });
});
