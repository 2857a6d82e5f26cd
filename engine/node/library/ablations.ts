/**
 * The ablation table: for each mechanism, a behaviour the model brief asks of it, shown as a
 * paired contrast of arms over replicates with fixed seeds, once with the mechanism as it is and
 * once with it switched to its neutral setting. A behaviour holds when its 95% interval lies
 * wholly on the expected side; a mechanism earns its place when the behaviour holds with it and
 * not without it. The behaviour tests assert exactly that for every row, and `ccsim docs` writes
 * the table into docs/model.md, so the documentation shows how much each mechanism does.
 */
import {
  applyOverrides,
  documentOf,
  replicateSeed,
  runScenario,
  validateDocument,
  type JsonObject,
  type RunResult,
  type Scenario,
} from '../../core/index.ts';
import { columnIndex, meanOverWeeks, type SeriesName } from '../../core/metrics/series.ts';
import type { SummaryName } from '../../core/metrics/summary.ts';
import { estimate, formatEstimate, type Estimate } from '../../core/stats/interval.ts';
import { contextRSquared } from './context-regression.ts';

/** What a row measures of each run: a summary metric, a series column at a week or over weeks. */
export type Measure =
  | { summary: SummaryName }
  | { series: SeriesName; week: number }
  | { series: SeriesName; from: number; to: number }
  /** Computed from all replicates of an arm at once (one value per group of replicates). */
  | { pooled: 'contextRSquared'; groupSize: number };

export interface Arm {
  label: string;
  sets: string[];
  /** Weight of the arm in the contrast (the effect is the weighted sum over arms, per replicate). */
  weight: number;
}

export interface Ablation {
  id: string;
  /** The lesson (1-10) or the part of the model the mechanism belongs to. */
  lesson: number | 'engagement' | 'harm' | 'support' | 'evaluation' | 'sustainment';
  mechanism: string;
  /** The behaviour, as the model brief or the evidence states it. */
  claim: string;
  /** Settings common to every arm. */
  base: string[];
  arms: Arm[];
  measure: Measure;
  /** The sign the contrast must have (its interval wholly above, or below, the threshold). */
  expect: 'positive' | 'negative';
  /** The value the contrast must clear (0 unless stated). */
  threshold?: number;
  /** The settings that switch the mechanism off (its neutral values). */
  neutral: string[];
  /** What the contrast is, in words, for the table. */
  contrast: string;
}

const two = (contrast: string, a: [string, string[]], b: [string, string[]]): Pick<Ablation, 'arms' | 'contrast'> => ({
  contrast,
  arms: [
    { label: a[0], sets: a[1], weight: -1 },
    { label: b[0], sets: b[1], weight: 1 },
  ],
});

const RESOURCE_BASE = ['resources.slackHoursPerWeek=2', 'resources.protectedHoursPerWeek=0'];
const RATE_MEASURE = ['challenge.outcome.measure="rate"', 'challenge.outcome.baseline=8', 'challenge.outcome.best=1', 'challenge.outcome.baselineSpread=2'];
const SIMPLE_STANDARD = ['challenge.complexity=0.25', 'challenge.standardisation=0.9'];
const COMPLEX_LOCAL = ['challenge.complexity=0.7', 'challenge.standardisation=0.3'];
const POOR_THEORY = [
  'theoryOfChange.components=[{"name":"Checklist","effectiveness":0.9,"initialWeight":1},{"name":"Education","effectiveness":0.6,"initialWeight":1},{"name":"Audit and feedback","effectiveness":0.7,"initialWeight":1},{"name":"Posters","effectiveness":0.2,"initialWeight":12}]',
];

export const ABLATIONS: Ablation[] = [
  {
    id: 'evidence',
    lesson: 1,
    mechanism: 'Attractiveness of the practice: evidence',
    claim: 'Stronger evidence spreads the practice faster.',
    base: [],
    ...two('practice at week 52, strong (0.9) minus weak (0.3) evidence', ['weak', ['challenge.evidenceStrength=0.3']], ['strong', ['challenge.evidenceStrength=0.9']]),
    measure: { series: 'practice', week: 52 },
    expect: 'positive',
    neutral: ['challenge.effects.evidence=0', 'tactics.effects.evidence=0'],
  },
  {
    id: 'complexity',
    lesson: 1,
    mechanism: 'Attractiveness of the practice: complexity',
    claim: 'Lower complexity spreads the practice further.',
    base: [],
    ...two('practice at the end of funding, simple (0.2) minus complex (0.7)', ['complex', ['challenge.complexity=0.7']], ['simple', ['challenge.complexity=0.2']]),
    measure: { summary: 'practiceAtFundingEnd' },
    expect: 'positive',
    neutral: ['challenge.effects.complexity=0', 'challenge.effects.complexityTrial=0'],
  },
  {
    id: 'standard',
    lesson: 1,
    mechanism: 'A unit standard: each site adopts one written protocol and trains its staff in it',
    claim: 'A unit standard spreads a simple, standardisable practice faster.',
    base: SIMPLE_STANDARD,
    ...two('practice at week 26, with minus without a unit standard, a simple standardisable practice', ['without', ['protocol.standard=false']], ['with', ['protocol.standard=true']]),
    measure: { series: 'practice', week: 26 },
    expect: 'positive',
    neutral: ['protocol.trainingPerYear=0'],
  },
  {
    id: 'standard-fit',
    lesson: 1,
    mechanism: 'A unit standard carries a practice only as far as it can be standardised and taught',
    claim: 'A unit standard does more for a simple, standardisable practice than for a complex one that cannot be standardised.',
    base: [],
    contrast: 'gain in practice at week 26 from a unit standard, simple standardisable (complexity 0.25, standardisation 0.9) minus complex local (0.7, 0.3)',
    arms: [
      { label: 'simple, with', sets: [...SIMPLE_STANDARD, 'protocol.standard=true'], weight: 1 },
      { label: 'simple, without', sets: [...SIMPLE_STANDARD, 'protocol.standard=false'], weight: -1 },
      { label: 'complex, with', sets: [...COMPLEX_LOCAL, 'protocol.standard=true'], weight: -1 },
      { label: 'complex, without', sets: [...COMPLEX_LOCAL, 'protocol.standard=false'], weight: 1 },
    ],
    measure: { series: 'practice', week: 26 },
    expect: 'positive',
    neutral: ['protocol.effects.standardisation=0', 'protocol.effects.complexity=0'],
  },
  {
    id: 'observability',
    lesson: 1,
    mechanism: 'Observability: rare events make data noisy',
    claim: 'A rare-event challenge improves more slowly than a frequent-event one.',
    base: RATE_MEASURE,
    ...two('gap closed at week 78, 3,000 minus 30 exposure days a site-week', ['rare', ['challenge.outcome.casesPerSiteWeek=30']], ['frequent', ['challenge.outcome.casesPerSiteWeek=3000']]),
    measure: { series: 'gapClosed', week: 78 },
    expect: 'positive',
    neutral: ['data.feedbackToSites=false', 'theoryOfChange.reviewIntervalWeeks=0'],
  },
  {
    id: 'credibility',
    lesson: 2,
    mechanism: 'Core team credibility and legitimacy in recruitment',
    claim: 'A credible, well-backed core team recruits more sites.',
    base: [],
    ...two(
      'sites joined, strong (0.9) minus weak (0.3) credibility and legitimacy',
      ['weak', ['coreTeam.credibility=0.3', 'coreTeam.legitimacy=0.3']],
      ['strong', ['coreTeam.credibility=0.9', 'coreTeam.legitimacy=0.9']],
    ),
    measure: { summary: 'sitesJoined' },
    expect: 'positive',
    neutral: ['recruitment.effects.joinCredibility=0'],
  },
  {
    id: 'dilution',
    lesson: 2,
    mechanism: 'The core team\'s capacity is a queue shared by all sites',
    claim: 'With fixed core capacity, adding sites lowers the support each gets.',
    base: ['recruitment.mode="mandated"', 'coreTeam.hoursPerWeek=30'],
    ...two('share of sites\' support needs met (weeks 26-130, 30 core-team hours a week), 48 minus 12 sites (the budget per site the same)', ['12 sites', ['recruitment.invitedSites=12', 'resources.budget=400000']], ['48 sites', ['recruitment.invitedSites=48', 'resources.budget=1600000']]),
    measure: { series: 'supportMet', from: 26, to: 130 },
    expect: 'negative',
    neutral: ['coreTeam.hoursPerWeek=100000'],
  },
  {
    id: 'dilution-gain',
    lesson: 2,
    mechanism: 'The core team\'s capacity is a queue shared by all sites',
    claim: '... and lowers the gain per site.',
    base: ['recruitment.mode="mandated"', 'coreTeam.hoursPerWeek=30'],
    ...two('programme effect at the end of funding, 48 minus 12 sites (30 core-team hours a week, the budget per site the same)', ['12 sites', ['recruitment.invitedSites=12', 'resources.budget=400000']], ['48 sites', ['recruitment.invitedSites=48', 'resources.budget=1600000']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'negative',
    neutral: ['coreTeam.hoursPerWeek=100000'],
  },
  {
    id: 'mandate',
    lesson: 3,
    mechanism: 'Who joins: voluntary joining selects the ready; a mandate enrols the rest, less engaged',
    claim: 'Mandated recruitment enrols sites that take part less: more of its members are passive.',
    base: [],
    ...two('share of members passive at the end of funding, mandated minus voluntary', ['voluntary', ['recruitment.mode="voluntary"']], ['mandated', ['recruitment.mode="mandated"']]),
    measure: { summary: 'passiveShare' },
    expect: 'positive',
    neutral: [
      'recruitment.effects.mandate=0',
      'recruitment.mandatedMotivationLoss=0',
      'recruitment.effects.mandatedEngagement=0',
      'recruitment.effects.joinInnovativeness=0',
      'recruitment.effects.joinCompeting=0',
    ],
  },
  {
    id: 'backfill',
    lesson: 4,
    mechanism: 'Time for improvement (effort, capability, the capability trap)',
    claim: 'Under-resourced sites improve little: backfill lets them improve.',
    base: RESOURCE_BASE,
    ...two('programme effect at the end of funding, half the budget on backfill minus none', ['no backfill', ['resources.backfillShare=0']], ['backfill', ['resources.backfillShare=0.5']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: [
      'resources.effects.effort=0',
      'resources.effects.effortTrial=0',
      'resources.effects.capability=0',
      'resources.effects.capabilityTrial=0',
      'resources.capabilityGainPerYear=0',
      'resources.overloadHarm=0',
      'recruitment.effects.timePressure=0',
      'practice.effects.fatigueAdoption=0',
      'practice.effects.fatigueAbandon=0',
      'practice.fatigueHarm=0',
    ],
  },
  {
    id: 'review',
    lesson: 5,
    mechanism: 'Learning from data at reviews of the theory of change',
    claim: 'A programme that starts with a poor theory but reviews and adapts catches up.',
    base: POOR_THEORY,
    ...two('programme effect at the end of funding, reviewed every 26 weeks minus never', ['never', ['theoryOfChange.reviewIntervalWeeks=0']], ['reviewed', ['theoryOfChange.reviewIntervalWeeks=26']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['theoryOfChange.adaptationRate=0'],
  },
  {
    id: 'events',
    lesson: 6,
    mechanism: 'Learning events: belonging, ties and peer learning',
    claim: 'More shared events give faster spread.',
    base: ['resources.eventsShare=0.25'],
    ...two(
      'programme effect at the end of funding, regular events minus none',
      ['none', ['belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0']],
      ['regular', ['belonging.faceToFacePerYear=4', 'belonging.remotePerYear=12']],
    ),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['belonging.faceToFaceGain=0', 'belonging.remoteGain=0', 'belonging.faceToFaceTieGain=0', 'belonging.remoteTieGain=0', 'belonging.faceToFaceLearning=0', 'belonging.remoteLearning=0'],
  },
  {
    id: 'clustering',
    lesson: 6,
    mechanism: 'Complex contagion: a threshold of practising contacts',
    claim: 'Under complex contagion, clustered networks spread further than random ones of the same density.',
    // Centola's setting: behaviour that needs reinforcement from two contacts, few seeds (little
    // external pull), larger sites, and no pull from other sites' practice.
    base: [
      'belonging.contagion="complex"',
      'belonging.thresholdMean=0.3',
      'belonging.thresholdSpread=0.02',
      'belonging.horizontalWeight=0',
      'practice.externalPerYear=0.002',
      'practice.peerPerYear=8',
      'tactics.hardness=0',
      'community.network.degree=6',
      'community.network.homophily=0',
      'community.siteTypes=[{"name":"ward","share":1,"staffMean":200}]',
      'recruitment.invitedSites=8',
      'recruitment.comparisonSites=0',
    ],
    ...two('practice at week 78, clustered minus random network (Centola\'s setting)', ['random', ['community.network.kind="random"']], ['clustered', ['community.network.kind="smallWorld"', 'community.network.rewiring=0.02']]),
    measure: { series: 'practice', week: 78 },
    expect: 'positive',
    neutral: ['belonging.contagion="simple"'],
  },
  {
    id: 'conflict-adoption',
    lesson: 7,
    mechanism: 'Managing conflict: mediation and inclusion',
    claim: 'Unmanaged conflict lowers adoption in the marginalised group; managing it helps.',
    base: [],
    ...two('nurses practising at the end of funding, managed minus ignored', ['ignored', ['conflict.management="ignored"']], ['managed', ['conflict.management="managed"']]),
    measure: { series: 'adoption_nurse', week: 130 },
    expect: 'positive',
    neutral: ['conflict.mediationEfficacy=0', 'conflict.inclusionPerYear=0'],
  },
  {
    id: 'conflict-dropout',
    lesson: 7,
    mechanism: 'Managing conflict: mediation and inclusion',
    claim: '... and lowers dropout.',
    base: [],
    ...two('dropout, managed minus ignored', ['ignored', ['conflict.management="ignored"']], ['managed', ['conflict.management="managed"']]),
    measure: { summary: 'dropoutShare' },
    expect: 'negative',
    neutral: ['conflict.mediationEfficacy=0', 'conflict.inclusionPerYear=0'],
  },
  {
    id: 'conflict-cost',
    lesson: 7,
    mechanism: 'Mediation and inclusion take core-team time',
    claim: '... but uses core capacity: a stretched core team meets less of sites\' needs for support.',
    base: ['coreTeam.hoursPerWeek=30'],
    contrast: 'share of sites\' support needs met (weeks 26-130, 30 core-team hours a week), managed minus ignored, less the same when mediation and inclusion take no time',
    arms: [
      { label: 'managed', sets: ['conflict.management="managed"'], weight: 1 },
      { label: 'ignored', sets: ['conflict.management="ignored"'], weight: -1 },
      { label: 'managed, free', sets: ['conflict.management="managed"', 'conflict.mediationHoursPerIncident=0', 'conflict.inclusionHoursPerWeek=0'], weight: -1 },
      { label: 'ignored, free', sets: ['conflict.management="ignored"', 'conflict.mediationHoursPerIncident=0', 'conflict.inclusionHoursPerWeek=0'], weight: 1 },
    ],
    measure: { series: 'supportMet', from: 26, to: 130 },
    expect: 'negative',
    neutral: ['coreTeam.hoursPerWeek=100000'],
  },
  {
    id: 'hard-downside',
    lesson: 8,
    mechanism: 'The costs of hard tactics: reactance, doses read as punitive, practice that fades when pressure stops',
    claim: 'A balance beats hard-only tactics a year after funding.',
    base: [],
    ...two('programme effect a year after funding, balanced (0.5) minus hard only', ['hard', ['tactics.hardness=1']], ['balanced', ['tactics.hardness=0.5']]),
    measure: { summary: 'programmeEffectOneYearAfter' },
    expect: 'positive',
    neutral: ['tactics.extrinsicAbandonMultiplier=1', 'tactics.effects.doseAcceptance=0', 'tactics.reactancePerYear=0', 'tactics.extrinsicRoutinisation=1'],
  },
  {
    id: 'hard-upside',
    lesson: 8,
    mechanism: 'The pull of hard tactics: pressure, peer norms that bite, standard work',
    claim: 'A balance beats soft-only tactics a year after funding.',
    base: [],
    ...two('programme effect a year after funding, balanced (0.5) minus soft only', ['soft', ['tactics.hardness=0']], ['balanced', ['tactics.hardness=0.5']]),
    measure: { summary: 'programmeEffectOneYearAfter' },
    expect: 'positive',
    neutral: ['tactics.pressurePerYear=0', 'tactics.effects.pressurePeer=0', 'tactics.effects.pressureRoutine=0'],
  },
  {
    id: 'backfire',
    lesson: 8,
    mechanism: 'Punitive history: less acceptance, more conflict, the programme read as punitive',
    claim: 'Hard tactics backfire where punitive history is high.',
    base: [],
    contrast: 'advantage of hard (0.8) over soft tactics a year after funding, at punitive history 0.9 minus at 0.1',
    arms: [
      { label: 'hard, high', sets: ['tactics.hardness=0.8', 'context.sites.punitiveHistory=0.9'], weight: 1 },
      { label: 'soft, high', sets: ['tactics.hardness=0', 'context.sites.punitiveHistory=0.9'], weight: -1 },
      { label: 'hard, low', sets: ['tactics.hardness=0.8', 'context.sites.punitiveHistory=0.1'], weight: -1 },
      { label: 'soft, low', sets: ['tactics.hardness=0', 'context.sites.punitiveHistory=0.1'], weight: 1 },
    ],
    measure: { summary: 'programmeEffectOneYearAfter' },
    expect: 'negative',
    neutral: ['tactics.effects.punitiveAcceptance=0', 'conflict.effects.punitiveHistory=0', 'tactics.historyPerception=0'],
  },
  {
    id: 'surveillance',
    lesson: 9,
    mechanism: 'Surveillance framing read as punitive',
    claim: 'Surveillance framing lowers data completeness.',
    base: [],
    ...two('completeness at the end of funding, surveillance minus learning framing', ['learning', ['data.framing="learning"']], ['surveillance', ['data.framing="surveillance"']]),
    measure: { summary: 'completenessAtFundingEnd' },
    expect: 'negative',
    neutral: ['data.surveillancePerception=0'],
  },
  {
    id: 'named-tables',
    lesson: 9,
    mechanism: 'Named league tables: low performers hold data back',
    claim: 'Named league tables lower data completeness.',
    base: [],
    ...two('completeness at the end of funding, named minus anonymous comparison', ['anonymous', ['data.comparison="anonymous"']], ['named', ['data.comparison="named"']]),
    measure: { summary: 'completenessAtFundingEnd' },
    expect: 'negative',
    neutral: ['data.effects.namedCompleteness=0', 'tactics.namedTablePressure=0'],
  },
  {
    id: 'measurement-time',
    lesson: 9,
    mechanism: 'Measurement time buys usable data',
    claim: 'Measurement burden slows improvement only beyond a point: the first hours are part of improving and buy the data a programme learns from.',
    base: POOR_THEORY,
    ...two('programme effect at the end of funding, 1.5 minus 0 hours a week of measurement (a poor starting theory of change, so learning from data matters)', ['0 hours', ['data.measurementHoursPerWeek=0']], ['1.5 hours', ['data.measurementHoursPerWeek=1.5']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['data.usefulMeasurementHours=0', 'data.effects.timeCompleteness=0', 'data.qualityHalfHours=1000'],
  },
  {
    id: 'context',
    lesson: 10,
    mechanism: 'Site context modifies every effect',
    claim: 'Outcomes differ across sites in a way context explains.',
    base: [],
    contrast: 'adjusted R^2 of gap closed at the end of funding on the eight context variables (member sites of 3 replicates pooled)',
    arms: [{ label: 'default', sets: [], weight: 1 }],
    measure: { pooled: 'contextRSquared', groupSize: 3 },
    expect: 'positive',
    threshold: 0.05,
    neutral: ['context.spread=0'],
  },
  {
    id: 'customisation-fit',
    lesson: 10,
    mechanism: 'Customisation fixes local misfit',
    claim: 'Some customisation beats strict fidelity (an interior optimum, lower side).',
    base: [],
    ...two('programme effect at the end of funding, customisation 0.5 minus 0', ['strict', ['context.customisation=0']], ['some', ['context.customisation=0.5']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['context.fitGain=0'],
  },
  {
    id: 'customisation-commonality',
    lesson: 10,
    mechanism: 'Customisation costs commonality and fidelity',
    claim: 'Some customisation beats full freedom to adapt (an interior optimum, upper side).',
    base: [],
    ...two('programme effect at the end of funding, customisation 0.5 minus 1', ['free', ['context.customisation=1']], ['some', ['context.customisation=0.5']]),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['context.commonalityLoss=0', 'context.driftLoss=0'],
  },
  {
    id: 'engagement',
    lesson: 'engagement',
    mechanism: 'The ladder of engagement: stress makes sites passive',
    claim: 'Struggling sites mostly stay and change little: without backfill more members are passive.',
    base: RESOURCE_BASE,
    ...two('share of members passive at the end of funding, no backfill minus backfill', ['backfill', ['resources.backfillShare=0.5']], ['no backfill', ['resources.backfillShare=0']]),
    measure: { summary: 'passiveShare' },
    expect: 'positive',
    neutral: ['recruitment.disengagePerYear=0'],
  },
  {
    id: 'harm',
    lesson: 'harm',
    mechanism: 'Harm from change: the dip of trying, overload, fatigue',
    claim: 'Care can get worse: some under-resourced sites end worse than without the programme.',
    base: [...RESOURCE_BASE, 'resources.budget=0'],
    contrast: 'share of member sites made worse (at least 5% of their gap below their no-programme path), no budget',
    arms: [{ label: 'no budget', sets: [], weight: 1 }],
    measure: { summary: 'shareWorse' },
    expect: 'positive',
    neutral: ['practice.changeDip=0', 'practice.fatigueHarm=0', 'resources.overloadHarm=0'],
  },
  {
    id: 'coaching',
    lesson: 'support',
    mechanism: 'Coaching: skill transfer and local problem solving',
    claim: 'Support components differ in effect: coaching beats calls and webinars.',
    base: ['resources.backfillShare=0', 'belonging.faceToFacePerYear=0', 'belonging.remotePerYear=12'],
    ...two(
      'programme effect at the end of funding, coaching only minus calls only (30% of the budget each)',
      ['calls', ['resources.coachingShare=0', 'resources.eventsShare=0.3']],
      ['coaching', ['resources.coachingShare=0.3', 'resources.eventsShare=0']],
    ),
    measure: { summary: 'programmeEffectAtFundingEnd' },
    expect: 'positive',
    neutral: ['resources.coachingCapabilityPerYear=0', 'resources.effects.coachingTrial=0'],
  },
  {
    id: 'perceived-punitive',
    lesson: 8,
    mechanism: 'A programme read through a punitive history',
    claim: 'A soft, learning-framed programme is still perceived as punitive where history is punitive: less complete data.',
    base: ['tactics.hardness=0', 'data.framing="learning"', 'conflict.incidentsPerYear=0'],
    ...two('completeness at the end of funding, punitive history 0.8 minus 0.1 (no conflict incidents, so history acts only through how the programme is read)', ['low', ['context.sites.punitiveHistory=0.1']], ['high', ['context.sites.punitiveHistory=0.8']]),
    measure: { summary: 'completenessAtFundingEnd' },
    expect: 'negative',
    neutral: ['tactics.historyPerception=0'],
  },
  {
    id: 'trend',
    lesson: 'evaluation',
    mechanism: 'The secular trend moves every site',
    claim: 'An evaluation that ignores comparison sites overstates the effect.',
    base: ['context.secularTrendPerYear=0.06'],
    contrast: 'before-after estimate minus the true effect (outcome units)',
    arms: [
      { label: 'before-after', sets: [], weight: 1 },
      { label: 'true effect', sets: [], weight: -1 },
    ],
    measure: { summary: 'prePostEstimate' },
    expect: 'positive',
    neutral: ['context.secularTrendPerYear=0'],
  },
  {
    id: 'routine',
    lesson: 'sustainment',
    mechanism: 'Practice that became routine decays slowly once support ends',
    claim: 'With routinisation, gains persist after funding.',
    base: [],
    ...two('sustainment ratio, routine within 60 weeks minus 1,000', ['slow routine', ['practice.routinisationWeeks=1000']], ['routine', ['practice.routinisationWeeks=60']]),
    measure: { summary: 'sustainmentRatio' },
    expect: 'positive',
    neutral: ['practice.unsupportedAbandonMultiplier=1', 'practice.abandonPerYear=0', 'practice.routineDecayPerYear=0', 'resources.staffTurnoverPerYear=0', 'data.effects.routineMonitoring=0'],
  },
  {
    id: 'monitoring',
    lesson: 'sustainment',
    mechanism: 'Continued monitoring after funding',
    claim: 'With continued monitoring, gains persist after funding.',
    base: [],
    ...two('sustainment ratio, 95% minus 2% of sites keeping measuring', ['stop', ['data.monitoringAfterFunding=0.02']], ['keep', ['data.monitoringAfterFunding=0.95']]),
    measure: { summary: 'sustainmentRatio' },
    expect: 'positive',
    neutral: ['data.effects.monitoringAbandon=0', 'data.effects.monitoringRoutine=0', 'data.postFundingPull=0'],
  },
];

/** The trend row compares two metrics of the same runs: its "true effect" arm reads trueEffect. */
const ARM_MEASURE_OVERRIDE: Record<string, Record<string, SummaryName>> = { trend: { 'true effect': 'trueEffect' } };

export interface AblationResult {
  ablation: Ablation;
  on: Estimate;
  off: Estimate;
  /** The behaviour holds with the mechanism on. */
  holdsOn: boolean;
  /** ... and with it switched off (it should not). */
  holdsOff: boolean;
}

export const ABLATION_REPLICATES = 24;
export const ABLATION_SEED = 2026;

function scenarioOf(sets: string[]): Scenario {
  const doc = applyOverrides(documentOf({ name: 'ablation' } as JsonObject, 'ablation'), sets);
  if (!doc.ok) throw new Error(`ablation settings: ${JSON.stringify(doc.issues)}`);
  const valid = validateDocument(doc.value);
  if (!valid.ok) throw new Error(`ablation settings: ${JSON.stringify(valid.issues)}`);
  return valid.value;
}

function valueOf(result: RunResult, measure: Measure, summaryName?: SummaryName): number {
  if ('summary' in measure) return result.summary[summaryName ?? measure.summary] ?? NaN;
  if ('pooled' in measure) throw new Error('a pooled measure is read from all replicates at once');
  const k = columnIndex(result.series, measure.series);
  if (k < 0) throw new Error(`no series column ${measure.series}`);
  const [from, to] = 'week' in measure ? [measure.week, measure.week] : [measure.from, measure.to];
  return meanOverWeeks(result.series, k, from, to);
}

/** One arm's values: per replicate, or per group of replicates for a pooled measure. */
function armValues(ablation: Ablation, arm: Arm, extra: string[], replicates: number, root: number, cache: Map<string, RunResult[]>, behaviour: string[]): number[] {
  // A behaviour set under test comes first: the row's own settings override it.
  const sets = [...behaviour, ...ablation.base, ...arm.sets, ...extra];
  const key = JSON.stringify(sets);
  let results = cache.get(key);
  if (!results) {
    const scenario = scenarioOf(sets);
    results = Array.from({ length: replicates }, (_, r) => runScenario(scenario, { seed: replicateSeed(root, r + 1) }));
    cache.set(key, results);
  }
  const measure = ablation.measure;
  if ('pooled' in measure) {
    const groups = Math.floor(replicates / measure.groupSize);
    return Array.from({ length: groups }, (_, g) => contextRSquared(results.slice(g * measure.groupSize, (g + 1) * measure.groupSize)));
  }
  const name = ARM_MEASURE_OVERRIDE[ablation.id]?.[arm.label];
  return results.map((r) => valueOf(r, measure, name));
}

/** The contrast per replicate (or group), NaN where an arm has no value. */
function contrastValues(ablation: Ablation, extra: string[], replicates: number, root: number, cache: Map<string, RunResult[]>, behaviour: string[]): number[] {
  const perArm = ablation.arms.map((arm) => armValues(ablation, arm, extra, replicates, root, cache, behaviour));
  return perArm[0].map((_, i) => perArm.reduce((sum, values, k) => sum + ablation.arms[k].weight * values[i], 0));
}

function holds(e: Estimate, ablation: Ablation): boolean {
  const t = ablation.threshold ?? 0;
  return ablation.expect === 'positive' ? e.lower > t : e.upper < -t;
}

/**
 * One row, run. `behaviour` (path=value settings) replaces shared behaviour values for the row, as a
 * calibration does when it checks that a candidate behaviour set keeps every pattern.
 */
export function runAblation(ablation: Ablation, replicates = ABLATION_REPLICATES, root = ABLATION_SEED, behaviour: string[] = []): AblationResult {
  const cache = new Map<string, RunResult[]>();
  const on = estimate(contrastValues(ablation, [], replicates, root, cache, behaviour));
  const off = estimate(contrastValues(ablation, ablation.neutral, replicates, root, cache, behaviour));
  return { ablation, on, off, holdsOn: holds(on, ablation), holdsOff: holds(off, ablation) };
}

const LESSON_NAMES: Record<string, string> = {
  engagement: 'Engagement',
  harm: 'Harm',
  support: 'Support',
  evaluation: 'Evaluation',
  sustainment: 'Sustainment',
};

/** One row of the table docs/model.md shows. */
export function ablationRow(r: AblationResult): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const a = r.ablation;
  const lesson = typeof a.lesson === 'number' ? String(a.lesson) : LESSON_NAMES[a.lesson];
  const off = a.neutral.map((s) => `\`${s}\``).join(', ');
  const mark = (e: Estimate, held: boolean) => `${formatEstimate(e).replace(/ \(n=\d+\)/, '')}${held ? ' holds' : ''}`;
  return `| ${lesson} | ${cell(a.mechanism)} | ${cell(a.claim)} | ${cell(a.contrast)} | ${cell(off)} | ${mark(r.on, r.holdsOn)} | ${mark(r.off, r.holdsOff)} |`;
}

/** The table docs/model.md shows. */
export function ablationTable(results: AblationResult[]): string {
  return [
    `Each row: ${ABLATION_REPLICATES} paired replicates (root seed ${ABLATION_SEED}; a pooled measure, one value per group of replicates), the mean contrast with its 95% interval, with the mechanism as it is and switched to its neutral settings. "holds" marks an interval wholly on the expected side (beyond the stated threshold); every row holds with its mechanism and not without it (\`test/behaviour/ablations-*.test.ts\`).`,
    '',
    '| Lesson | Mechanism | Behaviour | Contrast | Switched off by | With it | Without it |',
    '|---|---|---|---|---|---|---|',
    ...results.map(ablationRow),
  ].join('\n');
}
