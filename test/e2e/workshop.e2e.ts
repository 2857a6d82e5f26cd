/** Workshop mode on a projector-sized screen. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launch, rendered, screenshotPath, type Browser } from './browser.ts';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  expect(browser.errors).toEqual([]);
  await browser.close();
});

const week = (page: import('playwright-core').Page) => page.evaluate(() => (window as unknown as { __ccsim: { week(): number } }).__ccsim.week());

describe('workshop mode', () => {
  it('plays, pauses, steps and calls out events; Esc leaves', async () => {
    const page = await browser.page(1920, 1080);
    await page.goto(baseURL);
    await rendered(page);
    await page.click('#workshop');
    await page.waitForSelector('.workshop');
    expect(await week(page)).toBe(0);
    await page.click('#ws-faster');
    await page.click('#ws-faster');
    await page.click('#ws-play');
    await page.waitForFunction(() => (window as unknown as { __ccsim: { week(): number } }).__ccsim.week() > 40, null, { timeout: 20_000 });
    await page.click('#ws-play');
    const paused = await week(page);
    await page.waitForTimeout(400);
    expect(await week(page)).toBe(paused);
    await page.click('#ws-step');
    expect(await week(page)).toBe(paused + 1);
    await page.keyboard.press('ArrowLeft');
    expect(await week(page)).toBe(paused);
    await expect(page.textContent('.ws-week')).resolves.toMatch(new RegExp(`^Week ${paused} `));
    await expect(page.locator('.ws-feed li').count()).resolves.toBeGreaterThan(0);
    await expect(page.textContent('.ws-card h3')).resolves.toBeTruthy();
    await page.screenshot({ path: screenshotPath('workshop-1920x1080.png') });
    await page.keyboard.press('Escape');
    await expect(page.locator('.workshop').count()).resolves.toBe(0);
    await page.close();
  });
});
