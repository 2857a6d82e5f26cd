/**
 * Design points from an experiment: each point is an id and the value it gives each varied path.
 * Point ids come from the point's content, so a point keeps its id (and, with independent
 * seeding, its seeds) when other points are added.
 */
import seedrandom from 'seedrandom';
import type { Experiment, ParameterValue } from './schema.ts';

export interface DesignPoint {
  /** Stable id: a short hash of the point's values. */
  id: string;
  /** Position in the design (0-based). */
  index: number;
  values: Record<string, ParameterValue>;
}

export function designPoints(experiment: Experiment): DesignPoint[] {
  const raw = experiment.design.kind === 'list' ? experiment.design.points : factorialPoints(experiment);
  return raw.map((values, index) => ({ id: pointId(values), index, values }));
}

function factorialPoints(experiment: Experiment): Array<Record<string, ParameterValue>> {
  let points: Array<Record<string, ParameterValue>> = [{}];
  for (const p of experiment.parameters) {
    const next: Array<Record<string, ParameterValue>> = [];
    for (const point of points) for (const v of p.values ?? []) next.push({ ...point, [p.path]: v });
    points = next;
  }
  return points;
}

/** A stable 8-hex-digit id from a point's values (keys sorted, so order does not matter). */
export function pointId(values: Record<string, ParameterValue>): string {
  const canonical = JSON.stringify(Object.keys(values).sort().map((k) => [k, values[k]]));
  return (seedrandom.alea(`ccsim-point:${canonical}`).int32() >>> 0).toString(16).padStart(8, '0');
}

/** A point's settings in --set form. */
export function pointAssignments(point: DesignPoint): string[] {
  return Object.entries(point.values).map(([path, v]) => `${path}=${JSON.stringify(v)}`);
}
