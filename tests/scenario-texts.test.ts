// Scenario texts per language: every file in scenarios/texts checks against its scenario, the tutorial
// and New Delhi FMM 2023 are translated whole into all seven languages and every scenario's titles and summaries at least;
// a bad file is refused naming the file and the JSON path; translated words change no hash a replay
// binds to; and the command line speaks the chosen language (or refuses an unknown one, exit 2) while
// its debrief CSVs keep the same ids and numbers in every language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LANGUAGES, type Lang } from '../src/i18n/index.ts';
import { checkTexts, textFields, translateScenario } from '../src/i18n/scenario-texts.ts';
import { rulesHash, textHash } from '../src/domain/scenario-hash.ts';
import { loadTranslator } from '../src/i18n/index.ts';
import { narrate, wordsIn } from '../src/narrate/index.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { autopilot } from '../src/ai/autopilot.ts';
import { scenario } from './helpers.ts';

const FOREIGN = LANGUAGES.filter((l) => l !== 'en');
const IDS = ['tutorial', 'new-delhi-fmm-2023', 'bali-leaders-2022', 'new-delhi-leaders-2023', 'hamburg-leaders-2017', 'buenos-aires-leaders-2018', 'osaka-leaders-2019', 'rome-leaders-2021', 'rio-fmm-2024'];
const textsFile = (id: string, lang: Lang) => `scenarios/texts/${id}.${lang}.json`;
const readTexts = (id: string, lang: Lang) => JSON.parse(readFileSync(textsFile(id, lang), 'utf8')) as Record<string, unknown>;
/** A texts file's words by their JSON path ("paragraphs.context.title"), as textFields names them. */
function flatten(value: unknown, path = ''): Record<string, string> {
  if (typeof value === 'string') return { [path]: value };
  if (typeof value !== 'object' || value === null) return {};
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, path ? `${path}.${k}` : k)));
}

describe('scenario texts files', () => {
  it('are named <scenario id>.<language>.json, for scenarios that exist and languages the game speaks', () => {
    for (const f of readdirSync('scenarios/texts')) {
      const m = /^([a-z0-9-]+)\.([a-z]{2})\.json$/.exec(f);
      expect(m, f).not.toBeNull();
      expect(IDS, f).toContain(m![1]);
      expect(FOREIGN as readonly string[], f).toContain(m![2]);
    }
  });
  for (const id of IDS) {
    it(`${id}: every language checks against the scenario, with at least its title, summary and every wording's summary`, () => {
      const s = scenario(id);
      const short = textFields(s)
        .map(([path]) => path)
        .filter((p) => p === 'meta.title' || p === 'meta.summary' || /^paragraphs\.[^.]+\.variants\.[^.]+\.summary$/.test(p));
      for (const lang of FOREIGN) {
        const check = checkTexts(s, readTexts(id, lang), textsFile(id, lang));
        if (!check.ok) throw new Error(check.problems.join('\n'));
        expect(check.missing.filter((p) => short.includes(p)), `${id}.${lang}`).toEqual([]);
      }
    });
  }
  // Issue #12: the tutorial and the first case, New Delhi FMM 2023, are translated whole.
  for (const id of ['tutorial', 'new-delhi-fmm-2023']) {
    it(`translate ${id} whole into all seven languages`, () => {
      const s = scenario(id);
      for (const lang of FOREIGN) {
        const check = checkTexts(s, readTexts(id, lang), textsFile(id, lang));
        expect(check.ok && check.missing, `${id}.${lang}`).toEqual([]);
        // Nothing left as the English it replaces (names that are the same in both languages aside).
        const english = new Map(textFields(s));
        const same = Object.entries(flatten(readTexts(id, lang))).filter(([path, text]) => english.get(path) === text && !path.endsWith('.name') && text.length > 20);
        expect(same, `${id}.${lang}`).toEqual([]);
      }
    });
  }
});

describe('checking a texts file', () => {
  const s = scenario('tutorial');
  const good = () => structuredClone(readTexts('tutorial', 'fr')) as Record<string, any>;
  it('names the file and the JSON path of an unknown id, an unknown field, a wrong scenario and an empty text', () => {
    const bad = good();
    bad.paragraphs['fishing'] = { title: 'Pêche' };
    bad.paragraphs['climate-fund'].variants['levy'] = { summary: 'x' };
    bad.delegations['NOR'].flag = 'x';
    bad.scenario = 'other';
    bad.events['chair-toast'].text = ' ';
    const check = checkTexts(s, bad, 'scenarios/texts/tutorial.fr.json');
    expect(check.ok).toBe(false);
    const problems = check.ok ? [] : check.problems;
    expect(problems).toContain('scenarios/texts/tutorial.fr.json: paragraphs.fishing: no paragraph "fishing" in tutorial');
    expect(problems).toContain('scenarios/texts/tutorial.fr.json: paragraphs.climate-fund.variants.levy: no variant "levy" in tutorial paragraphs climate-fund');
    expect(problems).toContain('scenarios/texts/tutorial.fr.json: delegations.NOR.flag: not a field that holds words');
    expect(problems).toContain('scenarios/texts/tutorial.fr.json: scenario: expected "tutorial", got "other"');
    expect(problems.some((p) => p.startsWith('scenarios/texts/tutorial.fr.json: events.chair-toast.text: expected the translated text'))).toBe(true);
  });
  it('lists what is not translated, and a partial file keeps the English for it', () => {
    const partial = good();
    delete partial.paragraphs['trade-rules'];
    const check = checkTexts(s, partial, 'x.json');
    expect(check.ok && check.missing).toContain('paragraphs.trade-rules.title');
    if (!check.ok) return;
    const fr = translateScenario(s, check.texts);
    expect(fr.paragraphs.find((p) => p.id === 'trade-rules')!.title).toBe('Trade rules');
    expect(fr.paragraphs.find((p) => p.id === 'fisheries')!.title).toBe('Stocks de poissons partagés');
  });
});

describe('translated scenarios', () => {
  it('keep the rules hash and the text hash of the original file, and play the same game', async () => {
    const s = scenario('tutorial');
    const check = checkTexts(s, readTexts('tutorial', 'ar'), 'ar');
    if (!check.ok) throw new Error('bad file');
    const ar = translateScenario(s, check.texts);
    expect(ar.delegations[0]!.name).not.toBe(s.delegations[0]!.name);
    expect(rulesHash(ar)).toBe(rulesHash(s));
    expect(textHash(ar)).toBe(textHash(s));
    const play = (sc: typeof s) => {
      const m = Meeting.open(sc, { seed: 'texts-1', role: 'OBSERVER', difficulty: 'standard' });
      playOut(m, autopilot);
      return m;
    };
    const [en, translated] = [play(s), play(ar)];
    expect(translated.stateHash()).toBe(en.stateHash());
    // The same log, worded in Arabic with the Arabic names.
    const tr = await loadTranslator('ar', ['narration'], true);
    const line = narrate(translated.log.find((r) => r.kind === 'walk-out' || r.kind === 'adoption')!, wordsIn(ar, tr));
    expect(line).toMatch(/[\u0600-\u06FF]/);
    expect(line).not.toMatch(/Northern Republic|Southern Union|The chair/);
  });
});

describe('the command line in other languages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'communique-lang-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['bin/communique.js', ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it('refuses an unknown language in one line naming the languages, exit 2', () => {
    const r = cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--lang', 'de');
    expect(r.code).toBe(2);
    expect(r.err).toBe('communique: --lang: unknown language "de"; expected one of en (English), fr (Français), es (Español), pt (Português), ru (Русский), zh (简体中文), ar (العربية), hi (हिन्दी)\n');
  });
  it('words the transcript, the document and the score in the language; --json stays ids', () => {
    const fr = cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--role', 'CHAIR', '--lang', 'fr');
    expect(fr.code).toBe(0);
    expect(fr.out).toContain('La réunion s’ouvre : Tutoriel : l’accord du Port.');
    expect(fr.out).toMatch(/Score \(la présidence\) : \d+ \/ 100/);
    const en = JSON.parse(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--role', 'CHAIR', '--json').out);
    const zh = JSON.parse(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--role', 'CHAIR', '--json', '--lang', 'zh').out);
    expect(zh).toEqual(en);
  });
  it('writes debrief CSVs whose ids and numbers are the same in all eight languages', () => {
    const replay = join(dir, 'g.replay.json');
    expect(cli('simulate', '--scenario', 'tutorial', '--seed', 'csv-1', '--role', 'CHAIR', '--out', replay, '--json').code).toBe(0);
    const csvs = LANGUAGES.map((lang) => {
      const out = join(dir, lang);
      expect(cli('debrief', replay, '--csv', out, '--lang', lang).code).toBe(0);
      return { lang, stances: readFileSync(join(out, 'g.stances.csv'), 'utf8'), actions: readFileSync(join(out, 'g.actions.csv'), 'utf8') };
    });
    const cells = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!).slice(0, 10);
    const ids = (csv: string) => csv.trimEnd().split('\n').map((l) => { const c = cells(l); return [...c.slice(0, 7), c[8]]; });
    const words = (csv: string) => csv.trimEnd().split('\n').map((l) => cells(l)[9]);
    for (const c of csvs) {
      expect(c.stances, c.lang).toBe(csvs[0]!.stances);
      expect(ids(c.actions), c.lang).toEqual(ids(csvs[0]!.actions));
      if (c.lang !== 'en') expect(words(c.actions).slice(1), c.lang).not.toEqual(words(csvs[0]!.actions).slice(1));
    }
  });
});

describe('the rules hash', () => {
  // A replay binds to the rules hash: whatever can change a game's course must change it, words must not.
  const base = scenario('hamburg-leaders-2017');
  const edited = (edit: (s: typeof base) => void) => {
    const copy = structuredClone(base);
    edit(copy);
    return rulesHash(copy);
  };
  it('changes when who attends, who is a member or a session\'s level changes', () => {
    const us = (s: typeof base) => s.delegations.find((d) => d.id === 'US')!;
    expect(edited((s) => (us(s).attendance = { default: 'absent', sessions: {} }))).not.toBe(rulesHash(base));
    expect(edited((s) => (us(s).member = false))).not.toBe(rulesHash(base));
    expect(edited((s) => (s.schedule[0]!.level = s.schedule[0]!.level === 'deputies' ? 'principals' : 'deputies'))).not.toBe(rulesHash(base));
  });
  it('stays when only words change: a head\'s title, a reason, a title', () => {
    expect(edited((s) => (s.delegations[0]!.head.title = 'Someone else'))).toBe(rulesHash(base));
    expect(edited((s) => (s.paragraphs[0]!.title = 'Another title'))).toBe(rulesHash(base));
    expect(edited((s) => (s.delegations[0]!.positions[s.paragraphs[0]!.id]!.reason = 'Other words.'))).toBe(rulesHash(base));
  });
});
