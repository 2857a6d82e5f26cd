/**
 * Robustness measures on small tables whose answers can be worked by hand, and a design's
 * standing (objectives, satisficing, budget) from its values in each context.
 */
import { describe, expect, it } from 'vitest';
import { meetsThresholds, metricRobustness, satisficing } from '../../../engine/core/search/robustness.ts';
import { standing } from '../../../engine/core/search/evaluate.ts';
import type { PreparedSearch } from '../../../engine/core/search/prepare.ts';
import { SearchSchema } from '../../../engine/core/search/schema.ts';

describe('robustness over contexts', () => {
  // Three designs in five contexts.
  const values = [
    [0.5, 0.4, 0.3, 0.2, 0.1],
    [0.3, 0.3, 0.3, 0.3, 0.3],
    [0.6, 0.2, 0.1, 0.4, 0.0],
  ];

  it('gives the mean, the worst decile and the regret against the best design in each context', () => {
    const [a, b, c] = metricRobustness(values, 'higher');
    expect(a.mean).toBeCloseTo(0.3, 12);
    expect(b.mean).toBeCloseTo(0.3, 12);
    // Type 7 quantile at 0.1 of [0.1 .. 0.5]: 0.1 + 0.4 x 0.1 = 0.14.
    expect(a.worstDecile).toBeCloseTo(0.14, 12);
    expect(b.worstDecile).toBeCloseTo(0.3, 12);
    // Best per context: 0.6, 0.4, 0.3, 0.4, 0.3.
    expect(a.meanRegret).toBeCloseTo((0.1 + 0 + 0 + 0.2 + 0.2) / 5, 12);
    expect(a.maxRegret).toBeCloseTo(0.2, 12);
    expect(b.maxRegret).toBeCloseTo(0.3, 12);
    expect(c.maxRegret).toBeCloseTo(0.3, 12);
  });

  it('reads lower-is-better metrics the other way round', () => {
    const [a, b] = metricRobustness(values, 'lower');
    // The worst decile of a cost is its 90th percentile.
    expect(a.worstDecile).toBeCloseTo(0.46, 12);
    // Best (lowest) per context: 0.3, 0.2, 0.1, 0.2, 0.0.
    expect(b.meanRegret).toBeCloseTo((0 + 0.1 + 0.2 + 0.1 + 0.3) / 5, 12);
  });

  it('counts the contexts that meet every threshold', () => {
    const thresholds = [
      { metric: 'gap', atLeast: 0.3 },
      { metric: 'dropout', atMost: 0.2 },
    ];
    expect(meetsThresholds({ gap: 0.3, dropout: 0.2 }, thresholds)).toBe(true);
    expect(meetsThresholds({ gap: 0.29, dropout: 0.1 }, thresholds)).toBe(false);
    expect(satisficing([{ gap: 0.4, dropout: 0.1 }, { gap: 0.4, dropout: 0.3 }, { gap: 0.2, dropout: 0 }, { gap: 0.5, dropout: 0.2 }], thresholds)).toBe(0.5);
  });

  it("turns a design's values into objectives to minimise, its satisficing share and its budget violation", () => {
    const search = SearchSchema.parse({
      name: 's',
      scenario: {},
      levers: [{ path: 'tactics.hardness', min: 0, max: 1 }],
      objectives: [{ metric: 'gap' }, { metric: 'cost', statistic: 'worst-decile' }, { satisficing: true }],
      thresholds: [{ metric: 'gap', atLeast: 0.3 }],
      budget: { metric: 'cost', max: 100 },
    });
    const prepared = {
      search,
      own: null,
      ownNote: null,
      contexts: [],
      metrics: ['gap', 'cost'],
      better: { gap: 'higher', cost: 'lower' },
      objectives: [
        { name: 'gap', metric: 'gap', statistic: 'mean', better: 'higher' },
        { name: 'cost (worst decile)', metric: 'cost', statistic: 'worst-decile', better: 'lower' },
        { name: 'satisficing', metric: null, statistic: 'satisficing', better: 'higher' },
      ],
    } satisfies PreparedSearch;
    const s = standing(prepared, [
      { gap: 0.2, cost: 100 },
      { gap: 0.4, cost: 120 },
    ]);
    expect(s.objectiveValues[0]).toBeCloseTo(0.3, 12);
    expect(s.objectiveValues[1]).toBeCloseTo(118, 12);
    expect(s.objectiveValues[2]).toBe(0.5);
    expect(s.objectives[0]).toBeCloseTo(-0.3, 12);
    expect(s.objectives[1]).toBeCloseTo(118, 12);
    expect(s.objectives[2]).toBe(-0.5);
    expect(s.cost).toBe(110);
    expect(s.violation).toBeCloseTo(0.1, 12);
    expect(s.succeeded).toEqual([false, true]);
  });
});
