/**
 * The engine in a Web Worker: the same pure core as the CLI and the server, so the browser's
 * numbers equal theirs. Runs a batch of replicates and sends back each replicate's summary and
 * series as soon as it is computed (typed arrays transferred, not copied), plus, when asked, the
 * first replicate's trace.
 */
import { runScenario, type RunResult, type Scenario } from '../../engine/core/index.ts';
import { withEnsembleMember } from '../../engine/core/scenario/behaviour.ts';

export interface WorkerRequest {
  id: number;
  scenario: Scenario;
  seeds: number[];
  replicates: number[];
  trace: boolean;
  /** Run replicate r on behaviour set r of the fitted model's ensemble (model uncertainty). */
  modelUncertainty: boolean;
}

export interface WorkerReply {
  id: number;
  /**
   * One replicate's results (each is sent as soon as it is computed, so the page can draw early).
   * Only the traced replicate (replicate 1) carries its events, per-site results and the series'
   * column metadata; the others carry their summary and series values.
   */
  results: Array<Pick<RunResult, 'seed' | 'summary' | 'series' | 'events' | 'sites' | 'trace'> & { replicate: number }>;
  /** Whether the batch is finished (the last message of a request). */
  done: boolean;
  error?: string;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(message: WorkerReply, transfer: Transferable[]): void };

scope.onmessage = (event) => {
  const { id, scenario, seeds, replicates, trace, modelUncertainty } = event.data;
  try {
    seeds.forEach((seed, i) => {
      const r = runScenario(modelUncertainty ? withEnsembleMember(scenario, replicates[i]) : scenario, { seed, trace: trace && i === 0 });
      // Events and per-site results are shown for the traced replicate only: the others send
      // what the page uses of them (summary and series), so less is copied between threads.
      const full = trace && i === 0;
      const series = full ? r.series : { ...r.series, columns: [] };
      const result = { replicate: replicates[i], seed: r.seed, summary: r.summary, series, events: full ? r.events : [], sites: full ? r.sites : [], trace: r.trace };
      const transfer: Transferable[] = [];
      for (const column of series.values) transfer.push(column.buffer);
      if (result.trace) for (const v of Object.values(result.trace)) if (ArrayBuffer.isView(v)) transfer.push(v.buffer as ArrayBuffer);
      scope.postMessage({ id, results: [result], done: i === seeds.length - 1 }, transfer);
    });
  } catch (err) {
    scope.postMessage({ id, results: [], done: true, error: (err as Error).message }, []);
  }
};
