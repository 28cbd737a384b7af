// The classroom session's lifecycle as an XState 5 machine — lobby → running ⇄ paused → ended, with the
// slot timer — and the small façade (SessionLifecycle) through which the server drives it.
//
// Why a machine here and not in the meeting: which instructor action is legal when (no pause in the
// lobby, no second start) and the wall-clock slot timer live outside the rules and the replay. The
// machine holds no game state and imports no domain or server code: time comes in on the events
// (`now`) and through the actor's clock, and closing a slot is a callback the session provides (it
// logs an advance-slot). The durable record is the plain LifecycleRecord, not an XState snapshot:
// the session stores it with the command that changes it, and rebuilds the machine from it and the
// meeting on restore (persisted `after` timers have had restore bugs, and XState stamps them with the
// system clock). None of this is part of a replay: the meeting's course never depends on this machine.
import { assign, createActor, setup, transition, type Actor } from 'xstate';

export type LifecycleState = 'lobby' | 'running' | 'paused' | 'ended';

/** The lifecycle facts a session stores: enough to recreate the machine where it was. */
export interface LifecycleRecord {
  state: LifecycleState;
  /** Epoch ms at which the running slot's timer closes it; null when not running or without a timer. */
  deadline: number | null;
  /** While paused: the time the slot had left; null otherwise. */
  remainingMs: number | null;
}

interface LifecycleContext {
  /** One slot's length in ms; 0 means no slot timer. */
  slotMs: number;
  deadline: number | null;
  remainingMs: number | null;
  /** The time the deadline was armed at, so the delay is deadline − armedAt (the machine never reads a clock). */
  armedAt: number | null;
  /** The state the machine was created to be in (the lobby, or a restored record's). */
  opening: LifecycleState;
}

/** Events carry the wall-clock time they happen at; the session reads the clock, the machine does not. */
export type LifecycleEvent =
  | { type: 'START'; now: number }
  | { type: 'PAUSE'; now: number }
  | { type: 'RESUME'; now: number }
  | { type: 'END' }
  /** The meeting moved on to another slot (by the timer, the instructor or the game): it gets a full slot from `now`. */
  | { type: 'NEW_SLOT'; now: number };

export interface LifecycleInput {
  slotMs: number;
  /** The time the machine is created at (the base of a restored deadline's delay). */
  now: number;
  /** A new session begins in the lobby (the default); a restored one where its record says. */
  restore?: LifecycleRecord;
}

/** The clock the slot timer runs on: the global timers by default, XState's SimulatedClock in tests. */
export interface LifecycleClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Every event but END carries its time; END never needs it. */
const nowOf = (event: LifecycleEvent): number => ('now' in event ? event.now : 0);

const fullSlot = (context: LifecycleContext, now: number) => ({
  deadline: context.slotMs > 0 ? now + context.slotMs : null,
  armedAt: now,
  remainingMs: null,
});

/** The machine's context when created: a restored timer keeps its figures, and a missing one gets a full slot. */
function openingContext({ slotMs, now, restore }: LifecycleInput): LifecycleContext {
  const opening = restore?.state ?? 'lobby';
  const timed = slotMs > 0;
  return {
    slotMs,
    deadline: opening === 'running' && timed ? (restore!.deadline ?? now + slotMs) : null,
    remainingMs: opening === 'paused' && timed ? (restore!.remainingMs ?? slotMs) : null,
    armedAt: now,
    opening,
  };
}

export const sessionMachine = setup({
  types: {
    context: {} as LifecycleContext,
    events: {} as LifecycleEvent,
    input: {} as LifecycleInput,
  },
  actions: {
    /** Provided by the session: close the slot whose deadline passed (a logged advance-slot). */
    closeSlot: (_, _params: { deadline: number }) => {},
    armFullSlot: assign(({ context, event }) => fullSlot(context, nowOf(event))),
    // Should the slot not close (the advance-slot refused), the timer still comes round a slot later; when it
    // does close, the session's NEW_SLOT re-arms it from the moment the slot changed.
    armNextSlot: assign(({ context }) => ({ deadline: context.deadline! + context.slotMs, armedAt: context.deadline, remainingMs: null })),
    freeze: assign(({ context, event }) => ({
      remainingMs: context.deadline !== null ? Math.max(0, context.deadline - nowOf(event)) : null,
      deadline: null,
      armedAt: null,
    })),
    freezeFullSlot: assign(({ context }) => ({ remainingMs: context.slotMs > 0 ? context.slotMs : null })),
    thaw: assign(({ context, event }) => ({
      deadline: context.slotMs > 0 ? nowOf(event) + (context.remainingMs ?? context.slotMs) : null,
      armedAt: nowOf(event),
      remainingMs: null,
    })),
    disarm: assign({ deadline: null, remainingMs: null, armedAt: null }),
  },
  guards: {
    opensAs: ({ context }, params: { state: LifecycleState }) => context.opening === params.state,
    timed: ({ context }) => context.slotMs > 0 && context.deadline !== null,
  },
  delays: {
    /** The slot's deadline, as a delay from the moment it was armed. */
    slotDeadline: ({ context }) => Math.max(0, (context.deadline ?? 0) - (context.armedAt ?? 0)),
  },
}).createMachine({
  id: 'classroom-session',
  context: ({ input }) => openingContext(input),
  initial: 'opening',
  states: {
    // Transient: a new session goes to the lobby, a restored one to the state its record names.
    opening: {
      always: [
        { guard: { type: 'opensAs', params: { state: 'running' } }, target: 'running' },
        { guard: { type: 'opensAs', params: { state: 'paused' } }, target: 'paused' },
        { guard: { type: 'opensAs', params: { state: 'ended' } }, target: 'ended' },
        { target: 'lobby' },
      ],
    },
    lobby: {
      on: {
        START: { target: 'running', actions: 'armFullSlot' },
        END: { target: 'ended', actions: 'disarm' },
      },
    },
    running: {
      initial: 'arming',
      states: {
        arming: { always: [{ guard: 'timed', target: 'timing' }, { target: 'untimed' }] },
        timing: {
          after: {
            slotDeadline: {
              target: 'timing',
              reenter: true,
              actions: [{ type: 'closeSlot', params: ({ context }) => ({ deadline: context.deadline! }) }, 'armNextSlot'],
            },
          },
          on: { NEW_SLOT: { target: 'timing', reenter: true, actions: 'armFullSlot' } },
        },
        untimed: {},
      },
      on: {
        PAUSE: { target: 'paused', actions: 'freeze' },
        END: { target: 'ended', actions: 'disarm' },
      },
    },
    paused: {
      on: {
        RESUME: { target: 'running', actions: 'thaw' },
        // Closing turns left over from before the pause can move the clock on resume; the new slot starts whole.
        NEW_SLOT: { actions: 'freezeFullSlot' },
        END: { target: 'ended', actions: 'disarm' },
      },
    },
    ended: { type: 'final' },
  },
});

type Snapshot = ReturnType<Actor<typeof sessionMachine>['getSnapshot']>;

function stateOf(snapshot: Snapshot): LifecycleState {
  for (const state of ['lobby', 'running', 'paused', 'ended'] as const) if (snapshot.matches(state)) return state;
  throw new Error(`the session lifecycle is in no known state: ${JSON.stringify(snapshot.value)}`);
}

function recordOf(snapshot: Snapshot): LifecycleRecord {
  return { state: stateOf(snapshot), deadline: snapshot.context.deadline, remainingMs: snapshot.context.remainingMs };
}

/** A running session lifecycle: asks it what an event would do, sends events, reads its state and timer. */
export class SessionLifecycle {
  readonly #machine;
  readonly #actor: Actor<typeof sessionMachine>;
  #stopped = false;

  constructor(options: { input: LifecycleInput; onSlotDue: (deadline: number) => void; clock?: LifecycleClock }) {
    this.#machine = sessionMachine.provide({ actions: { closeSlot: (_, params) => options.onSlotDue(params.deadline) } });
    this.#actor = createActor(this.#machine, { input: options.input, ...(options.clock ? { clock: options.clock as never } : {}) });
    this.#actor.start();
  }

  get state(): LifecycleState {
    return stateOf(this.#actor.getSnapshot());
  }

  get record(): LifecycleRecord {
    return recordOf(this.#actor.getSnapshot());
  }

  /** Whether the slot timer is armed (running, with minutes per slot). */
  get timing(): boolean {
    return this.#actor.getSnapshot().matches({ running: 'timing' });
  }

  /** Whether the lifecycle's present state takes `event` (START only in the lobby, PAUSE only while running…). */
  accepts(event: LifecycleEvent): boolean {
    return !this.#stopped && this.#actor.getSnapshot().can(event);
  }

  /**
   * The record the lifecycle would have after `event`, without taking it (a pure transition), or
   * null when its state does not take the event: the session stores this record, then sends.
   */
  preview(event: LifecycleEvent): LifecycleRecord | null {
    const snapshot = this.#actor.getSnapshot();
    if (!this.accepts(event)) return null;
    const [next] = transition(this.#machine, snapshot, event);
    return recordOf(next);
  }

  /** Takes `event`; false (and nothing changes) when the present state does not take it. */
  send(event: LifecycleEvent): boolean {
    if (!this.accepts(event)) return false;
    this.#actor.send(event);
    return true;
  }

  /** Stops the actor and its timer (the session is closing). */
  stop(): void {
    this.#stopped = true;
    this.#actor.stop();
  }
}
