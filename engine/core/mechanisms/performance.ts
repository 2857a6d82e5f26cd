/**
 * From practice to performance. A site's true performance follows the practice of the staff who
 * deliver it: the share who practise, weighted by each group's role (trying counts part), times
 * the quality of the intervention (the theory of change) and its local fit, capped by the share
 * of the gap clinicians control. Organisational change at well-led member sites closes part of
 * the rest. A secular trend closes a share of the remaining gap each year at every site. The
 * closed share maps onto the outcome scale between the site's baseline and the best achievable.
 */
import { PRACTICE_COUNT, Practice, type State } from '../model/state.ts';
import { weekly } from '../model/hazard.ts';
import * as dmath from '../math/deterministic.ts';

/** Share of the gap the secular trend alone has closed by a given week. */
export function trendClosure(secularTrendPerYear: number, week: number): number {
  return 1 - dmath.pow(1 - secularTrendPerYear, week / 52);
}

export function stepPerformance(state: State): void {
  const challenge = state.scenario.challenge;
  const best = challenge.outcome.best;
  const control = challenge.clinicianControl;
  const quality = state.programme.theoryQuality;
  const trend = trendClosure(state.scenario.context.secularTrendPerYear, state.week + 1);
  const systemRate = weekly(challenge.systemChangePerYear);
  const sites = state.sites;
  for (let s = 0; s < sites.count; s++) {
    // Where nobody practises (comparison sites, sites not yet in) the index is 0 without counting.
    const practice = sites.practiceWeight[s] > 0 ? practiceIndex(state, s) : 0;
    sites.practiceIndex[s] = practice;
    if (sites.presence[s] > 0) {
      sites.systemChange[s] += systemRate * sites.leadership[s] * sites.presence[s] * (1 - sites.systemChange[s]);
    }
    const programme = quality * (control * sites.localFit[s] * practice + (1 - control) * sites.systemChange[s]);
    const closed = 1 - (1 - programme) * (1 - trend);
    sites.trueValue[s] = sites.baselineValue[s] + (best - sites.baselineValue[s]) * closed;
  }
}

/** Role-weighted share of a site's staff who practise (trying counts at the trying weight). */
export function practiceIndex(state: State, s: number): number {
  const sg = state.siteGroups;
  const G = sg.groups;
  const role = state.groups.practiceRole;
  const w = state.practiceWeights;
  let delivered = 0;
  let possible = 0;
  for (let g = 0; g < G; g++) {
    const base = (s * G + g) * PRACTICE_COUNT;
    const n = sg.staffCount[s * G + g];
    if (n === 0) continue;
    const practising =
      w[Practice.trying] * sg.practiceCount[base + Practice.trying] +
      sg.practiceCount[base + Practice.adopted] +
      sg.practiceCount[base + Practice.routinised];
    delivered += role[g] * practising;
    possible += role[g] * n;
  }
  return possible > 0 ? delivered / possible : 0;
}
