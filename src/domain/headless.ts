// A whole game without the engine's machine, for batch runs: the same rules and the same result as a
// game played through the engine (a test holds them equal), at the cost of the domain functions alone.
import { withoutSideEffects, type Policy } from './ai.ts';
import type { Command } from './commands.ts';
import { applyCommandInPlace, checkCommand, openMeeting, withoutNarration } from './rules.ts';
import type { Scenario } from './scenario-schema.ts';
import { INSTRUCTOR, seatOfRole, type MeetingConfig, type MeetingState } from './state.ts';

const MAX_COMMANDS = 10_000;

/**
 * Plays a game to its close; the role's seat (if any) follows `policy`, every other seat the autopilot.
 * With `narrate: false` the transcript's reasons are left unworded: same game, same hash, faster.
 */
export function playHeadless(
  scenario: Scenario,
  scenarioHash: string,
  config: MeetingConfig,
  policy: Policy,
  opts: { narrate?: boolean } = {},
): MeetingState {
  const state = openMeeting(scenario, scenarioHash, config);
  if (opts.narrate === false) withoutNarration(state);
  const seat = seatOfRole(scenario, config.role);
  for (let n = 0; !state.closed; n++) {
    if (n >= MAX_COMMANDS) throw new Error(`the game did not close after ${MAX_COMMANDS} commands`);
    let command: Command = seat === null ? { type: 'advance-slot', actor: INSTRUCTOR } : { type: 'end-slot', actor: seat };
    if (seat !== null) {
      const choice = withoutSideEffects(policy, scenario, state, seat)?.command;
      if (choice && checkCommand(scenario, state, choice) === null) command = choice;
    }
    const refused = checkCommand(scenario, state, command);
    if (refused) throw new Error(`the scripted ${command.type} was refused: ${refused.message}`);
    applyCommandInPlace(scenario, state, command);
  }
  return state;
}
