// Builds dist/node/<entry>.mjs from engine/node with esbuild when it is missing or older than
// any source under engine/ (or package.json). The new bundle is written to a temporary file and
// renamed into place, so commands started at the same moment never see half a file.
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

/** Returns the file URL of a fresh bundle of engine/node/<entry>.ts. */
export async function buildCli(entry = 'cli/main') {
  const outfile = join(root, 'dist', 'node', `${entry.replaceAll('/', '-')}.mjs`);
  const sourceTime = Math.max(newestSource(join(root, 'engine')), mtime(join(root, 'package.json')));
  if (mtime(outfile) < sourceTime) {
    const { build } = await import('esbuild');
    mkdirSync(dirname(outfile), { recursive: true });
    const temporary = `${outfile}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(root, 'engine', 'node', `${entry}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: temporary,
      logLevel: 'error',
      // CommonJS dependencies (seedrandom) call require() for Node built-ins.
      banner: { js: "import { createRequire as __ccsimRequire } from 'node:module'; const require = __ccsimRequire(import.meta.url);" },
    });
    renameSync(temporary, outfile);
  }
  return pathToFileURL(outfile).href;
}
