// The meeting as an XState machine: its phases (opening dinner, working sessions, final reading,
// closed) and the pause, with the delegations kept as plain data that pure domain rules update.
// Why data and not one actor per delegation: every AI decision reads the whole room, and a single
// context keeps persistence, hashing and replay to one JSON value.
import { assign, setup } from 'xstate';
import type { Command } from '../domain/commands.ts';
import { applyCommand, checkCommand } from '../domain/rules.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { currentSession, type MeetingState } from '../domain/state.ts';

export type MeetingEvent = { type: 'COMMAND'; command: Command };

/** One machine per scenario: the scenario is static, so it stays out of the persisted context. */
export function createMeetingMachine(scenario: Scenario) {
  const sessionKind = (s: MeetingState) => currentSession(scenario, s)?.kind;
  const onCommand = { COMMAND: { guard: 'legal', actions: 'apply', target: 'routing' } } as const;
  return setup({
    types: {
      context: {} as MeetingState,
      input: {} as MeetingState,
      events: {} as MeetingEvent,
    },
    guards: {
      legal: ({ context, event }) => checkCommand(scenario, context, event.command) === null,
      closed: ({ context }) => context.closed,
      paused: ({ context }) => context.paused,
      informal: ({ context }) => sessionKind(context) === 'informal',
      finalReading: ({ context }) => sessionKind(context) === 'final-reading',
    },
    actions: {
      apply: assign(({ context, event }) => applyCommand(scenario, context, event.command)),
    },
  }).createMachine({
    id: 'meeting',
    context: ({ input }) => input,
    initial: 'routing',
    states: {
      // A transient state: the phase always follows from the clock in the context.
      routing: {
        always: [
          { guard: 'closed', target: 'closed' },
          { guard: 'paused', target: 'paused' },
          { guard: 'informal', target: 'opening' },
          { guard: 'finalReading', target: 'finalReading' },
          { target: 'inSession' },
        ],
      },
      opening: { on: onCommand },
      inSession: { on: onCommand },
      finalReading: { on: onCommand },
      paused: { on: onCommand },
      closed: { type: 'final' },
    },
  });
}

export type MeetingMachine = ReturnType<typeof createMeetingMachine>;
