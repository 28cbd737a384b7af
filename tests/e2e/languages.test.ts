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

/**
 * The lines of ink under the docket on the draft laid on the table, read from the room's backdrop (the
 * 2D canvas that holds the drawn room): the draft is the paper-white sheet, the docket ends at its rule,
 * and a line is a run of rows with dark pixels on the sheet below it — the paragraph's heading, its
 * status and its wording — each with its horizontal middle against the sheet's.
 */
async function tableLines(page: Page): Promise<{ centre: number; lines: { top: number; bottom: number; middle: number; width: number }[] }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('#stage canvas')!;
    const { width: W, height: H } = canvas;
    const data = canvas.getContext('2d')!.getImageData(0, 0, W, H).data;
    const at = (x: number, y: number) => (y * W + x) * 4;
    const near = (i: number, rgb: number, d: number) => Math.abs(data[i]! - (rgb >> 16)) <= d && Math.abs(data[i + 1]! - ((rgb >> 8) & 255)) <= d && Math.abs(data[i + 2]! - (rgb & 255)) <= d;
    let [x0, x1, y0, y1] = [W, -1, H, -1];
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (near(at(x, y), 0xfbf8f0, 2)) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
    // The docket's rule: the first row of the sheet mostly in the rule's colour.
    let rule = y0;
    for (let y = y0; y <= y1; y++) {
      let n = 0;
      for (let x = x0; x <= x1; x++) if (near(at(x, y), 0xb8a47c, 8)) n++;
      if (n > (x1 - x0) / 2) {
        rule = y;
        break;
      }
    }
    const [left, right] = [x0 + 4, x1 - 4];
    const ink = (i: number) => 0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]! < 110;
    const lines: { top: number; bottom: number; middle: number; width: number }[] = [];
    let open: { top: number; min: number; max: number } | null = null;
    for (let y = rule + 3; y <= y1 - 2; y++) {
      let [min, max] = [W, -1];
      for (let x = left; x <= right; x++) if (ink(at(x, y))) [min, max] = [Math.min(min, x), Math.max(max, x)];
      if (max >= 0) open = open ? { top: open.top, min: Math.min(open.min, min), max: Math.max(open.max, max) } : { top: y, min, max };
      else if (open) {
        if (y - open.top > 5) lines.push({ top: open.top, bottom: y, middle: (open.min + open.max) / 2, width: open.max - open.min });
        open = null;
      }
    }
    return { centre: (x0 + x1) / 2, lines };
  });
}

/** Fails unless every line of text on the draft (at least `least` of them) is centred on it. */
async function expectCentredTable(page: Page, least: number): Promise<void> {
  const { centre, lines } = await tableLines(page);
  expect(lines.length, JSON.stringify(lines)).toBeGreaterThanOrEqual(least);
  // The lines differ in length (a centred block, not one width repeated): else flush right would pass.
  expect(Math.max(...lines.map((l) => l.width)) - Math.min(...lines.map((l) => l.width))).toBeGreaterThan(30);
  for (const l of lines) expect(Math.abs(l.middle - centre), `line at y ${l.top}: middle ${l.middle}, table centre ${centre}`).toBeLessThanOrEqual(6);
}

/** Nothing on the page is wider than the window (a right-to-left page pushed sideways shows its end). */
async function expectNoSideways(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
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
    // A phone first: the title, and the room with the paragraph's Arabic lines centred on the table.
    const phone = await env.browser.page(390, 844);
    await open(phone, '?lang=ar');
    await expectNoSideways(phone);
    await phone.screenshot({ path: join(SHOTS, 'title-ar-390.png') });
    await open(phone, `${LINK}&lang=ar`);
    await waitRoom(phone);
    await phone.waitForTimeout(600);
    await expectCentredTable(phone, 4);
    await expectNoSideways(phone);
    await phone.screenshot({ path: join(SHOTS, 'room-ar-390.png') });

    const page = await env.browser.page(1280, 720);
    await open(page, '?lang=ar');
    await page.screenshot({ path: join(SHOTS, 'title-ar-1280x720.png') });
    await open(page, `${LINK}&lang=ar`);
    await waitRoom(page);
    await expect.poll(() => page.locator('#actions-h').textContent()).toMatch(/^دورك/);
    // The panels stand on the left of the stage in Arabic (the stage leads, from the right).
    const [stage, panels] = await Promise.all([page.locator('#stage').boundingBox(), page.locator('.panels').boundingBox()]);
    expect(stage!.x).toBeGreaterThan(panels!.x);
    await page.waitForTimeout(600);
    // Phaser draws `rtl` text flush right whatever its `align`: the room centres each line itself.
    await expectCentredTable(page, 4);
    await page.screenshot({ path: join(SHOTS, 'room-ar.png') });
    // The clock's headline as the slot ends: in Arabic it rests at the table's foot, clear of the seats.
    await command(page, 'end-slot');
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, 'room-ar-banner.png') });
    await playFixedMoves(page);
    expect(await page.locator('#explain-h').textContent()).toBe('النتيجة مشروحة');
    await page.screenshot({ path: join(SHOTS, 'end-ar.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await expectNoSideways(page);
    await page.screenshot({ path: join(SHOTS, 'end-ar-390.png'), fullPage: true });

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
