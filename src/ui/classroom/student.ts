// A student's classroom pages: the join form (code and name), then the solo game's screens — room,
// action panel, draft, stances, transcript — drawn from the view the server sends this seat, plus a
// bilateral message box; commands go to the server, and a reload or dropped line returns to the seat.
// The scenario too comes from the server, as this seat may know it: the page fetches no scenario file.
import { checkOnView } from '../../domain/availability.ts';
import type { Command } from '../../domain/commands.ts';
import type { RecordOf } from '../../domain/log.ts';
import { indexOf } from '../../domain/scenario-index.ts';
import type { Approach, Scenario } from '../../domain/scenario-schema.ts';
import type { MeetingView } from '../../domain/view.ts';
import type { RoomStage } from '../../game/model.ts';
import { ClassroomConnection, ClassroomError, ClassroomProblem } from '../../net/client.ts';
import { problemText } from './problem.ts';
import { displayCode, normalizeCode, type JoinOptions } from '../../net/protocol.ts';
import { h, replaceKeepingFocus, tabList, type PlayScreens } from '../dom.ts';
import { soundToggle } from '../../game/sound.ts';
import { actionPanel, draftPanel, stanceGrid, transcriptPanel, type PanelContext } from '../panels.ts';
import { momentsOf, roomModel } from '../room-model.ts';
import { commandWords, latestNews, listOf, say, summariseRecords } from '../words.ts';
import type { ClassroomRoute } from './route.ts';
import { current, t as L } from '../../i18n/index.ts';

/** A student plays on the solo game's screens. */
export type StudentElements = PlayScreens;

type Tab = 'draft' | 'grid' | 'transcript' | 'messages';

/** A command sent whose answer has not come: what giving it again needs. */
interface InDoubt {
  command: Command;
  expectedStep: number;
  key: string;
}

/** A deadline in the reader's language: the time alone within twelve hours, the day and time further off. */
function whenText(deadline: number): string {
  const near = deadline - Date.now() < 12 * 3_600_000;
  const options: Intl.DateTimeFormatOptions = near ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(current().locale, options).format(deadline);
}

/** A fresh idempotency key for one command. */
function newKey(): string {
  return crypto.randomUUID();
}

/** Where the seat token is kept: per tab, so two students sharing a browser keep their own seats. */
const tokenKey = (code: string) => `communique.classroom.${code}`;

export class StudentPage {
  private conn: ClassroomConnection | null = null;
  private scenario: Scenario | null = null;
  private stage: RoomStage | null = null;
  private stageLoading: Promise<RoomStage> | null = null;
  private paragraph = '';
  private target = '';
  private approach: Approach = 'principle';
  private variant = '';
  private linkageGet = '';
  private tab: Tab = 'draft';
  private status = '';
  private messageTo = '';
  private draftMessage = '';
  private seenTranscript = 0;
  private renderQueued = false;
  private reconnecting = false;
  /** A command whose answer the dropped line took: given again under its key on the next connection. */
  private inDoubt: (InDoubt & { words: string; after?: () => void }) | null = null;

  constructor(
    private readonly route: Extract<ClassroomRoute, { page: 'student' }>,
    private readonly el: StudentElements,
    /** Tells the page handle that the page takes input (tests wait for it). */
    private readonly onReady: (renderer: 'webgl' | 'canvas' | null) => void,
  ) {}

  /** Rejoins with a stored seat token when this tab has one; otherwise shows the join form. */
  async open(): Promise<void> {
    const code = normalizeCode(this.route.code);
    // A return link (#seat=TOKEN) brings the seat into this tab; the fragment, never sent, is then dropped from the address.
    const linked = new URLSearchParams(location.hash.slice(1)).get('seat');
    if (code && linked) {
      sessionStorage.setItem(tokenKey(code), linked);
      history.replaceState(null, '', location.pathname + location.search);
    }
    const token = code ? sessionStorage.getItem(tokenKey(code)) : null;
    if (code && token) {
      try {
        await this.connect({ as: 'rejoin', code, token, lang: current().lang });
        return;
      } catch (error) {
        sessionStorage.removeItem(tokenKey(code));
        this.showJoin(L('class.rejoin-failed', { problem: problemText(error) }));
        return;
      }
    }
    this.showJoin(null);
  }

  // -------------------------------------------------------------------------------------------
  // Joining

  private showJoin(problem: string | null): void {
    const codeInput = h('input', { id: 'join-code', type: 'text', value: this.route.code ? displayCode(normalizeCode(this.route.code) ?? this.route.code) : '', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'join-code-help', required: true });
    const nameInput = h('input', { id: 'join-name', type: 'text', maxlength: '40', autocomplete: 'nickname', required: true });
    const error = h('p', { class: 'join-error', id: 'join-error', role: 'alert' }, problem ?? '');
    const button = h('button', { class: 'button primary big', type: 'submit', id: 'join-submit' }, L('class.join'));
    const form = h(
      'form',
      { class: 'join-form', 'aria-labelledby': 'join-h' },
      h('h2', { id: 'join-h' }, L('class.join-h')),
      h('label', { class: 'field-label', for: 'join-code' }, L('class.code')),
      codeInput,
      h('p', { class: 'small muted', id: 'join-code-help' }, L('class.code-help')),
      h('label', { class: 'field-label', for: 'join-name' }, L('class.name')),
      nameInput,
      button,
      error,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const code = normalizeCode(codeInput.value);
      const name = nameInput.value.trim();
      if (!code) {
        error.textContent = L('class.bad-code');
        return codeInput.focus();
      }
      if (!name) {
        error.textContent = L('class.no-name');
        return nameInput.focus();
      }
      button.setAttribute('aria-disabled', 'true');
      error.textContent = L('class.joining');
      this.connect({ as: 'student', code, name, lang: current().lang }).catch((e: Error) => {
        button.setAttribute('aria-disabled', 'false');
        error.textContent = L('class.join-failed', { problem: problemText(e) });
      });
    });
    this.el.title.replaceChildren(
      h('div', { class: 'masthead' }, h('h1', { id: 'title-h', tabindex: '-1' }, L('title.name')), h('p', { class: 'tagline' }, L('class.tagline'))),
      h('div', { class: 'classroom-card' }, form),
    );
    this.el.title.hidden = false;
    this.el.room.hidden = true;
    this.onReady(null);
    (codeInput.value ? nameInput : codeInput).focus();
  }

  private async connect(options: Extract<JoinOptions, { as: 'student' | 'rejoin' }>): Promise<void> {
    const conn = await ClassroomConnection.join(this.route.server, options);
    // The server sends this seat's scenario before its first view; an older server does not.
    const scenario = conn.scenario;
    if (!scenario) {
      await conn.leave();
      throw new ClassroomProblem(`this server did not send the scenario of session ${conn.welcome.displayCode}; it may be older than this page`, { key: 'class.no-scenario-sent', params: { code: conn.welcome.displayCode } });
    }
    if (conn.token) sessionStorage.setItem(tokenKey(conn.welcome.code), conn.token);
    // The address names the session, so a reload comes back here (and to the seat, by the token).
    history.replaceState(null, '', location.pathname + location.search.replace(/([?&]join=)[^&]*/, `$1${conn.welcome.code}`));
    this.attach(conn, scenario);
  }

  private attach(conn: ClassroomConnection, scenario: Scenario): void {
    this.conn = conn;
    const fresh = this.scenario === null;
    this.scenario = scenario;
    if (fresh) {
      const seat = conn.view?.seat ?? null;
      this.paragraph = scenario.paragraphs.find((p) => conn.view?.draft[p.id]?.status === 'open')?.id ?? scenario.paragraphs[0]!.id;
      this.target = scenario.delegations.find((d) => d.id !== seat)!.id;
      this.messageTo = this.target;
      this.status = L('class.welcome', { name: conn.welcome.student?.name ?? '', seat: seat ? this.name(seat) : '', seated: Boolean(seat) });
    }
    this.seenTranscript = conn.view?.transcript.length ?? 0;
    // The seat's scenario grows as it learns (a consultation, an event); the view that needs it follows.
    conn.on('scenario', (next) => (this.scenario = next));
    conn.on('view', (view) => this.viewChanged(view));
    let seatBefore = conn.seat;
    conn.on('seat', (seat) => {
      // The same seat again: the team changed (a member came or went, the pen passed).
      if (seat === seatBefore && seat && conn.team) this.status = conn.team.pen ? L('class.pen-yours') : L('class.adviser', { holder: conn.team.holder });
      else this.status = seat ? L('class.given', { name: this.name(seat) }) : L('class.taken-back');
      seatBefore = seat;
      this.announce(this.status);
      this.render();
    });
    conn.on('timer', () => this.render());
    conn.on('close', () => this.lost());
    this.el.title.hidden = true;
    this.el.room.hidden = false;
    this.el.room.classList.add('classroom-student');
    this.render();
    this.el.head.querySelector<HTMLElement>('h1')?.focus();
    void this.loadStage().then(() => {
      this.renderStage();
      this.onReady(this.stage?.renderer ?? null);
    });
    this.onReady(this.stage?.renderer ?? null);
  }

  /** The line dropped: try the seat token again every two seconds until the server answers. */
  private lost(): void {
    const conn = this.conn;
    if (!conn || this.reconnecting) return;
    const code = conn.welcome.code;
    const token = sessionStorage.getItem(tokenKey(code));
    this.status = L('class.lost');
    this.announce(this.status);
    this.render();
    if (!token) return;
    this.reconnecting = true;
    const retry = async () => {
      try {
        const again = await ClassroomConnection.join(this.route.server, { as: 'rejoin', code, token, lang: current().lang });
        this.reconnecting = false;
        this.status = L('class.reconnected');
        this.announce(this.status);
        this.attach(again, again.scenario ?? this.scenario!);
        const doubt = this.inDoubt;
        this.inDoubt = null;
        if (doubt) this.answer(again.command(doubt.command, doubt.expectedStep, doubt.key), doubt.words, doubt.after, doubt);
      } catch {
        setTimeout(() => void retry(), 2000);
      }
    };
    setTimeout(() => void retry(), 1000);
  }

  private viewChanged(view: MeetingView): void {
    const fresh = view.transcript.slice(this.seenTranscript);
    this.seenTranscript = view.transcript.length;
    if (fresh.length > 0 && this.scenario) {
      this.stage?.play(momentsOf(this.scenario, fresh));
      const last = fresh.filter((r) => r.kind === 'message' && r.target === view.seat).at(-1) as RecordOf<'message'> | undefined;
      if (last) this.announce(L('class.message-from', { name: this.name(last.actor), text: last.text }));
      else this.announce(summariseRecords(this.scenario, fresh, 3, ''));
    }
    // Many views can arrive in a burst: draw once per frame.
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      this.render();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Commands

  private send(command: Command, after?: () => void): void {
    const conn = this.conn;
    if (!conn) return;
    const words = commandWords(this.scenario!, command);
    this.status = L('class.sending', { what: words });
    this.render();
    // A bilateral does not depend on what others did meanwhile: give it again on the newer view.
    const key = newKey();
    const expectedStep = conn.view?.step ?? 0;
    const sent = command.type === 'message' ? conn.commandRetryingStale(command, 5, undefined, key) : conn.command(command, expectedStep, key);
    this.answer(sent, words, after, { command, expectedStep, key });
  }

  /**
   * Shows what the server answered. A line that drops before the answer leaves the command in doubt:
   * it is given again, under the same idempotency key, once the page is back on its seat — the server
   * applies it at most once.
   */
  private answer(sent: Promise<unknown>, words: string, after: (() => void) | undefined, doubt: InDoubt | null): void {
    sent.then(
      () => {
        this.status = L('class.done', { what: words });
        after?.();
        this.render();
      },
      (error: Error) => {
        if (!(error instanceof ClassroomError) && doubt && this.conn?.closed) {
          this.inDoubt = { ...doubt, words, ...(after ? { after } : {}) };
          return;
        }
        this.status =
          error instanceof ClassroomError && error.code === 'stale'
            ? L('class.stale')
            : L('app.not-possible', { why: problemText(error) });
        this.announce(this.status);
        this.render();
      },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private name(id: string): string {
    return (this.scenario && indexOf(this.scenario).delegation.get(id)?.name) ?? id;
  }

  private context(view: MeetingView, seat: string): PanelContext {
    const conn = this.conn!;
    return {
      scenario: this.scenario!,
      view,
      seat,
      chairSeat: this.scenario!.presidency.chair,
      paragraph: this.paragraph,
      target: this.target,
      approach: this.approach,
      variant: this.variant,
      linkageGet: this.linkageGet,
      check: (command) =>
        // In a team, only the pen holder gives the delegation's commands; the others advise.
        conn.team && !conn.team.pen
          ? { code: 'not-your-seat', message: L('class.adviser', { holder: conn.team.holder }) }
          : conn.facts
            ? checkOnView(this.scenario!, view, conn.facts, command)
            : { code: 'not-your-seat', message: L('class.no-delegation') },
      send: (command) => this.send(command),
      confirmWalkOut: () => this.confirmWalkOut(seat),
      selectParagraph: (id) => {
        this.paragraph = id;
        this.variant = '';
        this.render();
      },
      selectTarget: (id) => this.selectTarget(id),
      setChoice: (key, value) => {
        if (key === 'approach') this.approach = value as Approach;
        else this[key] = value;
        this.render();
      },
    };
  }

  private selectTarget(id: string): void {
    if (id === this.conn?.view?.seat) return;
    this.target = id;
    this.render();
    this.announce(`${this.name(id)} selected.`);
  }

  private render(): void {
    const conn = this.conn;
    const view = conn?.view;
    if (!conn || !view || !this.scenario) return;
    const scenario = this.scenario;
    const seat = view.seat;
    const ix = indexOf(scenario);
    const session = scenario.schedule[Math.min(view.clock.session, scenario.schedule.length - 1)]!;
    const slot = session.slots[Math.min(view.clock.slot, session.slots.length - 1)]!;
    const slotsLeft = ix.totalSlots - (ix.slotsBefore[view.clock.session]! + view.clock.slot) - 1;
    const news = latestNews(view.transcript);
    const state = view.closed ? L('room.closed') : view.paused ? L('class.paused') : L('class.in-session');
    replaceKeepingFocus(
      this.el.head,
      h(
        'div',
        { class: 'head-main' },
        h('h1', { tabindex: '-1' }, scenario.meta.title),
        h(
          'p',
          { class: 'clock', id: 'clock' },
          view.closed
            ? L('viewer.closed')
            : seat
              ? L('app.clock', { session: session.title, slot: slot.title, left: view.minutesLeft ?? 0, after: slotsLeft })
              : L('class.clock', { session: session.title, slot: slot.title, after: slotsLeft }),
        ),
        news ? h('p', { class: 'news' }, h('span', { class: 'news-tag' }, L('app.news')), ' ', say(scenario, news)) : null,
        // The real deadline: in a session played over days, the time to act by.
        conn.timer?.running && conn.timer.deadline !== null && !view.closed ? h('p', { class: 'clock', id: 'deadline' }, L('class.closes', { when: whenText(conn.timer.deadline) })) : null,
      ),
      h(
        'div',
        { class: 'head-who' },
        // data-state names the state for programs and tests in every language; the words are the reader's.
        h('span', { class: `session-state${view.paused || view.closed ? ' paused' : ''}`, id: 'session-state', 'data-state': view.closed ? 'closed' : view.paused ? 'paused' : 'running' }, state),
        h('span', { class: 'who', id: 'who' }, `${conn.welcome.student?.name ?? ''} · ${seat ? this.name(seat) : L('class.watching')} · ${conn.welcome.displayCode}`),
        this.returnLink(conn.welcome.code),
        conn.closed ? h('span', { class: 'session-state paused' }, L('class.offline')) : null,
        soundToggle(L('app.sound')),
      ),
    );
    const status = h('p', { class: 'status', id: 'status', role: 'status' }, this.status);
    if (!seat) {
      replaceKeepingFocus(
        this.el.actions,
        status,
        h('section', { class: 'panel', 'aria-labelledby': 'wait-h' }, h('h2', { id: 'wait-h' }, L('class.wait-h')), h('p', {}, L('class.wait'))),
      );
    } else {
      if (this.target === seat) this.target = scenario.delegations.find((d) => d.id !== seat)!.id;
      if (this.messageTo === seat || !this.messageTo) this.messageTo = this.target;
      const ctx = this.context(view, seat);
      const team = conn.team && conn.team.members.length > 1 ? conn.team : null;
      replaceKeepingFocus(
        this.el.actions,
        status,
        view.paused && !view.closed ? h('p', { class: 'notice small' }, L('class.paused-note')) : null,
        team
          ? h('p', { class: 'notice small', id: 'team' }, team.pen ? L('class.team-pen', { members: listOf(team.members.filter((m) => m !== team.holder)) }) : L('class.team-adviser', { holder: team.holder }))
          : null,
        actionPanel(ctx),
      );
    }
    this.renderDocs(view, seat);
    this.renderStage();
  }

  /** The link that brings this seat back from any browser (the token in the fragment, which is never sent). */
  private returnLink(code: string): HTMLElement | null {
    const token = sessionStorage.getItem(tokenKey(code));
    if (!token) return null;
    const href = `${location.origin}${location.pathname}${location.search}#seat=${encodeURIComponent(token)}`;
    return h('a', { class: 'small return-link', id: 'return-link', href, title: L('class.return-help') }, L('class.return-link'));
  }

  private renderDocs(view: MeetingView, seat: string | null): void {
    const tabs: { id: Tab; label: string }[] = [
      { id: 'draft', label: L('viewer.draft') },
      { id: 'grid', label: L('app.tab-grid') },
      { id: 'transcript', label: L('app.tab-transcript') },
      { id: 'messages', label: L('class.messages-tab', { unread: this.unread(view) }) },
    ];
    const choose = (id: Tab, focus: boolean) => {
      this.tab = id;
      this.renderDocs(view, seat);
      if (focus) this.el.docs.querySelector<HTMLElement>(`#tab-${id}`)?.focus();
    };
    const tablist = tabList(L('class.tabs'), tabs, this.tab, choose);
    // The shared panels want a seat; a student without one reads them as nobody in particular.
    const ctx = this.context(view, seat ?? '');
    const body = this.tab === 'draft' ? draftPanel(ctx) : this.tab === 'grid' ? stanceGrid(ctx) : this.tab === 'transcript' ? transcriptPanel(ctx) : this.messages(view, seat);
    if (this.tab === 'messages') this.readUpTo = view.transcript.length;
    const panel = h('div', { role: 'tabpanel', id: 'tabpanel', 'aria-labelledby': `tab-${this.tab}`, class: 'tabpanel' }, body);
    replaceKeepingFocus(this.el.docs, tablist, panel);
    if (this.tab === 'transcript') panel.scrollTop = panel.scrollHeight;
  }

  private readUpTo = 0;

  /** Messages to this seat since the messages tab was last open. */
  private unread(view: MeetingView): number {
    return view.transcript.slice(this.readUpTo).filter((e) => e.kind === 'message' && e.target === view.seat).length;
  }

  /** The bilateral box: the conversation with every delegation, and a form to write to one. */
  private messages(view: MeetingView, seat: string | null): HTMLElement {
    const scenario = this.scenario!;
    const list = view.transcript.filter((e) => e.kind === 'message');
    const text = h('textarea', { id: 'message-text', 'data-key': 'message-text', rows: '3', maxlength: '2000', placeholder: L('class.placeholder') });
    text.value = this.draftMessage;
    text.addEventListener('input', () => (this.draftMessage = text.value));
    const to = h(
      'select',
      { id: 'message-to', 'data-key': 'message-to', onchange: (e: Event) => (this.messageTo = (e.target as HTMLSelectElement).value) },
      scenario.delegations.filter((d) => d.id !== seat).map((d) => h('option', { value: d.id, selected: d.id === this.messageTo }, d.name)),
    );
    const form = h(
      'form',
      { class: 'message-form', 'aria-labelledby': 'messages-h' },
      h('label', { class: 'field-label', for: 'message-to' }, L('class.to')),
      to,
      h('label', { class: 'field-label', for: 'message-text' }, L('class.message')),
      text,
      h('button', { class: 'button primary', type: 'submit', id: 'message-send', 'data-key': 'message-send', 'aria-disabled': seat && this.conn?.team?.pen !== false ? 'false' : 'true' }, L('class.send')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const body = text.value.trim();
      if (!seat || !body || this.conn?.team?.pen === false) return;
      this.send({ type: 'message', actor: seat, target: to.value, text: body }, () => (this.draftMessage = ''));
    });
    return h(
      'section',
      { class: 'panel messages', 'aria-labelledby': 'messages-h' },
      h('h2', { id: 'messages-h' }, L('class.messages-h')),
      h('p', { class: 'small muted' }, L('class.messages-note')),
      seat ? form : h('p', { class: 'muted' }, L('class.write-later')),
      list.length === 0
        ? h('p', { class: 'muted', id: 'message-list' }, L('class.no-messages'))
        : h(
            'ol',
            { class: 'message-list', id: 'message-list' },
            list.map((e) =>
              h(
                'li',
                { class: `message${e.actor === seat ? ' mine' : ''}` },
                h('span', { class: 'message-who' }, e.actor === seat ? L('class.you-to', { name: this.name(e.target) }) : L('class.to-you', { name: this.name(e.actor) })),
                h('span', { class: 'message-text' }, e.text),
              ),
            ),
          ),
    );
  }

  private loadStage(): Promise<RoomStage> {
    this.stageLoading ??= import('../../game/room-scene.ts').then(async ({ createStage }) => {
      const stage = await createStage(this.el.stage);
      stage.onSeatChosen((id) => this.selectTarget(id));
      this.stage = stage;
      return stage;
    });
    return this.stageLoading;
  }

  private renderStage(): void {
    const view = this.conn?.view;
    if (!this.stage || !view || !this.scenario) return;
    this.stage.show(roomModel(this.scenario, view, this.paragraph, this.target, this.scenario.presidency.chair));
  }

  private confirmWalkOut(seat: string): void {
    const dialog = this.el.dialog;
    dialog.replaceChildren(
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'confirm-h' }, L('app.walk-out-h')),
        h('p', {}, L('app.walk-out-p')),
        h('div', { class: 'dialog-actions' }, h('button', { class: 'button', value: 'stay', autofocus: true }, L('app.stay')), h('button', { class: 'button danger', value: 'leave' }, L('app.walk-out'))),
      ),
    );
    dialog.onclose = () => {
      if (dialog.returnValue === 'leave') this.send({ type: 'walk-out', actor: seat });
    };
    dialog.showModal();
  }

  private announce(text: string): void {
    const live = this.el.live;
    live.textContent = '';
    requestAnimationFrame(() => (live.textContent = text));
  }
}
