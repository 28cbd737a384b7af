// The player's game in real headless Chromium: the end screen's "what it would have taken", feedback a
// player can learn from (the transcript newest first with its filter, the odds before a lobby), the live
// region's summaries, named save slots and a class's group name — with screenshots to look at.
import { execFileSync } from 'node:child_process';
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
    await reach.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'end-reach-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await reach.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'end-reach-390.png') });
    expect(env.browser.errors).toEqual([]);
  });
});
