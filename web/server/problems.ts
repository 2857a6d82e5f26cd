/** One shape for every error the API returns: a stable code, a sentence, and issues when there are. */
import type { FastifyReply } from 'fastify';
import type { ScenarioIssue } from '../../engine/core/index.ts';
import type { Refusal } from './intake.ts';

export interface Problem {
  error: string;
  message: string;
  issues?: ScenarioIssue[];
}

export function problem(reply: FastifyReply, status: number, error: string, message: string, issues?: ScenarioIssue[]): FastifyReply {
  return reply.code(status).send({ error, message, ...(issues ? { issues } : {}) } satisfies Problem);
}

/** A refused request body (see intake.ts), with retry-after when trying again later may work. */
export function refusal(reply: FastifyReply, refused: Refusal): FastifyReply {
  if (refused.status === 503) reply.header('retry-after', '5');
  return problem(reply, refused.status, refused.error, refused.message, refused.issues);
}
