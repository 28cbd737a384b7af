// The instructor's classroom page: create a session, project its code, link and QR code, seat the
// students, run the meeting (start, pause, resume, next slot, news, end), watch the control room —
// stance heat map, who blocks what, each student's activity, the clock, the bilaterals — and afterwards
// download the replay or open it in the replay viewer.
import { DIFFICULTIES, STANCES, type Difficulty, type Stance } from '../../domain/state.ts';
import type { MeetingView } from '../../domain/view.ts';
import { ClassroomConnection, createSession } from '../../net/client.ts';
import type { ControlMessage, CreatedSession, InstructorAction } from '../../net/protocol.ts';
import type { Catalogue } from '../catalogue.ts';
import { h, replaceKeepingFocus, srOnly } from '../dom.ts';
import { STANCE_MEANING, STANCE_STYLE, stanceIcon } from '../palette.ts';
import { randomSeed } from '../title.ts';
import { ago, clockText, type ClassroomRoute } from './route.ts';

/** What the instructor's tab keeps across a reload: the secret is shown once and never again. */
interface Kept {
  server: string;
  created: CreatedSession;
}
const KEPT = 'communique.classroom.instructor';

export class InstructorPage {
  private conn: ClassroomConnection | null = null;
  private created: CreatedSession | null = null;
  private status = '';
  private ticker: ReturnType<typeof setInterval> | null = null;
  private renderQueued = false;
  /** What the instructor is typing or choosing survives the redraws that every change in the room brings. */
  private typed = { newsTitle: '', newsText: '', event: '' };

  constructor(
    private readonly route: Extract<ClassroomRoute, { page: 'instructor' }>,
    private readonly catalogue: Catalogue,
    private readonly root: HTMLElement,
    private readonly live: HTMLElement,
    private readonly onReady: () => void,
  ) {}

  async open(): Promise<void> {
    const kept = readKept();
    if (kept && kept.server === this.route.server) {
      try {
        await this.connect(kept.created);
        return;
      } catch (error) {
        sessionStorage.removeItem(KEPT);
        return this.showCreate(`The last session could not be reopened: ${(error as Error).message}.`);
      }
    }
    await this.showCreate(null);
  }

  // -------------------------------------------------------------------------------------------
  // Creating a session

  private async showCreate(problem: string | null): Promise<void> {
    let ids: string[] = [];
    let reach: string | null = null;
    try {
      const res = await fetch(`${this.route.server}/api/scenarios`);
      ids = ((await res.json()) as { scenarios: string[] }).scenarios;
    } catch {
      reach = `The classroom server at ${this.route.server} does not answer. Start it with “npm run serve”, or open this page with ?server=http://host:port.`;
    }
    const scenarios = ids.flatMap((id) => {
      const s = this.catalogue.byId(id);
      return s ? [s] : [];
    });
    const scenarioSelect = h(
      'select',
      { id: 'cr-scenario' },
      scenarios.map((s) => h('option', { value: s.meta.id, selected: s.meta.id === 'new-delhi-fmm-2023' }, `${s.meta.title}${s.meta.id === 'tutorial' ? '' : ` (${s.delegations.length} delegations)`}`)),
    );
    const seed = h('input', { id: 'cr-seed', type: 'text', value: randomSeed(), spellcheck: 'false', autocomplete: 'off' });
    const difficulty = h('select', { id: 'cr-difficulty' }, DIFFICULTIES.map((d) => h('option', { value: d, selected: d === 'standard' }, d)));
    const minutes = h('input', { id: 'cr-minutes', type: 'number', min: '0', max: '240', step: '1', value: '10', 'aria-describedby': 'cr-minutes-help' });
    const error = h('p', { class: 'join-error', role: 'alert', id: 'cr-error' }, reach ?? problem ?? '');
    const button = h('button', { class: 'button primary big', type: 'submit', id: 'cr-submit' }, 'Create the session');
    const form = h(
      'form',
      { class: 'join-form', 'aria-labelledby': 'cr-h' },
      h('h2', { id: 'cr-h' }, 'Run a classroom session'),
      h('label', { class: 'field-label', for: 'cr-scenario' }, 'Scenario'),
      scenarioSelect,
      h('label', { class: 'field-label', for: 'cr-seed' }, 'Seed'),
      seed,
      h('label', { class: 'field-label', for: 'cr-difficulty' }, 'Difficulty'),
      difficulty,
      h('label', { class: 'field-label', for: 'cr-minutes' }, 'Minutes per slot'),
      minutes,
      h('p', { class: 'small muted', id: 'cr-minutes-help' }, 'Real minutes before the server closes each slot; 0 leaves every slot to you.'),
      button,
      error,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const m = Number(minutes.value);
      if (!Number.isFinite(m) || m < 0 || m > 240) {
        error.textContent = 'Minutes per slot is a number from 0 to 240.';
        return minutes.focus();
      }
      button.setAttribute('aria-disabled', 'true');
      error.textContent = 'Creating…';
      createSession(this.route.server, { scenario: scenarioSelect.value, seed: seed.value.trim() || randomSeed(), difficulty: difficulty.value as Difficulty, minutesPerSlot: m })
        .then((created) => this.connect(created))
        .catch((err: Error) => {
          button.setAttribute('aria-disabled', 'false');
          error.textContent = `Could not create the session: ${err.message}.`;
        });
    });
    this.root.replaceChildren(
      h('div', { class: 'masthead' }, h('h1', { id: 'title-h', tabindex: '-1' }, 'Communiqué'), h('p', { class: 'tagline' }, 'Classroom — the instructor’s desk')),
      h('div', { class: 'classroom-card' }, form),
    );
    this.root.hidden = false;
    this.onReady();
    scenarioSelect.focus();
  }

  private async connect(created: CreatedSession): Promise<void> {
    const conn = await ClassroomConnection.join(this.route.server, { as: 'instructor', code: created.code, secret: created.secret });
    sessionStorage.setItem(KEPT, JSON.stringify({ server: this.route.server, created } satisfies Kept));
    this.conn = conn;
    this.created = created;
    this.status = `Session ${created.displayCode} is open. Students join with the code; press Start when the class is seated.`;
    conn.on('view', () => this.queueRender());
    conn.on('control', () => this.queueRender());
    conn.on('close', () => {
      this.status = 'The connection to the server was lost. Reload the page to reconnect.';
      this.queueRender();
    });
    this.ticker ??= setInterval(() => this.tick(), 1000);
    this.root.classList.add('control-room');
    this.render();
    this.root.querySelector<HTMLElement>('h1')?.focus();
    this.onReady();
  }

  // -------------------------------------------------------------------------------------------
  // Actions

  private act(action: InstructorAction, done: string): void {
    const conn = this.conn;
    if (!conn || !this.created) return;
    conn.instructor(this.created.secret, action).then(
      () => {
        this.status = done;
        this.announce(done);
        this.queueRender();
      },
      (error: Error) => {
        this.status = `Not possible: ${error.message}`;
        this.announce(this.status);
        this.queueRender();
      },
    );
  }

  private async downloadReplay(): Promise<void> {
    const created = this.created!;
    try {
      const res = await fetch(`${this.route.server}/api/sessions/${created.code}/replay`, { headers: { Authorization: `Bearer ${created.secret}` } });
      const body = await res.text();
      if (!res.ok) throw new Error((JSON.parse(body) as { error?: string }).error ?? `HTTP ${res.status}`);
      const blob = new Blob([body], { type: 'application/json' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `${this.conn?.welcome.scenario.id ?? 'session'}-${created.displayCode}.replay.json` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      this.status = 'The replay file has been saved: it opens in the replay viewer and with “communique replay”.';
    } catch (error) {
      this.status = `The replay could not be downloaded: ${(error as Error).message}`;
    }
    this.announce(this.status);
    this.render();
  }

  /** Opens the replay in the replay viewer (a new tab), by its share link: the engine re-runs the commands there. */
  private async openViewer(): Promise<void> {
    const created = this.created!;
    try {
      const res = await fetch(`${this.route.server}/api/sessions/${created.code}/replay`, { headers: { Authorization: `Bearer ${created.secret}` } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const replay = await res.json();
      const { shareParam } = await import('../viewer/load.ts');
      window.open(`${location.pathname}?${new URLSearchParams({ watch: shareParam(replay) })}`, '_blank', 'noopener');
    } catch (error) {
      this.status = `The replay could not be opened: ${(error as Error).message}`;
      this.announce(this.status);
      this.render();
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private queueRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => {
      this.renderQueued = false;
      // A redraw would close a drop-down the instructor has open: wait until it loses focus.
      const active = document.activeElement;
      if (active instanceof HTMLSelectElement && this.root.contains(active)) {
        active.addEventListener('blur', () => this.queueRender(), { once: true });
        return;
      }
      this.render();
    });
  }

  /** Once a second: the slot timer and the "last active" column, without redrawing the page. */
  private tick(): void {
    const control = this.conn?.control;
    if (!control) return;
    const timer = this.root.querySelector('#timer');
    if (timer) timer.textContent = timerText(control);
    for (const cell of this.root.querySelectorAll<HTMLElement>('[data-active]')) cell.textContent = ago(Number(cell.dataset.active));
  }

  private render(): void {
    const conn = this.conn;
    const created = this.created;
    if (!conn || !created) return;
    const view = conn.view;
    const control = conn.control;
    const summary = conn.welcome.scenario;
    const status = control?.status ?? conn.welcome.status;
    const ended = status === 'ended' || Boolean(view?.closed);
    const paused = view?.paused ?? true;

    const studentLink = created.studentLink;
    const headline = h(
      'header',
      { class: 'cr-head' },
      h('div', {}, h('h1', { tabindex: '-1', id: 'cr-title' }, summary.title), h('p', { class: 'small' }, `${summary.place} · ${summary.date} · ${conn.welcome.difficulty}`)),
      h(
        'div',
        { class: 'cr-clock', id: 'cr-clock' },
        h('span', { class: `session-state${paused || ended ? ' paused' : ''}`, id: 'session-state' }, ended ? 'Ended' : status === 'lobby' ? 'Lobby — not started' : paused ? 'Paused' : 'Running'),
        control ? h('span', {}, `${control.clock.sessionTitle ?? 'Closed'}${control.clock.slotTitle ? ` — ${control.clock.slotTitle}` : ''}`) : null,
        control ? h('span', { id: 'timer', class: 'timer' }, timerText(control)) : null,
      ),
    );

    const join = h(
      'section',
      { class: 'cr-card cr-join', 'aria-labelledby': 'join-h' },
      h('h2', { id: 'join-h' }, 'Join'),
      h('p', { class: 'join-code', id: 'join-code' }, created.displayCode),
      h('img', { class: 'qr', src: created.qrDataUrl, alt: `QR code of the student link ${studentLink}`, width: '148', height: '148' }),
      h('p', { class: 'small' }, h('a', { href: studentLink, id: 'student-link', target: '_blank', rel: 'noopener' }, studentLink)),
      h('p', { class: 'small muted' }, 'Students open the link (or this game’s “join” page) and type the code and their name.'),
    );

    const button = (key: string, label: string, action: InstructorAction, done: string, usable: boolean, extra = '') =>
      h('button', { class: `button${extra}`, id: `ctl-${key}`, 'data-key': `ctl-${key}`, 'aria-disabled': usable ? 'false' : 'true', onclick: () => usable && this.act(action, done) }, label);
    const events = (summary.events ?? []).filter((e) => !(view?.transcript ?? []).some((r) => r.kind === 'event' && r.event === e.id));
    const eventSelect = h(
      'select',
      { id: 'ctl-event', 'data-key': 'ctl-event', 'aria-label': 'Event from the scenario’s deck', onchange: (e: Event) => (this.typed.event = (e.target as HTMLSelectElement).value) },
      events.map((e) => h('option', { value: e.id, selected: e.id === this.typed.event }, e.title)),
    );
    const newsTitle = h('input', { id: 'ctl-news-title', 'data-key': 'ctl-news-title', type: 'text', maxlength: '200', placeholder: 'Headline', 'aria-label': 'Headline of the news item', value: this.typed.newsTitle });
    const newsText = h('input', { id: 'ctl-news-text', 'data-key': 'ctl-news-text', type: 'text', maxlength: '2000', placeholder: 'What happened', 'aria-label': 'Text of the news item', value: this.typed.newsText });
    newsTitle.addEventListener('input', () => (this.typed.newsTitle = newsTitle.value));
    newsText.addEventListener('input', () => (this.typed.newsText = newsText.value));
    const controls = h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'ctl-h' },
      h('h2', { id: 'ctl-h' }, 'Controls'),
      h('p', { class: 'status', id: 'status', role: 'status' }, this.status),
      h(
        'div',
        { class: 'ctl-row' },
        button('start', 'Start', { kind: 'start' }, 'The meeting has started.', status === 'lobby', ' primary'),
        button('pause', 'Pause', { kind: 'pause' }, 'The meeting is paused.', status === 'running' && !paused && !ended),
        button('resume', 'Resume', { kind: 'resume' }, 'The meeting resumes.', status === 'running' && paused && !ended),
        button('advance', 'Next slot', { kind: 'advance-slot' }, 'The slot is closed for everyone.', status === 'running' && !paused && !ended),
        h(
          'button',
          {
            class: 'button danger',
            id: 'ctl-end',
            'data-key': 'ctl-end',
            'aria-disabled': ended ? 'true' : 'false',
            onclick: () => {
              if (!ended && confirm('End the session for everyone? The meeting closes with the text as it stands.')) this.act({ kind: 'end' }, 'The session has ended.');
            },
          },
          'End',
        ),
      ),
      h(
        'div',
        { class: 'ctl-row' },
        eventSelect,
        h(
          'button',
          { class: 'button', id: 'ctl-inject', 'data-key': 'ctl-inject', 'aria-disabled': events.length && !ended && !paused ? 'false' : 'true', onclick: () => events.length && !ended && !paused && this.act({ kind: 'inject-event', event: eventSelect.value }, 'The news is out.') },
          'Deal this event',
        ),
      ),
      h(
        'div',
        { class: 'ctl-row' },
        newsTitle,
        newsText,
        h(
          'button',
          {
            class: 'button',
            id: 'ctl-news',
            'data-key': 'ctl-news',
            'aria-disabled': ended || paused ? 'true' : 'false',
            onclick: () => {
              if (ended || paused) return;
              if (!newsTitle.value.trim() || !newsText.value.trim()) {
                this.status = 'A news item needs a headline and a text.';
                return this.render();
              }
              this.act({ kind: 'inject-event', event: { title: newsTitle.value.trim(), text: newsText.value.trim() } }, 'Your news item is out.');
              this.typed.newsTitle = this.typed.newsText = '';
            },
          },
          'Publish news',
        ),
      ),
      ended
        ? h(
            'div',
            { class: 'ctl-row' },
            h('button', { class: 'button primary', id: 'ctl-download', 'data-key': 'ctl-download', onclick: () => void this.downloadReplay() }, 'Download the replay'),
            h('button', { class: 'button', id: 'ctl-viewer', 'data-key': 'ctl-viewer', onclick: () => void this.openViewer() }, 'Open in the replay viewer and debrief'),
          )
        : h('p', { class: 'small muted' }, 'After the session: download the replay and open the debrief here.'),
    );

    const parts = [headline, h('div', { class: 'cr-grid' }, h('div', { class: 'cr-side' }, join, controls, this.classTable(control)), h('div', { class: 'cr-main' }, this.heatMap(view, control), this.blocking(control), this.bilaterals(view)))];
    replaceKeepingFocus(this.root, ...parts);
  }

  /** The students: name, line, delegation (a select to reassign; "AI" hands it back), moves and last activity. */
  private classTable(control: ControlMessage | null): HTMLElement {
    const summary = this.conn!.welcome.scenario;
    const students = control?.students ?? [];
    const held = new Map(students.filter((s) => s.seat).map((s) => [s.seat!, s.name]));
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'class-h' },
      h('h2', { id: 'class-h' }, `Class (${students.length})`),
      students.length === 0
        ? h('p', { class: 'muted', id: 'class-empty' }, 'Nobody has joined yet. Every delegation without a student is played by the AI.')
        : h(
            'table',
            { class: 'class-table', id: 'class-table' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Student'), h('th', { scope: 'col' }, 'Delegation'), h('th', { scope: 'col' }, 'Moves'), h('th', { scope: 'col' }, 'Last active'))),
            h(
              'tbody',
              {},
              students.map((s) =>
                h(
                  'tr',
                  { 'data-student': s.name },
                  h('th', { scope: 'row' }, h('span', { class: `dot ${s.connected ? 'on' : 'off'}`, 'aria-hidden': 'true' }), s.name, srOnly(s.connected ? ' (connected)' : ' (offline)')),
                  h(
                    'td',
                    {},
                    h(
                      'select',
                      {
                        'data-key': `seat-${s.id}`,
                        'aria-label': `Delegation of ${s.name}`,
                        onchange: (e: Event) => {
                          const value = (e.target as HTMLSelectElement).value;
                          this.act({ kind: 'seat', student: s.id, delegation: value === '' ? null : value }, value ? `${s.name} now plays ${value}.` : `${s.name} watches; the AI plays the seat.`);
                        },
                      },
                      h('option', { value: '', selected: !s.seat }, '— none (AI plays it) —'),
                      summary.delegations.map((d) =>
                        h('option', { value: d.id, selected: d.id === s.seat }, `${d.name}${held.has(d.id) && d.id !== s.seat ? ` (${held.get(d.id)})` : ''}${d.id === summary.chair ? ' — chair' : ''}`),
                      ),
                    ),
                  ),
                  h('td', { class: 'num' }, String(s.commands)),
                  h('td', { 'data-active': String(s.lastActiveAt) }, ago(s.lastActiveAt)),
                ),
              ),
            ),
          ),
    );
  }

  /** Paragraph × delegation: each cell the stance last voiced, in colour with its short name. */
  private heatMap(view: MeetingView | null, control: ControlMessage | null): HTMLElement {
    const summary = this.conn!.welcome.scenario;
    const stances = control?.heatMap ?? view?.stances ?? {};
    const humans = new Set(control?.humanSeats ?? []);
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'heat-h' },
      h('h2', { id: 'heat-h' }, 'Stances in the room'),
      h('p', { class: 'legend' }, STANCES.map((s) => h('span', { class: 'legend-item', title: STANCE_MEANING[s] }, h('span', { class: `stance-badge s-${s}` }, stanceIcon(s, 12), STANCE_STYLE[s].short), ' ', STANCE_STYLE[s].label))),
      h(
        'div',
        { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'heat-caption' },
        h(
          'table',
          { class: 'stance-grid heat', id: 'heat-map' },
          h('caption', { id: 'heat-caption' }, 'Stance voiced by each delegation on each paragraph’s current wording. Underlined codes are played by students.'),
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col', class: 'corner' }, 'Paragraph'), summary.delegations.map((d) => h('th', { scope: 'col', class: humans.has(d.id) ? 'human' : '' }, h('abbr', { title: `${d.name}${humans.has(d.id) ? ' (a student)' : ' (AI)'}` }, d.id)))),
          ),
          h(
            'tbody',
            {},
            summary.paragraphs.map((p, i) => {
              const status = view?.draft[p.id]?.status ?? 'open';
              return h(
                'tr',
                {},
                h('th', { scope: 'row' }, `${i + 1}. ${p.title}`, status !== 'open' ? h('span', { class: 'row-status' }, ` — ${status}`) : null),
                summary.delegations.map((d) => {
                  const s = stances[p.id]?.[d.id] as Stance | undefined;
                  if (!s) return h('td', { class: 'cell-none' }, view?.walkedOut.includes(d.id) ? 'out' : '—');
                  return h('td', { class: `cell s-${s}`, title: `${d.name} ${STANCE_STYLE[s].label}` }, h('span', { 'aria-hidden': 'true' }, STANCE_STYLE[s].short), srOnly(STANCE_STYLE[s].label));
                }),
              );
            }),
          ),
        ),
      ),
    );
  }

  private blocking(control: ControlMessage | null): HTMLElement {
    const summary = this.conn!.welcome.scenario;
    const title = (id: string) => summary.paragraphs.find((p) => p.id === id)?.title ?? id;
    const rows = control?.blocking ?? [];
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'block-h' },
      h('h2', { id: 'block-h' }, 'Who keeps what from consensus'),
      rows.length === 0
        ? h('p', { class: 'muted' }, 'Nobody objects to or blocks an open paragraph.')
        : h(
            'ul',
            { class: 'block-list', id: 'block-list' },
            rows.map((r) => h('li', {}, h('strong', {}, title(r.paragraph)), ': ', r.block.length ? `blocks — ${r.block.join(', ')}` : '', r.block.length && r.object.length ? '; ' : '', r.object.length ? `objects — ${r.object.join(', ')}` : '')),
          ),
    );
  }

  private bilaterals(view: MeetingView | null): HTMLElement {
    const messages = (view?.transcript ?? []).filter((e) => e.kind === 'message');
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'bil-h' },
      h('h2', { id: 'bil-h' }, `Private bilaterals (${messages.length})`),
      messages.length === 0
        ? h('p', { class: 'muted', id: 'bilaterals' }, 'No private messages yet. Every message between delegations shows here.')
        : h(
            'ol',
            { class: 'message-list', id: 'bilaterals', tabindex: '0', 'aria-label': 'Private messages, newest last' },
            messages.slice(-60).map((e) => h('li', { class: 'message' }, h('span', { class: 'message-who' }, `${e.actor} → ${e.target}`), h('span', { class: 'message-text' }, e.text))),
          ),
    );
  }

  private announce(text: string): void {
    this.live.textContent = '';
    requestAnimationFrame(() => (this.live.textContent = text));
  }
}

function timerText(control: ControlMessage): string {
  const t = control.timer;
  if (control.status === 'ended') return 'Session over';
  if (t.minutesPerSlot <= 0) return 'Slots close when you say';
  if (t.deadline) return `${clockText(t.deadline - Date.now())} left in the slot`;
  if (t.remainingMs !== null) return `${clockText(t.remainingMs)} left (timer stopped)`;
  return `${t.minutesPerSlot} min a slot`;
}

function readKept(): Kept | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEPT) ?? 'null') as Kept | null;
    return kept && typeof kept.server === 'string' && kept.created?.secret ? kept : null;
  } catch {
    return null;
  }
}
