/**
 * The one way a staff member's practice state changes: it keeps the per site x group counts (and
 * the member sites' totals), the site's practice weight and every neighbour's exposure in step
 * with the new state.
 */
import { PRACTICE_COUNT, PRACTICE_MASK, StaffTrait, TRAIT_STRIDE, groupOf, type State } from './state.ts';

/** A site joins the community: its staff now count among the member sites' totals. */
export function addMemberSite(state: State, s: number): void {
  const sg = state.siteGroups;
  for (let g = 0; g < sg.groups; g++) {
    for (let st = 0; st < PRACTICE_COUNT; st++) state.groups.memberPractice[g * PRACTICE_COUNT + st] += sg.practiceCount[(s * sg.groups + g) * PRACTICE_COUNT + st];
  }
}

export function setPractice(state: State, i: number, next: number): void {
  const staff = state.staff;
  const prev = staff.code[i] & PRACTICE_MASK;
  if (prev === next) return;
  staff.code[i] = (staff.code[i] & ~PRACTICE_MASK) | next;
  const s = staff.site[i];
  const sg = state.siteGroups;
  const k = (s * sg.groups + groupOf(staff, i)) * PRACTICE_COUNT;
  sg.practiceCount[k + prev] -= 1;
  sg.practiceCount[k + next] += 1;
  if (state.sites.joinWeek[s] >= 0) {
    const m = groupOf(staff, i) * PRACTICE_COUNT;
    state.groups.memberPractice[m + prev] -= 1;
    state.groups.memberPractice[m + next] += 1;
  }
  const weights = state.practiceWeights;
  const delta = weights[next] - weights[prev];
  if (delta === 0) return;
  state.sites.practiceWeight[s] += delta;
  const end = staff.neighbourStart[i + 1];
  const traits = staff.traits;
  for (let e = staff.neighbourStart[i]; e < end; e++) traits[staff.neighbours[e] * TRAIT_STRIDE + StaffTrait.neighbourPractice] += delta;
}
