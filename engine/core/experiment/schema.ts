/**
 * Experiment files: a base scenario, the parameters to vary (by scenario path), a design that
 * turns them into points, replicates, and what to keep. Validated by one zod schema, like
 * scenarios, with a generated JSON Schema.
 */
import { z } from 'zod';
import { MAX_SEED } from '../random/streams.ts';

const value = z.union([z.number(), z.string(), z.boolean()]);

const parameter = z
  .strictObject({
    path: z.string().min(1).meta({ title: 'Path', description: 'Scenario path of the parameter, as --set takes it (e.g. tactics.hardness).' }),
    values: z.array(value).min(1).optional().meta({ title: 'Values', description: 'The values to try (factorial designs).' }),
    min: z.number().optional().meta({ title: 'Minimum', description: 'Lower end of the range (sampling designs).' }),
    max: z.number().optional().meta({ title: 'Maximum', description: 'Upper end of the range (sampling designs).' }),
  })
  .meta({ title: 'Parameter', description: 'A scenario parameter the experiment varies.' });

const factorial = z
  .strictObject({ kind: z.literal('factorial') })
  .meta({ title: 'Full factorial', description: 'Every combination of the listed values of every parameter.' });

const list = z
  .strictObject({
    kind: z.literal('list'),
    points: z
      .array(z.record(z.string(), value))
      .min(1)
      .meta({ title: 'Points', description: 'Each point sets some parameters (by path); unset parameters keep the scenario\'s values.' }),
  })
  .meta({ title: 'Explicit list', description: 'The points you list, in order.' });

export const designSchema = z.discriminatedUnion('kind', [factorial, list]).meta({ title: 'Design', description: 'How the varied parameters become design points.' });

export const ExperimentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(120).meta({ title: 'Name', description: 'Short name of the experiment.' }),
    description: z.string().max(5000).optional(),
    scenario: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .meta({ title: 'Scenario', description: 'The base scenario: a file path (relative to the experiment file) or a scenario object.' }),
    seed: z.int().min(0).max(MAX_SEED).default(1).meta({ title: 'Root seed', description: 'Every run\'s seed derives from it.' }),
    replicates: z.int().min(1).max(100_000).default(10).meta({ title: 'Replicates', description: 'Runs per design point.' }),
    seeding: z
      .enum(['common', 'independent'])
      .default('common')
      .meta({
        title: 'Seeding',
        description: 'common: replicate r of every point shares a seed (paired arms, common random numbers); independent: seeds also depend on the point\'s content.',
      }),
    parameters: z.array(parameter).default([]).meta({ title: 'Parameters', description: 'The parameters to vary.' }),
    design: designSchema.prefault({ kind: 'factorial' }),
    outputs: z
      .strictObject({
        metrics: z.array(z.string()).optional().meta({ title: 'Summary metrics', description: 'Summary metrics to keep per run (default: all).' }),
        seriesEvery: z.int().min(0).max(1040).default(0).meta({ title: 'Series every', description: 'Keep the weekly series every k weeks (0: none).' }),
        seriesColumns: z.array(z.string()).optional().meta({ title: 'Series columns', description: 'Series columns to keep (default: all).' }),
      })
      .prefault({}),
  })
  .superRefine((e, ctx) => {
    e.parameters.forEach((p, i) => {
      if (e.design.kind === 'factorial' && !p.values) {
        ctx.addIssue({ code: 'custom', path: ['parameters', i, 'values'], message: 'expected values to try (a factorial design combines listed values)', input: p.values });
      }
    });
  });

export type Experiment = z.output<typeof ExperimentSchema>;
export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type ParameterValue = z.infer<typeof value>;
