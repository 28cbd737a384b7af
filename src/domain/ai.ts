// The autopilot: what an AI seat does next, chosen among the same commands a player has, each with the
// reason it gives. The chair's policy is in ai-chair.ts, the delegations' in ai-delegation.ts.
import type { Command } from './commands.ts';
import type { Scenario } from './scenario-schema.ts';
import type { MeetingState } from './state.ts';
import { chairDecision } from './ai-chair.ts';
import { delegationDecision } from './ai-delegation.ts';
import type { Decision, Policy } from './ai-support.ts';

export type { Decision, Policy } from './ai-support.ts';

/**
 * The next decision of an AI seat. Draws advance `s.rng`: call it only while applying a command
 * (the close of a slot), never from outside the engine — use `advise` or `decide` there.
 */
export function chooseCommand(scenario: Scenario, s: MeetingState, seat: string): Decision | null {
  if (s.closed || s.paused) return null;
  return seat === scenario.presidency.chair ? chairDecision(scenario, s, seat) : delegationDecision(scenario, s, seat);
}

/** Runs a policy on a view of `s` whose random streams are copies, so asking never alters the game. */
export function withoutSideEffects(policy: Policy, scenario: Scenario, s: MeetingState, seat: string): Decision | null {
  const rng = { events: { ...s.rng.events }, ai: { ...s.rng.ai }, lobbying: { ...s.rng.lobbying } };
  return policy(scenario, { ...s, rng }, seat);
}

/** What the autopilot would do in `seat` now, and why — for a hint or a scripted player. Changes nothing. */
export function advise(scenario: Scenario, s: MeetingState, seat: string): Decision | null {
  return withoutSideEffects(chooseCommand, scenario, s, seat);
}

/** The command the autopilot would give in `seat` now; changes nothing. */
export function decide(scenario: Scenario, s: MeetingState, seat: string): Command | null {
  return advise(scenario, s, seat)?.command ?? null;
}
