// Commands and outcomes in plain words, for hints, confirmations and the end screen.
import { APPROACH_WORDS } from '../narrate/en.ts';
import type { Command } from '../domain/commands.ts';
import { indexOf } from '../domain/scenario-index.ts';
import type { OutcomeKind, Scenario } from '../domain/scenario-schema.ts';
import type { LogRecord, RecordKind } from '../domain/log.ts';
import { narrate, variantLabel, wordsFor, type Words } from '../narrate/en.ts';

/** The label of each kind of log record, for the transcript panels of the game, the viewer and the classroom. */
export const ENTRY_KIND_LABEL: Record<RecordKind, string> = {
  opened: 'Clock',
  'slot-opened': 'Clock',
  closed: 'Clock',
  consulted: 'Consult',
  lobbied: 'Lobbying',
  tabled: 'Text',
  amendment: 'Amendment',
  linkage: 'Linkage',
  broker: 'Broker',
  bracket: 'Brackets',
  adoption: 'Adoption',
  footnote: 'Footnote',
  'walk-out': 'Walk-out',
  dissociation: 'Dissociation',
  attendance: 'Attendance',
  statement: 'Statement',
  reopened: 'Text',
  offer: 'Offer',
  'offer-answered': 'Answer',
  'slot-ended': 'Move',
  message: 'Message',
  seat: 'Seat',
  pause: 'Instructor',
  'slot-closed-by-instructor': 'Instructor',
  event: 'News',
  bulletin: 'News',
  stance: 'Stance',
};

/** Records shown as the transcript's clock lines (the opening, each slot, the close), without a label. */
export function isClockLine(record: LogRecord): boolean {
  return record.kind === 'opened' || record.kind === 'slot-opened' || record.kind === 'closed';
}

const wordsCache = new WeakMap<Scenario, Words>();

/** The narration's words for a scenario, made once per scenario. */
export function wordsOf(scenario: Scenario): Words {
  let w = wordsCache.get(scenario);
  if (!w) wordsCache.set(scenario, (w = wordsFor(scenario)));
  return w;
}

/** A log record as its English sentence: the only place the browser gets transcript text from. */
export function say(scenario: Scenario, record: LogRecord): string {
  return narrate(record, wordsOf(scenario));
}

/** The latest news in the records (an event from the deck or the instructor's bulletin), if any. */
export function latestNews(records: readonly LogRecord[]): LogRecord | undefined {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (r.kind === 'event' || r.kind === 'bulletin') return r;
  }
  return undefined;
}

/**
 * What the live region says about new records: stances, news, adoptions and new slots first, at most
 * `max` of them; otherwise the last record.
 */
export function summariseRecords(scenario: Scenario, records: readonly LogRecord[], max: number, empty: string): string {
  const notable = records.filter((r) => r.kind === 'stance' || r.kind === 'event' || r.kind === 'bulletin' || r.kind === 'adoption' || r.kind === 'slot-opened');
  const last = records.at(-1);
  if (notable.length === 0) return last ? say(scenario, last) : empty;
  const shown = notable.slice(0, max).map((r) => say(scenario, r));
  const more = notable.length - shown.length;
  return `${shown.join(' ')}${more > 0 ? ` And ${more} more in the transcript.` : ''}`;
}

/** The approaches in words, as the narration names them. */
export { APPROACH_WORDS };

export const OUTCOME_EXPLAINED: Record<OutcomeKind, string> = {
  'consensus-communique': 'Every member agreed every paragraph in the text: the top of the ladder.',
  'communique-with-footnotes': 'Everything was agreed by all, with some members’ divergent views recorded in footnotes.',
  'outcome-with-dissociation': 'One member dissociated itself; the others agreed the whole text.',
  'chair-summary': 'Several members kept paragraphs out of consensus, so the chair issued a summary and an outcome document with footnotes naming the dissenters.',
  'chair-statement': 'Less than half the weighted text was agreed: the chair could only issue a statement on its own authority.',
  collapse: 'A walk-out and less than half the text agreed: the meeting broke up without a document.',
};

export function commandWords(scenario: Scenario, command: Command): string {
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const title = (id: string) => ix.paragraph.get(id)?.title ?? id;
  switch (command.type) {
    case 'consult':
      return `Consult ${name(command.target)} on ${title(command.paragraph)}`;
    case 'lobby':
      return `Lobby ${name(command.target)} on ${title(command.paragraph)} with ${APPROACH_WORDS[command.approach]}`;
    case 'propose': {
      const p = ix.paragraph.get(command.paragraph);
      return `Propose ${p ? variantLabel(p, command.variant) : command.variant} for ${title(command.paragraph)}`;
    }
    case 'offer-linkage':
      return `Offer ${name(command.target)} your flexibility on ${title(command.give)} for theirs on ${title(command.get)}`;
    case 'enlist-broker':
      return `Ask ${name(command.broker)} to broker ${title(command.paragraph)}`;
    case 'bracket':
      return `Place ${title(command.paragraph)} in brackets`;
    case 'unbracket':
      return `Lift your brackets on ${title(command.paragraph)}`;
    case 'call-adoption':
      return `Call for adoption of ${title(command.paragraph)}`;
    case 'record-footnote':
      return `Keep ${title(command.paragraph)} with a footnote naming the dissenters`;
    case 'move-to-chair-summary':
      return `Move ${title(command.paragraph)} to the chair's summary`;
    case 'walk-out':
      return 'Walk out of the meeting';
    case 'end-slot':
      return 'End the slot';
    case 'answer-offer':
      return `${command.accept ? 'Accept' : 'Decline'} the request`;
    default:
      return command.type;
  }
}

/** "2 March 2023" from "2023-03-02". */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${d} ${months[m - 1]} ${y}`;
}

/** The first sentence of a summary, for a card. */
export function firstSentence(text: string): string {
  const end = text.search(/[.!?](\s|$)/);
  return end < 0 ? text : text.slice(0, end + 1);
}
