/** Experiment files and their designs: validation, points, ids and seeds. */
import { describe, expect, it } from 'vitest';
import { designPoints, designSize, valueAt } from '../../../engine/core/experiment/design.ts';
import { keptWeeks } from '../../../engine/core/experiment/aggregate.ts';
import { allRuns, plannedRuns } from '../../../engine/core/experiment/runs.ts';
import { prepareExperiment } from '../../../engine/core/experiment/prepare.ts';
import { ExperimentSchema, type ExperimentInput } from '../../../engine/core/experiment/schema.ts';
import { validateExperiment } from '../../../engine/core/experiment/validate.ts';
import { documentOf, formatIssue, replicateSeed } from '../../../engine/core/index.ts';

const parse = (e: Partial<ExperimentInput>) => ExperimentSchema.parse({ name: 'e', scenario: {}, ...e });
const problems = (e: unknown) => {
  const r = validateExperiment(e, 'e.json');
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe('experiment files', () => {
  it('say what is wrong, where, and how to fix it', () => {
    expect(problems({ name: 'e', scenario: {}, parameters: [{ path: 'tactics.hardness' }] })).toEqual([
      'e.json: parameters[0].values: expected values to try (a factorial design combines listed values), got nothing. Values: The values to try (factorial designs).',
    ]);
    expect(problems({ name: 'e', scenario: {}, replicats: 3 })[0]).toBe('e.json: replicats: expected a key ccsim knows in the top level of an experiment, got unknown key "replicats". Did you mean "replicates"? Correct the spelling or remove the key.');
    expect(problems({ name: 'e', scenario: {}, design: { kind: 'sobol', samples: 64 }, parameters: [{ path: 'a', values: [1, 2] }] })).toEqual([
      'e.json: parameters[0].values: expected min and max instead (a sobol design samples ranges), got [1, 2]. Values: The values to try (factorial designs).',
      'e.json: parameters[0].min: expected the lower end of the range (a sobol design samples ranges), got nothing. Minimum: Lower end of the range (sampling designs: latin-hypercube, morris, sobol).',
      'e.json: parameters[0].max: expected the upper end of the range (a sobol design samples ranges), got nothing. Maximum: Upper end of the range (sampling designs).',
    ]);
    expect(problems({ name: 'e', scenario: {}, design: { kind: 'morris', levels: 3 }, parameters: [{ path: 'a', min: 1, max: 2 }] })[0]).toMatch(/^e\.json: design\.levels: expected an even number of levels/);
    expect(problems({ name: 'e', scenario: {}, design: { kind: 'latin-hypercube', samples: 8 }, parameters: [{ path: 'a', min: 0, max: 2, scale: 'log' }] })[0]).toMatch(/parameters\[0\]\.min: expected a minimum above 0 \(a log scale needs positive values\), got 0/);
    expect(problems({ name: 'e', scenario: {}, design: { kind: 'latin' } })).toEqual([
      'e.json: design.kind: expected one of "factorial", "list", "latin-hypercube", "morris", "sobol", got "latin". Choose one of "factorial", "list", "latin-hypercube", "morris", "sobol".',
    ]);
  });

  it('report a bad scenario path once, against the parameter, and bad values with the points that reach them', () => {
    const base = documentOf({ name: 'b' }, 'b.json');
    const bad = prepareExperiment(parse({ parameters: [{ path: 'tactics.hardnes', values: [0, 1] }] }), base, 'e.json');
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toEqual(['e.json: parameters[0].path: expected a key ccsim knows in tactics, got unknown key "hardnes". Did you mean "hardness"?']);
    const range = prepareExperiment(parse({ parameters: [{ path: 'tactics.hardness', values: [0, 2, 3] }] }), base, 'e.json');
    expect(range.ok ? [] : range.issues.map((i) => `${i.path}: ${i.found}`)).toEqual(['parameters[0]: 2 at 2 design points (the first is point 2)']);
    const metric = prepareExperiment(parse({ outputs: { metrics: ['gapClosedAtFundingend'] } }), base, 'e.json');
    expect(metric.ok ? [] : metric.issues.map(formatIssue)).toEqual(['e.json: outputs.metrics[0]: expected a summary metric (see docs/model.md#outputs), got "gapClosedAtFundingend". Did you mean "gapClosedAtFundingEnd"?']);
    const twins = prepareExperiment(parse({ design: { kind: 'list', points: [{ 'tactics.hardness': 0.5 }, { 'tactics.hardness': 0.5 }] } }), base, 'e.json');
    expect(twins.ok ? [] : twins.issues.map((i) => i.found)).toEqual(['point 2 the same as point 1 ({"tactics.hardness":0.5})']);
  });
});

describe('designs', () => {
  it('factorial: every combination, in order, with ids that do not change when values are added', () => {
    const small = designPoints(parse({ parameters: [{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y'] }] }));
    expect(small.map((p) => p.values)).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
    const large = designPoints(parse({ parameters: [{ path: 'a', values: [1, 2, 3] }, { path: 'b', values: ['x', 'y'] }] }));
    for (const p of small) expect(large.find((q) => JSON.stringify(q.values) === JSON.stringify(p.values))!.id).toBe(p.id);
  });

  it("seeds: common seeding shares replicate r's seed across points (the CLI's seed); independent seeding keeps a point's seeds when points are added", () => {
    const common = parse({ seed: 7, replicates: 3, parameters: [{ path: 'a', values: [1, 2] }] });
    const runs = allRuns(plannedRuns(common, designPoints(common)));
    expect(runs.map((r) => [r.run, r.point.values.a, r.replicate])).toEqual([[0, 1, 1], [1, 2, 1], [2, 1, 2], [3, 2, 2], [4, 1, 3], [5, 2, 3]]);
    for (const r of runs) expect(r.seed).toBe(replicateSeed(7, r.replicate));
    const seedsOf = (values: number[]) => {
      const e = parse({ seed: 7, replicates: 3, seeding: 'independent', parameters: [{ path: 'a', values }] });
      return new Map(allRuns(plannedRuns(e, designPoints(e))).map((r) => [`${r.point.values.a}:${r.replicate}`, r.seed]));
    };
    const before = seedsOf([1, 2]);
    const after = seedsOf([0, 1, 2, 3]);
    for (const [key, seed] of before) expect(after.get(key)).toBe(seed);
    expect(new Set(before.values()).size).toBe(before.size);
  });

  it('shards deal the runs round-robin: together they hold every run once, in order', () => {
    const e = parse({ replicates: 7, parameters: [{ path: 'a', values: [1, 2, 3] }] });
    const points = designPoints(e);
    const whole = allRuns(plannedRuns(e, points));
    expect(whole.map((r) => r.run)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    const shards = [1, 2, 3, 4].map((index) => allRuns(plannedRuns(e, points, { index, count: 4 })));
    expect(shards.map((s) => s.length)).toEqual([6, 5, 5, 5]);
    expect(shards.flat().sort((a, b) => a.run - b.run)).toEqual(whole);
    expect(allRuns(plannedRuns(e, points).from(19)).map((r) => r.run)).toEqual([19, 20]);
  });

  it('sampling designs map the unit cube to the ranges: linear, logarithmic, whole numbers', () => {
    const p = (extra: object) => parse({ design: { kind: 'latin-hypercube', samples: 4 }, parameters: [{ path: 'a', min: 1, max: 100, ...extra }] }).parameters[0];
    expect(valueAt(p({}), 0.5)).toBe(50.5);
    expect(valueAt(p({ scale: 'log' }), 0.5)).toBeCloseTo(10, 12);
    const whole = p({ integer: true });
    const counts = new Map<number, number>();
    for (let i = 0; i < 10000; i++) {
      const v = valueAt(whole, (i + 0.5) / 10000);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
  });

  it('gives distinct ids to the 100,000 points of a Latin hypercube (32-bit ids shared 7 pairs)', () => {
    const e = parse({ design: { kind: 'latin-hypercube', samples: 100_000 }, parameters: [{ path: 'a', min: 0, max: 1 }, { path: 'b', min: 0, max: 1 }] });
    const points = designPoints(e);
    expect(points).toHaveLength(100_000);
    expect(new Set(points.map((p) => p.id)).size).toBe(100_000);
    expect(points[0].id).toMatch(/^p[0-9a-f]{16}$/);
  });

  it('sampling designs are the same for the same seed, different for another, with distinct ids', () => {
    const e = (seed: number) => parse({ seed, design: { kind: 'morris', trajectories: 5 }, parameters: [{ path: 'a', min: 0, max: 1 }, { path: 'b', min: 0, max: 1 }] });
    const one = designPoints(e(1));
    expect(designPoints(e(1))).toEqual(one);
    expect(designPoints(e(2)).map((p) => p.unit)).not.toEqual(one.map((p) => p.unit));
    expect(new Set(one.map((p) => p.id)).size).toBe(one.length);
    const sobol = designPoints(parse({ design: { kind: 'sobol', samples: 8 }, parameters: [{ path: 'a', min: 0, max: 1 }, { path: 'b', min: 0, max: 1 }] }));
    expect(sobol).toHaveLength(8 * 4);
  });

  it('designSize counts the points of every kind of design without building them', () => {
    const base = { name: 'x', scenario: 'b.json', replicates: 1 };
    const sampled = [{ path: 'tactics.hardness', min: 0, max: 1 }, { path: 'coreTeam.hoursPerWeek', min: 10, max: 100 }];
    const cases = [
      { ...base, parameters: [{ path: 'tactics.hardness', values: [0, 0.5, 1] }, { path: 'conflict.management', values: ['ignored', 'managed'] }] },
      { ...base, design: { kind: 'list', points: [{ 'tactics.hardness': 0 }, { 'tactics.hardness': 1 }] }, parameters: [] },
      { ...base, design: { kind: 'latin-hypercube', samples: 17 }, parameters: sampled },
      { ...base, design: { kind: 'morris', trajectories: 5 }, parameters: sampled },
      { ...base, design: { kind: 'sobol', samples: 8 }, parameters: sampled },
    ];
    for (const c of cases) {
      const experiment = ExperimentSchema.parse(c);
      expect(designSize(experiment)).toBe(designPoints(experiment).length);
    }
  });

  it('series.csv keeps every k-th week counted from the launch, a baseline period included, and the last', () => {
    expect(keptWeeks(4, 0, 10)).toEqual([0, 4, 8, 10]);
    expect(keptWeeks(4, -26, 10)).toEqual([-24, -20, -16, -12, -8, -4, 0, 4, 8, 10]);
    expect(keptWeeks('end', -26, 10)).toEqual([10]);
    expect(keptWeeks('none', -26, 10)).toEqual([]);
  });
});
