/**
 * GET /api/preview/<id>?seed=S: replicate 1 of a bundled scenario at root seed S (default: the
 * scenario's own), in POST /api/run's format (without a trace). The studio draws it as still
 * previews the moment the page has loaded, while its own workers (which take about a second to
 * start) compute the ensemble, replicate 1 included: the engine is the same here and in the
 * browser, so the preview shows the numbers the workers then compute, and nothing the page
 * keeps comes from it.
 *
 * Each answer is computed once on the pool and kept (the last PREVIEWS_KEPT asked for); only
 * bundled scenarios can be asked for, so what is kept is small and bounded, and no more are
 * computed at once than a run may have (limits.concurrentRuns: beyond, 429). The server computes
 * the ones named in `warm` when it starts, so the first visitor does not wait either.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_SEED, replicateSeed, type Scenario } from '../../../engine/core/index.ts';
import { expectedStaff } from '../../../engine/core/scenario/schema.ts';
import { RunTimeLimitError, type RunPool } from '../../../engine/node/pool/pool.ts';
import type { BundledScenario } from '../bundled-scenarios.ts';
import { fmt } from '../jobs.ts';
import type { Limits } from '../limits.ts';
import { problem } from '../problems.ts';
import { runBodyChunks } from './run.ts';

/** How many previews are kept (each about a quarter of a megabyte for the default scenario). */
export const PREVIEWS_KEPT = 16;

interface Refusal {
  status: number;
  error: string;
  message: string;
}

export async function previewRoutes(api: FastifyInstance, pool: RunPool, limits: Limits, scenarios: BundledScenario[], warm: string[] = []): Promise<void> {
  /** Kept answers, oldest first (a Map keeps insertion order; a hit moves to the end). */
  const kept = new Map<string, Buffer>();
  const computing = new Map<string, Promise<Buffer>>();

  function tooLarge(scenario: Scenario): Refusal | null {
    const size = expectedStaff(scenario) * (scenario.time.weeks + scenario.time.preWeeks);
    if (size > limits.agentWeeksPerRun) return { status: 422, error: 'run-too-large', message: `replicate 1 needs about ${fmt(size)} agent-weeks, above this server's limit of ${fmt(limits.agentWeeksPerRun)}` };
    return null;
  }

  /** The kept or computing answer, or null when as many as a run may have are computing already (the caller says busy). */
  function preview(id: string, scenario: Scenario, seed: number): Promise<Buffer> | null {
    const key = `${id}\u0000${seed}`;
    const hit = kept.get(key);
    if (hit) {
      kept.delete(key);
      kept.set(key, hit);
      return Promise.resolve(hit);
    }
    const pending = computing.get(key);
    if (pending) return pending;
    if (computing.size >= limits.concurrentRuns) return null;
    const work = pool
      .runJson(scenario, [replicateSeed(seed, 1)], { milliseconds: limits.runMilliseconds })
      .then((runs) => {
        const body = Buffer.concat(runBodyChunks(scenario, seed, false, runs));
        kept.set(key, body);
        while (kept.size > PREVIEWS_KEPT) kept.delete(kept.keys().next().value!);
        return body;
      })
      .finally(() => computing.delete(key));
    computing.set(key, work);
    return work;
  }

  api.get<{ Params: { '*': string }; Querystring: { seed?: string } }>('/preview/*', async (request, reply) => {
    const id = request.params['*'];
    const found = scenarios.find((s) => s.id === id);
    if (!found) return problem(reply, 404, 'unknown-scenario', `no bundled scenario ${JSON.stringify(id)}; GET /api/scenarios lists them`);
    if (!found.scenario) return problem(reply, 422, 'invalid-scenario', `the bundled scenario ${id} has problems and cannot run; GET /api/scenarios/${id} lists them`);
    const text = request.query.seed;
    const seed = text === undefined ? found.scenario.seed : /^\d{1,16}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(seed) || seed > MAX_SEED) return problem(reply, 400, 'bad-seed', `seed: expected a whole number from 0 to ${MAX_SEED}, got ${JSON.stringify(text)}`);
    const refused = tooLarge(found.scenario);
    if (refused) return problem(reply, refused.status, refused.error, refused.message);
    const answer = preview(id, found.scenario, seed);
    if (!answer) return reply.header('retry-after', '2').code(429).send({ error: 'busy', message: `the server is already computing ${limits.concurrentRuns} previews; try again in a moment` });
    try {
      const body = await answer;
      return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(body);
    } catch (err) {
      if (err instanceof RunTimeLimitError) return problem(reply, 422, 'run-time-limit', `replicate 1 computed for longer than this server's limit of ${limits.runMilliseconds / 1000} s`);
      throw err;
    }
  });

  // Computed now, in the background, so the first page to ask does not wait.
  for (const id of warm) {
    const found = scenarios.find((s) => s.id === id);
    if (found?.scenario && !tooLarge(found.scenario)) void preview(id, found.scenario, found.scenario.seed)?.catch(() => undefined);
  }
}
