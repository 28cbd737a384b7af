// Commands and outcomes in the page's language, for hints, confirmations, the transcript and the end screen.
import type { Command } from '../domain/commands.ts';
import { indexOf } from '../domain/scenario-index.ts';
import type { Approach, OutcomeKind, Scenario } from '../domain/scenario-schema.ts';
import type { LogRecord, RecordKind } from '../domain/log.ts';
import { current, t } from '../i18n/index.ts';
import { canWord, wordsIn as problemWordsIn, type WordsData } from '../i18n/problem-words.ts';
import { atLeast } from '../domain/stance.ts';
import { approachIn, narrate, narrationTable, variantLabelIn, wordsIn, type NarrationTable, type Words } from '../narrate/index.ts';

/** The label of each kind of log record, for the transcript panels of the game, the viewer and the classroom. */
export function entryKindLabel(kind: RecordKind): string {
  return t(`entry.${kind}`);
}

/** Records shown as the transcript's clock lines (the opening, each slot, the close), without a label. */
export function isClockLine(record: LogRecord): boolean {
  return record.kind === 'opened' || record.kind === 'slot-opened' || record.kind === 'closed';
}

const wordsCache = new WeakMap<Scenario, Words>();

/** The narration's words for a scenario in the page's language, made once per scenario. */
export function wordsOf(scenario: Scenario): Words {
  let w = wordsCache.get(scenario);
  if (!w || w.tr !== current()) wordsCache.set(scenario, (w = wordsIn(scenario, current())));
  return w;
}

/** The page's narration table. */
export function table(): NarrationTable {
  return narrationTable(current());
}

/** A wording as people name it, in the page's language. */
export function variantLabel(paragraph: Parameters<typeof variantLabelIn>[1], variant: string): string {
  return variantLabelIn(current(), paragraph, variant);
}

/** Names joined as the page's language joins them. */
export function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : current().list(items);
}

/** A log record as its sentence: the only place the browser gets transcript text from. */
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
  return `${shown.join(' ')}${more > 0 ? ` ${t('live.more', { count: more })}` : ''}`;
}

/** What the live region says after a move, and the details a key reads out on demand. */
export interface LiveSummary {
  summary: string;
  /** Every notable record in full (news, adoptions, stance changes), or '' when the summary said it all. */
  details: string;
}

/**
 * The live region's words for new records, short enough to hear after every move: the new session and
 * slot, breaking news by its title, adoptions, and one line counting the delegations whose stance moved
 * ("11 delegations moved; 3 toward your text"); the full sentences wait behind the details key.
 * `chair`: whether the player holds the pen (the text on the table is then its own).
 */
export function liveSummary(scenario: Scenario, records: readonly LogRecord[], opts: { chair: boolean; empty: string }): LiveSummary {
  const w = wordsOf(scenario);
  const said: string[] = [];
  const details: string[] = [];
  const slot = records.findLast((r) => r.kind === 'slot-opened');
  if (slot) said.push(t('live.slot', { session: w.session(slot.session), slot: w.slot(slot.session, slot.slotId), minutes: slot.minutes }));
  for (const r of records) {
    if (r.kind === 'event' || r.kind === 'bulletin') {
      said.push(t('live.news', { title: r.kind === 'event' ? w.event(r.event).title.replace(/[.。।]$/, '') : r.title }));
      details.push(say(scenario, r));
    }
  }
  const settled = records.filter((r) => r.kind === 'adoption' || r.kind === 'footnote' || r.kind === 'walk-out');
  for (const r of settled.slice(0, ADOPTIONS_SAID)) said.push(say(scenario, r));
  for (const r of settled) details.push(say(scenario, r));
  // Each delegation counted once, toward the text when its stances softened more often than they hardened.
  const net = new Map<string, number>();
  for (const r of records) {
    if (r.kind !== 'stance') continue;
    net.set(r.actor, (net.get(r.actor) ?? 0) + (atLeast(r.to, r.from) ? 1 : -1));
    details.push(say(scenario, r));
  }
  if (net.size > 0) {
    const toward = [...net.values()].filter((n) => n > 0).length;
    said.push(t('live.moved', { moved: net.size, toward, chair: opts.chair }));
  }
  if (said.length === 0) {
    const last = records.at(-1);
    return { summary: last ? say(scenario, last) : opts.empty, details: '' };
  }
  // Worth a key when something was said short: news by its title, stances by their count, adoptions beyond the first.
  const news = records.some((r) => r.kind === 'event' || r.kind === 'bulletin');
  const more = news || net.size > 0 || settled.length > ADOPTIONS_SAID;
  return { summary: more ? `${said.join(' ')} ${t('live.details-key')}` : said.join(' '), details: more ? details.join(' ') : '' };
}

/** Adoptions and footnotes said in the summary itself; the rest are in the details. */
const ADOPTIONS_SAID = 2;

/** An approach in words, as the narration names it. */
export function approachWords(a: Approach): string {
  return approachIn(current(), a);
}

export function outcomeExplained(kind: OutcomeKind): string {
  return t(`outcome-explained.${kind}`);
}

export function commandWords(scenario: Scenario, command: Command): string {
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const title = (id: string) => ix.paragraph.get(id)?.title ?? id;
  switch (command.type) {
    case 'consult':
      return t('command.consult', { target: name(command.target), paragraph: title(command.paragraph) });
    case 'lobby':
      return t('command.lobby', { target: name(command.target), paragraph: title(command.paragraph), approach: approachWords(command.approach) });
    case 'propose': {
      const p = ix.paragraph.get(command.paragraph);
      return t('command.propose', { wording: p ? variantLabel(p, command.variant) : command.variant, paragraph: title(command.paragraph) });
    }
    case 'offer-linkage':
      return t('command.offer-linkage', { target: name(command.target), give: title(command.give), get: title(command.get) });
    case 'enlist-broker':
      return t('command.enlist-broker', { target: name(command.broker), paragraph: title(command.paragraph) });
    case 'bracket':
    case 'unbracket':
    case 'call-adoption':
    case 'record-footnote':
    case 'move-to-chair-summary':
      return t(`command.${command.type}`, { paragraph: title(command.paragraph) });
    case 'walk-out':
    case 'end-slot':
      return t(`command.${command.type}`);
    case 'answer-offer':
      return t('command.answer-offer', { accept: command.accept });
    default:
      return command.type;
  }
}

/** "2 March 2023" from "2023-03-02", as the page's language writes a date. */
export function longDate(iso: string): string {
  return current().date(iso);
}

/** The first sentence of a summary, for a card (Latin, Devanagari and CJK full stops alike). */
export function firstSentence(text: string): string {
  const cjk = text.search(/[。！？]/);
  const end = text.search(/[.!?।؟](\s|$)/);
  const cut = [cjk, end].filter((i) => i >= 0);
  return cut.length === 0 ? text : text.slice(0, Math.min(...cut) + 1);
}

/** Why the engine refuses a command, in the page's language: English keeps the engine's own sentence. */
export function refusalWords(refusal: { code: string; message: string; problem?: WordsData }): string {
  if (current().lang === 'en') return refusal.message;
  // A malformed command's refusal names its field: its words say which, where the language has them all.
  if (refusal.problem && canWord(current(), refusal.problem)) return problemWordsIn(current(), refusal.problem);
  return t(`refusal.${refusal.code}`);
}
