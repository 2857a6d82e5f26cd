/**
 * A background job's progress as server-sent events (experiments and design searches alike): the
 * state now, then every event until the job ends (`progress`, then `done`, `failed` or
 * `cancelled`), the stream closing with it or when the client leaves.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface StreamedEvent<P> {
  type: 'progress' | 'done' | 'failed' | 'cancelled';
  progress: P;
  message?: string;
}

export interface StreamedJob<P> {
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: P;
  error?: string;
  listeners: Set<(event: StreamedEvent<P>) => void>;
}

export function streamProgress<P>(request: FastifyRequest, reply: FastifyReply, job: StreamedJob<P>): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (event: StreamedEvent<P>) => raw.write(`event: ${event.type}\ndata: ${JSON.stringify({ ...(event.progress ?? {}), message: event.message ?? null })}\n\n`);
  if (job.state !== 'running') {
    send({ type: job.state, progress: job.progress, message: job.error });
    raw.end();
    return;
  }
  send({ type: 'progress', progress: job.progress });
  const listener = (event: StreamedEvent<P>) => {
    send(event);
    if (event.type !== 'progress') {
      job.listeners.delete(listener);
      raw.end();
    }
  };
  job.listeners.add(listener);
  request.raw.on('close', () => job.listeners.delete(listener));
}
