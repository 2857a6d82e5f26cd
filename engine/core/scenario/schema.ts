/**
 * The scenario schema: the single source of truth for every parameter's type, default, bounds,
 * unit, description and lesson. Each mechanism declares its own section; this module composes
 * them and adds the checks that span sections.
 */
import { z } from 'zod';
import { paramsFor } from './param.ts';
import { communitySchema } from '../model/community.ts';
import { challengeSchema } from '../mechanisms/challenge.ts';
import { coreTeamSchema } from '../mechanisms/core-team.ts';
import { recruitmentSchema } from '../mechanisms/recruitment.ts';
import { resourcesSchema } from '../mechanisms/resources.ts';
import { costsSchema } from '../mechanisms/costs.ts';
import { theoryOfChangeSchema } from '../mechanisms/theory-of-change.ts';
import { belongingSchema } from '../mechanisms/belonging.ts';
import { conflictSchema } from '../mechanisms/conflict.ts';
import { tacticsSchema } from '../mechanisms/tactics.ts';
import { dataSchema } from '../mechanisms/data.ts';
import { contextSchema } from '../mechanisms/context.ts';
import { practiceSchema } from '../mechanisms/practice.ts';
import { protocolSchema } from '../mechanisms/protocol.ts';
import { MAX_SEED } from '../random/streams.ts';
import { withBehaviourDefaults } from './behaviour.ts';
import { isSettingPath } from './roles.ts';

/** Version of the scenario format; bumped when a file valid under the old one would change meaning. */
export const SCENARIO_FORMAT_VERSION = 2;

/** What changed at each version, for the message a file written for an older one gets. */
export const FORMAT_CHANGES: Record<number, string> = {
  2: 'sites now take part on a ladder of engagement: the dropout effects became recruitment.effects.timePressure, belonging, support, conflict, marginalisation and mandate (the time deficit now makes sites passive, not leave; recruitment.dropoutPerYear means less dropout than before), with recruitment.disengagePerYear, reengagePerYear and passiveEngagement new; resources.coachingShare now buys coaching for each site; data.surveillanceReactance and data.effects.surveillanceCompleteness gave way to data.surveillancePerception and data.effects.punitiveCompleteness; tactics.reactancePerYear and data.gamingPropensity now act through how punitive staff perceive the programme; outcomes.transformedShare and boostedShare are now shares of the gap the programme closed against each site\'s own path without it',
};

const time = paramsFor({ topic: 'time' });
const outputs = paramsFor({ topic: 'outputs' });

const timeSchema = time.section('Time', 'How long the programme is funded and how long the simulation runs.', {
  weeks: time.quantity({
    title: 'Horizon',
    description: 'Weeks simulated (one step is one week; up to 20 years).',
    unit: 'weeks',
    min: 1,
    max: 1040,
    default: 260,
    integer: true,
  }),
  fundingWeeks: time.quantity({
    title: 'Funded period',
    description: 'Weeks of funded activity from the start; support, backfill and events stop after it.',
    unit: 'weeks',
    min: 1,
    max: 1040,
    default: 130,
    integer: true,
  }),
  preWeeks: time.quantity({
    title: 'Baseline period',
    description: 'Weeks simulated before the programme launches (week 0), with every site measured by routine audit: the pre-period an interrupted time series needs. Weeks before launch are negative in the series; every summary figure is measured from launch.',
    unit: 'weeks',
    min: 0,
    max: 520,
    default: 0,
    integer: true,
  }),
  recruitmentWeeks: time.quantity({
    title: 'Recruitment window',
    description: 'Weeks from the start during which invited sites may join.',
    unit: 'weeks',
    min: 0,
    max: 1040,
    default: 26,
    integer: true,
  }),
});

const outcomesSchema = outputs.section('Site categories', 'Thresholds that classify each member site by the share of its own gap the programme closed (against the site\'s no-programme path).', {
  transformedShare: outputs.share({
    title: 'Transformed',
    description: 'Share of its own gap the programme must close at a site by the end of funding for it to count as transformed.',
    default: 0.6,
  }),
  boostedShare: outputs.share({
    title: 'Boosted',
    description: 'Share of its own gap a site must close to count as boosted (below it: little change).',
    default: 0.25,
  }),
  worseShare: outputs.share({
    title: 'Worse',
    description: 'Share of its own gap by which care at a site must end worse than on its no-programme path to count as made worse.',
    default: 0.05,
  }),
});

const notesSchema = z
  .strictObject({
    whatToNotice: z.array(z.string().min(1)).default([]).meta({ title: 'What to notice', description: 'Points a trainer draws attention to.' }),
    thingsToTry: z.array(z.string().min(1)).default([]).meta({ title: 'Things to try', description: 'Changes a trainer suggests the audience tries.' }),
  })
  .prefault({})
  .meta({ title: 'Notes', description: 'Notes for trainers and programme designers.' });

const calibrationRecord = z
  .strictObject({
    targets: z.string().min(1).meta({ title: 'Targets file', description: 'The calibration targets, relative to this file.' }),
    method: z.string().min(1).meta({ title: 'Method', description: 'How the parameters were fitted.' }),
    fitted: z
      .array(z.strictObject({ path: z.string().min(1), value: z.number(), min: z.number(), max: z.number() }))
      .meta({ title: 'Fitted parameters', description: 'Each fitted parameter, its value and its bounds.' }),
    results: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          source: z.string().optional(),
          metric: z.string().min(1),
          week: z.int().min(0).optional(),
          weeks: z.tuple([z.int().min(0), z.int().min(0)]).optional(),
          published: z.number(),
          band: z.tuple([z.number(), z.number()]),
          simulated: z.number().nullable(),
          lower: z.number().nullable(),
          upper: z.number().nullable(),
          within: z.boolean(),
        }),
      )
      .meta({ title: 'Results', description: 'Each published figure, the band that counts as reproducing it, and the simulated mean with its 95% interval.' }),
    replicates: z.int().min(1),
    seed: z.int().min(0).max(MAX_SEED),
    evaluations: z.int().min(0),
    ccsim: z.string().min(1),
    date: z.string().min(1),
  })
  .optional()
  .meta({ title: 'Calibration record', description: 'What this scenario was fitted to and how closely it reproduces it (written by ccsim calibrate; the model ignores it).' });

/** Every setting as declared; the behaviour settings' defaults are their priors (behaviour.ts). */
const declaredScenario = z.strictObject({
  $schema: z.string().optional().meta({ title: 'JSON Schema', description: 'Path or URL of the JSON Schema, for editors.' }),
  extends: z
    .string()
    .min(1)
    .optional()
    .meta({ title: 'Extends', description: 'Path of a scenario file (relative to this one) whose settings this file overrides.' }),
  formatVersion: z
    .literal(SCENARIO_FORMAT_VERSION)
    .default(SCENARIO_FORMAT_VERSION)
    .meta({ title: 'Format version', description: 'Version of the scenario format this file is written for.' }),
  name: z
    .string()
    .min(1)
    .max(120)
    .meta({ title: 'Name', description: 'Short name of the scenario, used in output and file names.' }),
  title: z.string().max(200).optional().meta({ title: 'Title', description: 'A readable title for people.' }),
  description: z
    .string()
    .max(5000)
    .optional()
    .meta({ title: 'Description', description: 'What the scenario represents, written for a programme designer.' }),
  notes: notesSchema,
  sources: z
    .record(z.string().min(1).max(200), z.string().min(1).max(2000))
    .optional()
    .meta({
      title: 'Sources',
      description: 'Where each value this file sets comes from: a scenario path (a section or list covers everything in it) and its source in the programme\'s published description, or the reasoning from it. Every value an archetype sets has one.',
    }),
  calibration: calibrationRecord,
  seed: z
    .int()
    .min(0)
    .max(MAX_SEED)
    .default(1)
    .meta({ title: 'Seed', description: 'Root seed: the same scenario and seed always give the same numbers.', topic: 'time', unit: 'seed', step: 1 }),
  replicates: z
    .int()
    .min(1)
    .max(1_000_000)
    .optional()
    .meta({ title: 'Replicates', description: 'How many replicates to run when none are asked for: ccsim run runs this many instead of 1, the studio instead of 20 (a file the studio saves records its own).', topic: 'time', unit: 'replicates', step: 1 }),
  time: timeSchema,
  challenge: challengeSchema,
  coreTeam: coreTeamSchema,
  recruitment: recruitmentSchema,
  community: communitySchema,
  resources: resourcesSchema,
  costs: costsSchema,
  theoryOfChange: theoryOfChangeSchema,
  belonging: belongingSchema,
  conflict: conflictSchema,
  tactics: tacticsSchema,
  data: dataSchema,
  context: contextSchema,
  practice: practiceSchema,
  protocol: protocolSchema,
  outcomes: outcomesSchema,
});

/** The scenario as every file sees it: the shared behaviour set (scenarios/behaviour.json) as its defaults. */
const scenarioObject = withBehaviourDefaults(declaredScenario);

/** Checks that span sections, each reported at the path a user should change. */
export const ScenarioSchema = scenarioObject.superRefine((s, ctx) => {
  for (const key of Object.keys(s.sources ?? {})) {
    if (!isSettingPath(key)) ctx.addIssue({ code: 'custom', path: ['sources', key], message: 'expected the path of a setting, a section or a list this file can set (such as challenge.outcome.best or community.siteTypes)', input: key });
  }
  const o = s.challenge.outcome;
  if (o.best === o.baseline) {
    ctx.addIssue({
      code: 'custom',
      path: ['challenge', 'outcome', 'best'],
      message: 'expected a best achievable value different from the baseline, so that there is a gap to close',
      input: o.best,
    });
  }
  if (o.measure === 'percent') {
    for (const key of ['baseline', 'best'] as const) {
      if (o[key] > 100) {
        ctx.addIssue({ code: 'custom', path: ['challenge', 'outcome', key], message: 'expected a percentage from 0 to 100', input: o[key] });
      }
    }
  }
  if (o.measure === 'continuous' && o.unitLabel === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['challenge', 'outcome', 'unitLabel'],
      message: "expected the unit of a continuous measure, such as 'days' or 'hours'",
      input: o.unitLabel,
    });
  }
  s.recruitment.waves.forEach((w, i) => {
    if (w.launchWeek >= s.time.fundingWeeks) {
      ctx.addIssue({
        code: 'custom',
        path: ['recruitment', 'waves', i, 'launchWeek'],
        message: `expected a launch week inside the funded period (before week ${s.time.fundingWeeks}), or its sites could never join`,
        input: w.launchWeek,
      });
    }
  });
  const r = s.resources;
  const spent = r.backfillShare + r.coachingShare + r.eventsShare;
  if (spent > 1 + 1e-9) {
    ctx.addIssue({
      code: 'custom',
      path: ['resources', 'eventsShare'],
      message: `expected backfill, coaching and events shares to sum to at most 1 (they sum to ${round(spent)})`,
      input: r.eventsShare,
    });
  }
  if (s.outcomes.boostedShare > s.outcomes.transformedShare) {
    ctx.addIssue({
      code: 'custom',
      path: ['outcomes', 'boostedShare'],
      message: 'expected the boosted threshold to be at most the transformed threshold',
      input: s.outcomes.boostedShare,
    });
  }
  // An empty list is already reported by its own minimum; these checks are about its contents.
  if (s.community.siteTypes.length > 0 && !s.community.siteTypes.some((t) => t.share > 0)) {
    ctx.addIssue({ code: 'custom', path: ['community', 'siteTypes'], message: 'expected at least one site type with a share above 0', input: s.community.siteTypes });
  }
  if (s.community.groups.length > 0 && !s.community.groups.some((g) => g.share > 0)) {
    ctx.addIssue({ code: 'custom', path: ['community', 'groups'], message: 'expected at least one professional group with a share above 0', input: s.community.groups });
  }
  if (s.community.groups.length > 0 && !s.community.groups.some((g) => g.practiceRole > 0)) {
    ctx.addIssue({ code: 'custom', path: ['community', 'groups'], message: 'expected at least one professional group with a role in the practice above 0', input: s.community.groups });
  }
  const staff = expectedStaff(s);
  if (staff > MAX_STAFF) {
    ctx.addIssue({
      code: 'custom',
      path: ['recruitment', 'invitedSites'],
      message: `expected a community of at most ${MAX_STAFF.toLocaleString('en-GB')} staff in all (invited and comparison sites x staff per site; this one has about ${Math.round(staff).toLocaleString('en-GB')})`,
      input: s.recruitment.invitedSites,
    });
  }
  const names = new Set<string>();
  s.community.groups.forEach((g, i) => {
    if (names.has(g.name)) {
      ctx.addIssue({ code: 'custom', path: ['community', 'groups', i, 'name'], message: `expected a name not already used by another group ('${g.name}')`, input: g.name });
    }
    names.add(g.name);
  });
});

/** The most staff one run may simulate (about 1 GB of state). */
export const MAX_STAFF = 10_000_000;

/** Staff a scenario's sites hold on average: sites x the share-weighted staff per site. */
export function expectedStaff(s: Pick<z.output<typeof scenarioObject>, 'recruitment' | 'community'>): number {
  const types = s.community.siteTypes;
  const total = types.reduce((sum, t) => sum + t.share, 0);
  const perSite = total > 0 ? types.reduce((sum, t) => sum + (t.share / total) * t.staffMean, 0) : 0;
  return (s.recruitment.invitedSites + s.recruitment.comparisonSites) * perSite;
}

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
