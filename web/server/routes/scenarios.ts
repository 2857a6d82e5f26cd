/** Bundled scenarios, validation. */
import type { FastifyInstance } from 'fastify';
import { ValidateBody, bodyIssues, validateScenarioBody } from '../bodies.ts';
import { invalidScenario, problem } from '../problems.ts';
import type { BundledScenario } from '../bundled-scenarios.ts';

export async function scenarioRoutes(api: FastifyInstance, scenarios: BundledScenario[]): Promise<void> {
  api.get('/scenarios', async () => scenarios.map(({ id, title, description, group, issues }) => ({ id, title, description, group, valid: issues.length === 0 })));

  api.get<{ Params: { '*': string } }>('/scenarios/*', async (request, reply) => {
    const id = request.params['*'];
    const found = scenarios.find((s) => s.id === id);
    if (!found) return problem(reply, 404, 'unknown-scenario', `no bundled scenario ${JSON.stringify(id)}; GET /api/scenarios lists them`);
    return { id: found.id, title: found.title, description: found.description, scenario: found.data, issues: found.issues };
  });

  api.post('/validate', async (request, reply) => {
    const body = ValidateBody.safeParse(request.body ?? {}, { reportInput: true });
    if (!body.success) return problem(reply, 400, 'invalid-body', 'the request body should be {"scenario": {...}}', bodyIssues(body.error, 'request body'));
    const result = validateScenarioBody(body.data.scenario);
    if (!result.ok) return invalidScenario(reply, result.issues);
    return { ok: true, scenario: result.value };
  });
}
