// The browser game's conductor: which screen shows, the meeting in play, the player's selections,
// autosave, replay export and import, and what the live region announces. The engine decides every
// rule; this file only passes commands to it and shows what it answers.
import type { Command } from '../domain/commands.ts';
import type { LogRecord } from '../domain/log.ts';
import { indexOf } from '../domain/scenario-index.ts';
import type { Approach, Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, INSTRUCTOR, seatOfRole, type Difficulty, type Role } from '../domain/state.ts';
import { outcomeSummary, type OutcomeSummary } from '../domain/outcome.ts';
import { Meeting } from '../engine/meeting.ts';
import { readReplay, replayOf, resume, saveOf, verifiedMessage, verifyReplay, type ReplayFile } from '../engine/replay.ts';
import { current, t } from '../i18n/index.ts';
import { problemIn, verifiedIn } from '../i18n/problem-words.ts';
import { scoreOf } from '../domain/score.ts';
import type { RoomLayout, RoomStage } from '../game/model.ts';
import type { Catalogue } from './catalogue.ts';
import { h, replaceKeepingFocus, tabList, type PlayScreens } from './dom.ts';
import { renderEnd } from './end.ts';
import { actionPanel, draftPanel, stanceGrid, transcriptPanel, type PanelContext, type TranscriptFilter } from './panels.ts';
import { momentsOf, roomModel } from './room-model.ts';
import { readReplayText } from './read-file.ts';
import { deleteSlot, discardRefused, listSlots, newSlotId, readSlot, refusedSaves, refuseSlot, writeSlot } from './save.ts';
import { soundToggle } from '../game/sound.ts';
import { randomSeed, renderTitle, slotLine, type TitleChoice, type TitleSaves } from './title.ts';
import { commandWords, latestNews, liveSummary, refusalWords, say, table, wordsOf } from './words.ts';
import { switchLanguage, translationNote } from './localize.ts';
import { meetingAt } from '../engine/timeline.ts';
import type { LoadedReplay, ReplayViewer, ViewerStart } from './viewer/index.ts';

type Tab = 'draft' | 'grid' | 'transcript';

/** A group's name is at most this long (it goes into file names). */
const GROUP_MAX = 40;

/** The meeting the title offers first. */
export const DEFAULT_SCENARIO = 'new-delhi-fmm-2023';

interface Game {
  scenario: Scenario;
  meeting: Meeting;
  seat: string;
  paragraph: string;
  target: string;
  approach: Approach;
  variant: string;
  linkageGet: string;
  tab: Tab;
  /** What the transcript tab shows, newest first. */
  transcriptFilter: TranscriptFilter;
  /** The last thing the engine said to the player: a refusal, a hint or a confirmation. */
  status: string;
  /** The save slot the game is written to after every command. */
  slot: string;
  /** The class group's name (a class link's `&group=`), for file names and the Compare view. */
  group?: string;
  /** Whether the page asks for a group name (`&group=ask`): a field beside the game, never in its way. */
  askGroup: boolean;
  /** For a game branched in the replay viewer: the file and step it left, and that replay. */
  parent?: NonNullable<ReplayFile['parent']>;
  parentLoaded?: LoadedReplay;
}

export interface GameLink {
  scenario: string;
  seed: string;
  role: string;
  difficulty: Difficulty;
  /** `&group=ask`: ask for the group's name; `&group=<name>`: the name given; absent: no group. */
  group?: string;
}

/** The value of `&group=` that asks the class's groups for their names. */
export const ASK_GROUP = 'ask';

export class App {
  ready = false;
  renderer: 'webgl' | 'canvas' | null = null;
  private game: Game | null = null;
  private stage: RoomStage | null = null;
  private stageLoading: Promise<RoomStage> | null = null;
  private viewer: Promise<ReplayViewer> | null = null;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly el: PlayScreens & { end: HTMLElement; viewer: HTMLElement },
  ) {
    this.listenForDetails();
  }

  // -------------------------------------------------------------------------------------------
  // What the read-only window.communique handle reports

  stateHash(): string | null {
    return this.game?.meeting.stateHash() ?? null;
  }

  outcome(): OutcomeSummary | null {
    return this.game?.meeting.closed ? outcomeSummary(this.game.meeting.outcome()) : null;
  }

  /** Where the room drew its seats, docket, news and stamps, while a game is on screen. */
  roomLayout(): RoomLayout | null {
    return this.game && this.stage && !this.el.room.hidden ? this.stage.layout() : null;
  }

  // -------------------------------------------------------------------------------------------
  // Screens

  showTitle(notice: string | null = null): void {
    this.game = null;
    history.replaceState(null, '', location.pathname);
    renderTitle(this.el.title, this.catalogue, this.saves(), notice ?? this.catalogueNotice(), {
      start: (choice) => this.start(choice),
      resume: (id) => void this.resumeFromTitle(id),
      deleteSave: (id) => {
        deleteSlot(id);
        this.showTitle();
        this.announce(t('app.save-deleted'));
      },
      importReplay: (file) => void this.importReplay(file),
      openViewer: () => void this.openViewer(),
      briefingPack: (scenario) => void this.briefingPack(scenario),
      chooseLanguage: (lang) => switchLanguage(lang),
      downloadRefused: (index) => {
        const refused = refusedSaves()[index];
        if (!refused) return;
        this.download(refused.name, refused.text);
        this.announce(t('app.saved-file', { name: refused.name }));
      },
      discardRefused: (index) => {
        discardRefused(index);
        this.showTitle();
        this.announce(t('app.discarded'));
      },
    });
    this.screen('title');
    this.ready = true;
    this.nameSavedSeats();
    this.el.title.querySelector<HTMLElement>('#title-h')?.focus();
    // Fetch the room's code while the player reads the title, so opening the meeting is instant.
    void this.loadStage();
  }

  /** Once the saved games' scenarios are fetched, their lines name the seats (the rest of the title is left as it is). */
  private nameSavedSeats(): void {
    const slots = listSlots();
    const missing = [...new Set(slots.map((x) => x.scenario))].filter((id) => this.known(id) && !this.catalogue.byId(id));
    if (missing.length === 0) return;
    void Promise.all(missing.map((id) => this.catalogue.load(id))).then(() => {
      if (this.el.title.hidden) return;
      for (const x of slots) {
        const line = this.el.title.querySelector(`.save-slot[data-slot="${x.id}"] p`);
        if (line) line.textContent = slotLine(this.catalogue, x);
      }
    });
  }

  /** Opens a game from a link: resumes the newest save slot of the same game, starts it otherwise. */
  openLink(link: GameLink): void {
    const scenario = this.catalogue.byId(link.scenario);
    if (!scenario) return this.showTitle(t('app.no-scenario', { id: link.scenario }));
    const role = link.role.toUpperCase();
    if (role !== 'CHAIR' && !scenario.delegations.some((d) => d.id === role)) {
      return this.showTitle(t('app.no-seat', { role: link.role, title: scenario.meta.title, ids: scenario.delegations.map((d) => d.id).join(', ') }));
    }
    const named = link.group !== undefined && link.group !== ASK_GROUP ? link.group : undefined;
    const slot = listSlots().find(
      (x) => x.scenario === scenario.meta.id && x.seed === link.seed && x.role === role && x.difficulty === link.difficulty && (named === undefined || x.group === named),
    );
    if (slot && this.resume(slot.id, scenario, link.group === ASK_GROUP)) return;
    this.start({ scenario, role, difficulty: link.difficulty, seed: link.seed }, { group: named, askGroup: link.group === ASK_GROUP });
  }

  private catalogueNotice(): string | null {
    return this.catalogue.problems.length > 0 ? t('app.unreadable', { problems: this.catalogue.problems.join('; ') }) : null;
  }

  private known = (id: string) => this.catalogue.entry(id) !== undefined;

  /** Fetches what the title shows at once: the scenario chosen by default (the saved games' follow: nameSavedSeats). */
  async prepareTitle(): Promise<void> {
    await this.catalogue.load(DEFAULT_SCENARIO);
  }

  /** What the title screen offers: the save slots to resume or delete, and saves that could not be resumed. */
  private saves(): TitleSaves {
    return { slots: listSlots().filter((x) => this.known(x.scenario) || x.scenario === 'unknown'), refused: refusedSaves() };
  }

  private screen(which: 'title' | 'room' | 'end' | 'viewer'): void {
    this.el.title.hidden = which !== 'title';
    this.el.room.hidden = which !== 'room';
    this.el.end.hidden = which !== 'end';
    this.el.viewer.hidden = which !== 'viewer';
  }

  // -------------------------------------------------------------------------------------------
  // The replay viewer, the debrief and the briefing pack: loaded only when asked for

  /** Opens the replay viewer: empty, on a share link (#watch=), or on a game just played. */
  async openViewer(start: ViewerStart = {}): Promise<void> {
    // The viewer and the section comparison accept a replay of any scenario.
    await this.catalogue.loadAll();
    this.viewer ??= import('./viewer/index.ts').then(
      ({ ReplayViewer }) =>
        new ReplayViewer(this.el.viewer, {
          catalogue: this.catalogue,
          branch: (scenario, replay, step, name, parent) => this.branch(scenario, replay, step, name, parent),
          close: () => this.showTitle(),
          announce: (text) => this.announce(text),
        }),
    );
    const viewer = await this.viewer;
    this.game = null;
    if (start.share === undefined) history.replaceState(null, '', `${location.pathname}?viewer`);
    this.screen('viewer');
    viewer.start(start);
    this.ready = true;
    this.el.viewer.querySelector<HTMLElement>(start.tab === 'debrief' ? '#debrief-h' : '#viewer-h')?.focus();
  }

  /** The debrief of the game just finished (with the path it branched from, if it did). */
  private async openDebrief(): Promise<void> {
    const game = this.game;
    if (!game) return;
    const { loadReplay } = await import('./viewer/index.ts');
    const file = replayOf(game.meeting, { ...(game.parent ? { parent: game.parent } : {}), ...(game.group ? { group: game.group } : {}) });
    const loaded = loadReplay(file, `${this.fileStem()}.replay.json`, this.catalogue);
    if (!loaded.ok) return this.announce(loaded.message);
    await this.openViewer({ loaded: loaded.loaded, tab: 'debrief', parent: game.parentLoaded });
  }

  /** A new game from `step` of a replay; its own replay records the parent file and step. */
  private branch(scenario: Scenario, replay: ReplayFile, step: number, name: string, parent: LoadedReplay): void {
    // Every seat's commands up to the step are the replay's; from there the AI seats play on.
    const meeting = meetingAt(scenario, replay, step);
    const from = { file: name, step };
    this.play(scenario, meeting, from, { slot: newSlotId(), ...(replay.group ? { group: replay.group } : {}) });
    if (!this.game) return;
    this.game.parentLoaded = parent;
    this.game.status = t('app.branched', { name, step });
    this.save();
    if (meeting.closed) return;
    this.renderRoom();
    this.announce(this.game.status);
  }

  /** The printable briefing pack of a scenario, in a new tab. */
  private async briefingPack(scenario: Scenario): Promise<void> {
    const { briefingPackHtml } = await import('./viewer/index.ts');
    const url = URL.createObjectURL(new Blob([briefingPackHtml(scenario, current())], { type: 'text/html' }));
    window.open(url, '_blank');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  /** A new game in a new save slot: no earlier game's slot is touched. */
  private start(choice: TitleChoice, group: { group?: string; askGroup?: boolean } = {}): void {
    const meeting = Meeting.open(choice.scenario, { seed: choice.seed, role: choice.role as Role, difficulty: choice.difficulty });
    this.play(choice.scenario, meeting, undefined, { slot: newSlotId(), ...group });
    this.save();
  }

  /** The game in play written to its slot: its whole log, cheap to write after every command. */
  private save(): void {
    const game = this.game;
    if (!game) return;
    const file = saveOf(game.meeting, { ...(game.parent ? { parent: game.parent } : {}), ...(game.group ? { group: game.group } : {}) });
    if (!writeSlot(game.slot, file, { group: game.group, closed: game.meeting.closed }) && !this.storageFull) {
      // Said once: the game goes on, and a replay can still be exported.
      this.storageFull = true;
      this.announce(t('app.storage-full'));
    }
  }

  private storageFull = false;

  /** Resumes a slot chosen on the title screen, fetching its scenario first. */
  private async resumeFromTitle(id: string): Promise<void> {
    const slot = listSlots().find((x) => x.id === id);
    const scenario = slot && this.known(slot.scenario) ? await this.catalogue.load(slot.scenario) : null;
    if (!slot || !scenario) {
      readSlot(id, this.known);
      return this.showTitle(t('app.not-resumed', { problem: t('app.slot-unreadable') }));
    }
    this.resume(id, scenario, false);
  }

  /**
   * Resumes a save slot, after re-running its log and checking it against its own final hash. A save
   * that fails is refused: kept aside, with what is wrong, to download from the title screen.
   */
  private resume(id: string, scenario: Scenario, askGroup: boolean): boolean {
    const save = readSlot(id, this.known);
    if (!save) return false;
    const resumed = resume(scenario, save.json);
    if (!resumed.ok) {
      refuseSlot(id, resumed.problem);
      this.showTitle(t('app.not-resumed', { problem: problemIn(current(), resumed.problem) }));
      return true;
    }
    const group = resumed.replay.group;
    this.play(scenario, resumed.meeting, resumed.replay.parent, { slot: id, group, askGroup: askGroup || group !== undefined });
    return true;
  }

  private play(scenario: Scenario, meeting: Meeting, parent: ReplayFile['parent'] | undefined, slot: { slot: string; group?: string; askGroup?: boolean }): void {
    const seat = seatOfRole(scenario, meeting.state.role) ?? scenario.presidency.chair;
    const firstOpen = scenario.paragraphs.find((p) => meeting.state.draft[p.id]!.status === 'open') ?? scenario.paragraphs[0]!;
    const firstOther = scenario.delegations.find((d) => d.id !== seat)!;
    this.game = {
      scenario,
      meeting,
      seat,
      paragraph: firstOpen.id,
      target: firstOther.id,
      approach: 'principle',
      variant: '',
      linkageGet: '',
      tab: 'draft',
      transcriptFilter: 'all',
      slot: slot.slot,
      ...(slot.group ? { group: slot.group } : {}),
      askGroup: slot.askGroup === true,
      status: scenario.meta.id === 'tutorial' ? t('app.welcome-tutorial') : t('app.open', { title: scenario.meta.title }),
    };
    // A branched game (played on, resumed or imported) knows the replay and step it left.
    if (parent) this.game.parent = parent;
    // The link keeps the page's language, so a shared link opens the game as its sender saw it.
    this.keepLink();
    if (meeting.closed) return this.showEnd();
    this.screen('room');
    this.renderRoom();
    this.el.head.querySelector<HTMLElement>('h1')?.focus();
    void this.loadStage().then((stage) => {
      this.renderStage();
      if (this.game?.meeting === meeting && meeting.commands.length === 0) stage.play(momentsOf(scenario, meeting.log.filter((r) => r.kind === 'event' || r.kind === 'bulletin')));
    });
  }

  /**
   * The address names the game (and keeps the page's language and the group's name), so a reload or a
   * shared link opens it again; a class link that asks for a name keeps asking until one is given.
   */
  private keepLink(): void {
    const game = this.game!;
    const s = game.meeting.state;
    const lang = new URLSearchParams(location.search).get('lang');
    const group = game.group ?? (game.askGroup ? ASK_GROUP : undefined);
    history.replaceState(null, '', `?${new URLSearchParams({ scenario: game.scenario.meta.id, seed: s.seed, role: s.role, difficulty: s.difficulty, ...(lang ? { lang } : {}), ...(group ? { group } : {}) })}`);
  }

  /** The group's name, given in the field beside the game: it goes into the save, the file names and Compare. */
  private nameGroup(name: string): void {
    const game = this.game;
    if (!game) return;
    const trimmed = name.trim().slice(0, GROUP_MAX);
    if (trimmed === '') return;
    game.group = trimmed;
    this.save();
    this.keepLink();
    this.renderRoom();
    this.announce(t('app.group-named', { name: trimmed }));
  }

  /** The stem of the files this game exports: scenario and seed, and the group's name when there is one. */
  private fileStem(): string {
    const game = this.game!;
    const stem = `${game.scenario.meta.id}-${game.meeting.state.seed}${game.group ? `-${game.group}` : ''}`;
    return stem.replace(/[^\p{L}\p{N}._-]+/gu, '-');
  }

  private showEnd(): void {
    const game = this.game!;
    const outcome = game.meeting.outcome();
    renderEnd(this.el.end, game.scenario, outcome, scoreOf(game.scenario, game.meeting.state, outcome), {
      exportReplay: () => this.exportReplay(),
      debrief: () => void this.openDebrief(),
      playAgain: () => {
        const s = game.meeting.state;
        this.start({ scenario: game.scenario, role: s.role, difficulty: s.difficulty, seed: s.seed });
      },
      toTitle: () => this.showTitle(),
    });
    this.screen('end');
    this.el.end.querySelector<HTMLElement>('#doc-title')?.focus();
  }

  private loadStage(): Promise<RoomStage> {
    this.stageLoading ??= import('../game/room-scene.ts').then(async ({ createStage }) => {
      const stage = await createStage(this.el.stage);
      stage.onSeatChosen((id) => this.selectTarget(id));
      this.stage = stage;
      this.renderer = stage.renderer;
      return stage;
    });
    return this.stageLoading;
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  private send(command: Command): void {
    const game = this.game;
    if (!game) return;
    const before = game.meeting.view(game.meeting.state.role).transcript.length;
    // The odds the seat gave itself, to set beside what happened.
    const estimate = command.type === 'lobby' ? this.estimateOf(command) : null;
    const result = game.meeting.send(command);
    if (!result.ok) {
      game.status = t('app.not-possible', { why: refusalWords(result.refusal) });
      this.announce(game.status);
      this.renderRoom();
      return;
    }
    this.save();
    const fresh = game.meeting.view(game.meeting.state.role).transcript.slice(before);
    game.status = this.afterMove(command, fresh, estimate) ?? t('app.done', { command: commandWords(game.scenario, command) });
    // Requests made to the player while the others took their turns wait for its answer: say so.
    const asked = fresh.filter((r) => r.kind === 'offer' && r.target === game.seat).length;
    if (asked > 0) game.status += ` ${t('app.asked', { count: asked })}`;
    const live = liveSummary(game.scenario, fresh, { chair: game.seat === game.scenario.presidency.chair, empty: t('app.done-short') });
    this.details = live.details;
    // A lobby or a linkage is heard by its own result first; the room's summary follows.
    const lead = command.type === 'lobby' || command.type === 'offer-linkage' ? `${game.status} ` : '';
    this.announce(`${lead}${live.summary}${asked > 0 ? ` ${t('app.waits', { count: asked })}` : ''}`);
    if (game.meeting.closed) return this.showEnd();
    if (game.meeting.state.draft[game.paragraph]!.status !== 'open' && command.type !== 'consult' && command.type !== 'lobby') {
      // The paragraph is settled: move the table on to the next open one.
      const next = game.scenario.paragraphs.find((p) => game.meeting.state.draft[p.id]!.status === 'open');
      if (next) game.paragraph = next.id;
    }
    this.renderRoom();
    this.stage?.play(momentsOf(game.scenario, fresh));
  }

  /** The seat's own estimate of a lobby's odds, or null where there are none to give (a red line, a person's seat). */
  private estimateOf(command: Extract<Command, { type: 'lobby' }>): number | null {
    const game = this.game!;
    const obs = game.meeting.observe(game.seat);
    const paragraph = obs.paragraph(command.paragraph);
    if (!paragraph || obs.stance(command.paragraph, command.target) === 'block' || obs.isHuman(command.target)) return null;
    return obs.estimatedChance(command.target, paragraph, command.approach);
  }

  /**
   * After a lobby or a linkage, what moved and why: the record's own sentence, then the stance it
   * changed (with its cause) or that the ground gained did not yet change one, and the odds the seat had
   * given itself. Null for other moves.
   */
  private afterMove(command: Command, fresh: readonly LogRecord[], estimate: number | null): string | null {
    const game = this.game!;
    if (command.type !== 'lobby' && command.type !== 'offer-linkage') return null;
    const record = fresh.find((r) => (r.kind === 'lobbied' || r.kind === 'linkage' || r.kind === 'offer') && r.actor === game.seat);
    if (!record) return null;
    const parts = [say(game.scenario, record)];
    const moved = record.kind === 'lobbied' ? record.moved : record.kind === 'linkage' && record.accepted;
    if (moved) {
      const stance = fresh.find((r) => r.kind === 'stance' && r.actor === command.target);
      const pid = command.type === 'lobby' ? command.paragraph : command.get;
      parts.push(stance ? say(game.scenario, stance) : t('app.no-stance-change', { name: wordsOf(game.scenario).name(command.target), paragraph: wordsOf(game.scenario).title(pid) }));
    }
    if (estimate !== null && record.kind === 'lobbied') parts.push(t('app.estimate-was', { chance: estimate }));
    return parts.join(' ');
  }

  /** The rest of the meeting after the player has walked out: the clock moves on, slot by slot, to the close. */
  private watchToEnd(): void {
    const game = this.game;
    if (!game) return;
    for (let n = 0; !game.meeting.closed && n < 1000; n++) {
      const result = game.meeting.send({ type: 'advance-slot', actor: INSTRUCTOR });
      if (!result.ok) {
        game.status = t('app.not-possible', { why: refusalWords(result.refusal) });
        this.announce(game.status);
        return this.renderRoom();
      }
    }
    this.save();
    this.showEnd();
  }

  private hint(): void {
    const game = this.game;
    if (!game) return;
    // The autopilot on the player's own observation: it knows only what the seat knows.
    const advice = game.meeting.advise(game.seat);
    const usable = advice && game.meeting.check(advice.command) === null ? advice : null;
    const command: Command = usable?.command ?? { type: 'end-slot', actor: game.seat };
    const why = table().reason(usable?.why ?? { code: 'nothing-to-do' }, wordsOf(game.scenario));
    game.status = t('app.suggestion', { command: commandWords(game.scenario, command), why });
    if ('paragraph' in command) game.paragraph = command.paragraph;
    if ('target' in command) game.target = command.target;
    if ('broker' in command) game.target = command.broker;
    if (command.type === 'propose') game.variant = command.variant;
    if (command.type === 'lobby') game.approach = command.approach;
    if (command.type === 'offer-linkage') game.linkageGet = command.get;
    this.announce(game.status);
    this.renderRoom();
  }

  private confirmWalkOut(): void {
    const dialog = this.el.dialog;
    dialog.replaceChildren(
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'confirm-h' }, t('app.walk-out-h')),
        h('p', {}, t('app.walk-out-p')),
        h(
          'div',
          { class: 'dialog-actions' },
          h('button', { class: 'button', value: 'stay', autofocus: true }, t('app.stay')),
          h('button', { class: 'button danger', value: 'leave' }, t('app.walk-out')),
        ),
      ),
    );
    dialog.onclose = () => {
      if (dialog.returnValue === 'leave' && this.game) this.send({ type: 'walk-out', actor: this.game.seat });
    };
    dialog.showModal();
  }

  private exportReplay(): void {
    const game = this.game;
    if (!game) return;
    const file = replayOf(game.meeting, { ...(game.parent ? { parent: game.parent } : {}), ...(game.group ? { group: game.group } : {}) });
    this.download(`${this.fileStem()}.replay.json`, `${JSON.stringify(file, null, 2)}\n`);
    this.announce(t('app.replay-saved'));
  }

  /** Saves text as a file through the browser's download. */
  private download(name: string, text: string): void {
    const blob = new Blob([text], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  private async importReplay(file: File): Promise<void> {
    // At most 10 MB, as on the command line: a larger file is refused by its size, before it is read.
    const bytes = await readReplayText(file);
    if (!bytes.ok) return this.showTitle(bytes.message);
    let json: unknown;
    try {
      json = JSON.parse(bytes.text);
    } catch {
      return this.showTitle(t('app.not-json', { name: file.name }));
    }
    const read = readReplay(json);
    if (!read.ok) return this.showTitle(`${file.name}: ${problemIn(current(), read.problem)}`);
    const scenario = await this.catalogue.load(read.replay.scenario.id);
    if (!scenario) return this.showTitle(t('app.other-scenario', { name: file.name, id: read.replay.scenario.id }));
    const verified = verifyReplay(scenario, read.replay);
    if (!verified.ok) return this.showTitle(t('app.cannot-replay', { name: file.name, problem: problemIn(current(), verified.problem) }));
    this.play(scenario, verified.meeting, read.replay.parent, { slot: newSlotId(), ...(read.replay.group ? { group: read.replay.group } : {}) });
    this.save();
    const message = `${file.name}: ${verifiedIn(current(), verified, verifiedMessage(verified))}.`;
    if (this.game && !verified.meeting.closed) {
      this.game.status = message;
      this.renderRoom();
    }
    this.announce(message);
  }

  // -------------------------------------------------------------------------------------------
  // Selections

  private selectParagraph(id: string): void {
    if (!this.game) return;
    this.game.paragraph = id;
    this.game.variant = '';
    this.renderRoom();
  }

  private selectTarget(id: string): void {
    if (!this.game || id === this.game.seat) return;
    this.game.target = id;
    this.renderRoom();
    const name = indexOf(this.game.scenario).delegation.get(id)?.name ?? id;
    this.announce(t('app.selected', { name }));
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private context(): PanelContext {
    const game = this.game!;
    return {
      scenario: game.scenario,
      view: game.meeting.view(game.meeting.state.role),
      seat: game.seat,
      chairSeat: game.scenario.presidency.chair,
      paragraph: game.paragraph,
      target: game.target,
      approach: game.approach,
      variant: game.variant,
      linkageGet: game.linkageGet,
      check: (command) => game.meeting.check(command),
      observe: () => game.meeting.observe(game.seat),
      send: (command) => this.send(command),
      confirmWalkOut: () => this.confirmWalkOut(),
      watchToEnd: () => this.watchToEnd(),
      hint: () => this.hint(),
      selectParagraph: (id) => this.selectParagraph(id),
      selectTarget: (id) => this.selectTarget(id),
      setChoice: (key, value) => {
        if (key === 'approach') game.approach = value as Approach;
        else game[key] = value;
        this.renderRoom();
      },
    };
  }

  private renderRoom(): void {
    const game = this.game;
    if (!game) return;
    const ctx = this.context();
    const { scenario, view } = ctx;
    const session = scenario.schedule[Math.min(view.clock.session, scenario.schedule.length - 1)]!;
    const slot = session.slots[Math.min(view.clock.slot, session.slots.length - 1)]!;
    const ix = indexOf(scenario);
    const slotsLeft = ix.totalSlots - (ix.slotsBefore[view.clock.session]! + view.clock.slot) - 1;
    const news = latestNews(view.transcript);
    const fileInput = h('input', { type: 'file', accept: '.json,application/json', id: 'import-room', class: 'file-input' });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) void this.importReplay(file);
    });
    replaceKeepingFocus(
      this.el.head,
      h(
        'div',
        { class: 'head-main' },
        h('h1', { tabindex: '-1' }, scenario.meta.title),
        h('p', { class: 'clock', id: 'clock' }, t('app.clock', { session: session.title, slot: slot.title, left: view.minutesLeft ?? 0, after: slotsLeft })),
        translationNote(scenario) ? h('p', { class: 'translation-note', role: 'note' }, translationNote(scenario)) : null,
        news ? h('p', { class: 'news' }, h('span', { class: 'news-tag' }, t('app.news')), ' ', say(scenario, news)) : null,
        game.askGroup ? this.groupField() : null,
      ),
      h(
        'div',
        { class: 'head-actions' },
        soundToggle(t('app.sound')),
        h('button', { class: 'button', id: 'export', 'data-key': 'export', onclick: () => this.exportReplay() }, t('app.export')),
        fileInput,
        h('label', { for: 'import-room', class: 'button' }, t('app.import')),
        h('button', { class: 'button ghost', id: 'to-title', 'data-key': 'to-title', onclick: () => this.showTitle() }, t('app.title-screen')),
      ),
    );
    replaceKeepingFocus(
      this.el.actions,
      scenario.meta.id === 'tutorial' ? this.coach(ctx) : null,
      h('p', { class: 'status', id: 'status', role: 'status' }, game.status),
      actionPanel(ctx),
    );
    this.renderDocs(ctx);
    this.renderStage();
  }

  private renderDocs(ctx: PanelContext): void {
    const game = this.game!;
    const tabs: { id: Tab; label: string }[] = [
      { id: 'draft', label: t('app.tab-draft') },
      { id: 'grid', label: t('app.tab-grid') },
      { id: 'transcript', label: t('app.tab-transcript') },
    ];
    const choose = (id: Tab, focus: boolean) => {
      game.tab = id;
      this.renderDocs(ctx);
      if (focus) this.el.docs.querySelector<HTMLElement>(`#tab-${id}`)?.focus();
    };
    const tablist = tabList(t('app.tabs'), tabs, game.tab, choose);
    const transcript = {
      filter: game.transcriptFilter,
      choose: (filter: TranscriptFilter) => {
        game.transcriptFilter = filter;
        this.renderDocs(ctx);
        this.el.docs.querySelector<HTMLElement>('#transcript-filter')?.focus();
      },
    };
    const body = game.tab === 'draft' ? draftPanel(ctx) : game.tab === 'grid' ? stanceGrid(ctx) : transcriptPanel(ctx, transcript);
    const panel = h('div', { role: 'tabpanel', id: 'tabpanel', 'aria-labelledby': `tab-${game.tab}`, class: 'tabpanel' }, body);
    replaceKeepingFocus(this.el.docs, tablist, panel);
  }

  private renderStage(): void {
    const game = this.game;
    if (!game || !this.stage) return;
    const view = game.meeting.view(game.meeting.state.role);
    this.stage.show(roomModel(game.scenario, view, game.paragraph, game.target, game.scenario.presidency.chair));
  }

  /**
   * A class link's group-name field: beside the game, never in its way (the game is ready and playable
   * meanwhile). Once named, the name shows with a button to change it.
   */
  private groupField(): HTMLElement {
    const game = this.game!;
    if (game.group !== undefined && !this.renamingGroup) {
      return h(
        'p',
        { class: 'group-line', id: 'group-line' },
        t('group.named', { name: game.group }),
        ' ',
        h('button', { class: 'link', id: 'group-change', 'data-key': 'group-change', onclick: () => ((this.renamingGroup = true), this.renderRoom(), this.el.head.querySelector<HTMLElement>('#group-name')?.focus()) }, t('group.change')),
      );
    }
    const input = h('input', {
      id: 'group-name',
      type: 'text',
      maxlength: String(GROUP_MAX),
      autocomplete: 'off',
      value: this.groupDraft ?? game.group ?? '',
      'aria-describedby': 'group-help',
      // Kept between renders: the room redraws after every move, and a half-typed name must survive it.
      oninput: (e: Event) => (this.groupDraft = (e.target as HTMLInputElement).value),
    });
    return h(
      'form',
      {
        class: 'group-form',
        id: 'group-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          this.renamingGroup = false;
          this.groupDraft = null;
          this.nameGroup(input.value);
        },
      },
      h('label', { for: 'group-name', class: 'field-label' }, t('group.label')),
      input,
      h('button', { class: 'button', type: 'submit', id: 'group-save', 'data-key': 'group-save' }, t('group.save')),
      h('span', { class: 'small', id: 'group-help' }, t('group.help')),
    );
  }

  private renamingGroup = false;
  private groupDraft: string | null = null;

  /** The tutorial's coach: what this part of the meeting is for, and what to try. */
  private coach(ctx: PanelContext): HTMLElement {
    const session = ctx.scenario.schedule[Math.min(ctx.view.clock.session, ctx.scenario.schedule.length - 1)]!;
    const climate = ctx.scenario.paragraphs.find((p) => p.id === 'climate-fund');
    const tip = t(`coach.${session.kind}`, {
      fund: climate?.title ?? '',
      north: ctx.scenario.delegations.find((d) => d.id === 'NOR')?.name ?? '',
    });
    return h(
      'aside',
      { class: 'coach', 'aria-labelledby': 'coach-h' },
      h('h2', { id: 'coach-h' }, t('coach.h')),
      h('p', {}, tip),
      h('p', { class: 'small' }, t('coach.stuck')),
    );
  }

  // -------------------------------------------------------------------------------------------
  // The live region

  /** The full sentences behind the last summary, read out by the details key (D). */
  private details = '';

  /** D in the room (outside a field) reads out the details of the last summary. */
  private listenForDetails(): void {
    document.addEventListener('keydown', (event) => {
      if (event.key.toLowerCase() !== 'd' || event.ctrlKey || event.metaKey || event.altKey || this.el.room.hidden || !this.game) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      this.announce(this.details || t('live.no-details'));
    });
  }

  private announce(text: string): void {
    const live = this.el.live;
    live.textContent = '';
    // A fresh text node after a tick makes screen readers speak even a repeated message.
    requestAnimationFrame(() => (live.textContent = text));
  }
}

/** Reads ?scenario=&seed=&role=&difficulty= from the address, or null when there is no game link. */
export function linkFromUrl(search: string): GameLink | null {
  const params = new URLSearchParams(search);
  const scenario = params.get('scenario');
  if (!scenario) return null;
  const difficulty = params.get('difficulty') ?? 'standard';
  return {
    scenario,
    seed: params.get('seed') || randomSeed(),
    role: params.get('role') || 'CHAIR',
    difficulty: (DIFFICULTIES as readonly string[]).includes(difficulty) ? (difficulty as Difficulty) : 'standard',
    ...(params.get('group')?.trim() ? { group: params.get('group')!.trim().slice(0, GROUP_MAX) } : {}),
  };
}
