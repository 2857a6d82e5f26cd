/** POST /api/run: replicates of a scenario, computed on the worker pool within the limits. */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { replicateSeed, seriesColumns, unitLabel, type Scenario } from '../../../engine/core/index.ts';
import { expectedStaff } from '../../../engine/core/scenario/schema.ts';
import { CCSIM_VERSION } from '../../../engine/node/version.ts';
import { behaviourEnsemble } from '../../../engine/core/scenario/behaviour.ts';
import { RunTimeLimitError, type RunPool } from '../../../engine/node/pool/pool.ts';
import type { RunJson } from '../../../engine/node/pool/worker.ts';
import { problem, refusal } from '../problems.ts';
import type { IntakePool } from '../intake-pool.ts';
import { fmt } from '../jobs.ts';
import type { Limits } from '../limits.ts';

export async function runRoutes(api: FastifyInstance, pool: RunPool, limits: Limits, intake: IntakePool): Promise<void> {
  let running = 0;
  /** Runs computing per client address. */
  const byClient = new Map<string, number>();
  api.post('/run', async (request, reply) => {
    const body = await intake.read('run', request.body as string | undefined);
    if (!body.ok) return refusal(reply, body);
    const { scenario } = body;
    if (body.modelUncertainty && !behaviourEnsemble()) {
      return problem(reply, 422, 'no-model-uncertainty', 'this server\'s behaviour set has no ensemble of fitted behaviour sets, so it can show replicate noise only; leave out modelUncertainty');
    }
    const replicates = body.replicates ?? 1;
    if (replicates > limits.replicatesPerRun) {
      return problem(reply, 422, 'too-many-replicates', `at most ${limits.replicatesPerRun} replicates per run request; ask for fewer, or run an experiment (POST /api/jobs)`);
    }
    const size = expectedStaff(scenario) * (scenario.time.weeks + scenario.time.preWeeks) * replicates;
    if (size > limits.agentWeeksPerRun) {
      return problem(reply, 422, 'run-too-large', `the run needs about ${fmt(size)} agent-weeks, above this server's limit of ${fmt(limits.agentWeeksPerRun)}; use fewer replicates, weeks or sites`);
    }
    // A trace holds every site's state every week: its size is sites x weeks, whatever the staff.
    const traceCells = (scenario.recruitment.invitedSites + scenario.recruitment.comparisonSites) * (scenario.time.weeks + scenario.time.preWeeks + 1);
    if (body.trace && traceCells > limits.traceCellsPerRun) {
      return problem(reply, 422, 'trace-too-large', `a trace of this run holds ${fmt(traceCells)} site-weeks, above this server's limit of ${fmt(limits.traceCellsPerRun)}; ask for no trace, or use fewer sites or weeks`);
    }
    if (running >= limits.concurrentRuns) {
      return reply.header('retry-after', '2').code(429).send({ error: 'busy', message: `the server is already computing ${running} runs; try again in a moment` });
    }
    const client = request.ip;
    const mine = byClient.get(client) ?? 0;
    if (mine >= limits.runsPerClient) {
      return reply.header('retry-after', '2').code(429).send({ error: 'busy', message: `this address already has ${mine} run${mine === 1 ? '' : 's'} computing, the most one address may have at once; wait for ${mine === 1 ? 'it' : 'one'} to finish` });
    }
    running++;
    byClient.set(client, mine + 1);
    const root = body.seed ?? scenario.seed;
    const seeds = Array.from({ length: replicates }, (_, r) => replicateSeed(root, r + 1));
    // A client that goes away takes its run with it; the time limit counts computing only, not
    // waiting for a worker (the workers take runs before any experiment's work).
    // (The response's close before it has been sent is the client leaving; the request's own
    // close only means its body has been read.)
    const gone = new AbortController();
    const leave = () => {
      if (!reply.raw.writableEnded) gone.abort();
    };
    reply.raw.once('close', leave);
    let runs: RunJson;
    try {
      runs = await pool.runJson(scenario, seeds, { trace: body.trace, signal: gone.signal, milliseconds: limits.runMilliseconds, modelUncertainty: body.modelUncertainty });
    } catch (err) {
      if (err instanceof RunTimeLimitError) {
        return problem(reply, 422, 'run-time-limit', `the run computed for longer than this server's limit of ${limits.runMilliseconds / 1000} s; use fewer replicates, weeks or sites`);
      }
      if (gone.signal.aborted) return reply;
      throw err;
    } finally {
      reply.raw.off('close', leave);
      running--;
      const left = (byClient.get(client) ?? 1) - 1;
      if (left > 0) byClient.set(client, left);
      else byClient.delete(client);
    }
    const chunks = runBodyChunks(scenario, root, body.modelUncertainty === true, runs);
    const length = chunks.reduce((n, c) => n + c.byteLength, 0);
    return reply.type('application/json; charset=utf-8').header('content-length', length).send(Readable.from(chunks, { objectMode: false }));
  });
}

const COMMA = Buffer.from(',');

/**
 * A run's response body, in pieces: the head, then each batch's replicates as the workers wrote
 * them (JSON bytes: the main thread only writes them, never flattens or encodes them), then the
 * trace if there is one.
 */
export function runBodyChunks(scenario: Scenario, root: number, modelUncertainty: boolean, runs: RunJson): Uint8Array[] {
  const head = JSON.stringify({
    version: CCSIM_VERSION,
    seed: root,
    // Whether each replicate ran on its own behaviour set of the fit's ensemble (model uncertainty).
    modelUncertainty,
    unit: unitLabel(scenario.challenge),
    columns: seriesColumns(scenario),
    // Row r of each series is week firstWeek + r (negative weeks: a baseline period before launch).
    firstWeek: -scenario.time.preWeeks,
  });
  const chunks: Uint8Array[] = [Buffer.from(`${head.slice(0, -1)},"replicates":[`)];
  runs.replicates.forEach((batch, i) => chunks.push(...(i > 0 ? [COMMA, batch] : [batch])));
  chunks.push(...(runs.trace ? [Buffer.from('],"trace":'), runs.trace, Buffer.from('}')] : [Buffer.from(']}')]));
  return chunks;
}
