/** Sustainment, and the patterns of section 1 of the model brief. */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, perReplicate, reportTo, summaryOf } from './arms.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('sustainment'));

const column = (r: RunResult, name: string) => r.series.values[r.series.columns.findIndex((c) => c.name === name)];

describe('Sustainment', () => {
  it('with routinisation and continued monitoring gains persist after funding; without them they decay', () => {
    const sustained = arm(['practice.routinisationWeeks=60', 'data.monitoringAfterFunding=0.95'], N);
    const unsustained = arm(['practice.routinisationWeeks=1000', 'data.monitoringAfterFunding=0.02'], N);
    const d = difference('Sustainment ratio, routine and monitoring - neither', summaryOf(unsustained, 'sustainmentRatio'), summaryOf(sustained, 'sustainmentRatio'));
    const decay = level('Sustainment ratio without routine or monitoring', summaryOf(unsustained, 'sustainmentRatio'));
    expect(d.lower).toBeGreaterThan(0);
    expect(decay.upper).toBeLessThan(0.9);
  });
});

describe('Patterns', () => {
  it('P1: spread is S-shaped, plateaus below 100%, and most of the gain comes inside the funded period', () => {
    const results = arm(['recruitment.mode="mandated"'], N);
    const practice = results.map((r) => column(r, 'practice'));
    const gain = (from: number, to: number) => practice.map((p) => p[to] - p[from]);
    const early = level('P1 practice gained in weeks 1-14', gain(1, 14));
    const middle = level('P1 practice gained in weeks 26-39', gain(26, 39));
    const late = level('P1 practice gained in weeks 117-130', gain(117, 130));
    const plateau = level('P1 practice at the end of funding', summaryOf(results, 'practiceAtFundingEnd'));
    const inside = level(
      'P1 share of the peak gap closed reached by the end of funding',
      perReplicate(results, (r) => (r.summary.gapClosedAtFundingEnd as number) / Math.max(...Array.from(column(r, 'gapClosed')).filter((x) => !Number.isNaN(x)))),
    );
    expect(middle.mean).toBeGreaterThan(early.mean);
    expect(middle.mean).toBeGreaterThan(late.mean);
    expect(plateau.upper).toBeLessThan(1);
    expect(inside.mean).toBeGreaterThan(0.8);
  });

  it('P2: sites respond differently; where context is adverse many change little', () => {
    const adverse = arm(['context.sites.leadershipSupport=0.3', 'context.sites.readiness=0.3', 'context.sites.competingInitiatives=0.75', 'context.sites.staffingStability=0.35'], N);
    const typical = arm([], N);
    const spread = level('P2 spread of gap closed across member sites (sd), default', summaryOf(typical, 'spreadAcrossSites'));
    // Changed little: closed less than the boosted threshold of its own gap, whether it stayed or left.
    const changedLittle = (r: RunResult) => {
      const m = r.sites.filter((s) => s.role === 'member');
      return m.filter((s) => (s.gapClosedAtFundingEnd as number) < 0.25).length / m.length;
    };
    level('P2 share of member sites that changed little, default', perReplicate(typical, changedLittle));
    level('P2 share of member sites that changed little, adverse context', perReplicate(adverse, changedLittle));
    const little = difference('P2 share of member sites that changed little, adverse - typical context', perReplicate(typical, changedLittle), perReplicate(adverse, changedLittle));
    const transformed = level('P2 share of member sites transformed, default', summaryOf(typical, 'shareTransformed'));
    expect(spread.lower).toBeGreaterThan(0.05);
    expect(little.lower).toBeGreaterThan(0);
    expect(transformed.mean).toBeGreaterThan(0);
    expect(transformed.mean).toBeLessThan(0.6);
  });

  it('P4: an evaluation that ignores comparison sites overstates the effect', () => {
    const results = arm(['context.secularTrendPerYear=0.06'], N);
    const d = difference('P4 before-after estimate minus true effect', summaryOf(results, 'trueEffect'), summaryOf(results, 'prePostEstimate'));
    expect(d.lower).toBeGreaterThan(0);
  });
});
