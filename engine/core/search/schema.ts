/**
 * Design search files (`ccsim design`): a base scenario; the levers a designer controls, each a
 * range or a list of choices; the ensemble of contexts the design might meet (uncertain factors,
 * sampled by a Latin hypercube); the objectives, thresholds and budget that say what a good design
 * is; and the search's size. Validated by one zod schema with a generated JSON Schema
 * (scenarios/search.schema.json), like scenarios and experiments.
 */
import { z } from 'zod';
import { MAX_SEED } from '../random/streams.ts';

const value = z.union([z.number(), z.string(), z.boolean()]);

/** A setting the search varies (a lever) or the ensemble samples (a context factor). */
const setting = (what: string) =>
  z
    .strictObject({
      path: z.string().min(1).meta({ title: 'Path', description: 'Scenario path, as --set takes it (e.g. tactics.hardness).' }),
      values: z.array(value).min(2).max(1000).optional().meta({ title: 'Choices', description: `The values the ${what} may take (instead of a range).` }),
      min: z.number().optional().meta({ title: 'Minimum', description: 'Lower end of the range.' }),
      max: z.number().optional().meta({ title: 'Maximum', description: 'Upper end of the range.' }),
      scale: z.enum(['linear', 'log']).default('linear').meta({ title: 'Scale', description: 'Evenly over the range (linear) or evenly in the logarithm (log: rates, sizes spanning orders of magnitude).' }),
      integer: z.boolean().default(false).meta({ title: 'Whole numbers', description: 'Whole numbers from min to max (counts such as invited sites).' }),
    })
    .meta({ title: what === 'lever' ? 'Lever' : 'Context factor', description: what === 'lever' ? 'A design lever the search sets.' : 'An uncertain factor of the context, sampled over its range.' });

const lever = setting('lever');
const factor = setting('factor');

const metricObjective = z
  .strictObject({
    metric: z.string().min(1).meta({ title: 'Metric', description: 'A summary metric (see docs/model.md#outputs).' }),
    goal: z.enum(['max', 'min']).optional().meta({ title: 'Goal', description: 'Maximise or minimise (default: the way the metric is better; needed for metrics with no better direction, such as costFull).' }),
    statistic: z
      .enum(['mean', 'worst-decile'])
      .default('mean')
      .meta({ title: 'Statistic', description: 'Over the contexts: the mean, or the worst decile (the value reached or beaten in nine contexts out of ten).' }),
  })
  .meta({ title: 'Metric objective', description: 'A summary metric to maximise or minimise over the ensemble.' });

const satisficingObjective = z
  .strictObject({
    satisficing: z.literal(true).meta({ title: 'Satisficing', description: 'Maximise the share of contexts in which the design meets every threshold.' }),
  })
  .meta({ title: 'Satisficing objective', description: 'The share of contexts where every threshold is met, maximised.' });

const threshold = z
  .strictObject({
    metric: z.string().min(1).meta({ title: 'Metric', description: 'A summary metric.' }),
    atLeast: z.number().optional().meta({ title: 'At least', description: 'The design should reach at least this value.' }),
    atMost: z.number().optional().meta({ title: 'At most', description: 'The design should stay at or below this value.' }),
  })
  .refine((t) => t.atLeast !== undefined || t.atMost !== undefined, { message: 'expected atLeast or atMost (or both)' })
  .meta({ title: 'Threshold', description: 'What the designer needs in a context (e.g. at least 30% of the gap closed a year after funding).' });

export const SearchSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(120).meta({ title: 'Name', description: 'Short name of the search.' }),
    description: z.string().max(5000).optional(),
    scenario: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .meta({ title: 'Scenario', description: "The designer's own scenario: a file path (relative to this file) or a scenario object. Levers and context factors change only the paths they name." }),
    seed: z.int().min(0).max(MAX_SEED).default(1).meta({ title: 'Root seed', description: 'The contexts, the search\'s choices and every run\'s seed derive from it.' }),
    replicates: z.int().min(1).max(1000).default(5).meta({ title: 'Replicates', description: 'Runs of each design in each context (replicate r has one seed everywhere: common random numbers).' }),
    levers: z.array(lever).min(1).max(50).meta({ title: 'Levers', description: 'The design levers to search.' }),
    contexts: z
      .strictObject({
        samples: z.int().min(1).max(10_000).default(50).meta({ title: 'Contexts', description: 'How many contexts the ensemble holds (a Latin hypercube over the factors).' }),
        factors: z.array(factor).max(50).default([]).meta({ title: 'Factors', description: 'The uncertain factors (none: a single context, the scenario as written).' }),
        modelUncertainty: z
          .boolean()
          .default(false)
          .meta({
            title: 'Model uncertainty',
            description:
              "Each context also runs on one of the fitted behaviour sets that reproduce the published figures as well as the fit does (scenarios/behaviour.json's ensemble), in turn, so the ensemble holds the fit's uncertainty as well as the context's. Behaviour the scenario, a lever or a factor sets itself is kept.",
          }),
      })
      .prefault({})
      .meta({ title: 'Context ensemble', description: 'The contexts every design meets, the same for every design.' }),
    objectives: z.array(z.union([metricObjective, satisficingObjective])).min(1).max(8).meta({ title: 'Objectives', description: 'What the search trades off (its Pareto front is over these).' }),
    thresholds: z.array(threshold).max(20).default([]).meta({ title: 'Thresholds', description: 'What a design must reach in a context to count as a success there (satisficing, and the "fails when" boxes).' }),
    budget: z
      .strictObject({
        metric: z.string().min(1).default('costFull').meta({ title: 'Metric', description: 'The cost to keep within the budget (default costFull, the whole bill of the funded period).' }),
        max: z.number().positive().meta({ title: 'Budget', description: 'The most the design may cost, on average over the contexts.' }),
      })
      .optional()
      .meta({ title: 'Budget', description: 'A constraint: designs costing more on average are infeasible (they lose to every design within it).' }),
    willingnessToPay: z
      .number()
      .min(0)
      .optional()
      .meta({
        title: 'Willingness to pay',
        description: 'What one more case whose care improved is worth, in money: the value of information then compares the designs on the front by net benefit (willingness x careImproved - costFull); without it, by the first objective.',
      }),
    search: z
      .strictObject({
        population: z.int().min(4).max(2000).default(20).meta({ title: 'Population', description: 'Designs per generation.' }),
        generations: z.int().min(0).max(1000).default(4).meta({ title: 'Generations', description: 'Generations after the first (designs evaluated: about population x (generations + 1)).' }),
        divisions: z.int().min(1).max(100).optional().meta({ title: 'Reference divisions', description: 'NSGA-III reference points per objective axis (default: as many points as fit in the population).' }),
      })
      .prefault({})
      .meta({ title: 'Search', description: 'The size of the many-objective evolutionary search (NSGA-III).' }),
  })
  .superRefine((s, ctx) => {
    const issue = (path: PropertyKey[], message: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
    const seen = new Map<string, string>();
    const check = (list: typeof s.levers, key: 'levers' | 'factors', at: (i: number) => PropertyKey[]) =>
      list.forEach((p, i) => {
        const where = key === 'levers' ? `lever ${i + 1}` : `context factor ${i + 1}`;
        if (seen.has(p.path)) issue([...at(i), 'path'], `expected each path once; ${seen.get(p.path)} already sets ${p.path}`, p.path);
        seen.set(p.path, where);
        if (p.values) {
          if (p.min !== undefined || p.max !== undefined) issue([...at(i), p.min !== undefined ? 'min' : 'max'], 'expected either choices (values) or a range (min and max), not both', p.min ?? p.max);
          return;
        }
        if (p.min === undefined) issue([...at(i), 'min'], 'expected the lower end of the range (or values to choose from)', p.min);
        if (p.max === undefined) issue([...at(i), 'max'], 'expected the upper end of the range (or values to choose from)', p.max);
        if (p.min !== undefined && p.max !== undefined && !(p.max > p.min)) issue([...at(i), 'max'], `expected a maximum above the minimum (${p.min})`, p.max);
        if (p.scale === 'log' && p.min !== undefined && !(p.min > 0)) issue([...at(i), 'min'], 'expected a minimum above 0 (a log scale needs positive values)', p.min);
        if (p.integer && p.min !== undefined && p.max !== undefined && (!Number.isInteger(p.min) || !Number.isInteger(p.max))) {
          issue([...at(i), !Number.isInteger(p.min) ? 'min' : 'max'], 'expected whole-number ends for a whole-number setting', !Number.isInteger(p.min) ? p.min : p.max);
        }
      });
    check(s.levers, 'levers', (i) => ['levers', i]);
    check(s.contexts.factors, 'factors', (i) => ['contexts', 'factors', i]);
    if (s.objectives.some((o) => 'satisficing' in o) && s.thresholds.length === 0) {
      issue(['thresholds'], 'expected thresholds for the satisficing objective to count (e.g. { "metric": "gapClosedOneYearAfter", "atLeast": 0.3 })', s.thresholds);
    }
    if (s.objectives.filter((o) => 'satisficing' in o).length > 1) issue(['objectives'], 'expected the satisficing objective once', s.objectives);
  });

export type Search = z.output<typeof SearchSchema>;
export type SearchInput = z.input<typeof SearchSchema>;
export type SearchSetting = Search['levers'][number];
export type SearchObjective = Search['objectives'][number];
export type SearchValue = z.output<typeof value>;
