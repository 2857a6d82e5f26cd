/**
 * What the server will take on, so that one request cannot starve the others. Every limit has a
 * clear answer when it is passed: 413 (body too large), 422 (a run or experiment too large, or a
 * run that took too long), 429 (too many at once, or too many requests).
 */
export interface Limits {
  /** Largest request body, in bytes. */
  bodyBytes: number;
  /** Largest run: expected staff x weeks x replicates. */
  agentWeeksPerRun: number;
  /** Largest experiment: expected staff x weeks x runs, summed over points. */
  agentWeeksPerJob: number;
  /**
   * Most design points in one experiment, checked from the design's settings before any point is
   * built (building and checking a point takes the server's main thread about 0.1 ms).
   */
  pointsPerJob: number;
  /** Most runs (points x replicates) in one experiment: each run's row is kept for download. */
  runsPerJob: number;
  /** Largest trace a run may return: sites x weeks recorded (each site-week is some 100 bytes of JSON). */
  traceCellsPerRun: number;
  /** Most replicates in one run request. */
  replicatesPerRun: number;
  /** Runs computing at once (more wait for none: they are refused with 429). */
  concurrentRuns: number;
  /** Runs computing at once for one client address (so one client cannot take every slot). */
  runsPerClient: number;
  /** Experiments running at once. */
  concurrentJobs: number;
  /** Experiments running at once for one client address. */
  jobsPerClient: number;
  /** Longest a run may compute before it is stopped, in milliseconds (time waiting for a worker is not counted). */
  runMilliseconds: number;
  /** Finished experiments kept for download. */
  keptJobs: number;
  /** Requests per minute from one address to the API. */
  requestsPerMinute: number;
  /** Longest a client may take to send a whole request, in milliseconds. */
  requestMilliseconds: number;
  /** Event-loop delay, in milliseconds, above which new requests are shed with 503. */
  eventLoopDelayMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  bodyBytes: 1_000_000,
  agentWeeksPerRun: 300_000_000,
  agentWeeksPerJob: 5_000_000_000,
  pointsPerJob: 2_000,
  runsPerJob: 100_000,
  replicatesPerRun: 200,
  traceCellsPerRun: 200_000,
  concurrentRuns: 4,
  runsPerClient: 2,
  concurrentJobs: 2,
  jobsPerClient: 1,
  runMilliseconds: 60_000,
  keptJobs: 20,
  requestsPerMinute: 600,
  requestMilliseconds: 30_000,
  eventLoopDelayMs: 1_000,
};
