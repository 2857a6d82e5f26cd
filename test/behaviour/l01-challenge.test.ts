/**
 * Lesson 1, choose the right challenge: the behaviours of section 3 of the model brief. Evidence,
 * complexity, rare events and the unit standard are each shown, with their mechanism and without
 * it, in the ablation table (ablations-*.test.ts); the unit standard's decision is tested here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arm, difference, level, reportTo, summaryOf } from './arms.ts';
import { runScenario } from '../../engine/core/index.ts';
import { scenarioWith } from './arms.ts';

beforeAll(() => reportTo('l01-challenge'));

describe('L1 choose the right challenge', () => {
  it('a challenge clinicians control only in part cannot be closed by peer influence alone', () => {
    const control = 0.5;
    const peerOnly = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=0', 'tactics.hardness=0'], 12);
    // The most practice can close: the clinicians' share, on top of five years of a 3% a year trend.
    const trend = 1 - 0.97 ** 5;
    const cap = 1 - (1 - control) * (1 - trend);
    const maxClosed = Math.max(...peerOnly.flatMap((r) => r.sites.filter((s) => s.role === 'member').map((s) => (s.final - s.baseline) / (95 - s.baseline))));
    expect(maxClosed).toBeLessThanOrEqual(cap + 1e-9);
    expect(maxClosed).toBeGreaterThan(control / 2);
    const withSystem = arm([`challenge.clinicianControl=${control}`, 'challenge.systemChangePerYear=1', 'tactics.hardness=0'], 12);
    const d = difference('L1 final gap closed, organisational change - peer influence only (half the gap clinician-controlled)', summaryOf(peerOnly, 'finalGapClosed'), summaryOf(withSystem, 'finalGapClosed'));
    expect(d.lower).toBeGreaterThan(0);
  });

  it('a unit standard that is off draws nothing: its rates change no number of a run', () => {
    const seed = 7;
    const a = runScenario(scenarioWith(['protocol.standard=false']), { seed });
    const b = runScenario(scenarioWith(['protocol.standard=false', 'protocol.decisionPerYear=40', 'protocol.trainingPerYear=40', 'protocol.effects.leadership=5']), { seed });
    expect(b.series).toEqual(a.series);
    expect(b.events.some((e) => e.kind === 'standardAdopted')).toBe(false);
    const on = runScenario(scenarioWith(['protocol.standard=true']), { seed });
    expect(on.events.some((e) => e.kind === 'standardAdopted')).toBe(true);
  });

  it('sites whose leadership supports improvement make the intervention their standard sooner', () => {
    // Slow decisions, so that who decides first shows; a wide spread of leadership between sites.
    const sets = ['protocol.standard=true', 'protocol.decisionPerYear=1', 'recruitment.invitedSites=60', 'time.weeks=104'];
    const earlierWithLeadership = (extra: string[]) =>
      arm([...sets, ...extra], 12).map((r) => {
        const leadership = r.sites.map((site) => site.leadershipSupport);
        const median = [...leadership].sort((x, y) => x - y)[Math.floor(leadership.length / 2)];
        const share = (strong: boolean) => {
          const group = r.sites.filter((site) => site.role === 'member' && (site.leadershipSupport >= median) === strong);
          const decided = new Set(r.events.filter((e) => e.kind === 'standardAdopted' && e.week < 26).map((e) => e.site));
          return group.filter((site) => decided.has(site.site)).length / Math.max(1, group.length);
        };
        return share(true) - share(false);
      });
    const d = level('L1 share of member sites with the standard by week 26, stronger minus weaker leadership', earlierWithLeadership([]));
    expect(d.lower).toBeGreaterThan(0);
    const off = level('L1 the same, with leadership\'s effect on the decision switched off', earlierWithLeadership(['protocol.effects.leadership=0']));
    expect(off.lower).toBeLessThan(0);
    expect(off.upper).toBeGreaterThan(0);
  });
});
