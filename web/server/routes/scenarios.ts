/** Bundled scenarios, validation. */
import type { FastifyInstance } from 'fastify';
import { problem, refusal } from '../problems.ts';
import type { IntakePool } from '../intake-pool.ts';
import type { BundledScenario } from '../bundled-scenarios.ts';

export async function scenarioRoutes(api: FastifyInstance, scenarios: BundledScenario[], intake: IntakePool): Promise<void> {
  api.get('/scenarios', async () => scenarios.map(({ id, title, description, group, issues }) => ({ id, title, description, group, valid: issues.length === 0 })));

  api.get<{ Params: { '*': string } }>('/scenarios/*', async (request, reply) => {
    const id = request.params['*'];
    const found = scenarios.find((s) => s.id === id);
    if (!found) return problem(reply, 404, 'unknown-scenario', `no bundled scenario ${JSON.stringify(id)}; GET /api/scenarios lists them`);
    return { id: found.id, title: found.title, description: found.description, scenario: found.data, issues: found.issues };
  });

  api.post('/validate', async (request, reply) => {
    const body = await intake.read('validate', request.body as string | undefined);
    if (!body.ok) return refusal(reply, body);
    return { ok: true, scenario: body.scenario };
  });
}
