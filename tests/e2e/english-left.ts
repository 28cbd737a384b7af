// English left on a page shown in another language: the English catalogues' own words (each message's
// literal text between its arguments), looked for on screen — visible text, option labels, and the
// names, titles, placeholders and alternatives a screen reader or a hover shows — and in the dialogs;
// a scenario's own texts not yet translated (shown under the page's note) are not the catalogues' words.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Page } from 'playwright-core';
import { ROOT } from './browser.ts';
import type { Lang, Surface } from '../../src/i18n/index.ts';

const read = (lang: Lang, surface: Surface): Record<string, string> => JSON.parse(readFileSync(join(ROOT, `src/i18n/locales/${lang}/${surface}.json`), 'utf8'));

/** The literal runs of a message, split where an argument, a plural's # or a choice cuts them. */
function literals(elements: MessageFormatElement[], out: string[] = []): string[] {
  for (const e of elements) {
    if (e.type === TYPE.literal) out.push(e.value);
    else {
      out.push('\u0000');
      if (e.type === TYPE.select || e.type === TYPE.plural) for (const option of Object.values(e.options)) literals(option.value, out).push('\u0000');
      if (e.type === TYPE.tag) literals(e.children, out);
    }
  }
  return out;
}

/**
 * The English phrases of `surfaces` a page in `lang` must not show: each literal run of each English
 * message with a word of three letters or more, unless the language's own message has it too (a
 * command such as “npm run serve”, the game's name, a code that is the same in every language).
 */
export function englishPhrases(surfaces: readonly Surface[], lang: Lang): string[] {
  const phrases = new Set<string>();
  for (const surface of surfaces) {
    const english = read('en', surface);
    const own = read(lang, surface);
    for (const [key, message] of Object.entries(english)) {
      for (const run of literals(parse(message, { ignoreTag: true })).join('').split('\u0000')) {
        const phrase = run.trim().replace(/^[\s—–:;,.·()“”‘’'"]+|[\s—–:;,.·()“”‘’'"…]+$/g, '');
        if (!/[A-Za-z]{3,}/.test(phrase)) continue;
        if (own[key]?.includes(phrase)) continue;
        phrases.add(phrase);
      }
    }
  }
  return [...phrases];
}

/** Everything the page shows or names now: visible text, options, and aria-label, title, placeholder, alt. */
export async function textOnScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('option')) out.push(el.textContent ?? '');
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

/**
 * Every string of a scenario's own file (English): its texts not yet translated are shown as they are,
 * under the page's note saying so, and are the scenario's words, not the catalogues'.
 */
export function scenarioStrings(id: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 3) out.push(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(readFileSync(join(ROOT, `scenarios/${id}.json`), 'utf8')));
  // Longest first, so a text is taken out whole before any shorter string inside it.
  return out.sort((a, b) => b.length - a.length);
}

/**
 * The phrases found in `texts`, each as a whole word or words (case-sensitive), with where it stood;
 * the `shown` strings (a scenario's untranslated texts) are taken out of the texts first.
 */
export function englishIn(texts: readonly string[], phrases: readonly string[], shown: readonly string[] = []): string[] {
  if (shown.length > 0) texts = texts.map((t) => shown.reduce((rest, s) => (rest.includes(s) ? rest.split(s).join(' \u2026 ') : rest), t));
  const found: string[] = [];
  for (const phrase of phrases) {
    const pattern = new RegExp(`(?<![A-Za-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z])`);
    const hit = texts.find((t) => pattern.test(t));
    if (hit !== undefined) {
      const at = hit.search(pattern);
      found.push(`“${phrase}” in “…${hit.slice(Math.max(0, at - 30), at + phrase.length + 30).replace(/\s+/g, ' ')}…”`);
    }
  }
  return found;
}
