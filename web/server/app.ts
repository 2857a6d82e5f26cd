/**
 * The ccsim server: the built web client and an API over the engine. buildApp() assembles it
 * (tests use app.inject); main.ts listens. Heavy work runs on a pool of worker threads, so the
 * server keeps answering while runs and experiments compute.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import underPressure from '@fastify/under-pressure';
import websocket from '@fastify/websocket';
import { scenarioJsonSchema } from '../../engine/core/index.ts';
import { experimentJsonSchema } from '../../engine/core/experiment/validate.ts';
import { CCSIM_VERSION } from '../../engine/node/version.ts';
import { resolveBundle, type RunPool } from '../../engine/node/pool/pool.ts';
import { createIntakePool } from './intake-pool.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { problem } from './problems.ts';
import { readBundledScenarios } from './bundled-scenarios.ts';
import { createJobs } from './jobs.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { runRoutes } from './routes/run.ts';
import { previewRoutes } from './routes/preview.ts';
import { jobRoutes } from './routes/jobs.ts';
import { searchRoutes } from './routes/searches.ts';
import { createSearches } from './searches.ts';
import { searchJsonSchema } from '../../engine/core/search/validate.ts';
import { validationPage } from './docs-page.ts';
import { createRooms, type RoomLimits } from './rooms/rooms.ts';
import { roomRoutes, ROOM_MESSAGE_BYTES } from './routes/rooms.ts';

export interface AppOptions {
  pool: RunPool;
  /** The built client (dist/web); without it / explains how to build it. */
  clientDir?: string;
  /** Folder of bundled scenarios. */
  scenariosDir: string;
  limits?: Partial<Limits>;
  logger?: boolean;
  /**
   * Host names (without port) the server answers to; a request naming another gets 400. Guards
   * against DNS rebinding (a web page that points its own name at this machine to reach the API
   * from a visitor's browser). main.ts sets it from the address it listens on; unset, any host.
   */
  allowedHosts?: string[];
  /** Bundled scenarios whose replicate 1 (GET /api/preview) is computed as the server starts: the studio's first chart. */
  warmPreviews?: string[];
  /** Where the server makes its folder for jobs' files (default: the system's temporary folder). */
  scratchDir?: string;
  /** The intake thread's bundle (default: found or built, see resolveBundle). */
  intakeFile?: string;
  /**
   * Where workshop rooms keep their files; rooms there are rebuilt at start. Default: a folder in
   * the server's scratch folder, removed when it closes (main.ts gives ~/.ccsim/rooms, which lasts).
   */
  roomsDir?: string;
  roomLimits?: Partial<RoomLimits>;
  /** The address phones use to reach this server, for join links and QR codes (default: the Host a request names). */
  publicOrigin?: string;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // A request must arrive whole within requestMilliseconds: a client dripping its body cannot hold a connection for ever.
  // Node must be given the limit when the server is made (set afterwards, as fastify does, it is
  // not enforced on a body that stops arriving), and checks for overdue requests once a second.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.bodyBytes,
    requestTimeout: limits.requestMilliseconds,
    http: { requestTimeout: limits.requestMilliseconds, connectionsCheckingInterval: 1_000 },
  });
  // Load shedding: when the event loop lags (some request's work holding the main thread), new
  // requests get 503 at once rather than joining a queue that is not moving. under-pressure takes
  // a window with no sample of the loop's delay as an infinite delay, so the window is as long as
  // the limit: a few busy requests in a row (a quarter of a second, say) must not shed the next.
  await app.register(underPressure, {
    maxEventLoopDelay: limits.eventLoopDelayMs,
    sampleInterval: Math.max(250, limits.eventLoopDelayMs),
    pressureHandler: (_request, reply, type, value) => {
      problem(reply.header('retry-after', '5'), 503, 'overloaded', `the server is overloaded (${type}: ${Math.round(value ?? 0)}); try again in a few seconds`);
    },
  });
  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, strictTransportSecurity: false, xFrameOptions: { action: 'deny' } });
  if (options.allowedHosts) {
    const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
    app.addHook('onRequest', async (request, reply) => {
      const name = hostName(request.headers.host ?? '');
      if (!allowed.has(name)) {
        return problem(reply, 400, 'unknown-host', `this server answers to ${[...allowed].join(', ')}, not ${JSON.stringify(name)}; start it with --allow-host ${name || 'NAME'} to answer to that name too`);
      }
    });
  }
  const scenarios = readBundledScenarios(options.scenariosDir);
  // Jobs write their runs to files here, a fresh folder for this server, removed when it closes.
  const jobsFolder = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'ccsim-jobs-'));
  // Experiments and design searches share the limits on jobs at once: each counts the other's.
  const jobs = createJobs(options.pool, limits, jobsFolder, () => searches.runningOwners());
  const searches = createSearches(options.pool, limits, jobsFolder, () => jobs.runningOwners());
  const intake = createIntakePool(options.intakeFile ?? (await resolveBundle('web/server/intake-worker')));
  const rooms = createRooms({ dir: options.roomsDir ?? join(jobsFolder, 'rooms'), pool: options.pool, limits: options.roomLimits });
  for (const line of rooms.problems) app.log.warn(line);
  app.addHook('onClose', async () => {
    rooms.close();
    await jobs.stopAll();
    await searches.stopAll();
    await intake.close();
    rmSync(jobsFolder, { recursive: true, force: true });
  });

  // A JSON body stays text here: routes hand it to the intake thread (intake.ts), which parses it
  // as files are parsed and validates it, so the main thread never walks a body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: limits.bodyBytes }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return problem(reply, 413, 'body-too-large', `the request body is larger than this server's limit of ${limits.bodyBytes.toLocaleString('en-GB')} bytes; send a smaller scenario or experiment`);
    }
    if (error.statusCode === 429) return problem(reply, 429, 'too-many-requests', error.message);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(reply, 415, 'unsupported-media-type', 'send the body as JSON (Content-Type: application/json)');
    // Any other refusal (a path that leaves the client's folder, say) keeps its status: it is not a bug.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      if (error.statusCode === 403 || error.statusCode === 404) return problem(reply, 404, 'not-found', `nothing to serve at ${request.url}`);
      return problem(reply, error.statusCode, 'bad-request', error.message);
    }
    reply.log.error(error);
    return problem(reply, 500, 'internal', 'the server failed while answering (a bug in ccsim; please report it)');
  });

  // Websockets (workshop rooms): small messages only; a bigger one closes its socket.
  await app.register(websocket, { options: { maxPayload: ROOM_MESSAGE_BYTES } });

  const routes = routeTable();
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/')) routes.add(route.method, route.url);
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
      api.get('/schema/search', async () => searchJsonSchema());
      api.get('/limits', async () => limits);
      await scenarioRoutes(api, scenarios, intake);
      await runRoutes(api, options.pool, limits, intake);
      await previewRoutes(api, options.pool, limits, scenarios, options.warmPreviews);
      await jobRoutes(api, jobs, intake);
      await searchRoutes(api, searches, intake);
      await roomRoutes(api, rooms, scenarios, intake, { publicOrigin: options.publicOrigin });
      api.setNotFoundHandler((request, reply) => {
        const allowed = routes.methodsFor(request.url);
        if (allowed.length > 0) {
          return problem(reply.header('allow', allowed.join(', ')), 405, 'method-not-allowed', `${request.url} answers ${allowed.join(', ')}, not ${request.method}; see the API reference in README.md`);
        }
        return problem(reply, 404, 'not-found', `no API route ${request.method} ${request.url}; see the API reference in README.md`);
      });
    },
    { prefix: '/api' },
  );

  // The validation report beside the studio (the archetypes link to their sections).
  const validation = validationPage(join(options.scenariosDir, '..', 'docs', 'validation.md'));
  app.get('/docs/validation', async (request, reply) => (validation ? reply.type('text/html; charset=utf-8').send(validation) : problem(reply, 404, 'not-found', `nothing to serve at ${request.url}: run ccsim docs to generate docs/validation.md`)));

  if (options.clientDir && existsSync(options.clientDir)) {
    await app.register(fastifyStatic, { root: options.clientDir, index: 'index.html' });
  } else {
    app.get('/', async (_request, reply) => problem(reply, 503, 'client-not-built', 'the web client is not built; start ccsim with npm start, which builds it'));
  }
  return app;
}

/**
 * What the web client may load: its own scripts, workers and API only; inline styles, which
 * plotly sets on the elements it draws; images from data: and blob: URLs (QR codes, chart
 * downloads). No page may frame it. Served over plain HTTP on a local network (workshops), so
 * no upgrade-insecure-requests and no HSTS.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The API's routes by method, so that a known path asked with the wrong method gets 405, not 404. */
function routeTable() {
  const table: Array<{ pattern: RegExp; method: string }> = [];
  return {
    add(method: string | string[], url: string) {
      // find-my-way's syntax: :name is one segment, * the rest of the path.
      const pattern = new RegExp(`^${url.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+').replace(/\*/g, '.*')}$`);
      for (const m of Array.isArray(method) ? method : [method]) if (m !== 'HEAD') table.push({ pattern, method: m });
    },
    methodsFor(url: string): string[] {
      const path = url.split('?')[0];
      return [...new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    },
  };
}

/** The host name of a Host header, without its port: "[::1]:8080" -> "[::1]", "Lab.local:80" -> "lab.local". */
export function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.lastIndexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}
