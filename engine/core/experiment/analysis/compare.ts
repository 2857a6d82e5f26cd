/**
 * Each design point against a reference point, metric by metric: the difference of means with
 * its 95% interval. With common seeding, replicate r of every point shares its seed, so the
 * differences are paired (replicate by replicate), which removes the noise the two points share;
 * with independent seeding, Welch's interval for two independent means.
 */
import { Accumulator, estimateOf, type Estimate } from '../../stats/accumulator.ts';
import { tQuantile } from '../../stats/t-quantile.ts';

export interface Difference extends Estimate {
  point: string;
  metric: string;
  paired: boolean;
}

export class PointComparison {
  private readonly pairs = new Map<string, Accumulator[]>();
  private block = new Map<string, ArrayLike<number>>();
  private replicate = -1;

  constructor(
    private readonly reference: string,
    private readonly metrics: string[],
    private readonly paired: boolean,
  ) {}

  /**
   * Feed runs in run order (replicate by replicate). Only paired comparisons need this; Welch
   * intervals come from the per-point accumulators alone.
   */
  add(pointId: string, replicate: number, values: ArrayLike<number>): void {
    if (!this.paired) return;
    if (replicate !== this.replicate) this.flush(replicate);
    this.block.set(pointId, values);
  }

  /** Differences of every other point from the reference; `accumulators(point, m)` are the per-point ones. */
  differences(points: string[], accumulators: (point: string, metric: number) => Accumulator | undefined): Difference[] {
    this.flush(-1);
    const out: Difference[] = [];
    for (const point of points) {
      if (point === this.reference) continue;
      this.metrics.forEach((metric, m) => {
        const e = this.paired ? estimateOf(this.pairs.get(point)?.[m] ?? new Accumulator()) : welch(accumulators(this.reference, m), accumulators(point, m));
        out.push({ ...e, point, metric, paired: this.paired });
      });
    }
    return out;
  }

  private flush(next: number): void {
    const reference = this.block.get(this.reference);
    if (reference) {
      for (const [point, values] of this.block) {
        if (point === this.reference) continue;
        let accs = this.pairs.get(point);
        if (!accs) this.pairs.set(point, (accs = this.metrics.map(() => new Accumulator())));
        for (let m = 0; m < this.metrics.length; m++) accs[m].add(values[m] - reference[m]);
      }
    }
    this.block = new Map();
    this.replicate = next;
  }
}

/** b - a for two independent samples: Welch's t interval with Satterthwaite's degrees of freedom. */
export function welch(a: Accumulator | undefined, b: Accumulator | undefined, level = 0.95): Estimate {
  if (!a || !b || a.n < 2 || b.n < 2) return { n: Math.min(a?.n ?? 0, b?.n ?? 0), mean: (b?.mean ?? NaN) - (a?.mean ?? NaN), sd: NaN, se: NaN, lower: NaN, upper: NaN };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const df = ((va + vb) * (va + vb)) / ((va * va) / (a.n - 1) + (vb * vb) / (b.n - 1));
  const mean = b.mean - a.mean;
  const t = Number.isFinite(df) && df > 0 ? tQuantile((1 + level) / 2, df) : NaN;
  return { n: Math.min(a.n, b.n), mean, sd: NaN, se, lower: mean - t * se, upper: mean + t * se };
}
