// Builds dist/node/<name>.mjs from a TypeScript entry with esbuild when it is missing or older
// than any source under engine/ or web/, the shared behaviour (scenarios/behaviour.json, which
// the engine bundles as every scenario's defaults), or package.json. The new bundle is written to a
// temporary file and renamed into place, so processes started at the same moment never see half
// a file. Entries are named like 'cli/main' (under engine/node/), 'web/server/start' or
// 'scripts/bench/main' (the benchmark, which is not part of the library).
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(path, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Returns the file URL of a fresh bundle of the entry. */
export async function buildCli(entry = 'cli/main') {
  const source = entry.startsWith('web/') || entry.startsWith('scripts/') ? join(root, `${entry}.ts`) : join(root, 'engine', 'node', `${entry}.ts`);
  const outfile = join(root, 'dist', 'node', `${entry.replace(/^web\//, 'web-').replaceAll('/', '-')}.mjs`);
  const sourceTime = Math.max(newestSource(join(root, 'engine')), newestSource(join(root, 'web')), newestSource(join(root, 'scripts')), mtime(join(root, 'scenarios', 'behaviour.json')), mtime(join(root, 'package.json')));
  if (mtime(outfile) < sourceTime) {
    const { build } = await import('esbuild');
    mkdirSync(dirname(outfile), { recursive: true });
    const temporary = `${outfile}.${process.pid}.tmp`;
    await build({
      entryPoints: [source],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: temporary,
      logLevel: 'error',
      // CommonJS dependencies (seedrandom) call require() for Node built-ins; fastify's static
      // plugin and piscina stay outside the bundle (they read files beside themselves), and so does
      // playwright-core and autocannon (the benchmark's browser driver and load generator).
      external: ['@fastify/static', 'piscina', 'fastify', '@fastify/rate-limit', '@fastify/websocket', 'ws', 'qrcode', 'playwright-core', 'autocannon'],
      banner: { js: "import { createRequire as __ccsimRequire } from 'node:module'; const require = __ccsimRequire(import.meta.url);" },
    });
    renameSync(temporary, outfile);
  }
  return pathToFileURL(outfile).href;
}

// Run directly: `node bin/build-cli.mjs [entry...]` builds the entries (default: the CLI) and
// prints their paths (for a script that runs ccsim's library from its TypeScript sources).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entries = process.argv.slice(2);
  for (const entry of entries.length ? entries : ['cli/main']) console.log(fileURLToPath(await buildCli(entry)));
}
