// The meeting's typed log: every act, reply, stance change, adoption, event and walk-out as a record of
// ids and numbers. Sentences are rendered from these records at the edge (src/narrate); nothing here is prose.
import type { Approach } from './scenario-schema.ts';

/** The stances a delegation voices on the text on the table, best to worst. */
export type StanceCode = 'support' | 'accept' | 'reserve' | 'object' | 'block';

/**
 * Why a delegation's flexibility (and so its stance) moved: a code with the ids it needs. Kept in the
 * state beside each flexibility and copied into stance records, so a reason is always the fact itself.
 */
export type Cause =
  | { code: 'tabled'; variant: string }
  | { code: 'lobbied'; by: string; approach: Approach }
  | { code: 'linkage'; with: string }
  | { code: 'event'; event: string }
  | { code: 'deadline' }
  | { code: 'bracketed' }
  | { code: 'opening' };

export const REASON_CODES = [
  // the chair
  'chair-sounds-out',
  'chair-asks-holdouts',
  'chair-gavels-unopposed',
  'chair-takes-up-bridge',
  'chair-strongest-unopposed',
  'chair-no-red-line',
  'chair-fewest-red-lines',
  'chair-lobbies-objector',
  'chair-final-reading',
  'chair-footnote',
  'chair-summary',
  // delegations
  'walk-out-provoked',
  'put-on-record',
  'concede-deadline',
  'bridge-drafted',
  'bridge-lobby',
  'defend-wording',
  'sound-out-trade',
  'trade',
  'coalition',
  'challenge',
  'broker-mandate',
  'dissociate-isolated',
  'chair-keeps-text',
  'chair-early-adoption',
  'chair-preferred-unopposed',
  'chair-tries-wording',
  'footnote-request',
  'footnote-lifted',
  'bridge-sound-out',
  'holdouts-came-round',
  // scripted strategies
  'skilled-consult',
  'skilled-enlist',
  'skilled-settle',
  'skilled-lobby',
  'skilled-footnote',
  'reckless-push',
  // seats played by programs
  'agent-refused',
  'agent-silent',
  'agent-failed',
  'nothing-to-do',
  'answer-accept',
  'answer-decline',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Why a seat chose a command, as a code with parameters; only facts the seat could see. */
export interface Reason {
  code: ReasonCode;
  /** Delegations the reason names, in the order the sentence names them. */
  delegations?: string[];
  paragraph?: string;
  variant?: string;
  /** A count (holdouts, refusals) or a chance in percent, as the code says. */
  count?: number;
  chance?: number;
  /** A bloc's name as the scenario spells it (an id, not prose). */
  bloc?: string;
}

interface At {
  /** The command after which the record was written (1-based; 0 for the opening). */
  step: number;
  /** Absolute slot number (0-based across the schedule). */
  slot: number;
}

export type LogRecord = At &
  (
    | { kind: 'opened' }
    | { kind: 'slot-opened'; session: string; slotId: string; minutes: number }
    | { kind: 'closed'; by: 'clock' | 'instructor' }
    | { kind: 'consulted'; actor: string; target: string; paragraph: string; reason?: Reason }
    | { kind: 'lobbied'; actor: string; target: string; paragraph: string; approach: Approach; moved: boolean; brokered?: boolean; reason?: Reason }
    | { kind: 'tabled'; actor: string; paragraph: string; variant: string; reason?: Reason }
    | { kind: 'amendment'; actor: string; paragraph: string; variant: string; reason?: Reason }
    | {
        kind: 'linkage';
        actor: string;
        target: string;
        give: string;
        get: string;
        accepted: boolean;
        declined?: 'distrust' | 'values-more';
        reason?: Reason;
      }
    | {
        kind: 'broker';
        actor: string;
        target: string;
        paragraph: string;
        accepted: boolean;
        declined?: 'not-a-broker' | 'distrust' | 'opposes';
        reason?: Reason;
      }
    | { kind: 'bracket'; actor: string; paragraph: string; on: boolean; reason?: Reason }
    | {
        kind: 'adoption';
        actor: string;
        paragraph: string;
        variant: string;
        adopted: boolean;
        dissenters: string[];
        reservations: string[];
        reason?: Reason;
      }
    | { kind: 'footnote'; actor: string; paragraph: string; dissenters: string[]; toSummary: boolean; reason?: Reason }
    | { kind: 'walk-out'; actor: string; reason?: Reason }
    /** The instructor undid a walk-out: the delegation is back at the table, no longer dissenting. */
    | { kind: 'readmitted'; actor: string }
    /** A member lets the others adopt a paragraph it cannot join, and states its own position. */
    | { kind: 'dissociation'; actor: string; paragraph: string; variant: string; reason?: Reason }
    /** A delegation comes to or leaves the table without protest: scheduled, by attendance, or by an event. */
    | { kind: 'attendance'; actor: string; present: boolean; by: 'schedule' | 'event' }
    | { kind: 'statement'; actor: string; paragraph?: string; event: string }
    | { kind: 'reopened'; paragraph: string; event: string }
    | {
        kind: 'offer';
        /** The offer's id: the step at which it was made. */
        offer: number;
        what: 'lobby' | 'linkage' | 'broker';
        actor: string;
        target: string;
        paragraph?: string;
        approach?: Approach;
        give?: string;
        get?: string;
        reason?: Reason;
      }
    | { kind: 'offer-answered'; offer: number; what: 'lobby' | 'linkage' | 'broker'; actor: string; target: string; accept: boolean; lapsed?: boolean; reason?: Reason }
    | { kind: 'slot-ended'; actor: string; reason?: Reason }
    | { kind: 'message'; actor: string; target: string; text: string }
    | { kind: 'seat'; target: string; to: 'human' | 'ai' }
    | { kind: 'pause'; paused: boolean }
    | { kind: 'slot-closed-by-instructor' }
    | { kind: 'event'; event: string }
    | { kind: 'bulletin'; title: string; text: string }
    | { kind: 'stance'; actor: string; paragraph: string; variant: string; from: StanceCode; to: StanceCode; cause: Cause }
  );

export type RecordKind = LogRecord['kind'];
export type RecordOf<K extends RecordKind> = Extract<LogRecord, { kind: K }>;

/** Records only those who took part (and the instructor) may read: consultations and private messages. */
export function isPrivate(record: LogRecord): boolean {
  return record.kind === 'consulted' || record.kind === 'message';
}

/** The delegation that acted in a record, if any. */
export function actorOf(record: LogRecord): string | undefined {
  return 'actor' in record ? record.actor : undefined;
}

/** The other delegation a record names (the one consulted, lobbied, offered a trade or asked to broker). */
export function targetOf(record: LogRecord): string | undefined {
  return 'target' in record ? record.target : undefined;
}

/** The paragraph a record is about, if it is about one. */
export function paragraphOf(record: LogRecord): string | undefined {
  return 'paragraph' in record ? record.paragraph : undefined;
}
