/**
 * Lesson 6: foster a sense of community and belonging. Learning events (face to face counting
 * for more than remote) raise the belonging of the site teams that attend and form or strengthen
 * horizontal ties between attending sites; ties and belonging decay without contact, and
 * reciprocated help along ties sustains them. Belonging raises the weight staff give to peers
 * (the peer route of adoption, in the practice kernel) and lowers dropout (lesson 3). Through
 * their ties, site teams see the practice of partner sites (the community norm), mixed into their
 * peer exposure in proportion to tie strength, belonging and the commonality of measures. Peer
 * influence is simple contagion (hazard proportional to the share of practising contacts) or
 * complex contagion (a staff member responds only once that share reaches a personal threshold).
 */
import { paramsFor } from '../scenario/param.ts';
import { shuffle } from '../random/distributions.ts';
import { Attendance, Membership, PARTNER_SLOTS, STAFF_STRIDE, StaffField, isFunded, isTakingPart, type State } from '../model/state.ts';
import { commonality } from './context.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 6 });

export const belongingSchema = section('Community and belonging', 'Shared events, ties between sites, and how peers influence each other.', {
  faceToFacePerYear: quantity({
    title: 'Face-to-face events',
    description: 'Face-to-face learning events per year during the funded period.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 2,
  }),
  remotePerYear: quantity({
    title: 'Remote sessions',
    description: 'Remote learning sessions (webinars, teleconferences) per year during the funded period.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 10,
  }),
  faceToFaceGain: share({ title: 'Belonging from a face-to-face event', description: 'Share of the way to full belonging an attending team member moves at one face-to-face event.', default: 0.3 }),
  remoteGain: share({ title: 'Belonging from a remote session', description: 'Share of the way to full belonging an attending team member moves at one remote session.', default: 0.06 }),
  halfLifeWeeks: quantity({
    title: 'Belonging half-life',
    description: 'Weeks for belonging to halve without any contact.',
    unit: 'weeks',
    min: 1,
    max: 1040,
    default: 26,
  }),
  tiesPerEvent: quantity({
    title: 'New contacts per event',
    description: 'Other sites each attending site connects with at one event.',
    unit: 'sites',
    min: 0,
    max: 8,
    default: 3,
    integer: true,
  }),
  faceToFaceTieGain: share({ title: 'Tie from a face-to-face event', description: 'How far one face-to-face event strengthens a tie between two sites.', default: 0.35 }),
  remoteTieGain: share({ title: 'Tie from a remote session', description: 'How far one remote session strengthens a tie between two sites.', default: 0.1 }),
  tieHalfLifeWeeks: quantity({
    title: 'Tie half-life',
    description: 'Weeks for a tie between sites to halve without contact.',
    unit: 'weeks',
    min: 1,
    max: 1040,
    default: 39,
  }),
  faceToFaceLearning: share({
    title: 'Peer learning at a face-to-face event',
    description: 'Share of the way an attending site moves toward the improvement capability of the most capable site it meets there (local solutions spread between sites).',
    default: 0.2,
  }),
  remoteLearning: share({
    title: 'Peer learning in a remote session',
    description: 'The same for a remote session (calls and webinars pass on less).',
    default: 0.02,
  }),
  helpGain: share({
    title: 'Reciprocated help',
    description: 'Weekly belonging gain of team members per unit of tie strength to other sites.',
    default: 0.01,
  }),
  staffSpillover: share({
    title: 'Spillover to other staff',
    description: 'Weekly rate at which other staff\'s belonging follows their site team\'s.',
    default: 0.05,
  }),
  horizontalWeight: share({
    title: 'Weight of other sites',
    description: 'Most of a team member\'s peer exposure that can come from partner sites.',
    default: 0.35,
  }),
  initialBelonging: share({ title: 'Initial belonging', description: 'Belonging of staff before the programme.', default: 0.1 }),
  contagion: choice({
    title: 'Peer influence',
    description: 'Simple contagion (each practising contact adds influence) or complex (a personal threshold of contacts must be reached).',
    options: ['simple', 'complex'],
    default: 'simple',
    neutral: 'simple',
  }),
  thresholdMean: share({
    title: 'Threshold',
    description: 'Under complex contagion, the average share of contacts who must practise before a person responds.',
    default: 0.25,
  }),
  thresholdSpread: share({ title: 'Spread of thresholds', description: 'Standard deviation of personal thresholds.', default: 0.08 }),
  effects: section('Belonging effects', 'How strongly belonging shapes peer influence.', {
    peer: effect({ title: 'Belonging on peer influence', description: 'Log hazard ratio of the peer route per unit of a person\'s belonging.', default: 1.5 }),
  }),
});

export function stepBelonging(state: State): void {
  const p = state.scenario.belonging;
  const sites = state.sites;
  const funded = isFunded(state);
  decayTies(state);
  if (funded) {
    const first = state.scenario.recruitment.onboardingWeeks;
    if (isEventWeek(state.week, p.faceToFacePerYear, first)) holdEvent(state, true);
    if (isEventWeek(state.week, p.remotePerYear, first + Math.round(26 / Math.max(p.remotePerYear, 1)))) holdEvent(state, false);
  }
  const common = commonality(state.scenario);
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    let strength = 0;
    let weighted = 0;
    for (let slot = s * PARTNER_SLOTS; slot < (s + 1) * PARTNER_SLOTS; slot++) {
      const j = sites.partner[slot];
      if (j < 0) continue;
      strength += sites.tieStrength[slot];
      weighted += sites.tieStrength[slot] * sites.practiceIndex[j];
    }
    sites.communityNorm[s] = strength > 0 ? weighted / strength : 0;
    sites.horizontalReach[s] = p.horizontalWeight * Math.min(1, strength) * common;
    sites.helpGain[s] = p.helpGain * Math.min(1, strength) * common;
  }
}

/** Whether an event falls in this week, for a schedule of `perYear` evenly spaced from `first`. */
export function isEventWeek(week: number, perYear: number, first: number): boolean {
  if (perYear <= 0 || week < first) return false;
  const interval = 52 / perYear;
  const t = week - first;
  return Math.floor(t / interval) !== Math.floor((t - 1) / interval);
}

function holdEvent(state: State, faceToFace: boolean): void {
  const p = state.scenario.belonging;
  const r = state.scenario.resources;
  const sites = state.sites;
  const staff = state.staff;
  const prog = state.programme;
  const rng = state.streams.events;
  const attending: number[] = [];
  const passive = state.scenario.recruitment.passiveEngagement;
  for (let s = 0; s < sites.invited; s++) {
    const m = sites.membership[s];
    if (!isTakingPart(m)) continue;
    const floor = faceToFace ? K.faceToFaceAttendanceFloor : K.remoteAttendanceFloor;
    const chance = (floor + (1 - floor) * sites.effort[s]) * (m === Membership.passive ? passive : 1);
    // The draw is taken whatever the site has chosen, so a choice leaves later draws where they were.
    const asTimeAllows = rng() < chance;
    const choice = sites.attendance[s];
    if (choice === Attendance.always || (choice === Attendance.asTimeAllows && asTimeAllows)) attending.push(s);
  }
  // What one attending site costs the events budget: the venue (or the session), travel, and
  // the backfill of its team's time away.
  const venue = faceToFace ? r.faceToFaceVenuePerSite : r.remoteSessionPerSite;
  const travel = faceToFace ? r.faceToFaceTravelPerSite : 0;
  const timeAway = (faceToFace ? r.faceToFaceHoursAway : r.remoteHoursAway) * r.backfillCostPerHour;
  const costPerSite = venue + travel + timeAway;
  const budgetLeft = r.budget * r.eventsShare - prog.spendLearningSessions - prog.spendCalls;
  const cost = costPerSite * attending.length;
  if (attending.length === 0 || cost > budgetLeft + 1e-9) return;
  if (faceToFace) prog.spendLearningSessions += cost;
  else prog.spendCalls += cost;
  prog.spendEventVenues += venue * attending.length;
  prog.spendEventTravel += travel * attending.length;
  prog.spendEventTimeAway += timeAway * attending.length;
  for (const s of attending) sites.costEvents[s] += costPerSite;
  prog.eventsHeld += 1;
  state.events.push({ week: state.week, kind: 'learningEvent', site: -1, value: faceToFace ? 1 : 0 });
  // Shared practice and shared measures give sites common ground: customisation thins it.
  const gain = (faceToFace ? p.faceToFaceGain : p.remoteGain) * (0.5 + 0.5 * commonality(state.scenario));
  for (const s of attending) {
    const end = sites.staffStart[s] + sites.teamCount[s];
    for (let i = sites.staffStart[s]; i < end; i++) {
      const field = i * STAFF_STRIDE + StaffField.belonging;
      staff.attrs[field] += gain * (1 - staff.attrs[field]);
    }
  }
  if (attending.length < 2 || p.tiesPerEvent === 0) return;
  const tieGain = faceToFace ? p.faceToFaceTieGain : p.remoteTieGain;
  shuffle(rng, attending);
  const n = attending.length;
  const meets = Math.min(p.tiesPerEvent, n - 1);
  // Peer learning: each site takes up the local solutions of the most capable site it meets,
  // as far as practice is shared (capabilities as they stood when the event began).
  const learning = (faceToFace ? p.faceToFaceLearning : p.remoteLearning) * commonality(state.scenario);
  const before = attending.map((s) => sites.capability[s]);
  for (let a = 0; a < n; a++) {
    let best = 0;
    for (let t = 1; t <= meets; t++) {
      const other = attending[(a + t) % n];
      strengthenTie(state, attending[a], other, tieGain);
      strengthenTie(state, other, attending[a], tieGain);
      best = Math.max(best, before[(a + t) % n], before[(a - t + n) % n]);
    }
    const s = attending[a];
    if (learning > 0 && best > before[a]) sites.capability[s] += learning * (best - before[a]);
  }
}

/** Strengthen the tie from s to j, taking an empty slot or else replacing the weakest tie. */
function strengthenTie(state: State, s: number, j: number, gain: number): void {
  const { partner, tieStrength } = state.sites;
  const base = s * PARTNER_SLOTS;
  let slot = -1;
  let empty = -1;
  let weakest = -1;
  for (let k = base; k < base + PARTNER_SLOTS; k++) {
    if (partner[k] === j) {
      slot = k;
      break;
    }
    if (partner[k] < 0) {
      if (empty < 0) empty = k;
    } else if (weakest < 0 || tieStrength[k] < tieStrength[weakest]) {
      weakest = k;
    }
  }
  if (slot < 0) {
    slot = empty >= 0 ? empty : weakest;
    partner[slot] = j;
    tieStrength[slot] = 0;
  }
  tieStrength[slot] += gain * (1 - tieStrength[slot]);
}

function decayTies(state: State): void {
  const sites = state.sites;
  const keep = dmath.pow(0.5, 1 / state.scenario.belonging.tieHalfLifeWeeks);
  // Only invited sites ever hold ties.
  for (let slot = 0; slot < sites.invited * PARTNER_SLOTS; slot++) {
    if (sites.partner[slot] < 0) continue;
    sites.tieStrength[slot] *= keep;
    if (sites.tieStrength[slot] < 1e-3) {
      sites.partner[slot] = -1;
      sites.tieStrength[slot] = 0;
    }
  }
}
