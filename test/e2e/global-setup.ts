/** Builds the client and the worker, starts the real server on a free port, and shares its address. */
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildApp } from '../../web/server/app.ts';
import { createRunPool } from '../../engine/node/pool/pool.ts';
// @ts-expect-error: plain JavaScript build helpers
import { buildCli } from '../../bin/build-cli.mjs';
// @ts-expect-error: plain JavaScript build helpers
import { buildClient } from '../../bin/build-client.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const clientDir = await buildClient();
  await buildCli('web/server/intake-worker');
  const pool = createRunPool({ threads: 2, workerFile: fileURLToPath(await buildCli('pool/worker')) });
  // As `npm start` serves it: the default scenario's replicate 1 computed as the server starts.
  const app = await buildApp({ pool, clientDir, scenariosDir: 'scenarios', warmPreviews: ['baseline'] });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  project.provide('baseURL', `${address}/`);
  return async () => {
    await app.close();
    await pool.close();
  };
}
