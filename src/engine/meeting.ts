// The engine's public face: open a meeting, give it commands, read its state, views and outcome,
// and persist or restore it mid-game. The browser, the CLI and the classroom server all use this.
import { createActor, type Actor, type Snapshot } from 'xstate';
import { CommandSchema, refusal, type Command, type Refusal } from '../domain/commands.ts';
import { hashOf, stateHash } from '../domain/hash.ts';
import { outcomeOf, type Outcome } from '../domain/outcome.ts';
import { checkCommand, openMeeting } from '../domain/rules.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import type { Difficulty, MeetingConfig, MeetingState, Role } from '../domain/state.ts';
import { viewFor, type MeetingView, type Viewer } from '../domain/view.ts';
import { createMeetingMachine, type MeetingMachine } from './meeting-machine.ts';
import { ENGINE_VERSION, REPLAY_FORMAT } from './version.ts';

export type SendResult = { ok: true } | { ok: false; refusal: Refusal };

/** A meeting saved mid-game: the machine's persisted snapshot plus the command log that led to it. */
export interface SavedMeeting {
  format: number;
  engineVersion: string;
  scenario: { id: string; hash: string };
  seed: string;
  role: Role;
  difficulty: Difficulty;
  commands: Command[];
  snapshot: unknown;
}

const machines = new WeakMap<Scenario, MeetingMachine>();
const scenarioHashes = new WeakMap<Scenario, string>();

/** The scenario's content hash (canonical JSON), cached per scenario object. */
export function scenarioHash(scenario: Scenario): string {
  let hash = scenarioHashes.get(scenario);
  if (!hash) {
    hash = hashOf(scenario);
    scenarioHashes.set(scenario, hash);
  }
  return hash;
}

function machineFor(scenario: Scenario): MeetingMachine {
  let machine = machines.get(scenario);
  if (!machine) {
    machine = createMeetingMachine(scenario);
    machines.set(scenario, machine);
  }
  return machine;
}

export class Meeting {
  readonly scenario: Scenario;
  private readonly actor: Actor<MeetingMachine>;
  private readonly log: Command[];

  private constructor(scenario: Scenario, actor: Actor<MeetingMachine>, log: Command[]) {
    this.scenario = scenario;
    this.actor = actor;
    this.log = log;
  }

  /** Opens a new meeting of `scenario` with the given seed, role and difficulty. */
  static open(scenario: Scenario, config: MeetingConfig): Meeting {
    const input = openMeeting(scenario, scenarioHash(scenario), config);
    const actor = createActor(machineFor(scenario), { input });
    actor.start();
    return new Meeting(scenario, actor, []);
  }

  /** Restores a meeting saved by `persist()`; it continues exactly as the uninterrupted game would. */
  static restore(scenario: Scenario, saved: SavedMeeting): Meeting {
    if (saved.scenario.hash !== scenarioHash(scenario)) {
      throw new Error(`the saved game was played on a different version of "${saved.scenario.id}" (scenario hash differs)`);
    }
    // The input is ignored when a snapshot is given; XState's types still ask for one.
    const snapshot = saved.snapshot as Snapshot<unknown> & { context: MeetingState };
    const actor = createActor(machineFor(scenario), { snapshot: snapshot as never, input: snapshot.context });
    actor.start();
    return new Meeting(scenario, actor, [...saved.commands]);
  }

  /** The full state (for the instructor, tests and hashing); players should read `view()`. */
  get state(): MeetingState {
    return this.actor.getSnapshot().context;
  }

  /** The machine's phase: opening, inSession, finalReading, paused or closed. */
  get phase(): string {
    return String(this.actor.getSnapshot().value);
  }

  get commands(): readonly Command[] {
    return this.log;
  }

  get closed(): boolean {
    return this.state.closed;
  }

  /** Checks a command without giving it. */
  check(command: Command): Refusal | null {
    return checkCommand(this.scenario, this.state, command);
  }

  /** Gives a command; an illegal or malformed one is refused with a typed reason and changes nothing. */
  send(input: unknown): SendResult {
    const parsed = CommandSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, refusal: refusal('malformed-command', `malformed command at ${issue.path.join('.') || '(root)'}: ${issue.message}`) };
    }
    const command = parsed.data;
    const problem = this.check(command);
    if (problem) return { ok: false, refusal: problem };
    this.actor.send({ type: 'COMMAND', command });
    this.log.push(command);
    return { ok: true };
  }

  /** The state hash: see `stateHash` in the domain. */
  stateHash(): string {
    return stateHash(this.state);
  }

  outcome(): Outcome {
    return outcomeOf(this.scenario, this.state);
  }

  view(viewer: Viewer): MeetingView {
    return viewFor(this.scenario, this.state, viewer);
  }

  /** A JSON-safe save of the meeting as it stands. */
  persist(): SavedMeeting {
    const s = this.state;
    return {
      format: REPLAY_FORMAT,
      engineVersion: ENGINE_VERSION,
      scenario: s.scenario,
      seed: s.seed,
      role: s.role,
      difficulty: s.difficulty,
      commands: [...this.log],
      snapshot: this.actor.getPersistedSnapshot(),
    };
  }
}
