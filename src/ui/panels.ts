// The HTML panels beside the conference room: the action panel (every command, its minutes, what the
// player knows of the other side, and why an action is unavailable — as the engine says), the draft
// communiqué, the stance grid and the transcript.
import { COMMAND_MINUTES, type Command, type CommandType } from '../domain/commands.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, headsOf, type Approach, type Scenario } from '../domain/scenario-schema.ts';
import { t } from '../i18n/index.ts';
import type { Stance } from '../domain/state.ts';
import type { MeetingView } from '../domain/view.ts';
import type { Refusal } from '../domain/commands.ts';
import type { Observation } from '../domain/observation.ts';
import { h, srOnly } from './dom.ts';
import { STANCE_STYLE, stanceIcon, stanceLabel, stanceMeaning } from '../print/palette.ts';
import { statusWords, wordingOf } from './room-model.ts';
import { actorOf, paragraphOf, targetOf, type LogRecord } from '../domain/log.ts';
import { approachWords, entryKindLabel, isClockLine, listOf, refusalWords, say, variantLabel, wordsOf } from './words.ts';

export interface PanelContext {
  scenario: Scenario;
  view: MeetingView;
  seat: string;
  chairSeat: string;
  paragraph: string;
  target: string;
  /** Extra choices of the action panel, kept between renders. */
  approach: Approach;
  variant: string;
  linkageGet: string;
  check(command: Command): Refusal | null;
  /** What the player's own seat can see and estimate, never a hidden fact (absent where the page holds no meeting). */
  observe?(): Observation;
  send(command: Command): void;
  confirmWalkOut(): void;
  /** After the player's own walk-out: play the rest of the meeting without it (solo games). */
  watchToEnd?(): void;
  /** "Suggest a move", where the page offers one (solo games). */
  hint?(): void;
  selectParagraph(id: string): void;
  selectTarget(id: string): void;
  setChoice(key: 'approach' | 'variant' | 'linkageGet', value: string): void;
}

export function stanceBadge(stance: Stance, long = false): HTMLSpanElement {
  return h('span', { class: `stance-badge s-${stance}` }, stanceIcon(stance, 14), long ? stanceMeaning(stance) : stanceLabel(stance));
}

// ---------------------------------------------------------------------------------------------
// A warning before tabling: the seat's own red line, or a wording it knows others block

function proposeWarning(ctx: PanelContext, paragraph: { id: string }, variant: string): HTMLElement | null {
  const { view, seat } = ctx;
  const w = wordsOf(ctx.scenario);
  const mine = view.positions[seat]?.[paragraph.id]?.redLines.includes(variant) ?? false;
  // Only what the seat knows: positions it consulted, and how the room reacted when the wording was last on the table.
  const blockers = Object.entries(view.positions)
    .filter(([id, byParagraph]) => id !== seat && !view.walkedOut.includes(id) && byParagraph[paragraph.id]?.redLines.includes(variant))
    .map(([id]) => id);
  if (!mine && blockers.length === 0) return null;
  const text = mine
    ? t('panel.warn-own-red-line', { seat: w.name(seat) })
    : t('panel.warn-blocked', { names: listOf(blockers.map((id) => w.name(id))), count: blockers.length });
  return h('p', { class: 'warning', role: 'note', id: 'propose-warning' }, text);
}

// ---------------------------------------------------------------------------------------------
// Offers to the player's seat: the player answers them, never the AI

function offersFor(ctx: PanelContext, commandRow: (row: { key: string; label: string; command: Command }) => HTMLElement): HTMLElement | null {
  const mine = ctx.view.offers.filter((o) => o.to === ctx.seat);
  if (mine.length === 0) return null;
  const w = wordsOf(ctx.scenario);
  const ask = (o: (typeof mine)[number]) =>
    o.what === 'lobby'
      ? t('panel.ask-lobby', { from: w.name(o.from), paragraph: w.title(o.paragraph), approach: approachWords(o.approach ?? 'principle') })
      : o.what === 'linkage'
        ? t('panel.ask-linkage', { from: w.name(o.from), give: w.title(o.give), get: w.title(o.get) })
        : t('panel.ask-broker', { from: w.name(o.from), paragraph: w.title(o.paragraph) });
  return h(
    'section',
    { class: 'offers', 'aria-labelledby': 'offers-h' },
    h('h3', { class: 'sub', id: 'offers-h' }, t('panel.requests', { count: mine.length })),
    h(
      'ul',
      { class: 'cmd-list' },
      mine.map((o) =>
        h(
          'li',
          { class: 'offer', 'data-offer': String(o.id) },
          h('p', {}, ask(o)),
          h(
            'ul',
            { class: 'cmd-list inline' },
            commandRow({ key: `accept-${o.id}`, label: t('panel.accept'), command: { type: 'answer-offer', actor: ctx.seat, offer: o.id, accept: true } }),
            commandRow({ key: `decline-${o.id}`, label: t('panel.decline'), command: { type: 'answer-offer', actor: ctx.seat, offer: o.id, accept: false } }),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The action panel

export function actionPanel(ctx: PanelContext): HTMLElement {
  const { scenario, view, seat } = ctx;
  const ix = indexOf(scenario);
  const me = ix.delegation.get(seat)!;
  // A delegation that has left has no moves; the meeting goes on without it, to the end.
  if (view.walkedOut.includes(seat) && !view.closed) {
    return h(
      'section',
      { class: 'panel actions', 'aria-labelledby': 'actions-h' },
      h('h2', { id: 'actions-h' }, t('panel.left-h')),
      h('p', {}, t('panel.left', { name: me.name })),
      ctx.watchToEnd
        ? h('button', { class: 'button primary', id: 'watch-to-end', onclick: () => ctx.watchToEnd!() }, t('panel.watch-to-end'))
        : h('p', { class: 'muted' }, t('panel.instructor-moves-on')),
    );
  }
  const target = ix.delegation.get(ctx.target);
  const paragraph = ix.paragraph.get(ctx.paragraph)!;
  const session = scenario.schedule[Math.min(view.clock.session, scenario.schedule.length - 1)]!;
  const slot = session.slots[Math.min(view.clock.slot, session.slots.length - 1)]!;

  const paragraphSelect = h(
    'select',
    { id: 'pick-paragraph', 'data-key': 'pick-paragraph', onchange: (e: Event) => ctx.selectParagraph((e.target as HTMLSelectElement).value) },
    scenario.paragraphs.map((p, i) => h('option', { value: p.id, selected: p.id === ctx.paragraph }, `${i + 1}. ${p.title}`)),
  );
  const targetSelect = h(
    'select',
    { id: 'pick-target', 'data-key': 'pick-target', onchange: (e: Event) => ctx.selectTarget((e.target as HTMLSelectElement).value) },
    scenario.delegations
      .filter((d) => d.id !== seat)
      .map((d) => h('option', { value: d.id, selected: d.id === ctx.target }, view.walkedOut.includes(d.id) ? t('panel.walked-out-name', { name: d.name }) : d.name)),
  );

  const ladder = [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
  const variant = ladder.includes(ctx.variant) ? ctx.variant : (ladder.find((v) => v !== view.draft[paragraph.id]!.variant) ?? ladder[0]!);
  const variantSelect = h(
    'select',
    { id: 'pick-variant', 'data-key': 'pick-variant', 'aria-label': t('panel.wording-to-propose'), onchange: (e: Event) => ctx.setChoice('variant', (e.target as HTMLSelectElement).value) },
    ladder.map((v) => h('option', { value: v, selected: v === variant }, v === view.draft[paragraph.id]!.variant ? t('panel.on-the-table', { wording: variantLabel(paragraph, v) }) : variantLabel(paragraph, v))),
  );
  const approachSelect = h(
    'select',
    { id: 'pick-approach', 'data-key': 'pick-approach', 'aria-label': t('panel.approach'), onchange: (e: Event) => ctx.setChoice('approach', (e.target as HTMLSelectElement).value) },
    (['principle', 'interest', 'reciprocity', 'bloc-pressure'] as Approach[]).map((a) => h('option', { value: a, selected: a === ctx.approach }, approachWords(a))),
  );
  const others = scenario.paragraphs.filter((p) => p.id !== paragraph.id);
  const linkageGet = others.some((p) => p.id === ctx.linkageGet) ? ctx.linkageGet : (others[0]?.id ?? paragraph.id);
  const getSelect = h(
    'select',
    { id: 'pick-linkage', 'data-key': 'pick-linkage', 'aria-label': t('panel.linkage-get'), onchange: (e: Event) => ctx.setChoice('linkageGet', (e.target as HTMLSelectElement).value) },
    others.map((p) => h('option', { value: p.id, selected: p.id === linkageGet }, p.title)),
  );

  const tid = target?.id ?? ctx.target;
  const pid = paragraph.id;
  type Row = { key: string; label: string; command: Command; extra?: HTMLElement; danger?: boolean };
  const rows: Row[] = [
    { key: 'consult', label: t('panel.cmd-consult', { name: target?.name ?? '' }), command: { type: 'consult', actor: seat, target: tid, paragraph: pid } },
    {
      key: 'lobby',
      label: t('panel.cmd-lobby', { name: target?.name ?? '' }),
      command: { type: 'lobby', actor: seat, target: tid, paragraph: pid, approach: ctx.approach },
      extra: h('div', {}, approachSelect, lobbyOdds(ctx, tid, pid)),
    },
    {
      key: 'offer-linkage',
      label: t('panel.cmd-linkage', { name: target?.name ?? '' }),
      command: { type: 'offer-linkage', actor: seat, target: tid, give: pid, get: linkageGet },
      extra: h('div', {}, h('span', { class: 'linkage-line' }, t('panel.linkage-line'), ' ', getSelect), linkageOdds(ctx, tid, pid, linkageGet)),
    },
    { key: 'enlist-broker', label: t('panel.cmd-broker', { name: target?.name ?? '' }), command: { type: 'enlist-broker', actor: seat, broker: tid, paragraph: pid } },
    { key: 'propose', label: seat === ctx.chairSeat ? t('panel.cmd-table') : t('panel.cmd-amend'), command: { type: 'propose', actor: seat, paragraph: pid, variant }, extra: h('div', {}, variantSelect, proposeWarning(ctx, paragraph, variant)) },
    { key: 'bracket', label: t('panel.cmd-bracket'), command: { type: 'bracket', actor: seat, paragraph: pid } },
    { key: 'unbracket', label: t('panel.cmd-unbracket'), command: { type: 'unbracket', actor: seat, paragraph: pid } },
    { key: 'call-adoption', label: t('panel.cmd-adopt'), command: { type: 'call-adoption', actor: seat, paragraph: pid } },
    { key: 'record-footnote', label: t('panel.cmd-footnote'), command: { type: 'record-footnote', actor: seat, paragraph: pid } },
    { key: 'move-to-chair-summary', label: t('panel.cmd-summary'), command: { type: 'move-to-chair-summary', actor: seat, paragraph: pid } },
  ];

  const commandRow = (row: Row) => {
    const refusal = ctx.check(row.command);
    const reasonId = `why-${row.key}`;
    const button = h(
      'button',
      {
        class: `button cmd${row.danger ? ' danger' : ''}`,
        'data-key': `cmd-${row.key}`,
        'data-command': row.command.type,
        'aria-disabled': refusal ? 'true' : 'false',
        'aria-describedby': refusal ? reasonId : null,
        onclick: () => {
          if (refusal) return;
          if (row.command.type === 'walk-out') ctx.confirmWalkOut();
          else ctx.send(row.command);
        },
      },
      row.label,
    );
    return h(
      'li',
      { class: `cmd-row${refusal ? ' unavailable' : ''}` },
      h('div', { class: 'cmd-line' }, button, h('span', { class: 'cost' }, minutes(row.command.type)), row.extra ? h('div', { class: 'cmd-extra' }, row.extra) : null),
      refusal ? h('p', { class: 'why', id: reasonId }, refusalWords(refusal)) : null,
    );
  };

  // The primary actions: kept in view whatever the panel's scroll (a bar at the foot of a narrow
  // screen, at the top of the moves on a wide one), so the slot can always be ended.
  const endSlot: Command = { type: 'end-slot', actor: seat };
  const endRefusal = ctx.check(endSlot);
  const primary = h(
    'div',
    { class: 'primary-bar', role: 'group', 'aria-label': t('panel.primary'), 'data-primary': '' },
    h('p', { class: 'primary-minutes', 'aria-hidden': 'true' }, t('panel.minutes-short', { left: view.minutesLeft ?? 0, total: slot.minutes })),
    ctx.hint ? h('button', { class: 'button', id: 'hint', 'data-key': 'hint', onclick: () => ctx.hint!() }, t('app.hint')) : null,
    h(
      'button',
      {
        class: 'button primary cmd',
        id: 'end-slot',
        'data-key': 'cmd-end-slot',
        'data-command': 'end-slot',
        'aria-disabled': endRefusal ? 'true' : 'false',
        'aria-describedby': endRefusal ? 'why-end-slot' : null,
        onclick: () => {
          if (!endRefusal) ctx.send(endSlot);
        },
      },
      t('command.end-slot'),
    ),
    endRefusal ? h('p', { class: 'why primary-why', id: 'why-end-slot' }, refusalWords(endRefusal)) : null,
  );

  return h(
    'section',
    { class: 'panel actions', 'aria-labelledby': 'actions-h' },
    primary,
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'actions-h' }, t('panel.your-move', { name: me.name, chair: seat === ctx.chairSeat })),
      h('p', { class: 'minutes', id: 'minutes-left' }, t('panel.minutes-left', { left: view.minutesLeft ?? 0, total: slot.minutes })),
    ),
    h(
      'div',
      { class: 'pickers' },
      h('label', { class: 'field-label', for: 'pick-paragraph' }, t('panel.paragraph')),
      paragraphSelect,
      h('label', { class: 'field-label', for: 'pick-target' }, t('panel.delegation')),
      targetSelect,
    ),
    offersFor(ctx, commandRow),
    intelligence(ctx),
    h('h3', { class: 'sub' }, t('panel.with-delegation')),
    h('ul', { class: 'cmd-list' }, rows.slice(0, 4).map(commandRow)),
    h('h3', { class: 'sub' }, t('panel.on-text')),
    h('ul', { class: 'cmd-list' }, rows.slice(4).map(commandRow)),
    h('h3', { class: 'sub' }, t('panel.the-clock')),
    h(
      'ul',
      { class: 'cmd-list' },
      commandRow({ key: 'walk-out', label: t('command.walk-out'), command: { type: 'walk-out', actor: seat }, danger: true }),
    ),
  );
}

/**
 * Before a lobby: the odds as the player's own seat estimates them (the lobbying model on what it has
 * learnt), or that a block on a red line will not be lifted whatever the odds of flexibility.
 */
function lobbyOdds(ctx: PanelContext, target: string, pid: string): HTMLElement | null {
  if (!ctx.observe || target === ctx.seat || !ctx.scenario.delegations.some((d) => d.id === target)) return null;
  const obs = ctx.observe();
  const paragraph = obs.paragraph(pid)!;
  const name = wordsOf(ctx.scenario).name(target);
  const text =
    obs.stance(pid, target) === 'block'
      ? t('panel.odds-red-line', { name })
      : t('panel.odds-lobby', { name, chance: obs.estimatedChance(target, paragraph, ctx.approach), known: obs.knowsMotives(target) });
  return h('p', { class: 'odds small', id: 'lobby-odds' }, text);
}

/** Before a linkage: whether the player's seat expects the other side to accept, and why, from what it has learnt. */
function linkageOdds(ctx: PanelContext, target: string, give: string, get: string): HTMLElement | null {
  if (!ctx.observe || target === ctx.seat || give === get || !ctx.scenario.delegations.some((d) => d.id === target)) return null;
  const w = wordsOf(ctx.scenario);
  const guess = ctx.observe().estimatedLinkage(target, give, get);
  const params = { name: w.name(target), give: w.title(give), get: w.title(get) };
  const text =
    guess === undefined
      ? t('panel.odds-linkage-unknown', params)
      : guess.accepts
        ? t('panel.odds-linkage-yes', params)
        : t('panel.odds-linkage-no', { ...params, distrust: guess.distrust });
  return h('p', { class: 'odds small', id: 'linkage-odds' }, text);
}

function minutes(type: CommandType): string {
  const m = COMMAND_MINUTES[type];
  return m === 0 ? t('panel.no-time') : t('panel.min', { m });
}

/** What the player knows of the chosen delegation: its voiced stance, and its position once consulted. */
function intelligence(ctx: PanelContext): HTMLElement {
  const { scenario, view } = ctx;
  const ix = indexOf(scenario);
  const target = ix.delegation.get(ctx.target);
  const paragraph = ix.paragraph.get(ctx.paragraph)!;
  if (!target) return h('div', { class: 'intel' });
  const stance = view.stances[paragraph.id]?.[target.id];
  const known = view.positions[target.id]?.[paragraph.id];
  const mine = view.positions[ctx.seat]?.[paragraph.id];
  const shared = target.blocs.filter((b) => ix.delegation.get(ctx.seat)!.blocs.includes(b));
  return h(
    'div',
    { class: 'intel', 'aria-labelledby': 'intel-h' },
    h('h3', { id: 'intel-h', class: 'sub' }, t('panel.intel-h', { name: target.name, paragraph: paragraph.title })),
    h('p', {}, headsOf(target).map((x) => t('panel.head', { name: x.name, title: x.title })).join(' '), ' ', shared.length > 0 ? t('panel.you-share', { blocs: listOf(shared) }) : t('panel.no-bloc')),
    h('p', {}, t('panel.in-room'), ' ', stance ? stanceBadge(stance, true) : h('span', { class: 'muted' }, t('panel.no-stance')), view.walkedOut.includes(target.id) ? ` ${t('panel.has-walked-out')}` : ''),
    known
      ? h(
          'div',
          { class: 'known' },
          h('p', {}, h('strong', {}, t('panel.their-position')), ' ', known.reason),
          h('p', {}, h('strong', {}, t('panel.cares')), ' ', t('panel.cares-how', { how: known.salience >= 70 ? 'much' : known.salience >= 40 ? 'some' : 'little', salience: known.salience })),
          h(
            'p',
            {},
            h('strong', {}, t('panel.red-lines')),
            ' ',
            known.redLines.length > 0 ? known.redLines.map((v) => variantLabel(paragraph, v)).join('; ') : t('panel.none-here'),
          ),
        )
      : h('p', { class: 'muted' }, t('panel.not-consulted', { name: target.name })),
    mine ? h('p', { class: 'small' }, h('strong', {}, t('panel.own-instructions')), ' ', mine.reason) : null,
  );
}

// ---------------------------------------------------------------------------------------------
// The draft communiqué

export function draftPanel(ctx: PanelContext): HTMLElement {
  const { scenario, view } = ctx;
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  return h(
    'section',
    { class: 'panel draft', 'aria-labelledby': 'draft-h' },
    h('h2', { id: 'draft-h', class: 'sr-only' }, t('panel.draft-h')),
    h('p', { class: 'muted small' }, t('panel.draft-note')),
    h(
      'ol',
      { class: 'draft-list' },
      scenario.paragraphs.map((p, i) => {
        const draft = view.draft[p.id]!;
        const stances = view.stances[p.id] ?? {};
        const withholding = scenario.delegations.filter((d) => stances[d.id] === 'object' || stances[d.id] === 'block');
        const open = draft.status === 'open';
        const bracketed = open && (draft.brackets.length > 0 || withholding.length > 0);
        const wording = wordingOf(scenario, p.id, draft.variant);
        return h(
          'li',
          { class: `draft-para status-${draft.status}${p.id === ctx.paragraph ? ' selected' : ''}` },
          h(
            'div',
            { class: 'draft-head' },
            h(
              'button',
              { class: 'link para-title', 'data-key': `draft-${p.id}`, 'aria-pressed': p.id === ctx.paragraph ? 'true' : 'false', onclick: () => ctx.selectParagraph(p.id) },
              `${i + 1}. ${p.title}`,
            ),
            h('span', { class: `status status-${draft.status}` }, statusWords(draft.status)),
          ),
          h('p', { class: `wording${bracketed ? ' bracketed' : ''}` }, bracketed ? `[${wording}]` : wording),
          withholding.length > 0 && open
            ? h(
                'p',
                { class: 'objections' },
                t('panel.withholding'), ' ',
                withholding.map((d, j) => h('span', {}, j > 0 ? ', ' : '', t('panel.name-stance', { name: d.name, stance: stanceLabel(stances[d.id]!) }))),
              )
            : null,
          draft.brackets.length > 0 ? h('p', { class: 'small' }, t('panel.brackets-held', { names: listOf(draft.brackets.map(name)) })) : null,
          draft.dissenters.length > 0 && !open ? h('p', { class: 'small' }, t('panel.not-agreed-by', { names: listOf(draft.dissenters.map(name)) })) : null,
          draft.amendments.length > 0
            ? h('p', { class: 'small' }, t('panel.amendments', { list: draft.amendments.map((a) => `${name(a.by)} — ${variantLabel(p, a.variant)}`).join('; ') }))
            : null,
        );
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The stance grid: delegation × paragraph, a real table with headers

/** The grid's view, kept between games: the table, or the compact heat map for a projector. */
const GRID_VIEW_KEY = 'communique.grid-view';

function gridView(): 'table' | 'heat' {
  try {
    return localStorage.getItem(GRID_VIEW_KEY) === 'heat' ? 'heat' : 'table';
  } catch {
    return 'table';
  }
}

/**
 * One row a delegation, one column a paragraph: twenty delegations fit down a screen where twenty
 * columns would not fit across a panel. The heat map is the same table with colour blocks only.
 */
export function stanceGrid(ctx: PanelContext): HTMLElement {
  const { scenario, view } = ctx;
  const known = (d: string, p: string) => Boolean(view.positions[d]?.[p]) && d !== ctx.seat;
  const heat = gridView() === 'heat';
  const table = h(
    'table',
    { class: `stance-grid by-delegation${heat ? ' heat' : ''}`, id: 'stance-grid', 'data-view': heat ? 'heat' : 'table' },
    h('caption', { id: 'grid-caption' }, t('panel.grid-caption')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'corner' }, t('panel.delegation')),
        scenario.paragraphs.map((p, i) => {
          const status = view.draft[p.id]!.status;
          // The number only, the title for the pointer and the screen reader: twenty-odd columns of
          // titles would not fit, and numbers are how a delegate names a paragraph anyway.
          const title = `${p.title}${status !== 'open' ? ` — ${statusWords(status)}` : ''}`;
          return h(
            'th',
            { scope: 'col', class: `para-col status-${status}${p.id === ctx.paragraph ? ' selected' : ''}`, title },
            h('span', { 'aria-hidden': 'true' }, String(i + 1)),
            srOnly(`${i + 1}. ${title}`),
          );
        }),
      ),
    ),
    h(
      'tbody',
      {},
      scenario.delegations.map((d) =>
        h(
          'tr',
          { class: `${d.id === ctx.seat ? 'me' : ''}${d.id === ctx.target ? ' target' : ''}`, 'data-delegation': d.id },
          h(
            'th',
            { scope: 'row' },
            d.id === ctx.seat
              ? h('span', { class: 'row-name' }, d.name, srOnly(` (${t('panel.you')})`))
              : h('button', { class: 'link row-name', 'data-key': `grid-row-${d.id}`, onclick: () => ctx.selectTarget(d.id) }, d.name),
          ),
          scenario.paragraphs.map((p) => {
            const s = view.stances[p.id]?.[d.id];
            const sel = p.id === ctx.paragraph ? ' selected' : '';
            if (!s) return h('td', { class: `cell-none${sel}` }, view.walkedOut.includes(d.id) ? t('panel.out') : '—');
            return h(
              'td',
              { class: `cell s-${s}${sel}`, title: `${t('panel.name-stance', { name: d.name, stance: stanceLabel(s) })} — ${p.title}` },
              stanceIcon(s, heat ? 10 : 12),
              srOnly(stanceLabel(s)),
              known(d.id, p.id) ? h('span', { class: 'known-dot', title: t('panel.position-known') }, '•') : null,
            );
          }),
        ),
      ),
    ),
  );
  const toggle = h(
    'button',
    {
      class: 'button small-button',
      id: 'grid-heat',
      'data-key': 'grid-heat',
      'aria-pressed': heat ? 'true' : 'false',
      onclick: () => {
        // Only the table's look changes: no need to ask the engine anything.
        const on = toggle.getAttribute('aria-pressed') !== 'true';
        try {
          localStorage.setItem(GRID_VIEW_KEY, on ? 'heat' : 'table');
        } catch {
          // A private window may refuse storage: the view still changes for now.
        }
        toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
        table.classList.toggle('heat', on);
        table.dataset.view = on ? 'heat' : 'table';
      },
    },
    t('panel.heat-map'),
  );
  return h(
    'section',
    { class: 'panel grid', 'aria-labelledby': 'grid-h' },
    h('h2', { id: 'grid-h', class: 'sr-only' }, t('panel.grid-h')),
    h(
      'div',
      { class: 'grid-tools' },
      h(
        'p',
        { class: 'legend' },
        (Object.keys(STANCE_STYLE) as Stance[]).map((s) => h('span', { class: 'legend-item' }, stanceBadge(s), ' ', t(`legend.${s}`))),
      ),
      toggle,
    ),
    h('div', { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'grid-caption' }, table),
  );
}

// ---------------------------------------------------------------------------------------------
// The transcript

/** What the game's transcript can be narrowed to: everything, the seat's own business, the paragraph in hand, or stance changes. */
export const TRANSCRIPT_FILTERS = ['all', 'mine', 'paragraph', 'stances'] as const;
export type TranscriptFilter = (typeof TRANSCRIPT_FILTERS)[number];

/** Whether a record belongs in the transcript narrowed by `filter`. */
export function inTranscript(r: LogRecord, filter: TranscriptFilter, seat: string, paragraph: string): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'mine':
      // The seat's own moves, and what others did to it or asked of it.
      return actorOf(r) === seat || targetOf(r) === seat;
    case 'paragraph':
      return paragraphOf(r) === paragraph || ('give' in r && (r.give === paragraph || r.get === paragraph));
    case 'stances':
      return r.kind === 'stance';
  }
}

/**
 * The transcript. In the game (`filter` given) it reads newest first, narrowed by the player's choice,
 * so a slot's forty lines never bury the last one; the viewer and the classroom keep the order of the record.
 */
export function transcriptPanel(ctx: PanelContext, game?: { filter: TranscriptFilter; choose(filter: TranscriptFilter): void }): HTMLElement {
  const section = (...body: (HTMLElement | null)[]) =>
    h('section', { class: 'panel transcript', 'aria-labelledby': 'transcript-h' }, h('h2', { id: 'transcript-h', class: 'sr-only' }, t('panel.transcript')), ...body);
  if (!game) return section(h('ol', { class: 'transcript-list' }, ctx.view.transcript.map((r) => transcriptEntry(ctx.scenario, r, ctx.seat))));
  const title = ctx.scenario.paragraphs.find((p) => p.id === ctx.paragraph)?.title ?? ctx.paragraph;
  // Slot by slot, the latest slot first: each opens with its clock line, then its records newest first.
  const slots: { clock: LogRecord | null; records: LogRecord[] }[] = [];
  for (const r of ctx.view.transcript) {
    if (isClockLine(r)) slots.push({ clock: r, records: [] });
    else if (inTranscript(r, game.filter, ctx.seat, ctx.paragraph)) (slots.at(-1) ?? (slots[0] = { clock: null, records: [] })).records.push(r);
  }
  const kept = slots.filter((g) => game.filter === 'all' || g.records.length > 0).reverse();
  const count = kept.reduce((n, g) => n + g.records.length, 0);
  const shown = kept.flatMap((g) => [...(g.clock ? [g.clock] : []), ...g.records.reverse()]);
  const select = h(
    'select',
    { id: 'transcript-filter', 'data-key': 'transcript-filter', onchange: (e: Event) => game.choose((e.target as HTMLSelectElement).value as TranscriptFilter) },
    TRANSCRIPT_FILTERS.map((f) => h('option', { value: f, selected: f === game.filter }, t(`panel.filter-${f}`, { paragraph: title }))),
  );
  return section(
    h(
      'div',
      { class: 'transcript-tools' },
      h('label', { class: 'field-label', for: 'transcript-filter' }, t('panel.transcript-show')),
      select,
      h('span', { class: 'muted small', id: 'transcript-count' }, t('panel.transcript-count', { count })),
    ),
    count === 0 && game.filter !== 'all'
      ? h('p', { class: 'muted' }, t('panel.transcript-none'))
      : h('ol', { class: 'transcript-list newest-first' }, shown.map((r) => transcriptEntry(ctx.scenario, r, ctx.seat))),
  );
}

/** One record as a transcript line: a clock line, or its kind's label (“You” for the player's own acts) and its sentence. */
export function transcriptEntry(scenario: Scenario, r: LogRecord, seat: string | null): HTMLElement {
  if (isClockLine(r)) return h('li', { class: 'entry clock' }, say(scenario, r));
  const mine = seat !== null && r.kind !== 'stance' && actorOf(r) === seat;
  return h('li', { class: `entry kind-${r.kind}${mine ? ' mine' : ''}` }, h('span', { class: 'kind' }, mine ? t('panel.you') : entryKindLabel(r.kind)), ' ', say(scenario, r));
}
