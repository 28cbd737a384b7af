// Files in the browser: the title screen's replay import and the viewer refuse a file over 10 MB by its size, say so and stay responsive; a tampered replay is refused, never "verified"; the bounded reader itself, in Node.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAX_REPLAY_BYTES, readReplayText } from '../../src/ui/read-file.ts';
import { use } from '../../src/i18n/index.ts';
import { ENGLISH } from '../../src/i18n/english.ts';
import { ROOT, TMP, waitReady } from './browser.ts';
import { gameInBrowser } from './fixture.ts';

const env = gameInBrowser();
const DIR = join(TMP, `files-${process.pid}`);
mkdirSync(DIR, { recursive: true });
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const GOLDEN = readFileSync(join(ROOT, 'tests/golden/tutorial.chair.seed-1.replay.json'), 'utf8');
/** How many commands the golden replay holds (the last one is cut from the tampered copy). */
const N = (JSON.parse(GOLDEN) as { commands: unknown[] }).commands.length;

/** Writes a file for the page to pick; the name is what the messages must show. */
function file(name: string, text: string): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}

/** 11 MB: a JSON object padded past the limit, so nothing but its size can refuse it. */
const HUGE = `{"format":2,"pad":"${'x'.repeat(11 * 1024 * 1024)}"}`;

/** The golden replay with its fourth command removed; with `fixFinal`, its final step moved along so the file looks complete. */
function withoutCommand(fixFinal: boolean): string {
  const replay = JSON.parse(GOLDEN);
  replay.commands.splice(3, 1);
  if (fixFinal) replay.final.step = replay.commands.length;
  return JSON.stringify(replay);
}

async function fresh(page: Page, query = ''): Promise<void> {
  await page.goto(env.served.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${env.served.url}${query}`);
  await waitReady(page);
}

/**
 * Starts a heartbeat in the page and returns a function that stops it and gives the longest gap
 * between beats: a page busy reading or parsing a large file shows it as a gap of seconds.
 */
async function heartbeat(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { beat: { last: number; worst: number; timer: number } };
    w.beat = { last: performance.now(), worst: 0, timer: 0 };
    w.beat.timer = window.setInterval(() => {
      const now = performance.now();
      w.beat.worst = Math.max(w.beat.worst, now - w.beat.last);
      w.beat.last = now;
    }, 20);
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { beat: { last: number; worst: number; timer: number } };
      clearInterval(w.beat.timer);
      return Math.max(w.beat.worst, performance.now() - w.beat.last);
    });
}

describe('the title screen’s replay import', () => {
  it('refuses an 11 MB file by its size, naming the file and the limit, and the page stays responsive', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    const stop = await heartbeat(page);
    await page.setInputFiles('#import-title', file('huge.replay.json', HUGE));
    await expect.poll(() => page.locator('.notice').textContent()).toBe('huge.replay.json is 11.0 MB; a replay file is at most 10 MB.');
    expect(await stop(), 'the longest the page did not answer, in ms').toBeLessThan(1_000);
    // Still the title screen, and still usable: a good file imports after the refused one.
    await page.setInputFiles('#import-title', file('good.replay.json', GOLDEN));
    await page.locator('#doc-title').waitFor();
    await expect.poll(() => page.locator('#live').textContent()).toMatch(new RegExp(`^good\\.replay\\.json: verified — ${N} commands, \\d+ of \\d+ checkpoints compared, final hash matched\\.$`));
    expect(env.browser.errors).toEqual([]);
  });

  it('refuses a replay with a command removed: incomplete, or diverging once its final step is moved too', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    await page.setInputFiles('#import-title', file('cut.replay.json', withoutCommand(false)));
    await expect.poll(() => page.locator('.notice').textContent()).toBe(`cut.replay.json: the file's commands end at step ${N - 1} but its final hash is for step ${N}`);
    await page.setInputFiles('#import-title', file('cut-and-patched.replay.json', withoutCommand(true)));
    await expect
      .poll(() => page.locator('.notice').textContent())
      .toMatch(/^cut-and-patched\.replay\.json cannot be replayed: (diverges at step \d+: the state there is not the one recorded|step \d+ \(.+\) is refused by the rules: .+)\.$/);
    expect(await page.locator('.notice').textContent()).not.toMatch(/verified/);
    expect(await page.locator('#doc-title').count()).toBe(0);
    expect(env.browser.errors).toEqual([]);
  });
});

describe('replay and save problems in the page’s language', () => {
  it('says why an imported replay is refused, and how a good one verified, in French', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?lang=fr');
    await page.setInputFiles('#import-title', file('cut.replay.json', withoutCommand(false)));
    await expect.poll(() => page.locator('.notice').textContent()).toBe(`cut.replay.json: les ordres du fichier s’arrêtent à l’étape ${N - 1} mais son empreinte finale est celle de l’étape ${N}`);
    await page.setInputFiles('#import-title', file('good.replay.json', GOLDEN));
    await page.locator('#doc-title').waitFor();
    await expect.poll(() => page.locator('#live').textContent()).toMatch(new RegExp(`^good\\.replay\\.json: vérifié — ${N} ordres, \\d+ points de contrôle comparés sur \\d+, empreinte finale conforme\\.$`));
    await page.screenshot({ path: join(TMP, 'files-fr-verified.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('keeps why a save was refused as words, so it reads in whichever language the page is in', async () => {
    const page = await env.browser.page(1280, 720);
    await page.goto(env.served.url);
    await page.evaluate(() => {
      localStorage.clear();
      // A save of the first engine, which this one cannot resume: refused on the first load.
      localStorage.setItem('communique.autosave.v1', JSON.stringify({ format: 1, scenario: { id: 'tutorial' }, seed: 'old', commands: [] }));
    });
    await page.goto(`${env.served.url}?lang=ar`);
    await waitReady(page);
    const refused = page.locator('#refused-saves');
    await expect.poll(() => refused.textContent()).toContain('إنها من إصدار أقدم من Communiqué ولا يمكن استئنافها');
    await page.screenshot({ path: join(TMP, 'files-ar-refused.png') });
    await page.goto(`${env.served.url}?lang=fr`);
    await waitReady(page);
    await expect.poll(() => refused.textContent()).toContain('elle provient d’une version antérieure de Communiqué et ne peut pas être reprise');
    await page.goto(`${env.served.url}?lang=en`);
    await waitReady(page);
    await expect.poll(() => refused.textContent()).toContain('it is from an older version of Communiqué and cannot be resumed');
    expect(env.browser.errors).toEqual([]);
  });
});

describe('the replay viewer', () => {
  it('refuses an 11 MB file by its size and a tampered one for what it is, and opens a good one after', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?viewer');
    const stop = await heartbeat(page);
    await page.setInputFiles('#viewer-file', file('huge.replay.json', HUGE));
    await expect.poll(() => page.locator('#viewer-error').textContent()).toBe('huge.replay.json is 11.0 MB; a replay file is at most 10 MB.');
    expect(await stop(), 'the longest the page did not answer, in ms').toBeLessThan(1_000);
    await page.setInputFiles('#viewer-file', file('cut.replay.json', withoutCommand(false)));
    await expect.poll(() => page.locator('#viewer-error').textContent()).toBe(`cut.replay.json cannot be opened: the file's commands end at step ${N - 1} but its final hash is for step ${N}.`);
    await page.setInputFiles('#viewer-file', file('cut-and-patched.replay.json', withoutCommand(true)));
    await expect.poll(() => page.locator('#viewer-error').textContent()).toMatch(/^cut-and-patched\.replay\.json cannot be replayed: (diverges at step \d+|step \d+ \(.+\) is refused by the rules)/);
    await page.setInputFiles('#viewer-file', file('good.replay.json', GOLDEN));
    await page.locator('#scrub').waitFor();
    expect(await page.locator('.viewer-head').textContent()).toContain('good.replay.json');
    expect(await page.locator('.viewer-head').textContent()).toMatch(new RegExp(`verified — ${N} commands`));
    expect(await page.locator('#viewer-error').count()).toBe(0);
    expect(env.browser.errors).toEqual([]);
  });
});

describe('the bounded reader (in Node, with its File)', () => {
  // Its sentences are in the page's language: English here, as a page after startLanguage.
  beforeAll(() => void use(ENGLISH));
  it('reads a file up to the limit, and no byte past one more than it', async () => {
    const ok = await readReplayText(new File(['\uFEFF{"a":1}'], 'small.json'));
    expect(ok).toEqual({ ok: true, text: '{"a":1}' });
    // A file whose size said 5 bytes but that holds 11 MB (it grew after it was chosen): refused on what was read.
    const slices: [number | undefined, number | undefined][] = [];
    const grown = new File([HUGE], 'grown.replay.json');
    const lying = {
      name: 'grown.replay.json',
      size: 5,
      slice: (start?: number, end?: number) => (slices.push([start, end]), grown.slice(start, end)),
    } as unknown as File;
    expect(await readReplayText(lying)).toEqual({ ok: false, message: 'grown.replay.json is over 10 MB (it grew after it was chosen); a replay file is at most 10 MB.' });
    expect(slices).toEqual([[0, MAX_REPLAY_BYTES + 1]]);
    expect(await readReplayText(new File([new Uint8Array([0xff, 0xfe, 0x7b, 0x00])], 'wide.json'))).toMatchObject({ ok: false, message: /^wide\.json is UTF-16 text/ });
    expect(await readReplayText(new File([new Uint8Array([0x7b, 0xc3, 0x28])], 'latin.json'))).toMatchObject({ ok: false, message: /^latin\.json is not a replay file: it is not UTF-8 text/ });
  });
});
