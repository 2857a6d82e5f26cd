/**
 * The ccsim server: the built web client and an API over the engine. buildApp() assembles it
 * (tests use app.inject); main.ts listens. Heavy work runs on a pool of worker threads, so the
 * server keeps answering while runs and experiments compute.
 */
import { existsSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import { formatIssue, parseJson, scenarioJsonSchema, type ScenarioIssue } from '../../engine/core/index.ts';
import { experimentJsonSchema } from '../../engine/core/experiment/validate.ts';
import { CCSIM_VERSION } from '../../engine/node/version.ts';
import type { RunPool } from '../../engine/node/pool/pool.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { problem } from './problems.ts';
import { readBundledScenarios } from './bundled-scenarios.ts';
import { createJobs } from './jobs.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { runRoutes } from './routes/run.ts';
import { jobRoutes } from './routes/jobs.ts';

export interface AppOptions {
  pool: RunPool;
  /** The built client (dist/web); without it / explains how to build it. */
  clientDir?: string;
  /** Folder of bundled scenarios. */
  scenariosDir: string;
  limits?: Partial<Limits>;
  logger?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: limits.bodyBytes });
  const scenarios = readBundledScenarios(options.scenariosDir);
  const jobs = createJobs(options.pool, limits);
  app.addHook('onClose', async () => jobs.stopAll());

  // Bodies are parsed as files are (resolve.ts parseJson): a syntax error says where, and the
  // shape is checked (depth, size, __proto__ keys) before any route walks the body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: limits.bodyBytes }, (_request, body, done) => {
    const parsed = parseJson(body as string, 'request body');
    if (parsed.ok) done(null, parsed.value);
    else done(Object.assign(new Error(formatIssue(parsed.issues[0])), { statusCode: 400, issues: parsed.issues }), undefined);
  });

  app.setErrorHandler((error: FastifyError & { issues?: ScenarioIssue[] }, _request, reply) => {
    if (error.issues) {
      const [first] = error.issues;
      return first.code === 'invalid-json'
        ? problem(reply, 400, 'invalid-json', `the request body is not valid JSON: ${first.found}`, error.issues)
        : problem(reply, 400, 'invalid-body', `the request body cannot be read: ${formatIssue(first)}`, error.issues);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return problem(reply, 413, 'body-too-large', `the request body is larger than this server's limit of ${limits.bodyBytes.toLocaleString('en-GB')} bytes; send a smaller scenario or experiment`);
    }
    if (error.statusCode === 429) return problem(reply, 429, 'too-many-requests', error.message);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(reply, 415, 'unsupported-media-type', 'send the body as JSON (Content-Type: application/json)');
    if (error.statusCode === 400 || error instanceof SyntaxError) return problem(reply, 400, 'invalid-json', `the request body is not valid JSON: ${error.message}`);
    reply.log.error(error);
    return problem(reply, 500, 'internal', 'the server failed while answering (a bug in ccsim; please report it)');
  });

  await app.register(
    async (api) => {
      await api.register(rateLimit, {
        max: limits.requestsPerMinute,
        timeWindow: '1 minute',
        errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'too-many-requests', message: `more than ${ctx.max} requests a minute from this address; try again in ${ctx.after}` }),
      });
      api.get('/health', async () => ({ ok: true, version: CCSIM_VERSION }));
      api.get('/schema', async () => scenarioJsonSchema());
      api.get('/schema/experiment', async () => experimentJsonSchema());
      api.get('/limits', async () => limits);
      await scenarioRoutes(api, scenarios);
      await runRoutes(api, options.pool, limits);
      await jobRoutes(api, jobs);
      api.setNotFoundHandler((request, reply) => problem(reply, 404, 'not-found', `no API route ${request.method} ${request.url}; see the API reference in README.md`));
    },
    { prefix: '/api' },
  );

  if (options.clientDir && existsSync(options.clientDir)) {
    await app.register(fastifyStatic, { root: options.clientDir, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) => problem(reply, 503, 'client-not-built', 'the web client is not built; start ccsim with npm start, which builds it'));
  }
  return app;
}
