/** One shape for every error the API returns: a stable code, a sentence, and issues when there are. */
import type { FastifyReply } from 'fastify';
import { issueCount, type ScenarioIssue } from '../../engine/core/index.ts';

export interface Problem {
  error: string;
  message: string;
  issues?: ScenarioIssue[];
}

export function problem(reply: FastifyReply, status: number, error: string, message: string, issues?: ScenarioIssue[]): FastifyReply {
  return reply.code(status).send({ error, message, ...(issues ? { issues } : {}) } satisfies Problem);
}

/** 400 for a scenario with problems, counting them all (the list itself is capped). */
export function invalidScenario(reply: FastifyReply, issues: ScenarioIssue[]): FastifyReply {
  const n = issueCount(issues);
  return problem(reply, 400, 'invalid-scenario', `the scenario has ${n.toLocaleString('en-GB')} problem${n === 1 ? '' : 's'}`, issues);
}
