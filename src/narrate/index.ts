// The narration of the typed log in any language: one sentence per record, one clause per reason and
// cause, from the translator's "narration" catalogue. The state, the log and the hashes hold ids and
// numbers; the browser, the CLI, the debrief and the classroom all word them here, at the edge.
import type { Cause, LogRecord, Reason, RecordKind, RecordOf } from '../domain/log.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Approach, type Paragraph, type Scenario } from '../domain/scenario-schema.ts';
import { makeTranslator, type Translator } from '../i18n/index.ts';
import { atLeast } from '../domain/stance.ts';

/** A translator with no messages: a table built without one words every key as the key itself. */
const BARE = makeTranslator('en', {}, undefined, []);

/** How people name a wording: its one-line summary in quotes, or "dropping the paragraph". */
export function variantLabelIn(tr: Translator, paragraph: Paragraph, variant: string): string {
  if (variant === DROPPED) return tr.t('narration.dropping');
  const v = paragraph.variants.find((x) => x.id === variant);
  return v ? tr.t('narration.quoted', { text: v.summary.replace(/[.。।]$/, '') }) : variant;
}

/** Names joined as the language joins them: "A", "A and B", "A, B and C". */
export function listIn(tr: Translator, items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return tr.list(items);
}

export const approachIn = (tr: Translator, a: Approach) => tr.t(`approach.${a}`);

/** What narration needs of the scenario: names and titles by id, with the id itself as a fallback. */
export interface Words {
  scenario: Scenario;
  tr: Translator;
  name(id: string | undefined): string;
  title(pid: string | undefined): string;
  wording(pid: string, variant: string): string;
  event(id: string): { title: string; text: string };
  session(id: string): string;
  slot(sessionId: string, slotId: string): string;
}

/** A scenario's words in `tr`'s language (the scenario itself may carry translated texts: scenario-texts.ts). */
export function wordsIn(scenario: Scenario, tr: Translator): Words {
  const ix = indexOf(scenario);
  return {
    scenario,
    tr,
    name: (id) => (id === undefined ? '' : id === 'INSTRUCTOR' ? tr.t('narration.instructor') : (ix.delegation.get(id)?.name ?? id)),
    title: (pid) => (pid === undefined ? '' : (ix.paragraph.get(pid)?.title ?? pid)),
    wording: (pid, variant) => {
      const p = ix.paragraph.get(pid);
      return p ? variantLabelIn(tr, p, variant) : variant;
    },
    event: (id) => {
      const e = scenario.events.find((x) => x.id === id);
      return e ? { title: e.title, text: e.text } : { title: id, text: '' };
    },
    session: (id) => scenario.schedule.find((x) => x.id === id)?.title ?? id,
    slot: (sessionId, slotId) => scenario.schedule.find((x) => x.id === sessionId)?.slots.find((x) => x.id === slotId)?.title ?? slotId,
  };
}

/** One sentence per record kind, and one clause per reason and cause: swap the table, keep the game. */
export interface NarrationTable {
  records: { [K in RecordKind]: (r: RecordOf<K>, w: Words) => string };
  reason: (r: Reason, w: Words) => string;
  cause: (c: Cause, w: Words) => string;
  /** The language the table words in (its scenario words are made with it); absent for a test's own table. */
  tr?: Translator;
}

const names = (ids: readonly string[], w: Words) => listIn(w.tr, ids.map((id) => w.name(id)));
const stripEnd = (s: string) => s.replace(/[.。।]$/, '');

function reasonOf(r: Reason, w: Words): string {
  return w.tr.t(`reason.${r.code}`, {
    who: names(r.delegations ?? [], w),
    paragraph: w.title(r.paragraph),
    wording: r.paragraph && r.variant ? w.wording(r.paragraph, r.variant) : '',
    count: r.code === 'put-on-record' ? (r.delegations?.length ?? 0) : (r.count ?? 0),
    chance: r.chance ?? 0,
    bloc: r.bloc ?? '',
    hasBloc: Boolean(r.bloc),
    dropped: r.variant === DROPPED,
  });
}

function causeOf(c: Cause, w: Words): string {
  const tr = w.tr;
  switch (c.code) {
    case 'lobbied':
      return tr.t('cause.lobbied', { by: w.name(c.by), approach: tr.t(`approach-bare.${c.approach}`) });
    case 'linkage':
      return tr.t('cause.linkage', { with: w.name(c.with) });
    case 'event':
      return tr.t('cause.event', { title: stripEnd(w.event(c.event).title) });
    default:
      return tr.t(`cause.${c.code}`);
  }
}

type Recorders = NarrationTable['records'];

function recordersOf(table: () => NarrationTable): Recorders {
  /** Appends a seat's reason in parentheses, as the transcript gives it. */
  const withReason = (sentence: string, r: { reason?: Reason }, w: Words) =>
    r.reason ? w.tr.t('narration.with-reason', { sentence: stripEnd(sentence), reason: table().reason(r.reason, w) }) : sentence;
  const t = (w: Words, key: string, params?: Record<string, string | number | boolean | undefined>) => w.tr.t(key, params);
  return {
    opened: (_r, w) => t(w, 'record.opened', { title: w.scenario.meta.title }),
    'slot-opened': (r, w) => t(w, 'record.slot-opened', { session: w.session(r.session), slot: w.slot(r.session, r.slotId), minutes: r.minutes }),
    closed: (r, w) => t(w, 'record.closed', { by: r.by }),
    consulted: (r, w) => {
      const position = indexOf(w.scenario).delegation.get(r.target)?.positions[r.paragraph];
      return withReason(t(w, 'record.consulted', { actor: w.name(r.actor), target: w.name(r.target), paragraph: w.title(r.paragraph), position: position?.reason ?? '' }), r, w);
    },
    lobbied: (r, w) =>
      withReason(
        t(w, 'record.lobbied', {
          actor: w.name(r.actor),
          target: w.name(r.target),
          paragraph: w.title(r.paragraph),
          approach: approachIn(w.tr, r.approach),
          brokered: Boolean(r.brokered),
          moved: r.moved,
        }),
        r,
        w,
      ),
    tabled: (r, w) => withReason(t(w, 'record.tabled', { wording: w.wording(r.paragraph, r.variant), paragraph: w.title(r.paragraph) }), r, w),
    amendment: (r, w) => withReason(t(w, 'record.amendment', { actor: w.name(r.actor), wording: w.wording(r.paragraph, r.variant), paragraph: w.title(r.paragraph) }), r, w),
    linkage: (r, w) =>
      withReason(
        t(w, r.accepted ? 'record.linkage-struck' : 'record.linkage-declined', {
          actor: w.name(r.actor),
          target: w.name(r.target),
          give: w.title(r.give),
          get: w.title(r.get),
          why: r.declined ?? 'values-more',
        }),
        r,
        w,
      ),
    broker: (r, w) =>
      withReason(
        t(w, r.accepted ? 'record.broker-accepted' : 'record.broker-declined', {
          actor: w.name(r.actor),
          target: w.name(r.target),
          paragraph: w.title(r.paragraph),
          // ICU selectors are words without hyphens.
          why: r.declined === 'not-a-broker' ? 'notbroker' : (r.declined ?? 'opposes'),
        }),
        r,
        w,
      ),
    bracket: (r, w) => withReason(t(w, r.on ? 'record.bracket-on' : 'record.bracket-off', { actor: w.name(r.actor), paragraph: w.title(r.paragraph) }), r, w),
    adoption: (r, w) => {
      const params = {
        who: r.actor === w.scenario.presidency.chair ? w.tr.t('narration.the-chair') : w.name(r.actor),
        paragraph: w.title(r.paragraph),
        wording: w.wording(r.paragraph, r.variant),
      };
      if (r.adopted) {
        if (r.reservations.length === 0) return withReason(t(w, 'record.adoption-adopted', params), r, w);
        return withReason(t(w, 'record.adoption-reserved', { ...params, names: names(r.reservations, w), count: r.reservations.length }), r, w);
      }
      return withReason(t(w, 'record.adoption-failed', { ...params, names: names(r.dissenters, w), count: r.dissenters.length }), r, w);
    },
    footnote: (r, w) =>
      withReason(t(w, r.toSummary ? 'record.footnote-summary' : 'record.footnote-kept', { paragraph: w.title(r.paragraph), names: names(r.dissenters, w), count: r.dissenters.length }), r, w),
    'walk-out': (r, w) => withReason(t(w, 'record.walk-out', { actor: w.name(r.actor) }), r, w),
    readmitted: (r, w) => t(w, 'record.readmitted', { actor: w.name(r.actor) }),
    dissociation: (r, w) =>
      withReason(t(w, 'record.dissociation', { actor: w.name(r.actor), paragraph: w.title(r.paragraph), wording: w.wording(r.paragraph, r.variant) }), r, w),
    attendance: (r, w) => t(w, r.present ? 'record.attendance-present' : 'record.attendance-away', { actor: w.name(r.actor), planned: r.by === 'schedule' ? 'yes' : 'no' }),
    statement: (r, w) => t(w, 'record.statement', { actor: w.name(r.actor), paragraph: r.paragraph ? w.title(r.paragraph) : '', on: r.paragraph ? 'yes' : 'no', event: w.event(r.event).title }),
    reopened: (r, w) => t(w, 'record.reopened', { paragraph: w.title(r.paragraph), event: w.event(r.event).title }),
    offer: (r, w) =>
      withReason(
        t(w, `record.offer-${r.what}`, {
          actor: w.name(r.actor),
          target: w.name(r.target),
          paragraph: w.title(r.paragraph),
          approach: approachIn(w.tr, r.approach ?? 'principle'),
          give: w.title(r.give),
          get: w.title(r.get),
        }),
        r,
        w,
      ),
    'offer-answered': (r, w) =>
      withReason(t(w, r.lapsed ? 'record.offer-lapsed' : 'record.offer-answered', { actor: w.name(r.actor), target: w.name(r.target), accept: r.accept, what: r.what }), r, w),
    'slot-ended': (r, w) => withReason(t(w, 'record.slot-ended', { actor: w.name(r.actor) }), r, w),
    message: (r, w) => t(w, 'record.message', { actor: w.name(r.actor), target: w.name(r.target), text: r.text }),
    seat: (r, w) => t(w, r.to === 'human' ? 'record.seat-human' : 'record.seat-ai', { target: w.name(r.target) }),
    pause: (r, w) => t(w, 'record.pause', { paused: r.paused }),
    'slot-closed-by-instructor': (_r, w) => t(w, 'record.slot-closed-by-instructor'),
    event: (r, w) => {
      const e = w.event(r.event);
      return t(w, 'record.event', { title: e.title, text: e.text });
    },
    bulletin: (r, w) => t(w, 'record.bulletin', { title: r.title, text: r.text }),
    stance: (r, w) =>
      t(w, 'record.stance', {
        actor: w.name(r.actor),
        to: r.to,
        wording: w.wording(r.paragraph, r.variant),
        paragraph: w.title(r.paragraph),
        from: w.tr.t(`stance-name.${r.from}`),
        // Hardened or moved by the direction the stance went, never by where it landed: an objection
        // that was a block has softened, and a support that became an acceptance has hardened.
        how: r.cause.code === 'tabled' || r.cause.code === 'bracketed' || r.cause.code === 'deadline' || r.cause.code === 'opening' ? 'none' : atLeast(r.from, r.to) ? 'hardened' : 'moved',
        cause: table().cause(r.cause, w),
      }),
  };
}

const tables = new WeakMap<Translator, NarrationTable>();

/** The narration table of a language, made once per translator. */
export function narrationTable(tr: Translator): NarrationTable {
  let table = tables.get(tr);
  if (!table) {
    const made: NarrationTable = { tr, reason: reasonOf, cause: causeOf, records: recordersOf(() => made) };
    tables.set(tr, (table = made));
  }
  return table;
}

/** A record as one sentence in the table's language; a table of a test's own words the scenario's. */
export function narrate(record: LogRecord, w: Words, table: NarrationTable = narrationTable(w.tr)): string {
  const words = table.tr && table.tr !== w.tr ? wordsIn(w.scenario, table.tr) : w;
  return (table.records[record.kind] as (r: LogRecord, w: Words) => string)(record, words);
}

export { BARE };
