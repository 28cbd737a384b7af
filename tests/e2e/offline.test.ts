// Installable and offline (issue #12) in real headless Chromium: the manifest and its icons, the
// service worker precaching the game after one visit, a game started and played with the server
// stopped and the network cut, and a new build offered by a banner — reloaded only when asked.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { ROOT, TMP, openBrowser, serve, waitReady, waitRoom, type Browser, type Served } from './browser.ts';
import { expectNoAxeViolations } from './axe.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });
/** The second build: the same game with one changed file (index.html carries a marker). */
const UPDATE_DIR = join(TMP, 'dist-update');
const MARK = '<meta name="communique-build" content="update-test" />';

let served: Served | null = null;
let browser: Browser | null = null;
let page: Page;
let url = '';
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const hash = () => page.evaluate(() => window.communique.stateHash());

describe('installable and offline', () => {
  it('after one visit, opens, starts a game and plays a move with the server stopped and the network cut', async () => {
    served = await serve();
    url = served.url;
    browser = await openBrowser({ serviceWorkers: true });
    page = await browser.page(1280, 720);
    await page.goto(url);
    await waitReady(page);

    // Installable: a manifest with 192 and 512 px icons, maskable ones too, each a real PNG.
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await page.evaluate(async (href) => (await fetch(href)).json(), manifestHref!);
    expect(manifest).toMatchObject({ short_name: 'Communiqué', display: 'standalone', start_url: './' });
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable']);
    for (const icon of icons) {
      const size = await page.evaluate(async (src) => {
        const image = new Image();
        image.src = src;
        await image.decode();
        return `${image.naturalWidth}x${image.naturalHeight}`;
      }, icon.src);
      expect(size).toBe(icon.sizes);
    }

    // The service worker installs from this visit alone (precaching the whole build) and takes the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    // Every scenario of the folder is precached, whatever meetings it holds.
    const scenarioFiles = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json');
    expect(cached.filter((u) => u.startsWith('/scenarios/')).sort()).toEqual(scenarioFiles.map((f) => `/scenarios/${f}`).sort());
    expect(cached.some((u) => /\/assets\/room-scene-.*\.js$/.test(u))).toBe(true);
    expect(cached.some((u) => /\/assets\/cn-.*\.svg$/.test(u))).toBe(true);

    // Cut everything: the server stops, and the browser is offline.
    await served.close();
    served = null;
    await browser.context.setOffline(true);
    expect(await page.evaluate(() => fetch('/nothing-here').then(() => 'reached', () => 'offline'))).toBe('offline');
    await page.reload();
    await waitReady(page);

    // A scenario this visit never fetched (Bali), its flags, and the room: all from the cache.
    await page.check('input[value="bali-leaders-2022"]');
    await expect.poll(() => page.locator('#role option').count()).toBe(20);
    await page.selectOption('#role', 'CN');
    await expect.poll(() => page.locator('#briefing img.flag').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await page.click('#start');
    await waitRoom(page);
    expect(await page.evaluate(() => window.communique.renderer)).toBe('webgl');
    const before = await hash();
    await page.selectOption('#pick-target', 'RU');
    const consult = page.locator('button[data-command="consult"]');
    await expect.poll(() => consult.getAttribute('aria-disabled')).toBe('false');
    await consult.click();
    await expect.poll(hash).not.toBe(before);
    await expect.poll(() => page.locator('.intel .known').count()).toBe(1);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(SHOTS, 'offline-room-1280x720.png') });
    expect(browser.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });

  it('offers a new build with a banner and reloads only when the player asks', async () => {
    // The same game built again with one file changed, served at the same address.
    await build({
      root: ROOT,
      logLevel: 'warn',
      build: { outDir: UPDATE_DIR },
      plugins: [{ name: 'mark-second-build', transformIndexHtml: (html: string) => html.replace('</head>', `${MARK}</head>`) }],
    });
    served = await serve({ outDir: UPDATE_DIR, port: Number(new URL(url).port) });
    await browser!.context.setOffline(false);
    await page.goto(url);
    await waitReady(page);

    // The new build waits: the page still runs the old one, and says a new one is ready.
    const banner = page.locator('#update-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect((await banner.innerText()).replace(/\s+/g, ' ').trim()).toBe('A new version is ready — Reload Not now');
    expect(await page.locator('#update-text').getAttribute('role')).toBe('status');
    expect(await page.locator('meta[name="communique-build"]').count()).toBe(0);
    // Offered, not forced: focus stays where the title put it, and the game can go on.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('title-h');
    await expectNoAxeViolations(page, 'title with the update banner');
    await page.screenshot({ path: join(SHOTS, 'update-banner-1280x720.png') });

    // Reload: the new service worker takes over and the page opens the new build.
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.click('#update-reload')]);
    await waitReady(page);
    expect(await page.locator('meta[name="communique-build"]').count()).toBe(1);
    await expect.poll(() => page.locator('#update-banner').count()).toBe(0);
  });
});
