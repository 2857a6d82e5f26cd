/**
 * Saltelli's sampling scheme for first-order and total Sobol indices (Saltelli 2002; Saltelli et
 * al. 2010): two independent N x k matrices A and B from a 2k-dimensional Sobol sequence (A the
 * first k coordinates, B the last k), and for each parameter i the matrix AB_i, which is A with
 * column i taken from B. Rows are laid out as A_j, AB_j^1 .. AB_j^k, B_j, as SALib does, so the
 * design has N (k + 2) points.
 */
import type { UnitPoint } from './roles.ts';
import { sobolPoints } from './sobol-sequence.ts';

export function saltelliPoints(samples: number, dimensions: number): UnitPoint[] {
  const base = sobolPoints(samples, 2 * dimensions);
  const points: UnitPoint[] = [];
  base.forEach((row, j) => {
    const a = row.slice(0, dimensions);
    const b = row.slice(dimensions);
    points.push({ unit: a, role: { design: 'sobol', row: j, block: 'A' } });
    for (let i = 0; i < dimensions; i++) {
      const ab = [...a];
      ab[i] = b[i];
      points.push({ unit: ab, role: { design: 'sobol', row: j, block: 'AB', factor: i } });
    }
    points.push({ unit: b, role: { design: 'sobol', row: j, block: 'B' } });
  });
  return points;
}
