// The catalogues: every language has exactly English's keys on every surface, every message parses as
// ICU MessageFormat with English's argument names — none unknown, none that prints words dropped (an
// argument English uses only to choose a plural or a form may go: Chinese has no plural to choose) —
// and the translator formats plurals, lists, numbers and fallbacks in the language's own way; every key the
// code names is in the catalogue, and no language has a sentence left word for word in English.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES, SURFACES, current, dirOf, loadTranslator, makeTranslator, pickLanguage, use, type Lang, type Surface } from '../src/i18n/index.ts';
import { wordsIn } from '../src/i18n/problem-words.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { refusalWords } from '../src/ui/words.ts';
import { scenario } from './helpers.ts';

const file = (lang: Lang, surface: Surface) => `src/i18n/locales/${lang}/${surface}.json`;
const read = (lang: Lang, surface: Surface): Record<string, string> => JSON.parse(readFileSync(file(lang, surface), 'utf8'));

/** The arguments a message uses: `printed` are shown as text (a plain argument, a number, a plural's #), `choosers` only pick a form. */
function argumentsOf(elements: MessageFormatElement[], out = { printed: new Set<string>(), choosers: new Set<string>() }, pound?: string) {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) out.printed.add(e.value);
    if (e.type === TYPE.pound && pound) out.printed.add(pound);
    if (e.type === TYPE.select || e.type === TYPE.plural) {
      out.choosers.add(e.value);
      for (const option of Object.values(e.options)) argumentsOf(option.value, out, e.type === TYPE.plural ? e.value : pound);
    }
    if (e.type === TYPE.tag) argumentsOf(e.children, out, pound);
  }
  return out;
}
const shape = (message: string) => {
  const a = argumentsOf(parse(message, { ignoreTag: true }));
  return { printed: [...a.printed].sort(), all: [...new Set([...a.printed, ...a.choosers])].sort() };
};

describe('catalogues', () => {
  const english = Object.fromEntries(SURFACES.map((s) => [s, read('en', s)])) as Record<Surface, Record<string, string>>;

  it('English keys are unique across surfaces (a page merges the surfaces it loads)', () => {
    const seen = new Map<string, Surface>();
    for (const s of SURFACES) for (const k of Object.keys(english[s])) {
      expect(seen.get(k), `${k} in ${s} and ${seen.get(k)}`).toBeUndefined();
      seen.set(k, s);
    }
  });

  for (const lang of LANGUAGES) {
    for (const surface of SURFACES) {
      it(`${lang}/${surface}: the English keys, each parsing with English's arguments`, () => {
        expect(existsSync(file(lang, surface)), file(lang, surface)).toBe(true);
        const messages = read(lang, surface);
        expect(Object.keys(messages).sort()).toEqual(Object.keys(english[surface]).sort());
        for (const [key, message] of Object.entries(messages)) {
          expect(typeof message, key).toBe('string');
          expect(message.trim(), `${lang} ${key} is empty`).not.toBe('');
          let parsed: ReturnType<typeof shape>;
          try {
            parsed = shape(message);
          } catch (error) {
            throw new Error(`${file(lang, surface)}: ${key}: ${(error as Error).message}`);
          }
          const en = shape(english[surface][key]!);
          const where = `${file(lang, surface)}: ${key}`;
          // Every argument English prints is printed, and no argument English lacks appears.
          expect(en.printed.filter((a) => !parsed.printed.includes(a)), `${where} drops`).toEqual([]);
          expect(parsed.all.filter((a) => !en.all.includes(a)), `${where} invents`).toEqual([]);
        }
      });
    }
  }
});

describe('the catalogues and the code', () => {
  const english: Record<string, string> = Object.assign({}, ...SURFACES.map((s) => read('en', s)));
  /** Every file under `dir` ending in .ts (the code that names catalogue keys). */
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  it('every key the code names outright (t, L, say, worded, a problem’s key) is in the English catalogue, so in all eight', () => {
    const named = new Set<string>();
    for (const file of [...sources('src'), ...sources('server')]) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\b(?:t|L|say|worded)\(\s*'([a-z][a-z0-9-]*\.[a-z0-9.-]+)'|\bkey: '([a-z][a-z0-9-]*\.[a-z0-9.-]+)'/g)) named.add((m[1] ?? m[2])!);
    }
    expect(named.size).toBeGreaterThan(500);
    expect([...named].filter((k) => !Object.hasOwn(english, k)).sort()).toEqual([]);
  });

  it('every key a scenario problem or migration names is in the catalogue, and every such key is named', () => {
    // The domain builds these as data (issues.ts phrase(), validate.ts say(), migrations.ts key:), beside the English.
    const text = ['issues', 'validate', 'migrations'].map((f) => readFileSync(`src/domain/${f}.ts`, 'utf8')).join('\n');
    const named = new Set([...text.matchAll(/'((?:scenario-problem|migration)\.[a-z0-9.-]+)'/g)].map((m) => m[1]!));
    const authored = /const AUTHORED[^}]*\}/.exec(text)![0];
    for (const m of authored.matchAll(/: '([a-z-]+)'/g)) named.add(`scenario-problem.authored.${m[1]}`);
    expect(named.size).toBeGreaterThan(60);
    expect([...named].filter((k) => !Object.hasOwn(english, k)).sort()).toEqual([]);
    const catalogued = Object.keys(english).filter((k) => /^(scenario-problem|migration)\./.test(k));
    expect(catalogued.filter((k) => !named.has(k)).sort()).toEqual([]);
  });

  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lang}: no sentence is left in English (three English words or more, word for word the English message)`, () => {
      const own: Record<string, string> = Object.assign({}, ...SURFACES.map((s) => read(lang, s)));
      const copied = Object.entries(own).filter(([k, v]) => v === english[k] && /[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}/.test(v.replace(/\{[^{}]*\}/g, '')));
      expect(copied.map(([k]) => k)).toEqual([]);
    });
  }
});

describe('the translator', () => {
  it('picks the first language of the reader the game speaks, else English', () => {
    expect(pickLanguage(['de-DE', 'pt-BR', 'en'])).toBe('pt');
    expect(pickLanguage(['zh-Hans-CN'])).toBe('zh');
    expect(pickLanguage(['ar_SA.UTF-8'])).toBe('ar');
    expect(pickLanguage(['de', 'it'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('hi')).toBe('ltr');
  });
  it('formats Arabic plurals in all six forms, and lists and numbers in the language', () => {
    const ar = makeTranslator('ar', { n: '{n, plural, zero {لا وفود} one {وفد واحد} two {وفدان} few {# وفود} many {# وفدًا} other {# وفد}}' });
    expect([0, 1, 2, 3, 11, 100].map((n) => ar.t('n', { n }))).toEqual(['لا وفود', 'وفد واحد', 'وفدان', '3 وفود', '11 وفدًا', '100 وفد']);
    expect(makeTranslator('en', {}).list(['India', 'Brazil', 'South Africa'])).toBe('India, Brazil and South Africa');
    expect(makeTranslator('fr', {}).list(['Inde', 'Brésil'])).toBe('Inde et Brésil');
    expect(makeTranslator('fr', {}).number(12345)).toMatch(/^12\s345$/);
    expect(makeTranslator('hi', {}).number(1234567)).toBe('12,34,567');
    expect(makeTranslator('en', {}).date('2023-03-02')).toBe('2 March 2023');
  });
  it('falls back to English key by key, and to the key itself when nobody has it', () => {
    const fr = makeTranslator('fr', { a: 'bonjour {name}' }, { a: 'hello {name}', b: 'only in English' });
    expect(fr.t('a', { name: 'Ana' })).toBe('bonjour Ana');
    expect(fr.t('b')).toBe('only in English');
    expect(fr.t('missing.key')).toBe('missing.key');
  });
  it('isolates Latin words inside an Arabic sentence on screen, and leaves Arabic, ids and files alone', () => {
    const messages = { m: 'يقترح {who} {what}', q: '«{text}»' };
    const screen = makeTranslator('ar', messages, undefined, [], { isolate: true });
    expect(screen.t('m', { who: 'Northern Republic', what: 'الهند' })).toBe('يقترح \u2068Northern Republic\u2069 الهند');
    // Already isolated (a quotation worded by another message): not wrapped twice.
    const quoted = screen.t('q', { text: 'Joint monitoring' });
    expect(screen.t('m', { who: 'X-1', what: quoted })).toBe(`يقترح X-1 ${quoted}`);
    expect(makeTranslator('ar', messages).t('m', { who: 'Northern Republic', what: '' })).toBe('يقترح Northern Republic ');
    expect(makeTranslator('fr', { m: '{x}' }, undefined, [], { isolate: true }).t('m', { x: 'a b' })).toBe('a b');
  });
  it('loads one language surface by surface, as its own module', async () => {
    const hi = await loadTranslator('hi', ['narration']);
    expect(hi.lang).toBe('hi');
    expect(hi.t('record.walk-out', { actor: 'X' })).toMatch(/[\u0900-\u097F]/);
    expect(hi.t('record.walk-out', { actor: 'X' })).not.toBe('record.walk-out');
    expect(hi.t('record.walk-out', { actor: 'X' })).toContain('X');
  });
});

describe('a malformed command, refused by the engine', () => {
  it('keeps its English sentence, and names its field and what it should hold in French (in the panels, by refusalWords)', async () => {
    const meeting = Meeting.open(scenario('tutorial'), { seed: '1', role: 'OBSERVER', difficulty: 'standard' });
    const result = meeting.send({ type: 'consult', actor: 'US' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe('malformed-command');
    expect(result.refusal.message).toBe('malformed command: target: missing; expected string');
    expect(result.refusal.problem?.key).toBe('refusal.malformed-command-at');
    const fr = await loadTranslator('fr', ['game']);
    const en = await loadTranslator('en', ['game']);
    expect(wordsIn(en, result.refusal.problem!)).toBe(result.refusal.message);
    expect(wordsIn(fr, result.refusal.problem!)).toBe('commande mal formée : target: absent ; attendu : chaîne');
    const before = current();
    try {
      use(fr);
      expect(refusalWords(result.refusal)).toBe('commande mal formée : target: absent ; attendu : chaîne');
      use(en);
      expect(refusalWords(result.refusal)).toBe(result.refusal.message);
    } finally {
      use(before);
    }
  });
});
