/**
 * Predict, then reveal: the figures a room is asked to predict before it sees them, read from the
 * played run's weekly series once the run reaches the week they are about, and how close each
 * person came. Pure: the server reveals with it and the debrief (in the browser) scores with it.
 */
import type { Scenario } from '../scenario/schema.ts';
import { columnValues, rowOf, type Series, type SeriesName } from '../metrics/series.ts';

export interface PredictionQuestion {
  id: string;
  /** The question as a phone asks it. */
  text: string;
  /** The series column it reads. */
  column: SeriesName;
  /** The week it is about, for a scenario. */
  week(scenario: Scenario): number;
  /** What a person types: percent of a share, or a count. */
  unit: 'percent' | 'sites';
  /** The widest a sensible answer can be wrong by (the score's scale), for a scenario. */
  range(scenario: Scenario): number;
}

const fundingEnd = (s: Scenario) => s.time.fundingWeeks;

export const PREDICTION_QUESTIONS: readonly PredictionQuestion[] = [
  {
    id: 'gapClosedAtFundingEnd',
    text: 'What share of their gap will member sites have closed when the funding ends (percent)?',
    column: 'gapClosed',
    week: fundingEnd,
    unit: 'percent',
    range: () => 100,
  },
  {
    id: 'gapClosedYearAfter',
    text: 'And a year after the funding ends (percent of the gap closed)?',
    column: 'gapClosed',
    week: (s) => Math.min(s.time.weeks, s.time.fundingWeeks + 52),
    unit: 'percent',
    range: () => 100,
  },
  {
    id: 'practiceAtFundingEnd',
    text: 'What share of staff at member sites will be practising when the funding ends (percent)?',
    column: 'practice',
    week: fundingEnd,
    unit: 'percent',
    range: () => 100,
  },
  {
    id: 'droppedOutAtFundingEnd',
    text: 'How many sites will have dropped out by the end of funding?',
    column: 'sites_droppedOut',
    week: fundingEnd,
    unit: 'sites',
    range: (s) => Math.max(1, s.recruitment.invitedSites),
  },
];

export function predictionQuestion(id: string): PredictionQuestion | undefined {
  return PREDICTION_QUESTIONS.find((q) => q.id === id);
}

/**
 * The outcome of a question in a run's series, in the unit people answer in, once the series has
 * reached its week (null before, or if the figure is missing that week).
 */
export function outcomeOf(question: PredictionQuestion, scenario: Scenario, series: Series, reachedWeek: number): number | null {
  const week = question.week(scenario);
  if (reachedWeek < week) return null;
  const value = columnValues(series, question.column)[rowOf(series, week)];
  if (!Number.isFinite(value)) return null;
  return question.unit === 'percent' ? 100 * value : value;
}

/**
 * How close a person came over the questions revealed, from 0 (as wrong as an answer can be, on
 * every question) to 100 (exact every time): 100 x (1 - mean absolute error / the question's
 * range), each error capped at the range. Null with nothing revealed to score.
 */
export function calibrationScore(answers: ReadonlyArray<{ prediction: number; outcome: number; range: number }>): number | null {
  if (answers.length === 0) return null;
  let error = 0;
  for (const a of answers) error += Math.min(1, Math.abs(a.prediction - a.outcome) / a.range);
  return 100 * (1 - error / answers.length);
}
