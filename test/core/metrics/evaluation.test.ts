/**
 * How the model evaluates a programme: each site's counterfactual is its own path with no
 * programme, an evaluator's estimate is intention to treat, significance comes from noisy
 * audits, and gaming flatters a report toward the best but never past it.
 */
import { describe, expect, it } from 'vitest';
import { replicateSeed, runScenario, step, type SummaryName } from '../../../engine/core/index.ts';
import { measure } from '../../../engine/core/mechanisms/measurement.ts';
import { estimate, pairedDifference } from '../../../engine/core/stats/interval.ts';
import { scenarioWith } from '../../behaviour/arms.ts';
import { tiny } from '../mechanisms/tiny.ts';

describe('the counterfactual', () => {
  it("is each site's true path in a run of the same seed with no programme, to the last digit", () => {
    const sets = ['time.weeks=120', 'time.fundingWeeks=80', 'context.shocks.reorganisationPerYear=0.5', 'context.secularTrendPerYear=0.05'];
    for (const r of [1, 2, 3]) {
      const seed = replicateSeed(7, r);
      const withProgramme = runScenario(scenarioWith(sets), { seed });
      // No site ever joins: the programme never starts.
      const without = runScenario(scenarioWith([...sets, 'recruitment.joinPerYear=0']), { seed });
      expect(without.sites.every((s) => s.role !== 'member')).toBe(true);
      expect(withProgramme.sites.some((s) => s.role === 'member')).toBe(true);
      withProgramme.sites.forEach((s, i) => {
        expect(s.counterfactualAtFundingEnd).toBe(without.sites[i].atFundingEnd);
      });
      // Reorganisations did strike: some paths are not the bare trend.
      const trend = 1 - 0.95 ** (80 / 52);
      const offTrend = without.sites.filter((s) => Math.abs((s.atFundingEnd as number) - (s.baseline + (95 - s.baseline) * trend)) > 1e-9);
      expect(offTrend.length).toBeGreaterThan(0);
    }
  });
});

describe("the evaluator's estimates", () => {
  it('intention to treat tracks the true effect where heavy dropout makes per protocol overstate it', () => {
    const scenario = scenarioWith(['recruitment.dropoutPerYear=0.6', 'recruitment.comparisonSites=24']);
    const runs = Array.from({ length: 24 }, (_, r) => runScenario(scenario, { seed: replicateSeed(11, r + 1) }));
    const of = (name: SummaryName) => runs.map((r) => r.summary[name] as number);
    const dropout = estimate(of('dropoutShare'));
    expect(dropout.lower).toBeGreaterThan(0.3);
    const survivorBias = pairedDifference(of('didEstimate'), of('didPerProtocol'));
    expect(survivorBias.lower).toBeGreaterThan(0);
    const ittError = pairedDifference(of('trueEffect'), of('didEstimate'));
    expect(Math.abs(ittError.mean)).toBeLessThan(survivorBias.mean);
  });

  it('counts significant gains from noisy audits: with no change, about the 2.5% that chance gives', () => {
    const still = scenarioWith(['practice.externalPerYear=0', 'practice.peerPerYear=0', 'tactics.pressurePerYear=0', 'context.secularTrendPerYear=0', 'context.shocks.reorganisationHarm=0', 'practice.fatigueHarm=0', 'resources.overloadHarm=0', 'challenge.systemChangePerYear=0']);
    const runs = Array.from({ length: 24 }, (_, r) => runScenario(still, { seed: replicateSeed(5, r + 1) }));
    for (const r of runs) expect(r.summary.trueEffect).toBe(0);
    const share = estimate(runs.map((r) => r.summary.shareSignificantGain as number));
    expect(share.mean).toBeGreaterThan(0.005);
    expect(share.mean).toBeLessThan(0.06);
  });
});

describe('gaming', () => {
  it('flatters a report toward the best achievable, but never past it', () => {
    const rate = ['challenge.outcome.measure="rate"', 'challenge.outcome.baseline=4', 'challenge.outcome.best=1', 'challenge.outcome.baselineSpread=0.5', 'challenge.outcome.casesPerSiteWeek=50000'];
    const state = tiny([...rate, 'recruitment.mode="mandated"', 'recruitment.onboardingWeeks=0', 'data.errorSpread=0']);
    while (state.week < 4) step(state);
    const s = 0;
    state.sites.completeness[s] = 1;
    state.sites.gaming[s] = 1;
    // Worse than the best: fully gamed, the report says the best.
    state.sites.trueValue[s] = 3;
    measure(state, s, true);
    expect(state.sites.reportedValue[s]).toBe(1);
    // Already better than the best (no infections this period): left alone, not pulled up to it.
    state.sites.trueValue[s] = 0;
    measure(state, s, true);
    expect(state.sites.reportedValue[s]).toBe(0);
    // An evaluator's audit is never gamed.
    state.sites.trueValue[s] = 3;
    measure(state, s, false);
    expect(state.sites.reportedValue[s]).toBeGreaterThan(2);
  });
});
