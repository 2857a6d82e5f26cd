/**
 * Running a scenario: init, then one step per week, recording the series and taking snapshots at
 * the end of funding and a year later. Pure: no I/O, the same in Node, a worker and a browser.
 */
import { ScenarioSchema, expectedStaff, type Scenario } from '../scenario/schema.ts';
import { init } from './init.ts';
import { step } from './step.ts';
import type { ModelEvent } from '../model/state.ts';
import { createRecorder, rowOf, type Series } from '../metrics/series.ts';
import { takeSnapshot, type Snapshot } from '../metrics/snapshot.ts';
import { siteResults, type SiteResult } from '../metrics/site-results.ts';
import { summarise, type Summary } from '../metrics/summary.ts';
import { replicateSeed } from '../random/streams.ts';
import { PARTNER_SLOTS, type State } from '../model/state.ts';

export interface RunOptions {
  /** The run's own seed (see replicateSeed for the seed of a replicate under a root seed). */
  seed: number;
  /** Record every site's state every week (for heat maps and animations). */
  trace?: boolean;
  /**
   * Called after every week; a run is stopped by throwing from it (a worker's time limit does).
   * It sees nothing of the state, so it cannot change the run's numbers.
   */
  onWeek?: () => void;
}

/**
 * Every site's state every week, frame by frame: field[frame * sites + site] (ties:
 * [(frame * sites + site) * PARTNER_SLOTS + slot]). Frame f is week firstWeek + f; frame 0 is the
 * state before the first step.
 */
export interface SiteTrace {
  sites: number;
  frames: number;
  firstWeek: number;
  trueValue: Float32Array;
  practice: Float32Array;
  membership: Uint8Array;
  conflict: Float32Array;
  belonging: Float32Array;
  /** The value a site reported in the week before the frame (what its staff saw), NaN if none. */
  reported: Float32Array;
  capability: Float32Array;
  /** Improvement hours the site had that week: its own and backfill (negative when short). */
  timeBudget: Float32Array;
  partner: Int32Array;
  tieStrength: Float32Array;
}

export interface RunResult {
  seed: number;
  series: Series;
  sites: SiteResult[];
  summary: Summary;
  events: ModelEvent[];
  /** When asked for: every site's state every week. */
  trace?: SiteTrace;
}

/**
 * A run under way: the state at the start of week `state.week`, stepped on by `advanceTo`. A
 * played session (engine/core/play) takes decisions between steps; a plain run steps straight
 * through. Both record the same series and snapshots, so a run nobody decides in is runScenario's.
 */
export interface RunInProgress {
  readonly state: State;
  readonly series: Series;
  /** Every site's state week by week so far, when asked for (frames past the current week are empty). */
  readonly trace?: SiteTrace;
  /** Step until the state reaches `week` (at most the horizon), calling onWeek after each step. */
  advanceTo(week: number, onWeek?: () => void): void;
  /** Whether the state has reached the horizon. */
  readonly done: boolean;
  /** Step to the horizon if needed, then summarise the run (once: the state is its result's). */
  finish(onWeek?: () => void): RunResult;
}

export function startRun(scenario: Scenario, options: Omit<RunOptions, 'onWeek'>): RunInProgress {
  if (!primed && expectedStaff(scenario) * (scenario.time.weeks + scenario.time.preWeeks) >= PRIME_ABOVE_AGENT_WEEKS) primeEngine();
  const state = init(scenario, options.seed);
  const weeks = scenario.time.weeks;
  const recorder = createRecorder(scenario);
  const series = recorder.series;
  const trace = options.trace ? createTrace(state.sites.count, weeks + scenario.time.preWeeks + 1, -scenario.time.preWeeks) : undefined;
  const fundingEnd = scenario.time.fundingWeeks;
  let atEnd: Snapshot | null = null;
  let yearAfter: Snapshot | null = null;
  let result: RunResult | undefined;
  const observe = () => {
    const w = state.week;
    recorder.record(state);
    if (trace) recordFrame(trace, state, rowOf(series, w));
    if (w === fundingEnd) atEnd = takeSnapshot(state);
    if (w === fundingEnd + 52) yearAfter = takeSnapshot(state);
  };
  observe();
  const advanceTo = (week: number, onWeek?: () => void) => {
    const until = Math.min(week, weeks);
    while (state.week < until) {
      step(state);
      observe();
      onWeek?.();
    }
  };
  return {
    state,
    series,
    trace,
    advanceTo,
    get done() {
      return state.week >= weeks;
    },
    finish(onWeek) {
      if (result) return result;
      advanceTo(weeks, onWeek);
      const sites = siteResults(state, atEnd, yearAfter);
      result = {
        seed: options.seed,
        series,
        sites,
        summary: summarise(state, series, sites, atEnd, yearAfter),
        events: state.events,
        trace,
      };
      return result;
    },
  };
}

export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  return startRun(scenario, options).finish(options.onWeek);
}

export interface ReplicateResult extends RunResult {
  replicate: number;
}

/** Replicates first..last (1-based, inclusive) under a root seed. */
export function runReplicates(scenario: Scenario, rootSeed: number, first: number, last: number, options: Omit<RunOptions, 'seed'> = {}): ReplicateResult[] {
  const out: ReplicateResult[] = [];
  for (let r = first; r <= last; r++) out.push({ replicate: r, ...runScenario(scenario, { ...options, seed: replicateSeed(rootSeed, r) }) });
  return out;
}

function createTrace(sites: number, frames: number, firstWeek: number): SiteTrace {
  const n = sites * frames;
  return {
    sites,
    frames,
    firstWeek,
    trueValue: new Float32Array(n),
    practice: new Float32Array(n),
    membership: new Uint8Array(n),
    conflict: new Float32Array(n),
    belonging: new Float32Array(n),
    reported: new Float32Array(n),
    capability: new Float32Array(n),
    timeBudget: new Float32Array(n),
    partner: new Int32Array(n * PARTNER_SLOTS),
    tieStrength: new Float32Array(n * PARTNER_SLOTS),
  };
}

function recordFrame(trace: SiteTrace, state: State, frame: number): void {
  const sites = state.sites;
  const base = frame * trace.sites;
  trace.trueValue.set(sites.trueValue, base);
  trace.practice.set(sites.practiceIndex, base);
  trace.membership.set(sites.membership, base);
  trace.conflict.set(sites.conflict, base);
  trace.belonging.set(sites.teamBelonging, base);
  trace.capability.set(sites.capability, base);
  trace.timeBudget.set(sites.timeBudget, base);
  for (let s = 0; s < trace.sites; s++) trace.reported[base + s] = sites.lastReportWeek[s] >= state.week - 1 ? sites.reportedValue[s] : NaN;
  trace.partner.set(sites.partner, base * PARTNER_SLOTS);
  trace.tieStrength.set(sites.tieStrength, base * PARTNER_SLOTS);
}

/*
 * Priming the compiler. V8 optimises a function from what it has seen it do. In the first weeks
 * of a big run nobody has yet tried, adopted, abandoned or routinised the practice, so the
 * practice kernel and the mechanisms around it are optimised without those branches, then thrown
 * back to the interpreter (about ten times for the kernel) as people reach them, and some end up
 * less well optimised for the rest of the run. A tiny run first, where every branch is taken within
 * weeks, shows the compiler the whole model before the big run starts: at 100,000 staff the
 * whole run goes from about 28 to about 31 million agent-weeks a second, for some 20 ms spent once
 * per process or worker. Runs are pure, so the tiny run cannot change any other run's numbers;
 * small runs (and the tiny run itself) skip it, since they would pay more than they gain.
 */
const PRIME_ABOVE_AGENT_WEEKS = 2_000_000;
let primed = false;

function primeEngine(): void {
  primed = true;
  const tiny = ScenarioSchema.parse({ name: 'compiler primer', recruitment: { invitedSites: 2, comparisonSites: 1 }, time: { weeks: 156, fundingWeeks: 78 }, tactics: { hardness: 0.5 } });
  runScenario(tiny, { seed: 1 });
}
