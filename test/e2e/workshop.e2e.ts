/** Workshop mode on a projector-sized screen. */
import { describe, expect, inject, it } from 'vitest';
import { browserForFile, rendered, screenshotPath } from './browser.ts';

const baseURL = inject('baseURL');
const browser = browserForFile();

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

  for (const [width, height] of [
    [1280, 720],
    [390, 844],
  ] as const) {
    it(`at ${width}x${height}: says which replicate it replays, names the sites in the news, keeps Tab inside, shows several events`, async () => {
      const page = await browser.page(width, height);
      await page.goto(baseURL);
      await rendered(page);
      await page.click('#workshop');
      await page.waitForSelector('.workshop');
      await expect(page.textContent('.ws-replay')).resolves.toMatch(/^Replaying replicate 1 of 20: the programme closed \d+% of the gap by the end of funding \(the mean of all 20, on the cards: \d+%\)\.$/);
      for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
      expect(await week(page)).toBe(60);
      // Tab goes round the workshop's own buttons, never to the studio behind it.
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.closest('.workshop') !== null)).toBe(true);
      }
      // Events visible without scrolling the events panel (on a phone the whole view scrolls).
      const shown = await page.$$eval('.ws-feed li', (items) => {
        const panel = document.querySelector('.ws-right')!.getBoundingClientRect();
        return items.filter((li) => li.getBoundingClientRect().bottom <= panel.bottom + 1).length;
      });
      expect(shown).toBeGreaterThanOrEqual(width < 900 ? 1 : 4);
      // The canvas is drawn at its own shape: circles stay circles.
      const ratio = await page.$eval('.ws-network', (c) => {
        const canvas = c as HTMLCanvasElement;
        return canvas.width / canvas.height / (canvas.clientWidth / canvas.clientHeight);
      });
      expect(ratio).toBeCloseTo(1, 2);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.screenshot({ path: screenshotPath(`workshop-${width}x${height}.png`) });
      await page.close();
    });
  }
});
