/**
 * From practice to performance. A site's true performance follows the practice of the staff who
 * deliver it: the share who practise, weighted by each group's role (trying counts part), times
 * the quality of the intervention as the site received it (the theory of change) and its local
 * fit, capped by the share of the gap clinicians control. Organisational change at well-led
 * member sites closes part of the rest. A secular trend closes a share of the remaining gap each
 * year at every site. Care can also get worse: change disrupts care before it improves it (staff
 * trying the practice, buffered by the site's improvement capability), improvement work a site
 * has no time for is done at the expense of care (overload, the capability trap's early dip),
 * fatigued staff slip, and a reorganisation disrupts any site. The closed share maps onto the
 * outcome scale between the site's baseline and the best achievable.
 *
 * Every site also carries its counterfactual: the path it would follow with no programme (its
 * baseline, the trend and its own reorganisations, drawn from the same stream whatever the
 * programme does), which is exactly its true path in a run of the same seed with no programme.
 * The programme's effect on a site is its true performance less this path.
 */
import { PRACTICE_COUNT, Practice, type State } from '../model/state.ts';
import { clamp, weekly } from '../model/hazard.ts';
import { timeDeficit } from './resources.ts';
import * as dmath from '../math/deterministic.ts';

/**
 * Share of the gap the secular trend alone has closed by a given week. Before launch (a negative
 * week) the trend runs backwards, the gap larger than at baseline, down to at most twice it (so a
 * steep trend over a long baseline period cannot take values off to infinity).
 */
export function trendClosure(secularTrendPerYear: number, week: number): number {
  if (week >= 0) return 1 - dmath.pow(1 - secularTrendPerYear, week / 52);
  return secularTrendPerYear >= 1 ? -1 : Math.max(-1, 1 - dmath.pow(1 - secularTrendPerYear, week / 52));
}

/** Performance at the end of the week. */
export function stepPerformance(state: State): void {
  updatePerformance(state, state.week + 1);
}

/** Every site's true performance and no-programme path as they stand at `week`. */
export function updatePerformance(state: State, week: number): void {
  const sc = state.scenario;
  const challenge = sc.challenge;
  const control = challenge.clinicianControl;
  const trend = trendClosure(sc.context.secularTrendPerYear, week);
  const systemRate = weekly(challenge.systemChangePerYear);
  const reorganisationHarm = sc.context.shocks.reorganisationHarm;
  const sites = state.sites;
  for (let s = 0; s < sites.count; s++) {
    // Outside the community nobody practises or tries: no counting.
    let trying = 0;
    if (sites.joinWeek[s] >= 0 || sites.practiceWeight[s] > 0) trying = measurePractice(state, s);
    else sites.practiceIndex[s] = 0;
    const practice = sites.practiceIndex[s];
    if (sites.presence[s] > 0) {
      sites.systemChange[s] += systemRate * sites.leadership[s] * sites.presence[s] * (1 - sites.systemChange[s]);
      // The site works with the intervention as the programme now teaches it; once the programme
      // no longer reaches it, it keeps the version it last had.
      sites.quality[s] = state.programme.theoryQuality;
    }
    const programme = sites.quality[s] * (control * sites.localFit[s] * practice + (1 - control) * sites.systemChange[s]);
    const disruption = state.week < sites.reorganisedUntil[s] ? reorganisationHarm : 0;
    const harm = sites.joinWeek[s] >= 0 ? programmeHarm(state, s, trying) : 0;
    sites.harm[s] = harm;
    sites.trueValue[s] = valueAt(state, s, 1 - (1 - programme) * (1 - trend) - disruption - harm);
    sites.counterfactualValue[s] = valueAt(state, s, trend - disruption);
  }
}

/**
 * Harm to care at a member site this week, as a share of its gap: the dip while staff try the
 * practice (less where the site is skilled at testing change), overload (improvement work without
 * the time for it), and fatigue.
 */
function programmeHarm(state: State, s: number, trying: number): number {
  const sc = state.scenario;
  const sites = state.sites;
  let harm = sc.practice.fatigueHarm * sites.meanFatigue[s];
  if (sc.practice.changeDip > 0) harm += sc.practice.changeDip * trying * (1 - sites.capability[s]);
  if (sites.presence[s] > 0) harm += sc.resources.overloadHarm * timeDeficit(state, s);
  return harm;
}

/** The outcome at a site that has closed this share of its own gap, kept on the measure's scale. */
export function valueAt(state: State, s: number, closed: number): number {
  const o = state.scenario.challenge.outcome;
  const baseline = state.sites.baselineValue[s];
  const value = baseline + (o.best - baseline) * closed;
  return clamp(value, 0, o.measure === 'percent' ? 100 : Infinity);
}

/**
 * Sets the site's practice index, the role-weighted share of its staff who practise (trying
 * counts at the trying weight), and returns the role-weighted share trying (for the harm of
 * change), from one pass over the counts.
 */
function measurePractice(state: State, s: number): number {
  const sg = state.siteGroups;
  const G = sg.groups;
  const role = state.groups.practiceRole;
  const w = state.practiceWeights;
  let delivered = 0;
  let trying = 0;
  let possible = 0;
  for (let g = 0; g < G; g++) {
    const base = (s * G + g) * PRACTICE_COUNT;
    const n = sg.staffCount[s * G + g];
    if (n === 0) continue;
    const tryingHere = sg.practiceCount[base + Practice.trying];
    delivered += role[g] * (w[Practice.trying] * tryingHere + sg.practiceCount[base + Practice.adopted] + sg.practiceCount[base + Practice.routinised]);
    trying += role[g] * tryingHere;
    possible += role[g] * n;
  }
  state.sites.practiceIndex[s] = possible > 0 ? delivered / possible : 0;
  return possible > 0 ? trying / possible : 0;
}

