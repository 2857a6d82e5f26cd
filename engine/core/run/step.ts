/**
 * One week of the model. The order of the mechanisms is data: a reviewer reads the schedule
 * below, top to bottom, as the order in which things happen within a week. Each entry adds its
 * effects to the week's linear predictors or updates its own state; the practice step then turns
 * the predictors into hazards for every staff member, performance follows practice, and
 * measurement observes performance.
 */
import type { State } from '../model/state.ts';
import { stepContext } from '../mechanisms/context.ts';
import { stepRecruitment } from '../mechanisms/recruitment.ts';
import { stepResources } from '../mechanisms/resources.ts';
import { stepConflict } from '../mechanisms/conflict.ts';
import { stepCoreTeam } from '../mechanisms/core-team.ts';
import { stepBelonging } from '../mechanisms/belonging.ts';
import { stepTactics } from '../mechanisms/tactics.ts';
import { stepProtocol } from '../mechanisms/protocol.ts';
import { stepData } from '../mechanisms/data.ts';
import { stepTheoryOfChange } from '../mechanisms/theory-of-change.ts';
import { stepChallenge } from '../mechanisms/challenge.ts';
import { stepPractice } from '../mechanisms/practice.ts';
import { stepPerformance } from '../mechanisms/performance.ts';
import { measureBaseline, stepMeasurement } from '../mechanisms/measurement.ts';
import { stepCosts } from '../mechanisms/costs.ts';

export interface ScheduledStep {
  name: string;
  lesson: number | null;
  run: (state: State) => void;
}

/** The weekly schedule, in order. */
export const WEEKLY_SCHEDULE: readonly ScheduledStep[] = [
  { name: 'clear predictors', lesson: null, run: clearPredictors },
  { name: 'recruitment, onboarding, dropout and the end of funding', lesson: 3, run: stepRecruitment },
  { name: 'context and shocks', lesson: 10, run: stepContext },
  { name: 'time, backfill and the capability trap', lesson: 4, run: stepResources },
  { name: 'conflict, mediation and inclusion', lesson: 7, run: stepConflict },
  { name: 'core-team support', lesson: 2, run: stepCoreTeam },
  { name: 'learning events, ties and belonging', lesson: 6, run: stepBelonging },
  { name: 'hard and soft tactics', lesson: 8, run: stepTactics },
  { name: 'the unit standard: decisions and training', lesson: 1, run: stepProtocol },
  { name: 'feedback, completeness and gaming', lesson: 9, run: stepData },
  { name: 'theory-of-change review', lesson: 5, run: stepTheoryOfChange },
  { name: 'the challenge', lesson: 1, run: stepChallenge },
  { name: 'practice: adoption, routine, abandonment, turnover', lesson: null, run: stepPractice },
  { name: 'performance', lesson: null, run: stepPerformance },
  { name: 'measurement and reporting', lesson: 9, run: stepMeasurement },
  { name: 'costs: the core team\'s and the sites\' own time, overhead', lesson: 4, run: stepCosts },
];

/** Advance the state by one week. */
export function step(state: State): void {
  for (const entry of WEEKLY_SCHEDULE) entry.run(state);
  state.week += 1;
  // After a baseline period, the launch: every site is measured once (the evaluator's baseline).
  if (state.week === 0) measureBaseline(state);
}

function clearPredictors(state: State): void {
  const sg = state.siteGroups;
  sg.etaExternal.fill(0);
  sg.etaPeer.fill(0);
  sg.etaPressure.fill(0);
  sg.etaTrial.fill(0);
  sg.etaDecay.fill(0);
  sg.etaRoutine.fill(0);
  sg.belongingLoss.fill(0);
}
