/**
 * Design searches as background jobs (the studio's "Find a design"): each is checked against the
 * limits, run by runSearch on the server's worker pool into a folder of its own (its generations'
 * runs on disk, not in memory), and kept for a while with its results. Searches share the limits
 * on jobs running at once with experiments (a search is an experiment per generation). Listeners
 * hear progress.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectedStaff } from '../../engine/core/scenario/schema.ts';
import { validateDocument } from '../../engine/core/index.ts';
import type { RunPool } from '../../engine/node/pool/pool.ts';
import type { LoadedSearch } from '../../engine/node/search/files.ts';
import { runSearch, SearchError, type SearchProgress } from '../../engine/node/search/run-search.ts';
import type { SearchResultJson } from '../../engine/node/search/search-files.ts';
import type { Limits } from './limits.ts';
import { fmt, settleJob, type JobState } from './jobs.ts';

export interface SearchEvent {
  type: 'progress' | 'done' | 'failed' | 'cancelled';
  progress: SearchProgress | null;
  message?: string;
}

export interface SearchJob {
  /** Unguessable: knowing it is what lets a client read or cancel the search. */
  id: string;
  owner: string;
  name: string;
  state: JobState;
  progress: SearchProgress | null;
  /** Most runs the search can make: population x (generations + 1) x contexts x replicates. */
  maxRuns: number;
  started: string;
  finished?: string;
  error?: string;
  /** The results, once done. */
  result(): SearchResultJson | null;
  listeners: Set<(event: SearchEvent) => void>;
  cancel(): Promise<void>;
}

export type SearchStart = { ok: true; job: SearchJob } | { ok: false; status: number; error: string; message: string; issues?: import('../../engine/core/index.ts').ScenarioIssue[] };

export interface Searches {
  start(loaded: LoadedSearch, owner: string): SearchStart;
  get(id: string): SearchJob | undefined;
  /** Owners of the searches running now (they count against the limits on jobs). */
  runningOwners(): string[];
  stopAll(): Promise<void>;
}

/** `otherOwners`: owners of the experiments running now, which share the limits on jobs. */
export function createSearches(pool: RunPool, limits: Limits, folder: string, otherOwners: () => string[]): Searches {
  const searches = new Map<string, SearchJob>();

  const runningOwners = () => [...searches.values()].filter((s) => s.state === 'running').map((s) => s.owner);

  function forget(): void {
    const finished = [...searches.values()].filter((s) => s.state !== 'running');
    for (const s of finished.slice(0, Math.max(0, finished.length - limits.keptJobs))) {
      searches.delete(s.id);
      rmSync(join(folder, s.id), { recursive: true, force: true });
    }
  }

  function start(loaded: LoadedSearch, owner: string): SearchStart {
    const running = [...runningOwners(), ...otherOwners()];
    if (running.length >= limits.concurrentJobs) {
      return { ok: false, status: 429, error: 'too-many-jobs', message: `the server runs at most ${limits.concurrentJobs} experiments or searches at once; wait for one to finish (or cancel one) and try again` };
    }
    if (running.filter((o) => o === owner).length >= limits.jobsPerClient) {
      return { ok: false, status: 429, error: 'too-many-jobs', message: 'this address already runs as many experiments or searches as one address may; wait for it to finish (or cancel it) and try again' };
    }
    const { search, prepared } = loaded;
    const perGeneration = search.search.population * prepared.contexts.length;
    const maxRuns = perGeneration * (search.search.generations + 1) * search.replicates;
    const scenario = validateDocument(loaded.base);
    const agentWeeks = scenario.ok ? expectedStaff(scenario.value) * (scenario.value.time.weeks + scenario.value.time.preWeeks) * maxRuns : 0;
    if (perGeneration > limits.pointsPerJob || maxRuns > limits.runsPerJob || agentWeeks > limits.agentWeeksPerJob) {
      return {
        ok: false,
        status: 422,
        error: 'search-too-large',
        message: `the search may make ${fmt(maxRuns)} runs (${fmt(perGeneration)} designs-in-contexts a generation, about ${fmt(agentWeeks)} agent-weeks), above this server's limits of ${fmt(limits.runsPerJob)} runs, ${fmt(limits.pointsPerJob)} a generation and ${fmt(limits.agentWeeksPerJob)} agent-weeks; use fewer contexts, replicates, designs or generations, or run it with ccsim on your own machine (ccsim design)`,
      };
    }
    const job = createJob(loaded, owner, maxRuns);
    searches.set(job.id, job);
    forget();
    return { ok: true, job };
  }

  function createJob(loaded: LoadedSearch, owner: string, maxRuns: number): SearchJob {
    const controller = new AbortController();
    const id = randomUUID();
    const out = join(folder, id);
    let result: SearchResultJson | null = null;
    const job: SearchJob = {
      id,
      owner,
      name: loaded.search.name,
      state: 'running',
      progress: null,
      maxRuns,
      started: new Date().toISOString(),
      result: () => result,
      listeners: new Set(),
      cancel: () => {
        controller.abort();
        return settled;
      },
    };
    const emit = (event: SearchEvent) => {
      for (const listener of job.listeners) listener(event);
    };
    const settled: Promise<void> = runSearch(loaded, {
      out,
      pool,
      signal: controller.signal,
      pause: () => nextTurn(),
      onProgress: (progress) => {
        job.progress = progress;
        emit({ type: 'progress', progress });
      },
    }).then(
      ...settleJob(
        job,
        controller.signal,
        emit,
        forget,
        () => (result = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as SearchResultJson),
        (err) => (err instanceof SearchError ? err.issues.map((i) => `${i.path}: ${i.expected}; ${i.found}. ${i.fix}`).join('\n') : err.message),
      ),
    );
    return job;
  }

  return {
    start,
    get: (id) => searches.get(id),
    runningOwners,
    stopAll: async () => {
      await Promise.all([...searches.values()].filter((s) => s.state === 'running').map((s) => s.cancel()));
    },
  };
}
