#!/usr/bin/env node
// npm start: builds what is stale (the web client with vite, the server and its workers with
// esbuild), then starts the ccsim server with the web app. Options: --port N, --host ADDRESS.
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';
import { buildClient } from './build-client.mjs';

process.stdout.write('ccsim: preparing the web app...\n');
const clientDir = await buildClient();
const workerFile = fileURLToPath(await buildCli('pool/worker'));
// The server finds its intake thread's bundle beside its own (see resolveBundle).
await buildCli('web/server/intake-worker');
const server = await buildCli('web/server/main');
const { main } = await import(server);
process.exitCode = await main(process.argv.slice(2), {
  clientDir,
  scenariosDir: fileURLToPath(new URL('../scenarios', import.meta.url)),
  workerFile,
});
