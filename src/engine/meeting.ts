// The engine's public face: open a meeting, give it commands, read its state, log, views and outcome,
// and save it. The browser, the CLI and the classroom server all use this.
//
// Why the meeting's phase is data and not an XState machine: the phase (dinner, working session,
// final reading, closing turns, paused, closed) is a function of the clock and the scenario's
// schedule, and a replay must be a plain fold of commands over one JSON state. A machine holding the
// phase would be a second copy of the clock, persisted apart from the state it follows. XState models
// what does live in time and outside the rules: the classroom session's lifecycle (session-machine.ts).
import { CommandSchema, commandText, refusal, type Command, type Refusal } from '../domain/commands.ts';
import { RunningDigest, stateHash } from '../domain/hash.ts';
import type { LogRecord } from '../domain/log.ts';
import { Observation } from '../domain/observation.ts';
import { outcomeOf, type Outcome } from '../domain/outcome.ts';
import { applyCommand, checkCommand, openMeeting } from '../domain/rules.ts';
import { rulesHash } from '../domain/scenario-hash.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import type { MeetingConfig, MeetingState } from '../domain/state.ts';
import { viewFor, type MeetingView, type Viewer } from '../domain/view.ts';
import { advise, autopilot, type Decision, type Policy } from '../ai/autopilot.ts';
import { withReason } from '../ai/support.ts';
import { seatDice } from '../rng/index.ts';
import { issueMessage, issueWords } from '../domain/validate.ts';

export type SendResult = { ok: true; applied: number } | { ok: false; refusal: Refusal };

/** A meeting's own log that does not reproduce it: an internal fault, never the user's doing. */
export class MeetingFault extends Error {}

/** How a meeting's AI seats are played: in process, right after a command (the default), or by a driver outside. */
export interface MeetingOptions {
  /** Policies for particular seats; every other AI seat plays `autopilot`. */
  seats?: Readonly<Record<string, Policy>>;
  /** The policy of every other AI seat (the autopilot with other global parameters, in the fidelity search). */
  autopilot?: Policy;
  /** False: the AI seats' closing turns are left to whoever drives the meeting (replays, async agents). */
  conduct?: boolean;
}

/** At most this many commands per AI seat in one closing turn, so a faulty policy cannot stall a slot. */
const TURN_LIMIT = 40;

export class Meeting {
  readonly scenario: Scenario;
  readonly #state: MeetingState;
  readonly #log: LogRecord[];
  readonly #commands: Command[] = [];
  // The command log's running SHA-256, brought up to date only when a hash is asked for.
  readonly #digest = new RunningDigest();
  #digested = 0;
  readonly #seats: Readonly<Record<string, Policy>>;
  readonly #autopilot: Policy;
  #conduct: boolean;
  #fault: string | null = null;
  // The command last checked, and at which step: giving that very command next is not checked twice.
  #checked: { command: Command; step: number } | null = null;

  private constructor(scenario: Scenario, state: MeetingState, log: LogRecord[], options: MeetingOptions) {
    this.scenario = scenario;
    this.#state = state;
    this.#log = log;
    this.#seats = options.seats ?? {};
    this.#autopilot = options.autopilot ?? autopilot;
    this.#conduct = options.conduct ?? true;
  }

  /** Opens a new meeting of `scenario` with the given seed, role and difficulty. */
  static open(scenario: Scenario, config: MeetingConfig, options: MeetingOptions = {}): Meeting {
    const log: LogRecord[] = [];
    const state = openMeeting(scenario, rulesHash(scenario), config, log);
    const meeting = new Meeting(scenario, state, log, options);
    // A player whose seat is away from the first slot has nothing to give: the AI seats go on at once.
    if (meeting.#conduct && state.turn !== null) meeting.conduct();
    return meeting;
  }

  /** The live state (for the instructor, tests and hashing): read it, never change it; players read `view()`. */
  get state(): Readonly<MeetingState> {
    return this.#state;
  }

  /** The typed log, oldest first: every record of every command, the AI's included. */
  get log(): readonly LogRecord[] {
    return this.#log;
  }

  /** Every command applied, by every seat, in order: what a replay holds. */
  get commands(): readonly Command[] {
    return this.#commands;
  }

  get closed(): boolean {
    return this.#state.closed;
  }

  /** Why the meeting stopped on an internal fault, or null. */
  get fault(): string | null {
    return this.#fault;
  }

  /**
   * The meeting's phase, read from its data: opening (talks only), inSession, finalReading, closing
   * (the AI seats' turns), paused or closed.
   */
  get phase(): 'opening' | 'inSession' | 'finalReading' | 'closing' | 'paused' | 'closed' {
    const s = this.#state;
    if (s.closed) return 'closed';
    if (s.paused) return 'paused';
    if (s.turn !== null) return 'closing';
    const kind = this.scenario.schedule[s.clock.session]?.kind;
    return kind === 'informal' ? 'opening' : kind === 'final-reading' ? 'finalReading' : 'inSession';
  }

  /** The seat whose closing turn it is, or null while the slot is open to everyone. */
  get turn(): string | null {
    return this.#state.turn;
  }

  /** Whether the AI seats are played in process after each command. */
  set conducting(on: boolean) {
    this.#conduct = on;
  }

  /** Checks a command without giving it. */
  check(command: Command): Refusal | null {
    if (this.#fault) return refusal('internal-fault', `The meeting stopped on an internal fault: ${this.#fault}`);
    const problem = checkCommand(this.scenario, this.#state, command);
    this.#checked = problem ? null : { command, step: this.#state.step };
    return problem;
  }

  /**
   * Gives a command; an illegal or malformed one is refused with a typed reason and changes nothing.
   * Then, unless told not to, the AI seats take any closing turns the command opened.
   */
  send(input: unknown): SendResult {
    const parsed = CommandSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const problem = { key: 'refusal.malformed-command-at', params: issueWords(issue, input) };
      return { ok: false, refusal: refusal('malformed-command', `malformed command: ${issueMessage(issue, input)}`, problem) };
    }
    const before = this.#commands.length;
    const problem = this.apply(parsed.data);
    if (problem) return { ok: false, refusal: problem };
    if (this.#conduct) this.conduct();
    return { ok: true, applied: this.#commands.length - before };
  }

  /**
   * Gives a command already typed by the program (a policy's choice, never a file or a message): the
   * same rules and log as `send`, without parsing its shape again.
   */
  give(command: Command): SendResult {
    const before = this.#commands.length;
    const problem = this.apply(command);
    if (problem) return { ok: false, refusal: problem };
    if (this.#conduct) this.conduct();
    return { ok: true, applied: this.#commands.length - before };
  }

  /**
   * Checks and applies one command, logging it. A fault inside the rules stops the meeting: the
   * command is not logged as applied, and it and every later command are refused with the fault's
   * message — a meeting is never left to carry on in a state nobody can trust.
   */
  private apply(command: Command): Refusal | null {
    // Legality is checked once per command: a caller that checked this very command first (the
    // classroom server checks before it stores) is not checked again.
    const checked = this.#checked !== null && this.#checked.command === command && this.#checked.step === this.#state.step;
    this.#checked = null;
    const problem = checked ? null : this.check(command);
    if (problem) return problem;
    try {
      applyCommand(this.scenario, this.#state, command, this.#log);
    } catch (error) {
      this.#fault = `${command.type} by ${command.actor} at step ${this.#state.step} failed inside the rules (${(error as Error).message}); the meeting has stopped — export or download it and report the problem`;
      return refusal('internal-fault', `The meeting stopped on an internal fault: ${this.#fault}`);
    }
    this.#commands.push(command);
    return null;
  }

  /** The AI seats' closing turns, in order, each through the same path as a player's command. */
  conduct(): void {
    let guard = 0;
    while (this.#state.turn !== null && !this.#state.closed && !this.#state.paused) {
      const seat = this.#state.turn;
      const decision = guard < TURN_LIMIT ? this.decide(seat) : null;
      // Checked once, by apply: a built-in policy's illegal choice, or none, ends its turn instead.
      const refused = decision ? this.apply(withReason(decision)) : true;
      if (refused) {
        this.apply({ type: 'end-slot', actor: seat });
        guard = 0;
      } else guard = this.#state.turn === seat ? guard + 1 : 0;
    }
  }

  /** The decision `seat`'s policy makes now on its own observation. */
  decide(seat: string, policy: Policy = this.#seats[seat] ?? this.#autopilot): Decision | null {
    return policy(this.observe(seat), seatDice(this.#state.seed, seat, this.#state.step));
  }

  /** What `seat` may see now. */
  observe(seat: string): Observation {
    return new Observation(this.scenario, this.#state, seat, this.#log);
  }

  /** "Suggest a move": the autopilot on the seat's own observation. Changes nothing. */
  advise(seat: string, policy: Policy = autopilot): Decision | null {
    return advise(this.scenario, this.#state, seat, policy, this.#log);
  }

  /** The state hash: see `stateHash` in the domain. */
  stateHash(): string {
    // The commands since the last hash go to the digest as one text: one call into the hash, not one per command.
    let text = '';
    for (; this.#digested < this.#commands.length; this.#digested++) text += `${commandText(this.#commands[this.#digested]!)}\n`;
    if (text !== '') this.#digest.update(text);
    return stateHash(this.#state, this.#digest.hex());
  }

  outcome(): Outcome {
    return outcomeOf(this.scenario, this.#state);
  }

  view(viewer: Viewer): MeetingView {
    return viewFor(this.scenario, this.#state, this.#log, viewer);
  }
}
