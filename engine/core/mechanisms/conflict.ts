/**
 * Lesson 7: recognise and deal with conflict and marginalisation. Each professional group has a
 * voice in the community's decisions, set by its status and its place in the core team, and a
 * share of the practice's work, set by its numbers and role. A group whose voice falls short of
 * its work share by more than a margin is marginalised: its adoption slows, its belonging decays
 * faster, and sites where it is large drop out more. Conflict incidents strike member sites at a
 * rate that rises with the status distance between the site's groups, hard tactics and a
 * punitive history; each flares the site's conflict level, which then decays. Conflict slows
 * adoption and speeds abandonment most in the groups short of voice. Managing conflict means the
 * core team mediates each incident (damping it) and works to bring marginalised groups' voice up
 * to their share of the work; both cost core-team hours.
 */
import { paramsFor } from '../scenario/param.ts';
import { centred, clamp, probability, relax, weekly } from '../model/hazard.ts';
import { ConflictResponse, type State } from '../model/state.ts';
import { K } from '../model/constants.ts';
import * as dmath from '../math/deterministic.ts';
import { fastExp } from '../math/fast.ts';

const { quantity, share, effect, choice, section } = paramsFor({ lesson: 7 });

export const conflictSchema = section('Conflict and marginalisation', 'Tensions between professional groups, and whether the core team manages them.', {
  management: choice({
    title: 'Conflict',
    description: 'Ignored, or actively managed by the core team (mediation and inclusion, at a cost in its time).',
    options: ['ignored', 'managed'],
    default: 'ignored',
  }),
  incidentsPerYear: quantity({
    title: 'Conflict incidents',
    description: 'Incidents per member site per year where groups are furthest apart in status, before tactics.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 4,
    neutral: 0,
  }),
  flareSize: share({ title: 'Flare size', description: 'How far one incident raises a site\'s conflict toward its maximum.', default: 0.35 }),
  halfLifeWeeks: quantity({
    title: 'Conflict half-life',
    description: 'Weeks for a site\'s conflict level to halve.',
    unit: 'weeks',
    min: 0.5,
    max: 520,
    default: 10,
  }),
  marginalisationMargin: share({
    title: 'Margin',
    description: 'How far a group\'s voice may fall below its share of the work before it is marginalised.',
    default: 0.1,
  }),
  statusVoice: quantity({
    title: 'Status and voice',
    description: 'How much status, rather than numbers, decides a group\'s voice (exponent on status).',
    unit: 'exponent',
    min: 0,
    max: 10,
    default: 2,
  }),
  coreTeamVoice: quantity({
    title: 'Voice from the core team',
    description: 'How many times a group\'s voice is multiplied when it is represented in the core team.',
    unit: 'multiplier',
    min: 1,
    max: 20,
    default: 3,
  }),
  mediationHoursPerIncident: quantity({
    title: 'Mediation time',
    description: 'Core-team hours spent mediating one incident when conflict is managed.',
    unit: 'hours',
    min: 0,
    max: 1000,
    default: 6,
  }),
  mediationEfficacy: share({ title: 'Mediation efficacy', description: 'Share of a site\'s conflict that mediation of an incident removes.', default: 0.6 }),
  inclusionPerYear: quantity({
    title: 'Inclusion',
    description: 'Rate at which managed inclusion brings a marginalised group\'s voice up to its work share.',
    unit: 'per year',
    min: 0,
    max: 52,
    default: 2,
  }),
  inclusionHoursPerWeek: quantity({
    title: 'Inclusion time',
    description: 'Core-team hours per week spent on inclusion while any group is marginalised.',
    unit: 'hours per week',
    min: 0,
    max: 1000,
    default: 3,
  }),
  effects: section('Conflict effects', 'How strongly conflict and marginalisation shape adoption and belonging.', {
    conflictAdoption: effect({ title: 'Conflict on adoption', description: 'Log hazard ratio of adoption lost per unit of conflict, in groups short of voice.', default: 2.0 }),
    marginalisationAdoption: effect({ title: 'Marginalisation on adoption', description: 'Log hazard ratio of adoption lost per unit of marginalisation.', default: 1.5 }),
    conflictAbandon: effect({ title: 'Conflict on abandonment', description: 'Log hazard ratio of abandonment per unit of conflict, in groups short of voice.', default: 1.0 }),
    conflictBelonging: effect({ title: 'Conflict on belonging', description: 'Weekly loss of belonging per unit of conflict, in groups short of voice.', default: 0.02, max: 1 }),
    marginalisationBelonging: effect({ title: 'Marginalisation on belonging', description: 'Weekly loss of belonging per unit of marginalisation.', default: 0.01, max: 1 }),
    hardTactics: effect({ title: 'Hard tactics on conflict', description: 'Log rate ratio of incidents per unit of hard pressure.', default: 1.5 }),
    punitiveHistory: effect({ title: 'Punitive history on conflict', description: 'Log rate ratio of incidents per unit of punitive history.', default: 1.0 }),
  }),
});

/** Voice from status and core-team membership, work share from numbers and role. */
export function initialVoice(state: State): void {
  const p = state.scenario.conflict;
  const groups = state.scenario.community.groups;
  const cg = state.groups;
  const totalShare = groups.reduce((sum, g) => sum + g.share, 0) || 1;
  let voiceSum = 0;
  let workSum = 0;
  groups.forEach((g, k) => {
    const share = g.share / totalShare;
    cg.voice[k] = share * dmath.pow(g.status, p.statusVoice) * (g.inCoreTeam ? p.coreTeamVoice : 1);
    cg.workShare[k] = share * g.practiceRole;
    voiceSum += cg.voice[k];
    workSum += cg.workShare[k];
  });
  for (let k = 0; k < groups.length; k++) {
    cg.voice[k] = voiceSum > 0 ? cg.voice[k] / voiceSum : 1 / groups.length;
    cg.workShare[k] = workSum > 0 ? cg.workShare[k] / workSum : 1 / groups.length;
  }
  updateMarginalisation(state);
}

function updateMarginalisation(state: State): void {
  const cg = state.groups;
  const margin = state.scenario.conflict.marginalisationMargin;
  for (let k = 0; k < cg.voice.length; k++) {
    const work = cg.workShare[k];
    cg.marginalisation[k] = work > 0 ? clamp((work - cg.voice[k] - margin) / work, 0, 1) : 0;
  }
}

/** A group's exposure to conflict: a floor for everyone, the rest in proportion to its voice deficit. */
function conflictExposure(state: State, g: number): number {
  const work = state.groups.workShare[g];
  const deficit = work > 0 ? clamp((work - state.groups.voice[g]) / work, 0, 1) : 0;
  return K.conflictExposureFloor + (1 - K.conflictExposureFloor) * deficit;
}

export function stepConflict(state: State): void {
  const p = state.scenario.conflict;
  const managed = p.management === 'managed';
  const prog = state.programme;
  prog.mediationHours = 0;
  prog.inclusionHours = 0;
  // The core team works on inclusion from launch.
  if (managed && state.week >= 0) include(state);

  const sites = state.sites;
  const rng = state.streams.conflict;
  const keep = dmath.pow(0.5, 1 / p.halfLifeWeeks);
  const e = p.effects;
  const base = weekly(p.incidentsPerYear);
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const before = sites.conflict[s];
    let level = before * keep;
    if (sites.presence[s] > 0 && base > 0) {
      const rate = base * sites.statusDistance[s] * fastExp(e.hardTactics * sites.hardPressure[s] + e.punitiveHistory * centred(sites.punitiveHistory[s]));
      if (rng() < probability(rate)) {
        level += p.flareSize * (1 - level);
        const response = sites.conflictResponse[s];
        if (response === ConflictResponse.escalate || (response === ConflictResponse.programme && managed)) {
          prog.mediationHours += p.mediationHoursPerIncident;
          level *= 1 - p.mediationEfficacy;
        }
      }
    }
    sites.conflict[s] = level;
    if (before < K.conflictFlare && level >= K.conflictFlare) state.events.push({ week: state.week, kind: 'conflictFlare', site: s, value: level });
  }
  addEffects(state);
}

/** Managed inclusion: marginalised groups' voice moves toward their work share. */
function include(state: State): void {
  const p = state.scenario.conflict;
  const cg = state.groups;
  let anyMarginalised = false;
  for (let k = 0; k < cg.voice.length; k++) if (cg.marginalisation[k] > 0) anyMarginalised = true;
  if (!anyMarginalised) return;
  state.programme.inclusionHours = p.inclusionHoursPerWeek;
  const rate = -dmath.expm1(-weekly(p.inclusionPerYear));
  let sum = 0;
  for (let k = 0; k < cg.voice.length; k++) {
    if (cg.voice[k] < cg.workShare[k]) cg.voice[k] = relax(cg.voice[k], cg.workShare[k], rate);
    sum += cg.voice[k];
  }
  for (let k = 0; k < cg.voice.length; k++) cg.voice[k] /= sum;
  updateMarginalisation(state);
}

function addEffects(state: State): void {
  const e = state.scenario.conflict.effects;
  const sites = state.sites;
  const sg = state.siteGroups;
  const G = sg.groups;
  const exposure = new Float64Array(G);
  for (let g = 0; g < G; g++) exposure[g] = conflictExposure(state, g);
  for (let s = 0; s < sites.invited; s++) {
    if (sites.joinWeek[s] < 0) continue;
    const level = sites.conflict[s];
    for (let g = 0; g < G; g++) {
      const j = s * G + g;
      const m = state.groups.marginalisation[g];
      const hit = e.conflictAdoption * level * exposure[g] + e.marginalisationAdoption * m;
      sg.etaExternal[j] -= hit;
      sg.etaPeer[j] -= hit;
      sg.etaDecay[j] += e.conflictAbandon * level * exposure[g];
      sg.belongingLoss[j] += e.conflictBelonging * level * exposure[g] + e.marginalisationBelonging * m;
    }
  }
}

/** Mean absolute difference in status between two staff at the site, scaled to 0..1. */
export function statusDistance(state: State, s: number): number {
  const sg = state.siteGroups;
  const G = sg.groups;
  const status = state.groups.status;
  let n = 0;
  for (let g = 0; g < G; g++) n += sg.staffCount[s * G + g];
  if (n < 2) return 0;
  let sum = 0;
  for (let g = 0; g < G; g++) {
    for (let h = 0; h < G; h++) sum += sg.staffCount[s * G + g] * sg.staffCount[s * G + h] * Math.abs(status[g] - status[h]);
  }
  return Math.min(1, (2 * sum) / (n * n));
}

