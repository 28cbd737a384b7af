// The title screen: scenario cards, the choice of seat with its briefing, difficulty and seed, the
// tutorial, resuming the autosaved game and loading a replay file.
import type { Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, type Difficulty } from '../domain/state.ts';
import type { RefusedSave, SaveSlot } from './save.ts';
import { briefingFor } from './briefing.ts';
import type { Catalogue, ScenarioEntry } from './catalogue.ts';
import { h } from './dom.ts';
import { flagUrl } from './flags.ts';
import { firstSentence, listOf, longDate } from './words.ts';
import { LANGUAGES, LANGUAGE_NAMES, current, dirOf, t, type Lang } from '../i18n/index.ts';
import { coverageOfScenario, translationNote } from './localize.ts';
import { problemIn } from '../i18n/problem-words.ts';

export interface TitleChoice {
  scenario: Scenario;
  role: string;
  difficulty: Difficulty;
  seed: string;
}

export interface TitleHandlers {
  start(choice: TitleChoice): void;
  /** Resumes a save slot, or deletes it. */
  resume(id: string): void;
  deleteSave(id: string): void;
  importReplay(file: File): void;
  /** Opens the replay viewer (and its debrief and section comparison). */
  openViewer(): void;
  /** Opens the printable briefing pack of a scenario. */
  briefingPack(scenario: Scenario): void;
  /** Shows the game in another language. */
  chooseLanguage(lang: Lang): void;
  /** Offers a refused save for download, or forgets it. */
  downloadRefused(index: number): void;
  discardRefused(index: number): void;
}

/** The save slots, newest first, and the saves that could not be resumed. */
export interface TitleSaves {
  slots: SaveSlot[];
  refused: RefusedSave[];
}


/** A save slot in words: the meeting, the seat by its name once the scenario is fetched, the seed, the group and how far it got. */
export function slotLine(catalogue: Catalogue, x: SaveSlot): string {
  const role = catalogue.byId(x.scenario)?.delegations.find((d) => d.id === x.role)?.name ?? x.role;
  return t('title.slot', {
    title: catalogue.entry(x.scenario)?.meta.title ?? x.scenario,
    chair: x.role === 'CHAIR',
    role,
    seed: x.seed,
    hasGroup: x.group !== undefined,
    group: x.group ?? '',
    closed: x.closed,
    steps: x.steps,
  });
}

/** Save slots listed in full on the title; older ones wait behind "more". */
const SLOTS_SHOWN = 4;

/** A fresh seed to show: the player may keep it, type another, or share it. */
export function randomSeed(): string {
  const words = ['harbour', 'summit', 'sherpa', 'troika', 'gavel', 'bracket', 'consensus', 'plenary', 'annex', 'caucus'];
  const n = new Uint32Array(2);
  crypto.getRandomValues(n);
  return `${words[n[0]! % words.length]}-${1000 + (n[1]! % 9000)}`;
}

/** The language picker: each language named in itself, in its own script and direction. */
function languagePicker(handlers: TitleHandlers): HTMLElement {
  const select = h(
    'select',
    { id: 'lang', 'data-key': 'lang', onchange: (e: Event) => handlers.chooseLanguage((e.target as HTMLSelectElement).value as Lang) },
    LANGUAGES.map((l) => h('option', { value: l, lang: l, dir: dirOf(l), selected: l === current().lang }, LANGUAGE_NAMES[l])),
  );
  // The label names the control in the page's language and, for a reader lost in it, in English too.
  const label = current().lang === 'en' ? t('title.language') : `${t('title.language')} · Language`;
  return h('div', { class: 'lang-row' }, h('label', { for: 'lang', class: 'field-label' }, label), select);
}

export function renderTitle(root: HTMLElement, catalogue: Catalogue, saves: TitleSaves, notice: string | null, handlers: TitleHandlers): void {
  // Cards come from the build's index; a scenario is fetched when its card is chosen.
  const scenarios = catalogue.entries.filter((s) => s.id !== 'tutorial');
  const tutorial = catalogue.entry('tutorial');
  let chosenId = (scenarios.find((s) => s.id === 'new-delhi-fmm-2023') ?? scenarios[0] ?? tutorial)?.id ?? '';
  // Fetched before the title is shown (App.prepareTitle); the roles and briefing wait for it otherwise.
  let chosen: Scenario = catalogue.byId(chosenId)!;
  let role = 'CHAIR';
  /** Runs `then` with the chosen scenario once it is fetched (at once when it is). */
  const withChosen = (then: (s: Scenario) => void) => void catalogue.load(chosenId).then((s) => s && then(s));

  const roleSelect = h('select', { id: 'role', 'data-key': 'role' });
  const briefingBox = h('div', { class: 'briefing', id: 'briefing', 'aria-live': 'polite' });
  const seedInput = h('input', { id: 'seed', type: 'text', value: randomSeed(), spellcheck: 'false', autocomplete: 'off', 'aria-describedby': 'seed-help' });

  const fillRoles = () => {
    const chair = chosen.delegations.find((d) => d.id === chosen.presidency.chair);
    roleSelect.replaceChildren(
      h('option', { value: 'CHAIR' }, t('title.the-chair', { name: chair?.name ?? chosen.presidency.chair })),
      ...chosen.delegations.filter((d) => d.id !== chosen.presidency.chair).map((d) => h('option', { value: d.id }, d.name)),
    );
    role = 'CHAIR';
    roleSelect.value = role;
    fillBriefing();
  };
  const fillBriefing = () => {
    const b = briefingFor(chosen, role);
    if (!b) return briefingBox.replaceChildren();
    const delegation = chosen.delegations.find((d) => d.id === (role === 'CHAIR' ? chosen.presidency.chair : role))!;
    const flag = flagUrl(chosen, delegation.id);
    const list = (items: string[], empty: string) =>
      items.length > 0 ? h('ul', {}, items.map((i) => h('li', {}, i))) : h('p', { class: 'muted' }, empty);
    briefingBox.replaceChildren(
      h(
        'div',
        { class: 'briefing-head' },
        flag ? h('img', { src: flag, alt: '', class: 'flag', width: 40, height: 30 }) : h('span', { class: 'emblem', 'aria-hidden': 'true' }, delegation.id),
        h('div', {}, h('h3', {}, b.seat), h('p', { class: 'muted' }, b.head)),
      ),
      h('p', {}, b.task),
      h('h4', {}, t('title.priorities')),
      list(b.priorities, t('title.no-priorities')),
      h('h4', {}, t('title.red-lines')),
      list(b.redLines, t('title.no-red-lines')),
      h('h4', {}, t('title.allies')),
      list(b.allies.length > 0 ? [b.wary.length > 0 ? t('title.allies-wary', { allies: listOf(b.allies), wary: listOf(b.wary) }) : listOf(b.allies)] : [], t('title.no-allies')),
    );
  };
  roleSelect.addEventListener('change', () => {
    role = roleSelect.value;
    fillBriefing();
  });

  const card = (s: ScenarioEntry) => {
    const input = h('input', { type: 'radio', name: 'scenario', value: s.id, class: 'card-radio', checked: s.id === chosenId });
    input.addEventListener('change', () => {
      chosenId = s.id;
      withChosen((loaded) => {
        if (loaded.meta.id !== chosenId) return; // another card was chosen meanwhile
        chosen = loaded;
        fillRoles();
      });
    });
    return h(
      'label',
      { class: 'card' },
      input,
      h(
        'span',
        { class: 'card-body' },
        h('span', { class: 'card-title', ...(coverageOfScenario(s) === 'none' ? { lang: 'en', dir: 'ltr' } : {}) }, s.meta.title),
        h('span', { class: 'card-meta' }, `${longDate(s.meta.date)} · ${s.meta.place}`),
        h('span', { class: 'card-summary', ...(coverageOfScenario(s) === 'none' ? { lang: 'en', dir: 'ltr' } : {}) }, firstSentence(s.meta.summary)),
        translationNote(s) ? h('span', { class: 'card-note' }, translationNote(s)) : null,
        h(
          'span',
          { class: 'card-tags' },
          h('span', { class: `tag tag-${s.meta.difficulty}` }, t(`title.level.${s.meta.difficulty}`)),
          h('span', { class: 'tag' }, t('title.delegations', { count: s.delegations })),
          h('span', { class: 'tag' }, t('title.paragraphs', { count: s.paragraphs })),
          s.meta.fictional ? h('span', { class: 'tag' }, t('title.fictional')) : null,
                  ),
      ),
    );
  };

  const difficulty = h(
    'fieldset',
    { class: 'difficulty' },
    h('legend', {}, t('title.difficulty')),
    DIFFICULTIES.map((d) =>
      h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'difficulty', value: d, checked: d === 'standard' }), ' ', t(`title.difficulty.${d}`)),
    ),
  );

  const chosenDifficulty = (): Difficulty =>
    ((root.querySelector<HTMLInputElement>('input[name="difficulty"]:checked')?.value as Difficulty | undefined) ?? 'standard');

  const fileInput = h('input', { type: 'file', accept: '.json,application/json', id: 'import-title', class: 'file-input' });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) handlers.importReplay(file);
  });

  // Every game keeps its own slot: any can be resumed or deleted, and none is replaced by the next.
  const resume =
    saves.slots.length > 0
      ? h(
          'section',
          { class: 'resume', id: 'save-slots', 'aria-labelledby': 'resume-h' },
          h('h2', { id: 'resume-h' }, t('title.saves-h', { count: saves.slots.length })),
          (() => {
            const item = (x: SaveSlot, i: number) =>
              h(
                'li',
                { class: 'save-slot', 'data-slot': x.id },
                h(
                  'p',
                  { id: `slot-${i}` },
                  slotLine(catalogue, x),
                ),
                h(
                  'div',
                  { class: 'save-actions' },
                  h('button', { class: `button${i === 0 ? ' primary' : ''}`, 'data-key': `resume-${i}`, 'aria-describedby': `slot-${i}`, onclick: () => handlers.resume(x.id) }, t('title.resume-slot')),
                  h('button', { class: 'button ghost', 'data-key': `delete-${i}`, 'aria-describedby': `slot-${i}`, onclick: () => handlers.deleteSave(x.id) }, t('title.delete-slot')),
                ),
              );
            // The latest few in view; the rest (a classroom computer gathers many) one click away.
            const items = saves.slots.map(item);
            return [
              h('ul', { class: 'save-list' }, items.slice(0, SLOTS_SHOWN)),
              items.length > SLOTS_SHOWN
                ? h('details', { class: 'more-saves' }, h('summary', {}, t('title.more-saves', { count: items.length - SLOTS_SHOWN })), h('ul', { class: 'save-list' }, items.slice(SLOTS_SHOWN)))
                : null,
            ];
          })(),
        )
      : null;
  const refused =
    saves.refused.length > 0
      ? h(
          'section',
          { class: 'resume refused', id: 'refused-saves', 'aria-labelledby': 'refused-h' },
          h('h2', { id: 'refused-h' }, t('title.refused-h', { count: saves.refused.length })),
          h(
            'ul',
            { class: 'refused-list' },
            saves.refused.map((r, i) =>
              h(
                'li',
                {},
                h('p', {}, h('strong', {}, r.name), `: ${problemIn(current(), { message: r.problem, ...(r.words ? { words: r.words } : {}) })}.`),
                h(
                  'div',
                  { class: 'refused-actions' },
                  h('button', { class: 'button', id: `refused-download-${i}`, 'data-key': `refused-download-${i}`, onclick: () => handlers.downloadRefused(i) }, t('title.download-save')),
                  h('button', { class: 'button ghost', id: `refused-discard-${i}`, 'data-key': `refused-discard-${i}`, onclick: () => handlers.discardRefused(i) }, t('title.discard')),
                ),
              ),
            ),
          ),
        )
      : null;

  root.replaceChildren(
    h(
      'div',
      { class: 'title-screen' },
      h(
        'header',
        { class: 'masthead' },
        h('h1', { id: 'title-h', tabindex: '-1' }, t('title.name')),
        h('p', { class: 'tagline' }, t('title.tagline')),
        languagePicker(handlers),
      ),
      notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
      // A returning player's games come first, above the choice of a new one.
      resume || refused ? h('div', { class: 'title-saves' }, resume, refused) : null,
      h(
        'div',
        { class: 'title-grid' },
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-meeting' },
          h('h2', { id: 'h-meeting' }, t('title.step1')),
          h('div', { class: 'cards', role: 'radiogroup', 'aria-labelledby': 'h-meeting' }, scenarios.map(card)),
          tutorial
            ? h(
                'div',
                { class: 'tutorial-box' },
                h('h3', {}, t('title.new-h')),
                h('p', {}, firstSentence(tutorial.meta.summary), ' ', t('title.coach')),
                h(
                  'button',
                  {
                    class: 'button',
                    id: 'start-tutorial',
                    onclick: () => void catalogue.load(tutorial.id).then((t) => t && handlers.start({ scenario: t, role: 'CHAIR', difficulty: 'easy', seed: seedInput.value.trim() || randomSeed() })),
                  },
                  t('title.play-tutorial'),
                ),
              )
            : null,
        ),
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-seat' },
          h('h2', { id: 'h-seat' }, t('title.step2')),
          h('label', { for: 'role', class: 'field-label' }, t('title.your-role')),
          roleSelect,
          briefingBox,
        ),
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-rules' },
          h('h2', { id: 'h-rules' }, t('title.step3')),
          difficulty,
          h('label', { for: 'seed', class: 'field-label' }, t('title.seed')),
          h(
            'div',
            { class: 'seed-row' },
            seedInput,
            h('button', { class: 'button', type: 'button', onclick: () => (seedInput.value = randomSeed()) }, t('title.new-seed')),
          ),
          h('p', { id: 'seed-help', class: 'muted small' }, t('title.seed-help')),
          h(
            'button',
            {
              class: 'button primary big',
              id: 'start',
              onclick: () => withChosen((scenario) => handlers.start({ scenario, role, difficulty: chosenDifficulty(), seed: seedInput.value.trim() || randomSeed() })),
            },
            t('title.open'),
          ),
          h(
            'div',
            { class: 'import-row' },
            fileInput,
            h('label', { for: 'import-title', class: 'button ghost' }, t('title.load-replay')),
          ),
          h(
            'div',
            { class: 'import-row teaching-row' },
            h('button', { class: 'button', type: 'button', id: 'open-viewer', onclick: () => handlers.openViewer() }, t('title.viewer')),
            h('button', { class: 'button', type: 'button', id: 'briefing-pack', onclick: () => withChosen((scenario) => handlers.briefingPack(scenario)) }, t('title.pack')),
          ),
        ),
      ),
    ),
  );
  if (chosen) fillRoles();
  else
    withChosen((loaded) => {
      chosen = loaded;
      fillRoles();
    });
}
