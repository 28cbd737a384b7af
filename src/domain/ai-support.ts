// What every AI policy shares: the decision type and small queries about a seat's time and knowledge.
import { COMMAND_MINUTES, type Command } from './commands.ts';
import type { Scenario } from './scenario-schema.ts';
import type { MeetingState } from './state.ts';

/** A command an AI (or scripted) seat chooses, with its reason in plain words for the transcript. */
export interface Decision {
  command: Command;
  why: string;
}

/** A seat's policy: its next decision, or null when it has nothing more to do this slot. */
export type Policy = (scenario: Scenario, s: MeetingState, seat: string) => Decision | null;

export function hasDone(s: MeetingState, seat: string, key: string): boolean {
  return s.doneThisSlot[`${seat}:${key}`] === true;
}

export function canAfford(s: MeetingState, seat: string, type: Command['type']): boolean {
  return (s.minutesLeft[seat] ?? 0) >= COMMAND_MINUTES[type];
}

/** Whether `seat` knows `target`'s position on a paragraph (its own, or learnt by consultation). */
export function knows(s: MeetingState, seat: string, target: string, pid: string): boolean {
  return seat === target || s.known[seat]?.[`${target}/${pid}`] === true;
}

/** How many initiatives the seat has taken this slot. */
export function initiativesTaken(s: MeetingState, seat: string): number {
  return s.initiatives[seat] ?? 0;
}
