/**
 * The web app's figures, in Debian's Chromium against the real server started in this process:
 * from page load to the first chart (replicate 1 as a still preview, from the server's copy),
 * to the first interactive (plotly) chart, and to every chart drawn with all 20 replicates; and
 * from a control change to the charts on screen redrawn with the first replicates (two from each worker),
 * with all of them, and to every chart redrawn. Like the rest of the benchmark: figures, not
 * assertions.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunPool } from '../../engine/node/pool/pool.ts';
import { buildApp } from '../../web/server/app.ts';

export interface WebPaths {
  clientDir: string;
  workerFile: string;
  scenariosDir: string;
}

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Probe {
  renders: number;
  lastRunMs: number;
  lastDrawMs: number;
  lastPartialMs: number;
  lastOnScreenMs: number;
  firstChartAt: number;
  interactiveAt: number;
  completeAt: number;
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const p90 = s[Math.min(s.length - 1, Math.ceil(0.9 * s.length) - 1)];
  return `median ${median.toFixed(0)} ms (90th percentile ${p90.toFixed(0)}, min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}, ${s.length} times)`;
}

export async function browserFigures(paths: WebPaths): Promise<void> {
  console.log('Web app (Chromium, 1280x720, the baseline scenario, 20 replicates):');
  if (!existsSync(CHROMIUM)) {
    console.log(`  skipped: ${CHROMIUM} not found (install Debian's chromium to measure the web app)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const pool = createRunPool({ threads: 1, workerFile: paths.workerFile });
  const app = await buildApp({ pool, clientDir: paths.clientDir, scenariosDir: paths.scenariosDir, warmPreviews: ['baseline'] });
  const profile = mkdtempSync(join(tmpdir(), 'ccsim-bench-'));
  try {
    const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/`;
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 720 }, args: CHROMIUM_ARGS });
    const probe = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as { __ccsim: Probe }).__ccsim);

    // Page load to first chart: performance.now() counts from navigation start. The first load
    // has an empty cache; the others show a returning visitor.
    const loads: Probe[] = [];
    for (let i = 0; i < 6; i++) {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __ccsim?: Probe }).__ccsim?.renders, null, { timeout: 60_000 });
      loads.push(await probe(page));
      await page.close();
    }
    const load = (what: string, key: 'firstChartAt' | 'interactiveAt' | 'completeAt', target = '') =>
      console.log(`  page load to ${what}: ${loads[0][key].toFixed(0)} ms with an empty cache; then ${stats(loads.slice(1).map((p) => p[key]))}${target}`);
    load('first chart (replicate 1, a still preview until plotly has loaded)', 'firstChartAt', '  [target < 1000 ms]');
    load('first interactive chart (plotly)', 'interactiveAt');
    load('every chart drawn with all 20 replicates', 'completeAt');

    // Control change to redrawn charts: the time from the change event to the end of drawing,
    // with the run (on the workers) and the drawing apart.
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __ccsim?: Probe }).__ccsim?.renders, null, { timeout: 60_000 });
    const totals: number[] = [];
    const partials: number[] = [];
    const onScreen: number[] = [];
    const runs: number[] = [];
    const draws: number[] = [];
    // 30 changes after two to warm up: on two cores shared with the browser's own threads one
    // change can take twice another, so a median of ten moves by tens of milliseconds.
    for (let i = 0; i < 32; i++) {
      const t = await page.evaluate(async (value) => {
        const probe = (window as unknown as { __ccsim: Probe }).__ccsim;
        const box = document.getElementById('p-tactics-hardness') as HTMLInputElement;
        const before = probe.renders;
        const started = performance.now();
        box.value = String(value);
        box.dispatchEvent(new Event('change'));
        while (probe.renders === before) await new Promise((resolve) => setTimeout(resolve, 1));
        return { total: performance.now() - started, partial: probe.lastPartialMs, onScreen: probe.lastOnScreenMs, run: probe.lastRunMs, draw: probe.lastDrawMs };
      }, (i % 10) / 10 + 0.05);
      if (i < 2) continue; // warm-up: the workers' code is compiled on the first runs
      totals.push(t.total);
      partials.push(t.partial);
      onScreen.push(t.onScreen);
      runs.push(t.run);
      draws.push(t.draw);
    }
    const workers = await page.evaluate(() => document.getElementById('status')?.textContent?.match(/on (\d+) workers/)?.[1] ?? '?');
    console.log(`  control change to the charts on screen redrawn with the first ${2 * Number(workers)} replicates: ${stats(partials)}  [target < 200 ms]`);
    console.log(`  control change to the charts on screen redrawn with all 20: ${stats(onScreen)}`);
    console.log(`  control change to every chart redrawn with all 20: ${stats(totals)}`);
    console.log(`    of which the run on ${workers} workers: ${stats(runs)}; drawing every chart: ${stats(draws)}`);
    await context.close();
  } finally {
    await app.close();
    await pool.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
