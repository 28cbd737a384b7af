// The title screen: scenario cards, the choice of seat with its briefing, difficulty and seed, the
// tutorial, resuming the autosaved game and loading a replay file.
import type { Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, type Difficulty } from '../domain/state.ts';
import type { ReplayFile } from '../engine/replay.ts';
import type { RefusedSave } from './save.ts';
import { briefingFor } from './briefing.ts';
import type { Catalogue, ScenarioEntry } from './catalogue.ts';
import { h } from './dom.ts';
import { flagUrl } from './flags.ts';
import { firstSentence, longDate } from './words.ts';

export interface TitleChoice {
  scenario: Scenario;
  role: string;
  difficulty: Difficulty;
  seed: string;
}

export interface TitleHandlers {
  start(choice: TitleChoice): void;
  resume(): void;
  importReplay(file: File): void;
  /** Opens the replay viewer (and its debrief and section comparison). */
  openViewer(): void;
  /** Opens the printable briefing pack of a scenario. */
  briefingPack(scenario: Scenario): void;
  /** Offers a refused save for download, or forgets it. */
  downloadRefused(index: number): void;
  discardRefused(index: number): void;
}

/** The autosave found, if any, and the saves that could not be resumed. */
export interface TitleSaves {
  save: ReplayFile | null;
  refused: RefusedSave[];
}

const DIFFICULTY_WORDS: Record<Difficulty, string> = {
  easy: 'Easy — lobbying works more often and moves further',
  standard: 'Standard — as the record suggests',
  hard: 'Hard — delegations are harder to move',
};

/** A fresh seed to show: the player may keep it, type another, or share it. */
export function randomSeed(): string {
  const words = ['harbour', 'summit', 'sherpa', 'troika', 'gavel', 'bracket', 'consensus', 'plenary', 'annex', 'caucus'];
  const n = new Uint32Array(2);
  crypto.getRandomValues(n);
  return `${words[n[0]! % words.length]}-${1000 + (n[1]! % 9000)}`;
}

export function renderTitle(root: HTMLElement, catalogue: Catalogue, saves: TitleSaves, notice: string | null, handlers: TitleHandlers): void {
  const save = saves.save;
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
      h('option', { value: 'CHAIR' }, `The chair — ${chair?.name ?? chosen.presidency.chair}`),
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
      h('h4', {}, 'Priorities'),
      list(b.priorities, 'None above the rest.'),
      h('h4', {}, 'Red lines'),
      list(b.redLines, 'No red lines: everything is negotiable.'),
      h('h4', {}, 'Allies'),
      list(b.allies.length > 0 ? [`${b.allies.join(', ')}${b.wary.length > 0 ? `; wary of ${b.wary.join(' and ')}` : ''}`] : [], 'No close friends in this room.'),
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
        h('span', { class: 'card-title' }, s.meta.title),
        h('span', { class: 'card-meta' }, `${longDate(s.meta.date)} · ${s.meta.place}`),
        h('span', { class: 'card-summary' }, firstSentence(s.meta.summary)),
        h(
          'span',
          { class: 'card-tags' },
          h('span', { class: `tag tag-${s.meta.difficulty}` }, s.meta.difficulty),
          h('span', { class: 'tag' }, `${s.delegations} delegations`),
          h('span', { class: 'tag' }, `${s.paragraphs} paragraphs`),
          s.meta.fictional ? h('span', { class: 'tag' }, 'fictional') : null,
        ),
      ),
    );
  };

  const difficulty = h(
    'fieldset',
    { class: 'difficulty' },
    h('legend', {}, 'Difficulty'),
    DIFFICULTIES.map((d) =>
      h('label', { class: 'radio' }, h('input', { type: 'radio', name: 'difficulty', value: d, checked: d === 'standard' }), ' ', DIFFICULTY_WORDS[d]),
    ),
  );

  const chosenDifficulty = (): Difficulty =>
    ((root.querySelector<HTMLInputElement>('input[name="difficulty"]:checked')?.value as Difficulty | undefined) ?? 'standard');

  const fileInput = h('input', { type: 'file', accept: '.json,application/json', id: 'import-title', class: 'file-input' });
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) handlers.importReplay(file);
  });

  const resume = save
    ? h(
        'section',
        { class: 'resume', 'aria-labelledby': 'resume-h' },
        h('h2', { id: 'resume-h' }, 'Your saved game'),
        h('p', {}, `${catalogue.entry(save.scenario.id)?.meta.title ?? save.scenario.id} — as ${save.role === 'CHAIR' ? 'the chair' : save.role}, seed “${save.seed}”, ${save.commands.length} steps so far.`),
        h('button', { class: 'button primary', id: 'resume', onclick: () => handlers.resume() }, 'Resume the saved game'),
      )
    : null;
  const refused =
    saves.refused.length > 0
      ? h(
          'section',
          { class: 'resume refused', id: 'refused-saves', 'aria-labelledby': 'refused-h' },
          h('h2', { id: 'refused-h' }, saves.refused.length === 1 ? 'A saved game that cannot be resumed' : 'Saved games that cannot be resumed'),
          h(
            'ul',
            { class: 'refused-list' },
            saves.refused.map((r, i) =>
              h(
                'li',
                {},
                h('p', {}, h('strong', {}, r.name), `: ${r.problem}.`),
                h(
                  'div',
                  { class: 'refused-actions' },
                  h('button', { class: 'button', id: `refused-download-${i}`, 'data-key': `refused-download-${i}`, onclick: () => handlers.downloadRefused(i) }, 'Download the save file'),
                  h('button', { class: 'button ghost', id: `refused-discard-${i}`, 'data-key': `refused-discard-${i}`, onclick: () => handlers.discardRefused(i) }, 'Discard it'),
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
        h('h1', { id: 'title-h', tabindex: '-1' }, 'Communiqué'),
        h('p', { class: 'tagline' }, 'A G-20 negotiation simulator. Every delegation holds a stance on every paragraph; one objection keeps a paragraph out of the communiqué.'),
      ),
      notice ? h('p', { class: 'notice', role: 'alert' }, notice) : null,
      h(
        'div',
        { class: 'title-grid' },
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-meeting' },
          h('h2', { id: 'h-meeting' }, '1. Choose a meeting'),
          h('div', { class: 'cards', role: 'radiogroup', 'aria-labelledby': 'h-meeting' }, scenarios.map(card)),
          tutorial
            ? h(
                'div',
                { class: 'tutorial-box' },
                h('h3', {}, 'New to summitry?'),
                h('p', {}, firstSentence(tutorial.meta.summary), ' A coach explains each step.'),
                h(
                  'button',
                  {
                    class: 'button',
                    id: 'start-tutorial',
                    onclick: () => void catalogue.load(tutorial.id).then((t) => t && handlers.start({ scenario: t, role: 'CHAIR', difficulty: 'easy', seed: seedInput.value.trim() || randomSeed() })),
                  },
                  'Play the tutorial',
                ),
              )
            : null,
          resume,
          refused,
        ),
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-seat' },
          h('h2', { id: 'h-seat' }, '2. Take a seat'),
          h('label', { for: 'role', class: 'field-label' }, 'Your role'),
          roleSelect,
          briefingBox,
        ),
        h(
          'section',
          { class: 'title-col', 'aria-labelledby': 'h-rules' },
          h('h2', { id: 'h-rules' }, '3. Set the table'),
          difficulty,
          h('label', { for: 'seed', class: 'field-label' }, 'Seed'),
          h(
            'div',
            { class: 'seed-row' },
            seedInput,
            h('button', { class: 'button', type: 'button', onclick: () => (seedInput.value = randomSeed()) }, 'New seed'),
          ),
          h('p', { id: 'seed-help', class: 'muted small' }, 'The same meeting, seat and seed always play out the same way: share it with a class.'),
          h(
            'button',
            {
              class: 'button primary big',
              id: 'start',
              onclick: () => withChosen((scenario) => handlers.start({ scenario, role, difficulty: chosenDifficulty(), seed: seedInput.value.trim() || randomSeed() })),
            },
            'Open the meeting',
          ),
          h(
            'div',
            { class: 'import-row' },
            fileInput,
            h('label', { for: 'import-title', class: 'button ghost' }, 'Load a replay file…'),
          ),
          h(
            'div',
            { class: 'import-row teaching-row' },
            h('button', { class: 'button', type: 'button', id: 'open-viewer', onclick: () => handlers.openViewer() }, 'Watch, debrief or compare replays'),
            h('button', { class: 'button', type: 'button', id: 'briefing-pack', onclick: () => withChosen((scenario) => handlers.briefingPack(scenario)) }, 'Print the briefing pack'),
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
