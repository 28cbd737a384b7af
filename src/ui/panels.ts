// The HTML panels beside the conference room: the action panel (every command, its minutes, what the
// player knows of the other side, and why an action is unavailable — as the engine says), the draft
// communiqué, the stance grid and the transcript.
import { COMMAND_MINUTES, type Command, type CommandType } from '../domain/commands.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Approach, type Scenario } from '../domain/scenario-schema.ts';
import { listOf, variantLabel, wordsFor } from '../narrate/en.ts';
import type { Stance } from '../domain/state.ts';
import type { MeetingView } from '../domain/view.ts';
import type { Refusal } from '../domain/commands.ts';
import { h, srOnly } from './dom.ts';
import { STANCE_MEANING, STANCE_STYLE, stanceIcon } from './palette.ts';
import { STATUS_WORDS, wordingOf } from './room-model.ts';
import { actorOf, type LogRecord } from '../domain/log.ts';
import { APPROACH_WORDS, ENTRY_KIND_LABEL, isClockLine, say } from './words.ts';

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
  send(command: Command): void;
  confirmWalkOut(): void;
  /** After the player's own walk-out: play the rest of the meeting without it (solo games). */
  watchToEnd?(): void;
  selectParagraph(id: string): void;
  selectTarget(id: string): void;
  setChoice(key: 'approach' | 'variant' | 'linkageGet', value: string): void;
}

export function stanceBadge(stance: Stance, long = false): HTMLSpanElement {
  const style = STANCE_STYLE[stance];
  return h('span', { class: `stance-badge s-${stance}` }, stanceIcon(stance, 14), long ? STANCE_MEANING[stance] : style.label);
}

// ---------------------------------------------------------------------------------------------
// A warning before tabling: the seat's own red line, or a wording it knows others block

function proposeWarning(ctx: PanelContext, paragraph: { id: string }, variant: string): HTMLElement | null {
  const { view, seat } = ctx;
  const w = wordsFor(ctx.scenario);
  const mine = view.positions[seat]?.[paragraph.id]?.redLines.includes(variant) ?? false;
  // Only what the seat knows: positions it consulted, and how the room reacted when the wording was last on the table.
  const blockers = Object.entries(view.positions)
    .filter(([id, byParagraph]) => id !== seat && !view.walkedOut.includes(id) && byParagraph[paragraph.id]?.redLines.includes(variant))
    .map(([id]) => id);
  if (!mine && blockers.length === 0) return null;
  const text = mine
    ? `Careful: this wording crosses ${w.name(seat)}'s own red line — your delegation would block it.`
    : `Careful: ${listOf(blockers.map((id) => w.name(id)))} ${blockers.length === 1 ? 'blocks' : 'block'} this wording (you consulted ${blockers.length === 1 ? 'it' : 'them'}).`;
  return h('p', { class: 'warning', role: 'note', id: 'propose-warning' }, text);
}

// ---------------------------------------------------------------------------------------------
// Offers to the player's seat: the player answers them, never the AI

function offersFor(ctx: PanelContext, commandRow: (row: { key: string; label: string; command: Command }) => HTMLElement): HTMLElement | null {
  const mine = ctx.view.offers.filter((o) => o.to === ctx.seat);
  if (mine.length === 0) return null;
  const w = wordsFor(ctx.scenario);
  const ask = (o: (typeof mine)[number]) =>
    o.what === 'lobby'
      ? `${w.name(o.from)} asks you to show flexibility on ${w.title(o.paragraph)} (${APPROACH_WORDS[o.approach ?? 'principle']}).`
      : o.what === 'linkage'
        ? `${w.name(o.from)} offers a linkage: it gives ground on ${w.title(o.give)} if you give ground on ${w.title(o.get)}.`
        : `${w.name(o.from)} asks you to broker ${w.title(o.paragraph)}.`;
  return h(
    'section',
    { class: 'offers', 'aria-labelledby': 'offers-h' },
    h('h3', { class: 'sub', id: 'offers-h' }, mine.length === 1 ? 'A request for you' : `${mine.length} requests for you`),
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
            commandRow({ key: `accept-${o.id}`, label: 'Accept', command: { type: 'answer-offer', actor: ctx.seat, offer: o.id, accept: true } }),
            commandRow({ key: `decline-${o.id}`, label: 'Decline', command: { type: 'answer-offer', actor: ctx.seat, offer: o.id, accept: false } }),
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
      h('h2', { id: 'actions-h' }, 'You have left the meeting'),
      h('p', {}, `${me.name} walked out and counts as a dissenter on everything. The others carry on without you.`),
      ctx.watchToEnd
        ? h('button', { class: 'button primary', id: 'watch-to-end', onclick: () => ctx.watchToEnd!() }, 'Watch to the end')
        : h('p', { class: 'muted' }, 'The instructor moves the meeting on.'),
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
      .map((d) => h('option', { value: d.id, selected: d.id === ctx.target }, `${d.name}${view.walkedOut.includes(d.id) ? ' (walked out)' : ''}`)),
  );

  const ladder = [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
  const variant = ladder.includes(ctx.variant) ? ctx.variant : (ladder.find((v) => v !== view.draft[paragraph.id]!.variant) ?? ladder[0]!);
  const variantSelect = h(
    'select',
    { id: 'pick-variant', 'data-key': 'pick-variant', 'aria-label': 'Wording to propose', onchange: (e: Event) => ctx.setChoice('variant', (e.target as HTMLSelectElement).value) },
    ladder.map((v) => h('option', { value: v, selected: v === variant }, `${variantLabel(paragraph, v)}${v === view.draft[paragraph.id]!.variant ? ' (on the table)' : ''}`)),
  );
  const approachSelect = h(
    'select',
    { id: 'pick-approach', 'data-key': 'pick-approach', 'aria-label': 'Lobbying approach', onchange: (e: Event) => ctx.setChoice('approach', (e.target as HTMLSelectElement).value) },
    (['principle', 'interest', 'reciprocity', 'bloc-pressure'] as Approach[]).map((a) => h('option', { value: a, selected: a === ctx.approach }, APPROACH_WORDS[a]!)),
  );
  const others = scenario.paragraphs.filter((p) => p.id !== paragraph.id);
  const linkageGet = others.some((p) => p.id === ctx.linkageGet) ? ctx.linkageGet : (others[0]?.id ?? paragraph.id);
  const getSelect = h(
    'select',
    { id: 'pick-linkage', 'data-key': 'pick-linkage', 'aria-label': 'Paragraph on which you ask for their flexibility', onchange: (e: Event) => ctx.setChoice('linkageGet', (e.target as HTMLSelectElement).value) },
    others.map((p) => h('option', { value: p.id, selected: p.id === linkageGet }, p.title)),
  );

  const t = target?.id ?? ctx.target;
  const pid = paragraph.id;
  type Row = { key: string; label: string; command: Command; extra?: HTMLElement; danger?: boolean };
  const rows: Row[] = [
    { key: 'consult', label: `Consult ${target?.name ?? ''}`, command: { type: 'consult', actor: seat, target: t, paragraph: pid } },
    { key: 'lobby', label: `Lobby ${target?.name ?? ''}`, command: { type: 'lobby', actor: seat, target: t, paragraph: pid, approach: ctx.approach }, extra: approachSelect },
    {
      key: 'offer-linkage',
      label: `Offer ${target?.name ?? ''} a linkage`,
      command: { type: 'offer-linkage', actor: seat, target: t, give: pid, get: linkageGet },
      extra: h('span', { class: 'linkage-line' }, 'our flexibility here for theirs on ', getSelect),
    },
    { key: 'enlist-broker', label: `Ask ${target?.name ?? ''} to broker`, command: { type: 'enlist-broker', actor: seat, broker: t, paragraph: pid } },
    { key: 'propose', label: seat === ctx.chairSeat ? 'Table the wording' : 'Propose an amendment', command: { type: 'propose', actor: seat, paragraph: pid, variant }, extra: h('div', {}, variantSelect, proposeWarning(ctx, paragraph, variant)) },
    { key: 'bracket', label: 'Place in brackets', command: { type: 'bracket', actor: seat, paragraph: pid } },
    { key: 'unbracket', label: 'Lift our brackets', command: { type: 'unbracket', actor: seat, paragraph: pid } },
    { key: 'call-adoption', label: 'Call for adoption', command: { type: 'call-adoption', actor: seat, paragraph: pid } },
    { key: 'record-footnote', label: 'Keep it with a footnote', command: { type: 'record-footnote', actor: seat, paragraph: pid } },
    { key: 'move-to-chair-summary', label: "Move to the chair's summary", command: { type: 'move-to-chair-summary', actor: seat, paragraph: pid } },
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
      refusal ? h('p', { class: 'why', id: reasonId }, refusal.message) : null,
    );
  };

  const instructorRows: Row[] = (['advance-slot', 'pause', 'resume'] as const).map((type) => ({
    key: type,
    label: type === 'advance-slot' ? 'Close the slot for everyone' : type === 'pause' ? 'Pause the meeting' : 'Resume the meeting',
    command: { type, actor: seat } as Command,
  }));
  instructorRows.push({ key: 'inject-event', label: 'Inject an event', command: { type: 'inject-event', actor: seat, event: scenario.events[0]?.id ?? 'none' } });

  return h(
    'section',
    { class: 'panel actions', 'aria-labelledby': 'actions-h' },
    h(
      'div',
      { class: 'panel-head' },
      h('h2', { id: 'actions-h' }, `Your move — ${me.name}${seat === ctx.chairSeat ? ' (chair)' : ''}`),
      h('p', { class: 'minutes', id: 'minutes-left' }, `${view.minutesLeft ?? 0} of ${slot.minutes} minutes left in this slot`),
    ),
    h(
      'div',
      { class: 'pickers' },
      h('label', { class: 'field-label', for: 'pick-paragraph' }, 'Paragraph'),
      paragraphSelect,
      h('label', { class: 'field-label', for: 'pick-target' }, 'Delegation'),
      targetSelect,
    ),
    offersFor(ctx, commandRow),
    intelligence(ctx),
    h('h3', { class: 'sub' }, 'With the delegation'),
    h('ul', { class: 'cmd-list' }, rows.slice(0, 4).map(commandRow)),
    h('h3', { class: 'sub' }, 'On the text'),
    h('ul', { class: 'cmd-list' }, rows.slice(4).map(commandRow)),
    h('h3', { class: 'sub' }, 'The clock'),
    h(
      'ul',
      { class: 'cmd-list' },
      commandRow({ key: 'end-slot', label: 'End the slot', command: { type: 'end-slot', actor: seat } }),
      commandRow({ key: 'walk-out', label: 'Walk out of the meeting', command: { type: 'walk-out', actor: seat }, danger: true }),
    ),
    h(
      'details',
      { class: 'instructor' },
      h('summary', { 'data-key': 'instructor-summary' }, "The instructor's commands"),
      h('p', { class: 'muted small' }, 'In a classroom these belong to the instructor (a later release); in a solo game the clock is yours.'),
      h('ul', { class: 'cmd-list' }, instructorRows.map(commandRow)),
    ),
  );
}

function minutes(type: CommandType): string {
  const m = COMMAND_MINUTES[type];
  return m === 0 ? 'no time' : `${m} min`;
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
    h('h3', { id: 'intel-h', class: 'sub' }, `What you know of ${target.name} on “${paragraph.title}”`),
    h('p', {}, `${target.head.name}, ${target.head.title}.`, shared.length > 0 ? ` You share: ${shared.join(', ')}.` : ' No bloc in common.'),
    h('p', {}, 'In the room: ', stance ? stanceBadge(stance, true) : h('span', { class: 'muted' }, 'no stance voiced'), view.walkedOut.includes(target.id) ? ' — has walked out.' : ''),
    known
      ? h(
          'div',
          { class: 'known' },
          h('p', {}, h('strong', {}, 'Their position (consulted): '), known.reason),
          h('p', {}, h('strong', {}, 'Cares: '), known.salience >= 70 ? 'a great deal' : known.salience >= 40 ? 'somewhat' : 'little', ` (${known.salience}/100).`),
          h(
            'p',
            {},
            h('strong', {}, 'Red lines: '),
            known.redLines.length > 0 ? known.redLines.map((v) => variantLabel(paragraph, v)).join('; ') : 'none here.',
          ),
        )
      : h('p', { class: 'muted' }, `You have not consulted ${target.name} on this paragraph: its position and red lines are unknown (consulting takes 10 minutes).`),
    mine ? h('p', { class: 'small' }, h('strong', {}, 'Your own instructions: '), mine.reason) : null,
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
    h('h2', { id: 'draft-h', class: 'sr-only' }, 'The draft communiqué'),
    h('p', { class: 'muted small' }, 'Text in [brackets] is not yet agreed. Choose a paragraph to put it on the table.'),
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
            h('span', { class: `status status-${draft.status}` }, STATUS_WORDS[draft.status] ?? draft.status),
          ),
          h('p', { class: `wording${bracketed ? ' bracketed' : ''}` }, bracketed ? `[${wording}]` : wording),
          withholding.length > 0 && open
            ? h(
                'p',
                { class: 'objections' },
                'Withholding consensus: ',
                withholding.map((d, j) => h('span', {}, j > 0 ? ', ' : '', `${d.name} (${STANCE_STYLE[stances[d.id]!].label})`)),
              )
            : null,
          draft.brackets.length > 0 ? h('p', { class: 'small' }, `Brackets held by ${draft.brackets.map(name).join(', ')}.`) : null,
          draft.dissenters.length > 0 && !open ? h('p', { class: 'small' }, `Not agreed by ${draft.dissenters.map(name).join(', ')}.`) : null,
          draft.amendments.length > 0
            ? h('p', { class: 'small' }, 'Amendments tabled: ', draft.amendments.map((a) => `${name(a.by)} — ${variantLabel(p, a.variant)}`).join('; '), '.')
            : null,
        );
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The stance grid: paragraph × delegation, a real table with headers

export function stanceGrid(ctx: PanelContext): HTMLElement {
  const { scenario, view } = ctx;
  const known = (d: string, p: string) => Boolean(view.positions[d]?.[p]) && d !== ctx.seat;
  return h(
    'section',
    { class: 'panel grid', 'aria-labelledby': 'grid-h' },
    h('h2', { id: 'grid-h', class: 'sr-only' }, 'Stances, paragraph by delegation'),
    h(
      'p',
      { class: 'legend' },
      (Object.keys(STANCE_STYLE) as Stance[]).map((s) => h('span', { class: 'legend-item' }, stanceBadge(s), ' ', STANCE_MEANING[s].replace(/^\w+ ?/, ''))),
    ),
    h(
      'div',
      { class: 'grid-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'grid-caption' },
      h(
        'table',
        { class: 'stance-grid' },
        h('caption', { id: 'grid-caption' }, 'Stances voiced in the room on each paragraph’s current wording. A dot marks a position you learnt by consultation.'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', class: 'corner' }, 'Paragraph'),
            scenario.delegations.map((d) =>
              h('th', { scope: 'col', class: `${d.id === ctx.seat ? 'me' : ''}${d.id === ctx.target ? ' target' : ''}` }, h('abbr', { title: d.name }, d.id)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          scenario.paragraphs.map((p, i) =>
            h(
              'tr',
              { class: p.id === ctx.paragraph ? 'selected' : '' },
              h(
                'th',
                { scope: 'row' },
                h('button', { class: 'link', 'data-key': `grid-${p.id}`, onclick: () => ctx.selectParagraph(p.id) }, `${i + 1}. ${p.title}`),
                view.draft[p.id]!.status !== 'open' ? h('span', { class: 'row-status' }, ` — ${STATUS_WORDS[view.draft[p.id]!.status]}`) : null,
              ),
              scenario.delegations.map((d) => {
                const s = view.stances[p.id]?.[d.id];
                if (!s) return h('td', { class: 'cell-none' }, view.walkedOut.includes(d.id) ? 'out' : '—');
                return h(
                  'td',
                  { class: `cell s-${s}`, title: `${d.name} ${STANCE_STYLE[s].label}` },
                  stanceIcon(s, 12),
                  h('span', { 'aria-hidden': 'true' }, STANCE_STYLE[s].short),
                  srOnly(STANCE_STYLE[s].label),
                  known(d.id, p.id) ? h('span', { class: 'known-dot', title: 'Position known' }, '•') : null,
                );
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// The transcript

export function transcriptPanel(ctx: PanelContext): HTMLElement {
  return h(
    'section',
    { class: 'panel transcript', 'aria-labelledby': 'transcript-h' },
    h('h2', { id: 'transcript-h', class: 'sr-only' }, 'Transcript'),
    h('ol', { class: 'transcript-list' }, ctx.view.transcript.map((r) => transcriptEntry(ctx.scenario, r, ctx.seat))),
  );
}

/** One record as a transcript line: a clock line, or its kind's label (“You” for the player's own acts) and its sentence. */
export function transcriptEntry(scenario: Scenario, r: LogRecord, seat: string | null): HTMLElement {
  if (isClockLine(r)) return h('li', { class: 'entry clock' }, say(scenario, r));
  const mine = seat !== null && r.kind !== 'stance' && actorOf(r) === seat;
  return h('li', { class: `entry kind-${r.kind}${mine ? ' mine' : ''}` }, h('span', { class: 'kind' }, mine ? 'You' : ENTRY_KIND_LABEL[r.kind]), ' ', say(scenario, r));
}
