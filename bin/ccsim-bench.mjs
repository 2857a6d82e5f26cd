#!/usr/bin/env node
// npm run bench: builds the benchmark from engine/ (like the CLI), the web client and the run
// pool's worker, then runs the benchmark in a fresh process, so that the builds' memory and
// leftover work do not colour its figures. Options: --quick (skip the million-staff
// population), --no-experiments (skip the experiment runner's figures), --no-server (skip the
// server's figures under load), --no-browser (skip the web app's figures), --no-design (skip the
// design search of 100 designs x 50 contexts x 5 replicates, some minutes); --design-only prints
// only that; --no-rooms skips the workshop rooms' figures (200 simulated phones a room, 10 rooms),
// --rooms-only prints only those; --browser-only prints only the web app's figures; --scaling prints only
// the experiment runner's scaling figures (the bundled Morris and Sobol experiments on 1, 2, 4...
// workers, the main thread's cost per run, worker start-up).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';
import { buildClient } from './build-client.mjs';

const bundle = fileURLToPath(await buildCli('scripts/bench/main'));
await buildCli('web/server/intake-worker');
const web = {
  clientDir: await buildClient(),
  workerFile: fileURLToPath(await buildCli('pool/worker')),
  scenariosDir: fileURLToPath(new URL('../scenarios', import.meta.url)),
};
const run = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, CCSIM_BENCH_WEB: JSON.stringify(web) } });
process.exitCode = run.status ?? 1;
