/**
 * "Find a design" in a real browser against the real server: the view opens from the studio with
 * levers and contexts around the design on screen, a small search runs on the server's pool with
 * progress, the front, the parallel coordinates, the chosen design's robustness and acceptability
 * are drawn, the view has no serious accessibility violations and fits a phone, and one click
 * opens the chosen design in the studio pinned against the designer's own.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile, openStudio, rendered, renders, screenshotPath } from './browser.ts';

const baseURL = inject('baseURL');
const browser = browserForFile();

async function setField(page: Page, id: string, value: number): Promise<void> {
  await page.fill(`#${id}`, String(value));
  await page.dispatchEvent(`#${id}`, 'change');
}

/** A small search: four contexts, eight designs a generation, two generations, two replicates. */
async function shrink(page: Page): Promise<void> {
  await setField(page, 'finder-contexts', 4);
  await setField(page, 'finder-population', 8);
  await setField(page, 'finder-generations', 1);
  await setField(page, 'finder-replicates', 2);
}

describe('Find a design', () => {
  it('searches on the server, shows the front and a design, and opens it pinned against your own', async () => {
    const page = await openStudio(browser, baseURL);
    await page.click('#find-design');
    await expect(page.locator('.finder').count()).resolves.toBe(1);
    // The view is a page of its own while open: the studio is hidden beneath it, not destroyed.
    await expect(page.isVisible('#results')).resolves.toBe(false);
    // The levers and contexts the view suggests, with ranges around the baseline's values.
    await expect(page.locator('#finder-levers .finder-row').count()).resolves.toBe(4);
    await expect(page.locator('#finder-factors .finder-row').count()).resolves.toBe(4);
    await expect(page.inputValue('#lever-resources-budget-min')).resolves.toBe('400000');
    await expect(page.inputValue('#lever-resources-budget-max')).resolves.toBe('1600000');
    // The budget offered is the design on screen's own full cost, rounded up.
    expect(Number(await page.inputValue('#finder-budget'))).toBeGreaterThan(1_000_000);
    await shrink(page);
    await expect(page.textContent('#finder-estimate')).resolves.toContain('Up to 128 runs');

    await page.click('#finder-run');
    // The status says the search finished once every chart is drawn.
    await page.waitForFunction(() => document.getElementById('finder-status')?.textContent === 'Search finished.', undefined, { timeout: 60_000 });
    await expect(page.textContent('#finder-summary')).resolves.toMatch(/^\d+ designs, each in 4 contexts x 2 replicates \(\d+ runs\): \d+ on the Pareto front within the budget of £[\d,]+\./);
    // The front: every design, the front, your design (a star).
    const names = await page.evaluate(() => (document.getElementById('finder-front') as unknown as { data: Array<{ name: string; x: number[] }> }).data.map((t) => `${t.name}:${t.x.length}`));
    expect(names).toContain('Your design:1');
    expect(names.find((n) => n.startsWith('On the front:'))).toBeDefined();
    await expect(page.locator('#finder-parallel .main-svg').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#finder-design table').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#finder-evppi .main-svg').count()).resolves.toBeGreaterThan(0);

    const axe = await new AxeBuilder({ page }).include('.finder').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)).toEqual([]);
    await page.screenshot({ path: screenshotPath('finder.png'), fullPage: true });

    // The chosen design, in the studio, pinned against your own.
    const before = await renders(page);
    const values = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('#finder-design table tr')].slice(1);
      return Object.fromEntries(rows.map((r) => [r.querySelector('th')?.textContent ?? '', r.querySelectorAll('td')[0]?.textContent ?? '']));
    });
    await page.click('#finder-open');
    await expect(page.locator('.finder').count()).resolves.toBe(0);
    await rendered(page, before + 1);
    await page.waitForFunction(() => /compared with the pinned baseline/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 30_000 });
    await expect(page.isVisible('#unpin')).resolves.toBe(true);
    const hardness = Number(values['tactics.hardness']);
    expect(Number(await page.inputValue('#p-tactics-hardness'))).toBeCloseTo(hardness, 2);
    await page.close();
  }, 120_000);

  it('fits a phone: the form above the results, nothing sideways', async () => {
    const page = await openStudio(browser, baseURL, 390, 844);
    await page.click('#find-design');
    const layout = await page.evaluate(() => {
      const form = document.getElementById('finder-form')!.getBoundingClientRect();
      return { scrollWidth: document.documentElement.scrollWidth, form: form.width };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(390);
    expect(layout.form).toBeGreaterThan(330);
    await page.keyboard.press('Escape');
    await expect(page.locator('.finder').count()).resolves.toBe(0);
    await expect(page.isVisible('#results')).resolves.toBe(true);
    await page.close();
  });

  it('says why the server refused a search', async () => {
    const page = await openStudio(browser, baseURL);
    await page.click('#find-design');
    await setField(page, 'finder-contexts', 500);
    await setField(page, 'finder-population', 200);
    await page.click('#finder-run');
    await page.waitForFunction(() => /refused/.test(document.getElementById('finder-status')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await expect(page.textContent('#finder-status')).resolves.toMatch(/above this server's limits.*ccsim design/);
    // The browser logs the refused request as an error; it is the one this test expects.
    const logged = browser.errors.findIndex((e) => /status of 422/.test(e));
    expect(logged).toBeGreaterThanOrEqual(0);
    browser.errors.splice(logged, 1);
    await page.close();
  });
});
