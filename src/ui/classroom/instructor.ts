// The instructor's classroom page: create a session, project its code, link and QR code, seat the
// students, run the meeting (start, pause, resume, next slot, news, end), watch the control room —
// stance heat map, who blocks what, each student's activity, the clock, the bilaterals — and afterwards
// download the replay or open it in the replay viewer.
import { DIFFICULTIES, STANCES, type Difficulty, type Stance } from '../../domain/state.ts';
import type { MeetingView } from '../../domain/view.ts';
import type { Scenario } from '../../domain/scenario-schema.ts';
import { ClassroomConnection, createSession, instructorInfo, scenarioList, sessionScenario } from '../../net/client.ts';
import { MAX_SLOT_MINUTES, type ControlMessage, type CreatedSession, type InstructorAction, type ScenarioEntryInfo, type TablesInfo } from '../../net/protocol.ts';
import { h, replaceKeepingFocus, srOnly } from '../dom.ts';
import { stanceIcon, stanceLabel, stanceMeaning, stanceShort } from '../../print/palette.ts';
import { randomSeed } from '../title.ts';
import { ago, clockText, pageLink, secretOf, type ClassroomRoute } from './route.ts';
import { current, t as L } from '../../i18n/index.ts';
import { clockLine, wordsFor, type Words } from './scenario-words.ts';
import { isClassroomHost } from './host.ts';
import { answerProblem, problemText } from './problem.ts';

/** What the instructor's tab keeps across a reload: the secret is shown once and never again. */
interface Kept {
  server: string;
  created: CreatedSession;
}
const KEPT = 'communique.classroom.instructor';
/** The minutes "Add minutes" gives the slot (WCAG 2.2.1: the instructor extends a real-minute timer). */
const EXTEND_MINUTES = 5;

/** "Your sessions": the sessions created or reopened in this browser, newest first, to reopen with a click. */
interface YourSession {
  server: string;
  code: string;
  displayCode: string;
  scenario: string;
  /** Epoch ms the session was first opened here. */
  created: number;
  secret: string;
}
const YOURS = 'communique.classroom.sessions';
const YOURS_MAX = 20;

export class InstructorPage {
  private conn: ClassroomConnection | null = null;
  private created: CreatedSession | null = null;
  private status = '';
  private ticker: ReturnType<typeof setInterval> | null = null;
  private renderQueued = false;
  /** What the instructor is typing or choosing survives the redraws that every change in the room brings. */
  private typed = { newsTitle: '', newsText: '', event: '' };
  /**
   * The session's whole scenario in the page's language, from the server with the secret (GET
   * /api/sessions/CODE/scenario): the classroom server serves no scenario file, the page fetches none.
   */
  private scenario: Scenario | undefined;
  /** The server's scenarios by id (GET /api/scenarios), for the creation form and "your sessions". */
  private entries: ScenarioEntryInfo[] = [];

  constructor(
    private readonly route: Extract<ClassroomRoute, { page: 'instructor' }>,
    private readonly root: HTMLElement,
    private readonly live: HTMLElement,
    private readonly onReady: () => void,
  ) {}

  async open(): Promise<void> {
    // An instructor link: the code in the query, the secret in the fragment (never sent). The fragment
    // leaves the address bar at once; the tab keeps the session as after a creation.
    const secret = secretOf(location.hash);
    if (this.route.code && secret) {
      history.replaceState(null, '', `${location.pathname}${location.search}`);
      try {
        await this.reopen(this.route.server, this.route.code, secret);
        return;
      } catch (error) {
        return this.showCreate(L('ins.link-failed', { problem: problemText(error) }));
      }
    }
    const kept = readKept();
    if (kept && kept.server === this.route.server) {
      try {
        await this.connect(kept.created);
        return;
      } catch (error) {
        sessionStorage.removeItem(KEPT);
        return this.showCreate(L('ins.kept-failed', { problem: problemText(error) }));
      }
    }
    await this.showCreate(null);
  }

  /** Reopens a session's control room from its code and secret alone (an instructor link, "your sessions"). */
  private async reopen(server: string, code: string, secret: string): Promise<void> {
    const info = await instructorInfo(server, code, secret);
    const { scenario: _scenario, status: _status, ...created } = info;
    await this.connect({ ...created, secret });
  }

  // -------------------------------------------------------------------------------------------
  // Creating a session

  private async showCreate(problem: string | null): Promise<void> {
    let reach: string | null = null;
    try {
      // The server's own list is the one a session can be created from (a school's scenarios too), titled in the page's language.
      this.entries = (await scenarioList(this.route.server, current().lang)).entries;
    } catch {
      reach = L('ins.no-server', { server: this.route.server });
    }
    // The tutorial first, then by date, as the title screen lists them.
    const scenarios = [...this.entries].sort((a, b) => Number(b.id === 'tutorial') - Number(a.id === 'tutorial') || a.date.localeCompare(b.date));
    const scenarioSelect = h(
      'select',
      { id: 'cr-scenario' },
      scenarios.map((s) => h('option', { value: s.id, selected: s.id === 'new-delhi-fmm-2023' }, s.id === 'tutorial' || s.delegations === 0 ? s.title : L('ins.scenario-option', { title: s.title, count: s.delegations }))),
    );
    const seed = h('input', { id: 'cr-seed', type: 'text', value: randomSeed(), spellcheck: 'false', autocomplete: 'off' });
    const difficulty = h('select', { id: 'cr-difficulty' }, DIFFICULTIES.map((d) => h('option', { value: d, selected: d === 'standard' }, L(`report.difficulty.${d}`))));
    const minutes = h('input', { id: 'cr-minutes', type: 'number', min: '0', max: '20160', step: '1', value: '10', 'aria-describedby': 'cr-minutes-help' });
    // Hours and days: a session played over days (the asynchronous mode), the slot deadline its pace.
    const unit = h('select', { id: 'cr-unit', 'aria-label': L('class.slot-unit') }, (['minutes', 'hours', 'days'] as const).map((u) => h('option', { value: u }, L(`class.unit-${u}`))));
    const teamSize = h('select', { id: 'cr-team', 'aria-describedby': 'cr-team-help' }, [1, 2, 3, 4].map((n) => h('option', { value: String(n), selected: n === 1 }, String(n))));
    const tables = h('select', { id: 'cr-tables', 'aria-describedby': 'cr-tables-help' }, [1, 2, 3, 4, 5, 6, 7, 8].map((n) => h('option', { value: String(n), selected: n === 1 }, String(n))));
    const error = h('p', { class: 'join-error', role: 'alert', id: 'cr-error' }, reach ?? problem ?? '');
    const button = h('button', { class: 'button primary big', type: 'submit', id: 'cr-submit' }, L('ins.create'));
    const form = h(
      'form',
      { class: 'join-form', 'aria-labelledby': 'cr-h' },
      h('h2', { id: 'cr-h' }, L('ins.create-h')),
      h('label', { class: 'field-label', for: 'cr-scenario' }, L('ins.scenario')),
      scenarioSelect,
      h('label', { class: 'field-label', for: 'cr-seed' }, L('ins.seed')),
      seed,
      h('label', { class: 'field-label', for: 'cr-difficulty' }, L('title.difficulty')),
      difficulty,
      h('label', { class: 'field-label', for: 'cr-minutes' }, L('ins.minutes')),
      minutes,
      unit,
      h('p', { class: 'small muted', id: 'cr-minutes-help' }, L('ins.minutes-help')),
      h('label', { class: 'field-label', for: 'cr-team' }, L('class.team-size')),
      teamSize,
      h('p', { class: 'small muted', id: 'cr-team-help' }, L('class.team-size-help')),
      h('label', { class: 'field-label', for: 'cr-tables' }, L('class.tables')),
      tables,
      h('p', { class: 'small muted', id: 'cr-tables-help' }, L('class.tables-help')),
      button,
      error,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const m = Number(minutes.value) * (unit.value === 'days' ? 1440 : unit.value === 'hours' ? 60 : 1);
      if (!Number.isFinite(m) || m < 0 || m > MAX_SLOT_MINUTES) {
        error.textContent = L('class.slot-too-long');
        return minutes.focus();
      }
      button.setAttribute('aria-disabled', 'true');
      error.textContent = L('ins.creating');
      createSession(this.route.server, { scenario: scenarioSelect.value, seed: seed.value.trim() || randomSeed(), difficulty: difficulty.value as Difficulty, minutesPerSlot: m, teamSize: Number(teamSize.value), tables: Number(tables.value) })
        .then((created) => this.connect(created))
        .catch((err: Error) => {
          button.setAttribute('aria-disabled', 'false');
          error.textContent = L('ins.create-failed', { problem: problemText(err) });
        });
    });
    this.root.replaceChildren(
      h('div', { class: 'masthead' }, h('h1', { id: 'title-h', tabindex: '-1' }, L('title.name')), h('p', { class: 'tagline' }, L('ins.tagline'))),
      h('div', { class: 'classroom-card' }, form),
      ...[this.yourSessions(error)].filter((e): e is HTMLElement => e !== null),
    );
    this.root.hidden = false;
    this.onReady();
    scenarioSelect.focus();
  }

  /** The sessions opened in this browser, each with a reopen button (nothing when there are none). */
  private yourSessions(error: HTMLElement): HTMLElement | null {
    const yours = readYours();
    if (yours.length === 0) return null;
    const title = (id: string) => this.entries.find((e) => e.id === id)?.title ?? id;
    return h(
      'section',
      { class: 'classroom-card your-sessions', 'aria-labelledby': 'yours-h' },
      h('h2', { id: 'yours-h' }, L('ins.yours-h')),
      h(
        'ul',
        { class: 'yours-list', id: 'your-sessions' },
        yours.map((y) =>
          h(
            'li',
            {},
            h('span', { class: 'join-code small-code' }, y.displayCode),
            ' ',
            h('span', {}, title(y.scenario)),
            ' ',
            h('span', { class: 'small muted' }, L('ins.created', { when: new Date(y.created).toLocaleString(current().locale) })),
            ' ',
            h(
              'button',
              {
                class: 'button',
                type: 'button',
                'data-reopen': y.code,
                'aria-label': L('ins.reopen-label', { code: y.displayCode }),
                onclick: () => {
                  error.textContent = L('ins.reopening');
                  this.reopen(y.server, y.code, y.secret).catch((e: Error) => (error.textContent = L('ins.reopen-failed', { code: y.displayCode, problem: problemText(e) })));
                },
              },
              L('ins.reopen'),
            ),
          ),
        ),
      ),
      h('p', { class: 'small muted' }, L('ins.yours-note')),
    );
  }

  private async connect(created: CreatedSession): Promise<void> {
    const [conn, scenario] = await Promise.all([
      ClassroomConnection.join(this.route.server, { as: 'instructor', code: created.code, secret: created.secret }),
      // Only words come from it (names in the page's language): without it the page shows the server's English ones.
      sessionScenario(this.route.server, created.code, created.secret, 'full', current().lang).catch(() => undefined),
    ]);
    this.scenario = scenario;
    sessionStorage.setItem(KEPT, JSON.stringify({ server: this.route.server, created } satisfies Kept));
    rememberYours({ server: this.route.server, code: created.code, displayCode: created.displayCode, scenario: conn.welcome.scenario.id, created: Date.now(), secret: created.secret });
    this.conn = conn;
    this.created = created;
    this.status = L('ins.open', { code: created.displayCode });
    conn.on('view', () => this.queueRender());
    conn.on('control', () => this.queueRender());
    conn.on('close', () => {
      this.status = L('ins.lost');
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
        this.status = L('app.not-possible', { why: problemText(error) });
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
      if (!res.ok) throw answerProblem(body, res.status);
      const blob = new Blob([body], { type: 'application/json' });
      const a = h('a', { href: URL.createObjectURL(blob), download: `${this.conn?.welcome.scenario.id ?? 'session'}-${created.displayCode}.replay.json` });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      this.status = L('ins.replay-saved');
    } catch (error) {
      this.status = L('ins.replay-failed', { problem: problemText(error) });
    }
    this.announce(this.status);
    this.render();
  }

  /** Opens the replay in the replay viewer (a new tab), by its share link: the engine re-runs the commands there. */
  private async openViewer(): Promise<void> {
    const created = this.created!;
    try {
      const res = await fetch(`${this.route.server}/api/sessions/${created.code}/replay`, { headers: { Authorization: `Bearer ${created.secret}` } });
      if (!res.ok) throw answerProblem(await res.text(), res.status);
      const replay = await res.json();
      const { shareParam } = await import('../viewer/load.ts');
      // On the classroom server, which serves no scenario file, the viewer asks it for this session's
      // scenario with the secret: in the fragment, which is never sent (src/main.ts).
      const named: Record<string, string> = this.route.server !== location.origin ? { session: created.code, server: this.route.server } : { session: created.code };
      const here = isClassroomHost() ? `&${new URLSearchParams(named)}#secret=${encodeURIComponent(created.secret)}` : '';
      window.open(`${location.pathname}?${new URLSearchParams({ watch: shareParam(replay) })}${here}`, '_blank', 'noopener');
    } catch (error) {
      this.status = L('ins.viewer-failed', { problem: problemText(error) });
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
    const words = this.words();
    const state = ended ? 'ended' : status === 'lobby' ? 'lobby' : paused ? 'paused' : 'running';
    const headline = h(
      'header',
      { class: 'cr-head' },
      h('div', {}, h('h1', { tabindex: '-1', id: 'cr-title' }, words.title), h('p', { class: 'small' }, L('ins.meta', { place: words.place, date: words.date, difficulty: L(`report.difficulty.${conn.welcome.difficulty}`) }))),
      h(
        'div',
        { class: 'cr-clock', id: 'cr-clock' },
        h('span', { class: `session-state${paused || ended ? ' paused' : ''}`, id: 'session-state', 'data-state': state }, L(`ins.state.${state}`)),
        control ? h('span', {}, clockLine(control.clock, words)) : null,
        control ? h('span', { id: 'timer', class: 'timer' }, timerText(control)) : null,
      ),
    );

    const join = h(
      'section',
      { class: 'cr-card cr-join', 'aria-labelledby': 'join-h' },
      h('h2', { id: 'join-h' }, L('ins.join-h')),
      h('p', { class: 'join-code', id: 'join-code' }, created.displayCode),
      h('img', { class: 'qr', src: created.qrDataUrl, alt: L('pj.qr', { link: studentLink }), width: '148', height: '148' }),
      h('p', { class: 'small' }, h('a', { href: studentLink, id: 'student-link', target: '_blank', rel: 'noopener', dir: 'ltr' }, studentLink)),
      h('p', { class: 'small muted' }, L('ins.join-help')),
      h(
        'div',
        { class: 'ctl-row' },
        h('a', { class: 'button', id: 'projector-link', href: this.link('projector'), target: '_blank', rel: 'noopener' }, L('ins.projector')),
      ),
    );

    const instructorLink = this.link('instructor');
    const linkInput = h('input', { id: 'instructor-link', type: 'text', readonly: '', dir: 'ltr', value: instructorLink, 'aria-labelledby': 'link-h', 'aria-describedby': 'instructor-link-help', spellcheck: 'false' });
    const reopenCard = h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'link-h' },
      h('h2', { id: 'link-h' }, L('ins.link-h')),
      h(
        'div',
        { class: 'ctl-row' },
        linkInput,
        h(
          'button',
          {
            class: 'button',
            type: 'button',
            id: 'copy-link',
            onclick: () => {
              const copied = () => {
                this.status = L('ins.copied');
                this.announce(this.status);
                this.render();
              };
              if (navigator.clipboard?.writeText) navigator.clipboard.writeText(instructorLink).then(copied, () => linkInput.select());
              else linkInput.select();
            },
          },
          L('ins.copy'),
        ),
      ),
      h('p', { class: 'small muted', id: 'instructor-link-help' }, L('ins.link-help')),
    );

    const button = (key: string, label: string, action: InstructorAction, done: string, usable: boolean, extra = '') =>
      h('button', { class: `button${extra}`, id: `ctl-${key}`, 'data-key': `ctl-${key}`, 'aria-disabled': usable ? 'false' : 'true', onclick: () => usable && this.act(action, done) }, label);
    const events = (summary.events ?? []).filter((e) => !(view?.transcript ?? []).some((r) => r.kind === 'event' && r.event === e.id));
    const eventSelect = h(
      'select',
      { id: 'ctl-event', 'data-key': 'ctl-event', 'aria-label': L('ins.event-deck'), onchange: (e: Event) => (this.typed.event = (e.target as HTMLSelectElement).value) },
      events.map((e) => h('option', { value: e.id, selected: e.id === this.typed.event }, words.event(e.id, e.title))),
    );
    const newsTitle = h('input', { id: 'ctl-news-title', 'data-key': 'ctl-news-title', type: 'text', maxlength: '200', placeholder: L('ins.headline'), 'aria-label': L('ins.headline-label'), value: this.typed.newsTitle });
    const newsText = h('input', { id: 'ctl-news-text', 'data-key': 'ctl-news-text', type: 'text', maxlength: '2000', placeholder: L('ins.news-text'), 'aria-label': L('ins.news-text-label'), value: this.typed.newsText });
    newsTitle.addEventListener('input', () => (this.typed.newsTitle = newsTitle.value));
    newsText.addEventListener('input', () => (this.typed.newsText = newsText.value));
    const controls = h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'ctl-h' },
      h('h2', { id: 'ctl-h' }, L('ins.controls-h')),
      h('p', { class: 'status', id: 'status', role: 'status' }, this.status),
      h(
        'div',
        { class: 'ctl-row' },
        button('start', L('ins.start'), { kind: 'start' }, L('ins.started'), status === 'lobby', ' primary'),
        button('pause', L('ins.pause'), { kind: 'pause' }, L('ins.paused'), status === 'running' && !paused && !ended),
        button('resume', L('ins.resume'), { kind: 'resume' }, L('ins.resumed'), status === 'running' && paused && !ended),
        button('advance', L('ins.advance'), { kind: 'advance-slot' }, L('ins.advanced'), status === 'running' && !paused && !ended),
        button('extend', L('ins.extend', { minutes: EXTEND_MINUTES }), { kind: 'extend-timer', minutes: EXTEND_MINUTES }, L('ins.extended', { minutes: EXTEND_MINUTES }), status === 'running' && !ended && (control?.timer.minutesPerSlot ?? 0) > 0),
        h(
          'button',
          {
            class: 'button danger',
            id: 'ctl-end',
            'data-key': 'ctl-end',
            'aria-disabled': ended ? 'true' : 'false',
            onclick: () => {
              if (!ended && confirm(L('ins.end-confirm'))) this.act({ kind: 'end' }, L('ins.ended'));
            },
          },
          L('ins.end'),
        ),
      ),
      h(
        'div',
        { class: 'ctl-row' },
        eventSelect,
        h(
          'button',
          { class: 'button', id: 'ctl-inject', 'data-key': 'ctl-inject', 'aria-disabled': events.length && !ended && !paused ? 'false' : 'true', onclick: () => events.length && !ended && !paused && this.act({ kind: 'inject-event', event: eventSelect.value }, L('ins.dealt')) },
          L('ins.deal'),
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
                this.status = L('ins.news-incomplete');
                return this.render();
              }
              this.act({ kind: 'inject-event', event: { title: newsTitle.value.trim(), text: newsText.value.trim() } }, L('ins.published'));
              this.typed.newsTitle = this.typed.newsText = '';
            },
          },
          L('ins.publish'),
        ),
      ),
      this.readmitRow(view, ended),
      ended
        ? h(
            'div',
            { class: 'ctl-row' },
            h('button', { class: 'button primary', id: 'ctl-download', 'data-key': 'ctl-download', onclick: () => void this.downloadReplay() }, L('ins.download')),
            h('button', { class: 'button', id: 'ctl-viewer', 'data-key': 'ctl-viewer', onclick: () => void this.openViewer() }, L('ins.viewer')),
          )
        : h('p', { class: 'small muted' }, L('ins.after')),
    );

    const parts = [headline, h('div', { class: 'cr-grid' }, h('div', { class: 'cr-side' }, join, this.tablesCard(created), controls, this.classTable(control, words), reopenCard), h('div', { class: 'cr-main' }, this.heatMap(view, control, words), this.blocking(control, words), this.bilaterals(view)))];
    replaceKeepingFocus(this.root, ...parts);
  }

  /** The class's tables: each one's control room in a tab of its own, and the tables compared side by side. */
  private tablesCard(created: CreatedSession): HTMLElement | null {
    const tables = created.tables;
    if (!tables || tables.length < 2) return null;
    const here = this.conn?.welcome.code;
    const compared = this.compared;
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'tables-h' },
      h('h2', { id: 'tables-h' }, L('class.tables-h', { count: tables.length })),
      h('p', { class: 'small muted' }, L('class.tables-note')),
      h(
        'ul',
        { class: 'tables-list', id: 'tables-list' },
        tables.map((t) =>
          h(
            'li',
            {},
            t.code === here
              ? h('strong', {}, L('class.table-here', { table: t.table, code: t.displayCode }))
              : h('a', { href: pageLink('instructor', t.displayCode, created.secret, this.route.server, location), target: '_blank', rel: 'noopener', 'data-table': String(t.table) }, L('class.table-open', { table: t.table, code: t.displayCode })),
          ),
        ),
      ),
      h('div', { class: 'ctl-row' }, h('button', { class: 'button', id: 'ctl-compare', 'data-key': 'ctl-compare', onclick: () => void this.compareTables(created) }, L('class.compare'))),
      compared
        ? h(
            'div',
            { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'tables-h' },
            h(
              'table',
              { class: 'class-table', id: 'tables-compared' },
              h('thead', {}, h('tr', {}, ...['class.col-table', 'class.col-state', 'class.col-students', 'class.col-agreed', 'class.col-outcome'].map((k) => h('th', { scope: 'col' }, L(k))))),
              h(
                'tbody',
                {},
                compared.tables.map((t) =>
                  h(
                    'tr',
                    { 'data-table': String(t.table) },
                    h('th', { scope: 'row' }, L('class.table-n', { table: t.table })),
                    h('td', {}, L(`class.state-${t.status}`)),
                    h('td', { class: 'num' }, String(t.students)),
                    h('td', { class: 'num' }, L('class.agreed-of', { agreed: t.agreed, paragraphs: t.paragraphs, share: t.agreedShare })),
                    h('td', {}, L(`outcome-doc.${t.kind}`)),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }

  private compared: TablesInfo | null = null;

  /** Asks the server for every table as it stands (rebuilt from the store) and shows them side by side. */
  private async compareTables(created: CreatedSession): Promise<void> {
    try {
      const res = await fetch(`${this.route.server}/api/sessions/${created.code}/tables`, { headers: { Authorization: `Bearer ${created.secret}` } });
      const text = await res.text();
      if (!res.ok) throw answerProblem(text, res.status);
      this.compared = JSON.parse(text) as TablesInfo;
    } catch (error) {
      this.status = L('class.compare-failed', { problem: problemText(error) });
    }
    this.render();
  }

  /** Undoing a walk-out: a button for each delegation that walked out, while the meeting goes on. */
  private readmitRow(view: MeetingView | null, ended: boolean): HTMLElement | null {
    const out = view?.walkedOut ?? [];
    if (out.length === 0 || ended) return null;
    const name = (id: string) => this.conn!.welcome.scenario.delegations.find((d) => d.id === id)?.name ?? id;
    return h(
      'div',
      { class: 'ctl-row' },
      h('p', { class: 'small muted', id: 'ctl-readmit-help' }, L('class.readmit-help')),
      out.map((id) =>
        h(
          'button',
          { class: 'button', id: `ctl-readmit-${id}`, 'data-key': `ctl-readmit-${id}`, 'aria-describedby': 'ctl-readmit-help', onclick: () => this.act({ kind: 'readmit', delegation: id }, L('class.readmitted', { name: name(id) })) },
          L('class.readmit', { name: name(id) }),
        ),
      ),
    );
  }

  /** The students: name, line, delegation (a select to reassign; "AI" hands it back), moves and last activity. */
  private classTable(control: ControlMessage | null, words: Words): HTMLElement {
    const summary = this.conn!.welcome.scenario;
    const students = control?.students ?? [];
    const held = new Map(students.filter((s) => s.seat).map((s) => [s.seat!, s.name]));
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'class-h' },
      h('h2', { id: 'class-h' }, L('ins.class-h', { count: students.length })),
      h(
        'div',
        { class: 'ctl-row' },
        h(
          'button',
          {
            class: 'button',
            id: 'ctl-lock',
            'aria-pressed': control?.rosterLocked ? 'true' : 'false',
            onclick: () =>
              control &&
              this.act(
                { kind: 'lock-roster', locked: !control.rosterLocked },
                control.rosterLocked ? L('ins.roster-opened') : L('ins.roster-locked'),
              ),
          },
          control?.rosterLocked ? L('ins.unlock') : L('ins.lock'),
        ),
        h('span', { class: 'small muted', id: 'roster-state', 'data-locked': control?.rosterLocked ? 'yes' : 'no' }, control?.rosterLocked ? L('ins.locked') : L('ins.open-roster')),
      ),
      students.length === 0
        ? h('p', { class: 'muted', id: 'class-empty' }, L('ins.class-empty'))
        : h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'class-h' }, h(
            'table',
            { class: 'class-table', id: 'class-table' },
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, L('ins.col-student')), h('th', { scope: 'col' }, L('ins.col-delegation')), h('th', { scope: 'col' }, L('ins.col-moves')), h('th', { scope: 'col' }, L('ins.col-active')), h('th', { scope: 'col' }, L('ins.col-manage')))),
            h(
              'tbody',
              {},
              students.map((s) =>
                h(
                  'tr',
                  { 'data-student': s.name },
                  h('th', { scope: 'row' }, h('span', { class: `dot ${s.connected ? 'on' : 'off'}`, 'aria-hidden': 'true' }), s.name, srOnly(` ${s.connected ? L('ins.connected') : L('ins.offline')}`)),
                  h(
                    'td',
                    {},
                    h(
                      'select',
                      {
                        'data-key': `seat-${s.id}`,
                        'aria-label': L('ins.seat-of', { name: s.name }),
                        onchange: (e: Event) => {
                          const value = (e.target as HTMLSelectElement).value;
                          this.act({ kind: 'seat', student: s.id, delegation: value === '' ? null : value }, value ? L('ins.seated', { name: s.name, delegation: words.delegation(value) }) : L('ins.unseated', { name: s.name }));
                        },
                      },
                      h('option', { value: '', selected: !s.seat }, L('ins.seat-none')),
                      summary.delegations.map((d) =>
                        h('option', { value: d.id, selected: d.id === s.seat }, L('ins.seat-option', { name: words.delegation(d.id), held: held.get(d.id), taken: held.has(d.id) && d.id !== s.seat, chair: d.id === summary.chair })),
                      ),
                    ),
                  ),
                  h('td', { class: 'num' }, current().number(s.commands)),
                  h('td', { 'data-active': String(s.lastActiveAt) }, ago(s.lastActiveAt)),
                  h('td', { class: 'manage' }, h('div', { class: 'manage-row' }, this.pen(s, students), this.manage(s))),
                ),
              ),
            ),
          )),
    );
  }

  /** In a team: who holds the pen, and for the others a button to give it to them. */
  private pen(s: ControlMessage['students'][number], students: ControlMessage['students']): HTMLElement | null {
    if (!s.seat || s.token === 'kicked' || !students.some((o) => o.id !== s.id && o.seat === s.seat)) return null;
    if (s.pen) return h('span', { class: 'small muted', 'data-pen': s.id }, L('class.pen-mark'));
    const label = L('class.give-pen');
    return h('button', { class: 'button small-button', type: 'button', 'data-key': `pen-${s.id}`, 'data-action': 'pen', 'aria-label': `${label}: ${s.name}`, onclick: () => this.act({ kind: 'pen', student: s.id }, L('class.pen-given', { name: s.name })) }, label);
  }

  /** Rename, revoke the seat token, remove: the instructor's roster tools for one student. */
  private manage(s: ControlMessage['students'][number]): (HTMLElement | string)[] {
    if (s.token === 'kicked') return [h('span', { class: 'small muted', 'data-token': 'kicked' }, L('ins.removed'))];
    const small = (key: string, label: string, title: string, onclick: () => void) =>
      // The name begins with the visible label (WCAG 2.5.3), then says whose row it acts on.
      h('button', { class: 'button small-button', type: 'button', 'data-key': `${key}-${s.id}`, 'data-action': key, title, 'aria-label': L('ins.action-on', { action: label, name: s.name }), onclick }, label);
    return [
      small('rename', L('ins.rename'), L('ins.rename'), () => {
        const name = prompt(L('ins.rename-prompt', { name: s.name }), s.name)?.trim();
        if (name && name !== s.name) this.act({ kind: 'rename', student: s.id, name }, L('ins.renamed', { name: s.name, renamed: name }));
      }),
      s.token === 'revoked'
        ? h('span', { class: 'small muted', 'data-token': 'revoked' }, L('ins.token-revoked'))
        : small('revoke', L('ins.revoke'), L('ins.revoke-title'), () => {
            if (confirm(L('ins.revoke-confirm', { name: s.name }))) {
              this.act({ kind: 'revoke-token', student: s.id }, L('ins.revoked', { name: s.name }));
            }
          }),
      small('kick', L('ins.kick'), L('ins.kick-title'), () => {
        if (confirm(L('ins.kick-confirm', { name: s.name }))) {
          this.act({ kind: 'kick', student: s.id }, L('ins.kicked', { name: s.name }));
        }
      }),
    ];
  }

  /** The instructor link or the projector's address for this session (the secret in the fragment). */
  private link(page: 'instructor' | 'projector'): string {
    const created = this.created!;
    return pageLink(page, created.displayCode, created.secret, this.route.server, location, current().lang);
  }

  /** Paragraph × delegation: each cell the stance last voiced, in colour with its short name. */
  private heatMap(view: MeetingView | null, control: ControlMessage | null, words: Words): HTMLElement {
    const summary = this.conn!.welcome.scenario;
    const stances = control?.heatMap ?? view?.stances ?? {};
    const humans = new Set(control?.humanSeats ?? []);
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'heat-h' },
      h('h2', { id: 'heat-h' }, L('pj.stances')),
      h('p', { class: 'legend' }, STANCES.map((s) => h('span', { class: 'legend-item', title: stanceMeaning(s) }, h('span', { class: `stance-badge s-${s}` }, stanceIcon(s, 12), stanceShort(s)), ' ', stanceLabel(s)))),
      h(
        'div',
        { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'heat-caption' },
        h(
          'table',
          { class: 'stance-grid heat', id: 'heat-map' },
          h('caption', { id: 'heat-caption' }, L('ins.heat-caption')),
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col', class: 'corner' }, L('panel.paragraph')), summary.delegations.map((d) => h('th', { scope: 'col', class: humans.has(d.id) ? 'human' : '' }, h('abbr', { title: L('ins.played-by', { name: words.delegation(d.id), student: humans.has(d.id) }) }, d.id)))),
          ),
          h(
            'tbody',
            {},
            summary.paragraphs.map((p, i) => {
              const status = view?.draft[p.id]?.status ?? 'open';
              return h(
                'tr',
                {},
                h('th', { scope: 'row' }, L('ins.row', { n: i + 1, title: words.paragraph(p.id) }), status !== 'open' ? h('span', { class: 'row-status' }, ` — ${L(`status.${status}`)}`) : null),
                summary.delegations.map((d) => {
                  const s = stances[p.id]?.[d.id] as Stance | undefined;
                  if (!s) return h('td', { class: 'cell-none' }, view?.walkedOut.includes(d.id) ? L('ins.out') : '—');
                  return h('td', { class: `cell s-${s}`, title: L('ins.cell', { name: words.delegation(d.id), stance: stanceLabel(s) }) }, h('span', { 'aria-hidden': 'true' }, stanceShort(s)), srOnly(stanceLabel(s)));
                }),
              );
            }),
          ),
        ),
      ),
    );
  }

  private blocking(control: ControlMessage | null, words: Words): HTMLElement {
    const rows = control?.blocking ?? [];
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'block-h' },
      h('h2', { id: 'block-h' }, L('ins.block-h')),
      rows.length === 0
        ? h('p', { class: 'muted' }, L('ins.block-none'))
        : h(
            'ul',
            { class: 'block-list', id: 'block-list' },
            rows.map((r) => h('li', {}, h('strong', {}, L('ins.block-label', { paragraph: words.paragraph(r.paragraph) })), ' ', L('ins.block-row', { block: r.block.join(', '), object: r.object.join(', '), blocks: r.block.length, objects: r.object.length, both: r.block.length > 0 && r.object.length > 0 }))),
          ),
    );
  }

  private bilaterals(view: MeetingView | null): HTMLElement {
    const messages = (view?.transcript ?? []).filter((e) => e.kind === 'message');
    return h(
      'section',
      { class: 'cr-card', 'aria-labelledby': 'bil-h' },
      h('h2', { id: 'bil-h' }, L('ins.bilaterals-h', { count: messages.length })),
      messages.length === 0
        ? h('p', { class: 'muted', id: 'bilaterals' }, L('ins.bilaterals-none'))
        : h(
            'ol',
            { class: 'message-list', id: 'bilaterals', tabindex: '0', 'aria-label': L('ins.bilaterals-label') },
            messages.slice(-60).map((e) => h('li', { class: 'message' }, h('span', { class: 'message-who' }, `${e.actor} → ${e.target}`), h('span', { class: 'message-text' }, e.text))),
          ),
    );
  }

  private words(): Words {
    const summary = this.conn!.welcome.scenario;
    return wordsFor(summary, this.scenario?.meta.id === summary.id ? this.scenario : undefined);
  }

  private announce(text: string): void {
    this.live.textContent = '';
    requestAnimationFrame(() => (this.live.textContent = text));
  }
}

function timerText(control: ControlMessage): string {
  const t = control.timer;
  if (control.status === 'ended') return L('pj.over');
  if (t.minutesPerSlot <= 0) return L('ins.timer-off');
  if (t.deadline) return L('ins.timer-left', { clock: clockText(t.deadline - Date.now()) });
  if (t.remainingMs !== null) return L('ins.timer-stopped', { clock: clockText(t.remainingMs) });
  return L('class.minutes-a-slot', { minutes: t.minutesPerSlot });
}

function readKept(): Kept | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEPT) ?? 'null') as Kept | null;
    return kept && typeof kept.server === 'string' && kept.created?.secret ? kept : null;
  } catch {
    return null;
  }
}

function readYours(): YourSession[] {
  try {
    const list = JSON.parse(localStorage.getItem(YOURS) ?? '[]') as YourSession[];
    return Array.isArray(list) ? list.filter((y) => y && typeof y.code === 'string' && typeof y.secret === 'string' && typeof y.server === 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps a session in "your sessions" (once per code and server, its first creation time kept). */
function rememberYours(entry: YourSession): void {
  try {
    const list = readYours();
    const old = list.find((y) => y.code === entry.code && y.server === entry.server);
    const rest = list.filter((y) => y !== old);
    localStorage.setItem(YOURS, JSON.stringify([{ ...entry, created: old?.created ?? entry.created }, ...rest].slice(0, YOURS_MAX)));
  } catch {
    // Storage full or refused (a private window): the instructor link still reopens the session.
  }
}
