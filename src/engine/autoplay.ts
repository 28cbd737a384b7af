// Plays a meeting to its close from outside the rules: the conductor asks each seat for its command in
// turn — the player's seat by a scripted policy or a program, the AI seats by theirs (the chair first,
// then the scenario's order, then brokers) — and the clock is moved on by the instructor when nobody plays.
import { refusal, type Command, type Refusal } from '../domain/commands.ts';
import type { ObservationJson } from '../domain/observation.ts';
import type { Reason } from '../domain/log.ts';
import { atTable, INSTRUCTOR, seatOfRole } from '../domain/state.ts';
import { autopilot, type Policy } from '../ai/autopilot.ts';
import { withReason } from '../ai/support.ts';
import type { Meeting } from './meeting.ts';

/** A bound on commands per game, far above any real game, so a faulty policy cannot loop forever. */
const MAX_COMMANDS = 20_000;
/** A seat played by a program may be refused this many times in a row before its slot is ended for it. */
export const REFUSALS_ALLOWED = 3;

/** The seat that moves next when the slot is open: the role's seat, unless it has left or ended the slot. */
function openSeat(meeting: Meeting): string | null {
  const seat = seatOfRole(meeting.scenario, meeting.state.role);
  if (seat === null) return null;
  const s = meeting.state;
  if (!atTable(s, seat) || s.slotEnded.includes(seat) || !s.humanSeats.includes(seat)) return null;
  return seat;
}

/** The scripted player's next command for `seat` under `policy`, or ending the slot. */
export function scriptedCommand(meeting: Meeting, seat: string | null, policy: Policy = autopilot): Command {
  if (seat === null) return { type: 'advance-slot', actor: INSTRUCTOR };
  const decision = meeting.decide(seat, policy);
  const choice = decision ? withReason(decision) : null;
  if (choice && meeting.check(choice) === null) return choice;
  return { type: 'end-slot', actor: seat };
}

/**
 * Plays until the meeting closes; the role's seat follows `policy` (the autopilot by default). A player
 * who has walked out watches the rest: the clock is moved on for it, as for a game nobody plays.
 */
export function playOut(meeting: Meeting, policy: Policy = autopilot): void {
  for (let n = 0; !meeting.closed; n++) {
    if (n >= MAX_COMMANDS) throw new Error(`the game did not close after ${MAX_COMMANDS} commands`);
    if (meeting.turn !== null) {
      meeting.conduct();
      continue;
    }
    const seat = openSeat(meeting);
    if (seat === null) {
      const result = meeting.give({ type: 'advance-slot', actor: INSTRUCTOR });
      if (!result.ok) throw new Error(`the clock's advance-slot was refused: ${result.refusal.message}`);
      continue;
    }
    // Legality is checked once, by the engine: a refused choice ends the player's slot instead.
    const decision = meeting.decide(seat, policy);
    if (decision && meeting.give(withReason(decision)).ok) continue;
    const result = meeting.give({ type: 'end-slot', actor: seat });
    if (!result.ok) throw new Error(`the scripted player's end-slot was refused: ${result.refusal.message}`);
  }
}

/** A seat played by a program outside (a module or a process): given the observation, it answers a command. */
export interface SeatAgent {
  /** The next command, or null to end the slot; `refused` is the refusal of its last answer, if any. */
  choose(observation: ObservationJson, refused: Refusal | null): Promise<unknown>;
  close(): void | Promise<void>;
}

/** How an agent's turn ended for it, said in the transcript as the end-slot's reason. */
function endFor(seat: string, code: Reason['code'], count?: number): Command {
  return { type: 'end-slot', actor: seat, reason: { code, ...(count !== undefined ? { count } : {}) } };
}

/**
 * Plays until the meeting closes with some seats played by programs. The meeting must have been opened
 * with `conduct: false`: every turn, the AI's included, is asked for here. A program that is refused
 * three times in a row, or that fails or falls silent, has its slot ended and the transcript says so.
 */
export async function playOutWith(meeting: Meeting, agents: Readonly<Record<string, SeatAgent>>, policy: Policy = autopilot): Promise<void> {
  const refusals = new Map<string, number>();
  for (let n = 0; !meeting.closed; n++) {
    if (n >= MAX_COMMANDS) throw new Error(`the game did not close after ${MAX_COMMANDS} commands`);
    const seat = meeting.turn ?? openSeat(meeting);
    const agent = seat ? agents[seat] : undefined;
    if (!seat || !agent) {
      const command = seat && meeting.turn === seat ? closingCommand(meeting, seat) : scriptedCommand(meeting, seat, policy);
      const result = meeting.send(command);
      if (!result.ok) throw new Error(`the ${command.type} of ${command.actor} was refused: ${result.refusal.message}`);
      continue;
    }
    let refused: Refusal | null = null;
    let command: Command | null = null;
    for (;;) {
      let answer: unknown;
      try {
        answer = await agent.choose(meeting.observe(seat).toJSON(), refused);
      } catch (error) {
        command = endFor(seat, (error as { code?: string }).code === 'timeout' ? 'agent-silent' : 'agent-failed');
        break;
      }
      if (answer === null || answer === undefined) {
        command = { type: 'end-slot', actor: seat };
        break;
      }
      // A program plays its own seat and nobody else's: another delegation's or the instructor's command is refused.
      const actor = typeof answer === 'object' && !Array.isArray(answer) ? (answer as { actor?: unknown }).actor : seat;
      const attempt =
        actor !== undefined && actor !== seat
          ? ({ ok: false, refusal: refusal('not-your-seat', `this program plays ${seat}: its commands have "actor": "${seat}", not ${JSON.stringify(actor)?.slice(0, 40)}`) } as const)
          : meeting.send(answer);
      if (attempt.ok) {
        refusals.set(seat, 0);
        break; // applied; command stays null
      }
      refused = attempt.refusal;
      const count = (refusals.get(seat) ?? 0) + 1;
      refusals.set(seat, count);
      if (count >= REFUSALS_ALLOWED) {
        command = endFor(seat, 'agent-refused', count);
        break;
      }
    }
    // An accepted command is already applied; anything else ends the program's slot now, and its count
    // of refusals starts again with its next slot.
    if (command !== null) {
      refusals.set(seat, 0);
      if (!meeting.closed && (meeting.turn === seat || openSeat(meeting) === seat)) {
        const result = meeting.send(command);
        if (!result.ok) throw new Error(`ending ${seat}'s slot was refused: ${result.refusal.message}`);
      }
    }
  }
}

/** An AI seat's closing-turn command from its own policy, or ending its turn. */
function closingCommand(meeting: Meeting, seat: string): Command {
  const decision = meeting.decide(seat);
  const choice = decision ? withReason(decision) : null;
  return choice && meeting.check(choice) === null ? choice : { type: 'end-slot', actor: seat };
}
