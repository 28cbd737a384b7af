// The page's language for the browser: chosen from ?lang=, the reader's last choice, or the browser's
// languages; its catalogues loaded (only that language's), <html lang dir> set, and each scenario's
// texts in that language laid over it, with a note where a scenario is not (fully) translated.
import type { Catalogue } from './catalogue.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { current, isLang, loadTranslator, pickLanguage, t, use, type Lang, type Translator } from '../i18n/index.ts';
import { checkTexts, coverageOf, translateScenario, type Coverage } from '../i18n/scenario-texts.ts';

const STORED = 'communique-lang';

// As URLs, like the scenarios themselves: a language's texts are fetched when chosen, never bundled.
const TEXT_FILES = import.meta.glob('../../scenarios/texts/*.json', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

/** ?lang= in the address, then the language the reader chose last, then the browser's; English otherwise. */
export function chosenLanguage(search: string, stored: string | null, browser: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (isLang(asked)) return asked;
  if (isLang(stored)) return stored;
  return pickLanguage(browser);
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

/** Loads the page's language and marks the document with it. */
export async function startLanguage(): Promise<Translator> {
  const lang = chosenLanguage(location.search, storedLanguage(), navigator.languages ?? [navigator.language]);
  // The game's own surfaces; the classroom's load with its pages (loadClassroomWords).
  // Bidi isolates around interpolated words: on screen only (files and the CLI get the words bare).
  const tr = use(await loadTranslator(lang, ['game', 'narration', 'reports'], false, { isolate: true }));
  document.documentElement.lang = lang;
  document.documentElement.dir = tr.dir;
  document.title = t('page.title');
  return tr;
}

/** The classroom pages' words, added to the page's language when a classroom page opens. */
export async function loadClassroomWords(): Promise<void> {
  const tr = current();
  use(await loadTranslator(tr.lang, [...new Set([...tr.surfaces, 'classroom' as const])], false, { isolate: true }));
}

/** Remembers the reader's choice and reloads the page in it (every surface then loads in the new language). */
export function switchLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORED, lang);
  } catch {
    // A browser without storage still switches for this address.
  }
  const params = new URLSearchParams(location.search);
  params.set('lang', lang);
  location.search = params.toString();
}

const coverage = new WeakMap<Scenario, Coverage>();

/** How far a scenario shown on this page is translated into the page's language. */
export function coverageOfScenario(s: Scenario): Coverage {
  return current().lang === 'en' ? 'full' : (coverage.get(s) ?? 'none');
}

/** The note a scenario not fully translated into the page's language carries, or null. */
export function translationNote(s: Scenario): string | null {
  const c = coverageOfScenario(s);
  if (c === 'full') return null;
  const language = new Intl.DisplayNames([current().locale], { type: 'language' }).of(current().lang) ?? current().lang;
  return t(c === 'none' ? 'scenario.untranslated' : 'scenario.partial', { language });
}

/** The catalogue with every scenario's texts in the page's language, where a texts file has them. */
export async function localizeCatalogue(catalogue: Catalogue): Promise<Catalogue> {
  const lang = current().lang;
  if (lang === 'en') return catalogue;
  const scenarios = await Promise.all(
    catalogue.scenarios.map(async (s) => {
      const url = Object.entries(TEXT_FILES).find(([path]) => path.endsWith(`/${s.meta.id}.${lang}.json`))?.[1];
      if (!url) return s;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const check = checkTexts(s, await response.json(), `scenarios/texts/${s.meta.id}.${lang}.json`);
        if (!check.ok) {
          catalogue.problems.push(check.problems[0]!);
          return s;
        }
        const copy = translateScenario(s, check.texts);
        coverage.set(copy, coverageOf(check));
        return copy;
      } catch (error) {
        catalogue.problems.push(`scenarios/texts/${s.meta.id}.${lang}.json: ${(error as Error).message}`);
        return s;
      }
    }),
  );
  return { scenarios, problems: catalogue.problems, byId: (id) => scenarios.find((s) => s.meta.id === id) };
}
