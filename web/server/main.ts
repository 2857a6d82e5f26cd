/**
 * Starts the ccsim server: the worker pool, the app, and a listener on 127.0.0.1 (PORT, or
 * --port, default 8080; --host to listen elsewhere). Prints the address; stops cleanly on
 * Ctrl+C or SIGTERM.
 */
import { homedir, hostname, networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { createRunPool } from '../../engine/node/pool/pool.ts';

export async function main(argv: string[], paths: { clientDir: string; scenariosDir: string; workerFile?: string }): Promise<number> {
  let values;
  try {
    values = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, 'allow-host': { type: 'string', multiple: true }, rooms: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (err) {
    process.stderr.write(`ccsim web: ${(err as Error).message}\nUsage: npm start [-- --port N] [--host ADDRESS] [--allow-host NAME ...] [--rooms FOLDER]\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(
      'Usage: npm start [-- --port N] [--host ADDRESS] [--allow-host NAME ...] [--rooms FOLDER]\n\nStarts the ccsim web app (default http://127.0.0.1:8080/).\n' +
        'It answers only to the names of the address it listens on (localhost; with --host 0.0.0.0, this\n' +
        "machine's addresses and name); --allow-host adds another name (a DNS name people will type).\n" +
        'Workshop rooms keep their files in --rooms (default ~/.ccsim/rooms) and are rebuilt from them\n' +
        'when the server starts again. For phones on the same network, start with --host 0.0.0.0.\n',
    );
    return 0;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ccsim web: --port: expected a port number from 0 to 65535, got ${JSON.stringify(values.port ?? process.env.PORT)}\n`);
    return 2;
  }
  const host = values.host ?? '127.0.0.1';
  const pool = createRunPool({ workerFile: paths.workerFile });
  const allowedHosts = [...hostsFor(host), ...(values['allow-host'] ?? [])];
  // The studio opens on the baseline: its first replicate is ready before the first page asks.
  const roomsDir = resolve(values.rooms ?? join(homedir(), '.ccsim', 'rooms'));
  // Phones reach the server at this machine's network address, not at localhost: join links and QR codes say so.
  const publicOrigin = host === '0.0.0.0' || host === '::' ? lanOrigin(port) : undefined;
  let app;
  try {
    app = await buildApp({ pool, clientDir: paths.clientDir, scenariosDir: paths.scenariosDir, allowedHosts, warmPreviews: ['baseline'], roomsDir, publicOrigin });
  } catch (err) {
    process.stderr.write(`ccsim web: cannot start: ${(err as Error).message}\n`);
    await pool.close();
    return 2;
  }
  const stop = async () => {
    await app.close();
    await pool.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const address = await app.listen({ port, host });
    process.stdout.write(`ccsim is running at ${address.replace('127.0.0.1', 'localhost').replace('0.0.0.0', 'localhost')}/ (Ctrl+C to stop)\n`);
    if (publicOrigin) process.stdout.write(`Phones on this network open ${publicOrigin}/ (workshop rooms: ${publicOrigin}/room.html)\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE' ? `ccsim web: port ${port} is in use; start with PORT=<another port> npm start\n` : `ccsim web: cannot listen on ${host}:${port}: ${(err as Error).message}\n`);
    await pool.close();
    return 2;
  }
  return 0;
}

/** The names a browser may use to reach a server listening on `host`: loopback names always. */
export function hostsFor(host: string): string[] {
  const loopback = ['localhost', '127.0.0.1', '[::1]'];
  const bracket = (a: string) => (a.includes(':') ? `[${a}]` : a);
  if (host !== '0.0.0.0' && host !== '::') return [...new Set([...loopback, bracket(host)])];
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => bracket(i.address)));
  const name = hostname().toLowerCase();
  return [...new Set([...loopback, ...addresses, name, `${name}.local`])];
}

/** http://<this machine's first network address>:<port>, for phones on the same network (none: undefined). */
export function lanOrigin(port: number): string | undefined {
  const ipv4 = Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .find((i) => i.family === 'IPv4' && !i.internal);
  return ipv4 ? `http://${ipv4.address}:${port}` : undefined;
}
