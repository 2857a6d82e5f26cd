/**
 * Runs a share of the ablation table's rows (engine/node/library/ablations.ts) as tests: each
 * behaviour must hold with its mechanism and fail with the mechanism switched to its neutral
 * setting, and the row docs/model.md shows for it must be the one computed now (run
 * `npm run docs` when that fails). The rows are split over two files so they run in parallel.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ABLATIONS, ablationRow, runAblation } from '../../engine/node/library/ablations.ts';
import { formatEstimate } from '../../engine/core/stats/interval.ts';
import { report } from './arms.ts';

export function ablationTests(part: number, parts: number): void {
  const rows = ABLATIONS.filter((_, i) => i % parts === part);
  it.each(rows.map((a) => [typeof a.lesson === 'number' ? `L${a.lesson}` : a.lesson, a.claim, a]))('%s: %s (holds with the mechanism, not without it)', (_lesson, _claim, a) => {
    const result = runAblation(a);
    report(`${a.id}: ${a.contrast}: with ${formatEstimate(result.on)}, without ${formatEstimate(result.off)}`);
    expect({ holdsWithMechanism: result.holdsOn, holdsWithout: result.holdsOff }).toEqual({ holdsWithMechanism: true, holdsWithout: false });
    const documented = readFileSync('docs/model.md', 'utf8');
    expect(documented, `docs/model.md's ablation table shows ${a.id} as computed now (run npm run docs)`).toContain(ablationRow(result));
  }, 60_000);
}
