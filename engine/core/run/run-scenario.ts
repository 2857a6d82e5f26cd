/**
 * Running a scenario: init, then one step per week, recording the series and taking snapshots at
 * the end of funding and a year later. Pure: no I/O, the same in Node, a worker and a browser.
 */
import type { Scenario } from '../scenario/schema.ts';
import { init } from '../model/init.ts';
import { step } from '../model/step.ts';
import type { ModelEvent } from '../model/state.ts';
import { createRecorder, type Series } from '../metrics/series.ts';
import { takeSnapshot, type Snapshot } from '../metrics/snapshot.ts';
import { siteResults, type SiteResult } from '../metrics/site-results.ts';
import { summarise, type Summary } from '../metrics/summary.ts';
import { replicateSeed } from '../random/streams.ts';

export interface RunOptions {
  /** The run's own seed (see replicateSeed for the seed of a replicate under a root seed). */
  seed: number;
  /** Record every site's true performance every week (sites x weeks), for heat maps. */
  siteSeries?: boolean;
}

export interface RunResult {
  seed: number;
  series: Series;
  sites: SiteResult[];
  summary: Summary;
  events: ModelEvent[];
  /** When asked for: true performance, row-major by site then week (weeks + 1 per site). */
  siteSeries?: Float32Array;
}

export function runScenario(scenario: Scenario, options: RunOptions): RunResult {
  const state = init(scenario, options.seed);
  const weeks = scenario.time.weeks;
  const recorder = createRecorder(scenario);
  const series = recorder.series;
  const siteSeries = options.siteSeries ? new Float32Array(state.sites.count * (weeks + 1)) : undefined;
  const fundingEnd = scenario.time.fundingWeeks;
  let atEnd: Snapshot | null = null;
  let yearAfter: Snapshot | null = null;
  const observe = () => {
    const w = state.week;
    recorder.record(state, w);
    if (siteSeries) for (let s = 0; s < state.sites.count; s++) siteSeries[s * (weeks + 1) + w] = state.sites.trueValue[s];
    if (w === fundingEnd) atEnd = takeSnapshot(state);
    if (w === fundingEnd + 52) yearAfter = takeSnapshot(state);
  };
  observe();
  while (state.week < weeks) {
    step(state);
    observe();
  }
  const sites = siteResults(state, atEnd, yearAfter);
  return {
    seed: options.seed,
    series,
    sites,
    summary: summarise(state, series, sites, atEnd, yearAfter),
    events: state.events,
    siteSeries,
  };
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
