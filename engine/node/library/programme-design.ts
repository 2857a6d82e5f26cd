/**
 * Does the programme cause its effect, and does its design drive it? (issue #10) For each real
 * programme, over paired replicates with fixed seeds:
 *
 * - the programme's share of its members' gain: the gap the programme closed at member sites
 *   (their true performance less each site's own no-programme path, same seeds) as a share of
 *   the gap they closed in all (which includes the secular trend). A simulator of programme
 *   design whose calibrated programme gains as much without it is not credible;
 * - what removing each design element does to the programme's effect at the end of funding:
 *   core-team support, the budget, learning events, coaching, and feedback of data to sites.
 *   The evidence says each helps (lessons 2, 4, 6 and 9; audit and feedback: Jamtvedt, risk ratio
 *   0.85), so removing it must lower the effect: its interval wholly below zero. The unit standard
 *   is removed only from the programmes whose description has one.
 */
import { replicateSeed, runScenario, type RunResult, type Scenario } from '../../core/index.ts';
import { estimate, type Estimate } from '../../core/stats/interval.ts';
import { loadScenario } from '../scenario-files.ts';

export interface DesignElement {
  id: string;
  label: string;
  /** The settings that remove it. */
  sets: string[];
  /** Where the evidence says it matters. */
  evidence: string;
  /** Whether a programme has the element at all (every programme has, unless this says otherwise). */
  usedBy?: (scenario: Scenario) => boolean;
}

/** What removing one design element did to a programme's effect; nothing, where it has none. */
export type Removal =
  | { element: DesignElement; used: true; effect: Estimate; change: Estimate; lowers: boolean }
  | { element: DesignElement; used: false };

export const DESIGN_ELEMENTS: DesignElement[] = [
  { id: 'core-team', label: 'core-team support', sets: ['coreTeam.hoursPerWeek=0', 'coreTeam.postFundingHoursPerWeek=0'], evidence: 'lesson 2: a strong core team' },
  { id: 'budget', label: 'the budget (backfill, coaching, events)', sets: ['resources.budget=0'], evidence: 'lesson 4: resource the community properly' },
  { id: 'events', label: 'learning events', sets: ['belonging.faceToFacePerYear=0', 'belonging.remotePerYear=0'], evidence: 'lesson 6: belonging' },
  { id: 'coaching', label: 'coaching', sets: ['resources.coachingShare=0'], evidence: 'lesson 4: coaching builds capability' },
  { id: 'feedback', label: 'feedback of data to sites', sets: ['data.feedbackToSites=false'], evidence: 'lesson 9; audit and feedback, Jamtvedt: risk ratio 0.85' },
  {
    id: 'standard',
    label: 'the unit standard',
    sets: ['protocol.standard=false'],
    evidence: 'lesson 1; checklists and bundles, Blot 2014',
    usedBy: (scenario) => scenario.protocol.standard,
  },
];

// 48, not 24: a small effect (coaching in ASCQI, about 1% of the gap) needs the power to show its sign.
export const DESIGN_REPLICATES = 48;
export const DESIGN_SEED = 2026;

export interface DesignEffects {
  file: string;
  name: string;
  /** Gap closed at member sites by the end of funding (trend included). */
  gapClosed: Estimate;
  /** Gap the programme closed there (net of each site's own path). */
  programmeEffect: Estimate;
  /** The programme's share of the members' gain, per replicate. */
  programmeShare: Estimate;
  removals: Removal[];
}

function runs(file: string, sets: string[], replicates: number, root: number, cwd: string): { scenario: Scenario; results: RunResult[] } {
  const scenario = loadScenario(file, sets, cwd);
  if (!scenario.ok) throw new Error(`${file}: ${scenario.issues.map((i) => `${i.path}: ${i.found}`).join('; ')}`);
  return { scenario: scenario.value, results: Array.from({ length: replicates }, (_, r) => runScenario(scenario.value, { seed: replicateSeed(root, r + 1) })) };
}

const effectOf = (r: RunResult) => r.summary.programmeEffectAtFundingEnd ?? NaN;

export function designEffects(file: string, replicates = DESIGN_REPLICATES, root = DESIGN_SEED, cwd = process.cwd()): DesignEffects {
  const { scenario, results: full } = runs(file, [], replicates, root, cwd);
  const closed = full.map((r) => r.summary.gapClosedAtFundingEnd ?? NaN);
  const effect = full.map(effectOf);
  const removals = DESIGN_ELEMENTS.map((element): Removal => {
    if (element.usedBy && !element.usedBy(scenario)) return { element, used: false };
    const without = runs(file, element.sets, replicates, root, cwd).results.map(effectOf);
    const change = estimate(without.map((v, i) => v - effect[i]));
    return { element, used: true, effect: estimate(without), change, lowers: change.upper < 0 };
  });
  return {
    file,
    name: scenario.name,
    gapClosed: estimate(closed),
    programmeEffect: estimate(effect),
    programmeShare: estimate(effect.map((e, i) => e / closed[i])),
    removals,
  };
}
