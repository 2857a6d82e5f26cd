/** POST /api/run: replicates of a scenario, computed on the worker pool within the limits. */
import type { FastifyInstance } from 'fastify';
import { replicateSeed, seriesColumns, unitLabel, type RunResult } from '../../../engine/core/index.ts';
import { expectedStaff } from '../../../engine/core/scenario/schema.ts';
import { CCSIM_VERSION } from '../../../engine/node/version.ts';
import { RunTimeLimitError, type RunPool } from '../../../engine/node/pool/pool.ts';
import { RunBody, bodyIssues, validateScenarioBody } from '../bodies.ts';
import { invalidScenario, problem } from '../problems.ts';
import { fmt } from '../jobs.ts';
import type { Limits } from '../limits.ts';

export async function runRoutes(api: FastifyInstance, pool: RunPool, limits: Limits): Promise<void> {
  let running = 0;
  /** Runs computing per client address. */
  const byClient = new Map<string, number>();
  api.post('/run', async (request, reply) => {
    const body = RunBody.safeParse(request.body ?? {}, { reportInput: true });
    if (!body.success) return problem(reply, 400, 'invalid-body', 'the request body should be {"scenario": {...}, "seed"?, "replicates"?, "trace"?}', bodyIssues(body.error, 'request body'));
    const valid = validateScenarioBody(body.data.scenario);
    if (!valid.ok) return invalidScenario(reply, valid.issues);
    const scenario = valid.value;
    const replicates = body.data.replicates ?? 1;
    if (replicates > limits.replicatesPerRun) {
      return problem(reply, 422, 'too-many-replicates', `at most ${limits.replicatesPerRun} replicates per run request; ask for fewer, or run an experiment (POST /api/jobs)`);
    }
    const size = expectedStaff(scenario) * (scenario.time.weeks + scenario.time.preWeeks) * replicates;
    if (size > limits.agentWeeksPerRun) {
      return problem(reply, 422, 'run-too-large', `the run needs about ${fmt(size)} agent-weeks, above this server's limit of ${fmt(limits.agentWeeksPerRun)}; use fewer replicates, weeks or sites`);
    }
    // A trace holds every site's state every week: its size is sites x weeks, whatever the staff.
    const traceCells = (scenario.recruitment.invitedSites + scenario.recruitment.comparisonSites) * (scenario.time.weeks + scenario.time.preWeeks + 1);
    if (body.data.trace && traceCells > limits.traceCellsPerRun) {
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
    const root = body.data.seed ?? scenario.seed;
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
    let results: RunResult[];
    try {
      results = await pool.run(scenario, seeds, { trace: body.data.trace, signal: gone.signal, milliseconds: limits.runMilliseconds });
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
    return {
      version: CCSIM_VERSION,
      seed: root,
      unit: unitLabel(scenario.challenge),
      columns: seriesColumns(scenario),
      // Row r of each series is week firstWeek + r (negative weeks: a baseline period before launch).
      firstWeek: -scenario.time.preWeeks,
      replicates: results.map((r, i) => ({
        replicate: i + 1,
        seed: r.seed,
        summary: r.summary,
        series: r.series.values.map((v) => Array.from(v)),
        sites: r.sites,
        events: r.events,
      })),
      trace: results[0]?.trace ? Object.fromEntries(Object.entries(results[0].trace).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v])) : undefined,
    };
  });
}
