/**
 * The structural constants of the model: numbers fixed in its equations rather than set by a
 * scenario (the shape of a response, a time constant, a floor). They live here, each with what
 * it means and where it acts, so the code reads them by name and docs/model.md lists them from
 * this one place. Changing one changes the model: results are not comparable across such a
 * change, and it belongs in the changelog.
 */

export interface StructuralConstant {
  value: number;
  /** What it means, in a sentence. */
  meaning: string;
  /** The submodel that uses it. */
  usedIn: string;
}

const constant = (value: number, usedIn: string, meaning: string): StructuralConstant => ({ value, usedIn, meaning });

export const CONSTANTS = {
  onboardingPresence: constant(0.5, 'recruitment', 'Presence of the programme at a site while it onboards (1 once active).'),
  supportTieWeeks: constant(6, 'core team', 'Time constant (weeks) of the vertical tie following the support a site receives.'),
  onboardingNeed: constant(1.5, 'core team', 'How many times more support a site asks for while onboarding.'),
  capabilityNeed: constant(1.5, 'core team', 'Support asked for is base x (this - capability): 1.5 times at no capability, half at full.'),
  expertiseFloor: constant(0.5, 'core team', 'Each support hour counts for (this + expertise) hours.'),
  slackStability: constant(0.5, 'resources', 'Slack scales with (this + staffing stability).'),
  slackCompeting: constant(1.5, 'resources', 'Slack scales with (this - competing initiatives).'),
  reorganisationSlackLoss: constant(0.5, 'context', 'Share of slack lost while a site is reorganised.'),
  reorganisationCapabilityKept: constant(0.8, 'context', 'Share of capability a reorganisation leaves.'),
  reorganisationTiesKept: constant(0.5, 'context', 'Share of the strength of ties to other sites a reorganisation leaves.'),
  retrainingWeeks: constant(4, 'theory of change', 'Weeks a change of the theory keeps sites busy re-training.'),
  informationWeeks: constant(26, 'theory of change', 'Site-weeks of clear data that make one unit of information.'),
  faceToFaceAttendanceFloor: constant(0.4, 'belonging', 'Chance a site with no effort attends a face-to-face event (rising to 1 with full effort).'),
  remoteAttendanceFloor: constant(0.6, 'belonging', 'Chance a site with no effort joins a remote session (rising to 1 with full effort).'),
  conflictExposureFloor: constant(0.25, 'conflict', 'Share of conflict every group feels; the rest falls on groups in proportion to their voice deficit.'),
  conflictFlare: constant(0.5, 'conflict', 'Conflict level above which a flare is reported as an event.'),
  completenessFloor: constant(0.45, 'data', 'Completeness of an unsupported audit at a site with no data infrastructure.'),
  completenessInfrastructure: constant(0.45, 'data', 'Completeness an unsupported audit gains from full data infrastructure.'),
  qualityFromMeasurement: constant(0.8, 'data', 'Most of the gap to perfect data quality that time spent measuring can close.'),
  dataWeeks: constant(8, 'data', 'Time constant (weeks) of completeness and gaming following their targets.'),
  gamingNamedTables: constant(1.5, 'data', 'Gaming multiplier when sites are compared in named league tables.'),
  messengerFloor: constant(0.5, 'data', 'Feedback credibility scales with (this + (1 - this) x core-team credibility).'),
  surveillanceCredibility: constant(0.7, 'data', 'Credibility of feedback under surveillance framing, relative to learning.'),
  comparisonFloor: constant(0.6, 'data', 'Weight of a peer benchmark when nothing is shared; rises to 1 with full commonality.'),
  fatigueCompeting: constant(0.6, 'practice', 'Fatigue load from competing initiatives, per unit.'),
  fatigueBurden: constant(0.4, 'practice', 'Extra fatigue load on site-team members from measurement burden, per unit of burden share.'),
  turnoverStability: constant(1.5, 'practice', 'Turnover scales with (this - staffing stability).'),
  leaverKnowHow: constant(0.5, 'practice', 'Share of a member site\'s capability that leaves with its whole improvement team (each leaver takes this over the team\'s size).'),
  baselineContext: constant(0.5, 'initialisation', 'Correlation between a site\'s favourable context and its baseline performance.'),
  innovativenessContext: constant(0.7, 'initialisation', 'Weight of favourable context in a site\'s innovativeness (standard deviations).'),
  innovativenessNoise: constant(0.7, 'initialisation', 'Weight of chance in a site\'s innovativeness (standard deviations).'),
  caseVolumeSpread: constant(0.3, 'initialisation', 'Standard deviation of log case volume between sites of a type.'),
  minimumTeam: constant(2, 'initialisation', 'Smallest site improvement team.'),
  sustainmentMinimumEffect: constant(0.05, 'metrics', 'Smallest programme effect (share of the gap) at the end of funding for which a sustainment ratio is reported.'),
  baselineMargin: constant(0.1, 'initialisation', 'Closest a site\'s baseline may start to the best achievable, as a share of the average gap.'),
} as const;

export type ConstantName = keyof typeof CONSTANTS;

/**
 * The values by name, for the mechanisms: K.slackStability. A plain frozen object of numbers, so
 * each use is a monomorphic property load (a lookup function by string was 2-3% of a large run).
 */
export const K: Readonly<Record<ConstantName, number>> = Object.freeze(
  Object.fromEntries(Object.entries(CONSTANTS).map(([name, c]) => [name, c.value])) as Record<ConstantName, number>,
);
