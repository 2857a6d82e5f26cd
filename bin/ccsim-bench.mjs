#!/usr/bin/env node
// npm run bench: builds the benchmark from engine/ (like the CLI), the web client and the run
// pool's worker, and runs it. Options: --quick (skip the million-staff population),
// --no-browser (skip the web app's figures).
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';
import { buildClient } from './build-client.mjs';

const bundle = await buildCli('bench/main');
const web = {
  clientDir: await buildClient(),
  workerFile: fileURLToPath(await buildCli('pool/worker')),
  scenariosDir: fileURLToPath(new URL('../scenarios', import.meta.url)),
};
const { main } = await import(bundle);
process.exitCode = await main(process.argv.slice(2), web);
