// `npm run bench`, browser part: JavaScript shipped (gzip), navigation to an interactive title screen,
// and frame times while a lobbying animation plays with every seat of New Delhi shown.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, openBrowser, serve, waitReady, waitRoom } from '../tests/e2e/browser.ts';

const BUDGET_KB = 450;
const TITLE_MS = 1500;
const FRAME_MS = 16.7;
// requestAnimationFrame's timestamps are coarsened to 0.1 ms, with jitter, on a page that is not
// cross-origin isolated: a frame shown on time at 60 Hz (16.67 ms) reads 16.6, 16.7 or 16.8 ms.
const CLOCK_MS = 0.1;
/** A frame longer than one and a half refreshes at 60 Hz missed its refresh. */
const LATE_MS = 25;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// 1. JavaScript shipped: every .js file of the build, gzipped at level 9. The budget applies to what a
// player downloads to play — recorded below from the page's own requests, title to room — while the
// replay viewer, debrief and classroom pages are separate chunks fetched only when opened.
const assets = join(ROOT, 'dist/web/assets');
const scripts = readdirSync(assets).filter((f) => f.endsWith('.js'));
const gzipOf = new Map(scripts.map((f) => [f, gzipSync(readFileSync(join(assets, f)), { level: 9 }).length]));
const chunkName = (f: string) => f.replace(/-[\w-]+\.js$/, '');
const loaded = new Set<string>();

const served = await serve();
const browser = await openBrowser();
try {
  const page = await browser.page(1920, 1080);
  page.on('request', (request) => {
    const file = request.url().split('/').pop()!.split('?')[0]!;
    if (gzipOf.has(file)) loaded.add(file);
  });

  // 2. Navigation to an interactive title: the mark the page sets once the title takes input.
  const titleTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    await page.goto(`${served.url}?run=${i}`);
    await waitReady(page);
    titleTimes.push(await page.evaluate(() => performance.getEntriesByName('communique-ready')[0]!.startTime));
  }

  // 3. Frames while the chair lobbies China, with all twenty seats drawn.
  await page.goto(`${served.url}?scenario=new-delhi-fmm-2023&seed=bench&role=CHAIR&difficulty=standard`);
  await waitRoom(page);
  await page.waitForTimeout(1500);
  await page.selectOption('#pick-target', 'CN');
  await page.selectOption('#pick-paragraph', 'ukraine-war');
  const frames: number[] = [];
  for (let round = 0; round < 3; round++) {
    await page.evaluate(() => {
      const w = window as unknown as { frameLog: number[] };
      w.frameLog = [];
      const tick = (t: number) => {
        w.frameLog.push(t);
        if (w.frameLog.length < 120) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.click('button[data-command="lobby"]');
    await page.waitForFunction(() => (window as unknown as { frameLog: number[] }).frameLog.length >= 120, null, { timeout: 20_000 });
    const stamps = await page.evaluate(() => (window as unknown as { frameLog: number[] }).frameLog);
    for (let i = 1; i < stamps.length; i++) frames.push(stamps[i]! - stamps[i - 1]!);
  }
  const renderer = await page.evaluate(() => window.communique.renderer);

  const p50 = median(frames);
  const p95 = percentile(frames, 95);
  const late = frames.filter((f) => f > LATE_MS).length;
  const title = median(titleTimes);
  const playKb = [...loaded].reduce((sum, f) => sum + gzipOf.get(f)!, 0) / 1024;
  const totalKb = [...gzipOf.values()].reduce((a, b) => a + b, 0) / 1024;
  const lazy = scripts.filter((f) => !loaded.has(f));
  console.log('\nbrowser (headless Chromium, %s renderer)', renderer);
  console.log('| measure | result | target |');
  console.log('|---|---|---|');
  const list = (files: string[]) => files.map((f) => `${chunkName(f)} ${(gzipOf.get(f)! / 1024).toFixed(1)}`).join(', ');
  console.log(`| JavaScript shipped to play (title → room), gzip -9 | ${playKb.toFixed(1)} KB (${list([...loaded])}) | ≤ ${BUDGET_KB} KB |`);
  console.log(`| JavaScript fetched only when a tool is opened | ${(totalKb - playKb).toFixed(1)} KB (${list(lazy)}); ${totalKb.toFixed(1)} KB in all | |`);
  console.log(`| navigation → interactive title | median ${title.toFixed(0)} ms (${titleTimes.length} loads) | ≤ ${TITLE_MS} ms |`);
  console.log(`| frame time, lobbying animation, 20 seats | p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${frames.length} frames, ${late} longer than ${LATE_MS} ms) | p95 ≤ ${FRAME_MS} ms (timestamps to ${CLOCK_MS} ms) |`);
  const misses = [playKb > BUDGET_KB && 'JavaScript over budget', title > TITLE_MS && 'title too slow', p95 > FRAME_MS + CLOCK_MS + 1e-9 && 'p95 frame time over target'].filter(Boolean);
  if (misses.length > 0) console.log(`misses: ${misses.join('; ')}`);
} finally {
  await browser.close();
  await served.close();
}
