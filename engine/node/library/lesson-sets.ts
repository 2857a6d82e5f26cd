/**
 * The scenario library's lesson sets: for each of the ten lessons, the scenarios (under
 * scenarios/lessons/<folder>/) that differ only in that lesson's design choice, the
 * comparisons that show the lesson (a metric, and which scenario should come out ahead), and
 * the weekly series a chart of the set shows. The tests check every comparison over
 * replicates; docs/scenarios.md is generated from it.
 */
import { LESSONS } from '../../core/scenario/param.ts';
import type { SeriesName } from '../../core/metrics/series.ts';
import type { SummaryName } from '../../core/metrics/summary.ts';

export interface Comparison {
  metric: SummaryName;
  /** The scenario expected to come out ahead on the metric. */
  ahead: string;
  /** The scenario it is compared with. */
  behind: string;
  /** Whether ahead means a higher or a lower value of the metric. */
  direction: 'higher' | 'lower';
  /** Why that direction is the better one, where "higher/lower is better" would mislead. */
  why?: string;
}

export interface LessonSet {
  lesson: number;
  folder: string;
  /** The lesson, as the programme's report words it (the engine's LESSONS). */
  title: string;
  /** File names (without .json), in the order to show them. */
  scenarios: string[];
  /** The top-level sections of the scenario the files may differ in (the lesson's design choice). */
  sections: string[];
  comparisons: Comparison[];
  /** The series column a chart of the set plots for each scenario. */
  chart: { column: SeriesName; label: string };
}

const higher = (metric: SummaryName, ahead: string, behind: string): Comparison => ({ metric, ahead, behind, direction: 'higher' });
const lower = (metric: SummaryName, ahead: string, behind: string): Comparison => ({ metric, ahead, behind, direction: 'lower' });

const GAP: LessonSet['chart'] = { column: 'gapClosed', label: 'Share of the gap closed (member sites)' };

export const LESSON_SETS: LessonSet[] = [
  {
    lesson: 1,
    folder: '01-challenge',
    title: LESSONS[1],
    scenarios: ['frequent-events', 'rare-events'],
    sections: ['challenge'],
    comparisons: [higher('gapClosedAtFundingEnd', 'frequent-events', 'rare-events')],
    chart: GAP,
  },
  {
    lesson: 2,
    folder: '02-core-team',
    title: LESSONS[2],
    scenarios: ['weak-core-team', 'strong-core-team'],
    sections: ['coreTeam'],
    comparisons: [higher('sitesJoined', 'strong-core-team', 'weak-core-team'), lower('weeksToHalfGain', 'strong-core-team', 'weak-core-team')],
    chart: GAP,
  },
  {
    lesson: 3,
    folder: '03-recruitment',
    title: LESSONS[3],
    scenarios: ['voluntary', 'mandated'],
    sections: ['recruitment'],
    comparisons: [higher('sitesJoined', 'mandated', 'voluntary'), lower('dropoutShare', 'voluntary', 'mandated')],
    chart: { column: 'sites_active', label: 'Active member sites' },
  },
  {
    lesson: 4,
    folder: '04-resources',
    title: LESSONS[4],
    scenarios: ['under-resourced', 'resourced-equal', 'resourced-need', 'resourced-performance'],
    sections: ['resources'],
    comparisons: [
      higher('gapClosedAtFundingEnd', 'resourced-equal', 'under-resourced'),
      lower('shareLittleChange', 'resourced-equal', 'under-resourced'),
      lower('giniAcrossSites', 'resourced-need', 'resourced-performance'),
      higher('gapClosedAtFundingEnd', 'resourced-need', 'resourced-performance'),
    ],
    chart: GAP,
  },
  {
    lesson: 5,
    folder: '05-theory-of-change',
    title: LESSONS[5],
    scenarios: ['never-reviewed', 'reviewed'],
    sections: ['theoryOfChange'],
    comparisons: [higher('gapClosedAtFundingEnd', 'reviewed', 'never-reviewed')],
    chart: { column: 'theoryQuality', label: 'Quality of the theory of change' },
  },
  {
    lesson: 6,
    folder: '06-belonging',
    title: LESSONS[6],
    scenarios: ['no-shared-events', 'regular-events'],
    sections: ['belonging', 'resources'],
    comparisons: [higher('gapClosedAtFundingEnd', 'regular-events', 'no-shared-events')],
    chart: { column: 'belonging', label: 'Belonging (0 to 1)' },
  },
  {
    lesson: 7,
    folder: '07-conflict',
    title: LESSONS[7],
    scenarios: ['conflict-ignored', 'conflict-managed'],
    sections: ['conflict'],
    comparisons: [lower('dropoutShare', 'conflict-managed', 'conflict-ignored'), higher('gapClosedAtFundingEnd', 'conflict-managed', 'conflict-ignored')],
    chart: { column: 'adoption_nurse', label: 'Nurses practising' },
  },
  {
    lesson: 8,
    folder: '08-tactics',
    title: LESSONS[8],
    scenarios: ['soft-only', 'balanced', 'hard-only'],
    sections: ['tactics'],
    comparisons: [
      higher('gapClosedOneYearAfter', 'balanced', 'soft-only'),
      higher('gapClosedOneYearAfter', 'balanced', 'hard-only'),
      higher('sustainmentRatio', 'soft-only', 'hard-only'),
    ],
    chart: GAP,
  },
  {
    lesson: 9,
    folder: '09-data',
    title: LESSONS[9],
    scenarios: ['private-feedback', 'named-league-tables'],
    sections: ['data'],
    comparisons: [higher('completenessAtFundingEnd', 'private-feedback', 'named-league-tables'), { ...lower('reportingGap', 'private-feedback', 'named-league-tables'), why: 'lower: reports flatter true performance less' }],
    chart: { column: 'completeness', label: 'Completeness of submitted data' },
  },
  {
    lesson: 10,
    folder: '10-context',
    title: LESSONS[10],
    scenarios: ['one-size-fits-all', 'customised'],
    sections: ['context'],
    comparisons: [higher('gapClosedAtFundingEnd', 'customised', 'one-size-fits-all')],
    chart: GAP,
  },
];
