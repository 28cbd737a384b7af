// The conference room at the four sizes a class meets it on — a projector's 1920×1080, a laptop's
// 1280×720, a tablet's 768 and a phone's 390 px — in real headless Chromium, measured from what the
// room reports it drew (window.communique.room(), page pixels) and from the page's own boxes: the
// primary actions above the fold, no sideways scroll, seats that never overlap, news cards that never
// cover a seat, the stamp on the adopted paragraph's own line of the docket; the stance grid whole on
// a projector's screen and its heat map remembered; the sounds and their mute control. Screenshots
// of each size land in tests/screenshots for a person to judge.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, waitRoom } from './browser.ts';
import { gameInBrowser } from './fixture.ts';
import { expectNoAxeViolations } from './axe.ts';
import type { Box, RoomLayout } from '../../src/game/model.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });

const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080, lang: 'en' },
  { name: '1280x720', width: 1280, height: 720, lang: 'en' },
  { name: '768x1024', width: 768, height: 1024, lang: 'en' },
  { name: '390x844', width: 390, height: 844, lang: 'en' },
  // Mirrored: the same facts hold right to left.
  { name: '1280x720-ar', width: 1280, height: 720, lang: 'ar' },
];

const env = gameInBrowser();

/** As the chair, India: after the welcome dinner, nobody withholds consensus on the fifth paragraph. */
const GAME = '?scenario=new-delhi-fmm-2023&seed=e2e-room&role=CHAIR&difficulty=standard';
const ADOPTABLE = 'multilateralism';

const room = (page: Page) => page.evaluate(() => window.communique.room()) as Promise<RoomLayout | null>;

function overlap(a: Box, b: Box): boolean {
  // Touching edges are not an overlap; a pixel inside is.
  return a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
}

async function command(page: Page, type: string): Promise<void> {
  const button = page.locator(`button[data-command="${type}"]`);
  await expect.poll(() => button.getAttribute('aria-disabled')).toBe('false');
  await button.click();
}

/** The welcome dinner ends; the chair gavels the fifth paragraph through, and the table moves on to the first. */
async function adoptOne(page: Page): Promise<void> {
  await command(page, 'end-slot');
  await page.selectOption('#pick-paragraph', ADOPTABLE);
  await command(page, 'call-adoption');
}

describe('the conference room at four sizes', () => {
  for (const size of SIZES) {
    it(`at ${size.name}: actions in view, no sideways scroll, seats apart, news and stamps where they belong`, async () => {
      const page = await env.browser.page(size.width, size.height);
      await page.goto(env.served.url);
      await page.evaluate(() => localStorage.clear());
      await page.goto(`${env.served.url}${GAME}&lang=${size.lang}`);
      await waitRoom(page);
      // The opening news plays as the game opens: its card is on screen with the seats.
      await expect.poll(async () => (await room(page))?.news.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      const opening = (await room(page))!;
      expect(opening.seats).toHaveLength(20);

      const page1 = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth - window.innerWidth,
        tall: document.documentElement.scrollHeight - window.innerHeight,
        primary: [...document.querySelectorAll('[data-primary] button')].map((b) => b.getBoundingClientRect().toJSON() as DOMRect),
        viewport: { w: window.innerWidth, h: window.innerHeight },
        instructor: document.querySelectorAll('[data-command="advance-slot"], [data-command="pause"], [data-command="inject-event"]').length,
      }));
      expect(page1.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(0);
      // Beside the room the panels scroll on their own: the page itself stays put.
      if (size.width > 1000) expect(page1.tall, 'the page scrolls down').toBeLessThanOrEqual(0);
      // Suggest a move and End the slot, wholly on screen without scrolling.
      expect(page1.primary.length).toBe(2);
      for (const b of page1.primary) {
        expect(b.top).toBeGreaterThanOrEqual(0);
        expect(b.bottom, 'a primary action is below the fold').toBeLessThanOrEqual(page1.viewport.h);
        expect(b.left).toBeGreaterThanOrEqual(0);
        expect(b.right).toBeLessThanOrEqual(page1.viewport.w);
      }
      // A solo player is not the instructor: none of the instructor's commands are offered.
      expect(page1.instructor).toBe(0);

      const seats = opening.seats;
      for (const [i, a] of seats.entries()) {
        expect(a.x, `${a.id} off the left edge`).toBeGreaterThanOrEqual(0);
        expect(a.x + a.w, `${a.id} off the right edge`).toBeLessThanOrEqual(size.width);
        for (const b of seats.slice(i + 1)) expect(overlap(a, b), `${a.id} and ${b.id} overlap`).toBe(false);
      }
      for (const card of opening.news) for (const seat of seats) expect(overlap(card, seat), `a news card covers ${seat.id}`).toBe(false);
      // Every docket line lies on the table, and none is under a seat.
      for (const row of opening.rows) {
        expect(row.x >= opening.table.x && row.x + row.w <= opening.table.x + opening.table.w, `${row.id} off the table`).toBe(true);
        for (const seat of seats) expect(overlap(row, seat)).toBe(false);
      }

      // The gavel: the stamp comes down on the adopted paragraph's own line of the docket, though the
      // table has already moved on to the next open paragraph.
      await adoptOne(page);
      await expect.poll(async () => (await room(page))?.stamps.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      await page.waitForTimeout(250);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `room-${size.name}.png`) });
      const later = (await room(page))!;
      const adopted = await page.$$eval('.draft-para.status-adopted .para-title', (els) => els.map((e) => (e as HTMLElement).dataset.key!.replace(/^draft-/, '')));
      expect(adopted).toEqual([ADOPTABLE]);
      expect(await page.inputValue('#pick-paragraph')).not.toBe(ADOPTABLE);
      expect(later.stamps.map((s) => [s.paragraph, s.adopted])).toEqual([[ADOPTABLE, true]]);
      for (const stamp of later.stamps) {
        const row = later.rows.find((r) => r.id === stamp.paragraph)!;
        expect(row, `no docket line for ${stamp.paragraph}`).toBeDefined();
        const centre = { x: stamp.x + stamp.w / 2, y: stamp.y + stamp.h / 2 };
        expect(centre.x >= row.x && centre.x <= row.x + row.w && centre.y >= row.y && centre.y <= row.y + row.h, `the stamp for ${stamp.paragraph} is off its line`).toBe(true);
        if (stamp.adopted) expect(adopted).toContain(stamp.paragraph);
      }
      // News cards of the later slots too: never over a seat.
      for (const card of later.news) for (const seat of later.seats) expect(overlap(card, seat), `a news card covers ${seat.id}`).toBe(false);
      expect(later.news.length, 'the new slot came with no news card').toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      expect(env.browser.errors).toEqual([]);
    });
  }

  it('shows every delegation of the stance grid on a projector’s screen, and keeps the heat map once chosen', async () => {
    const page = await env.browser.page(1920, 1080);
    await page.goto(env.served.url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${env.served.url}${GAME}`);
    await waitRoom(page);
    await page.click('#tab-grid');
    const fits = () =>
      page.evaluate(() => {
        const region = document.querySelector('.grid-scroll')!;
        const rows = [...document.querySelectorAll('#stance-grid tbody tr')].map((r) => r.getBoundingClientRect());
        const cols = [...document.querySelectorAll('#stance-grid thead th')].map((c) => c.getBoundingClientRect());
        return {
          rows: rows.length,
          inView: rows.filter((r) => r.top >= 0 && r.bottom <= window.innerHeight).length,
          columnsInView: cols.filter((c) => c.right <= region.getBoundingClientRect().right + 0.5).length,
          columns: cols.length,
          sideways: region.scrollWidth - region.clientWidth,
        };
      });
    const table = await fits();
    expect(table.rows).toBe(20);
    expect(table.inView, 'delegations below the fold').toBe(20);
    expect(table.columnsInView).toBe(table.columns);
    expect(table.sideways).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'room-grid-1920x1080.png') });

    await page.click('#grid-heat');
    expect(await page.getAttribute('#grid-heat', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('#stance-grid', 'data-view')).toBe('heat');
    const heat = await fits();
    expect(heat.inView).toBe(20);
    expect(heat.sideways).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'room-heat-1920x1080.png') });
    await expectNoAxeViolations(page, 'the heat map', '#docs');
    // Remembered: a reload (the same game resumed) opens the grid as a heat map.
    await page.reload();
    await waitRoom(page);
    await page.click('#tab-grid');
    expect(await page.getAttribute('#stance-grid', 'data-view')).toBe('heat');
    // On a phone the heat map fits across the screen, where the page never scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect((await fits()).sideways, 'the heat map scrolls sideways on a phone').toBeLessThanOrEqual(0);
    await page.locator('#stance-grid').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'room-heat-390x844.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('sounds the gavel and the news unless muted, and remembers the mute', async () => {
    const page = await env.browser.page(1280, 720);
    await page.goto(env.served.url);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${env.served.url}${GAME}`);
    await waitRoom(page);
    // A solo game starts with sound on.
    expect(await page.getAttribute('#sound', 'aria-pressed')).toBe('true');
    await expect.poll(() => page.evaluate(() => window.communique.cues().news)).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.communique.cues().gavel)).toBe(0);
    await adoptOne(page);
    await expect.poll(() => page.evaluate(() => window.communique.cues().gavel), { timeout: 10_000 }).toBe(1);
    // The murmur of a consultation.
    await page.selectOption('#pick-target', 'BR');
    await command(page, 'consult');
    await expect.poll(() => page.evaluate(() => window.communique.cues().murmur)).toBeGreaterThan(0);
    await page.click('#sound');
    expect(await page.getAttribute('#sound', 'aria-pressed')).toBe('false');
    expect(await page.evaluate(() => localStorage.getItem('communique.sound'))).toBe('off');
    await page.reload();
    await waitRoom(page);
    expect(await page.getAttribute('#sound', 'aria-pressed')).toBe('false');
    expect(env.browser.errors).toEqual([]);
  });
});
