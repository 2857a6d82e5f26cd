/** A fresh headless Chromium per test file (Debian's /usr/bin/chromium, a new empty profile). */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors seen so far. */
  errors: string[];
  page(width?: number, height?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function launch(downloads = false): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ccsim-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    acceptDownloads: downloads,
    args: CHROMIUM_ARGS,
  });
  const errors: string[] = [];
  return {
    context,
    errors,
    async page(width = 1280, height = 720) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The browser of a test file: launched before its tests and closed after them, and the file
 * fails if any page logged an error. Call at the top of the file; the handle is usable in tests.
 */
export function browserForFile(downloads = false): Browser {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(downloads);
  });
  afterAll(async () => {
    expect(browser.errors).toEqual([]);
    await browser.close();
  });
  return {
    get context() {
      return browser.context;
    },
    get errors() {
      return browser.errors;
    },
    page: (width, height) => browser.page(width, height),
    close: () => browser.close(),
  };
}

/** Wait until the app has drawn n times in all (the first load counts 1). */
export async function rendered(page: Page, n = 1): Promise<void> {
  await page.waitForFunction((k) => (window as unknown as { __ccsim?: { renders: number } }).__ccsim!.renders >= k, n, { timeout: 30_000 });
}

/** A new page on the studio at a size, once its first run is drawn. */
export async function openStudio(browser: Browser, url: string, width = 1280, height = 720): Promise<Page> {
  const page = await browser.page(width, height);
  await page.goto(url);
  await rendered(page);
  return page;
}

export async function renders(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __ccsim: { renders: number } }).__ccsim.renders);
}

export function screenshotPath(name: string): string {
  mkdirSync('test-results/screenshots', { recursive: true });
  return join('test-results/screenshots', name);
}
