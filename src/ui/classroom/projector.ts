// The projector: the public room on the big screen, in large type — the join code and its QR code,
// the clock and the slot timer, the stance heat map, the latest public news. It joins as "projector"
// (the instructor secret, from the address's fragment, opens it), and the server sends it only what an
// observer without a delegation sees: no private bilaterals, no positions or red lines, no student names.
import { STANCES, type Stance } from '../../domain/state.ts';
import { ClassroomConnection, instructorInfo, sessionScenario } from '../../net/client.ts';
import type { Scenario } from '../../domain/scenario-schema.ts';
import type { BoardMessage, InstructorSessionInfo } from '../../net/protocol.ts';
import { h, srOnly } from '../dom.ts';
import { stanceIcon } from '../../print/palette.ts';
import { clockText, secretOf, type ClassroomRoute } from './route.ts';
import { current, t as L } from '../../i18n/index.ts';
import { stanceLabel, stanceShort } from '../../print/palette.ts';
import { clockLine, wordsFor } from './scenario-words.ts';
import { problemText } from './problem.ts';

const KEPT = 'communique.classroom.projector';

export class ProjectorPage {
  private conn: ClassroomConnection | null = null;
  private info: InstructorSessionInfo | null = null;
  private lost = false;
  private queued = false;
  /**
   * The scenario as a watcher without a seat may know it (GET /api/sessions/CODE/scenario?view=public):
   * the screen the whole room reads holds no delegation's positions, even in the page's memory.
   */
  private scenario: Scenario | undefined;

  constructor(
    private readonly route: Extract<ClassroomRoute, { page: 'projector' }>,
    private readonly root: HTMLElement,
    private readonly onReady: () => void,
  ) {}

  async open(): Promise<void> {
    // The secret leaves the address bar at once (the room sees the screen); the tab keeps it for a reload.
    const fromLink = secretOf(location.hash);
    if (fromLink) {
      sessionStorage.setItem(KEPT, JSON.stringify({ code: this.route.code, secret: fromLink }));
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
    const secret = fromLink ?? readKept(this.route.code);
    this.root.hidden = false;
    this.root.classList.add('projector');
    if (!secret) return this.problem(L('pj.no-secret'));
    try {
      this.info = await instructorInfo(this.route.server, this.route.code, secret);
      this.conn = await ClassroomConnection.join(this.route.server, { as: 'projector', code: this.route.code, secret });
      // Only names in the page's language come from it: without it the server's English ones are shown.
      this.scenario = await sessionScenario(this.route.server, this.route.code, secret, 'public', current().lang).catch(() => undefined);
    } catch (error) {
      return this.problem(L('pj.open-failed', { problem: problemText(error) }));
    }
    this.conn.on('view', () => this.queue());
    this.conn.on('board', () => this.queue());
    this.conn.on('close', () => {
      this.lost = true;
      this.queue();
    });
    setInterval(() => {
      const timer = this.root.querySelector('#pj-timer');
      if (timer && this.conn?.board) timer.textContent = timerText(this.conn.board);
    }, 1000);
    this.render();
    this.onReady();
  }

  private problem(text: string): void {
    this.root.replaceChildren(h('div', { class: 'pj-problem' }, h('h1', {}, L('pj.title')), h('p', { role: 'alert', id: 'pj-error' }, text)));
    this.onReady();
  }

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    requestAnimationFrame(() => {
      this.queued = false;
      this.render();
    });
  }

  private render(): void {
    const conn = this.conn!;
    const info = this.info!;
    const summary = conn.welcome.scenario;
    const words = wordsFor(summary, this.scenario?.meta.id === summary.id ? this.scenario : undefined);
    const view = conn.view;
    const board = conn.board;
    const ended = board?.status === 'ended' || Boolean(view?.closed);
    const state = ended ? L('pj.over') : board?.status === 'lobby' ? L('pj.waiting') : view?.paused ? L('pj.paused') : L('class.in-session');
    const stances = board?.heatMap ?? view?.stances ?? {};
    const news = (view?.transcript ?? []).flatMap((e) => (e.kind === 'bulletin' ? [e.title] : [])).slice(-2);

    const head = h(
      'header',
      { class: 'pj-head' },
      h('div', {}, h('h1', { id: 'pj-title' }, words.title), h('p', { class: 'pj-sub' }, L('pj.meta', { place: words.place, date: words.date }))),
      h(
        'div',
        { class: 'pj-clock', id: 'pj-clock' },
        h('span', { class: 'pj-state', id: 'pj-state' }, state),
        board ? h('span', { class: 'pj-slot' }, clockLine(board.clock, words)) : null,
        board ? h('span', { class: 'pj-timer', id: 'pj-timer' }, timerText(board)) : null,
      ),
    );
    const join = h(
      'section',
      { class: 'pj-join', 'aria-labelledby': 'pj-join-h' },
      h('h2', { id: 'pj-join-h' }, ended ? L('pj.session-over') : L('class.join')),
      h('img', { class: 'pj-qr', id: 'pj-qr', src: info.qrDataUrl, alt: L('pj.qr', { link: info.studentLink }), width: '340', height: '340' }),
      h('p', { class: 'pj-code', id: 'pj-code' }, info.displayCode),
      // An address reads left to right in every page (in Arabic its parts would otherwise be reordered).
      h('p', { class: 'pj-link', dir: 'ltr' }, info.studentLink.replace(/^https?:\/\//, '')),
      h('p', { class: 'pj-count' }, L('pj.students', { count: board?.students ?? 0 })),
    );
    const heat = h(
      'section',
      { class: 'pj-heat', 'aria-labelledby': 'pj-heat-h' },
      h('h2', { id: 'pj-heat-h' }, L('pj.stances')),
      h('p', { class: 'pj-legend' }, STANCES.map((s) => h('span', { class: 'legend-item' }, h('span', { class: `stance-badge s-${s}` }, stanceIcon(s, 16), stanceShort(s)), ' ', stanceLabel(s)))),
      h(
        'table',
        { class: 'stance-grid heat pj-grid', id: 'pj-heat-map' },
        h('caption', { class: 'sr-only' }, L('pj.caption')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'corner' }, L('panel.paragraph')), summary.delegations.map((d) => h('th', { scope: 'col' }, h('abbr', { title: words.delegation(d.id) }, d.id))))),
        h(
          'tbody',
          {},
          summary.paragraphs.map((p, i) => {
            const status = view?.draft[p.id]?.status ?? 'open';
            return h(
              'tr',
              {},
              h('th', { scope: 'row', title: words.paragraph(p.id) }, L('ins.row', { n: i + 1, title: words.paragraph(p.id) }), status !== 'open' ? h('span', { class: 'row-status' }, ` — ${L(`status.${status}`)}`) : null),
              summary.delegations.map((d) => {
                const s = stances[p.id]?.[d.id] as Stance | undefined;
                if (!s) return h('td', { class: 'cell-none' }, view?.walkedOut.includes(d.id) ? L('ins.out') : '—');
                return h('td', { class: `cell s-${s}` }, h('span', { 'aria-hidden': 'true' }, stanceShort(s)), srOnly(stanceLabel(s)));
              }),
            );
          }),
        ),
      ),
      news.length
        ? h('ul', { class: 'pj-news', id: 'pj-news' }, news.map((title) => h('li', {}, title)))
        : null,
    );
    this.root.replaceChildren(
      head,
      h('div', { class: 'pj-grid-layout' }, join, heat),
      ...(this.lost ? [h('p', { class: 'pj-lost', role: 'alert' }, L('pj.lost'))] : []),
    );
  }
}

function timerText(board: BoardMessage): string {
  const t = board.timer;
  if (board.status === 'ended') return '';
  if (t.minutesPerSlot <= 0) return '';
  if (t.deadline) return L('pj.timer-left', { clock: clockText(t.deadline - Date.now()) });
  if (t.remainingMs !== null) return L('pj.timer-stopped', { clock: clockText(t.remainingMs) });
  return L('class.minutes-a-slot', { minutes: t.minutesPerSlot });
}

function readKept(code: string): string | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEPT) ?? 'null') as { code?: string; secret?: string } | null;
    return kept?.code === code && typeof kept.secret === 'string' ? kept.secret : null;
  } catch {
    return null;
  }
}
