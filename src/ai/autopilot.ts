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
import type { Dice } from '../rng/index.ts';
import { gainsFromTrade, lobbyOdds } from '../domain/models.ts';
import { DEFAULT_PARAMETERS, type AiParameters } from './parameters.ts';

export type { Decision, Policy } from './support.ts';

/**
 * How seats choose; recorded in every replay for information only. A replay binds to the rules
 * version (engineVersion), so improving the AI never invalidates a replay already shared.
 */
export const AI_VERSION = '4.2.0';

/** The autopilot with a given set of the AI's global parameters (the fidelity search tries several). */
export function autopilotWith(parameters: AiParameters): Policy {
  return (obs, dice) => {
    if (obs.closed || obs.paused) return null;
    return answerOffers(obs, dice) ?? (obs.isChair ? chairDecision(obs, dice, parameters) : delegationDecision(obs, dice, parameters));
  };
}

/** The autopilot: the chair's policy for the chair's seat, a delegation's for any other; offers first. */
export const autopilot: Policy = autopilotWith(DEFAULT_PARAMETERS);

/**
 * The autopilot's answer to an offer made to its seat (a seat played on autopilot, or a person who
 * asked for a suggestion), by the same tests an AI delegation applies to itself: a linkage when it
 * gains more than it yields and trusts the offer; a broker's mandate when it is a bridge-builder that
 * trusts the asker and can live with the text; an appeal as often as the lobbying model says it moves.
 */
export function answerOffers(obs: Observation, dice: Dice): Decision | null {
  const offer = obs.offersToMe.find((o) => !obs.walkedOut.includes(o.from));
  if (!offer) return null;
  const me = obs.me;
  const trust = obs.trustIn(offer.from);
  let accept: boolean;
  if (offer.what === 'linkage') {
    accept = gainsFromTrade(me.positions[offer.give!]!.salience, me.positions[offer.get!]!.salience) && trust > -40;
  } else if (offer.what === 'broker') {
    const stance = obs.stance(offer.paragraph!, me.id);
    accept = me.broker >= 30 && trust >= -20 && stance !== 'object' && stance !== 'block';
  } else {
    // The lobbying model on its own figures: how far the appeal would move a delegation like itself.
    const chance = lobbyOdds({
      approach: offer.approach!,
      motive: me.motivations[offer.approach!],
      trust,
      cloutGap: obs.clout(offer.from) - obs.clout(me.id),
      salience: me.positions[offer.paragraph!]!.salience,
      times: 0,
      fatigue: 0,
      bandwagon: 0,
      brokerBonus: 0,
      linkages: 0,
      blocShared: true,
      playerBonus: 0,
    });
    accept = dice.chance(chance);
  }
  return {
    command: { type: 'answer-offer', actor: me.id, offer: offer.id, accept },
    why: { code: accept ? 'answer-accept' : 'answer-decline', delegations: [offer.from] },
  };
}

/** What `policy` would do in `seat` now, and why — for "Suggest a move" and scripted players. Changes nothing. */
export function advise(scenario: Scenario, state: MeetingState, seat: string, policy: Policy = autopilot, log: readonly LogRecord[] = []): Decision | null {
  return policy(new Observation(scenario, state, seat, log), seatDice(state.seed, seat, state.step));
}
