/**
 * The adoption kernel's working arrays, part of a run's state: the practice mechanism
 * (mechanisms/practice.ts) rebuilds them each week from its linear predictors. They live with
 * the state, not the mechanism, so the state depends on no mechanism.
 */
/** Site x group hazards and site rates, rebuilt each week from the linear predictors. */
export interface KernelScratch {
  external: Float64Array;
  peer: Float64Array;
  pressure: Float64Array;
  trialLogit: Float64Array;
  abandon: Float64Array;
  routine: Float64Array;
  routineDecay: Float64Array;
  changedAgent: Int32Array;
  changedTo: Uint8Array;
}

export function createKernelScratch(siteGroups: number, staff: number): KernelScratch {
  return {
    external: new Float64Array(siteGroups),
    peer: new Float64Array(siteGroups),
    pressure: new Float64Array(siteGroups),
    trialLogit: new Float64Array(siteGroups),
    abandon: new Float64Array(siteGroups),
    routine: new Float64Array(siteGroups),
    routineDecay: new Float64Array(siteGroups),
    changedAgent: new Int32Array(staff),
    changedTo: new Uint8Array(staff),
  };
}
