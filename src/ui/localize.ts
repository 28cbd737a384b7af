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

// By scenario id: a title card (an index entry) and the scenario fetched later share one answer.
const coverage = new Map<string, Coverage>();

/** How far a scenario shown on this page is translated into the page's language. */
export function coverageOfScenario(s: { meta: { id: string } }): Coverage {
  return current().lang === 'en' ? 'full' : (coverage.get(s.meta.id) ?? 'none');
}

/** The note a scenario not fully translated into the page's language carries, or null. */
export function translationNote(s: { meta: { id: string } }): string | null {
  const c = coverageOfScenario(s);
  if (c === 'full') return null;
  const language = new Intl.DisplayNames([current().locale], { type: 'language' }).of(current().lang) ?? current().lang;
  return t(c === 'none' ? 'scenario.untranslated' : 'scenario.partial', { language });
}

/** The address of a scenario's texts file in a language, if the build has one. */
function textsUrl(id: string, lang: string): string | undefined {
  return Object.entries(TEXT_FILES).find(([path]) => path.endsWith(`/${id}.${lang}.json`))?.[1];
}

/** A scenario with its texts in the page's language, where a texts file has them (problems go to `problems`). */
async function localized(s: Scenario, problems: string[]): Promise<Scenario> {
  const lang = current().lang;
  if (lang === 'en') return s;
  const url = textsUrl(s.meta.id, lang);
  if (!url) return s;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const check = checkTexts(s, await response.json(), `scenarios/texts/${s.meta.id}.${lang}.json`);
    if (!check.ok) {
      problems.push(check.problems[0]!);
      return s;
    }
    const copy = translateScenario(s, check.texts);
    coverage.set(s.meta.id, coverageOf(check));
    return copy;
  } catch (error) {
    problems.push(`scenarios/texts/${s.meta.id}.${lang}.json: ${(error as Error).message}`);
    return s;
  }
}

/**
 * The catalogue whose scenarios arrive with their texts in the page's language: each one fetched when
 * chosen (catalogue.ts) and its texts file with it, so the title still fetches nothing it does not show.
 */
export async function localizeCatalogue(catalogue: Catalogue): Promise<Catalogue> {
  const lang = current().lang;
  if (lang === 'en') return catalogue;
  // The title cards' own words (title, place, summary) come from each texts file's meta: small files,
  // fetched together before the title shows; the rest of a scenario's texts arrive with the scenario.
  const entries = await Promise.all(
    catalogue.entries.map(async (e) => {
      const url = textsUrl(e.id, lang);
      if (!url) return e;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const texts = (await response.json()) as { meta?: { title?: string; place?: string; summary?: string } };
        coverage.set(e.id, 'partial');
        return { ...e, meta: { ...e.meta, ...(texts.meta?.title ? { title: texts.meta.title } : {}), ...(texts.meta?.place ? { place: texts.meta.place } : {}), ...(texts.meta?.summary ? { summary: texts.meta.summary } : {}) } };
      } catch {
        return e;
      }
    }),
  );
  const done = new Map<string, Scenario>();
  const pending = new Map<string, Promise<Scenario | undefined>>();
  const load = (id: string): Promise<Scenario | undefined> => {
    let p = pending.get(id);
    if (!p) {
      p = catalogue.load(id).then(async (s) => {
        if (!s) return undefined;
        const copy = await localized(s, catalogue.problems);
        done.set(id, copy);
        return copy;
      });
      pending.set(id, p);
    }
    return p;
  };
  return {
    ...catalogue,
    entries,
    entry: (id) => entries.find((e) => e.id === id),
    get scenarios() {
      return catalogue.entries.map((e) => done.get(e.id)).filter((s): s is Scenario => s !== undefined);
    },
    problems: catalogue.problems,
    byId: (id) => done.get(id),
    load,
    async loadAll() {
      await Promise.all(catalogue.entries.map((e) => load(e.id)));
    },
  };
}
