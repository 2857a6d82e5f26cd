/**
 * What the summary needs of the state at a given week (the end of funding, a year after).
 */
import type { State } from '../model/state.ts';

export interface Snapshot {
  week: number;
  trueValue: Float64Array;
  counterfactualValue: Float64Array;
  reportedValue: Float64Array;
  lastReportWeek: Int32Array;
  membership: Uint8Array;
  practiceIndex: Float64Array;
  capability: Float64Array;
  completeness: Float64Array;
}

export function takeSnapshot(state: State): Snapshot {
  const s = state.sites;
  return {
    week: state.week,
    trueValue: s.trueValue.slice(),
    counterfactualValue: s.counterfactualValue.slice(),
    reportedValue: s.reportedValue.slice(),
    lastReportWeek: s.lastReportWeek.slice(),
    membership: s.membership.slice(),
    practiceIndex: s.practiceIndex.slice(),
    capability: s.capability.slice(),
    completeness: s.completeness.slice(),
  };
}
