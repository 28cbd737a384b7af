// The AI that plays seats from outside the rules (a room of its own, src/ai, because the rules must not
// import it): the autopilot policy for any seat — the chair's in chair.ts, a delegation's in
// delegation.ts — chosen among the same commands a player has, each with its reason as a code.
import { Observation } from '../domain/observation.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import type { MeetingState } from '../domain/state.ts';
import type { LogRecord } from '../domain/log.ts';
import { seatDice } from '../rng/index.ts';
import { chairDecision } from './chair.ts';
import { delegationDecision } from './delegation.ts';
import type { Decision, Policy } from './support.ts';

export type { Decision, Policy } from './support.ts';

/**
 * How seats choose; recorded in every replay for information only. A replay binds to the rules
 * version (engineVersion), so improving the AI never invalidates a replay already shared.
 */
export const AI_VERSION = '2.0.0';

/** The autopilot: the chair's policy for the chair's seat, a delegation's for any other. */
export const autopilot: Policy = (obs, dice) => {
  if (obs.closed || obs.paused) return null;
  return obs.isChair ? chairDecision(obs, dice) : delegationDecision(obs, dice);
};

/** What `policy` would do in `seat` now, and why — for "Suggest a move" and scripted players. Changes nothing. */
export function advise(scenario: Scenario, state: MeetingState, seat: string, policy: Policy = autopilot, log: readonly LogRecord[] = []): Decision | null {
  return policy(new Observation(scenario, state, seat, log), seatDice(state.seed, seat, state.step));
}
