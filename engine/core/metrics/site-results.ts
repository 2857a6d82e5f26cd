/**
 * Per-site results: who each site is, when it joined or left, how far it closed its gap by the
 * end of funding and a year later, how much of that the programme did (against the site's own
 * no-programme path), and its category: transformed, boosted, little change or worse by the
 * programme's effect, for every site that joined (dropouts included, as an intention-to-treat
 * evaluation counts them; whether a site left is in its membership and drop week).
 */
import { MEMBERSHIP_STATES, Membership, type State } from '../model/state.ts';
import type { Snapshot } from './snapshot.ts';
import { shareClosed } from './series.ts';
import { baseOwnHours } from '../mechanisms/resources.ts';
import type { OutputMeta } from './output.ts';

export const SITE_CATEGORIES = ['transformed', 'boosted', 'littleChange', 'worse', 'neverJoined', 'comparison'] as const;
export type SiteCategory = (typeof SITE_CATEGORIES)[number];

export interface SiteResult {
  site: number;
  type: string;
  role: 'member' | 'neverJoined' | 'comparison';
  /** Week the site's wave was invited (0 for a single wave and for comparison sites). */
  launchWeek: number;
  joinWeek: number | null;
  dropWeek: number | null;
  membershipAtEnd: string;
  baseline: number;
  atFundingEnd: number | null;
  oneYearAfter: number | null;
  final: number;
  gapClosedAtFundingEnd: number | null;
  gapClosedOneYearAfter: number | null;
  /** The site's no-programme path at the end of funding (baseline, trend, its own reorganisations). */
  counterfactualAtFundingEnd: number | null;
  /** Share of its own gap the programme closed by the end of funding: (true - no-programme path) / gap. */
  programmeEffectAtFundingEnd: number | null;
  programmeEffectOneYearAfter: number | null;
  category: SiteCategory;
  staff: number;
  /** Standardised propensity to join early (Rogers' innovativeness of the organisation). */
  innovativeness: number;
  /** Improvement hours per week the site finds itself as a member, at its starting capability. */
  ownHoursAtStart: number;
  /** Improvement capability at the start and at the end of funding. */
  capabilityAtStart: number;
  capabilityAtFundingEnd: number | null;
  practiceAtFundingEnd: number | null;
  leadershipSupport: number;
  readiness: number;
  priorImprovement: number;
  staffingStability: number;
  competingInitiatives: number;
  punitiveHistory: number;
  dataInfrastructure: number;
  misfit: number;
  /** What the site cost over the run: the funder's backfill, coaching and events, and its own staff time. */
  costBackfill: number;
  costCoaching: number;
  costEvents: number;
  costOwnTime: number;
}

/** One column of the per-site results (`ccsim run --sites`, the studio's per-site download). */
export type SiteColumn = OutputMeta<keyof SiteResult>;

type SiteEntry = Omit<SiteColumn, 'name'>;
const SHARE = [0, 1] as const;
const MONEY = [0, Infinity] as const;
const context = (title: string, what: string): SiteEntry => ({ title, description: `The site's ${what} (0 to 1), drawn at the start from its type and held fixed.`, unit: 'level', better: null, lesson: 10, bounds: SHARE });

/**
 * The per-site results, in column order: every field of SiteResult declared once (the compiler
 * checks that none is missing and none is extra).
 */
const SITE_ENTRIES = {
  site: { title: 'Site', description: 'The site\'s number, from 0 (invited sites first, then comparison sites).', unit: 'site', better: null },
  type: { title: 'Site type', description: 'The site\'s type (community.siteTypes).', unit: 'text', better: null },
  role: { title: 'Role', description: 'member (joined at some point, dropouts included), neverJoined (invited, never joined) or comparison (never invited).', unit: 'text', better: null },
  launchWeek: { title: 'Invited in week', description: 'Week the site\'s wave was invited (0 for a single wave and for comparison sites).', unit: 'week', better: null, lesson: 3 },
  joinWeek: { title: 'Joined in week', description: 'Week the site joined (empty if it never did).', unit: 'week', better: null, lesson: 3 },
  dropWeek: { title: 'Dropped out in week', description: 'Week the site dropped out or stopped after funding (empty if it did neither).', unit: 'week', better: null, lesson: 3 },
  membershipAtEnd: { title: 'Membership at the horizon', description: 'The site\'s membership state at the end of the run (invited, onboarding, active, passive, droppedOut, lapsed, comparison).', unit: 'text', better: null },
  category: { title: 'Category', description: 'transformed, boosted, littleChange or worse by the programme\'s effect at the end of funding (every site that joined, dropouts included); neverJoined or comparison otherwise.', unit: 'text', better: null },
  staff: { title: 'Staff', description: 'Front-line staff at the site.', unit: 'staff', better: null },
  baseline: { title: 'Baseline', description: 'The site\'s performance at launch.', unit: 'outcome unit', better: null },
  atFundingEnd: { title: 'At the end of funding', description: 'The site\'s true performance at the end of funding.', unit: 'outcome unit', better: null },
  oneYearAfter: { title: 'A year after funding', description: 'The site\'s true performance a year after funding ended.', unit: 'outcome unit', better: null },
  final: { title: 'At the horizon', description: 'The site\'s true performance at the end of the run.', unit: 'outcome unit', better: null },
  gapClosedAtFundingEnd: { title: 'Gap closed by the end of funding', description: 'Share of its own baseline gap the site closed by the end of funding (true performance, secular trend included).', unit: 'share', better: 'higher' },
  gapClosedOneYearAfter: { title: 'Gap closed a year after funding', description: 'The same, a year after funding ended.', unit: 'share', better: 'higher' },
  counterfactualAtFundingEnd: { title: 'Without the programme', description: 'The site\'s no-programme path at the end of funding (baseline, secular trend, its own reorganisations).', unit: 'outcome unit', better: null },
  programmeEffectAtFundingEnd: { title: 'Gap closed by the programme', description: 'Share of its own gap the programme closed by the end of funding: (true performance - no-programme path) / gap.', unit: 'share', better: 'higher' },
  programmeEffectOneYearAfter: { title: 'Gap closed by the programme, a year after funding', description: 'The same, a year after funding ended.', unit: 'share', better: 'higher' },
  practiceAtFundingEnd: { title: 'Staff practising at the end of funding', description: 'Role-weighted share of the site\'s staff practising at the end of funding.', unit: 'share', better: 'higher', bounds: SHARE },
  ownHoursAtStart: { title: 'Own improvement hours', description: 'Improvement hours per week the site finds itself as a member, at its starting capability.', unit: 'hours per week', better: null, lesson: 4 },
  capabilityAtStart: { title: 'Capability at the start', description: 'The site\'s improvement capability at the start.', unit: 'level', better: null, lesson: 10, bounds: SHARE },
  capabilityAtFundingEnd: { title: 'Capability at the end of funding', description: 'The site\'s improvement capability at the end of funding.', unit: 'level', better: 'higher', lesson: 10, bounds: SHARE },
  innovativeness: { title: 'Innovativeness', description: 'Standardised propensity to join early (Rogers\' innovativeness of the organisation).', unit: 'index', better: null, lesson: 3 },
  leadershipSupport: context('Leadership support', 'leadership support for improvement'),
  readiness: context('Readiness', 'readiness for change'),
  priorImprovement: context('Prior improvement', 'experience of improvement work before the programme'),
  staffingStability: context('Staffing stability', 'staffing stability'),
  competingInitiatives: context('Competing initiatives', 'load of competing initiatives'),
  punitiveHistory: context('Punitive history', 'history of punitive performance management'),
  dataInfrastructure: context('Data infrastructure', 'data infrastructure'),
  misfit: context('Misfit', 'misfit between the intervention as designed and its local context'),
  costBackfill: { title: 'Cost of its backfill', description: 'What the backfill the site received cost the budget, over the run.', unit: '£', better: null, lesson: 4, bounds: MONEY },
  costCoaching: { title: 'Cost of its coaching', description: 'What the coaching the site received cost the budget, over the run.', unit: '£', better: null, lesson: 4, bounds: MONEY },
  costEvents: { title: 'Cost of its events', description: 'What the learning events the site attended cost the budget (its share of each), over the run.', unit: '£', better: null, lesson: 4, bounds: MONEY },
  costOwnTime: { title: 'Cost of its own time', description: 'What the site\'s own staff time on the programme cost it (protected improvement time and data collection, as far as it took part), over the run.', unit: '£', better: null, lesson: 4, bounds: MONEY },
} satisfies Record<keyof SiteResult, SiteEntry>;

/** The per-site columns' metadata, in column order. */
export const SITE_OUTPUTS: readonly SiteColumn[] = Object.entries(SITE_ENTRIES).map(([name, meta]) => ({ name: name as keyof SiteResult, ...meta }));

export function siteResults(state: State, atEnd: Snapshot | null, yearAfter: Snapshot | null): SiteResult[] {
  const sc = state.scenario;
  const sites = state.sites;
  const best = sc.challenge.outcome.best;
  const out: SiteResult[] = [];
  for (let s = 0; s < sites.count; s++) {
    const comparison = sites.membership[s] === Membership.comparison;
    const joined = sites.joinWeek[s] >= 0;
    const role = comparison ? 'comparison' : joined ? 'member' : 'neverJoined';
    const closedEnd = atEnd ? shareClosed(sites.baselineValue[s], atEnd.trueValue[s], best) : null;
    const closedYear = yearAfter ? shareClosed(sites.baselineValue[s], yearAfter.trueValue[s], best) : null;
    const effectEnd = atEnd ? programmeEffect(sites.baselineValue[s], atEnd.trueValue[s], atEnd.counterfactualValue[s], best) : null;
    const effectYear = yearAfter ? programmeEffect(sites.baselineValue[s], yearAfter.trueValue[s], yearAfter.counterfactualValue[s], best) : null;
    out.push({
      site: s,
      type: sc.community.siteTypes[sites.type[s]].name,
      role,
      launchWeek: sites.launchWeek[s],
      joinWeek: joined ? sites.joinWeek[s] : null,
      dropWeek: sites.dropWeek[s] >= 0 ? sites.dropWeek[s] : null,
      membershipAtEnd: MEMBERSHIP_STATES[sites.membership[s]],
      baseline: sites.baselineValue[s],
      atFundingEnd: atEnd ? atEnd.trueValue[s] : null,
      oneYearAfter: yearAfter ? yearAfter.trueValue[s] : null,
      final: sites.trueValue[s],
      gapClosedAtFundingEnd: closedEnd,
      gapClosedOneYearAfter: closedYear,
      counterfactualAtFundingEnd: atEnd ? atEnd.counterfactualValue[s] : null,
      programmeEffectAtFundingEnd: effectEnd,
      programmeEffectOneYearAfter: effectYear,
      category: categorise(state, s, effectEnd),
      staff: sites.staffCount[s],
      innovativeness: sites.innovativeness[s],
      ownHoursAtStart: baseOwnHours(state, s, sites.priorImprovement[s]),
      capabilityAtStart: sites.priorImprovement[s],
      capabilityAtFundingEnd: atEnd ? atEnd.capability[s] : null,
      practiceAtFundingEnd: atEnd ? atEnd.practiceIndex[s] : null,
      leadershipSupport: sites.leadership[s],
      readiness: sites.readiness[s],
      priorImprovement: sites.priorImprovement[s],
      staffingStability: sites.staffingStability[s],
      competingInitiatives: sites.competingInitiatives[s],
      punitiveHistory: sites.punitiveHistory[s],
      dataInfrastructure: sites.dataInfrastructure[s],
      misfit: sites.misfit[s],
      costBackfill: sites.costBackfill[s],
      costCoaching: sites.costCoaching[s],
      costEvents: sites.costEvents[s],
      costOwnTime: sites.costOwnTime[s],
    });
  }
  return out;
}

/** The programme's effect on a site as a share of its own gap: true performance less its no-programme path. */
export function programmeEffect(baseline: number, value: number, counterfactual: number, best: number): number {
  const gap = best - baseline;
  return gap === 0 ? 0 : (value - counterfactual) / gap;
}

/** A site's category by the programme's effect at the end of funding (or at the horizon, if sooner). */
function categorise(state: State, s: number, effect: number | null): SiteCategory {
  const sites = state.sites;
  if (sites.membership[s] === Membership.comparison) return 'comparison';
  if (sites.joinWeek[s] < 0) return 'neverJoined';
  const share = effect ?? programmeEffect(sites.baselineValue[s], sites.trueValue[s], sites.counterfactualValue[s], state.scenario.challenge.outcome.best);
  const o = state.scenario.outcomes;
  if (share >= o.transformedShare) return 'transformed';
  if (share >= o.boostedShare) return 'boosted';
  return share <= -o.worseShare ? 'worse' : 'littleChange';
}
