/**
 * Design points from an experiment: each point is an id and the value it gives each varied path.
 * Factorial and list designs are the values given; sampling designs (Latin hypercube, Morris,
 * Sobol) are drawn in the unit hypercube, from the experiment's seed alone, and mapped to each
 * parameter's range. Point ids come from the point's content (and, for sampled points, their
 * place in the design), so a point keeps its id, and with independent seeding its seeds, when
 * other points are added.
 */
import seedrandom from 'seedrandom';
import * as dmath from '../math/deterministic.ts';
import type { Experiment, ExperimentParameter, ParameterValue } from './schema.ts';
import { latinHypercube } from './sampling/latin-hypercube.ts';
import { morrisTrajectories } from './sampling/morris.ts';
import { saltelliPoints } from './sampling/saltelli.ts';
import type { PointRole, UnitPoint } from './sampling/roles.ts';

export type { PointRole };

export interface DesignPoint {
  /** Stable id: a short hash of the point's values (and its place, for sampled points). */
  id: string;
  /** Position in the design (0-based). */
  index: number;
  values: Record<string, ParameterValue>;
  /** Sampling designs: the point in the unit hypercube, one coordinate per parameter. */
  unit?: number[];
  /** Sampling designs: where the point sits in its design. */
  role?: PointRole;
}

/**
 * How many points the design has, from its settings alone (nothing is drawn or built), so that
 * a size can be checked before a large design is expanded.
 */
export function designSize(experiment: Experiment): number {
  const design = experiment.design;
  const k = experiment.parameters.length;
  switch (design.kind) {
    case 'list':
      return design.points.length;
    case 'factorial':
      return experiment.parameters.reduce((n, p) => n * (p.values?.length ?? 0), 1);
    case 'latin-hypercube':
      return design.samples;
    case 'morris':
      return design.trajectories * (k + 1);
    case 'sobol':
      return design.samples * (k + 2);
  }
}

export function designPoints(experiment: Experiment): DesignPoint[] {
  return [...eachDesignPoint(experiment)];
}

/** The design's points one at a time (an id takes some microseconds: callers that must give the thread back can, between points). */
export function* eachDesignPoint(experiment: Experiment): Generator<DesignPoint> {
  const design = experiment.design;
  switch (design.kind) {
    case 'list':
      for (const [index, values] of design.points.entries()) yield { id: pointId(values), index, values };
      return;
    case 'factorial':
      for (const [index, values] of factorialPoints(experiment).entries()) yield { id: pointId(values), index, values };
      return;
    default:
      for (const [index, p] of sampledPoints(experiment).entries()) {
        const values = Object.fromEntries(experiment.parameters.map((param, i) => [param.path, valueAt(param, p.unit[i])]));
        yield { id: pointId(values, p.role), index, values, unit: p.unit, role: p.role };
      }
  }
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

function sampledPoints(experiment: Experiment): UnitPoint[] {
  const k = experiment.parameters.length;
  // The design's own stream: sampling never touches a run's random numbers, and the same seed
  // gives the same design everywhere.
  const rng = seedrandom.alea(`ccsim-design:${experiment.seed}:${experiment.design.kind}`);
  switch (experiment.design.kind) {
    case 'latin-hypercube':
      return latinHypercube(experiment.design.samples, k, rng);
    case 'morris':
      return morrisTrajectories(experiment.design.trajectories, k, experiment.design.levels, rng);
    case 'sobol':
      return saltelliPoints(experiment.design.samples, k);
    default:
      throw new Error(`not a sampling design: ${experiment.design.kind}`);
  }
}

/** The parameter value at unit coordinate u in [0, 1]: linear or logarithmic, whole numbers if asked. */
export function valueAt(p: ExperimentParameter, u: number): number {
  const min = p.min!;
  const max = p.max!;
  if (p.integer) {
    // Each whole number from min to max equally likely: cut [0, 1) into max - min + 1 equal parts.
    return Math.min(max, min + Math.floor(u * (max - min + 1)));
  }
  if (p.scale === 'log') return dmath.exp(dmath.log(min) + u * (dmath.log(max) - dmath.log(min)));
  return min + u * (max - min);
}

/**
 * A stable id from a point's values (keys sorted, so order does not matter) and its role: "p" and
 * 16 hex digits. 64 bits, because ids must not collide: with 32 a Latin hypercube of 100,000
 * samples had 7 pairs of different points sharing one; with 64 the chance of any shared id among
 * a million points is about 1 in 37 million. The leading letter keeps it text in readr and
 * pandas (an id of digits only, or digits with one "e", would read as a number).
 */
export function pointId(values: Record<string, ParameterValue>, role?: PointRole): string {
  const entries = Object.keys(values).sort().map((k) => [k, values[k]]);
  const canonical = JSON.stringify(role ? [entries, role] : entries);
  const rng = seedrandom.alea(`ccsim-point:${canonical}`);
  const hex = () => (rng.int32() >>> 0).toString(16).padStart(8, '0');
  return `p${hex()}${hex()}`;
}

/** A point's settings in --set form. */
export function pointAssignments(point: DesignPoint): string[] {
  return Object.entries(point.values).map(([path, v]) => `${path}=${JSON.stringify(v)}`);
}
