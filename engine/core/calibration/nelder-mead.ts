/**
 * Nelder-Mead simplex minimisation (Nelder and Mead 1965, with the standard coefficients of
 * Lagarias et al. 1998: reflection 1, expansion 2, contraction 0.5, shrink 0.5). Derivative-free,
 * so it suits an objective computed from simulations; with common random numbers (the same seeds
 * at every evaluation) that objective is deterministic. Hand-written: it is forty lines, and the
 * npm packages offering it are unmaintained. The objective may be asynchronous (runs on worker
 * threads); evaluations happen one at a time, in a fixed order, so a fit is reproducible.
 */
export interface MinimiseOptions {
  /** Stop after this many evaluations of f. */
  maxEvaluations: number;
  /** Stop when the simplex's values differ by less than this. */
  valueTolerance?: number;
  /** Stop when the simplex is smaller than this in every coordinate. */
  pointTolerance?: number;
  /** Called after each evaluation (for progress). */
  onEvaluation?: (evaluations: number, best: number) => void;
}

export interface Minimum {
  point: number[];
  value: number;
  evaluations: number;
  /** Why it stopped. */
  reason: 'converged' | 'max-evaluations';
}

/** Minimise f from a starting simplex (k + 1 points in k dimensions). */
export async function nelderMead(f: (x: number[]) => number | Promise<number>, simplex: number[][], options: MinimiseOptions): Promise<Minimum> {
  const valueTol = options.valueTolerance ?? 1e-8;
  const pointTol = options.pointTolerance ?? 1e-6;
  let evaluations = 0;
  const evaluate = async (x: number[]) => {
    const v = await f(x);
    evaluations++;
    const value = Number.isFinite(v) ? v : Infinity;
    options.onEvaluation?.(evaluations, Math.min(value, best()));
    return value;
  };
  const points = simplex.map((p) => [...p]);
  const values: number[] = [];
  const best = () => (values.length ? Math.min(...values) : Infinity);
  for (const p of points) values.push(await evaluate(p));
  const n = points.length - 1;
  const combine = (a: number[], b: number[], t: number) => a.map((ai, i) => ai + t * (b[i] - ai));

  while (evaluations < options.maxEvaluations) {
    // Order the simplex, best first.
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    const sorted = order.map((i) => points[i]);
    const sortedValues = order.map((i) => values[i]);
    points.splice(0, points.length, ...sorted);
    values.splice(0, values.length, ...sortedValues);
    const spread = values[n] - values[0];
    const size = Math.max(...points.slice(1).map((p) => Math.max(...p.map((pi, i) => Math.abs(pi - points[0][i])))));
    if (spread <= valueTol && size <= pointTol) return { point: points[0], value: values[0], evaluations, reason: 'converged' };

    const centroid = points[0].map((_, i) => points.slice(0, n).reduce((s, p) => s + p[i], 0) / n);
    const reflected = combine(centroid, points[n], -1);
    const fr = await evaluate(reflected);
    if (fr < values[0]) {
      const expanded = combine(centroid, points[n], -2);
      const fe = await evaluate(expanded);
      if (fe < fr) {
        points[n] = expanded;
        values[n] = fe;
      } else {
        points[n] = reflected;
        values[n] = fr;
      }
      continue;
    }
    if (fr < values[n - 1]) {
      points[n] = reflected;
      values[n] = fr;
      continue;
    }
    // Contract: outside if the reflection helped a little, inside otherwise.
    const outside = fr < values[n];
    const contracted = outside ? combine(centroid, reflected, 0.5) : combine(centroid, points[n], 0.5);
    const fc = await evaluate(contracted);
    if (fc < (outside ? fr : values[n])) {
      points[n] = contracted;
      values[n] = fc;
      continue;
    }
    // Shrink towards the best point.
    for (let k = 1; k <= n; k++) {
      points[k] = combine(points[0], points[k], 0.5);
      values[k] = await evaluate(points[k]);
    }
  }
  const i = values.indexOf(Math.min(...values));
  return { point: points[i], value: values[i], evaluations, reason: 'max-evaluations' };
}

export interface RestartedMinimum extends Minimum {
  /** How many times a fresh simplex was started at the best point. */
  restarts: number;
}

/**
 * Nelder-Mead restarted at the best point: a simplex can collapse onto a point that is not a
 * minimum (McKinnon 1998), and a fresh simplex there escapes (Kelley 1999). Restarts while each
 * improves the best value by more than `valueTolerance`, up to `restarts` times, within one
 * budget of evaluations shared by all rounds.
 */
export async function nelderMeadRestarted(
  f: (x: number[]) => number | Promise<number>,
  simplexAround: (x: number[]) => number[][],
  start: number[],
  options: MinimiseOptions & { restarts: number },
): Promise<RestartedMinimum> {
  const tolerance = options.valueTolerance ?? 1e-8;
  let used = 0;
  let restarts = 0;
  let best: Minimum | null = null;
  for (;;) {
    const before = best?.value ?? Infinity;
    const simplex = simplexAround(best ? best.point : start);
    const round = await nelderMead(f, simplex, {
      ...options,
      maxEvaluations: options.maxEvaluations - used,
      onEvaluation: options.onEvaluation ? (n, b) => options.onEvaluation!(used + n, Math.min(b, before)) : undefined,
    });
    used += round.evaluations;
    if (round.value < before) best = round;
    const improved = round.value < before - tolerance;
    // A fresh simplex costs one evaluation per vertex before it moves.
    if (round.reason !== 'converged' || !improved || restarts >= options.restarts || options.maxEvaluations - used <= simplex.length) {
      return { point: best!.point, value: best!.value, evaluations: used, reason: round.reason, restarts };
    }
    restarts++;
  }
}
