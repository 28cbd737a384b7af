// What each role may see: stances and the draft are public in the room; positions and red lines only
// once consulted, and consultations only by those who took part. The instructor sees everything.
import { isPrivate, type LogRecord } from './log.ts';
import type { Position, Scenario } from './scenario-schema.ts';
import { seatOfRole, type MeetingState, type Role } from './state.ts';

export type Viewer = Role | 'INSTRUCTOR';

export interface MeetingView {
  viewer: Viewer;
  /** The viewer's own delegation, if it has one. */
  seat: string | null;
  step: number;
  clock: MeetingState['clock'];
  closed: boolean;
  paused: boolean;
  minutesLeft: number | null;
  /** Offers to or from the viewer's seat waiting for an answer (the instructor sees all). */
  offers: MeetingState['offers'];
  draft: MeetingState['draft'];
  stances: MeetingState['stances'];
  walkedOut: string[];
  /** Delegations not at the table without protest (absent, not yet arrived, gone home). */
  away: string[];
  /** positions[delegation][paragraph]: only what the viewer knows (its own, and what it consulted). */
  positions: Record<string, Record<string, Position>>;
  /** The log records the viewer may read, oldest first. */
  transcript: LogRecord[];
}

/** Whether `viewer` may read a record: private ones only by those who took part (and the instructor). */
export function canSee(scenario: Scenario, viewer: Viewer, record: LogRecord): boolean {
  if (viewer === 'INSTRUCTOR' || !isPrivate(record)) return true;
  const seat = seatOfRole(scenario, viewer);
  return seat !== null && 'actor' in record && (record.actor === seat || ('target' in record && record.target === seat));
}

/** The records from index `from` on that `viewer` may read (for sending only what is new). */
export function transcriptFor(scenario: Scenario, log: readonly LogRecord[], viewer: Viewer, from = 0): LogRecord[] {
  const out: LogRecord[] = [];
  for (let i = from; i < log.length; i++) if (canSee(scenario, viewer, log[i]!)) out.push(log[i]!);
  return out;
}

/** What every view opens with: who is looking, and where the meeting stands for them. */
export function viewHeader(
  scenario: Scenario,
  s: MeetingState,
  viewer: Viewer,
): Pick<MeetingView, 'viewer' | 'seat' | 'step' | 'clock' | 'closed' | 'paused' | 'minutesLeft' | 'offers'> {
  const seat = viewer === 'INSTRUCTOR' ? null : seatOfRole(scenario, viewer);
  return {
    viewer,
    seat,
    step: s.step,
    clock: s.clock,
    closed: s.closed,
    paused: s.paused,
    minutesLeft: seat ? (s.minutesLeft[seat] ?? 0) : null,
    offers: viewer === 'INSTRUCTOR' ? s.offers : seat ? s.offers.filter((o) => o.to === seat || o.from === seat) : [],
  };
}

/** The state as `viewer` is entitled to see it. */
export function viewFor(scenario: Scenario, s: MeetingState, log: readonly LogRecord[], viewer: Viewer): MeetingView {
  const all = viewer === 'INSTRUCTOR';
  const seat = all ? null : seatOfRole(scenario, viewer);
  const known = new Set(seat ? Object.keys(s.known[seat] ?? {}) : []);
  const positions: MeetingView['positions'] = {};
  for (const d of scenario.delegations) {
    for (const p of scenario.paragraphs) {
      if (all || d.id === seat || known.has(`${d.id}/${p.id}`)) (positions[d.id] ??= {})[p.id] = d.positions[p.id]!;
    }
  }
  return {
    ...viewHeader(scenario, s, viewer),
    draft: s.draft,
    stances: s.stances,
    walkedOut: s.walkedOut,
    away: s.away,
    positions,
    transcript: all ? [...log] : transcriptFor(scenario, log, viewer),
  };
}
