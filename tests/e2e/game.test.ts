// The browser game in real headless Chromium: the tutorial played by clicks and keys to its final
// document, a linked game resumed after a reload, replays crossing between the CLI and the browser
// with equal state hashes, WebGL and a clean console — and screenshots at three sizes to look at.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, TMP, waitReady, waitRoom } from './browser.ts';
import { gameInBrowser } from './fixture.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
mkdirSync(SHOTS, { recursive: true });

const SIZES = [
  { name: '1920x1080', width: 1920, height: 1080 },
  { name: '1280x720', width: 1280, height: 720 },
  { name: '768x1024', width: 768, height: 1024 },
];

const env = gameInBrowser();

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/communique.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

const hashOf = (page: Page) => page.evaluate(() => window.communique.stateHash());

/** Clicks a command button of the action panel, checking first that the engine allows it. */
async function command(page: Page, type: string): Promise<void> {
  const button = page.locator(`button[data-command="${type}"]`);
  await expect.poll(() => button.getAttribute('aria-disabled')).toBe('false');
  await button.click();
}

async function fresh(page: Page, query = ''): Promise<void> {
  await page.goto(env.served.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${env.served.url}${query}`);
  await waitReady(page);
}

describe('the browser game', () => {
  it('plays the tutorial from the title screen to the final document by clicks and keys', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    await page.click('#start-tutorial');
    await waitRoom(page);
    expect(await page.evaluate(() => window.communique.renderer)).toBe('webgl');

    // The reception: talk only. Consult the Northern Republic on the climate fund, by keyboard.
    await page.focus('#pick-target');
    await page.selectOption('#pick-target', 'NOR');
    await page.selectOption('#pick-paragraph', 'climate-fund');
    await page.locator('button[data-command="consult"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.intel .known').count()).toBe(1);
    // Tabling text is refused at the reception, and the panel says why.
    await expect.poll(() => page.locator('button[data-command="propose"]').getAttribute('aria-disabled')).toBe('true');
    expect(await page.locator('#why-propose').textContent()).toMatch(/No text is tabled/);
    await command(page, 'end-slot');

    // The working session: table the bridging text, lobby the Northern Republic, call for adoption.
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Working session/);
    await page.selectOption('#pick-paragraph', 'climate-fund');
    await page.selectOption('#pick-variant', 'pledges-with-review');
    await command(page, 'propose');
    await page.selectOption('#pick-target', 'NOR');
    await page.selectOption('#pick-approach', 'interest');
    await command(page, 'lobby');
    await command(page, 'lobby');
    for (const paragraph of ['fisheries', 'climate-fund', 'trade-rules']) {
      await page.selectOption('#pick-paragraph', paragraph);
      if ((await page.locator('button[data-command="call-adoption"]').getAttribute('aria-disabled')) === 'false') await command(page, 'call-adoption');
    }
    // The transcript tab, reached by arrow keys, records each move with its reason.
    await page.focus('#tab-draft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('#tab-transcript').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.transcript-list').textContent()).toMatch(/The chair tables/);
    await page.locator('button[data-command="end-slot"]').focus();
    await page.keyboard.press('Enter');

    // The final reading: adopt what is still open, then close the meeting.
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Final reading/);
    for (const paragraph of ['fisheries', 'climate-fund', 'trade-rules']) {
      await page.selectOption('#pick-paragraph', paragraph);
      if ((await page.locator('button[data-command="call-adoption"]').getAttribute('aria-disabled')) === 'false') await command(page, 'call-adoption');
    }
    await command(page, 'end-slot');

    await page.locator('#doc-title').waitFor();
    const outcome = await page.evaluate(() => window.communique.outcome());
    expect(outcome).not.toBeNull();
    const title = await page.locator('#doc-title').textContent();
    const titles: Record<string, string> = {
      'consensus-communique': 'Joint Communiqué',
      'communique-with-footnotes': 'Joint Communiqué (with footnotes)',
      'outcome-with-dissociation': 'Outcome Document (with a dissociation)',
      'chair-summary': "Chair's Summary and Outcome Document",
      'chair-statement': "Chair's Statement",
    };
    expect(title).toBe(titles[outcome!.kind]);
    const agreed = outcome!.paragraphs.filter((p) => p.adoptedVariant !== null && p.adoptedVariant !== 'dropped');
    expect(await page.locator('.document .doc-paras > li').count()).toBe(agreed.length);
    // The document carries the wording the meeting adopted, and history is shown beside it.
    const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/tutorial.json'), 'utf8'));
    const climate = outcome!.paragraphs.find((p) => p.id === 'climate-fund')!;
    if (climate.adoptedVariant && climate.adoptedVariant !== 'dropped') {
      const text = scenario.paragraphs.find((p: { id: string }) => p.id === 'climate-fund').variants.find((v: { id: string }) => v.id === climate.adoptedVariant).text;
      expect(await page.locator('.document').textContent()).toContain(text);
    }
    expect(await page.locator('.history').textContent()).toContain(scenario.historical.summary);
    expect(env.browser.errors).toEqual([]);
  });

  it('starts New Delhi as the chair from a link, and a reload resumes the same game', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=e2e-link&role=CHAIR&difficulty=standard');
    await waitRoom(page);
    expect(await page.evaluate(() => window.communique.renderer)).toBe('webgl');
    expect(await page.locator('#actions-h').textContent()).toContain('India (chair)');
    // "Suggest a move" names the autopilot's move and its reason, from what the chair knows.
    await page.click('#hint');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Suggestion: .+ — .+\.$/);

    await page.selectOption('#pick-target', 'RU');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await command(page, 'consult');
    await command(page, 'lobby');
    await command(page, 'end-slot');
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Session 1/);
    await page.selectOption('#pick-paragraph', 'food-security');
    await page.selectOption('#pick-variant', 'conflicts-and-supply-chains');
    await command(page, 'propose');
    await command(page, 'call-adoption');
    const before = await hashOf(page);
    const transcript = await page.locator('#actions').textContent();
    expect(before).toMatch(/^[0-9a-f]{64}$/);

    await page.reload();
    await waitReady(page);
    await waitRoom(page);
    expect(await hashOf(page)).toBe(before);
    expect(await page.locator('#minutes-left').textContent()).toBe(transcript!.match(/\d+ of \d+ minutes left in this slot/)![0]);
    expect(env.browser.errors).toEqual([]);
  });

  it('as the United States, answers an offer with Accept and Decline; as the chair, is warned before tabling a wording it knows Russia blocks', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=own-seat&role=US&difficulty=standard');
    await waitRoom(page);
    // Requests to the United States wait for its own answer; end slots until one arrives.
    for (let i = 0; i < 6 && (await page.locator('.offer').count()) === 0; i++) await command(page, 'end-slot');
    const offers = page.locator('.offer');
    expect(await offers.count()).toBeGreaterThan(0);
    const first = await offers.first().getAttribute('data-offer');
    await page.screenshot({ path: join(SHOTS, 'offer-1280x720.png') });
    await page.locator(`.offer[data-offer="${first}"] button[data-key="cmd-accept-${first}"]`).click();
    await expect.poll(() => page.locator(`.offer[data-offer="${first}"]`).count()).toBe(0);
    if ((await offers.count()) > 0) {
      const second = await offers.first().getAttribute('data-offer');
      await page.locator(`.offer[data-offer="${second}"] button[data-key="cmd-decline-${second}"]`).click();
      await expect.poll(() => page.locator(`.offer[data-offer="${second}"]`).count()).toBe(0);
    }

    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=warn&role=CHAIR&difficulty=standard');
    await waitRoom(page);
    await page.selectOption('#pick-target', 'RU');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await command(page, 'consult');
    await page.selectOption('#pick-variant', 'bali-formula');
    await expect.poll(() => page.locator('#propose-warning').textContent()).toMatch(/Russia blocks this wording/);
    await page.screenshot({ path: join(SHOTS, 'chair-warning-1280x720.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('as Russia, walks out, reloads, watches the rest to the end and reaches the end screen', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=walk-1&role=RU&difficulty=standard');
    await waitRoom(page);
    await page.locator('button[data-command="walk-out"]').click();
    await page.locator('dialog button[value="leave"]').click();
    await expect.poll(() => page.locator('#actions-h').textContent()).toBe('You have left the meeting');
    // The walk-out is saved like any move: after a reload the game is where it was, still going on.
    await page.reload();
    await waitReady(page);
    await waitRoom(page);
    await expect.poll(() => page.locator('#watch-to-end').count()).toBe(1);
    await page.click('#watch-to-end');
    await expect.poll(() => page.locator('.end-head h1').textContent()).toBe('The meeting has closed');
    const outcome = await page.evaluate(() => window.communique.outcome());
    expect(outcome).not.toBeNull();
    await page.screenshot({ path: join(SHOTS, 'walked-out-end-1280x720.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('refuses a save that fails its own log’s check, and an older version’s, offering both for download', async () => {
    const page = await env.browser.page(1280, 720);
    const link = '?scenario=new-delhi-fmm-2023&seed=e2e-refused&role=CHAIR&difficulty=standard';
    await fresh(page, link);
    await waitRoom(page);
    await command(page, 'end-slot');
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Session 1/);
    // Someone edits the save: its last command no longer leads to its final hash.
    const tampered = await page.evaluate(() => {
      const key = `communique.save.v3.${JSON.parse(localStorage.getItem('communique.saves.v3')!)[0].id}`;
      const save = JSON.parse(localStorage.getItem(key)!);
      save.final.stateHash = '0'.repeat(64);
      const text = JSON.stringify(save);
      localStorage.setItem(key, text);
      localStorage.setItem('communique.autosave.v1', JSON.stringify({ format: 1, scenario: { id: 'tutorial' }, seed: 'old', commands: [] }));
      return text;
    });
    // The same link would resume it: instead the title says what is wrong, and keeps both files.
    await page.goto(`${env.served.url}${link}`);
    await waitReady(page);
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/The saved game could not be resumed: diverges at step \d+: the state there is not the one recorded/);
    const refused = page.locator('#refused-saves');
    expect(await refused.textContent()).toContain('new-delhi-fmm-2023-e2e-refused.save.json');
    expect(await refused.textContent()).toContain('from an older version of Communiqué and cannot be resumed');
    expect(await page.locator('.save-slot').count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.click('#refused-download-0');
    const path = join(TMP, 'refused.save.json');
    await (await download).saveAs(path);
    expect(readFileSync(path, 'utf8')).toBe(tampered);
    // Starting a new game does not drop them; discarding does, one at a time.
    await page.click('#start');
    await waitRoom(page);
    await page.click('#to-title');
    expect(await page.locator('#refused-saves li').count()).toBe(2);
    await page.click('#refused-discard-0');
    await page.click('#refused-discard-0');
    expect(await page.locator('#refused-saves').count()).toBe(0);
    expect(await page.locator('.save-slot').count()).toBe(1);
    expect(env.browser.errors).toEqual([]);
  });

  it('loads a replay made by the CLI and reaches the CLI’s state hash', async () => {
    const file = join(TMP, 'cli-made.replay.json');
    const made = JSON.parse(cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', 'e2e-cli', '--role', 'CHAIR', '--out', file, '--json'));
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    await page.setInputFiles('#import-title', file);
    await page.locator('#doc-title').waitFor();
    await expect.poll(() => page.locator('#live').textContent()).toMatch(/^cli-made\.replay\.json: verified — \d+ commands, \d+ of \d+ checkpoints compared, final hash matched\.$/);
    expect(await hashOf(page)).toBe(made.stateHash);
    expect(await page.evaluate(() => window.communique.outcome())).toEqual(made.outcome);
    expect(env.browser.errors).toEqual([]);
  });

  it('exports a replay that the CLI verifies with the same state hash', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=e2e-export&role=US&difficulty=hard');
    await waitRoom(page);
    await page.selectOption('#pick-target', 'CN');
    await command(page, 'consult');
    await command(page, 'end-slot');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await command(page, 'bracket');
    const download = page.waitForEvent('download');
    await page.click('#export');
    const path = join(TMP, 'browser-made.replay.json');
    await (await download).saveAs(path);
    const replayed = JSON.parse(cli('replay', path, '--json'));
    expect(replayed.stateHash).toBe(await hashOf(page));
    expect(env.browser.errors).toEqual([]);
  });

  it('takes screenshots of the title, the room mid-game and the end, at three sizes', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SHOTS, `title-${size.name}.png`) });
    }
    await page.goto(`${env.served.url}?scenario=new-delhi-fmm-2023&seed=e2e-shots&role=CHAIR&difficulty=standard`);
    await waitRoom(page);
    await page.selectOption('#pick-target', 'CN');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await command(page, 'end-slot');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await page.selectOption('#pick-target', 'CN');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await command(page, 'lobby');
      await page.waitForTimeout(900);
      // On a tablet the room sits above the panels, which scroll below it.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `room-${size.name}.png`) });
    }
    await page.click('#tab-grid');
    await page.screenshot({ path: join(SHOTS, `room-grid-768x1024.png`) });
    const file = join(TMP, 'shots.replay.json');
    cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--role', 'CHAIR', '--out', file);
    await page.goto(env.served.url);
    await waitReady(page);
    await page.setInputFiles('#import-title', file);
    await page.locator('#doc-title').waitFor();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(SHOTS, `end-${size.name}.png`) });
    }
    expect(env.browser.errors).toEqual([]);
  });
});
