/**
 * The evaluator's audits: how an evaluation counts the sites that "improved significantly"
 * (ASCQI reported 9 of 12 ambulance services, for example). For each member site it audits a
 * quarter's cases at baseline and at the end of funding, at the completeness the site's own data
 * systems give and with the measure's sampling noise (drawn from the run's own `evaluation`
 * stream, so reading the summary never shifts the run), then tests the change.
 */
import { stream } from '../random/streams.ts';
import type { State } from '../model/state.ts';
import type { Snapshot } from './snapshot.ts';
import { observe } from '../mechanisms/measurement.ts';
import { baseCompleteness } from '../mechanisms/data.ts';

/** Weeks of audited cases on each side of a site's before-after comparison. */
export const QUARTER_WEEKS = 13;
/** Two-sided 5% critical value of the standard normal. */
const Z_CRITICAL = 1.959963984540054;

export interface SiteAudit {
  site: number;
  /** Cases (or exposure days) audited on each side. */
  cases: number;
  before: number;
  after: number;
}

/** A quarter's audit of each listed site at baseline and at the snapshot. */
export function evaluatorAudits(state: State, at: Snapshot, siteList: number[]): SiteAudit[] {
  const rng = stream(state.seed, 'evaluation');
  const sites = state.sites;
  return siteList.map((s) => {
    const cases = sites.casesPerWeek[s] * QUARTER_WEEKS * baseCompleteness(state, s);
    const before = observe(state, rng, sites.baselineValue[s], cases, sites.dataQuality[s]);
    const after = observe(state, rng, at.trueValue[s], cases, sites.dataQuality[s]);
    return { site: s, cases, before, after };
  });
}

/** Whether an audited change is a significant improvement at the 5% level (two-sided test). */
export function significantGain(state: State, audit: SiteAudit, direction: number): boolean {
  const { before, after, cases } = audit;
  if (!Number.isFinite(before) || !Number.isFinite(after) || cases <= 0) return false;
  const o = state.scenario.challenge.outcome;
  if (o.measure === 'percent') {
    const p0 = before / 100;
    const p1 = after / 100;
    const pooled = (p0 + p1) / 2;
    const se = Math.sqrt((pooled * (1 - pooled) * 2) / cases);
    return se > 0 && (direction * (p1 - p0)) / se > Z_CRITICAL;
  }
  if (o.measure === 'rate') {
    // Events counted in each quarter's exposure; the difference of two Poisson counts.
    const c0 = (before * cases) / o.ratePer;
    const c1 = (after * cases) / o.ratePer;
    return c0 + c1 > 0 && (direction * (c1 - c0)) / Math.sqrt(c0 + c1) > Z_CRITICAL;
  }
  const se = o.caseSpread * Math.sqrt(2 / cases);
  return se > 0 && (direction * (after - before)) / se > Z_CRITICAL;
}
