// English narration: renders the typed log's records, seats' reasons and stance causes into sentences.
// A room of its own (src/narrate) because words live at the edge: the state, the log and the hashes hold
// ids and numbers, and the browser, the CLI, the debrief and the classroom all word them here.
import type { Cause, LogRecord, Reason, RecordKind, RecordOf } from '../domain/log.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Approach, type Paragraph, type Scenario } from '../domain/scenario-schema.ts';
import type { Stance } from '../domain/state.ts';

/** How people name a wording: its one-line summary in quotes, or "dropping the paragraph". */
export function variantLabel(paragraph: Paragraph, variant: string): string {
  if (variant === DROPPED) return 'dropping the paragraph';
  const v = paragraph.variants.find((x) => x.id === variant);
  return v ? `“${v.summary.replace(/\.$/, '')}”` : variant;
}

/** Names joined as people write them: "A", "A and B", "A, B and C". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const APPROACH_WORDS: Record<Approach, string> = {
  principle: 'an appeal to principle',
  interest: 'an appeal to shared interests',
  reciprocity: 'an appeal to reciprocity',
  'bloc-pressure': 'pressure from a shared bloc',
};

export const STANCE_VERB: Record<Stance, string> = {
  support: 'supports',
  accept: 'accepts',
  reserve: 'reserves its position on',
  object: 'objects to',
  block: 'blocks',
};

/** What narration needs of the scenario: names and titles by id, with the id itself as a fallback. */
export interface Words {
  scenario: Scenario;
  name(id: string | undefined): string;
  title(pid: string | undefined): string;
  wording(pid: string, variant: string): string;
  event(id: string): { title: string; text: string };
  session(id: string): string;
  slot(sessionId: string, slotId: string): string;
}

export function wordsFor(scenario: Scenario): Words {
  const ix = indexOf(scenario);
  return {
    scenario,
    name: (id) => (id === undefined ? '' : id === 'INSTRUCTOR' ? 'The instructor' : (ix.delegation.get(id)?.name ?? id)),
    title: (pid) => (pid === undefined ? '' : (ix.paragraph.get(pid)?.title ?? pid)),
    wording: (pid, variant) => {
      const p = ix.paragraph.get(pid);
      return p ? variantLabel(p, variant) : variant;
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
}

const names = (ids: readonly string[], w: Words) => listOf(ids.map((id) => w.name(id)));

function reasonEn(r: Reason, w: Words): string {
  const who = names(r.delegations ?? [], w);
  const p = w.title(r.paragraph);
  const v = r.paragraph && r.variant ? w.wording(r.paragraph, r.variant) : '';
  const n = r.count ?? 0;
  switch (r.code) {
    case 'chair-sounds-out':
      return `the chair sounds out one of the few holdouts on ${p} before the text is tabled`;
    case 'chair-asks-holdouts':
      return `only ${n} ${n === 1 ? 'delegation holds' : 'delegations hold'} out, so the chair asks what it would take`;
    case 'chair-gavels-unopposed':
      return 'nobody objects, so the chair secures it before it can be reopened';
    case 'chair-takes-up-bridge':
      return `it takes up ${who}'s bridging text`;
    case 'chair-strongest-unopposed':
      return 'it is the strongest wording nobody is expected to oppose';
    case 'chair-no-red-line':
      return 'no red line stands against it, and the remaining objections can be worked on';
    case 'chair-fewest-red-lines':
      return 'it is the wording with the fewest red lines against it';
    case 'chair-lobbies-objector':
      return `${who} objects, and the chair knows of no red line of its here`;
    case 'chair-final-reading':
      return 'the final reading: every paragraph must be put to the room';
    case 'chair-footnote':
      return 'most members agree, so the text stays with a footnote naming those who do not';
    case 'chair-summary':
      return 'too many disagree for a footnote; the chair keeps the text on its own authority';
    case 'walk-out-provoked':
      return `${p} was put to the room in a wording that crosses its red line, pressed by delegations it does not trust`;
    case 'put-on-record':
      return `only ${who} ${(r.delegations?.length ?? 0) === 1 ? 'stands' : 'stand'} in the way, and it wants that to be seen`;
    case 'concede-deadline':
      return 'the deadline is near and an outcome matters more to it than this paragraph';
    case 'bridge-drafted':
      return `as a bridge-builder it drafts ${v}, the wording it expects the widest support for that nobody rules out`;
    case 'bridge-lobby':
      return `bridge-building: it judges ${who}'s objection can be lifted`;
    case 'defend-wording':
      return `it wants ${r.variant === 'dropped' ? 'the paragraph dropped' : v} instead of the text on the table`;
    case 'sound-out-trade':
      return `it sounds out ${who} for a possible trade on ${p}`;
    case 'trade':
      return `it cares more about ${p} than about what it gives, and judges the reverse holds for ${who}`;
    case 'coalition':
      return `coalition-building: ${who} ${r.bloc ? `is its ${r.bloc} partner and ` : ''}hesitates on a text it backs`;
    case 'challenge':
      return `it backs the text and judges ${who} can be moved (about ${r.chance ?? 0} in 100, by its own estimate)`;
    case 'broker-mandate':
      return `${who} asked it to broker ${p}`;
    case 'dissociate-isolated':
      return 'it stands alone against the text and would rather state its own position than deny the others a joint one';
    case 'chair-keeps-text':
      return `the presidency keeps its text: only ${n} ${n === 1 ? 'member holds' : 'members hold'} out, and may dissociate`;
    case 'chair-early-adoption':
      return 'the presidency means to adopt the text early, footnoting what it must';
    case 'skilled-consult':
      return "consult first: learn every holdout's position";
    case 'skilled-enlist':
      return `${who} can reach those who object to ${p}`;
    case 'skilled-settle':
      return 'time is short: settle for the wording with the fewest red lines against it';
    case 'skilled-lobby':
      return `${who} objects and can be moved`;
    case 'skilled-footnote':
      return 'keep the paragraph with a footnote rather than lose it';
    case 'reckless-push':
      return 'push the strongest text to a vote at once';
    case 'agent-refused':
      return `its program gave ${n} refused commands in a row, so its slot ends`;
    case 'agent-silent':
      return 'its program did not answer in time, so its slot ends';
    case 'agent-failed':
      return 'its program stopped, so its slot ends';
    case 'nothing-to-do':
      return 'it has nothing more to do this slot';
    case 'answer-accept':
      return 'it is worth more to it than it costs';
    case 'answer-decline':
      return 'it costs it more than it gains';
  }
}

/** What an offer to a person asks, as the rest of a sentence: "to show flexibility on …". */
function offerAsk(r: { what: 'lobby' | 'linkage' | 'broker'; paragraph?: string; approach?: Approach; give?: string; get?: string; actor: string }, w: Words): string {
  if (r.what === 'lobby') return `to show flexibility on ${w.title(r.paragraph)} (${APPROACH_WORDS[r.approach ?? 'principle']})`;
  if (r.what === 'linkage') return `a linkage: ${w.name(r.actor)} gives ground on ${w.title(r.give)} for ground on ${w.title(r.get)}`;
  return `to broker ${w.title(r.paragraph)}`;
}

function causeEn(c: Cause, w: Words): string {
  switch (c.code) {
    case 'tabled':
      return 'the text on the table changed';
    case 'lobbied':
      return `${w.name(c.by)}'s ${APPROACH_WORDS[c.approach].replace(/^an? /, '')}`;
    case 'linkage':
      return `its linkage with ${w.name(c.with)}`;
    case 'event':
      return `“${w.event(c.event).title.replace(/\.$/, '')}”`;
    case 'deadline':
      return 'the pressure of the deadline';
    case 'bracketed':
      return 'brackets on the paragraph';
    case 'opening':
      return 'its instructions';
  }
}

/** Appends a seat's reason in parentheses, as the transcript gives it. */
const withReason = (sentence: string, r: { reason?: Reason }, w: Words) =>
  r.reason ? `${sentence.replace(/\.$/, '')} (${EN.reason(r.reason, w)}).` : sentence;

export const EN: NarrationTable = {
  reason: reasonEn,
  cause: causeEn,
  records: {
    opened: (_r, w) => `The meeting opens: ${w.scenario.meta.title}.`,
    'slot-opened': (r, w) => `${w.session(r.session)} — ${w.slot(r.session, r.slotId)} (${r.minutes} minutes).`,
    closed: (r) => (r.by === 'instructor' ? 'The instructor adjourns the meeting. The meeting closes.' : 'The meeting closes.'),
    consulted: (r, w) => {
      const position = indexOf(w.scenario).delegation.get(r.target)?.positions[r.paragraph];
      return withReason(`${w.name(r.actor)} consults ${w.name(r.target)} on ${w.title(r.paragraph)}. ${w.name(r.target)}: ${position?.reason ?? ''}`, r, w);
    },
    lobbied: (r, w) =>
      withReason(
        `${w.name(r.actor)} lobbies ${w.name(r.target)} on ${w.title(r.paragraph)} with ${APPROACH_WORDS[r.approach]}${r.brokered ? ' as broker' : ''}: ${w.name(r.target)} ${
          r.moved ? 'shows flexibility' : 'is not moved'
        }.`,
        r,
        w,
      ),
    tabled: (r, w) => withReason(`The chair tables ${w.wording(r.paragraph, r.variant)} for ${w.title(r.paragraph)}.`, r, w),
    amendment: (r, w) => withReason(`${w.name(r.actor)} proposes ${w.wording(r.paragraph, r.variant)} for ${w.title(r.paragraph)}.`, r, w),
    linkage: (r, w) =>
      withReason(
        r.accepted
          ? `${w.name(r.actor)} and ${w.name(r.target)} strike a linkage: ${w.name(r.actor)} gives ground on ${w.title(r.give)}, ${w.name(r.target)} on ${w.title(r.get)}.`
          : `${w.name(r.actor)} offers flexibility on ${w.title(r.give)} for ${w.name(r.target)}'s on ${w.title(r.get)}; ${w.name(r.target)} declines: ${
              r.declined === 'distrust' ? 'it does not trust the offer' : `${w.title(r.get)} matters more to it than ${w.title(r.give)}`
            }.`,
        r,
        w,
      ),
    broker: (r, w) =>
      withReason(
        r.accepted
          ? `${w.name(r.target)} agrees to broker ${w.title(r.paragraph)} at ${w.name(r.actor)}'s request.`
          : `${w.name(r.actor)} asks ${w.name(r.target)} to broker ${w.title(r.paragraph)}; ${w.name(r.target)} declines: ${
              r.declined === 'not-a-broker' ? 'it does not see itself as a bridge-builder' : r.declined === 'distrust' ? `it does not trust ${w.name(r.actor)}` : 'it opposes the text itself'
            }.`,
        r,
        w,
      ),
    bracket: (r, w) =>
      withReason(r.on ? `${w.name(r.actor)} places ${w.title(r.paragraph)} in brackets.` : `${w.name(r.actor)} lifts its brackets on ${w.title(r.paragraph)}.`, r, w),
    adoption: (r, w) => {
      const who = r.actor === w.scenario.presidency.chair ? 'The chair' : w.name(r.actor);
      const head = `${who} calls for adoption of ${w.title(r.paragraph)} (${w.wording(r.paragraph, r.variant)})`;
      if (r.adopted) {
        const reserved = r.reservations.length > 0 ? `, with the divergent ${r.reservations.length === 1 ? 'view' : 'views'} of ${names(r.reservations, w)} in a footnote` : '';
        return withReason(`${head}: adopted by consensus${reserved}.`, r, w);
      }
      return withReason(`${head}: no consensus — ${names(r.dissenters, w)} ${r.dissenters.length === 1 ? 'withholds' : 'withhold'} agreement.`, r, w);
    },
    footnote: (r, w) =>
      withReason(
        r.toSummary
          ? `The chair moves ${w.title(r.paragraph)} to the chair's summary, on its own authority; ${names(r.dissenters, w)} ${r.dissenters.length === 1 ? 'does' : 'do'} not agree.`
          : `The chair keeps ${w.title(r.paragraph)} with a footnote: agreed by all members except ${names(r.dissenters, w)}.`,
        r,
        w,
      ),
    'walk-out': (r, w) => withReason(`${w.name(r.actor)} walks out of the meeting.`, r, w),
    dissociation: (r, w) =>
      withReason(`${w.name(r.actor)} will not stand in the way of ${w.title(r.paragraph)} (${w.wording(r.paragraph, r.variant)}) and dissociates itself from it.`, r, w),
    attendance: (r, w) =>
      r.present
        ? `${w.name(r.actor)} takes its seat at the table.`
        : `${w.name(r.actor)} is not at the table${r.by === 'schedule' ? ', as planned' : ''} — not in protest.`,
    statement: (r, w) => `${w.name(r.actor)} puts a national statement on the record${r.paragraph ? ` on ${w.title(r.paragraph)}` : ''} (${w.event(r.event).title}).`,
    reopened: (r, w) => `${w.title(r.paragraph)} is opened again (${w.event(r.event).title}).`,
    offer: (r, w) => withReason(`${w.name(r.actor)} asks ${w.name(r.target)} ${offerAsk(r, w)}; ${w.name(r.target)} is to answer.`, r, w),
    'offer-answered': (r, w) =>
      withReason(
        r.lapsed
          ? `${w.name(r.actor)} let ${w.name(r.target)}'s request lapse unanswered.`
          : `${w.name(r.actor)} ${r.accept ? 'accepts' : 'declines'} ${w.name(r.target)}'s request${r.what === 'linkage' ? ' for a linkage' : r.what === 'broker' ? ' to broker' : ''}.`,
        r,
        w,
      ),
    'slot-ended': (r, w) => withReason(`${w.name(r.actor)} ends its slot.`, r, w),
    message: (r, w) => `${w.name(r.actor)} to ${w.name(r.target)}: ${r.text}`,
    seat: (r, w) => (r.to === 'human' ? `A delegate takes ${w.name(r.target)}'s seat.` : `The AI takes over ${w.name(r.target)}'s seat.`),
    pause: (r) => (r.paused ? 'The instructor pauses the meeting.' : 'The instructor resumes the meeting.'),
    'slot-closed-by-instructor': () => 'The instructor closes the slot.',
    event: (r, w) => {
      const e = w.event(r.event);
      return `${e.title}: ${e.text}`;
    },
    bulletin: (r) => `${r.title}: ${r.text}`,
    stance: (r, w) =>
      `${w.name(r.actor)} now ${STANCE_VERB[r.to]} ${w.wording(r.paragraph, r.variant)} on ${w.title(r.paragraph)} (was: ${r.from}) — ${
        r.cause.code === 'tabled' || r.cause.code === 'bracketed' || r.cause.code === 'deadline' || r.cause.code === 'opening' ? '' : r.to === 'block' || r.to === 'object' ? 'hardened by ' : 'moved by '
      }${EN.cause(r.cause, w)}.`,
  },
};

/** A record as one English sentence (or another table's). */
export function narrate(record: LogRecord, w: Words, table: NarrationTable = EN): string {
  return (table.records[record.kind] as (r: LogRecord, w: Words) => string)(record, w);
}
