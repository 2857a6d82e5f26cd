/**
 * The model brief's patterns that are levels rather than contrasts (section 1 of the brief): P1
 * S-shaped spread that plateaus below 100% with most of the gain inside the funded period, P2
 * sites that respond differently (many changing little where context is adverse), P3 dropout of
 * 5-35% with some sites never sending complete data, and gains that decay after funding without
 * routine or monitoring. Each is a set of checks on 24 replicates (root seed 2026); the behaviour
 * tests assert every check, and the joint calibration holds a behaviour set to them as it does to
 * the ablation table's rows (engine/node/calibration/joint.ts), so the two never disagree.
 */
import { applyOverrides, columnValues, documentOf, replicateSeed, runScenario, validateDocument, type JsonObject, type RunResult, type SeriesName, type SummaryName } from '../../core/index.ts';
import { rowOf } from '../../core/metrics/series.ts';
import { estimate, pairedDifference, type Estimate } from '../../core/stats/interval.ts';

export const PATTERN_REPLICATES = 24;
export const PATTERN_SEED = 2026;

export interface PatternCheck {
  /** What is checked, in words. */
  check: string;
  holds: boolean;
}

export interface LevelPattern {
  id: string;
  claim: string;
  /** The figures the checks read, named, for reports. */
  run(behaviour: string[]): { figures: Record<string, Estimate>; checks: PatternCheck[] };
}

function arm(sets: string[], behaviour: string[]): RunResult[] {
  const doc = applyOverrides(documentOf({ name: 'pattern' } as JsonObject, 'pattern'), [...behaviour, ...sets]);
  if (!doc.ok) throw new Error(`pattern settings: ${JSON.stringify(doc.issues)}`);
  const valid = validateDocument(doc.value);
  if (!valid.ok) throw new Error(`pattern settings: ${JSON.stringify(valid.issues)}`);
  return Array.from({ length: PATTERN_REPLICATES }, (_, r) => runScenario(valid.value, { seed: replicateSeed(PATTERN_SEED, r + 1) }));
}

const summaryOf = (results: RunResult[], name: SummaryName) => results.map((r) => r.summary[name] ?? NaN);
const column = (r: RunResult, name: SeriesName) => columnValues(r.series, name);

export const LEVEL_PATTERNS: LevelPattern[] = [
  {
    id: 'P1',
    claim: 'Spread is S-shaped, plateaus below 100%, and most of the gain comes inside the funded period.',
    run(behaviour) {
      const results = arm(['recruitment.mode="mandated"'], behaviour);
      const gain = (from: number, to: number) => estimate(results.map((r) => column(r, 'practice')[rowOf(r.series, to)] - column(r, 'practice')[rowOf(r.series, from)]));
      const early = gain(1, 14);
      const middle = gain(14, 27);
      const late = gain(117, 130);
      const plateau = estimate(summaryOf(results, 'practiceAtFundingEnd'));
      const inside = estimate(results.map((r) => (r.summary.programmeEffectAtFundingEnd as number) / Math.max(...Array.from(column(r, 'programmeEffect')).filter((x) => !Number.isNaN(x)))));
      return {
        figures: { 'practice gained in weeks 1-14': early, 'practice gained in weeks 14-27': middle, 'practice gained in weeks 117-130': late, 'practice at the end of funding': plateau, 'programme effect at the end of funding as a share of its peak': inside },
        checks: [
          { check: 'faster in weeks 14-27 than in weeks 1-14 (S-shaped start)', holds: middle.lower > early.upper },
          { check: 'faster in weeks 14-27 than in weeks 117-130 (levelling off)', holds: middle.lower > late.upper },
          { check: 'practice at the end of funding below 0.9 (a plateau below 100%)', holds: plateau.upper < 0.9 },
          { check: 'practice at the end of funding above 0.3', holds: plateau.lower > 0.3 },
          { check: 'the programme effect at the end of funding above 0.9 of its peak (the gain comes inside funding)', holds: inside.lower > 0.9 },
        ],
      };
    },
  },
  {
    id: 'P2',
    claim: 'Sites respond differently; where context is adverse many change little.',
    run(behaviour) {
      const adverse = arm(['context.sites.leadershipSupport=0.3', 'context.sites.readiness=0.3', 'context.sites.competingInitiatives=0.75', 'context.sites.staffingStability=0.35'], behaviour);
      const typical = arm([], behaviour);
      const spread = estimate(summaryOf(typical, 'spreadAcrossSites'));
      const many = estimate(summaryOf(adverse, 'shareLittleChange'));
      const little = pairedDifference(summaryOf(typical, 'shareLittleChange'), summaryOf(adverse, 'shareLittleChange'));
      const transformed = estimate(summaryOf(typical, 'shareTransformed'));
      const boosted = estimate(summaryOf(typical, 'shareBoosted'));
      return {
        figures: { 'spread of gap closed across member sites (sd)': spread, 'share changing little, adverse context': many, 'share changing little, adverse - typical': little, 'share transformed': transformed, 'share boosted': boosted },
        checks: [
          { check: 'sites differ (the sd of gap closed above 0.05)', holds: spread.lower > 0.05 },
          { check: 'where context is adverse, more than 15% of member sites change little', holds: many.lower > 0.15 },
          { check: 'more change little where context is adverse than usual', holds: little.lower > 0 },
          { check: 'some sites are transformed', holds: transformed.lower > 0 },
          { check: 'fewer are transformed than boosted', holds: transformed.upper < boosted.lower },
        ],
      };
    },
  },
  {
    id: 'P3',
    claim: 'A share of sites drops out (5-35%), most of those that struggle stay, and some never send complete data.',
    run(behaviour) {
      const results = arm([], behaviour);
      const dropout = estimate(summaryOf(results, 'dropoutShare'));
      const complete = estimate(summaryOf(results, 'completeDataShare'));
      const reporting = estimate(summaryOf(results, 'reportingShare'));
      return {
        figures: { 'dropout share before funding ends': dropout, 'share sending complete data at the end of funding': complete, 'share reporting at the end of funding': reporting },
        checks: [
          { check: 'dropout above 5%', holds: dropout.lower > 0.05 },
          { check: 'dropout below 35%', holds: dropout.upper < 0.35 },
          { check: 'fewer send complete data than report', holds: complete.upper < reporting.lower },
          { check: 'some send complete data', holds: complete.lower > 0 },
        ],
      };
    },
  },
  {
    id: 'decay',
    claim: 'Without routine or continued monitoring, gains decay after funding.',
    run(behaviour) {
      const unsustained = arm(['practice.routinisationWeeks=1000', 'data.monitoringAfterFunding=0.02'], behaviour);
      const typical = arm([], behaviour);
      const decay = estimate(summaryOf(unsustained, 'sustainmentRatio'));
      const usual = estimate(summaryOf(typical, 'sustainmentRatio'));
      return {
        figures: { 'sustainment ratio without routine or monitoring': decay, 'sustainment ratio, default': usual },
        checks: [
          { check: 'without routine or monitoring, under 0.75 of the effect is sustained', holds: decay.upper < 0.75 },
          { check: 'the default sustains more', holds: usual.lower > decay.upper },
          { check: 'net of the secular trend, never more than sustained', holds: usual.upper < 1 },
        ],
      };
    },
  },
];
