// What each role may see: stances and the draft are public in the room; positions and red lines only
// once consulted, and consultations only by those who took part. The instructor sees everything.
import type { Position, Scenario } from './scenario-schema.ts';
import { seatOfRole, type MeetingState, type Role, type TranscriptEntry } from './state.ts';

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
  draft: MeetingState['draft'];
  stances: MeetingState['stances'];
  walkedOut: string[];
  /** positions[delegation][paragraph]: only what the viewer knows (its own, and what it consulted). */
  positions: Record<string, Record<string, Position>>;
  transcript: TranscriptEntry[];
}

/** The state as `viewer` is entitled to see it. */
export function viewFor(scenario: Scenario, s: MeetingState, viewer: Viewer): MeetingView {
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
    viewer,
    seat,
    step: s.step,
    clock: s.clock,
    closed: s.closed,
    paused: s.paused,
    minutesLeft: seat ? (s.minutesLeft[seat] ?? 0) : null,
    draft: s.draft,
    stances: s.stances,
    walkedOut: s.walkedOut,
    positions,
    transcript: all ? s.transcript : s.transcript.filter((e) => !e.private || (seat !== null && (e.actor === seat || e.target === seat))),
  };
}
