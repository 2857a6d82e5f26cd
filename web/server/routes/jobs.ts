/**
 * Experiments as background jobs: POST starts one (202), GET reports it, events streams its
 * progress as server-sent events, runs.csv and summary.csv download its results, DELETE cancels.
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { TableWriter, type Cell } from '../../../engine/node/output/table.ts';
import { problem, refusal } from '../problems.ts';
import { streamProgress } from './progress-events.ts';
import type { IntakePool } from '../intake-pool.ts';
import type { Job, Jobs } from '../jobs.ts';

export async function jobRoutes(api: FastifyInstance, jobs: Jobs, intake: IntakePool): Promise<void> {
  const describe = (job: Job) => ({
    id: job.id,
    name: job.name,
    state: job.state,
    progress: job.progress,
    started: job.started,
    finished: job.finished ?? null,
    error: job.error ?? null,
    links: { events: `/api/jobs/${job.id}/events`, runs: `/api/jobs/${job.id}/runs.csv`, summary: `/api/jobs/${job.id}/summary.csv` },
  });
  const find = (id: string, reply: FastifyReply) => {
    const job = jobs.get(id);
    if (!job) problem(reply, 404, 'unknown-job', `no job ${JSON.stringify(id)} (finished jobs are kept for a while, then forgotten)`);
    return job;
  };

  api.post('/jobs', async (request, reply) => {
    const body = await intake.read('jobs', request.body as string | undefined);
    if (!body.ok) return refusal(reply, body);
    const started = await jobs.start(body.experiment, body.base, request.ip);
    if (!started.ok) {
      if (started.status === 429) reply.header('retry-after', '10');
      return problem(reply, started.status, started.error, started.message, started.issues);
    }
    return reply.code(202).send(describe(started.job));
  });

  // A client's own jobs only: another's are reached by their (unguessable) id alone.
  api.get('/jobs', async (request) => jobs.list().filter((job) => job.owner === request.ip).map(describe));

  api.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const job = find(request.params.id, reply);
    return job ? describe(job) : reply;
  });

  api.delete<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
    const job = find(request.params.id, reply);
    if (!job) return reply;
    // Answer once the job has stopped, with its final state (a job already finished stays done).
    await job.cancel();
    return describe(job);
  });

  api.get<{ Params: { id: string } }>('/jobs/:id/events', async (request, reply) => {
    const job = find(request.params.id, reply);
    if (!job) return reply;
    streamProgress(request, reply, job);
  });

  const csv = (reply: FastifyReply, name: string, columns: readonly string[], rows: Cell[][]) => {
    let text = '';
    const writer = new TableWriter('csv', [...columns], (chunk) => (text += chunk));
    writer.rows(rows);
    writer.end();
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(text);
  };

  api.get<{ Params: { id: string } }>('/jobs/:id/runs.csv', async (request, reply) => {
    const job = find(request.params.id, reply);
    if (!job) return reply;
    // Streamed from the job's file: the rows of the runs finished so far, however many.
    const rows = createReadStream(job.runsFile, { start: 0, end: job.runsBytes - 1 });
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="runs.csv"').send(rows);
  });

  api.get<{ Params: { id: string } }>('/jobs/:id/summary.csv', async (request, reply) => {
    const job = find(request.params.id, reply);
    return job ? csv(reply, 'summary.csv', job.summaryColumns, job.summary()) : reply;
  });
}
