// axe-core in the browser tests: the page as it stands, checked against WCAG 2.2 AA's rules, in the
// language of the page. `withLanguage` and AXE_LANGUAGES let a run in another language be one line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';

/** The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * The languages every axe-checked screen is visited in. A language the game speaks is added here
 * (e.g. 'ar'): the tests that loop over it then open each screen with `?lang=<code>` as well.
 */
export const AXE_LANGUAGES: string[] = ['en', 'ar'];

/** `query` (e.g. `?viewer` or `?scenario=…`) with `lang=` added for a language other than English. */
export function withLanguage(query: string, lang: string): string {
  if (lang === 'en') return query;
  return `${query}${query.includes('?') ? '&' : '?'}lang=${lang}`;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page (or under `include`); one line per violation and element, empty when clean. */
export async function axeViolations(page: Page, where: string, include?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = (await page.evaluate(
    async ([tags, root]) => {
      const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
      return axe.run(root ? { include: [root] } : document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    },
    [WCAG_TAGS, include ?? null] as const,
  )) as AxeResults;
  const lang = await page.evaluate(() => document.documentElement.lang);
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${where} [${lang}]: ${v.id} (${v.impact}) ${v.help} — ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ').slice(0, 200)}`),
  );
}

/** Fails the test unless axe finds nothing on the page (or under `include`). */
export async function expectNoAxeViolations(page: Page, where: string, include?: string): Promise<void> {
  const found = await axeViolations(page, where, include);
  expect(found, found.join('\n')).toEqual([]);
}
