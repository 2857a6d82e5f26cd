/**
 * The one way a staff member's practice state changes: it keeps the per site x group counts, the
 * site's practice weight and every neighbour's exposure in step with the new state.
 */
import { PRACTICE_COUNT, type State } from './state.ts';

export function setPractice(state: State, i: number, next: number): void {
  const staff = state.staff;
  const prev = staff.practice[i];
  if (prev === next) return;
  staff.practice[i] = next;
  const s = staff.site[i];
  const sg = state.siteGroups;
  const k = (s * sg.groups + staff.group[i]) * PRACTICE_COUNT;
  sg.practiceCount[k + prev] -= 1;
  sg.practiceCount[k + next] += 1;
  const weights = state.practiceWeights;
  const delta = weights[next] - weights[prev];
  if (delta === 0) return;
  state.sites.practiceWeight[s] += delta;
  const end = staff.neighbourStart[i + 1];
  for (let e = staff.neighbourStart[i]; e < end; e++) staff.neighbourPractice[staff.neighbours[e]] += delta;
}
