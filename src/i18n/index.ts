// The i18n room: words for every surface (game, narration, CLI, classroom, reports), loaded per language.
// Catalogues are ICU MessageFormat (FormatJS intl-messageformat: plurals, selects, numbers) in
// locales/<lang>/<surface>.json; the browser imports only the chosen language's files (one chunk per
// language and surface), and a key missing in a language falls back to English when English is loaded.
// State, logs and hashes never hold these words: they are rendered from ids and numbers at the edge.
import { IntlMessageFormat } from 'intl-messageformat';

export const LANGUAGES = ['en', 'fr', 'es', 'pt', 'ru', 'zh', 'ar', 'hi'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** The surfaces a catalogue is split into, so a page loads only the words it shows. */
export const SURFACES = ['game', 'narration', 'cli', 'classroom', 'reports'] as const;
export type Surface = (typeof SURFACES)[number];

export type Messages = Readonly<Record<string, string>>;

/** Each language named in itself, for the picker (and `--lang` errors). */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  pt: 'Português',
  ru: 'Русский',
  zh: '简体中文',
  ar: 'العربية',
  hi: 'हिन्दी',
};

/**
 * The locale Intl formats each language with. English is British (the game's spelling, and lists
 * without the serial comma); Chinese is simplified; Arabic keeps Western digits, as Arab news and
 * diplomatic documents on screens commonly do, so scores and step numbers read the same in every copy.
 */
export const LOCALES: Record<Lang, string> = {
  en: 'en-GB',
  fr: 'fr-FR',
  es: 'es-ES',
  pt: 'pt-BR',
  ru: 'ru-RU',
  zh: 'zh-Hans-CN',
  ar: 'ar-u-nu-latn',
  hi: 'hi-IN',
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Right to left for Arabic; every other language of the table runs left to right. */
export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

/** The first of the reader's languages (navigator.languages, LANG) the game speaks; English otherwise. */
export function pickLanguage(preferred: readonly (string | undefined | null)[]): Lang {
  for (const tag of preferred) {
    if (!tag) continue;
    const base = tag.toLowerCase().replace('_', '-').split(/[-.@]/)[0];
    if (isLang(base)) return base;
  }
  return 'en';
}

export type Params = Record<string, string | number | boolean | null | undefined>;

/** Words in one language: a message by key with its parameters, and Intl's numbers, lists and dates. */
export interface Translator {
  readonly lang: Lang;
  readonly locale: string;
  readonly dir: 'ltr' | 'rtl';
  /** The message `key` with `params`; booleans reach ICU `select` as "yes"/"no". */
  t(key: string, params?: Params): string;
  has(key: string): boolean;
  number(n: number, options?: Intl.NumberFormatOptions): string;
  /** "A, B and C" in the language's own way. */
  list(items: readonly string[], type?: 'conjunction' | 'disjunction'): string;
  /** "2 March 2023" from "2023-03-02", in the language's own way (dates without a time zone). */
  date(iso: string): string;
  /** The surfaces this translator holds. */
  readonly surfaces: readonly Surface[];
}

function prepare(params: Params | undefined, isolate: boolean): Record<string, string | number> | undefined {
  if (!params) return undefined;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = v === true ? 'yes' : v === false ? 'no' : v === null || v === undefined ? '' : v;
    // In a right-to-left page a name or quotation still in Latin script keeps its own order inside the
    // sentence. Words already in right-to-left script, and words holding an isolate already, are left as
    // they are: an isolate around an isolate takes its direction from nothing and turns left to right.
    const wrap = isolate && typeof value === 'string' && !/^[\w-]*$/.test(value) && !/[\u0590-\u08FF\u2066-\u2069]/.test(value);
    out[k] = wrap ? `\u2068${value}\u2069` : value;
  }
  return out;
}

/**
 * A translator over `messages` (all surfaces of one language merged), falling back key by key to
 * `fallback` (English) and, if neither has the key, to the key itself so a gap is visible, never a crash.
 */
export function makeTranslator(lang: Lang, messages: Messages, fallback?: Messages, surfaces: readonly Surface[] = SURFACES, options: { isolate?: boolean } = {}): Translator {
  const isolate = options.isolate === true && dirOf(lang) === 'rtl';
  const locale = LOCALES[lang];
  const compiled = new Map<string, IntlMessageFormat>();
  const numbers = new Map<string, Intl.NumberFormat>();
  const lists = new Map<string, Intl.ListFormat>();
  let dates: Intl.DateTimeFormat | undefined;
  const format = (key: string): IntlMessageFormat | undefined => {
    let m = compiled.get(key);
    if (m) return m;
    const own = Object.hasOwn(messages, key) ? messages[key] : undefined;
    const source = own ?? (fallback && Object.hasOwn(fallback, key) ? fallback[key] : undefined);
    if (source === undefined) return undefined;
    // A fallen-back message is formatted as English, so its plurals follow English rules.
    // ignoreTag: the catalogues hold plain text, so "<file>" in a usage line is text, not markup.
    m = new IntlMessageFormat(source, own !== undefined ? locale : LOCALES.en, undefined, { ignoreTag: true });
    compiled.set(key, m);
    return m;
  };
  return {
    lang,
    locale,
    dir: dirOf(lang),
    surfaces,
    t(key, params) {
      const m = format(key);
      if (!m) return key;
      const out = m.format(prepare(params, isolate));
      return typeof out === 'string' ? out : Array.isArray(out) ? out.join('') : String(out);
    },
    has: (key) => Object.hasOwn(messages, key) || (fallback !== undefined && Object.hasOwn(fallback, key)),
    number(n, options) {
      const k = JSON.stringify(options ?? {});
      let f = numbers.get(k);
      if (!f) numbers.set(k, (f = new Intl.NumberFormat(locale, options)));
      return f.format(n);
    },
    list(items, type = 'conjunction') {
      let f = lists.get(type);
      if (!f) lists.set(type, (f = new Intl.ListFormat(locale, { type, style: 'long' })));
      return f.format(items);
    },
    date(iso) {
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      dates ??= new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      return dates.format(new Date(Date.UTC(y, m - 1, d)));
    },
  };
}

/** One surface's catalogue of one language, as its own chunk (Vite turns this import into one per file). */
async function loadSurface(lang: Lang, surface: Surface): Promise<Messages> {
  const module = (await import(`./locales/${lang}/${surface}.json`)) as { default: Messages };
  return module.default;
}

async function loadMerged(lang: Lang, surfaces: readonly Surface[]): Promise<Messages> {
  const parts = await Promise.all(surfaces.map((s) => loadSurface(lang, s)));
  return Object.assign({}, ...parts) as Messages;
}

/**
 * Loads `lang`'s catalogues for `surfaces`. With `withFallback` (the CLI, tests) English is loaded too
 * so a missing key falls back to it; the browser leaves it out so only the chosen language is fetched —
 * the catalogue test keeps every language's keys the same as English's, so nothing falls back there.
 */
export async function loadTranslator(lang: Lang, surfaces: readonly Surface[] = SURFACES, withFallback = false, options: { isolate?: boolean } = {}): Promise<Translator> {
  const [messages, fallback] = await Promise.all([loadMerged(lang, surfaces), withFallback && lang !== 'en' ? loadMerged('en', surfaces) : undefined]);
  return makeTranslator(lang, messages, fallback, surfaces, options);
}

let active: Translator = makeTranslator('en', {}, undefined, []);

/** The page's (or process's) language, once loaded: surfaces that show one language at a time use it. */
export function current(): Translator {
  return active;
}

/** Makes `tr` the current language. */
export function use(tr: Translator): Translator {
  active = tr;
  return tr;
}

/** A message of the current language. */
export function t(key: string, params?: Params): string {
  return active.t(key, params);
}
