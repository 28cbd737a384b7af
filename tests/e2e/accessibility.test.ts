// Issue #4's "for everyone" in real headless Chromium: every text on the HTML screens meets WCAG AA
// contrast (title, room panels, end, replay viewer, debrief, classroom), axe-core finds no WCAG 2.2
// AA violation on any of them (issue #12), and the game plays by touch alone on a tablet: a seat
// tapped in the Phaser room, the action buttons tapped, the slot ended.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromium, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../server/harness.ts';
import { CHROMIUM_ARGS, ROOT, findChromium, waitReady, waitRoom } from './browser.ts';
import { gameInBrowser } from './fixture.ts';
import { checkContrast, formatFailures } from './contrast.ts';
import { AXE_LANGUAGES, axeViolations, withLanguage } from './axe.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });
const GOLDEN = join(ROOT, 'tests/golden/new-delhi-fmm-2023.chair.seed-1.replay.json');

const env = gameInBrowser();

/**
 * Checks the page as it stands now — our contrast measure, then axe-core's WCAG 2.2 AA rules on the
 * whole page; collects rather than throws, so one run lists every screen.
 */
async function contrast(page: Page, where: string, found: string[], root?: string): Promise<void> {
  // Transitions (tab fades, focus rings) settle first.
  await page.waitForTimeout(300);
  const report = await checkContrast(page, root);
  if (process.env.CONTRAST_LOG) console.log(formatFailures(where, report));
  expect(report.checked, `${where}: no text was measured`).toBeGreaterThan(5);
  if (report.failures.length > 0) found.push(formatFailures(where, report));
  found.push(...(await axeViolations(page, where)));
}

async function command(page: Page, type: string): Promise<void> {
  const button = page.locator(`button[data-command="${type}"]`);
  await expect.poll(() => button.getAttribute('aria-disabled')).toBe('false');
  await button.click();
}

// Every screen in each language of AXE_LANGUAGES (tests/e2e/axe.ts): adding one there reruns them all.
for (const lang of AXE_LANGUAGES)
  describe(`WCAG 2.2 AA: contrast and axe-core, in ${lang}`, () => {
  it('holds for every text on the title, the room panels, the end screen, the replay viewer and the debrief', async () => {
    const found: string[] = [];
    const page = await env.browser.page(1280, 720);
    await page.goto(`${env.served.url}${withLanguage('', lang)}`);
    await page.evaluate(() => localStorage.clear());
    await page.goto(`${env.served.url}${withLanguage('', lang)}`);
    await waitReady(page);
    await contrast(page, 'title', found);
    // The tablet layout, too.
    await page.setViewportSize({ width: 768, height: 1024 });
    await contrast(page, 'title at 768 px', found);
    await page.setViewportSize({ width: 1280, height: 720 });

    // The room mid-game: the action panel, then each tab of the documents panel.
    await page.goto(`${env.served.url}${withLanguage(`?scenario=new-delhi-fmm-2023&seed=e2e-contrast&role=CHAIR&difficulty=standard`, lang)}`);
    await waitRoom(page);
    await page.selectOption('#pick-target', 'RU');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await command(page, 'consult');
    await command(page, 'end-slot');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await page.selectOption('#pick-target', 'CN');
    await command(page, 'lobby');
    await contrast(page, 'room (draft tab)', found, '#screen-room');
    for (const tab of await page.locator('#docs [role="tab"]').all()) {
      await tab.click();
      await contrast(page, `room (${(await tab.textContent())?.trim()} tab)`, found, '#screen-room');
    }

    // The end screen of a whole game, loaded from a replay file.
    await page.goto(`${env.served.url}${withLanguage('', lang)}`);
    await waitReady(page);
    await page.setInputFiles('#import-title', GOLDEN);
    await page.locator('#doc-title').waitFor();
    await contrast(page, 'end', found, '#screen-end');

    // The replay viewer, scrubbed half-way, and the debrief.
    await page.goto(`${env.served.url}${withLanguage(`?viewer`, lang)}`);
    await waitReady(page);
    await page.locator('#drop-zone').waitFor();
    await contrast(page, 'viewer (drop zone)', found, '#screen-viewer');
    await page.setInputFiles('#viewer-file', GOLDEN);
    await page.locator('#scrub').waitFor();
    await page.locator('#scrub').fill('40');
    await contrast(page, 'viewer (step 40)', found, '#screen-viewer');
    await page.click('#vdoc-grid');
    await contrast(page, 'viewer (grid)', found, '#screen-viewer');
    await page.click('#vtab-debrief');
    await page.locator('#debrief').waitFor();
    await expect.poll(() => page.locator('#chart-distance svg path').count()).toBeGreaterThan(5);
    await contrast(page, 'debrief', found, '#screen-viewer');
    await page.click('#vtab-compare');
    await page.locator('#compare-h').waitFor();
    await contrast(page, 'compare', found, '#screen-viewer');

    expect(found, found.join('\n')).toEqual([]);
    expect(env.browser.errors).toEqual([]);
  });

  it('holds on the classroom instructor and student pages', async () => {
    const server: RunningServer = await startServer();
    try {
      const found: string[] = [];
      const teacher = await env.browser.page(1280, 720);
      await teacher.goto(`${env.served.url}${withLanguage(`?instructor&server=${encodeURIComponent(server.url)}`, lang)}`);
      await waitReady(teacher);
      await contrast(teacher, 'instructor (new session)', found);
      await teacher.fill('#cr-minutes', '0');
      await teacher.selectOption('#cr-scenario', 'new-delhi-fmm-2023');
      await teacher.click('#cr-submit');
      await expect.poll(() => teacher.locator('#join-code').first().textContent(), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      const code = (await teacher.locator('#join-code').first().textContent())!.replace('-', '');

      const student = await env.browser.context.newPage();
      await student.setViewportSize({ width: 1280, height: 720 });
      await student.goto(`${env.served.url}${withLanguage(`?join=${code}&server=${encodeURIComponent(server.url)}`, lang)}`);
      await waitReady(student);
      await contrast(student, 'student (join)', found);
      await student.fill('#join-name', 'Ana');
      await student.keyboard.press('Enter');
      await expect.poll(() => student.locator('#who').first().textContent(), { timeout: 15_000 }).toContain('Ana');
      await expect.poll(() => teacher.locator('#class-table tbody tr').count(), { timeout: 10_000 }).toBe(1);
      const start = teacher.locator('#ctl-start');
      await expect.poll(() => start.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
      await start.click();
      await expect.poll(() => student.locator('#session-state').first().getAttribute('data-state'), { timeout: 15_000 }).toBe('running');
      await expect.poll(() => teacher.locator('#heat-map td.cell').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await contrast(teacher, 'instructor (running)', found);
      await contrast(student, 'student (in session)', found, '#screen-room');
      await student.close();
      expect(found, found.join('\n')).toEqual([]);
      expect(env.browser.errors).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('touch', () => {
  it('plays New Delhi on a 768×1024 touch screen by taps alone', async () => {
    const found = findChromium();
    if (!found) throw new Error('no Chromium');
    const touchBrowser = await chromium.launch({ executablePath: found, headless: true, args: CHROMIUM_ARGS });
    const errors: string[] = [];
    try {
      const context = await touchBrowser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: false });
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' && !/GPU stall|GL Driver Message/i.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${env.served.url}?scenario=new-delhi-fmm-2023&seed=e2e-touch&role=CHAIR&difficulty=standard`);
      await waitReady(page);
      await waitRoom(page);
      const hash = () => page.evaluate(() => window.communique.stateHash());
      const start = await hash();
      expect(start).toMatch(/^[0-9a-f]{64}$/);

      // Tap seats round the table, where the room says it drew them: each tap picks that delegation.
      const seats = (await page.evaluate(() => window.communique.room()))!.seats.filter((s) => s.id !== 'IN');
      const picked: string[] = [];
      for (const seat of [seats[0]!, seats[3]!, seats[9]!, seats[15]!]) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.touchscreen.tap(seat.x + seat.w / 2, seat.y + seat.h / 2);
        await expect.poll(() => page.locator('#pick-target').inputValue()).toBe(seat.id);
        picked.push(seat.id);
      }
      expect(new Set(picked).size).toBe(4);
      const target = await page.locator('#pick-target').inputValue();
      const targetName = (await page.locator(`#pick-target option[value="${target}"]`).textContent())!.trim();

      // Tap "Consult": the engine takes it, the state moves and the transcript records it.
      const tap = async (selector: string) => {
        const button = page.locator(selector);
        await expect.poll(() => button.getAttribute('aria-disabled')).not.toBe('true');
        await button.scrollIntoViewIfNeeded();
        await button.tap();
      };
      await tap('button[data-command="consult"]');
      await expect.poll(hash).not.toBe(start);
      await expect.poll(() => page.locator('.intel .known').count()).toBe(1);
      const afterConsult = await hash();
      await tap('button[data-command="lobby"]');
      await expect.poll(hash).not.toBe(afterConsult);
      const clock = await page.locator('#clock').textContent();
      await tap('button[data-command="end-slot"]');
      await expect.poll(() => page.locator('#clock').textContent()).not.toBe(clock);
      await tap('#tab-transcript');
      await expect.poll(() => page.locator('#tab-transcript').getAttribute('aria-selected')).toBe('true');
      const transcript = (await page.locator('.transcript-list').textContent()) ?? '';
      expect(transcript).toContain('consult');
      expect(transcript).toContain(targetName.replace(/\s*\(.*\)$/, ''));
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, 'touch-768x1024.png') });
      expect(errors).toEqual([]);
      await context.close();
    } finally {
      await touchBrowser.close();
    }
  });
});

