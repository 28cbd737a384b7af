// Which commands a seat may give now, decided from what that seat is allowed to see: its view plus two
// facts the view lacks (whether it ended the slot, and who withholds consensus where the chair may
// footnote), run through the same rules as the engine so a classroom client never guesses.
import type { Command, Refusal } from './commands.ts';
import { withholders } from './room.ts';
import { checkCommand } from './rules.ts';
import type { Scenario } from './scenario-schema.ts';
import { absoluteSlot, type MeetingState, type Stance } from './state.ts';
import type { MeetingView } from './view.ts';

/**
 * What a seat needs beside its view to check its own commands exactly. Both are public in the room:
 * a seat sees itself end the slot, and everyone hears who kept a paragraph from consensus.
 */
export interface SeatFacts {
  slotEnded: boolean;
  /** For the chair only: who withholds consensus on each open paragraph that has been put to adoption. */
  withholders: Record<string, string[]>;
}

/** The facts for `seat`, computed by whoever holds the full state (the classroom server). */
export function seatFacts(scenario: Scenario, state: MeetingState, seat: string): SeatFacts {
  const found: Record<string, string[]> = {};
  // Only footnotes and the chair's summary read who withholds, and only the chair may give them.
  if (seat === scenario.presidency.chair && !state.closed) {
    for (const p of scenario.paragraphs) {
      const draft = state.draft[p.id];
      if (draft?.status === 'open' && draft.attempts > 0) found[p.id] = withholders(scenario, state, p);
    }
  }
  return { slotEnded: state.slotEnded.includes(seat), withholders: found };
}

/**
 * The engine's answer to `command` by the view's seat, from the view and the facts alone: null when
 * the rules allow it, otherwise the refusal the engine would give. A stand-in state carries only
 * what the rules read for a seat's command; the test "availability" holds it equal to checkCommand.
 */
export function checkOnView(scenario: Scenario, view: MeetingView, facts: SeatFacts, command: Command): Refusal | null {
  const seat = view.seat;
  const stances: MeetingState['stances'] = { ...view.stances };
  const reactions: MeetingState['reactions'] = {};
  for (const [pid, ids] of Object.entries(facts.withholders)) {
    const variant = view.draft[pid]?.variant;
    if (variant === undefined) continue;
    // The room's recorded reaction is what the rules read for the withholders; its stances do not matter.
    reactions[pid] = { [variant]: Object.fromEntries(ids.map((id): [string, Stance] => [id, 'object'])) };
    stances[pid] ??= {};
  }
  const standIn = {
    closed: view.closed,
    paused: view.paused,
    clock: view.clock,
    draft: view.draft,
    stances,
    reactions,
    walkedOut: view.walkedOut,
    away: view.away ?? [],
    minutesLeft: seat ? { [seat]: view.minutesLeft ?? 0 } : {},
    slotEnded: seat && facts.slotEnded ? [seat] : [],
    humanSeats: seat ? [seat] : [],
    eventsDealt: [],
    // The server conducts the AI seats' closing turns before it sends a view: a view is never mid-turn.
    turn: null,
    // The seat's own messages this slot, counted from its view: the rules cap them per slot.
    quiet: seat ? { [seat]: view.transcript.filter((r) => r.kind === 'message' && r.actor === seat && r.slot === absoluteSlot(scenario, view.clock)).length } : {},
    // The offers to and from the seat are in its view: enough to check its answers.
    offers: view.offers ?? [],
  } as unknown as MeetingState;
  return checkCommand(scenario, standIn, command);
}
