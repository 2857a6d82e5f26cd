/**
 * The studio on every screen and for everyone who opens it: four viewports (laptop, desktop,
 * tablet, phone), sliders that land on their defaults, a broken file that leaves nothing of the
 * design before on screen, a file that shows its own name, a saved file that reopens to the
 * same numbers, and no serious or critical accessibility violations (axe) in the studio or the
 * workshop.
 */
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserForFile, openStudio, rendered, renders, screenshotPath } from './browser.ts';

const baseURL = inject('baseURL');
const browser = browserForFile(true);

const open = (width = 1280, height = 720, url = baseURL): Promise<Page> => openStudio(browser, url, width, height);

const VIEWPORTS = [
  { name: 'laptop', width: 1280, height: 720 },
  { name: 'desktop', width: 1920, height: 1080 },
  { name: 'tablet', width: 768, height: 1024 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Serious and critical axe violations, as "rule: where" lines. */
async function violations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const result = await builder.analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function openFile(page: Page, name: string, content: unknown): Promise<void> {
  await page.setInputFiles('#scenario-file', { name, mimeType: 'application/json', buffer: Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)) });
}

describe('the studio on every screen', () => {
  for (const v of VIEWPORTS) {
    it(`lays out without sideways scrolling at ${v.width}x${v.height} (${v.name}), every card and chart usable`, async () => {
      const page = await open(v.width, v.height);
      const layout = await page.evaluate(() => {
        const box = (sel: string) => document.querySelector(sel)!.getBoundingClientRect();
        const tooSmall = [...document.querySelectorAll<HTMLElement>('button, select, input:not([type=range]):not(.visually-hidden), .file-button')]
          .filter((e) => e.offsetParent !== null)
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.height < 24 || r.width < 24).length;
        return { scrollWidth: document.documentElement.scrollWidth, results: box('#results').width, card: box('.card').width, chart: box('#chart-performance').width, tooSmall };
      });
      expect(layout.scrollWidth).toBeLessThanOrEqual(v.width);
      expect(layout.results).toBeGreaterThan(Math.min(340, v.width - 40));
      expect(layout.card).toBeGreaterThan(150);
      expect(layout.chart).toBeGreaterThan(Math.min(330, v.width - 60));
      // Thumb-sized controls where a thumb is what points.
      if (v.width < 900) expect(layout.tooSmall).toBe(0);
      await page.screenshot({ path: screenshotPath(`studio-${v.name}.png`), fullPage: v.name === 'phone' });
      await page.close();
    });
  }

  it('has no serious or critical accessibility violations in the studio or the workshop', async () => {
    const page = await open();
    expect(await violations(page)).toEqual([]);
    await page.click('#workshop');
    await page.waitForSelector('.workshop');
    expect(await violations(page, '.workshop')).toEqual([]);
    await page.close();
  });

  it("opens each card's definition by touch or keyboard, not only by hovering", async () => {
    const page = await open(390, 844);
    const summary = page.locator('#card-shareLittleChange .define summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('#card-shareLittleChange .define p').isVisible()).resolves.toBe(true);
    await expect(page.textContent('#card-shareLittleChange .define p')).resolves.toMatch(/dropouts included/);
    // One definition everywhere: the card is the mean of the runs' shareLittleChange, the summary column the CLI writes.
    const mean = await page.evaluate(() => {
      const s = (window as unknown as { __ccsim: { summaries: Array<{ shareLittleChange: number }> } }).__ccsim.summaries;
      return s.reduce((a, x) => a + x.shareLittleChange, 0) / s.length;
    });
    await expect(page.textContent('#card-shareLittleChange .value')).resolves.toBe(`${(100 * mean).toFixed(mean < 0.1 ? 1 : 0)}%`);
    await page.close();
  });
});

describe('controls that say what they hold', () => {
  it('puts every slider on its default, and one step moves a hazard to the next round value, not to 1 a year', async () => {
    const page = await open();
    const off = await page.$$eval('.param .number', (rows) =>
      rows
        .map((row) => {
          const slider = row.querySelector<HTMLInputElement>('input[type=range]')!;
          const box = row.querySelector<HTMLInputElement>('input[type=number]')!;
          return { path: row.closest('.param')!.getAttribute('data-path'), box: box.value, slider: (slider.getAttribute('aria-valuetext') ?? '').split(' ')[0] };
        })
        .filter((r) => r.box !== r.slider),
    );
    expect(off).toEqual([]);
    // Dropout: 0.06 a year; one arrow step up gives the next rung of a log ladder.
    const slider = page.locator('[data-path="recruitment.dropoutPerYear"] input[type=range]');
    await page.click('details.section:has([data-path="recruitment.dropoutPerYear"]) > summary');
    const n = await renders(page);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    const up = Number(await page.inputValue('#p-recruitment-dropoutPerYear'));
    expect(up).toBeGreaterThan(0.06);
    expect(up).toBeLessThanOrEqual(0.08);
    await page.keyboard.press('ArrowLeft');
    await expect(page.inputValue('#p-recruitment-dropoutPerYear')).resolves.toBe('0.06');
    await rendered(page, n + 1);
    await page.close();
  });

  it('shows choices in words, not codes', async () => {
    const page = await open();
    const options = await page.$$eval('#p-community-network-kind option', (o) => o.map((x) => x.textContent));
    expect(options).toContain('Small world');
    expect(options).not.toContain('smallWorld');
    await page.close();
  });
});

describe('files and what stays on screen', () => {
  it('a broken file takes the last results, values and heading off the screen; the next file clears its errors', async () => {
    const page = await open();
    await openFile(page, 'lots.json', { name: 'lots', coreTeam: { hoursPerWeek: 'lots' } });
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Not run'));
    await expect(page.locator('#cards .card').count()).resolves.toBe(0);
    await expect(page.locator('#chart-performance .main-svg').count()).resolves.toBe(0);
    await expect(page.inputValue('#p-coreTeam-hoursPerWeek')).resolves.toBe('');
    await expect(page.textContent('#scenario-about h2')).resolves.toBe('lots');
    await expect(page.textContent('[data-path="coreTeam.hoursPerWeek"] .issue')).resolves.toMatch(/got "lots"/);
    await openFile(page, 'broken.json', '{"name": "x",,}');
    await page.waitForFunction(() => document.querySelector('#problems')?.textContent?.includes('broken.json'));
    await expect(page.locator('.param.has-issue').count()).resolves.toBe(0);
    const n = await renders(page);
    await openFile(page, 'fine.json', { name: 'fine' });
    await rendered(page, n + 1);
    await expect(page.locator('#problems').isHidden()).resolves.toBe(true);
    await expect(page.locator('#cards .card').count()).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it('a file shows its own name, and says what it is built on; an edit is marked and can be reverted', async () => {
    const page = await open();
    const n = await renders(page);
    await openFile(page, 'my-design.json', { extends: 'baseline', name: 'my-design', coreTeam: { hoursPerWeek: 60 } });
    await rendered(page, n + 1);
    await expect(page.textContent('#scenario-about h2')).resolves.toBe('my-design');
    await expect(page.textContent('#scenario-about')).resolves.toMatch(/Your file: my-design\.json\./);
    await expect(page.textContent('#scenario-about')).resolves.toMatch(/Built on baseline/);
    await expect(page.textContent('#scenario-about')).resolves.not.toMatch(/Every setting is the model's default/);
    await expect(page.$eval('#scenario-picker', (s) => (s as HTMLSelectElement).selectedOptions[0].textContent)).resolves.toBe('Your file: my-design.json');
    await page.fill('#p-coreTeam-hoursPerWeek', '80');
    await page.dispatchEvent('#p-coreTeam-hoursPerWeek', 'change');
    await rendered(page, n + 2);
    await expect(page.textContent('#changed')).resolves.toMatch(/^Changed from my-design\.json: 1 setting \(coreTeam\.hoursPerWeek\)/);
    await page.click('#revert');
    await rendered(page, n + 3);
    await expect(page.inputValue('#p-coreTeam-hoursPerWeek')).resolves.toBe('60');
    await expect(page.locator('#changed').count()).resolves.toBe(0);
    await page.close();
  });

  it('saves an edited design under its own name, with the seed and replicates that reproduce it', async () => {
    const page = await open();
    const n = await renders(page);
    await page.fill('#p-coreTeam-hoursPerWeek', '80');
    await page.dispatchEvent('#p-coreTeam-hoursPerWeek', 'change');
    await rendered(page, n + 1);
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('#download-scenario')]);
    const saved = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(saved.name).toBe('baseline-edited');
    expect(saved.seed).toBe(1);
    expect(saved.replicates).toBe(20);
    expect(saved.description).toMatch(/changed coreTeam\.hoursPerWeek\.$/);
    // Reopened, it runs the same replicates on the same seed: the same numbers.
    const mine = await page.evaluate(() => (window as unknown as { __ccsim: { summaries: unknown[] } }).__ccsim.summaries);
    const other = await open();
    const m = await renders(other);
    await openFile(other, 'saved.json', saved);
    await rendered(other, m + 1);
    expect(await other.evaluate(() => (window as unknown as { __ccsim: { summaries: unknown[] } }).__ccsim.summaries)).toEqual(mine);
    await other.close();
    await page.close();
  });
});
