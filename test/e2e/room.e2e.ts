/**
 * A workshop room played end to end in Chromium: the trainer opens a room from the start page,
 * a projector shows the code and QR, three phones (390x844) join and choose, the trainer plays
 * rounds and asks for a prediction; a phone reloads and keeps its seat, a late phone takes a
 * bot's seat, the session ends and the debrief replays the session file with the same figures
 * as the room showed. Accessibility checked with axe on the phone and the projector.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chromium, type Browser as Chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { CHROMIUM_ARGS, browserForFile, screenshotPath } from './browser.ts';
import { readSessionFile } from '../../engine/core/play/session-file.ts';
import { debriefOf } from '../../engine/core/play/debrief.ts';

const baseURL = inject('baseURL');
const browser = browserForFile(true);

// Each phone is a device of its own: its own storage (its seat token), as in a real room.
let devices: Chromium;
const phoneErrors: string[] = [];
beforeAll(async () => {
  devices = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  expect(phoneErrors).toEqual([]);
  await devices.close();
});

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function phone(code: string, name: string): Promise<Page> {
  const context = await devices.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && phoneErrors.push(m.text()));
  page.on('pageerror', (e) => phoneErrors.push(e.message));
  await page.goto(`${baseURL}room.html#join=${code}`);
  await page.fill('#join-name', name);
  await page.click('form.join button[type=submit]');
  await page.waitForSelector('.phone-head h1');
  return page;
}

describe('a workshop room', () => {
  it('is opened by the trainer, joined and played from phones, and debriefed against its ghost', async () => {
    const trainer = await browser.page(1280, 800);
    await trainer.goto(`${baseURL}room.html#open`);
    await trainer.waitForSelector('#room-scenario option[value=baseline]', { state: 'attached' });
    await trainer.selectOption('#room-scenario', 'baseline');
    await trainer.fill('#room-title', 'Workshop test');
    await trainer.click('form.open button[type=submit]');
    await trainer.waitForSelector('.trainer-bar #advance');
    const code = (await trainer.textContent('.screen-head .code'))!.trim();
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{5}$/);

    const projector = await browser.page(1920, 1080);
    await projector.goto(`${baseURL}room.html#screen=${code}`);
    await projector.waitForSelector('.qr-box img');
    await projector.waitForFunction(() => (document.querySelector('.qr-box img') as HTMLImageElement).naturalWidth > 0);

    const phones = [await phone(code, 'Asha'), await phone(code, 'Ben'), await phone(code, 'Chloe')];
    await projector.waitForFunction(() => document.querySelector('.joined h2')?.textContent?.startsWith('3 people'));
    await projector.screenshot({ path: screenshotPath('room-lobby-1920x1080.png') });
    const heads = await Promise.all(phones.map((p) => p.textContent('.phone-head h1')));
    expect(heads.map((t) => t!.replace(/ \(.*/, ''))).toEqual(['Site 1', 'Site 2', 'Site 3']);

    // Asha protects more time; Ben keeps conflict in the site.
    const asha = phones[0];
    const slider = asha.locator('fieldset[data-setting="resources.protectedHoursPerWeek"] input[type=range]');
    await slider.focus();
    for (let i = 0; i < 8; i++) await asha.keyboard.press('ArrowRight');
    await slider.dispatchEvent('change');
    await asha.waitForSelector('fieldset[data-setting="resources.protectedHoursPerWeek"].chosen');
    await phones[1].check('fieldset[data-setting="site.conflictResponse"] input[value=local]');
    await phones[1].waitForSelector('fieldset[data-setting="site.conflictResponse"].chosen');
    await trainer.waitForFunction(() => document.querySelectorAll('.network .decided').length === 2);
    expect(await seriousViolations(asha)).toEqual([]);
    await asha.screenshot({ path: screenshotPath('room-phone-390x844.png'), fullPage: true });

    // A round timer shows on the phones while it runs; paused, it goes.
    await trainer.selectOption('#timer', '300');
    await trainer.waitForFunction(() => document.querySelector('#pause')?.textContent === 'Start the timer');
    await trainer.click('#pause');
    await asha.waitForSelector('.phone-head .clock');
    expect(await asha.textContent('.phone-head .clock')).toMatch(/^[45]:\d\d/);
    await trainer.click('#pause');
    await asha.waitForSelector('.phone-head .clock', { state: 'detached' });

    // The trainer asks for a prediction, then plays round 1.
    await trainer.selectOption('#ask', 'gapClosedAtFundingEnd');
    await phones[2].waitForSelector('.predict-form input');
    await phones[2].fill('.predict-form input', '35');
    await phones[2].click('.predict-form button');
    await phones[2].waitForSelector('.predict .pending');
    await trainer.click('#advance');
    await projector.waitForFunction(() => document.querySelector('.screen-head .round')?.textContent?.startsWith('Round 2'));
    await asha.waitForFunction(() => document.querySelector('.phone-head .sub')?.textContent?.includes('Round 2'));
    const ashaNow = await asha.textContent('fieldset[data-setting="resources.protectedHoursPerWeek"] .now');
    expect(ashaNow).toMatch(/Now: 5\.5 hours a week/);
    expect(await seriousViolations(projector)).toEqual([]);
    await projector.screenshot({ path: screenshotPath('room-projector-1920x1080.png') });

    // A phone reloads: it keeps its seat. A late phone takes a bot's seat.
    await phones[1].reload();
    await phones[1].waitForSelector('.phone-head h1');
    expect(await phones[1].textContent('.phone-head h1')).toMatch(/^Site 2 /);
    const late = await phone(code, 'Dev');
    expect(await late.textContent('.phone-head h1')).toMatch(/^Site 4 /);

    // The trainer ends the session: the model plays the rest, and the debrief replays the file.
    trainer.once('dialog', (d) => void d.accept());
    await trainer.click('#end');
    await asha.waitForSelector('.verdict');
    await trainer.click('#debrief');
    await trainer.waitForSelector('.debrief .headline');
    await trainer.waitForSelector('.effects table', { timeout: 120_000 });
    await expect(trainer.locator('table.sites thead th').last().textContent()).resolves.toMatch(/Decisions' effect, 8 seeds/);
    // The browser's replay of the session file gives the Node engine's numbers, digit for digit.
    const token = await trainer.evaluate((c) => localStorage.getItem(`ccsim.trainer.${c}`), code);
    const file = await (await fetch(`${baseURL}api/rooms/${code}/session`, { headers: { authorization: `Bearer ${token}` } })).json();
    const read = readSessionFile(file);
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    const inNode = debriefOf(read.session, read.scenario);
    const inBrowser = await trainer.evaluate(() => (window as unknown as { __ccsimDebrief: unknown }).__ccsimDebrief);
    expect(inBrowser).toEqual(inNode);
    expect(read.session.decisions.length).toBe(2);
    const timeline = await trainer.locator('.timeline li.decision').allTextContents();
    expect(await trainer.locator('.timeline li.event').count()).toBeGreaterThan(0);
    expect(timeline.some((t) => t.includes('Protected time') && t.includes('5.5'))).toBe(true);
    expect(timeline.some((t) => t.includes('Conflict') && t.includes('local'))).toBe(true);
    await trainer.screenshot({ path: screenshotPath('room-debrief-1280x800.png'), fullPage: true });
    for (const p of [...phones, late, projector, trainer]) await p.close();
  }, 240_000);
});
