/** One shape for every error the API returns: a stable code, a sentence, and issues when there are. */
import type { FastifyReply } from 'fastify';
import type { ScenarioIssue } from '../../engine/core/index.ts';

export interface Problem {
  error: string;
  message: string;
  issues?: ScenarioIssue[];
}

export function problem(reply: FastifyReply, status: number, error: string, message: string, issues?: ScenarioIssue[]): FastifyReply {
  return reply.code(status).send({ error, message, ...(issues ? { issues } : {}) } satisfies Problem);
}
