/**
 * Where a sampled design point sits in its design, which the analysis needs: the row of a
 * Saltelli matrix, the step of a Morris trajectory, the sample of a Latin hypercube. Points are
 * sampled in the unit hypercube, one coordinate per varied parameter, then mapped to the ranges.
 */
export type PointRole =
  | { design: 'latin-hypercube'; sample: number }
  /** A row of Saltelli's matrices: A, B, or A with factor `factor` taken from B (AB). */
  | { design: 'sobol'; row: number; block: 'A' | 'B' | 'AB'; factor?: number }
  /** Step `step` of a trajectory: step 0 is its base; step k moved `factor` by `delta` (in unit space). */
  | { design: 'morris'; trajectory: number; step: number; factor?: number; delta?: number };

export interface UnitPoint {
  unit: number[];
  role: PointRole;
}
