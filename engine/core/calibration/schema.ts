/**
 * Calibration targets files: which scenario parameters to fit (with bounds), to which published
 * figures (a series column at a week or averaged over weeks, or a summary metric), with what
 * tolerance, over how many replicates, and by which method. Validated like every other file.
 */
import { z } from 'zod';
import { MAX_SEED } from '../random/streams.ts';

const parameter = z
  .strictObject({
    path: z.string().min(1).meta({ title: 'Path', description: 'Scenario path of a parameter to fit, as --set takes it.' }),
    min: z.number().meta({ title: 'Minimum', description: 'Lower bound of the fitted value.' }),
    max: z.number().meta({ title: 'Maximum', description: 'Upper bound of the fitted value.' }),
  })
  .meta({ title: 'Fitted parameter', description: 'A scenario parameter the calibration adjusts within bounds.' });

const target = z
  .strictObject({
    name: z.string().min(1).max(200).meta({ title: 'Name', description: 'The published figure, in words.' }),
    source: z.string().max(500).optional().meta({ title: 'Source', description: 'Where the figure was published.' }),
    metric: z.string().min(1).meta({ title: 'Metric', description: 'A series column (with week or weeks) or a summary metric (without).' }),
    week: z.int().min(0).optional().meta({ title: 'Week', description: 'The week the figure refers to (series columns).' }),
    weeks: z
      .tuple([z.int().min(0), z.int().min(0)])
      .optional()
      .meta({ title: 'Weeks', description: 'First and last week of a period the figure averages over (series columns).' }),
    value: z.number().meta({ title: 'Published value', description: 'The figure, in the metric\'s unit.' }),
    range: z
      .tuple([z.number(), z.number()])
      .optional()
      .meta({ title: 'Published range', description: 'A range stated with the figure; the fit must land inside it.' }),
    tolerance: z
      .number()
      .positive()
      .max(10)
      .default(0.15)
      .meta({ title: 'Tolerance', description: 'Without a range: how close counts as reproducing the figure, relative to it (0.15 is 15%).' }),
    weight: z.number().positive().max(1000).default(1).meta({ title: 'Weight', description: 'Relative weight of this target in the fit.' }),
  })
  .meta({ title: 'Target', description: 'A published figure the scenario should reproduce.' });

const method = z
  .strictObject({
    kind: z.literal('nelder-mead').default('nelder-mead'),
    maxEvaluations: z.int().min(1).max(100_000).default(150).meta({ title: 'Evaluations', description: 'At most this many evaluations (each runs every replicate).' }),
    initialStep: z.number().positive().max(0.5).default(0.15).meta({ title: 'Initial step', description: 'Size of the starting simplex, as a share of each parameter\'s range.' }),
    restarts: z.int().min(0).max(20).default(2).meta({ title: 'Restarts', description: 'After the simplex converges, start a fresh one (of the initial step) at the best point, up to this many times while it still improves the fit: a simplex can collapse before it reaches a minimum (Kelley 1999).' }),
  })
  .prefault({})
  .meta({ title: 'Method', description: 'Nelder-Mead on common random numbers.' });

export const TargetsSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200).meta({ title: 'Name', description: 'What is being calibrated.' }),
    description: z.string().max(5000).optional(),
    seed: z.int().min(0).max(MAX_SEED).default(1).meta({ title: 'Root seed', description: 'Replicate r runs with the seed `ccsim run --seed <this> --replicates r` uses.' }),
    replicates: z.int().min(2).max(1000).default(12).meta({ title: 'Replicates', description: 'Runs per evaluation; the same seeds every time (common random numbers).' }),
    parameters: z.array(parameter).max(20).default([]).meta({ title: 'Fitted parameters', description: 'The parameters to adjust (none: the file only checks a scenario, as for the archetypes, whose behaviour is fitted jointly).' }),
    targets: z.array(target).min(1).meta({ title: 'Targets', description: 'The published figures to reproduce.' }),
    method,
  })
  .superRefine((t, ctx) => {
    t.parameters.forEach((p, i) => {
      if (!(p.max > p.min)) ctx.addIssue({ code: 'custom', path: ['parameters', i, 'max'], message: `expected a maximum above the minimum (${p.min})`, input: p.max });
    });
    t.targets.forEach((g, i) => {
      if (g.week !== undefined && g.weeks !== undefined) ctx.addIssue({ code: 'custom', path: ['targets', i, 'weeks'], message: 'expected week or weeks, not both', input: g.weeks });
      if (g.weeks && g.weeks[1] < g.weeks[0]) ctx.addIssue({ code: 'custom', path: ['targets', i, 'weeks'], message: 'expected the first week before the last', input: g.weeks });
      if (g.range && !(g.range[0] <= g.value && g.value <= g.range[1])) ctx.addIssue({ code: 'custom', path: ['targets', i, 'range'], message: `expected a range that contains the value (${g.value})`, input: g.range });
    });
  });

export type Targets = z.output<typeof TargetsSchema>;
export type Target = Targets['targets'][number];

const programme = z
  .strictObject({
    scenario: z.string().min(1).meta({ title: 'Scenario', description: 'The programme\'s scenario file, relative to this file. It sets only design, challenge and context: never behaviour.' }),
    targets: z.string().min(1).meta({ title: 'Targets', description: 'Its published figures (a targets file, relative to this file; its own parameters must be empty).' }),
    use: z
      .enum(['fit', 'predict'])
      .default('fit')
      .meta({ title: 'Use', description: 'fit: its figures count in the fit; predict: it is only predicted, set up from its published description with no fitting (an out-of-sample check).' }),
  })
  .meta({ title: 'Programme', description: 'A real programme the shared behaviour must reproduce or predict.' });

/**
 * A joint calibration: one behaviour set fitted to several programmes' published figures at once
 * (issue #10), with the programmes that are only predicted.
 */
export const JointCalibrationSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).max(200).meta({ title: 'Name', description: 'What is being calibrated.' }),
    description: z.string().max(5000).optional(),
    behaviour: z.string().min(1).meta({ title: 'Behaviour file', description: 'The shared behaviour set the fit writes (relative to this file).' }),
    seed: z.int().min(0).max(MAX_SEED).default(1).meta({ title: 'Root seed', description: 'Replicate r runs with the seed `ccsim run --seed <this> --replicates r` uses.' }),
    replicates: z.int().min(2).max(1000).default(12).meta({ title: 'Replicates', description: 'Runs of each programme per evaluation; the same seeds every time (common random numbers).' }),
    programmes: z.array(programme).min(1).max(50).meta({ title: 'Programmes', description: 'The programmes fitted and predicted.' }),
    parameters: z.array(parameter).min(1).max(20).meta({ title: 'Fitted behaviour', description: 'The shared behaviour settings to adjust.' }),
    method,
  })
  .superRefine((t, ctx) => {
    t.parameters.forEach((p, i) => {
      if (!(p.max > p.min)) ctx.addIssue({ code: 'custom', path: ['parameters', i, 'max'], message: `expected a maximum above the minimum (${p.min})`, input: p.max });
    });
    if (!t.programmes.some((p) => p.use === 'fit')) ctx.addIssue({ code: 'custom', path: ['programmes'], message: 'expected at least one programme to fit (use "fit")', input: t.programmes });
  });

export type JointCalibration = z.output<typeof JointCalibrationSchema>;
