/**
 * Sustainment, and the patterns of section 1 of the model brief. Routinisation and monitoring
 * are each shown, with their mechanism and without it, in the ablation table
 * (ablations-*.test.ts); so are the secular trend's effect on an evaluation (P4) and care that
 * gets worse.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, perReplicate, reportTo, summaryOf } from './arms.ts';
import { rowOf } from '../../engine/core/metrics/series.ts';
import type { RunResult } from '../../engine/core/index.ts';

const N = 24;
beforeAll(() => reportTo('sustainment'));

const column = (r: RunResult, name: string) => r.series.values[r.series.columns.findIndex((c) => c.name === name)];

describe('Sustainment', () => {
  it('without routine or continued monitoring, gains decay after funding', () => {
    const unsustained = arm(['practice.routinisationWeeks=1000', 'data.monitoringAfterFunding=0.02'], N);
    const typical = arm([], N);
    const decay = level('Sustainment ratio (programme effect) without routine or monitoring', summaryOf(unsustained, 'sustainmentRatio'));
    const usual = level('Sustainment ratio (programme effect), default', summaryOf(typical, 'sustainmentRatio'));
    expect(decay.upper).toBeLessThan(0.75);
    expect(usual.lower).toBeGreaterThan(decay.upper);
    // Net of the secular trend, a decaying programme never looks more than sustained.
    expect(usual.upper).toBeLessThan(1);
  });
});

describe('Patterns', () => {
  it('P1: spread is S-shaped, plateaus below 100%, and most of the gain comes inside the funded period', () => {
    const results = arm(['recruitment.mode="mandated"'], N);
    const gain = (from: number, to: number) => results.map((r) => column(r, 'practice')[rowOf(r.series, to)] - column(r, 'practice')[rowOf(r.series, from)]);
    const early = level('P1 practice gained in weeks 1-14', gain(1, 14));
    const middle = level('P1 practice gained in weeks 14-27', gain(14, 27));
    const late = level('P1 practice gained in weeks 117-130', gain(117, 130));
    const plateau = level('P1 practice at the end of funding', summaryOf(results, 'practiceAtFundingEnd'));
    const inside = level(
      'P1 programme effect at the end of funding as a share of its peak',
      perReplicate(results, (r) => (r.summary.programmeEffectAtFundingEnd as number) / Math.max(...Array.from(column(r, 'programmeEffect')).filter((x) => !Number.isNaN(x)))),
    );
    expect(middle.lower).toBeGreaterThan(early.upper);
    expect(middle.lower).toBeGreaterThan(late.upper);
    expect(plateau.upper).toBeLessThan(0.9);
    expect(plateau.lower).toBeGreaterThan(0.3);
    expect(inside.lower).toBeGreaterThan(0.9);
  });

  it('P2: sites respond differently; where context is adverse many change little', () => {
    const adverse = arm(['context.sites.leadershipSupport=0.3', 'context.sites.readiness=0.3', 'context.sites.competingInitiatives=0.75', 'context.sites.staffingStability=0.35'], N);
    const typical = arm([], N);
    const spread = level('P2 spread of gap closed across member sites (sd), default', summaryOf(typical, 'spreadAcrossSites'));
    // Categories are by the programme's own effect (net of each site's no-programme path), over
    // every site that joined (dropouts included).
    level('P2 share of member sites that changed little, default', summaryOf(typical, 'shareLittleChange'));
    const many = level('P2 share of member sites that changed little, adverse context', summaryOf(adverse, 'shareLittleChange'));
    const little = difference('P2 share of member sites that changed little, adverse - typical context', summaryOf(typical, 'shareLittleChange'), summaryOf(adverse, 'shareLittleChange'));
    const transformed = level('P2 share of member sites transformed, default', summaryOf(typical, 'shareTransformed'));
    const boosted = level('P2 share of member sites boosted, default', summaryOf(typical, 'shareBoosted'));
    expect(spread.lower).toBeGreaterThan(0.05);
    // Many: about one site in five or more, where context is adverse, and clearly more than usual.
    expect(many.lower).toBeGreaterThan(0.15);
    expect(little.lower).toBeGreaterThan(0);
    expect(transformed.lower).toBeGreaterThan(0);
    expect(transformed.upper).toBeLessThan(boosted.lower);
  });

  it('P3: a share of sites drops out, most of those that struggle stay, and some never send complete data', () => {
    const results = arm([], N);
    const dropout = level('P3 dropout share before funding ends, default', summaryOf(results, 'dropoutShare'));
    const complete = level('P3 share of member sites sending complete data at the end of funding, default', summaryOf(results, 'completeDataShare'));
    const reporting = level('P3 share of member sites reporting at the end of funding, default', summaryOf(results, 'reportingShare'));
    expect(dropout.lower).toBeGreaterThan(0.05);
    expect(dropout.upper).toBeLessThan(0.35);
    expect(complete.upper).toBeLessThan(reporting.lower);
    expect(complete.lower).toBeGreaterThan(0);
  });
});
