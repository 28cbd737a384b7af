// Plays a meeting to its close: the player's seat (if any) by the scripted player, every other seat
// by the AI, and the clock moved on by the instructor when nobody plays.
import { chooseCommand, withoutSideEffects, type Policy } from '../domain/ai.ts';
import type { Command } from '../domain/commands.ts';
import { seatOfRole, INSTRUCTOR } from '../domain/state.ts';
import type { Meeting } from './meeting.ts';

/** A bound on commands per game, far above any real game, so a faulty policy cannot loop forever. */
const MAX_COMMANDS = 10_000;

/** The scripted player's next command for `seat` under `policy` (the autopilot by default), or ending the slot. */
export function scriptedCommand(meeting: Meeting, seat: string | null, policy: Policy = chooseCommand): Command {
  if (seat === null) return { type: 'advance-slot', actor: INSTRUCTOR };
  const choice = withoutSideEffects(policy, meeting.scenario, meeting.state, seat)?.command;
  if (choice && meeting.check(choice) === null) return choice;
  return { type: 'end-slot', actor: seat };
}

/** Plays until the meeting closes; the player's seat follows `policy` (the autopilot by default). */
export function playOut(meeting: Meeting, policy: Policy = chooseCommand): void {
  const seat = seatOfRole(meeting.scenario, meeting.state.role);
  for (let n = 0; !meeting.closed; n++) {
    if (n >= MAX_COMMANDS) throw new Error(`the game did not close after ${MAX_COMMANDS} commands`);
    const command = scriptedCommand(meeting, seat, policy);
    const result = meeting.send(command);
    if (!result.ok) throw new Error(`the scripted player's ${command.type} was refused: ${result.refusal.message}`);
  }
}
