/**
 * The neutral limit (model brief, section 3): with every modifier neutral, one site, a complete
 * influence network and no abandonment, adoption is the Bass model. The mean simulated path must
 * match the closed form F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) within sampling error,
 * and the weekly discretisation itself must stay within 0.003 of it.
 */
import { describe, expect, it } from 'vitest';
import { columnIndex, replicateSeed, runScenario, type SeriesName } from '../../../engine/core/index.ts';
import { neutralSettings } from '../../../engine/core/scenario/neutral.ts';
import { estimate } from '../../../engine/core/stats/interval.ts';
import { scenarioWith } from '../../behaviour/arms.ts';

const P = 0.03;
const Q = 0.38;
const YEARS = 10;
const STAFF = 20_000;

function bass(t: number): number {
  const e = Math.exp(-(P + Q) * t);
  return (1 - e) / (1 + (Q / P) * e);
}

function neutralScenario() {
  const sets = neutralSettings().map((s) => `${s.path}=${JSON.stringify(s.value)}`);
  return scenarioWith([
    ...sets,
    'recruitment.invitedSites=1',
    'recruitment.comparisonSites=0',
    `community.siteTypes=[{"name":"site","share":1,"staffMean":${STAFF}}]`,
    'community.staffSpread=0',
    `time.weeks=${YEARS * 52}`,
    `time.fundingWeeks=${YEARS * 52}`,
    `practice.externalPerYear=${P}`,
    `practice.peerPerYear=${Q}`,
  ]);
}

describe('the neutral limit is the Bass model', () => {
  it('lists the neutral settings from the schema', () => {
    const paths = neutralSettings().map((s) => s.path);
    expect(paths).toContain('tactics.hardness');
    expect(paths).toContain('community.network.kind');
    expect(paths).toContain('practice.abandonPerYear');
    expect(paths.filter((p) => p.includes('.effects.')).length).toBeGreaterThan(40);
  });

  it('weekly discretisation of the Bass hazard stays within 0.003 of the closed form', () => {
    let f = 0;
    let worst = 0;
    for (let week = 1; week <= YEARS * 52; week++) {
      f += (1 - f) * -Math.expm1(-(P + Q * f) / 52);
      worst = Math.max(worst, Math.abs(f - bass(week / 52)));
    }
    expect(worst).toBeLessThan(0.003);
  });

  it('the mean simulated path matches the closed form within sampling error', () => {
    const scenario = neutralScenario();
    const runs = Array.from({ length: 6 }, (_, r) => runScenario(scenario, { seed: replicateSeed(11, r + 1) }));
    const column = (name: SeriesName) => columnIndex(runs[0].series, name);
    const adopted = column('share_adopted');
    const routinised = column('share_routinised');
    for (let year = 1; year <= YEARS; year++) {
      const week = year * 52;
      const shares = runs.map((r) => r.series.values[adopted][week] + r.series.values[routinised][week]);
      const e = estimate(shares);
      const expected = bass(year);
      // Sampling error of the mean, plus the discretisation bound above.
      const tolerance = 0.003 + 4 * Math.max(e.se, Math.sqrt((expected * (1 - expected)) / (STAFF * runs.length)));
      console.log(`Bass year ${year}: simulated ${e.mean.toFixed(4)} (se ${e.se.toFixed(4)}), closed form ${expected.toFixed(4)}`);
      expect(Math.abs(e.mean - expected)).toBeLessThan(tolerance);
    }
  });
});
