/**
 * npm run bench: prints ccsim's performance figures. In-process timings use the engine exactly
 * as the CLI does; each large population runs in a child process of its own, so its peak memory
 * (the operating system's maxRSS) is its own. Figures, not assertions: nothing here fails.
 */
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema, replicateSeed, runScenario, type Scenario } from '../../engine/core/index.ts';
import { init } from '../../engine/core/run/init.ts';
import { expectedStaff } from '../../engine/core/scenario/schema.ts';
import { CCSIM_VERSION } from '../../engine/node/version.ts';
import { browserFigures, type WebPaths } from './browser.ts';
import { experimentChild, experimentFigures, experimentFileChild, scalingFigures, startupChild } from './experiments.ts';
import { serverChild, serverFigures } from './server.ts';
import { designChild, designFigures } from './design.ts';
import { roomFigures } from './rooms.ts';
import type { Limits } from '../../web/server/limits.ts';
import { peakMemoryMB } from './memory.ts';
import { benchChild } from './child.ts';

const DEFAULT = ScenarioSchema.parse({ name: 'bench' });

/** The default community scaled to about `staff` people: more sites, in the default proportions. */
export function scaledScenario(staff: number, weeks: number): Scenario {
  const perSite = expectedStaff(DEFAULT) / (DEFAULT.recruitment.invitedSites + DEFAULT.recruitment.comparisonSites);
  const sites = Math.max(3, Math.round(staff / perSite));
  const invited = Math.round((sites * 2) / 3);
  return ScenarioSchema.parse({ name: `bench-${staff}`, recruitment: { invitedSites: invited, comparisonSites: sites - invited }, time: { weeks } });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function defaultRunTime(): { median: number; min: number; max: number; runs: number } {
  for (let i = 0; i < 10; i++) runScenario(DEFAULT, { seed: replicateSeed(1, i + 1) });
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    runScenario(DEFAULT, { seed: replicateSeed(2, i + 1) });
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
}

function replicatesPerSecond(): { replicates: number; seconds: number } {
  const n = 200;
  const t0 = performance.now();
  for (let r = 1; r <= n; r++) runScenario(DEFAULT, { seed: replicateSeed(3, r) });
  return { replicates: n, seconds: (performance.now() - t0) / 1000 };
}

/**
 * One population, in this process (called in a child): a whole run as runScenario does it
 * (init, weekly steps, weekly metrics, summary) in a fresh process, so the engine's compilation
 * is in it ("cold"); init alone, timed apart; then the same run again ("warm": as every run after
 * the first one a worker does in an experiment).
 */
function population(staff: number, weeks: number): void {
  const scenario = scaledScenario(staff, weeks);
  const t0 = performance.now();
  const result = runScenario(scenario, { seed: 1 });
  const t1 = performance.now();
  let state: ReturnType<typeof init> | null = init(scenario, 1);
  const t2 = performance.now();
  const counts = { staff: state.staff.count, sites: state.sites.count };
  // Let the state go before the warm run, so it runs with no other population in memory.
  state = null;
  const agentWeeks = counts.staff * weeks;
  const initSeconds = (t2 - t1) / 1000;
  const runSeconds = (t1 - t0) / 1000;
  const peak = peakMemoryMB();
  const t3 = performance.now();
  runScenario(scenario, { seed: 2 });
  const warmSeconds = (performance.now() - t3) / 1000;
  console.log(
    JSON.stringify({
      staff: counts.staff,
      sites: counts.sites,
      weeks,
      initSeconds,
      stepSeconds: runSeconds - initSeconds,
      agentWeeksPerSecond: agentWeeks / runSeconds,
      stepAgentWeeksPerSecond: agentWeeks / (runSeconds - initSeconds),
      warmAgentWeeksPerSecond: agentWeeks / warmSeconds,
      peakMemoryMB: peak,
      gapClosed: result.summary.gapClosedAtFundingEnd,
    }),
  );
}

function runPopulation(staff: number, weeks: number): Record<string, number> {
  return benchChild<Record<string, number>>(['--population', String(staff), String(weeks)], ['--max-old-space-size=4096']);
}

export async function main(argv: string[], web?: WebPaths): Promise<number> {
  if (argv[0] === '--population') {
    population(Number(argv[1]), Number(argv[2]));
    return 0;
  }
  if (argv[0] === '--server') {
    if (!web) throw new Error('--server needs CCSIM_BENCH_WEB (run npm run bench)');
    await serverChild(web, JSON.parse(argv[1] ?? '{}') as Partial<Limits>);
    return 0;
  }
  if (argv[0] === '--experiment-file') {
    await experimentFileChild(argv[1], Number(argv[2]));
    return 0;
  }
  if (argv[0] === '--design') {
    await designChild(argv[1], Number(argv[2]));
    return 0;
  }
  if (argv[0] === '--design-only') {
    if (!web) throw new Error('--design-only needs CCSIM_BENCH_WEB (run npm run bench -- --design-only)');
    designFigures(web.scenariosDir);
    return 0;
  }
  if (argv[0] === '--rooms-only') {
    if (!web) throw new Error('--rooms-only needs CCSIM_BENCH_WEB (run npm run bench -- --rooms-only)');
    await roomFigures(web);
    return 0;
  }
  if (argv[0] === '--browser-only') {
    if (!web) throw new Error('--browser-only needs CCSIM_BENCH_WEB (run npm run bench -- --browser-only)');
    await browserFigures(web);
    return 0;
  }
  if (argv[0] === '--startup') {
    await startupChild(Number(argv[1]));
    return 0;
  }
  if (argv[0] === '--scaling') {
    if (!web) throw new Error('--scaling needs CCSIM_BENCH_WEB (run npm run bench -- --scaling)');
    await scalingFigures(join(web.scenariosDir, 'experiments'));
    return 0;
  }
  if (argv[0] === '--experiment') {
    await experimentChild(Number(argv[1]), Number(argv[2]), argv[3]);
    return 0;
  }
  const sizes = argv.includes('--quick') ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
  console.log(`ccsim ${CCSIM_VERSION} benchmark: node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`);

  const d = defaultRunTime();
  console.log(`Default scenario (${DEFAULT.recruitment.invitedSites + DEFAULT.recruitment.comparisonSites} sites, ${Math.round(expectedStaff(DEFAULT))} staff, ${DEFAULT.time.weeks} weeks), in process:`);
  console.log(`  run time: median ${d.median.toFixed(1)} ms over ${d.runs} runs (min ${d.min.toFixed(1)}, max ${d.max.toFixed(1)})  [target < 20 ms]`);
  const r = replicatesPerSecond();
  console.log(`  replicates per second: ${(r.replicates / r.seconds).toFixed(1)} (${r.replicates} replicates in ${r.seconds.toFixed(2)} s, one thread)\n`);

  console.log('Large populations (the default community with more sites; each in its own process, 520 weeks):');
  console.log('  staff      sites  init s  weeks s  agent-weeks/s: whole run, cold  (weeks only)  whole run, warm  peak memory');
  for (const staff of sizes) {
    const p = runPopulation(staff, 520);
    console.log(
      `  ${String(p.staff).padEnd(9)}  ${String(p.sites).padStart(5)}  ${p.initSeconds.toFixed(2).padStart(6)}  ${p.stepSeconds.toFixed(2).padStart(7)}  ${(p.agentWeeksPerSecond / 1e6).toFixed(1).padStart(19)} M  ${(p.stepAgentWeeksPerSecond / 1e6).toFixed(1).padStart(10)} M  ${(p.warmAgentWeeksPerSecond / 1e6).toFixed(1).padStart(13)} M  ${p.peakMemoryMB.toFixed(0).padStart(8)} MB`,
    );
  }
  console.log('  [targets: at least 30 M agent-weeks/s at 100,000 staff and above; 1,000,000 staff for 520 weeks in under 2 GB.');
  console.log('   Cold: the first run in a fresh process, the engine\'s compilation included; warm: the same run again, as');
  console.log('   every run after the first a worker does in an experiment]\n');

  if (!argv.includes('--no-experiments')) experimentFigures();
  if (web && !argv.includes('--no-design')) designFigures(web.scenariosDir);
  if (web && !argv.includes('--no-server')) await serverFigures(web);
  if (web && !argv.includes('--no-rooms')) await roomFigures(web);
  if (web && !argv.includes('--no-browser')) await browserFigures(web);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // bin/ccsim-bench.mjs passes where the built web app lives.
  const web = process.env.CCSIM_BENCH_WEB ? (JSON.parse(process.env.CCSIM_BENCH_WEB) as WebPaths) : undefined;
  process.exitCode = await main(process.argv.slice(2), web);
}
