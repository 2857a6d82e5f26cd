/**
 * Sustainment, and the patterns of section 1 of the model brief. Routinisation and monitoring
 * are each shown, with their mechanism and without it, in the ablation table
 * (ablations-*.test.ts); so are the secular trend's effect on an evaluation (P4) and care that
 * gets worse. The level patterns themselves are defined once, in engine/node/library/patterns.ts,
 * where the joint calibration checks them too.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { report, reportTo } from './arms.ts';
import { LEVEL_PATTERNS } from '../../engine/node/library/patterns.ts';
import { formatEstimate } from '../../engine/core/stats/interval.ts';

beforeAll(() => reportTo('sustainment'));

/** Runs a level pattern with the shared behaviour, reports its figures, and asserts every check. */
function holds(id: string): void {
  const pattern = LEVEL_PATTERNS.find((p) => p.id === id)!;
  const { figures, checks } = pattern.run([]);
  for (const [name, e] of Object.entries(figures)) report(`${id} ${name}: ${formatEstimate(e)}`);
  expect(checks.filter((c) => !c.holds).map((c) => c.check)).toEqual([]);
}

describe('Sustainment', () => {
  it('without routine or continued monitoring, gains decay after funding', () => holds('decay'));
});

describe('Patterns', () => {
  it('P1: spread is S-shaped, plateaus below 100%, and most of the gain comes inside the funded period', () => holds('P1'));
  it('P2: sites respond differently; where context is adverse many change little', () => holds('P2'));
  it('P3: a share of sites drops out, most of those that struggle stay, and some never send complete data', () => holds('P3'));
});
