/**
 * The server's figures under load (issue 11): requests per second and latency percentiles for
 * POST /api/run with 50 connections (autocannon), and the server's event-loop lag while a mix of
 * hostile requests arrives. The server runs in a child process of its own (this bundle with
 * --server), so the load generator's work never colours the server's lag; the child reports its
 * own lag over the IPC channel. Figures, not assertions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createRunPool } from '../../engine/node/pool/pool.ts';
import { buildApp } from '../../web/server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../web/server/limits.ts';
import type { WebPaths } from './browser.ts';

/** What the child reports: its event loop's delay since the last reset, in milliseconds. */
interface LagReport {
  max: number;
  p99: number;
  mean: number;
}

/** In the child: the server on a free port, its limits as given; prints the address, answers lag questions. */
export async function serverChild(paths: WebPaths, limits: Partial<Limits>): Promise<void> {
  const pool = createRunPool({ threads: 2, workerFile: paths.workerFile });
  const app = await buildApp({ pool, scenariosDir: paths.scenariosDir, limits });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', async (message: string) => {
    if (message === 'reset') {
      delay.reset();
      process.send?.('reset');
    } else if (message === 'report') {
      const report: LagReport = { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6, mean: delay.mean / 1e6 };
      process.send?.(report);
    } else if (message === 'memory') {
      // After a full collection (the child runs with --expose-gc), so that garbage does not count.
      (globalThis as { gc?: () => void }).gc?.();
      const m = process.memoryUsage();
      process.send?.({ heapUsedMB: m.heapUsed / 2 ** 20, rssMB: m.rss / 2 ** 20 });
    } else if (message === 'stop') {
      await app.close();
      await pool.close();
      process.exit(0);
    }
  });
  process.send?.({ address });
}

export interface Server {
  address: string;
  ask(message: 'reset' | 'report' | 'memory'): Promise<unknown>;
  stop(): Promise<void>;
}

export function startServer(paths: WebPaths, limits: Partial<Limits>): Promise<Server> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server', JSON.stringify(limits)], { env: { ...process.env, CCSIM_BENCH_WEB: JSON.stringify(paths) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  const next = () => new Promise<unknown>((resolve) => child.once('message', resolve));
  return next().then((first) => ({
    address: (first as { address: string }).address,
    ask: (message) => {
      const answer = next();
      child.send(message);
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  }));
}

const SMALL = { name: 'bench small', time: { weeks: 52, fundingWeeks: 40 }, recruitment: { invitedSites: 4, comparisonSites: 2 } };

function load(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

/** The costliest bodies the server is sent in the hostile mix (each under the body limit). */
function hostileBodies(): Array<{ path: string; body: string }> {
  const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`).join(',');
  const design = { name: 'wide', scenario: SMALL, parameters: [{ path: 'tactics.hardness', min: 0, max: 1 }, { path: 'coreTeam.credibility', min: 0, max: 1 }], design: { kind: 'latin-hypercube', samples: 2_000 }, replicates: 1 };
  return [
    { path: '/api/run', body: `{"scenario":{"name":"keys",${keys}}}` },
    { path: '/api/validate', body: `{"scenario":{"name":"wide","description":${JSON.stringify(Array.from({ length: 200_000 }, () => ''))}}}` },
    { path: '/api/validate', body: `{"scenario":{"name":"deep","description":${'['.repeat(10_000)}1${']'.repeat(10_000)}}}` },
    { path: '/api/validate', body: '{"scenario":{"name":"p","__proto__":{"polluted":true}}}' },
    { path: '/api/run', body: '{"scenario": {"name": "x",,}}' },
    { path: '/api/jobs', body: JSON.stringify({ experiment: design }) },
    // A long run whose answer is some 25 MB of JSON.
    { path: '/api/run', body: JSON.stringify({ scenario: { ...SMALL, time: { weeks: 1_000, fundingWeeks: 100 }, recruitment: { invitedSites: 2, comparisonSites: 0 } }, replicates: 50 }) },
  ];
}

export async function serverFigures(paths: WebPaths): Promise<void> {
  console.log('Server (its own process, 2 worker threads; load from this process with autocannon):');
  // The run figures need limits that let 50 connections from one address run at once; the
  // defaults allow 4 runs at a time and 2 per address (the rest get 429 at once), shown after.
  const open: Partial<Limits> = { concurrentRuns: 1_000, runsPerClient: 1_000, requestsPerMinute: 1_000_000 };
  const server = await startServer(paths, open);
  try {
    const run = JSON.stringify({ scenario: SMALL, replicates: 1 });
    await load({ url: `${server.address}/api/run`, method: 'POST', headers: { 'content-type': 'application/json' }, body: run, connections: 4, duration: 3 });
    const r = await load({ url: `${server.address}/api/run`, method: 'POST', headers: { 'content-type': 'application/json' }, body: run, connections: 50, duration: 10 });
    console.log(`  POST /api/run (a year of ${SMALL.recruitment.invitedSites + SMALL.recruitment.comparisonSites} sites, 1 replicate), 50 connections for 10 s: ${r.requests.average.toFixed(0)} requests/s; latency median ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}; ${r['2xx']} answered 200, ${r.non2xx} other, ${r.errors} errors, ${r.timeouts} timeouts`);
    const health = await load({ url: `${server.address}/api/health`, connections: 50, duration: 5 });
    console.log(`  GET /api/health, 50 connections for 5 s: ${health.requests.average.toFixed(0)} requests/s; latency p99 ${ms(health.latency.p99)}`);
  } finally {
    await server.stop();
  }

  const guarded = await startServer(paths, { requestsPerMinute: 1_000_000 });
  try {
    const run = JSON.stringify({ scenario: SMALL, replicates: 1 });
    const r = await load({ url: `${guarded.address}/api/run`, method: 'POST', headers: { 'content-type': 'application/json' }, body: run, connections: 50, duration: 5 });
    console.log(`  the same with the default limits (${DEFAULT_LIMITS.concurrentRuns} runs at once, ${DEFAULT_LIMITS.runsPerClient} per address): ${r.requests.average.toFixed(0)} requests/s, ${r['2xx']} answered 200 and ${r.non2xx} refused at once (429); latency p99 ${ms(r.latency.p99)}`);

    // Event-loop lag: idle, then while hostile bodies arrive on 8 connections and a monitor asks
    // for /api/health on 10.
    await guarded.ask('reset');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idle = (await guarded.ask('report')) as LagReport;
    const bodies = hostileBodies();
    await guarded.ask('reset');
    const [mix, watch] = await Promise.all([
      load({
        url: guarded.address,
        connections: 8,
        duration: 20,
        requests: bodies.map(({ path, body }) => ({ method: 'POST' as const, path, headers: { 'content-type': 'application/json' }, body })),
      }),
      load({ url: `${guarded.address}/api/health`, connections: 10, duration: 20 }),
    ]);
    const lag = (await guarded.ask('report')) as LagReport;
    console.log(`  event-loop lag, idle: mean ${idle.mean.toFixed(1)} ms, p99 ${idle.p99.toFixed(1)} ms, max ${idle.max.toFixed(1)} ms`);
    console.log(`  event-loop lag under the hostile mix (${bodies.length} kinds of costly body on 8 connections for 20 s: ${mix.requests.total} requests, ${(mix.throughput.total / 1e6).toFixed(0)} MB answered): mean ${lag.mean.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(1)} ms`);
    console.log(`    /api/health meanwhile (10 connections): ${watch.requests.average.toFixed(0)} requests/s, latency p99 ${ms(watch.latency.p99)}, max ${ms(watch.latency.max)}; ${watch.non2xx} not 200`);
    console.log(`  [targets: no request holds the main thread more than about 50 ms; the server sheds load (503) when its lag passes ${DEFAULT_LIMITS.eventLoopDelayMs} ms]\n`);
  } finally {
    await guarded.stop();
  }
}
