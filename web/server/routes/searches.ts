/**
 * Design searches as background jobs (the studio's "Find a design"): POST starts one (202), GET
 * reports it (with its results once done), events streams its progress as server-sent events,
 * DELETE cancels it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { problem, refusal } from '../problems.ts';
import { streamProgress } from './progress-events.ts';
import type { IntakePool } from '../intake-pool.ts';
import type { SearchJob, Searches } from '../searches.ts';

export async function searchRoutes(api: FastifyInstance, searches: Searches, intake: IntakePool): Promise<void> {
  const describe = (job: SearchJob) => ({
    id: job.id,
    name: job.name,
    state: job.state,
    progress: job.progress,
    maxRuns: job.maxRuns,
    started: job.started,
    finished: job.finished ?? null,
    error: job.error ?? null,
    result: job.result(),
    links: { events: `/api/searches/${job.id}/events` },
  });
  const find = (id: string, reply: FastifyReply) => {
    const job = searches.get(id);
    if (!job) problem(reply, 404, 'unknown-search', `no search ${JSON.stringify(id)} (finished searches are kept for a while, then forgotten)`);
    return job;
  };

  api.post('/searches', async (request, reply) => {
    const body = await intake.read('searches', request.body as string | undefined);
    if (!body.ok) return refusal(reply, body);
    const started = searches.start(body.loaded, request.ip);
    if (!started.ok) {
      if (started.status === 429) reply.header('retry-after', '10');
      return problem(reply, started.status, started.error, started.message, started.issues);
    }
    return reply.code(202).send(describe(started.job));
  });

  api.get<{ Params: { id: string } }>('/searches/:id', async (request, reply) => {
    const job = find(request.params.id, reply);
    return job ? describe(job) : reply;
  });

  api.delete<{ Params: { id: string } }>('/searches/:id', async (request, reply) => {
    const job = find(request.params.id, reply);
    if (!job) return reply;
    await job.cancel();
    return describe(job);
  });

  api.get<{ Params: { id: string } }>('/searches/:id/events', async (request, reply) => {
    const job = find(request.params.id, reply);
    if (!job) return reply;
    streamProgress(request, reply, job);
  });
}
