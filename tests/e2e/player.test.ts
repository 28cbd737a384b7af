// The player's game in real headless Chromium: the end screen's "what it would have taken", feedback a
// player can learn from (the transcript newest first with its filter, the odds before a lobby), the live
// region's summaries, named save slots and a class's group name — with screenshots to look at.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT, TMP, waitReady, waitRoom } from './browser.ts';
import { gameInBrowser } from './fixture.ts';

const SHOTS = join(ROOT, 'tests/screenshots');
const env = gameInBrowser();

function cli(...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/communique.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

async function fresh(page: Page, query = ''): Promise<void> {
  await page.goto(env.served.url);
  await page.evaluate(() => localStorage.clear());
  await page.goto(`${env.served.url}${query}`);
  await waitReady(page);
}

describe('the player’s game', () => {
  it('the end screen of New Delhi says whose red lines kept which rung out of reach, and the nearest outcome', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    const file = join(TMP, 'reach.replay.json');
    cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--role', 'CHAIR', '--out', file);
    await page.setInputFiles('#import-title', file);
    await page.locator('#doc-title').waitFor();
    const reach = page.locator('#reach');
    await expect.poll(() => reach.locator('h2').textContent()).toBe('What it would have taken');
    const text = (await reach.textContent())!;
    expect(text).toContain('out of reach whatever anyone did: Joint Communiqué, Joint Communiqué (with footnotes) and Outcome Document (with a dissociation).');
    const war = reach.locator('li[data-paragraph="ukraine-war"]');
    expect(await war.locator('strong').textContent()).toBe('The war in Ukraine (Bali paragraph 3): every wording crosses a member’s red line.');
    // Wordings ruled out by the same members are named together, the names joined as English joins them.
    const groups = await war.locator('li').allTextContents();
    expect(groups).toHaveLength(3);
    expect(groups[0]).toMatch(/^India, China and Russia rule out “The ministers themselves condemn .+”\.$/);
    expect(groups[1]).toMatch(/^China and Russia rule out “The Bali compromise: .+”\.$/);
    expect(groups[2]).toMatch(/^Australia, Canada, .+, United States and European Union rule out “Names no state: .+”, “Only records .+” and dropping the paragraph\.$/);
    expect(await reach.locator('li[data-paragraph]').count()).toBe(2);
    expect(await page.locator('#reach-nearest').textContent()).toMatch(/^The nearest achievable outcome: Chair's Summary and Outcome Document, with 16 of 18 paragraphs agreed by all \(81% of the weighted text\)\. /);
    // The record column is true to the record, and names the members, not their codes.
    const row = (id: string) => page.locator('.compare tbody tr').filter({ has: page.locator('th', { hasText: id }) }).locator('td').nth(1);
    expect(await row('Nord Stream').textContent()).toBe('dropped by consensus');
    expect(await row('The war in Ukraine').textContent()).toMatch(/\(not China and Russia\)$/);
    await reach.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'end-reach-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await reach.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'end-reach-390.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('feedback: the seat’s own odds before a lobby or linkage, what moved after it, the reason of a suggestion, the transcript newest first and filtered', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=feedback&role=CHAIR&difficulty=standard');
    await waitRoom(page);
    await page.click('#hint');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Suggestion: .+ — .+\.$/);
    // Russia blocks the Ukraine text on a red line: the panel says lobbying cannot lift it.
    await page.selectOption('#pick-target', 'RU');
    await page.selectOption('#pick-paragraph', 'ukraine-war');
    await expect.poll(() => page.locator('#lobby-odds').textContent()).toBe('Russia blocks this wording on a red line: red lines never move, so lobbying will not lift its block.');
    // Elsewhere the odds are the seat's own estimate, sharper once it has consulted.
    await page.selectOption('#pick-target', 'SA');
    await page.selectOption('#pick-paragraph', 'climate');
    await expect.poll(() => page.locator('#lobby-odds').textContent()).toMatch(/^Your estimate: about \d+ in 100 that Saudi Arabia gives ground — consult it first/);
    await expect.poll(() => page.locator('#linkage-odds').textContent()).toMatch(/^Consult Saudi Arabia on .+ and on .+ to estimate whether it would accept\.$/);
    await page.locator('button[data-command="consult"]').click();
    await expect.poll(() => page.locator('#lobby-odds').textContent()).toMatch(/^Your estimate: about \d+ in 100 that Saudi Arabia gives ground\.$/);
    const odds = Number((await page.locator('#lobby-odds').textContent())!.match(/about (\d+) in 100/)![1]);
    await page.locator('#lobby-odds').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'odds-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#lobby-odds').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'odds-390.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.locator('button[data-command="lobby"]').click();
    const status = (await page.locator('#status').textContent())!;
    expect(status).toMatch(/^India lobbies Saudi Arabia on .+: Saudi Arabia (shows flexibility|is not moved)\. /);
    expect(status.endsWith(`Your estimate was about ${odds} in 100.`)).toBe(true);
    await page.locator('button[data-command="end-slot"]').click();
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Session 1/);

    // The transcript: the latest slot first, opening with its clock line, its newest record next.
    await page.click('#tab-transcript');
    const entries = page.locator('.transcript-list > li');
    expect(await entries.first().getAttribute('class')).toContain('clock');
    expect(await entries.first().textContent()).toMatch(/Session 1/);
    const all = await entries.count();
    await page.selectOption('#transcript-filter', 'mine');
    await expect.poll(() => entries.count()).toBeLessThan(all);
    // Only the chair's own moves and what was asked of it (clock lines head each slot that has any).
    const mine = await page.locator('.transcript-list > li:not(.clock)').allTextContents();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((line) => /^You |India|Saudi Arabia/.test(line))).toBe(true);
    expect(mine.at(-1)).toMatch(/^You India consults Saudi Arabia/);
    await page.selectOption('#transcript-filter', 'stances');
    const stances = page.locator('.transcript-list > li:not(.clock)');
    for (const kind of await stances.evaluateAll((els) => els.map((e) => e.className))) expect(kind).toContain('kind-stance');
    await page.screenshot({ path: join(SHOTS, 'transcript-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#transcript-filter').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'transcript-390.png') });
    expect(env.browser.errors).toEqual([]);
  });

  it('the live region announces the new session and slot, the news and a count of the delegations that moved; D reads the details', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=live&role=CHAIR&difficulty=standard');
    await waitRoom(page);
    const live = page.locator('#live');
    await page.locator('button[data-command="end-slot"]').click();
    await expect.poll(() => live.textContent()).toMatch(/^Now: Session 1: .+ \(90 minutes\)\./);
    const summary = (await live.textContent())!;
    expect(summary).toMatch(/Breaking news: Modi opens by video\./);
    const counted = summary.match(/(\d+) delegations? moved; (\d+) toward your text\. Press D to hear the details\.( \d+ requests? for you waits? for your answer\.)?$/);
    expect(counted, summary).not.toBeNull();
    // Short: a sentence or so per thing, never forty stance sentences.
    expect(summary.split(/\s+/).length).toBeLessThan(60);
    await page.locator('#clock').click();
    await page.keyboard.press('d');
    // The region is emptied before it speaks again (so a reader announces the same words twice): wait for the words.
    await expect.poll(() => live.textContent()).toMatch(/^A minute of silence: .+ Modi opens by video: /);
    const details = (await live.textContent())!;
    // The details name every delegation the summary counted, in a sentence each on its stance.
    const movers = new Set([...details.matchAll(/(?:^|\. |\) )(\p{Lu}[\p{L} ]+?) now (?:supports|accepts|reserves|objects|blocks)/gu)].map((m) => m[1]));
    expect(movers.size).toBe(Number(counted![1]));
    expect(Number(counted![2])).toBeLessThanOrEqual(movers.size);
    expect(env.browser.errors).toEqual([]);
  });

  it('named save slots: each game keeps its own, the old autosave becomes one, any is resumed or deleted', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page);
    // The single autosave of the last version, as it was stored: it becomes a slot, not lost.
    const file = join(TMP, 'old-autosave.replay.json');
    cli('simulate', '--scenario', 'tutorial', '--seed', 'kept', '--role', 'NOR', '--out', file);
    const text = readFileSync(file, 'utf8');
    await page.evaluate((t) => localStorage.setItem('communique.autosave.v2', t), text);
    // Two games opened by link: neither replaces the other, nor the old save.
    for (const seed of ['first', 'second']) {
      await page.goto(`${env.served.url}?scenario=new-delhi-fmm-2023&seed=${seed}&role=US&difficulty=standard`);
      await waitReady(page);
      await waitRoom(page);
      await page.locator('button[data-command="end-slot"]').click();
      await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Session 1/);
    }
    const second = await page.evaluate(() => window.communique.stateHash());
    await page.click('#to-title');
    const slots = page.locator('.save-slot');
    await expect.poll(() => slots.count()).toBe(3);
    const lines = await page.locator('.save-slot p').allTextContents();
    expect(lines[0]).toMatch(/^G20 Foreign Ministers' Meeting, New Delhi 2023 — as United States, seed “second”: \d+ steps so far\.$/);
    expect(lines[1]).toMatch(/seed “first”/);
    // The tutorial is fetched only for the list: its line names the seat once it has arrived.
    await expect.poll(() => page.locator('.save-slot p').nth(2).textContent()).toMatch(/^Tutorial: the Harbour Accord — as Northern Republic, seed “kept”: \d+ steps so far\.$/);
    await page.locator('#save-slots').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'save-slots-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#save-slots').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'save-slots-390.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    // Delete the middle one; resume the newest, exactly where it was.
    await page.click('button[data-key="delete-1"]');
    await expect.poll(() => slots.count()).toBe(2);
    expect(await page.locator('.save-slot p').allTextContents()).not.toContainEqual(expect.stringMatching(/seed “first”/));
    await page.click('button[data-key="resume-0"]');
    await waitRoom(page);
    expect(await page.evaluate(() => window.communique.stateHash())).toBe(second);
    // The old autosave resumes too: the CLI's game, to its end screen.
    await page.click('#to-title');
    await page.click('button[data-key="resume-1"]');
    await page.locator('#doc-title').waitFor();
    expect(env.browser.errors).toEqual([]);
  });

  it('a class link asks for the group’s name beside a game already playable; the name goes into the file names and Compare', async () => {
    const page = await env.browser.page(1280, 720);
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=class&role=CHAIR&difficulty=standard&group=ask');
    await waitRoom(page);
    // Not a dialog: the game takes moves while the field waits.
    expect(await page.locator('dialog[open]').count()).toBe(0);
    await expect.poll(() => page.locator('#group-form label').textContent()).toBe('Your group’s name');
    await page.locator('button[data-command="end-slot"]').click();
    await expect.poll(() => page.locator('#clock').textContent()).toMatch(/Session 1/);
    await page.fill('#group-name', 'Les Lions 3');
    await page.screenshot({ path: join(SHOTS, 'group-field-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'group-field-390.png') });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.click('#group-save');
    await expect.poll(() => page.locator('#group-line').textContent()).toMatch(/^Group: Les Lions 3/);
    expect(new URL(page.url()).searchParams.get('group')).toBe('Les Lions 3');
    const download = page.waitForEvent('download');
    await page.click('#export');
    const exported = await download;
    expect(exported.suggestedFilename()).toBe('new-delhi-fmm-2023-class-Les-Lions-3.replay.json');
    const path = join(TMP, exported.suggestedFilename());
    await exported.saveAs(path);
    expect(JSON.parse(readFileSync(path, 'utf8')).group).toBe('Les Lions 3');
    // A reload keeps the group and the game.
    const hash = await page.evaluate(() => window.communique.stateHash());
    await page.reload();
    await waitReady(page);
    await waitRoom(page);
    expect(await page.evaluate(() => window.communique.stateHash())).toBe(hash);
    await expect.poll(() => page.locator('#group-line').textContent()).toMatch(/^Group: Les Lions 3/);
    // Compare names the row by the group, whatever the file was renamed to.
    const renamed = join(TMP, 'download (1).json');
    writeFileSync(renamed, readFileSync(path));
    await page.goto(`${env.served.url}?viewer`);
    await waitReady(page);
    await page.click('#vtab-compare');
    await page.setInputFiles('#compare-files', [renamed]);
    await expect.poll(() => page.locator('#compare-table tbody th').first().textContent()).toBe('Les Lions 3');
    // A plain link asks nothing.
    await fresh(page, '?scenario=new-delhi-fmm-2023&seed=plain&role=CHAIR&difficulty=standard');
    await waitRoom(page);
    expect(await page.locator('#group-form, #group-line').count()).toBe(0);
    expect(env.browser.errors).toEqual([]);
  });
});

