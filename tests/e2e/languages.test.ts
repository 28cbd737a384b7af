// The game in every language, in headless Chromium: Arabic laid out right to left (title, room, end
// screen) and Hindi, screenshotted to look at; the picker by keyboard; only the chosen language's
// words fetched; and one link played with the same moves in all eight languages to the same state hash,
// with debrief CSVs whose ids and numbers are identical and only their label columns differ.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { ROOT, waitReady, waitRoom } from './browser.ts';
import { gameInBrowser } from './fixture.ts';
import { LANGUAGES, LANGUAGE_NAMES, type Lang } from '../../src/i18n/index.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });

const env = gameInBrowser();

const LINK = '?scenario=tutorial&seed=lang-1&role=CHAIR&difficulty=standard';

async function open(page: Page, query: string): Promise<void> {
  // No autosave or language choice carried over: cleared on the served origin before the page loads.
  if (!page.url().startsWith(env.served.url)) await page.goto(env.served.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${env.served.url}${query}`);
  await waitReady(page);
}

/** Clicks a command of the action panel by its engine type (an id, the same in every language). */
async function command(page: Page, type: string): Promise<void> {
  const button = page.locator(`button[data-command="${type}"]`).first();
  await expect.poll(() => button.getAttribute('aria-disabled')).toBe('false');
  await button.click();
}

/**
 * The same moves in any language, on the panel's own first choices (the first open paragraph, the first
 * other delegation, the next wording): consult, end the slot, table a wording, call for adoption, then
 * end each slot to the close. Few moves, because every one redraws the room.
 */
async function playFixedMoves(page: Page): Promise<void> {
  await waitRoom(page);
  expect(await page.locator('#pick-target').inputValue()).toBe('NOR');
  await command(page, 'consult');
  await command(page, 'end-slot');
  await command(page, 'propose');
  await command(page, 'call-adoption');
  // Then the player ends each slot until the meeting closes (the AI seats take their turns between).
  for (let i = 0; i < 12 && (await page.locator('#screen-end').isHidden()); i++) await command(page, 'end-slot');
  await expect.poll(() => page.locator('#screen-end').isVisible()).toBe(true);
}

async function downloadText(page: Page, selector: string): Promise<string> {
  const [download] = (await Promise.all([page.waitForEvent('download'), page.click(selector)])) as [Download, void];
  return readFileSync((await download.path())!, 'utf8');
}

describe('languages in the browser', () => {
  it('lays the Arabic title out right to left, with the picker naming each language in itself, and fetches no English', async () => {
    const page = await env.browser.page(1280, 900);
    await open(page, '');
    // Counted from the Arabic page's own load only.
    const scripts: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.js')) scripts.push(r.url());
    });
    await page.goto(`${env.served.url}?lang=ar`);
    await waitReady(page);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    const options = await page.locator('#lang option').evaluateAll((els) => els.map((e) => [e.getAttribute('value'), e.getAttribute('lang'), e.textContent]));
    expect(options).toEqual(LANGUAGES.map((l) => [l, l, LANGUAGE_NAMES[l]]));
    expect(await page.locator('#start').textContent()).toBe('افتتح الاجتماع');
    // The page really is mirrored: the first column of the title grid sits on the right.
    const [first, last] = await page.locator('.title-col').evaluateAll((els) => [els[0]!.getBoundingClientRect().left, els.at(-1)!.getBoundingClientRect().left]);
    expect(first).toBeGreaterThan(last!);
    await page.screenshot({ path: join(SHOTS, 'title-ar.png'), fullPage: true });
    // Only Arabic's catalogues were fetched: no script the page loaded holds the English title button.
    const urls = [...new Set(scripts)];
    const bodies = await Promise.all(urls.map((u) => page.evaluate((url) => fetch(url).then((r) => r.text()), u)));
    expect(bodies.length).toBeGreaterThan(0);
    expect(urls.filter((_, i) => bodies[i]!.includes('Open the meeting'))).toEqual([]);
    expect(bodies.some((b) => b.includes('افتتح الاجتماع'))).toBe(true);
    expect(env.browser.errors).toEqual([]);
  });

  it('switches language from the picker by keyboard, and remembers it', async () => {
    const page = await env.browser.page(1280, 720);
    await open(page, '');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.focus('#lang');
    await page.selectOption('#lang', 'fr');
    await page.waitForURL(/lang=fr/);
    await waitReady(page);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    expect(await page.locator('#start').textContent()).toBe('Ouvrir la réunion');
    // Without ?lang= the last choice is kept.
    await page.goto(env.served.url);
    await waitReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.evaluate(() => localStorage.clear());
  });

  it('plays the Arabic room and end screen right to left, and Hindi with its own script', async () => {
    const page = await env.browser.page(1280, 800);
    await open(page, `${LINK}&lang=ar`);
    await waitRoom(page);
    await expect.poll(() => page.locator('#actions-h').textContent()).toMatch(/^دورك/);
    // The panels stand on the left of the stage in Arabic (the stage leads, from the right).
    const [stage, panels] = await Promise.all([page.locator('#stage').boundingBox(), page.locator('.panels').boundingBox()]);
    expect(stage!.x).toBeGreaterThan(panels!.x);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'room-ar.png') });
    await playFixedMoves(page);
    expect(await page.locator('#explain-h').textContent()).toBe('النتيجة مشروحة');
    await page.screenshot({ path: join(SHOTS, 'end-ar.png'), fullPage: true });

    await open(page, `${LINK}&lang=hi`);
    await waitRoom(page);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'room-hi.png') });
    await open(page, '?lang=hi');
    await page.screenshot({ path: join(SHOTS, 'title-hi.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('plays one link with the same moves to the same state hash in all eight languages; the CSVs differ only in their words', async () => {
    // A small window: the room draws less, and eight games fit the time the suite allows.
    const page = await env.browser.page(1024, 700);
    const results: { lang: Lang; hash: string; stances: string; actions: string }[] = [];
    for (const lang of LANGUAGES) {
      await open(page, `${LINK}&lang=${lang}`);
      await playFixedMoves(page);
      const hash = (await page.evaluate(() => window.communique.stateHash()))!;
      // The debrief's CSVs from the browser in English and Arabic (the CLI test compares all eight).
      if (lang !== 'en' && lang !== 'ar') {
        results.push({ lang, hash, stances: '', actions: '' });
        continue;
      }
      await page.click('#debrief-end');
      await page.locator('#export-stances-csv').waitFor();
      results.push({ lang, hash, stances: await downloadText(page, '#export-stances-csv'), actions: await downloadText(page, '#export-actions-csv') });
    }
    const english = results[0]!;
    expect(english.hash).toMatch(/^[0-9a-f]{64}$/);
    const rows = (csv: string) => csv.trimEnd().split('\n');
    // step, slot, kind, actor, target, paragraph, result, private: ids and numbers; reason and text: words.
    const ids = (line: string) => {
      const cells = [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, 10);
      return [...cells.slice(0, 7), cells[8]];
    };
    for (const r of results) {
      expect(r.hash, r.lang).toBe(english.hash);
      if (r.stances === '') continue;
      expect(r.stances, `${r.lang} stances CSV`).toBe(english.stances);
      expect(rows(r.actions).length, r.lang).toBe(rows(english.actions).length);
      expect(rows(r.actions).map(ids), `${r.lang} actions CSV ids`).toEqual(rows(english.actions).map(ids));
    }
    // The words did change: the Arabic transcript is not the English one.
    const ar = results.find((r) => r.lang === 'ar')!;
    expect(ar.actions).not.toBe(english.actions);
    expect(ar.actions).toMatch(/[\u0600-\u06FF]/);
    expect(env.browser.errors).toEqual([]);
  });
});
