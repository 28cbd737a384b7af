// The replay viewer, the debrief and the classroom materials in real headless Chromium: a replay
// scrubbed to a step shows the same grid as the command line's CSV; a branch played to its end
// records its parent; the CSV export, the print view, broken files, share links, the section
// comparison, the briefing pack and the CLI's HTML report with its charts drawn.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { ROOT, TMP, ensureBuilt, openBrowser, waitReady, type Browser, type Served } from './browser.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });
const GOLDEN = join(ROOT, 'tests/golden/new-delhi-fmm-2023.chair.seed-1.replay.json');

let served: Served;
let browser: Browser;
const WEB = join(TMP, `web-${process.pid}`);

/**
 * Serves a private copy of dist/web: other test runs on this machine rebuild dist/web (new chunk
 * names) while these tests load chunks lazily, so the served files must not change under them.
 */
async function serveCopy(): Promise<Served> {
  await ensureBuilt();
  for (let attempt = 0; ; attempt++) {
    rmSync(WEB, { recursive: true, force: true });
    cpSync(join(ROOT, 'dist/web'), WEB, { recursive: true });
    const index = existsSync(join(WEB, 'index.html')) ? readFileSync(join(WEB, 'index.html'), 'utf8') : '';
    const assets = [...index.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    if ((index !== '' && assets.every((a) => existsSync(join(WEB, a)))) || attempt >= 20) break;
    // A rebuild was under way: wait for it to finish and copy again.
    await new Promise((done) => setTimeout(done, 500));
  }
  const server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir: WEB }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((done) => server.httpServer.close(() => done())) };
}

beforeAll(async () => {
  served = await serveCopy();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  rmSync(WEB, { recursive: true, force: true });
  rmSync(CLI, { recursive: true, force: true });
});

/** A private copy of the built CLI, for the same reason as the copy of dist/web. */
const CLI = join(TMP, `cli-${process.pid}`);
function cli(...args: string[]): string {
  if (!existsSync(join(CLI, 'communique.js'))) cpSync(join(ROOT, 'dist/cli'), CLI, { recursive: true });
  return execFileSync(process.execPath, [join(CLI, 'communique.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** Parses the simple CSV the debrief writes (quoted fields may hold commas and quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  return rows;
}

async function openViewer(page: Page, file = GOLDEN): Promise<void> {
  await page.goto(`${served.url}?viewer`);
  await waitReady(page);
  await page.locator('#drop-zone').waitFor();
  await page.setInputFiles('#viewer-file', file);
  await page.locator('#scrub').waitFor();
}

/**
 * The stance grid on screen, paragraph by delegation as the CSV has it: paragraph → delegation → stance
 * ('' when none). The grid shows a delegation a row, a paragraph a column: read down its columns.
 */
async function gridOnScreen(page: Page): Promise<string[][]> {
  const byDelegation = await page.$$eval('.stance-grid tbody tr', (rows) =>
    rows.map((tr) => [...tr.querySelectorAll('td')].map((td) => /\bs-(support|accept|reserve|object|block)\b/.exec(td.className)?.[1] ?? '')),
  );
  return (byDelegation[0] ?? []).map((_, p) => byDelegation.map((row) => row[p]!));
}

describe('the replay viewer', () => {
  it('scrubs a replay to a step and shows the grid the command line computes for that step', async () => {
    const dir = join(TMP, 'viewer-csv');
    cli('debrief', GOLDEN, '--csv', dir);
    const csv = parseCsv(readFileSync(join(dir, 'new-delhi-fmm-2023.chair.seed-1.stances.csv'), 'utf8'));
    const header = csv[0]!;
    const delegations = header.slice(7);
    const page = await browser.page(1280, 720);
    await openViewer(page);
    expect(await page.locator('#step-count').textContent()).toMatch(/^Step 0 \/ \d+$/);
    const steps = Number((await page.locator('#step-count').textContent())!.split('/ ')[1]);
    const at = Math.floor(steps / 2);
    // Scrub with the slider, then fine-tune with the keyboard and the step buttons.
    await page.locator('#scrub').fill(String(at - 2));
    await expect.poll(() => page.locator('#step-count').textContent()).toBe(`Step ${at - 2} / ${steps}`);
    await page.click('#step-forward');
    await page.locator('#scrub').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#step-count').textContent()).toBe(`Step ${at} / ${steps}`);
    await page.click('#vdoc-grid');
    const grid = await gridOnScreen(page);
    const expected = csv.filter((r) => r[0] === String(at)).map((r) => r.slice(7).map((s) => (s === 'walked-out' ? '' : s)));
    expect(grid.length).toBe(expected.length);
    expect(grid).toEqual(expected);
    expect(delegations.length).toBe(grid[0]!.length);
    // Every change at this step is listed with its reason.
    expect(await page.locator('#changes li').count()).toBeGreaterThan(0);
    // Jump to the next adoption attempt: the step's list holds the call for adoption.
    await page.click('#next-adoption');
    await expect.poll(() => page.locator('#changes').textContent()).toMatch(/calls for adoption/);
    await page.screenshot({ path: join(SHOTS, 'viewer-1280x720.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.screenshot({ path: join(SHOTS, 'viewer-768x1024.png'), fullPage: false });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(browser.errors).toEqual([]);
  });

  it('branches from a step, plays the new game to its end (across a reload) and exports a replay that names its parent', async () => {
    const TUTORIAL = join(ROOT, 'tests/golden/tutorial.chair.seed-1.replay.json');
    const page = await browser.page(1280, 720);
    await page.goto(served.url);
    await page.evaluate(() => localStorage.clear());
    await openViewer(page, TUTORIAL);
    await page.locator('#scrub').fill('3');
    await expect.poll(() => page.locator('#step-count').textContent()).toMatch(/^Step 3 \//);
    await page.click('#branch');
    await page.locator('#actions-h').waitFor();
    expect(await page.locator('#status').textContent()).toMatch(/Branched from tutorial\.chair\.seed-1\.replay\.json at step 3/);
    // A reload resumes the branched game from the autosave, still knowing its parent.
    await page.reload();
    await waitReady(page);
    await page.locator('#actions-h').waitFor();
    // Play on: end every slot until the meeting closes.
    for (let i = 0; i < 10 && !(await page.locator('#doc-title').isVisible()); i++) {
      const end = page.locator('button[data-command="end-slot"]');
      await expect.poll(() => end.getAttribute('aria-disabled')).toBe('false');
      await end.click();
      await page.waitForFunction(() => !document.querySelector('#screen-room')?.hasAttribute('hidden') || !document.querySelector('#screen-end')?.hasAttribute('hidden'));
    }
    await page.locator('#doc-title').waitFor();
    expect(await page.locator('#score-total').textContent()).toMatch(/^\d+ \/ 100$/);
    expect(await page.locator('#score-lines tr').count()).toBeGreaterThan(0);
    const download = page.waitForEvent('download');
    await page.click('#export-end');
    const path = join(TMP, 'branched.replay.json');
    await (await download).saveAs(path);
    const replay = JSON.parse(readFileSync(path, 'utf8'));
    expect(replay.parent).toEqual({ file: 'tutorial.chair.seed-1.replay.json', step: 3 });
    const golden = JSON.parse(readFileSync(TUTORIAL, 'utf8'));
    expect(replay.commands.slice(0, 3)).toEqual(golden.commands.slice(0, 3));
    expect(JSON.parse(cli('replay', path, '--json')).ok).toBe(true);
    // The debrief at the end names the parent; loading the parent file draws both paths.
    await page.click('#debrief-end');
    await page.locator('#debrief').waitFor();
    await expect.poll(() => page.locator('#chart-distance svg path').count()).toBeGreaterThan(5);
    await page.locator('.parent-note').waitFor();
    await page.setInputFiles('#parent-file', TUTORIAL);
    await expect.poll(() => page.locator('#chart-distance').textContent()).toContain('Before the branch (tutorial.chair.seed-1.replay.json)');
    await page.locator('#chart-distance').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'debrief-branch-1280x720.png') });
    expect(browser.errors).toEqual([]);
  });

  it('debriefs a replay: charts drawn, CSV rows exported, JSON and the print view', async () => {
    const page = await browser.page(1280, 720);
    await openViewer(page);
    await page.click('#vtab-debrief');
    await page.locator('#debrief').waitFor();
    for (const id of ['distance', 'overview', 'paragraph', 'network', 'marks']) {
      await expect.poll(() => page.locator(`#chart-${id} svg path`).count(), { message: id }).toBeGreaterThan(5);
    }
    expect(await page.locator('#record-table tbody tr').count()).toBe(18);
    expect(await page.locator('#debrief-score').textContent()).toMatch(/Score \d+ \/ 100/);
    const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/new-delhi-fmm-2023.json'), 'utf8'));
    expect(await page.locator('.debrief').textContent()).toContain(scenario.historical.summary);

    const csvDownload = page.waitForEvent('download');
    await page.click('#export-actions-csv');
    const csvPath = join(TMP, 'viewer.actions.csv');
    await (await csvDownload).saveAs(csvPath);
    const rows = parseCsv(readFileSync(csvPath, 'utf8'));
    expect(rows[0]).toEqual(['step', 'slot', 'kind', 'actor', 'target', 'paragraph', 'result', 'reason', 'private', 'text']);
    const lobbying = rows.filter((r) => r[2] === 'lobbied');
    expect(lobbying.length).toBeGreaterThan(0);
    expect(lobbying.every((r) => r[6] === 'moved' || r[6] === 'not-moved')).toBe(true);
    expect(rows.some((r) => r[2] === 'adoption' && r[6] === 'adopted')).toBe(true);
    // The browser's CSV is the command line's, byte for byte.
    cli('debrief', GOLDEN, '--csv', join(TMP, 'viewer-csv'));
    expect(readFileSync(csvPath, 'utf8')).toBe(readFileSync(join(TMP, 'viewer-csv/new-delhi-fmm-2023.chair.seed-1.actions.csv'), 'utf8'));

    const gridDownload = page.waitForEvent('download');
    await page.click('#export-stances-csv');
    const gridPath = join(TMP, 'viewer.stances.csv');
    await (await gridDownload).saveAs(gridPath);
    expect(readFileSync(gridPath, 'utf8')).toBe(readFileSync(join(TMP, 'viewer-csv/new-delhi-fmm-2023.chair.seed-1.stances.csv'), 'utf8'));

    const jsonDownload = page.waitForEvent('download');
    await page.click('#export-json');
    const jsonPath = join(TMP, 'viewer.debrief.json');
    await (await jsonDownload).saveAs(jsonPath);
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(json.replay.commands).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')).commands);
    expect(json.summary.outcome.kind).toBe('chair-summary');

    await page.screenshot({ path: join(SHOTS, 'debrief-1280x720.png') });
    await page.locator('#chart-network').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'debrief-charts-1280x720.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'debrief-768x1024.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    // The print view: the report without the controls.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.debrief-exports').isVisible()).toBe(false);
    expect(await page.locator('.viewer-head').isVisible()).toBe(false);
    expect(await page.locator('#chart-distance').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'debrief-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(browser.errors).toEqual([]);
  });

  it('refuses broken files with a clear message and stays usable', async () => {
    const page = await browser.page(1280, 720);
    await page.goto(`${served.url}?viewer`);
    await waitReady(page);
    const broken = join(TMP, 'broken.replay.json');
    writeFileSync(broken, '{"format": 1, "commands": [');
    await page.setInputFiles('#viewer-file', broken);
    await expect.poll(() => page.locator('#viewer-error').textContent()).toMatch(/broken\.replay\.json is not a replay file: it is not valid JSON/);
    const old = join(TMP, 'old.replay.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(GOLDEN, 'utf8')), format: 0 }));
    await page.setInputFiles('#viewer-file', old);
    await expect.poll(() => page.locator('#viewer-error').textContent()).toMatch(/old\.replay\.json cannot be opened: format 0 is not a replay format/);
    const tampered = JSON.parse(readFileSync(GOLDEN, 'utf8'));
    tampered.checkpoints[1].stateHash = '0'.repeat(64);
    const other = join(TMP, 'tampered.replay.json');
    writeFileSync(other, JSON.stringify(tampered));
    await page.setInputFiles('#viewer-file', other);
    await expect.poll(() => page.locator('#viewer-error').textContent()).toMatch(/tampered\.replay\.json cannot be replayed: diverges at step \d+: the state there is not the one recorded/);
    const huge = join(TMP, 'huge.replay.json');
    writeFileSync(huge, `{"format":1,"pad":"${'x'.repeat(11 * 1024 * 1024)}"}`);
    await page.setInputFiles('#viewer-file', huge);
    await expect.poll(() => page.locator('#viewer-error').textContent()).toMatch(/huge\.replay\.json is 11\.0 MB; a replay file is at most 10 MB/);
    await page.screenshot({ path: join(SHOTS, 'viewer-error-1280x720.png') });
    // Still usable: a good file opens after the bad ones, here dropped onto the page.
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.replay.json', { type: 'application/json' }));
      document.querySelector('#screen-viewer')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, readFileSync(GOLDEN, 'utf8'));
    await page.locator('#scrub').waitFor();
    expect(await page.locator('.viewer-head').textContent()).toContain('dropped.replay.json');
    expect(await page.locator('#viewer-error').count()).toBe(0);
    expect(browser.errors).toEqual([]);
  });

  it('opens a share link at the start, and compares a section’s replays side by side', async () => {
    const page = await browser.page(1280, 720);
    await openViewer(page);
    await page.click('#share-link');
    const url = await page.locator('#share-url').inputValue();
    expect(url).toMatch(/#watch=/);
    await page.goto(url);
    await waitReady(page);
    await page.locator('#scrub').waitFor();
    expect(await page.locator('#step-count').textContent()).toMatch(/^Step 0 \//);
    await page.locator('#step-last').click();
    await page.click('#vtab-debrief');
    await expect.poll(() => page.locator('#debrief-score').textContent()).toMatch(/Score \d+ \/ 100/);

    // A section: the golden chair game and two more groups with the same seed.
    const files = [GOLDEN];
    for (const [group, policy] of [['group-b', 'skilled'], ['group-c', 'reckless']] as const) {
      const file = join(TMP, `${group}.replay.json`);
      cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--role', 'CHAIR', '--policy', policy, '--out', file);
      files.push(file);
    }
    await page.click('#vtab-compare');
    await page.locator('#compare-h').waitFor();
    await page.setInputFiles('#compare-files', files);
    await expect.poll(() => page.locator('#compare-table tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('#chart-compare-distance svg path').count()).toBeGreaterThan(5);
    expect(await page.locator('#compare-paragraphs tbody tr').count()).toBe(18);
    await page.screenshot({ path: join(SHOTS, 'compare-1280x720.png') });
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.evaluate(() => window.dispatchEvent(new Event('resize')));
    await page.screenshot({ path: join(SHOTS, 'compare-768x1024.png') });
    // Nothing spills sideways off a tablet's screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    expect(browser.errors).toEqual([]);
  });

  it('opens the printable briefing pack from the title screen', async () => {
    const page = await browser.page(1280, 720);
    await page.goto(served.url);
    await waitReady(page);
    const opened = browser.context.waitForEvent('page');
    await page.click('#briefing-pack');
    const pack = await opened;
    await pack.waitForLoadState();
    await pack.locator('#chair-brief').waitFor();
    expect(await pack.locator('.role-card').count()).toBe(20);
    expect(await pack.locator('#card-RU').textContent()).toMatch(/Red lines/);
    await pack.setViewportSize({ width: 1280, height: 720 });
    await pack.locator('#card-RU').scrollIntoViewIfNeeded();
    await pack.screenshot({ path: join(SHOTS, 'briefing-card-1280x720.png') });
    await pack.close();
    expect(browser.errors).toEqual([]);
  });
});

describe('communique debrief on the command line', () => {
  it('writes an HTML report that opens offline in Chromium with its charts drawn', async () => {
    const html = join(TMP, 'report', 'debrief.html');
    mkdirSync(join(TMP, 'report'), { recursive: true });
    cli('debrief', GOLDEN, '--html', html);
    const page = await browser.page(1280, 720);
    // Offline: no request may leave the file.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(html).href);
    for (const id of ['distance', 'overview', 'network', 'marks']) {
      expect(await page.locator(`#chart-${id} svg path`).count(), id).toBeGreaterThan(5);
    }
    expect(await page.locator('#score-total').textContent()).toMatch(/^\d+ \/ 100$/);
    expect(await page.locator('#actions tbody tr').count()).toBeGreaterThan(50);
    expect(requests).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'cli-report-1280x720.png') });
    page.removeAllListeners('request');
  });
});
