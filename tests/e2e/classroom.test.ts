// The classroom in real headless Chromium against a real classroom server: the instructor creates a
// session and starts it, two students join from their own pages and act (a consultation, a private
// bilateral the instructor sees), the instructor closes the slot and both students see the next one,
// and a student's reload returns to the same seat — with screenshots of the control room and a student.
// Everything a student's page receives, over HTTP and its WebSocket, is searched for other seats' hidden
// facts and the events still in the deck: the page fetches no scenario file. The control room in
// Arabic, right to left, with no English catalogue words left on it. And the whole classroom served by
// the classroom server itself, which serves no scenario file: each page gets its scenario from its API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startServer, type RunningServer } from '../server/harness.ts';
import { readReplay, verifyReplay } from '../../src/engine/replay.ts';
import { scenario as loadScenario } from '../helpers.ts';
import { ROOT, openBrowser, serve, waitReady, type Browser, type Served } from './browser.ts';
import { englishIn, englishPhrases, scenarioStrings, textOnScreen } from './english-left.ts';
import { expectNoAxeViolations } from './axe.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });

let server: RunningServer;
let served: Served;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  served = await serve();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await server?.stop();
});

const text = (page: Page, selector: string) => page.locator(selector).first().textContent();

async function click(page: Page, selector: string): Promise<void> {
  const button = page.locator(selector);
  await expect.poll(() => button.getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
  await button.click();
}

async function joinAs(page: Page, code: string, name: string): Promise<void> {
  await page.goto(`${served.url}?join=${code}&server=${encodeURIComponent(server.url)}`);
  await waitReady(page);
  await page.fill('#join-name', name);
  await page.keyboard.press('Enter');
  await expect.poll(() => text(page, '#who'), { timeout: 15_000 }).toContain(name);
}

describe('the classroom in the browser', () => {
  it('an instructor and two students play a slot, and a reload keeps the seat', async () => {
    const teacher = await browser.page(1280, 720);
    await teacher.goto(`${served.url}?instructor&server=${encodeURIComponent(server.url)}`);
    await waitReady(teacher);
    await teacher.fill('#cr-minutes', '10');
    await teacher.selectOption('#cr-scenario', 'new-delhi-fmm-2023');
    await teacher.click('#cr-submit');
    await expect.poll(() => text(teacher, '#join-code'), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const code = (await text(teacher, '#join-code'))!.replace('-', '');
    expect(await teacher.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/png/);

    const ana = await browser.context.newPage();
    await ana.setViewportSize({ width: 1280, height: 720 });
    // Every address Ana's page asks for, every body it is sent, every WebSocket frame it receives.
    const asked: string[] = [];
    const received: Buffer[] = [];
    ana.on('request', (r) => asked.push(r.url()));
    ana.on('response', (r) => void r.body().then((b) => received.push(b), () => undefined));
    ana.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(typeof f.payload === 'string' ? Buffer.from(f.payload) : f.payload)));
    await joinAs(ana, code, 'Ana');
    const ben = await browser.context.newPage();
    await ben.setViewportSize({ width: 768, height: 1024 });
    await joinAs(ben, code, 'Ben');
    expect(await text(ana, '#who')).toContain('Argentina');
    expect(await text(ben, '#who')).toContain('Australia');
    // A classroom page starts silent: a room of laptops all sounding the gavel helps nobody.
    expect(await ana.getAttribute('#sound', 'aria-pressed')).toBe('false');

    // The instructor sees both, seated, and starts the meeting.
    await expect.poll(() => teacher.locator('#class-table tbody tr').count(), { timeout: 10_000 }).toBe(2);
    await click(teacher, '#ctl-start');
    await expect.poll(() => text(teacher, '#session-state'), { timeout: 15_000 }).toBe('Running');
    await expect.poll(() => text(ana, '#session-state')).toBe('In session');

    // Ana consults Russia on the war paragraph, by keyboard; its position appears in her panel only.
    await ana.selectOption('#pick-target', 'RU');
    await ana.selectOption('#pick-paragraph', 'ukraine-war');
    await expect.poll(() => ana.locator('button[data-command="consult"]').getAttribute('aria-disabled')).toBe('false');
    await ana.locator('button[data-command="consult"]').focus();
    await ana.keyboard.press('Enter');
    await expect.poll(() => ana.locator('.intel .known').count(), { timeout: 10_000 }).toBe(1);

    // Ben writes to Ana privately; the instructor's control room shows the bilateral.
    await ben.click('#tab-messages');
    await ben.selectOption('#message-to', 'AR');
    await ben.fill('#message-text', 'Shall we hold the Bali wording together?');
    await ben.click('#message-send');
    await expect.poll(() => text(ben, '#message-list'), { timeout: 10_000 }).toContain('Bali wording');
    await expect.poll(() => text(teacher, '#bilaterals'), { timeout: 10_000 }).toContain('AU → AR');
    await expect.poll(() => ana.locator('#tab-messages').textContent()).toContain('(1)');

    // The instructor closes the slot; both students see the next one.
    const before = { ana: await text(ana, '#clock'), ben: await text(ben, '#clock') };
    await click(teacher, '#ctl-advance');
    await expect.poll(() => text(ana, '#clock'), { timeout: 10_000 }).not.toBe(before.ana);
    await expect.poll(() => text(ben, '#clock'), { timeout: 10_000 }).not.toBe(before.ben);
    await expect.poll(() => teacher.locator('#heat-map td.cell').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    await teacher.waitForTimeout(400);
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-1280x720.png') });
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-full.png'), fullPage: true });
    await ana.screenshot({ path: join(SHOTS, 'classroom-student-1280x720.png') });
    // The English control room is full of the phrases the Arabic test looks for: the look-up can fail.
    expect(englishIn(await textOnScreen(teacher), englishPhrases(['classroom', 'game', 'reports'], 'ar')).length).toBeGreaterThan(20);
    await ben.screenshot({ path: join(SHOTS, 'classroom-student-768x1024.png') });

    // A reload brings Ana back to Argentina, with what she learnt.
    await ana.reload();
    await waitReady(ana);
    await expect.poll(() => text(ana, '#who'), { timeout: 15_000 }).toContain('Argentina');
    await ana.selectOption('#pick-target', 'RU');
    await ana.selectOption('#pick-paragraph', 'ukraine-war');
    await expect.poll(() => ana.locator('.intel .known').count()).toBe(1);
    await expect.poll(() => teacher.locator('#class-table tbody tr').count()).toBe(2);
    // The slot's real deadline is on her page; her return link brings her seat to a tab that never had it.
    await expect.poll(() => text(ana, '#deadline'), { timeout: 10_000 }).toMatch(/^The slot closes: .*\d/);
    const back = (await ana.locator('#return-link').getAttribute('href'))!;
    expect(back).toMatch(/#seat=/);
    const elsewhere = await browser.context.newPage();
    await elsewhere.setViewportSize({ width: 1280, height: 720 });
    await elsewhere.goto(back);
    await waitReady(elsewhere);
    await expect.poll(() => text(elsewhere, '#who'), { timeout: 15_000 }).toContain('Ana · Argentina');
    expect(elsewhere.url()).not.toContain('seat=');
    await elsewhere.close();

    // More time on the slot: "Add 5 minutes" moves the deadline (WCAG 2.2.1).
    const minutesLeft = async () => Number(/^(\d+):/.exec((await text(teacher, '#timer')) ?? '')?.[1] ?? -1);
    const beforeExtend = await minutesLeft();
    await click(teacher, '#ctl-extend');
    await expect.poll(minutesLeft, { timeout: 10_000 }).toBeGreaterThanOrEqual(beforeExtend + 4);

    // The instructor link reopens the control room in another tab (no sessionStorage there).
    const link = await teacher.locator('#instructor-link').inputValue();
    expect(link).toMatch(/\?instructor=[0-9A-Z]{5}-[0-9A-Z]{5}.*#secret=/);
    const other = await browser.context.newPage();
    await other.setViewportSize({ width: 1280, height: 720 });
    await other.goto(link);
    await waitReady(other);
    await expect.poll(() => text(other, '#join-code'), { timeout: 15_000 }).toBe(await text(teacher, '#join-code'));
    expect(other.url()).not.toContain('secret');
    await expect.poll(() => other.locator('#ctl-pause').getAttribute('aria-disabled'), { timeout: 10_000 }).toBe('false');
    await other.close();

    // The projector: the public room only, in large type, with a big QR code.
    const projectorLink = await teacher.locator('#projector-link').getAttribute('href');
    const projector = await browser.context.newPage();
    await projector.setViewportSize({ width: 1920, height: 1080 });
    await projector.goto(projectorLink!);
    await waitReady(projector);
    await expect.poll(() => text(projector, '#pj-code'), { timeout: 15_000 }).toBe(await text(teacher, '#join-code'));
    await expect.poll(() => projector.locator('#pj-heat-map td.cell').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const body = (await projector.locator('body').textContent()) ?? '';
    expect(body).not.toContain('Bali wording');
    expect(body).not.toContain('Ana');
    expect(projector.url()).not.toContain('secret');
    // Polled: every board message redraws the projector, so one measurement can meet a replaced image.
    const qrWidth = async () => (await projector.locator('#pj-qr').boundingBox())?.width ?? 0;
    await expect.poll(qrWidth).toBeGreaterThanOrEqual(300);
    await projector.waitForTimeout(300);
    await projector.screenshot({ path: join(SHOTS, 'classroom-projector-1920x1080.png') });
    await projector.setViewportSize({ width: 1280, height: 720 });
    await projector.waitForTimeout(300);
    await expect.poll(qrWidth).toBeGreaterThanOrEqual(300);
    await projector.screenshot({ path: join(SHOTS, 'classroom-projector-1280x720.png') });
    await projector.close();

    // The roster: lock it, then remove Ben; his row says so.
    await teacher.click('#ctl-lock');
    await expect.poll(() => text(teacher, '#roster-state'), { timeout: 10_000 }).toContain('Locked');
    teacher.once('dialog', (d) => void d.accept());
    await teacher.locator('tr[data-student="Ben"] button[data-action="kick"]').click();
    await expect.poll(() => text(teacher, 'tr[data-student="Ben"] td.manage'), { timeout: 10_000 }).toContain('removed');
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-v2-full.png'), fullPage: true });

    // The session ends; the replay is there to download.
    teacher.once('dialog', (d) => void d.accept());
    await click(teacher, '#ctl-end');
    await expect.poll(() => text(teacher, '#session-state'), { timeout: 10_000 }).toBe('Ended');
    const download = teacher.waitForEvent('download');
    await teacher.click('#ctl-download');
    expect((await download).suggestedFilename()).toMatch(/\.replay\.json$/);

    // Ana's page held Argentina's brief, Russia's position on the war she consulted, the events that
    // broke — and not one other hidden sentence, nor a scenario or texts file.
    const secret = new URLSearchParams(new URL(link).hash.slice(1)).get('secret')!;
    const replayed = readReplay(await (await fetch(`${server.url}/api/sessions/${code}/replay`, { headers: { Authorization: `Bearer ${secret}` } })).json());
    expect(replayed.ok).toBe(true);
    const full = loadScenario('new-delhi-fmm-2023');
    let dealt: readonly string[] = [];
    verifyReplay(full, (replayed as Extract<typeof replayed, { ok: true }>).replay, (_step, meeting) => (dealt = meeting.state.eventsDealt));
    const bytes = Buffer.concat(received);
    const has = (text: string) => bytes.includes(Buffer.from(text, 'utf8'));
    const argentina = full.delegations.find((d) => d.id === 'AR')!;
    const consulted = full.delegations.find((d) => d.id === 'RU')!.positions['ukraine-war']!.reason;
    expect(Object.values(argentina.positions).every((p) => has(p.reason))).toBe(true);
    expect(has(consulted)).toBe(true);
    const open = JSON.stringify([argentina, full.paragraphs, full.meta]);
    const hidden = [
      ...full.delegations.filter((d) => d.id !== 'AR').flatMap((d) => [...Object.values(d.positions).map((p) => p.reason), ...(d.note ? [d.note] : [])]),
      ...full.events.filter((e) => !dealt.includes(e.id)).flatMap((e) => [e.title, e.text]),
    ].filter((t) => t !== consulted && !open.includes(JSON.stringify(t).slice(1, -1)));
    expect(hidden.length).toBeGreaterThan(150);
    expect(hidden.filter(has)).toEqual([]);
    expect(asked.filter((url) => /\/scenarios\/|\.json(\?|$)/.test(new URL(url).pathname))).toEqual([]);

    // "Your sessions": a fresh instructor tab lists this one and reopens it.
    const fresh = await browser.context.newPage();
    await fresh.setViewportSize({ width: 1280, height: 720 });
    await fresh.goto(`${served.url}?instructor&server=${encodeURIComponent(server.url)}`);
    await waitReady(fresh);
    await expect.poll(() => fresh.locator(`#your-sessions button[data-reopen="${code}"]`).count(), { timeout: 10_000 }).toBe(1);
    await fresh.screenshot({ path: join(SHOTS, 'classroom-your-sessions-full.png'), fullPage: true });
    await fresh.click(`#your-sessions button[data-reopen="${code}"]`);
    await expect.poll(() => text(fresh, '#session-state'), { timeout: 15_000 }).toBe('Ended');
    expect(browser.errors).toEqual([]);
  });

  it('runs the control room in Arabic: right to left, no English words of the catalogues, axe clean', async () => {
    const phrases = englishPhrases(['classroom', 'game', 'reports'], 'ar');
    expect(phrases.length).toBeGreaterThan(300);
    const seen: string[] = [];
    const look = async (page: Page) => seen.push(...(await textOnScreen(page)));
    const teacher = await browser.page(1280, 720);
    // A fresh desk: no session kept by the tab, none listed from the English test.
    await teacher.goto(served.url);
    await teacher.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
    await teacher.goto(`${served.url}?instructor&lang=ar&server=${encodeURIComponent(server.url)}`);
    await waitReady(teacher);
    teacher.on('dialog', (d) => {
      seen.push(d.message());
      void d.accept(d.type() === 'prompt' ? 'Hoda' : undefined);
    });
    expect(await teacher.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await look(teacher);
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-ar-create.png'), fullPage: true });
    await teacher.fill('#cr-minutes', '7');
    await teacher.selectOption('#cr-scenario', 'new-delhi-fmm-2023');
    await teacher.click('#cr-submit');
    await expect.poll(() => text(teacher, '#join-code'), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const code = (await text(teacher, '#join-code'))!.replace('-', '');
    await look(teacher);

    const ana = await browser.context.newPage();
    await ana.goto(`${served.url}?join=${code}&lang=ar&server=${encodeURIComponent(server.url)}`);
    await waitReady(ana);
    await ana.fill('#join-name', 'Ana');
    await ana.keyboard.press('Enter');
    await expect.poll(() => teacher.locator('#class-table tbody tr').count(), { timeout: 10_000 }).toBe(1);
    // A second "Ana" is refused at the door: the server's problem, worded by the page in Arabic.
    const twin = await browser.context.newPage();
    await twin.goto(`${served.url}?join=${code}&lang=ar&server=${encodeURIComponent(server.url)}`);
    await waitReady(twin);
    await twin.fill('#join-name', 'ana');
    await twin.keyboard.press('Enter');
    await expect.poll(() => text(twin, '#join-error'), { timeout: 10_000 }).toContain('في هذه الجلسة طالب باسم');
    await look(twin);
    await twin.close();
    await click(teacher, '#ctl-start');
    await expect.poll(() => teacher.locator('#session-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('running');
    await click(teacher, '#ctl-advance');
    await expect.poll(() => teacher.locator('#heat-map td.cell').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Numbers in words: the timer and the students' activity in Arabic's own plural forms.
    await expect.poll(() => text(teacher, '#timer')).toMatch(/^تبقّى \u2068?\d+:\d\d\u2069? في الجولة$/);
    expect(await text(teacher, '#ctl-extend')).toBe('أضف 5 دقائق');
    // Nothing widens the page: the heat map scrolls in its own box (its screen-reader words with it).
    expect(await teacher.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await look(teacher);
    // The student's page in session, and the projector: the same check.
    await expect.poll(() => ana.locator('#session-state').first().getAttribute('data-state'), { timeout: 15_000 }).toBe('running');
    await look(ana);
    const projector = await browser.context.newPage();
    await projector.setViewportSize({ width: 1280, height: 720 });
    await projector.goto((await teacher.locator('#projector-link').getAttribute('href'))!);
    await waitReady(projector);
    await expect.poll(() => projector.locator('#pj-heat-map td.cell').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await projector.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // Twenty delegations' words fit the big screen: nothing pushes the page sideways.
    expect(await projector.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await projector.evaluate(() => { const box = document.querySelector('.pj-heat')!; return box.scrollWidth - box.clientWidth; })).toBeLessThanOrEqual(2); // a pixel of rounding
    await look(projector);
    await projector.screenshot({ path: join(SHOTS, 'classroom-projector-ar-1280x720.png') });
    await projector.close();
    await teacher.waitForTimeout(400);
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-ar-1280x720.png') });
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-ar-full.png'), fullPage: true });
    await expectNoAxeViolations(teacher, 'instructor (running, ar)');

    // Roster tools say what they did in Arabic: lock, rename (a prompt), remove (a confirmation).
    await teacher.click('#ctl-lock');
    await expect.poll(() => teacher.locator('#roster-state').getAttribute('data-locked'), { timeout: 10_000 }).toBe('yes');
    await look(teacher);
    await teacher.locator('tr[data-student="Ana"] button[data-action="rename"]').click();
    await expect.poll(() => teacher.locator('tr[data-student="Hoda"]').count(), { timeout: 10_000 }).toBe(1);
    await teacher.locator('tr[data-student="Hoda"] button[data-action="kick"]').click();
    await expect.poll(() => teacher.locator('tr[data-student="Hoda"] [data-token="kicked"]').count(), { timeout: 10_000 }).toBe(1);
    await look(teacher);
    await click(teacher, '#ctl-end');
    await expect.poll(() => teacher.locator('#session-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('ended');
    await teacher.locator('#ctl-download').waitFor();
    await look(teacher);
    await teacher.screenshot({ path: join(SHOTS, 'classroom-instructor-ar-ended-full.png'), fullPage: true });
    await expectNoAxeViolations(teacher, 'instructor (ended, ar)');
    await ana.close();

    // "Your sessions", in Arabic.
    await teacher.evaluate(() => sessionStorage.clear());
    await teacher.goto(`${served.url}?instructor&lang=ar&server=${encodeURIComponent(server.url)}`);
    await waitReady(teacher);
    await expect.poll(() => teacher.locator(`#your-sessions button[data-reopen="${code}"]`).count(), { timeout: 10_000 }).toBe(1);
    await look(teacher);
    teacher.removeAllListeners('dialog');

    expect(seen.join('\n')).toMatch(/[\u0600-\u06FF]/);
    const english = englishIn(seen, phrases, scenarioStrings('new-delhi-fmm-2023'));
    expect(english, english.join('\n')).toEqual([]);
    expect(browser.errors).toEqual([]);
  });

  it('runs from the classroom server itself, which serves no scenario file: control room, projector, student, replay viewer, and a solo page that says where solo play is', async () => {
    // Every address each page asks for on the server, and how it was answered.
    const answers: string[] = [];
    const watch = (page: Page) => page.on('response', (r) => answers.push(`${r.status()} ${new URL(r.url()).pathname}`));
    const teacher = await browser.context.newPage();
    watch(teacher);
    await teacher.goto(`${server.url}/instructor`);
    await waitReady(teacher);
    // The creation form lists the server's scenarios by title (GET /api/scenarios), with no scenario file.
    expect(await teacher.locator('#cr-scenario option[value="new-delhi-fmm-2023"]').textContent()).toContain("G20 Foreign Ministers' Meeting, New Delhi 2023");
    await teacher.fill('#cr-minutes', '0');
    await teacher.selectOption('#cr-scenario', 'new-delhi-fmm-2023');
    await teacher.click('#cr-submit');
    await expect.poll(() => text(teacher, '#join-code'), { timeout: 15_000 }).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const code = (await text(teacher, '#join-code'))!;

    const projector = await browser.context.newPage();
    watch(projector);
    await projector.goto((await teacher.locator('#projector-link').getAttribute('href'))!);
    await waitReady(projector);
    await expect.poll(() => text(projector, '#pj-code'), { timeout: 15_000 }).toBe(code);
    expect(await text(projector, '#pj-title')).toBe("G20 Foreign Ministers' Meeting, New Delhi 2023");
    await projector.close();

    const ana = await browser.context.newPage();
    watch(ana);
    await ana.goto(`${server.url}/join/${code}`);
    await waitReady(ana);
    await ana.fill('#join-name', 'Ana');
    await ana.keyboard.press('Enter');
    await expect.poll(() => text(ana, '#who'), { timeout: 15_000 }).toContain('Ana');
    // What a student could try by hand: the scenario file, refused.
    const tried = await fetch(`${server.url}/scenarios/new-delhi-fmm-2023.json`);
    expect(tried.status).toBe(404);
    expect(await tried.text()).not.toContain('redLines');
    await ana.close();

    // The replay viewer, opened from the ended session, asks the server for the scenario with the secret.
    await click(teacher, '#ctl-start');
    teacher.once('dialog', (d) => void d.accept());
    await click(teacher, '#ctl-end');
    await expect.poll(() => text(teacher, '#session-state'), { timeout: 10_000 }).toBe('Ended');
    const opened = browser.context.waitForEvent('page');
    await teacher.click('#ctl-viewer');
    const viewer = await opened;
    watch(viewer);
    await waitReady(viewer);
    await viewer.locator('#scrub').waitFor();
    expect(await viewer.locator('#step-count').textContent()).toMatch(/^Step 0 \//);
    expect(await viewer.locator('#viewer-error').count()).toBe(0);
    expect(viewer.url()).not.toContain('secret');
    await viewer.close();

    // The solo game opened here says where it is served instead of failing on a missing file.
    const solo = await browser.context.newPage();
    watch(solo);
    await solo.goto(`${server.url}/`);
    await waitReady(solo);
    expect(await text(solo, '#classroom-host')).toContain('npm start');
    await solo.close();
    await teacher.close();

    // No page asked for a scenario or texts file, nor was any refused: each got its scenario from the API.
    expect(answers.filter((a) => /\/scenarios\/|\.json$/.test(a.split(' ')[1]!) || a.startsWith('404'))).toEqual([]);
    expect(answers.some((a) => /^200 \/api\/sessions\/[0-9A-Z]+\/scenario$/.test(a))).toBe(true);
    expect(browser.errors).toEqual([]);
  });
});
