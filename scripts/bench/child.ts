/**
 * The benchmark's children: this same bundle run again with a mode flag (--population,
 * --experiment, ...), each in a fresh process so that its compilation and peak memory are its
 * own, printing its figures as one JSON line last.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The benchmark runs as one bundle (dist/node/scripts-bench-main.mjs): this module is inside it. */
const self = (): string => fileURLToPath(import.meta.url);

function lastJsonLine<T>(out: string): T {
  return JSON.parse(out.trim().split('\n').pop() as string) as T;
}

/** Run one child and wait for its figures. `nodeFlags` go to Node itself (a heap size, say). */
export function benchChild<T>(args: string[], nodeFlags: string[] = []): T {
  const r = spawnSync(process.execPath, [...nodeFlags, self(), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench child ${args.join(' ')} failed: ${r.stderr}`);
  return lastJsonLine<T>(r.stdout);
}

/** Run `copies` of one child at once and wait for all their figures. */
export function benchChildren<T>(copies: number, args: string[]): Promise<T[]> {
  return Promise.all(
    Array.from(
      { length: copies },
      () =>
        new Promise<T>((resolve, reject) => {
          const c = spawn(process.execPath, [self(), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          c.stdout.on('data', (d: Buffer) => (out += d));
          c.on('exit', (code) => (code === 0 ? resolve(lastJsonLine<T>(out)) : reject(new Error(`bench child ${args.join(' ')} failed`))));
        }),
    ),
  );
}
