/** The design studio in a real browser, against the real server. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile, openStudio, rendered, renders, screenshotPath } from './browser.ts';

const baseURL = inject('baseURL');
const browser = browserForFile(true);

const open = (width = 1280, height = 720, url = baseURL): Promise<Page> => openStudio(browser, url, width, height);

async function setNumber(page: Page, path: string, value: number | string): Promise<void> {
  const id = `#p-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
  await page.fill(id, String(value));
  await page.dispatchEvent(id, 'change');
}

const traceY = (page: Page, chart: string) =>
  page.evaluate((id) => {
    const gd = document.getElementById(id) as unknown as { data: Array<{ name?: string; y: number[] }> };
    return gd.data.filter((t) => t.name).map((t) => ({ name: t.name, y: t.y }));
  }, `chart-${chart}`);

/** Wait until an element's text contains this (the app reads files and runs asynchronously). */
async function textContains(page: Page, selector: string, text: string): Promise<string> {
  const handle = await page.waitForFunction(
    ([sel, t]) => {
      const content = document.querySelector(sel)?.textContent ?? '';
      return content.includes(t) ? content : false;
    },
    [selector, text] as const,
    { timeout: 10_000 },
  ).catch(async () => {
    throw new Error(`${selector} never contained ${JSON.stringify(text)}; it shows ${JSON.stringify(await page.textContent(selector))}`);
  });
  return (await handle.jsonValue()) as string;
}

/** A chart's title, line by line (plotly draws each line as its own tspan). */
const titleLines = (page: Page, chart: string) => page.$$eval(`#chart-${chart} .gtitle tspan.line`, (lines) => lines.map((l) => l.textContent ?? ''));

const summaries = (page: Page) => page.evaluate(() => (window as unknown as { __ccsim: { summaries: unknown[] } }).__ccsim.summaries);

describe('the design studio', () => {
  it('opens with the baseline scenario already run, its charts and cards drawn, at 1280x720 and 1920x1080', async () => {
    for (const [w, h] of [
      [1280, 720],
      [1920, 1080],
    ]) {
      const page = await open(w, h);
      await expect(page.textContent('#status')).resolves.toMatch(/^20 replicates · root seed 1/);
      await expect(page.locator('.card').count()).resolves.toBe(11);
      // Money reads as money: the currency first, what it is per after.
      await expect(page.textContent('#card-costPerCaseImproved .value')).resolves.toMatch(/^£[\d,]+per case$/);
      await expect(page.textContent('#card-costPerCaseImproved .interval')).resolves.toMatch(/^95% interval £[\d,]+ to £[\d,]+ per case$/);
      for (const chart of ['performance', 'adoption', 'membership', 'belonging', 'heatmap']) {
        await expect(page.locator(`#chart-${chart} .main-svg`).count()).resolves.toBeGreaterThan(0);
      }
      await expect(titleLines(page, 'performance')).resolves.toEqual(['Patients receiving the full care bundle', 'higher is better']);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: screenshotPath(`studio-${w}x${h}.png`) });
      await page.close();
    }
  });

  it('shows the server\'s replicate 1 as still previews while plotly loads, then plotly\'s charts, with the workers\' numbers either way', async () => {
    // plotly held back for a moment, so the previews can be looked at.
    const page = await browser.page();
    let releasePlotly = () => {};
    const plotlyHeld = new Promise<void>((resolve) => (releasePlotly = resolve));
    await page.route(/plotly-cartesian[^/]*\.js$/, async (route) => {
      await plotlyHeld;
      await route.continue();
    });
    const served = page.waitForResponse((r) => r.url().endsWith('/api/preview/baseline'));
    await page.goto(baseURL);
    expect((await served).status()).toBe(200);
    await page.waitForSelector('#chart-performance svg.preview');
    // Outcome, adoption and belonging are previewed; the stacked areas and heat map wait for plotly.
    for (const chart of ['performance', 'adoption', 'belonging']) await expect(page.locator(`#chart-${chart} svg.preview`).count()).resolves.toBe(1);
    await expect(page.locator('.main-svg').count()).resolves.toBe(0);
    await expect(page.textContent('#chart-performance svg.preview')).resolves.toContain('Patients receiving the full care bundle');
    await expect(page.textContent('#status')).resolves.toMatch(/in so far \(shown\)/);
    await page.screenshot({ path: screenshotPath('studio-preview-1280x720.png') });
    releasePlotly();
    await rendered(page);
    await expect(page.locator('svg.preview').count()).resolves.toBe(0);
    for (const chart of ['performance', 'adoption', 'membership', 'belonging', 'heatmap']) await expect(page.locator(`#chart-${chart} .main-svg`).count()).resolves.toBeGreaterThan(0);
    const probe = await page.evaluate(() => (window as unknown as { __ccsim: { firstChartAt: number; interactiveAt: number; completeAt: number } }).__ccsim);
    expect(probe.firstChartAt).toBeGreaterThan(0);
    expect(probe.firstChartAt).toBeLessThan(probe.interactiveAt);
    const withPreview = await summaries(page);

    // Without the server's copy (an answer the page does not recognise), the workers' replicate 1
    // is previewed instead, and the results are the same to the last digit.
    const other = await browser.page();
    await other.route('**/api/preview/baseline', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"seed":1}' }));
    await other.goto(baseURL);
    await rendered(other);
    expect(await summaries(other)).toEqual(withPreview);
    await page.close();
    await other.close();
  });

  it('offers the scenario library grouped by lesson, and shows an archetype in its programme\'s own unit', async () => {
    const page = await open();
    const groups = await page.$$eval('#scenario-picker optgroup', (gs) => gs.map((g) => ({ label: g.getAttribute('label'), options: g.querySelectorAll('option').length })));
    expect(groups[0]).toEqual({ label: 'Baseline', options: 1 });
    expect(groups.map((g) => g.label)).toContain("Lesson 8: Find a balance between 'hard' and 'soft' tactics");
    expect(groups.slice(-2)).toEqual([
      { label: 'Published programmes (one shared behaviour, fitted to them)', options: 4 },
      { label: 'Published programmes predicted, never fitted', options: 2 },
    ]);
    await expect(page.inputValue('#scenario-picker')).resolves.toBe('baseline');
    // Pinned, the baseline (a percentage of patients) is compared with Keystone (an infection rate)
    // on the shares of the gap, but not in either outcome's unit.
    await page.click('#pin');
    const n = await renders(page);
    await page.selectOption('#scenario-picker', 'archetypes/keystone-icu');
    await rendered(page, n + 1);
    await expect(page.textContent('#card-trueEffect .delta')).resolves.toBe('Not compared: the baseline measures a different outcome.');
    await expect(page.textContent('#card-programmeEffectAtFundingEnd .delta')).resolves.toMatch(/^\+\d+ pts vs baseline \(/);
    expect((await traceY(page, 'performance')).map((t) => t.name)).not.toContain('Baseline: Member sites (true)');
    await page.click('#unpin');
    await expect(titleLines(page, 'performance')).resolves.toEqual(['Catheter-related bloodstream infections', 'lower is better']);
    await expect(page.textContent('#chart-performance .ytitle')).resolves.toBe('per 1,000 catheter-days');
    await expect(page.textContent('#card-trueEffect .value .unit')).resolves.toBe('per 1,000 catheter-days');
    // Keystone had no comparison units and stopped at 36 months: the cards say why a figure is missing.
    await expect(page.textContent('#card-didEstimate .interval')).resolves.toBe('This design has no comparison sites (recruitment.comparisonSites).');
    await expect(page.textContent('#card-programmeEffectOneYearAfter .interval')).resolves.toMatch(/^The run stops 4 weeks after funding ends; it needs 52/);
    // The story as units reported it, here on the page's own 20 replicates: 7.7 in weeks 1-4
    // (within 15%), then a fall by 16-18 months (weeks 69-78) to what the calibration record
    // says the shared behaviour gives (within 20%: other replicates), which the sidebar shows
    // beside the published 1.4 (the shipped model misses it: docs/validation.md).
    const reported = (await traceY(page, 'performance')).find((t) => t.name === 'Member sites (reported)')!.y;
    expect(reported[0]).toBeNull(); // week 0: no unit has joined yet
    const mean = (from: number, to: number) => reported.slice(from, to + 1).reduce((a, b) => a + b, 0) / (to - from + 1);
    expect(mean(1, 4)).toBeGreaterThan(7.7 * 0.85);
    expect(mean(1, 4)).toBeLessThan(7.7 * 1.15);
    const recorded = (JSON.parse(readFileSync('scenarios/archetypes/keystone-icu.json', 'utf8')).calibration.results as Array<{ weeks?: number[]; metric: string; simulated: number }>).find((r) => r.metric === 'memberReported' && r.weeks?.[0] === 69)!.simulated;
    expect(mean(69, 78)).toBeGreaterThan(recorded * 0.8);
    expect(mean(69, 78)).toBeLessThan(recorded * 1.2);
    expect(mean(69, 78)).toBeLessThan(mean(1, 4) / 2);
    // No comparison units, so no comparison line; the published figures on the chart (the four
    // rates, at the middle of their weeks) and in the sidebar's record.
    expect((await traceY(page, 'performance')).map((t) => t.name)).not.toContain('Comparison sites');
    const marks = await page.evaluate(() => {
      const gd = document.getElementById('chart-performance') as unknown as { data: Array<{ name?: string; x: number[]; y: number[] }> };
      const t = gd.data.find((d) => d.name === 'Published figures')!;
      return { x: t.x, y: t.y };
    });
    expect(marks).toEqual({ x: [2.5, 11, 73.5, 151.5], y: [7.7, 4.8, 1.4, 1.1] });
    await page.click('details.calibration > summary');
    const figures = JSON.parse(readFileSync('scenarios/archetypes/keystone-icu.json', 'utf8')).calibration.results.length;
    expect(figures).toBeGreaterThanOrEqual(8);
    await expect(page.locator('details.calibration tr').count()).resolves.toBe(figures + 1); // a header and a row per figure
    const misses = JSON.parse(readFileSync('scenarios/archetypes/keystone-icu.json', 'utf8')).calibration.results.filter((r: { within: boolean }) => !r.within).length;
    await expect(page.locator('details.calibration td.outside').count()).resolves.toBe(misses);
    // The record links to the programme's section of the validation report, which the server serves.
    await expect(page.getAttribute('details.calibration a', 'href')).resolves.toBe('/docs/validation#keystone-icu');
    const report = await page.request.get(new URL('/docs/validation', page.url()).href);
    expect(report.status()).toBe(200);
    expect(await report.text()).toContain('<a id="keystone-icu"></a>');
    // Model uncertainty: the replicates also vary the fitted behaviour, and the status says so.
    const u = await renders(page);
    await page.check('#model-uncertainty');
    await rendered(page, u + 1);
    await expect(page.textContent('#status')).resolves.toContain("over the fitted model's behaviour sets");
    await page.uncheck('#model-uncertainty');
    await rendered(page, u + 2);
    // An edit reruns and redraws the sidebar, which keeps the record open.
    const m = await renders(page);
    await setNumber(page, 'coreTeam.credibility', 0.4);
    await rendered(page, m + 1);
    expect(await page.evaluate(() => (document.querySelector('details.calibration') as HTMLDetailsElement).open)).toBe(true);
    await page.screenshot({ path: screenshotPath('studio-keystone-icu.png') });
    await page.close();
  });

  it('redraws the charts when a control moves', async () => {
    const page = await open();
    const before = await traceY(page, 'performance');
    const n = await renders(page);
    await setNumber(page, 'tactics.hardness', 1);
    await rendered(page, n + 1);
    const after = await traceY(page, 'performance');
    expect(after.find((t) => t.name === 'Member sites (true)')!.y).not.toEqual(before.find((t) => t.name === 'Member sites (true)')!.y);
    expect(after.find((t) => t.name === 'Comparison sites')!.y).toEqual(before.find((t) => t.name === 'Comparison sites')!.y);
    await page.close();
  });

  it('adds and removes rows of a list (waves of recruitment), and runs the new design', async () => {
    const page = await open();
    const waves = '.list[data-path="recruitment.waves"]';
    await page.click('details.section:has(> summary:text-is("Lesson 3 · Recruit a community")) > summary');
    await expect(page.locator(`${waves} tr`).count()).resolves.toBe(1); // the header: no waves by default
    let n = await renders(page);
    await page.click(`${waves} .list-add`);
    await rendered(page, n + 1);
    await page.click(`${waves} .list-add`);
    await rendered(page, n + 2);
    await expect(page.locator(`${waves} tr`).count()).resolves.toBe(3);
    // The second wave launches a year in: half the invited sites cannot join before week 52.
    n = await renders(page);
    await page.fill(`${waves} td[data-path="recruitment.waves[1].launchWeek"] input`, '52');
    await page.dispatchEvent(`${waves} td[data-path="recruitment.waves[1].launchWeek"] input`, 'change');
    await rendered(page, n + 1);
    const invited = (await traceY(page, 'membership')).find((t) => t.name === 'Invited, not joined')!.y;
    expect(invited[40]).toBeGreaterThanOrEqual(12);
    n = await renders(page);
    await page.click(`${waves} .list-remove >> nth=0`);
    await rendered(page, n + 1);
    await expect(page.locator(`${waves} tr`).count()).resolves.toBe(2);
    await page.close();
  });

  it('is usable from the keyboard: controls take focus and typed values', async () => {
    const page = await open();
    await page.focus('#p-tactics-hardness');
    await page.keyboard.press('Control+A');
    const n = await renders(page);
    await page.keyboard.type('0.8');
    await page.keyboard.press('Tab');
    await rendered(page, n + 1);
    expect(await page.inputValue('#p-tactics-hardness')).toBe('0.8');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('p-tactics-hardness');
    await page.close();
  });

  it("writes money in the currency the scenario names: the cards and the controls' units", async () => {
    const page = await open();
    const n = await renders(page);
    await page.setInputFiles('#scenario-file', { name: 'euros.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'euros', costs: { currency: '€' } })) });
    await rendered(page, n + 1);
    await expect(page.textContent('#card-costPerCaseImproved .value')).resolves.toMatch(/^€[\d,]+per case$/);
    await expect(page.textContent('[data-path="resources.budget"] .unit')).resolves.toBe('€');
    await expect(page.textContent('[data-path="costs.coreTeamCostPerHour"] .unit')).resolves.toBe('€ per hour');
    await page.close();
  });

  it('shows a bad file\'s problem beside the right field, and broken files in the problems panel', async () => {
    const page = await open();
    await page.setInputFiles('#scenario-file', { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'mine', tactics: { hardness: 3 } })) });
    await page.waitForSelector('.param.has-issue');
    await textContains(page, '#problems', 'mine.json has 1 problem');
    await expect(page.textContent('[data-path="tactics.hardness"] .issue')).resolves.toBe('Expected a number from 0 to 1 (share), got 3.');
    await expect(page.textContent('#status')).resolves.toMatch(/^Not run/);
    await page.setInputFiles('#scenario-file', { name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: 'typo', coreTeam: { credibilty: 0.5 } })) });
    await textContains(page, '#problems', 'typo.json has 1 problem');
    await textContains(page, '#problems', 'typo.json: coreTeam.credibilty: expected a key ccsim knows in coreTeam, got unknown key "credibilty". Did you mean "credibility"?');
    expect(await page.locator('.param.has-issue').count()).toBe(0);
    await page.setInputFiles('#scenario-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"name": "x",,}') });
    await textContains(page, '#problems', 'broken.json: expected valid JSON');
    await page.close();
  });

  it('compares a new design with a pinned baseline, with paired differences', async () => {
    const page = await open();
    await page.click('#pin');
    const n = await renders(page);
    // The control sits in a closed section, as a designer would find it.
    await page.click('details.section:has(#p-conflict-management) > summary');
    await page.selectOption('#p-conflict-management', 'managed');
    await rendered(page, n + 1);
    await expect(page.textContent('#card-dropoutShare .delta')).resolves.toMatch(/vs baseline \(.*paired\)/);
    await expect(page.textContent('#card-costPerCaseImproved .delta')).resolves.toMatch(/^[+-]£[\d,]+ per case vs baseline \([+-]?£[\d,]+ to [+-]?£[\d,]+, paired\)$/);
    const names = (await traceY(page, 'performance')).map((t) => t.name);
    expect(names).toContain('Baseline: Member sites (true)');
    // Which to fund: the extra cost for the extra care, paired by replicate, and the chance it is worth it.
    const worth = (await page.textContent('#cost-effectiveness'))!;
    expect(worth).toMatch(/Full cost [+-]?£[\d,]+ \(95% interval [+-]?£[\d,]+ to [+-]?£[\d,]+\); cases whose care improved [+-]?[\d,]+ \([+-]?[\d,]+ to [+-]?[\d,]+\)\./);
    expect(worth).toMatch(/(per extra case improved|No cost per extra case)/);
    expect(worth).toMatch(/Chance it is worth its cost, at £100 a case: \d+%; £500 a case: \d+%/);
    // The whole acceptability curve, as a chart, from £1 to £100,000 a case.
    await page.waitForSelector('#ceac .main-svg', { timeout: 10_000 });
    await expect(page.evaluate(() => (document.getElementById('ceac') as unknown as { data: Array<{ x: number[] }> }).data[0].x.length)).resolves.toBe(16);
    await page.locator('#cost-effectiveness').screenshot({ path: screenshotPath('studio-cost-effectiveness.png') });
    await page.click('#unpin');
    await expect(page.locator('#card-dropoutShare .delta').count()).resolves.toBe(0);
    await expect(page.locator('#cost-effectiveness').count()).resolves.toBe(0);
    await page.close();
  });

  it('puts the whole scenario in the link: opening it gives identical numbers', async () => {
    const page = await open();
    let n = await renders(page);
    await setNumber(page, 'tactics.hardness', 0.7);
    await rendered(page, ++n);
    await page.fill('#seed', '5');
    await page.dispatchEvent('#seed', 'change');
    await rendered(page, ++n);
    await page.fill('#replicates', '4');
    await page.dispatchEvent('#replicates', 'change');
    await rendered(page, ++n);
    await textContains(page, '#status', '4 replicates · root seed 5');
    const url = page.url();
    expect(url).toMatch(/#s=.+&seed=5&r=4$/);
    const mine = await summaries(page);
    const other = await open(1280, 720, url);
    expect(await other.inputValue('#p-tactics-hardness')).toBe('0.7');
    expect(await summaries(other)).toEqual(mine);
    await other.close();
    await page.close();
  });

  it('downloads the scenario, the results (the same bytes as the command line) and each chart', async () => {
    const page = await open();
    const [scenario] = await Promise.all([page.waitForEvent('download'), page.click('#download-scenario')]);
    expect(JSON.parse(readFileSync((await scenario.path())!, 'utf8')).name).toBe('baseline');
    const [results] = await Promise.all([page.waitForEvent('download'), page.click('#download-results')]);
    const csv = readFileSync((await results.path())!, 'utf8');
    const cli = spawnSync(process.execPath, ['bin/ccsim.mjs', 'run', 'scenarios/baseline.json', '--replicates', '20', '--seed', '1'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(cli.status).toBe(0);
    expect(csv).toBe(cli.stdout);
    for (const chart of ['performance', 'adoption', 'membership', 'belonging', 'heatmap']) {
      const [png] = await Promise.all([page.waitForEvent('download'), page.click(`button.png[data-chart="${chart}"]`)]);
      expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');
    }
    await page.close();
  });
});
