/**
 * How the studio's runner hands replicates to its Web Workers (web/client/runner.ts), with the
 * workers replaced by stand-ins that answer when the test says: which worker gets which
 * replicate, that the page gets a core while it draws the first partial ensemble, that a
 * superseded request stops being handed out, and that the ensemble never depends on the order
 * replies come in.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScenarioSchema, replicateSeed, type Scenario } from '../../engine/core/index.ts';
import { createRunner, type Ensemble } from '../../web/client/runner.ts';
import type { WorkerReply, WorkerRequest } from '../../web/client/engine-worker.ts';

/** A stand-in for a Web Worker: it keeps what it is sent, and replies when told to. */
class StandInWorker {
  static all: StandInWorker[] = [];
  readonly inbox: WorkerRequest[] = [];
  private readonly listeners = new Set<(event: MessageEvent<WorkerReply>) => void>();
  constructor() {
    StandInWorker.all.push(this);
  }
  postMessage(request: WorkerRequest): void {
    this.inbox.push(request);
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void {
    this.listeners.delete(listener);
  }
  /** Every replicate sent to this worker, in the order sent. */
  replicates(id?: number): number[] {
    return this.inbox.filter((r) => id === undefined || r.id === id).flatMap((r) => r.replicates);
  }
  /** Finish the oldest request not yet answered (as the real worker does, in order). */
  finishNext(error?: string): number {
    const request = this.inbox.find((r) => !this.answered.has(r));
    if (!request) throw new Error('nothing to finish');
    this.answered.add(request);
    const results = error ? [] : request.replicates.map((replicate, i) => resultOf(replicate, request.seeds[i]));
    const data: WorkerReply = { id: request.id, results, done: true, ...(error ? { error } : {}) };
    for (const listener of [...this.listeners]) listener({ data } as MessageEvent<WorkerReply>);
    return request.replicates[0];
  }
  /** Requests sent and not yet answered. */
  get queued(): number {
    return this.inbox.filter((r) => !this.answered.has(r)).length;
  }
  private readonly answered = new Set<WorkerRequest>();
}

/** A replicate's result whose one series value is its replicate number (so the mean tells which came in). */
function resultOf(replicate: number, seed: number): WorkerReply['results'][number] {
  return {
    replicate,
    seed,
    summary: { replicate },
    series: { columns: [{ name: 'x', title: 'x', unit: 'share', description: '' }], firstWeek: 0, weeks: 0, values: [Float64Array.of(replicate)] },
    events: [],
    sites: [],
  } as unknown as WorkerReply['results'][number];
}

const scenario: Scenario = ScenarioSchema.parse({ name: 'dispatch' });
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Finish requests, round robin over the workers, until none is left queued. */
async function finishAll(workers: StandInWorker[]): Promise<void> {
  while (workers.some((w) => w.queued > 0)) {
    for (const w of workers) if (w.queued > 0) w.finishNext();
    await flush();
  }
}

describe('the studio runner hands out replicates', () => {
  beforeEach(() => {
    StandInWorker.all = [];
    vi.stubGlobal('Worker', StandInWorker);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('opens with replicates w+1 and w+1+W on worker w, then in order, a few ahead, each with its own seed and replicate 1 traced', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    const runner = createRunner();
    expect(runner.workers).toBe(4);
    const done = runner.run(scenario, 7, 20);
    const workers = StandInWorker.all;
    // Four cores, four workers and the page: the last worker waits for no drawing (nothing asked for).
    expect(workers.map((w) => w.replicates().slice(0, 2))).toEqual([[1, 5], [2, 6], [3, 7], [4, 8]]);
    expect(workers.map((w) => w.queued)).toEqual([4, 4, 4, 4]);
    expect(workers.flatMap((w) => w.replicates()).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const w of workers) for (const r of w.inbox) expect(r.seeds).toEqual(r.replicates.map((x) => replicateSeed(7, x)));
    expect(workers.flatMap((w) => w.inbox).filter((r) => r.trace).map((r) => r.replicates)).toEqual([[1]]);
    // A worker that finishes one gets the next replicate not yet handed out.
    workers[2].finishNext();
    expect(workers[2].replicates().at(-1)).toBe(17);
    await finishAll(workers);
    const ensemble = (await done)!;
    expect(ensemble.replicates.map((r) => r.replicate)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('leaves the page a core while it draws the first partial ensemble: on two cores the second worker takes nothing past its opening two until the drawing is done', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    const runner = createRunner();
    let drawn!: () => void;
    const partials: Ensemble[] = [];
    const done = runner.run(scenario, 1, 20, {
      partialAt: [4],
      onPartial: (partial) => {
        partials.push(partial);
        return new Promise<void>((resolve) => (drawn = resolve));
      },
    });
    const [first, second] = StandInWorker.all;
    expect(second.replicates()).toEqual([2, 4]);
    expect(first.replicates()).toEqual([1, 3, 5, 6]);
    for (let i = 0; i < 2; i++) second.finishNext();
    first.finishNext();
    first.finishNext();
    await flush();
    // Replicates 1-4 are in: the page draws them, and meanwhile only the first worker computes.
    expect(partials.map((p) => p.replicates.map((r) => r.replicate))).toEqual([[1, 2, 3, 4]]);
    expect(second.queued).toBe(0);
    first.finishNext();
    first.finishNext();
    await flush();
    expect(second.replicates()).toEqual([2, 4]);
    expect(first.queued).toBe(4);
    drawn();
    await flush();
    // Drawn: the second worker is handed replicates again.
    expect(second.queued).toBe(4);
    await finishAll(StandInWorker.all);
    const ensemble = (await done)!;
    expect(ensemble.replicates.map((r) => r.replicate)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The mean of replicate numbers 1..20: every replicate counted once.
    expect(ensemble.mean[0][0]).toBe(10.5);
  });

  it('gives the same ensemble whatever order the workers answer in', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 3 });
    const ensembles: Ensemble[] = [];
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 1, 0, 2, 2, 2]]) {
      StandInWorker.all = [];
      const runner = createRunner();
      const done = runner.run(scenario, 3, 11, { partialAt: [6], onPartial: () => flush() });
      const workers = StandInWorker.all;
      while (workers.some((w) => w.queued > 0)) {
        for (const w of order) if (workers[w].queued > 0) workers[w].finishNext();
        await flush();
      }
      ensembles.push((await done)!);
    }
    for (const e of ensembles.slice(1)) {
      expect(e.replicates).toEqual(ensembles[0].replicates);
      expect(e.mean).toEqual(ensembles[0].mean);
      expect(e.lower).toEqual(ensembles[0].lower);
    }
  });

  it('stops handing out a superseded request (it comes back as null) and fails a request a worker could not run', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    const runner = createRunner();
    const old = runner.run(scenario, 1, 20);
    const workers = StandInWorker.all;
    const newer = runner.run(scenario, 2, 6);
    // The old request's queued replicates are finished (the worker cannot drop them), but no more are sent.
    const oldSent = workers.map((w) => w.replicates(1).length);
    await finishAll(workers);
    expect(workers.map((w) => w.replicates(1).length)).toEqual(oldSent);
    expect(await old).toBeNull();
    expect((await newer)!.replicates).toHaveLength(6);

    const failing = runner.run(scenario, 3, 20);
    const failed = expect(failing).rejects.toThrow('the scenario broke');
    workers[0].finishNext('the scenario broke');
    await finishAll(workers);
    await failed;
    // After the failure nothing more was handed out: only the opening and the first few ahead.
    expect(workers.reduce((n, w) => n + w.replicates(3).length, 0)).toBeLessThan(20);
  });
});
