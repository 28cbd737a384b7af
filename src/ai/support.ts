// What every seat policy shares: the decision it returns and the policy's shape. A policy sees only its
// seat's observation (src/domain/observation.ts) and draws only from the dice it is handed.
import type { Command } from '../domain/commands.ts';
import type { Reason } from '../domain/log.ts';
import type { Observation } from '../domain/observation.ts';
import type { Dice } from '../rng/index.ts';

/** A command a seat chooses, with its reason as a code: the transcript words it (src/narrate). */
export interface Decision {
  command: Command;
  why: Reason;
}

/** A seat's policy: its next decision, or null when it has nothing more to do this slot. */
export type Policy = (obs: Observation, dice: Dice) => Decision | null;

/** The decision's command with its reason attached, as it travels through the rules and the log. */
export function withReason(decision: Decision): Command {
  const c = decision.command;
  // Messages and the instructor's commands carry no reason: they are a person's own words or acts.
  if (c.type === 'message' || c.actor === 'INSTRUCTOR') return c;
  return { ...c, reason: decision.why } as Command;
}
