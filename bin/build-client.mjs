// Builds the web client (vite) into dist/web when it is missing or older than any source it is
// built from: web/client, engine/core (the engine runs in the browser), scenarios/behaviour.json
// (every scenario's defaults), vite.config.ts and package.json.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

export const clientDir = join(root, 'dist', 'web');

/** Build the client if it is stale; returns the folder it lives in. */
export async function buildClient({ force = false } = {}) {
  const sources = Math.max(newest(join(root, 'web', 'client')), newest(join(root, 'engine', 'core')), mtime(join(root, 'scenarios', 'behaviour.json')), mtime(join(root, 'vite.config.ts')), mtime(join(root, 'package.json')));
  if (force || mtime(join(clientDir, 'index.html')) < sources) {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'vite.config.ts'), root: join(root, 'web', 'client'), logLevel: 'warn' });
  }
  return clientDir;
}

// `node bin/build-client.mjs` rebuilds the client now, stale or not.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildClient({ force: true });
