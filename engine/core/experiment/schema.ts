/**
 * Experiment files: a base scenario, the parameters to vary (by scenario path), a design that
 * turns them into points, replicates, and what to keep. Validated by one zod schema, like
 * scenarios, with a generated JSON Schema (scenarios/experiment.schema.json).
 */
import { z } from 'zod';
import { MAX_SEED } from '../random/streams.ts';
import { MAX_SOBOL_DIMENSIONS } from './sampling/sobol-sequence.ts';

const value = z.union([z.number(), z.string(), z.boolean()]);

const parameter = z
  .strictObject({
    path: z.string().min(1).meta({ title: 'Path', description: 'Scenario path of the parameter, as --set takes it (e.g. tactics.hardness).' }),
    values: z.array(value).min(1).optional().meta({ title: 'Values', description: 'The values to try (factorial designs).' }),
    min: z.number().optional().meta({ title: 'Minimum', description: 'Lower end of the range (sampling designs: latin-hypercube, morris, sobol).' }),
    max: z.number().optional().meta({ title: 'Maximum', description: 'Upper end of the range (sampling designs).' }),
    scale: z
      .enum(['linear', 'log'])
      .default('linear')
      .meta({ title: 'Scale', description: 'How the range is sampled: evenly (linear) or evenly in the logarithm (log; for rates and sizes spanning orders of magnitude).' }),
    integer: z.boolean().default(false).meta({ title: 'Whole numbers', description: 'Sample whole numbers from min to max, each equally likely (for counts such as invited sites).' }),
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

const latinHypercube = z
  .strictObject({
    kind: z.literal('latin-hypercube'),
    samples: z.int().min(2).max(1_000_000).meta({ title: 'Samples', description: 'Design points: each parameter\'s range is cut into this many equal strata, each sampled once.' }),
  })
  .meta({ title: 'Latin hypercube', description: 'Space-filling random points over the parameter ranges (McKay, Beckman and Conover 1979).' });

const morris = z
  .strictObject({
    kind: z.literal('morris'),
    trajectories: z.int().min(2).max(100_000).default(10).meta({ title: 'Trajectories', description: 'One-at-a-time paths through the grid; each gives one elementary effect per parameter.' }),
    levels: z
      .int()
      .min(2)
      .max(100)
      .refine((p) => p % 2 === 0, { message: 'expected an even number of levels (the step is levels / (2 (levels - 1)) of the range)' })
      .default(4)
      .meta({ title: 'Levels', description: 'Grid levels per parameter (even; 4 is usual).' }),
  })
  .meta({ title: 'Morris screening', description: 'Elementary effects (Morris 1991): which parameters matter, and which act non-linearly or in interaction. (parameters + 1) x trajectories points.' });

const sobol = z
  .strictObject({
    kind: z.literal('sobol'),
    samples: z
      .int()
      .min(2)
      .max(1_048_576)
      .meta({ title: 'Base samples', description: 'N, the base sample size (a power of two is best); the design has N x (parameters + 2) points.' }),
  })
  .meta({ title: 'Sobol (Saltelli) sampling', description: 'Variance-based sensitivity: first-order and total Sobol indices (Saltelli et al. 2010), from a Sobol sequence.' });

export const designSchema = z
  .discriminatedUnion('kind', [factorial, list, latinHypercube, morris, sobol])
  .meta({ title: 'Design', description: 'How the varied parameters become design points.' });

/** Series output: none, the final week only, or every k weeks (and always the final week). */
const seriesOutput = z
  .union([z.literal('none'), z.literal('end'), z.int().min(1).max(1040)])
  .default('none')
  .meta({ title: 'Weekly series', description: '"none" (default), "end" (the final week only), or k (every k weeks, and the final week): written to series.csv, one row per run and week.' });

export const SAMPLING_DESIGNS = ['latin-hypercube', 'morris', 'sobol'] as const;

export const ExperimentSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(120).meta({ title: 'Name', description: 'Short name of the experiment.' }),
    description: z.string().max(5000).optional(),
    scenario: z
      .union([z.string().min(1), z.record(z.string(), z.unknown())])
      .meta({ title: 'Scenario', description: 'The base scenario: a file path (relative to the experiment file) or a scenario object.' }),
    seed: z.int().min(0).max(MAX_SEED).default(1).meta({ title: 'Root seed', description: 'Every run\'s seed, and the random choices of sampling designs, derive from it.' }),
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
        metrics: z.array(z.string()).min(1).optional().meta({ title: 'Summary metrics', description: 'Summary metrics to keep per run (default: all).' }),
        series: seriesOutput,
        seriesColumns: z.array(z.string()).min(1).optional().meta({ title: 'Series columns', description: 'Series columns to keep (default: all).' }),
      })
      .prefault({}),
  })
  .superRefine((e, ctx) => {
    const sampling = (SAMPLING_DESIGNS as readonly string[]).includes(e.design.kind);
    const issue = (path: PropertyKey[], message: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
    const seen = new Map<string, number>();
    e.parameters.forEach((p, i) => {
      if (seen.has(p.path)) issue(['parameters', i, 'path'], `expected each path once; parameter ${seen.get(p.path)! + 1} already varies ${p.path}`, p.path);
      seen.set(p.path, i);
      if (e.design.kind === 'factorial' && !p.values) issue(['parameters', i, 'values'], 'expected values to try (a factorial design combines listed values)', p.values);
      if (sampling) {
        if (p.values) issue(['parameters', i, 'values'], `expected min and max instead (a ${e.design.kind} design samples ranges)`, p.values);
        if (p.min === undefined) issue(['parameters', i, 'min'], `expected the lower end of the range (a ${e.design.kind} design samples ranges)`, p.min);
        if (p.max === undefined) issue(['parameters', i, 'max'], `expected the upper end of the range (a ${e.design.kind} design samples ranges)`, p.max);
        if (p.min !== undefined && p.max !== undefined && !(p.max > p.min)) issue(['parameters', i, 'max'], `expected a maximum above the minimum (${p.min})`, p.max);
        if (p.scale === 'log' && p.min !== undefined && !(p.min > 0)) issue(['parameters', i, 'min'], 'expected a minimum above 0 (a log scale needs positive values)', p.min);
        if (p.integer && p.min !== undefined && p.max !== undefined && (!Number.isInteger(p.min) || !Number.isInteger(p.max))) {
          issue(['parameters', i, p.integer && !Number.isInteger(p.min) ? 'min' : 'max'], 'expected whole-number ends for a whole-number parameter', !Number.isInteger(p.min) ? p.min : p.max);
        }
      } else if (p.min !== undefined || p.max !== undefined) {
        issue(['parameters', i, p.min !== undefined ? 'min' : 'max'], `expected values, not a range (a ${e.design.kind} design does not sample ranges)`, p.min ?? p.max);
      }
    });
    if (sampling && e.parameters.length === 0) issue(['parameters'], `expected at least one parameter with a range (a ${e.design.kind} design samples them)`, e.parameters);
    if (e.design.kind === 'sobol' && 2 * e.parameters.length > MAX_SOBOL_DIMENSIONS) {
      issue(['parameters'], `expected at most ${Math.floor(MAX_SOBOL_DIMENSIONS / 2)} parameters for a Sobol design`, e.parameters);
    }
  });

export type Experiment = z.output<typeof ExperimentSchema>;
export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type ExperimentParameter = Experiment['parameters'][number];
export type ParameterValue = z.infer<typeof value>;
export type SeriesOutput = Experiment['outputs']['series'];
