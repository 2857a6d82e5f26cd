/**
 * The server as the hostile-input and timing tests drive it: one worker thread, the bundled
 * scenarios, requests sent straight to it (app.inject). Started before the calling file's tests
 * and closed after them.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../web/server/app.ts';
import { createRunPool, type RunPool } from '../../engine/node/pool/pool.ts';
// @ts-expect-error: a plain JavaScript build helper
import { buildCli } from '../../bin/build-cli.mjs';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly pool: RunPool;
  /** A body sent as raw text, exactly as an attacker would write it. */
  postText(url: string, payload: string): Promise<LightMyRequestResponse>;
}

export function serverForTests(): TestServer {
  let pool: RunPool | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    pool = createRunPool({ threads: 1, workerFile: fileURLToPath(await buildCli('pool/worker')) });
    app = await buildApp({ pool, scenariosDir: 'scenarios' });
  });
  afterAll(async () => {
    await app?.close();
    await pool?.close();
  });
  return {
    get app() {
      return app!;
    },
    get pool() {
      return pool!;
    },
    postText: (url, payload) => app!.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } }),
  };
}
