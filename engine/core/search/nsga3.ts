/**
 * NSGA-III (Deb and Jain 2014), the reference-point many-objective evolutionary algorithm, with
 * Deb's constraint domination (Deb 2000; Jain and Deb 2014) for a budget. Written here because no
 * maintained JavaScript package offers a many-objective algorithm (the registry has no NSGA-II,
 * NSGA-III, MOEA/D or jMetal port in use); it is checked on the standard test problems (ZDT1,
 * ZDT2, DTLZ2: test/core/search/nsga3.test.ts).
 *
 * Every objective is minimised and every gene lies in [0, 1]; the caller maps genes to its own
 * variables (and negates objectives to maximise). The algorithm is a generator: it yields the
 * genes of a generation to evaluate and is resumed with their evaluations, so a caller can
 * evaluate on a worker pool, and a rerun fed the same evaluations (from disk, say) retraces the
 * same search exactly: all randomness comes from the rng passed in, in a fixed order.
 *
 * Per generation: parents are picked by binary tournament (a feasible design beats an infeasible
 * one, the smaller violation wins between infeasible ones, else at random), varied by simulated
 * binary crossover and polynomial mutation (Deb and Agrawal 1995), and the 2N parents and
 * offspring are sorted into fronts by constraint domination. Whole fronts fill the next
 * population; the last front that does not fit is cut by niching: objectives are normalised by
 * the ideal point and the intercepts of the hyperplane through the extreme points, each design is
 * associated with its nearest reference direction (Das and Dennis 1998 points on the unit
 * simplex), and the least crowded directions are filled first.
 */
import * as dmath from '../math/deterministic.ts';

export interface Evaluation {
  /** Objective values, all minimised. */
  objectives: number[];
  /** How far the design breaks its constraints (0: feasible). */
  violation: number;
}

export interface Individual extends Evaluation {
  genes: number[];
}

export interface Nsga3Options {
  variables: number;
  objectives: number;
  /** Designs per generation (at least 4). */
  population: number;
  /** Generations after the first (0: the initial population only). */
  generations: number;
  rng: () => number;
  /** Divisions of each objective's axis for the reference points (default: as many points as fit in the population). */
  divisions?: number;
  /** Crossover probability and distribution index (defaults 1 and 30, Deb and Jain's). */
  crossover?: { probability?: number; eta?: number };
  /** Mutation probability per gene and distribution index (defaults 1 / variables and 20). */
  mutation?: { probability?: number; eta?: number };
  /**
   * What makes two designs the same (e.g. genes decoded to whole numbers or choices). An
   * offspring equal to a design in the population, or to another offspring, is mutated again (up
   * to 20 times) so that the population does not fill with copies.
   */
  key?: (genes: number[]) => string;
  /**
   * Genes that stand for a choice among a few values (true at their index): crossover swaps
   * them whole and mutation redraws them at random, since a small polynomial step rarely moves
   * a choice across to another (a search would then keep whichever choices its first generation
   * happened to favour).
   */
  discrete?: readonly boolean[];
  /** Designs to include in the first generation (the designer's own, say); the rest is a Latin hypercube of the unit cube. */
  seeds?: number[][];
}

export interface Nsga3Result {
  /** The last population. */
  population: Individual[];
  referencePoints: number[][];
}

export type Nsga3Search = Generator<number[][], Nsga3Result, Evaluation[]>;

/** Runs NSGA-III: yields each generation's genes, expects their evaluations back. */
export function* nsga3(options: Nsga3Options): Nsga3Search {
  const { variables, objectives, population: size, rng } = options;
  if (size < 4) throw new RangeError('NSGA-III needs a population of at least 4');
  const references = referencePoints(objectives, options.divisions ?? divisionsFor(objectives, size));
  const variation: Variation = {
    discrete: options.discrete ?? [],
    crossoverProbability: options.crossover?.probability ?? 1,
    crossoverEta: options.crossover?.eta ?? 30,
    mutationProbability: options.mutation?.probability ?? 1 / variables,
    mutationEta: options.mutation?.eta ?? 20,
  };
  const seeds = (options.seeds ?? []).slice(0, size);
  const initial = distinct([...seeds, ...unitLatinHypercube(size - seeds.length, variables, rng)], rng, options.key);
  let population = together(initial, yield initial);
  for (let g = 0; g < options.generations; g++) {
    const offspring = makeOffspring(population, size, variation, rng, options.key);
    const evaluated = together(offspring, yield offspring);
    population = survivors([...population, ...evaluated], size, references, rng);
  }
  return { population, referencePoints: references };
}

function together(genes: number[][], evaluations: Evaluation[]): Individual[] {
  if (evaluations.length !== genes.length) throw new RangeError(`expected ${genes.length} evaluations, got ${evaluations.length}`);
  return genes.map((g, i) => ({ genes: g, objectives: evaluations[i].objectives, violation: evaluations[i].violation }));
}

// ---------------------------------------------------------------------------------------------
// Reference points

/** Das and Dennis's points: every vector of multiples of 1/divisions on the unit simplex. */
export function referencePoints(objectives: number, divisions: number): number[][] {
  const points: number[][] = [];
  const walk = (prefix: number[], left: number) => {
    if (prefix.length === objectives - 1) {
      points.push([...prefix, left].map((k) => k / divisions));
      return;
    }
    for (let k = 0; k <= left; k++) walk([...prefix, k], left - k);
  };
  walk([], divisions);
  return points;
}

/** The most divisions whose points number no more than the population (at least 1). */
export function divisionsFor(objectives: number, population: number): number {
  let p = 1;
  while (binomial(p + 1 + objectives - 1, objectives - 1) <= population) p++;
  return p;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

// ---------------------------------------------------------------------------------------------
// Sorting by constraint domination

/** Whether a beats b: feasibility first, then the smaller violation, then Pareto domination. */
export function dominates(a: Evaluation, b: Evaluation): boolean {
  if (a.violation < b.violation) return true;
  if (a.violation > b.violation) return false;
  let better = false;
  for (let m = 0; m < a.objectives.length; m++) {
    if (a.objectives[m] > b.objectives[m]) return false;
    if (a.objectives[m] < b.objectives[m]) better = true;
  }
  return better;
}

/** Fronts of indices by fast non-dominated sorting (Deb et al. 2002). */
export function nondominatedFronts(items: readonly Evaluation[]): number[][] {
  const n = items.length;
  const beaten = new Array<number>(n).fill(0);
  const beats: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (dominates(items[i], items[j])) {
        beats[i].push(j);
        beaten[j]++;
      } else if (dominates(items[j], items[i])) {
        beats[j].push(i);
        beaten[i]++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = beaten.flatMap((c, i) => (c === 0 ? [i] : []));
  while (current.length) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of beats[i]) if (--beaten[j] === 0) next.push(j);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

// ---------------------------------------------------------------------------------------------
// Environmental selection

function survivors(combined: Individual[], size: number, references: number[][], rng: () => number): Individual[] {
  const fronts = nondominatedFronts(combined);
  const chosen: number[] = [];
  let last: number[] = [];
  for (const front of fronts) {
    if (chosen.length + front.length <= size) {
      chosen.push(...front);
      if (chosen.length === size) return chosen.map((i) => combined[i]);
    } else {
      last = front;
      break;
    }
  }
  const considered = [...chosen, ...last];
  const normalised = normalise(considered.map((i) => combined[i].objectives));
  const niche = new Array<number>(considered.length);
  const distance = new Array<number>(considered.length);
  considered.forEach((_, k) => {
    const [j, d] = nearestReference(normalised[k], references);
    niche[k] = j;
    distance[k] = d;
  });
  const count = new Array<number>(references.length).fill(0);
  for (let k = 0; k < chosen.length; k++) count[niche[k]]++;
  // Candidates of the last front by reference direction (positions in `considered`).
  const waiting = new Map<number, number[]>();
  for (let k = chosen.length; k < considered.length; k++) {
    const list = waiting.get(niche[k]);
    if (list) list.push(k);
    else waiting.set(niche[k], [k]);
  }
  const picked: number[] = [];
  while (chosen.length + picked.length < size) {
    let least = Infinity;
    for (const j of waiting.keys()) least = Math.min(least, count[j]);
    const emptiest = [...waiting.keys()].filter((j) => count[j] === least).sort((a, b) => a - b);
    const j = emptiest[Math.floor(rng() * emptiest.length)];
    const list = waiting.get(j)!;
    let at: number;
    if (count[j] === 0) {
      at = 0;
      for (let q = 1; q < list.length; q++) if (distance[list[q]] < distance[list[at]]) at = q;
    } else {
      at = Math.floor(rng() * list.length);
    }
    picked.push(list[at]);
    list.splice(at, 1);
    if (list.length === 0) waiting.delete(j);
    count[j]++;
  }
  return [...chosen, ...picked.map((k) => considered[k])].map((i) => combined[i]);
}

/**
 * Objectives translated by the ideal point and scaled by the intercepts of the hyperplane through
 * the extreme points (each objective's point of least achievement scalarising function); when
 * that plane is degenerate, by each objective's largest translated value.
 */
export function normalise(objectives: number[][]): number[][] {
  const m = objectives[0].length;
  const ideal = Array.from({ length: m }, (_, j) => Math.min(...objectives.map((f) => f[j])));
  const translated = objectives.map((f) => f.map((v, j) => v - ideal[j]));
  const extremes = Array.from({ length: m }, (_, axis) => {
    let best = 0;
    let bestValue = Infinity;
    translated.forEach((f, k) => {
      let asf = -Infinity;
      for (let j = 0; j < m; j++) asf = Math.max(asf, f[j] / (j === axis ? 1 : 1e-6));
      if (asf < bestValue) {
        bestValue = asf;
        best = k;
      }
    });
    return translated[best];
  });
  const worst = Array.from({ length: m }, (_, j) => Math.max(...translated.map((f) => f[j])));
  let intercepts = hyperplaneIntercepts(extremes);
  if (!intercepts || intercepts.some((a, j) => !(a > 1e-6) || !Number.isFinite(a) || a > worst[j] * 1e6)) intercepts = worst;
  return translated.map((f) => f.map((v, j) => (intercepts![j] > 1e-12 ? v / intercepts![j] : v)));
}

/** Intercepts a_j of the plane through m points (sum_j x_j / a_j = 1), or null if singular. */
function hyperplaneIntercepts(points: number[][]): number[] | null {
  const m = points.length;
  // Solve points * w = 1 for w by Gaussian elimination with partial pivoting; a_j = 1 / w_j.
  const a = points.map((row) => [...row, 1]);
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    if (Math.abs(a[pivot][c]) < 1e-12) return null;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const factor = a[r][c] / a[c][c];
      for (let k = c; k <= m; k++) a[r][k] -= factor * a[c][k];
    }
  }
  const w = a.map((row, c) => row[m] / row[c]);
  return w.map((x) => 1 / x);
}

/** The reference direction nearest a point (perpendicular distance) and that distance. */
function nearestReference(point: number[], references: number[][]): [number, number] {
  let best = 0;
  let bestDistance = Infinity;
  references.forEach((w, j) => {
    let dot = 0;
    let norm = 0;
    for (let k = 0; k < w.length; k++) {
      dot += point[k] * w[k];
      norm += w[k] * w[k];
    }
    const t = dot / norm;
    let d = 0;
    for (let k = 0; k < w.length; k++) {
      const gap = point[k] - t * w[k];
      d += gap * gap;
    }
    if (d < bestDistance) {
      bestDistance = d;
      best = j;
    }
  });
  return [best, Math.sqrt(bestDistance)];
}

// ---------------------------------------------------------------------------------------------
// Variation

interface Variation {
  discrete: readonly boolean[];
  crossoverProbability: number;
  crossoverEta: number;
  mutationProbability: number;
  mutationEta: number;
}

const KEY_RETRIES = 20;

function makeOffspring(parents: Individual[], size: number, v: Variation, rng: () => number, key?: (genes: number[]) => string): number[][] {
  const offspring: number[][] = [];
  const seen = new Set(key ? parents.map((p) => key(p.genes)) : []);
  while (offspring.length < size) {
    const a = tournament(parents, rng);
    const b = tournament(parents, rng);
    const children = rng() < v.crossoverProbability ? simulatedBinaryCrossover(a.genes, b.genes, v.crossoverEta, rng, v.discrete) : [[...a.genes], [...b.genes]];
    for (const child of children) {
      if (offspring.length === size) break;
      let genes = polynomialMutation(child, v.mutationProbability, v.mutationEta, rng, v.discrete);
      if (key) {
        // Mutate again, every gene and more widely each time, until the design is new.
        for (let t = 0; t < KEY_RETRIES && seen.has(key(genes)); t++) genes = polynomialMutation(genes, 1, Math.max(1, v.mutationEta / dmath.pow(2, t)), rng, v.discrete);
        seen.add(key(genes));
      }
      offspring.push(genes);
    }
  }
  return offspring;
}

function tournament(population: Individual[], rng: () => number): Individual {
  const a = population[Math.floor(rng() * population.length)];
  const b = population[Math.floor(rng() * population.length)];
  if (a.violation !== b.violation) return a.violation < b.violation ? a : b;
  return rng() < 0.5 ? a : b;
}

/** Simulated binary crossover on [0, 1] genes, bounded form (Deb and Agrawal 1995); discrete genes are swapped whole. */
export function simulatedBinaryCrossover(x: number[], y: number[], eta: number, rng: () => number, discrete: readonly boolean[] = []): [number[], number[]] {
  const c1 = [...x];
  const c2 = [...y];
  for (let i = 0; i < x.length; i++) {
    if (rng() > 0.5 || Math.abs(x[i] - y[i]) < 1e-14) continue;
    if (discrete[i]) {
      c1[i] = y[i];
      c2[i] = x[i];
      continue;
    }
    const lo = Math.min(x[i], y[i]);
    const hi = Math.max(x[i], y[i]);
    const u = rng();
    const spread = (beta: number) => {
      const alpha = 2 - dmath.pow(beta, -(eta + 1));
      const q = u <= 1 / alpha ? dmath.pow(u * alpha, 1 / (eta + 1)) : dmath.pow(1 / (2 - u * alpha), 1 / (eta + 1));
      return q;
    };
    const qLow = spread(1 + (2 * lo) / (hi - lo));
    const qHigh = spread(1 + (2 * (1 - hi)) / (hi - lo));
    let a = clampUnit(0.5 * (lo + hi - qLow * (hi - lo)));
    let b = clampUnit(0.5 * (lo + hi + qHigh * (hi - lo)));
    if (rng() < 0.5) [a, b] = [b, a];
    c1[i] = a;
    c2[i] = b;
  }
  return [c1, c2];
}

/** Polynomial mutation on [0, 1] genes, bounded form (Deb and Goyal 1996); a discrete gene is redrawn at random. */
export function polynomialMutation(x: number[], probability: number, eta: number, rng: () => number, discrete: readonly boolean[] = []): number[] {
  return x.map((v, i) => {
    if (rng() >= probability) return v;
    const u = rng();
    if (discrete[i]) return u;
    const power = 1 / (eta + 1);
    let delta: number;
    if (u < 0.5) {
      const xy = 1 - v;
      delta = dmath.pow(2 * u + (1 - 2 * u) * dmath.pow(xy, eta + 1), power) - 1;
    } else {
      const xy = v;
      delta = 1 - dmath.pow(2 * (1 - u) + 2 * (u - 0.5) * dmath.pow(xy, eta + 1), power);
    }
    return clampUnit(v + delta);
  });
}

function clampUnit(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** The points with any design already seen redrawn at random (up to 20 times). */
function distinct(points: number[][], rng: () => number, key?: (genes: number[]) => string): number[][] {
  if (!key) return points;
  const seen = new Set<string>();
  return points.map((p) => {
    let genes = p;
    for (let t = 0; t < KEY_RETRIES && seen.has(key(genes)); t++) genes = genes.map(() => rng());
    seen.add(key(genes));
    return genes;
  });
}

/** n points of a Latin hypercube of the unit cube (the first generation covers every lever's range). */
function unitLatinHypercube(n: number, dimensions: number, rng: () => number): number[][] {
  const columns = Array.from({ length: dimensions }, () => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    return strata.map((s) => (s + rng()) / n);
  });
  return Array.from({ length: n }, (_, k) => columns.map((c) => c[k]));
}
