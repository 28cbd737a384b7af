// One classroom session, the authority: its meeting, command log, students, lifecycle (with the slot
// timer) and connected clients. Every change goes validate → apply → persist → acknowledge → broadcast,
// one at a time.
import { commandText, INSTRUCTOR_ONLY, type Command } from '../src/domain/commands.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { currentSession, currentSlot, INSTRUCTOR } from '../src/domain/state.ts';
import { seatFacts, type SeatFacts } from '../src/domain/availability.ts';
import { transcriptFor, viewFor, viewHeader, type MeetingView, type Viewer } from '../src/domain/view.ts';
import { brokenEvent, publicScenario } from '../src/domain/public-scenario.ts';
import type { Lang } from '../src/i18n/index.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { replayOf, resume, saveOf } from '../src/engine/replay.ts';
import { RosterBook } from '../src/domain/roster.ts';
import { SessionLifecycle, type LifecycleClock, type LifecycleEvent, type LifecycleRecord, type LifecycleState } from '../src/engine/session-machine.ts';
import type {
  BoardMessage,
  ControlMessage,
  ErrorMessage,
  InstructorAction,
  LearntMessage,
  ServerMessages,
  SessionStatus,
  StudentActivity,
  TeamInfo,
  TimerMessage,
  ViewText,
  WelcomeMessage,
} from '../src/net/protocol.ts';
import { displayCode } from '../src/net/protocol.ts';
import { scenarioIn, summaryOf } from './scenarios.ts';
import { nameKey } from './names.ts';
import { hashSecret, newId, newToken } from './secrets.ts';
import type { ClassroomStore, SessionMeta, SessionPatch, SessionRecord, StoredSession, StudentRecord } from './store/store.ts';
import { asWords, worded, type Worded } from './words.ts';

/**
 * A snapshot is written every this many commands, so a restart replays at most this many (about
 * 0.2 ms each). Not more often: a snapshot holds the whole state and log, and grows with the game.
 */
export const SNAPSHOT_EVERY = Number(process.env.CLASSROOM_SNAPSHOT_EVERY) > 0 ? Number(process.env.CLASSROOM_SNAPSHOT_EVERY) : 200;
/** Node fires a timer at once past 2^31−1 ms (24.8 days): a deadline further off (a long slot, extended) is waited for in steps. */
const MAX_TIMEOUT = 2 ** 31 - 1;
const LONG_CLOCK: LifecycleClock = {
  setTimeout(fn, ms) {
    const handle: { timer: NodeJS.Timeout | null } = { timer: null };
    const wait = (left: number) => {
      handle.timer = setTimeout(() => (left > MAX_TIMEOUT ? wait(left - MAX_TIMEOUT) : fn()), Math.min(left, MAX_TIMEOUT));
    };
    wait(ms);
    return handle;
  },
  clearTimeout(handle) {
    const timer = (handle as { timer: NodeJS.Timeout | null } | undefined)?.timer;
    if (timer) clearTimeout(timer);
  },
};

/** How many idempotency keys are remembered per student: far more than a page has unanswered at once. */
const KEYS_PER_STUDENT = 256;
/** The instructor's control room is refreshed at most this often. */
const CONTROL_EVERY_MS = 250;

/** One connected client as the session sees it; the transport fills in `send`. */
export interface Connection {
  readonly id: string;
  readonly role: 'student' | 'instructor' | 'projector';
  readonly studentId?: string;
  /** The language a student's scenario is sent in (its page's). */
  readonly lang?: Lang;
  send<K extends keyof ServerMessages>(type: K, message: ServerMessages[K]): void;
  /** Closes the client's connection (a kicked student, a revoked token); the transport fills it in. */
  close?(code: number, reason: string): void;
}

/** A revoked seat token is stored as a hash no token has: "revoked:" (may join again by name) or "kicked:" (may not). */
const REVOKED = 'revoked:';
const KICKED = 'kicked:';
/** The WebSocket close code a kicked or revoked student's connection is closed with. */
export const CLOSE_REMOVED = 4403;

function tokenStateOf(student: StudentRecord): 'valid' | 'revoked' | 'kicked' {
  return student.tokenHash.startsWith(KICKED) ? 'kicked' : student.tokenHash.startsWith(REVOKED) ? 'revoked' : 'valid';
}

/** The session's meta with the roster lock (kept in the same stored meta as the slot timer). */
type Meta = SessionMeta & {
  rosterLocked?: boolean;
  /**
   * Seat-token hashes changed after a student's first join (revoked, kicked, or given anew on joining
   * again by name), by student id: the store's student upsert keeps the first token hash, so these are
   * kept in the meta and win on restore.
   */
  tokens?: Record<string, string>;
  /** Who holds each team's pen, by delegation (a student id); absent or stale, the first member holds it. */
  pens?: Record<string, string>;
};

interface ConnectionState {
  conn: Connection;
  /** How much of the state's transcript this client has been sent. */
  sentTranscript: number;
  /** How many consultations of its seat the client's positions reflect. */
  sentKnown: number;
  /** The viewer its last view was made for (a seat change means a full view). */
  viewer: Viewer;
  /** The step of the last view sent: the client's commands must be based on it or later. */
  visibleStep: number;
  /** Clock, pause, closure and own minutes as last sent, to send a view only when something visible changed. */
  signature: string;
  /** What the student's scenario was last made from (seat, events, close): a change sends it whole again. */
  scenarioBasis: string;
  /** What the seat had learnt ("TARGET/paragraph") when its scenario was last brought up to date. */
  scenarioKnown: Set<string>;
  /** How many events had broken then. */
  scenarioEvents: number;
  /** The slot timer as last sent to a student. */
  sentTimer: string;
}

interface Student extends StudentRecord {
  commands: number;
  lastActiveAt: number;
}

type Outcome = { ok: true; step: number } | { ok: false; error: Omit<ErrorMessage, 'id' | 'step'> };

/** A lifecycle change riding on a command: the event the machine takes and the record it leads to, stored with the command. */
interface LifecycleChange {
  event: LifecycleEvent;
  record: LifecycleRecord;
}

export class ClassroomSession {
  private readonly connections = new Map<string, ConnectionState>();
  /** Each student's recent idempotency keys (see studentCommand), kept across its connections. */
  private readonly commandKeys = new Map<string, Map<string, { command: string; outcome: Promise<Outcome> }>>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Lobby → running ⇄ paused → ended, and the slot timer: legal instructor actions are what its state takes. */
  private lifecycle: SessionLifecycle;
  /** The meeting's close has been handled (the snapshot written, the room told). */
  private endHandled: boolean;
  private controlTimer: NodeJS.Timeout | null = null;
  private lastSnapshotStep: number;
  /**
   * The shared tables as the last broadcast left them, row by row (paragraph → its JSON text): a delta
   * carries only the rows that changed since, so a lobby that moves one stance sends one row, not the
   * whole stance table and draft to each of a session's clients.
   */
  private readonly sentRows = { stances: new Map<string, string>(), draft: new Map<string, string>() };
  private lastWalkedOut = '';
  /** Called once when the meeting closes (the room stops counting the session against its creator's quota). */
  onEnded: (() => void) | null = null;
  /** Evidence for grading: who held which seat from which step, when they joined, and when they moved (domain/roster). */
  private readonly roster: RosterBook;

  private constructor(
    readonly record: SessionRecord,
    readonly scenario: Scenario,
    private readonly meeting: Meeting,
    private readonly students: Map<string, Student>,
    private readonly store: ClassroomStore,
    snapshotStep: number,
    private readonly log: (line: string) => void,
    lifecycle?: LifecycleRecord,
    roster?: RosterBook,
  ) {
    this.roster = roster ?? new RosterBook();
    this.lastSnapshotStep = snapshotStep;
    this.endHandled = meeting.closed;
    this.lifecycle = this.newLifecycle(lifecycle);
  }

  /** A new session: stored first, then opened paused, so nothing happens before the instructor starts it. */
  static async create(
    store: ClassroomStore,
    scenario: Scenario,
    record: Omit<SessionRecord, 'status' | 'meta'> & { meta?: SessionMeta },
    log: (line: string) => void,
  ): Promise<ClassroomSession> {
    const full: SessionRecord = { ...record, status: 'live', meta: record.meta ?? {} };
    await store.createSession(full);
    const meeting = Meeting.open(scenario, { seed: record.seed, role: 'OBSERVER', difficulty: record.difficulty });
    const session = new ClassroomSession(full, scenario, meeting, new Map(), store, 0, log);
    const opened = await session.enqueue(() => session.apply({ type: 'pause', actor: INSTRUCTOR }));
    if (!opened.ok) throw new Error(`cannot open the session: ${opened.error.message}`);
    return session;
  }

  /**
   * A session rebuilt from storage: the latest snapshot (a verified save), then every command logged
   * after it — the AI's included, so nothing is re-decided. Closing turns a crash interrupted are
   * played on after the restore, and their commands stored. The lifecycle machine is recreated in the
   * state the stored meta and the meeting say (see lifecycleFrom), its slot timer re-armed.
   */
  /**
   * The meeting a stored session holds, rebuilt from its snapshot and log alone: no timer, nothing
   * stored, the AI not asked — what a replay download of a closed room needs.
   */
  static rebuild(scenario: Scenario, stored: StoredSession): Meeting {
    const { record } = stored;
    let meeting: Meeting;
    if (stored.snapshot) {
      const resumed = resume(scenario, stored.snapshot.saved, { conduct: false });
      if (!resumed.ok) throw new Error(`session ${record.id}: its snapshot does not verify: ${resumed.problem.message}`);
      meeting = resumed.meeting;
      meeting.conducting = false;
    } else {
      meeting = Meeting.open(scenario, { seed: record.seed, role: 'OBSERVER', difficulty: record.difficulty }, { conduct: false });
    }
    for (const { step, command } of stored.commands) {
      if (step !== meeting.state.step + 1) {
        throw new Error(`session ${record.id}: the log jumps from step ${meeting.state.step} to ${step}`);
      }
      const result = meeting.send(command);
      if (!result.ok) throw new Error(`session ${record.id}: logged step ${step} is refused on replay: ${result.refusal.message}`);
    }
    return meeting;
  }

  /** A session rebuilt from storage to run again: its meeting, then the closing turns a crash interrupted. */
  static restore(store: ClassroomStore, scenario: Scenario, stored: StoredSession, log: (line: string) => void): ClassroomSession {
    const { record } = stored;
    const meeting = ClassroomSession.rebuild(scenario, stored);
    meeting.conducting = true;
    const tokens = (record.meta as Meta).tokens ?? {};
    const students = new Map(stored.students.map((s) => [s.id, { ...s, tokenHash: tokens[s.id] ?? s.tokenHash, commands: 0, lastActiveAt: 0 }]));
    let conducted: number | null = null;
    if (meeting.turn !== null) {
      conducted = meeting.commands.length;
      meeting.conduct();
    }
    const now = Date.now();
    const lifecycle = lifecycleFrom(record.meta, meeting, slotKeyOf(meeting), now);
    // The roster as of the last snapshot; students it does not know are entered with no join time.
    const roster = RosterBook.from(stored.snapshot?.saved.roster);
    roster.sync(students.values(), meeting.state.step, null);
    const session = new ClassroomSession(record, scenario, meeting, students, store, stored.snapshot?.step ?? 0, log, lifecycle, roster);
    if (conducted !== null) void session.enqueue(() => session.storeConducted(conducted));
    // The students' idempotency keys, as stored beside their commands: a resend after the restart is answered with that step.
    for (const { step, idem } of stored.keys ?? []) {
      const space = idem.indexOf(' ');
      const command = meeting.commands[step - 1];
      if (space < 0 || !command) continue;
      session.keysOf(idem.slice(0, space)).set(idem.slice(space + 1), { command: commandText(command), outcome: Promise.resolve({ ok: true, step }) });
    }
    return session;
  }

  get id(): string {
    return this.record.id;
  }

  get code(): string {
    return this.record.code;
  }

  get step(): number {
    return this.meeting.state.step;
  }

  get stateHash(): string {
    return this.meeting.stateHash();
  }

  /** The machine's state as the protocol names it (a paused session is running; its view says paused). */
  get status(): SessionStatus {
    const state = this.lifecycle.state;
    return state === 'paused' ? 'running' : state;
  }

  /** The lifecycle's own state: lobby, running, paused or ended. */
  get lifecycleState(): LifecycleState {
    return this.lifecycle.state;
  }

  /** The replay file of the session so far, in the same format as solo play. */
  replay() {
    return replayOf(this.meeting, { roster: this.roster.toRoster(this.step) });
  }

  /**
   * The replay of a stored session whose room is gone (an ended session after a restart): its meeting
   * rebuilt, and the roster of its last snapshot, which covers the meeting up to that snapshot's step.
   */
  static storedReplay(scenario: Scenario, stored: StoredSession) {
    const roster = stored.snapshot?.saved.roster;
    return replayOf(ClassroomSession.rebuild(scenario, stored), roster ? { roster } : {});
  }

  // -------------------------------------------------------------------------------------------
  // Students joining and leaving

  /** The student whose reconnection token this is, if any. */
  studentByToken(tokenHash: string): Student | undefined {
    for (const s of this.students.values()) if (s.tokenHash === tokenHash) return s;
    return undefined;
  }

  /**
   * Why a new student of this name cannot join, or null: the session has ended, the roster is full,
   * or a student of the same name (case, accents, width and look-alike letters aside) is in it.
   */
  rosterProblem(name: string, maxStudents: number): RosterError | null {
    if (this.status === 'ended') {
      return new RosterError(403, worded('net.roster-ended'));
    }
    if (this.rosterLocked) {
      return new RosterError(403, worded('net.roster-locked'));
    }
    const same = this.sameName(name);
    if (same && tokenStateOf(same) === 'kicked') return new RosterError(403, worded('net.roster-kicked', { name: same.name }));
    // A student whose token was revoked joins again by name and gets its record (and seat) back.
    if (same && tokenStateOf(same) === 'revoked') return null;
    if (same) return new RosterError(409, worded('net.roster-taken', { name: same.name }));
    if (this.students.size >= maxStudents) {
      return new RosterError(403, worded('net.roster-full', { count: this.students.size, max: maxStudents }));
    }
    return null;
  }

  private sameName(name: string, except?: string): Student | undefined {
    const key = nameKey(name);
    return [...this.students.values()].find((s) => s.id !== except && nameKey(s.name) === key);
  }

  /** Whether the instructor has locked the roster (no new names; tokens still rejoin). */
  get rosterLocked(): boolean {
    return (this.record.meta as Meta).rosterLocked === true;
  }

  /** Registers a new student (stored before it is told its seat) and gives it a free delegation. */
  addStudent(name: string, maxStudents = Infinity): Promise<{ student: Student; token: string }> {
    return this.enqueue(async () => {
      // Checked again in the queue: two students of one name may join at the same moment.
      const problem = this.rosterProblem(name, maxStudents);
      if (problem) throw problem;
      const token = newToken();
      const revoked = this.sameName(name);
      if (revoked && tokenStateOf(revoked) === 'revoked') {
        await this.storeToken(revoked, hashSecret(token));
        revoked.lastActiveAt = Date.now();
        this.log(`session ${displayCode(this.code)}: ${revoked.name} joins again by name with a new seat token`);
        this.broadcast();
        return { student: revoked, token };
      }
      const student: Student = { id: newId(), name, tokenHash: hashSecret(token), seat: this.freeSeat(), commands: 0, lastActiveAt: Date.now() };
      await this.store.saveStudent(this.id, student);
      this.students.set(student.id, student);
      this.roster.sync([student], this.step, new Date().toISOString());
      await this.reconcileSeats();
      this.log(`session ${displayCode(this.code)}: ${name} joins${student.seat ? ` as ${student.seat}` : ' without a seat'}`);
      this.teamsChanged([student.seat]);
      this.broadcast();
      return { student, token };
    });
  }

  /**
   * The first delegation no student holds, in scenario order, the chair last, as it is usually given
   * deliberately; with teams, once every delegation has one student, the first with one, and so on.
   */
  private freeSeat(): string | null {
    const chair = this.scenario.presidency.chair;
    const order = [...this.scenario.delegations.map((d) => d.id).filter((id) => id !== chair), chair];
    for (let size = 1; size <= this.teamSize; size++) {
      const seat = order.find((id) => this.membersOf(id).length < size && !this.meeting.state.walkedOut.includes(id));
      if (seat) return seat;
    }
    return null;
  }

  /** How many students the roster holds (the removed included: their names stay taken). */
  get studentCount(): number {
    return this.students.size;
  }

  /** Students per delegation (1 unless the session was created with teams). */
  get teamSize(): number {
    return this.record.meta.teamSize ?? 1;
  }

  /** The students playing a delegation, in the order they joined (the Map's order). */
  private membersOf(delegation: string): Student[] {
    return [...this.students.values()].filter((s) => s.seat === delegation);
  }

  /** Who holds a delegation's pen: the one the instructor gave it to, while still in the team; else the first member. */
  private penOf(delegation: string): Student | undefined {
    const members = this.membersOf(delegation);
    const given = (this.record.meta as Meta).pens?.[delegation];
    return members.find((s) => s.id === given) ?? members[0];
  }

  /** A seated student's team as it sees it, or null without a seat. */
  private teamOf(student: Student): TeamInfo | null {
    if (!student.seat) return null;
    const holder = this.penOf(student.seat)!;
    return { pen: holder.id === student.id, holder: holder.name, members: this.membersOf(student.seat).map((s) => s.name) };
  }

  /** Tells every connected member of these delegations' teams who is in the team now and who holds the pen. */
  private teamsChanged(delegations: Iterable<string | null>): void {
    const seats = new Set([...delegations].filter((d): d is string => d !== null));
    for (const state of this.connections.values()) {
      const student = state.conn.studentId ? this.students.get(state.conn.studentId) : undefined;
      if (student?.seat && seats.has(student.seat)) state.conn.send('seat', { seat: student.seat, team: this.teamOf(student) });
    }
  }

  /** A client has joined: it gets its welcome and its whole view. */
  attach(conn: Connection, token?: string): void {
    const viewer = this.viewerOf(conn);
    const state: ConnectionState = { conn, sentTranscript: 0, sentKnown: 0, viewer, visibleStep: 0, signature: '', scenarioBasis: '', scenarioKnown: new Set(), scenarioEvents: 0, sentTimer: '' };
    this.connections.set(conn.id, state);
    const student = conn.studentId ? this.students.get(conn.studentId) : undefined;
    if (student) student.lastActiveAt = Date.now();
    const welcome: WelcomeMessage = {
      role: conn.role,
      sessionId: this.id,
      code: this.code,
      displayCode: displayCode(this.code),
      status: this.status,
      difficulty: this.record.difficulty,
      minutesPerSlot: this.record.minutesPerSlot,
      scenario: summaryOf(this.scenario, conn.role === 'instructor'),
      ...(student ? { student: { id: student.id, name: student.name, seat: student.seat, team: this.teamOf(student) } } : {}),
      ...(token ? { token } : {}),
    };
    conn.send('welcome', welcome);
    this.sendTimer(state);
    this.sendFullView(state);
    if (conn.role === 'instructor') conn.send('control', this.control());
    if (conn.role === 'projector') conn.send('board', this.board());
    this.scheduleControl();
  }

  detach(connId: string): void {
    if (this.connections.delete(connId)) this.scheduleControl();
  }

  /** Sends the whole view again (a client's "sync" request). */
  resync(connId: string): void {
    const state = this.connections.get(connId);
    if (state) this.sendFullView(state);
  }

  // -------------------------------------------------------------------------------------------
  // Commands from students

  /**
   * A student's command: only as its own seat, only on the view it has, and only if the rules allow it.
   * With an idempotency key, a command this student already gave under that key (on this connection
   * or an earlier one) is answered with its first outcome and not applied again.
   */
  studentCommand(conn: Connection, expectedStep: number, command: Command, key?: string): Promise<Outcome> {
    const keys = key && conn.studentId ? this.keysOf(conn.studentId) : null;
    if (keys && key) {
      const seen = keys.get(key);
      // The canonical text: a command read back from the store may list its fields in another order.
      const text = commandText(command);
      if (seen) {
        if (seen.command !== text) return Promise.resolve(fail('bad-message', worded('net.idempotency-reused', { key })));
        return seen.outcome;
      }
      const outcome = this.commandNow(conn, expectedStep, command, `${conn.studentId} ${key}`);
      keys.set(key, { command: text, outcome });
      if (keys.size > KEYS_PER_STUDENT) keys.delete(keys.keys().next().value!);
      // Only what was applied is remembered: a refused command changed nothing, and may be given again.
      void outcome.then((o) => {
        if (!o.ok && keys.get(key)?.outcome === outcome) keys.delete(key);
      });
      return outcome;
    }
    return this.commandNow(conn, expectedStep, command);
  }

  /** The idempotency keys of one student's recent commands, with what each was answered. */
  private keysOf(studentId: string): Map<string, { command: string; outcome: Promise<Outcome> }> {
    let keys = this.commandKeys.get(studentId);
    if (!keys) this.commandKeys.set(studentId, (keys = new Map()));
    return keys;
  }

  private commandNow(conn: Connection, expectedStep: number, command: Command, idem?: string): Promise<Outcome> {
    return this.enqueue(async () => {
      const student = conn.studentId ? this.students.get(conn.studentId) : undefined;
      if (!student) return fail('forbidden', worded('net.student-only'));
      // Before anything that depends on the view: a command that arrives after the end, on whatever view
      // it was given (the closing one may still be on its way to the student), is answered "closed".
      if (this.meeting.closed) return fail('refused', worded('net.ended'), 'meeting-closed');
      if (!student.seat) return fail('no-seat', worded('net.no-seat'));
      if (command.actor !== student.seat) {
        return fail('not-your-seat', worded('net.not-your-seat', { seat: student.seat, actor: command.actor }));
      }
      if (INSTRUCTOR_ONLY.has(command.type)) return fail('forbidden', worded('net.instructor-command', { command: command.type }));
      if (!this.meeting.state.humanSeats.includes(student.seat)) {
        return fail('no-seat', worded('net.not-handed', { seat: student.seat }));
      }
      const pen = this.penOf(student.seat)!;
      if (pen.id !== student.id) {
        return fail('not-the-pen', worded('net.not-the-pen', { pen: pen.name, seat: student.seat }));
      }
      const step = this.step + 1;
      const outcome = await this.apply(command, { expectedStep, visibleStep: this.visibleStepOf(conn.id) }, undefined, idem);
      if (outcome.ok) {
        this.roster.move(student.id, student.seat, step, new Date().toISOString());
        student.commands += 1;
        student.lastActiveAt = Date.now();
        this.broadcast();
      }
      return outcome;
    });
  }

  // -------------------------------------------------------------------------------------------
  // The instructor's controls

  instructorAction(connId: string, action: InstructorAction, expectedStep: number | undefined): Promise<Outcome | { ok: true; step: number; replay: unknown }> {
    return this.enqueue(async () => {
      // After the end the view is not checked: what the action may still do (a replay, a rename) does not
      // depend on it, and what it may not is answered "closed" by the lifecycle or the rules, never "stale".
      if (expectedStep !== undefined && !this.meeting.closed) {
        const stale = this.staleness(expectedStep, this.visibleStepOf(connId));
        if (stale) return stale;
      }
      const outcome = await this.instructorActionNow(action);
      if (outcome.ok) this.broadcast();
      return outcome;
    });
  }

  private async instructorActionNow(action: InstructorAction): Promise<Outcome | { ok: true; step: number; replay: unknown }> {
    switch (action.kind) {
      case 'replay':
        return { ok: true, step: this.step, replay: this.replay() };
      case 'start': {
        const started = await this.lifecycleAction({ type: 'START', now: Date.now() }, { type: 'resume', actor: INSTRUCTOR });
        if (!started.ok) return started;
        await this.reconcileSeats();
        return { ok: true, step: this.step };
      }
      case 'pause':
        return this.lifecycleAction({ type: 'PAUSE', now: Date.now() }, { type: 'pause', actor: INSTRUCTOR });
      case 'resume': {
        const resumed = await this.lifecycleAction({ type: 'RESUME', now: Date.now() }, { type: 'resume', actor: INSTRUCTOR });
        if (!resumed.ok) return resumed;
        // Seats reassigned during the pause are handed over now.
        await this.reconcileSeats();
        return { ok: true, step: this.step };
      }
      case 'advance-slot':
        return this.apply({ type: 'advance-slot', actor: INSTRUCTOR });
      case 'end':
        return this.lifecycleAction({ type: 'END' }, { type: 'adjourn', actor: INSTRUCTOR });
      case 'inject-event':
        return this.apply({ type: 'inject-event', actor: INSTRUCTOR, event: action.event });
      case 'readmit': {
        if (!this.scenario.delegations.some((d) => d.id === action.delegation)) {
          return fail('not-found', worded('net.no-delegation', { delegation: action.delegation, scenario: this.scenario.meta.id }));
        }
        const readmitted = await this.apply({ type: 'readmit', actor: INSTRUCTOR, delegation: action.delegation });
        if (!readmitted.ok) return readmitted;
        // Its seat is free again for a student, or back in the hands of the one who holds it.
        await this.reconcileSeats();
        return { ok: true, step: this.step };
      }
      case 'seat': {
        const student = this.students.get(action.student);
        if (!student) return fail('not-found', worded('net.no-student', { student: action.student }));
        if (action.delegation !== null && !this.scenario.delegations.some((d) => d.id === action.delegation)) {
          return fail('not-found', worded('net.no-delegation', { delegation: action.delegation, scenario: this.scenario.meta.id }));
        }
        if (action.delegation === student.seat) return { ok: true, step: this.step };
        // A team with room takes the student in; a full one swaps it with the pen holder (alone on a seat: its holder).
        const room = action.delegation === null || this.membersOf(action.delegation).length < this.teamSize;
        const holder = room ? undefined : this.penOf(action.delegation!);
        // Joining a team leaves its pen where it is (the first member by join order might be the newcomer).
        const keeper = room && action.delegation !== null ? this.penOf(action.delegation) : undefined;
        if (keeper && (this.record.meta as Meta).pens?.[action.delegation!] !== keeper.id) {
          const meta: Meta = { ...this.record.meta, pens: { ...(this.record.meta as Meta).pens, [action.delegation!]: keeper.id } };
          await this.store.updateSession(this.id, { meta });
          this.record.meta = meta;
        }
        const previous = student.seat;
        student.seat = action.delegation;
        await this.store.saveStudent(this.id, student);
        // The holder, if any, takes the student's old seat: a swap keeps both in the game.
        if (holder) {
          holder.seat = previous;
          await this.store.saveStudent(this.id, holder);
          // In a full team the student takes the pen holder's place, and so its pen.
          if (this.teamSize > 1) {
            const meta: Meta = { ...this.record.meta, pens: { ...(this.record.meta as Meta).pens, [action.delegation!]: student.id } };
            await this.store.updateSession(this.id, { meta });
            this.record.meta = meta;
          }
        }
        await this.reconcileSeats();
        this.seatChanged(student);
        if (holder) this.seatChanged(holder);
        this.teamsChanged([previous, action.delegation]);
        return { ok: true, step: this.step };
      }
      case 'pen': {
        const student = this.students.get(action.student);
        if (!student) return fail('not-found', worded('net.no-student', { student: action.student }));
        if (!student.seat) return fail('refused', worded('net.no-pen', { name: student.name }));
        if (this.penOf(student.seat)?.id === student.id) return { ok: true, step: this.step };
        const meta: Meta = { ...this.record.meta, pens: { ...(this.record.meta as Meta).pens, [student.seat]: student.id } };
        await this.store.updateSession(this.id, { meta });
        this.record.meta = meta;
        this.log(`session ${displayCode(this.code)}: ${student.name} takes the pen for ${student.seat}`);
        this.teamsChanged([student.seat]);
        this.scheduleControl();
        return { ok: true, step: this.step };
      }
      case 'kick':
      case 'revoke-token': {
        const student = this.students.get(action.student);
        if (!student) return fail('not-found', worded('net.no-student', { student: action.student }));
        const kick = action.kind === 'kick';
        if (!kick && tokenStateOf(student) !== 'valid') return { ok: true, step: this.step };
        const seat = student.seat;
        if (kick) student.seat = null;
        await this.storeToken(student, `${kick ? KICKED : REVOKED}${newId()}`);
        this.closeStudent(student.id, kick ? 'the instructor removed you from this session' : 'your seat token was revoked; join again with your name');
        if (kick && seat) {
          await this.reconcileSeats();
          this.teamsChanged([seat]);
        }
        this.log(`session ${displayCode(this.code)}: ${student.name} ${kick ? 'is removed' : 'has their seat token revoked'}`);
        return { ok: true, step: this.step };
      }
      case 'rename': {
        const student = this.students.get(action.student);
        if (!student) return fail('not-found', worded('net.no-student', { student: action.student }));
        const same = this.sameName(action.name, student.id);
        if (same) return fail('refused', worded('net.name-taken', { name: same.name }));
        student.name = action.name;
        await this.store.saveStudent(this.id, student);
        for (const c of this.connections.values()) if (c.conn.studentId === student.id) c.conn.send('renamed', { name: student.name });
        this.scheduleControl();
        return { ok: true, step: this.step };
      }
      case 'lock-roster': {
        if (this.rosterLocked === action.locked) return { ok: true, step: this.step };
        const meta: Meta = { ...this.record.meta, rosterLocked: action.locked };
        await this.store.updateSession(this.id, { meta });
        this.record.meta = meta;
        this.scheduleControl();
        return { ok: true, step: this.step };
      }
      case 'extend-timer':
        return this.extendTimer(action.minutes * 60_000);
      case 'seat-to-ai': {
        const team = this.membersOf(action.delegation);
        if (team.length === 0 && !this.meeting.state.humanSeats.includes(action.delegation)) {
          return fail('refused', worded('net.already-ai', { delegation: action.delegation }));
        }
        for (const holder of team) {
          holder.seat = null;
          await this.store.saveStudent(this.id, holder);
          this.seatChanged(holder);
        }
        await this.reconcileSeats();
        return { ok: true, step: this.step };
      }
    }
  }

  /** Gives a student a new token hash, stored (in the meta, which a restore applies, and the student row) before it counts. */
  private async storeToken(student: Student, tokenHash: string): Promise<void> {
    const meta: Meta = { ...this.record.meta, tokens: { ...(this.record.meta as Meta).tokens, [student.id]: tokenHash } };
    await this.store.updateSession(this.id, { meta });
    this.record.meta = meta;
    student.tokenHash = tokenHash;
    await this.store.saveStudent(this.id, student);
  }

  /** Closes every connection of a student (kicked, or its token revoked): a hostile client cannot stay on. */
  private closeStudent(studentId: string, reason: string): void {
    for (const [id, c] of this.connections) {
      if (c.conn.studentId !== studentId) continue;
      this.connections.delete(id);
      c.conn.close?.(CLOSE_REMOVED, reason);
    }
    this.scheduleControl();
  }

  /**
   * Gives the slot more real time: the running deadline moves later (or the paused slot's time left
   * grows). The new record is stored first, then the lifecycle is rebuilt from it, its timer re-armed.
   */
  private async extendTimer(ms: number): Promise<Outcome> {
    const now = this.lifecycle.record;
    let next: LifecycleRecord;
    if (now.state === 'running' && now.deadline !== null) next = { ...now, deadline: Math.max(now.deadline, Date.now()) + ms };
    else if (now.state === 'paused' && now.remainingMs !== null) next = { ...now, remainingMs: now.remainingMs + ms };
    else if (now.state === 'lobby') return fail('refused', worded('net.timer-lobby'));
    else if (now.state === 'ended') return fail('refused', worded('net.ended'), 'meeting-closed');
    else return fail('refused', worded('net.no-timer'));
    const meta = this.metaOf(next);
    try {
      await this.store.updateSession(this.id, { meta });
    } catch (error) {
      this.log(`session ${displayCode(this.code)}: cannot store the extended timer: ${(error as Error).message}`);
      return fail('storage', worded('net.deadline-storage'));
    }
    this.record.meta = meta;
    this.lifecycle.stop();
    this.lifecycle = this.newLifecycle(next);
    this.scheduleControl();
    return { ok: true, step: this.step };
  }

  /**
   * An instructor's start, pause, resume or end: refused unless the lifecycle's state takes the event;
   * otherwise its command and the lifecycle record it leads to are stored in one write before the
   * action counts. If that write fails the action fails, and neither the meeting nor the lifecycle changed.
   */
  private lifecycleAction(event: LifecycleEvent, command: Command): Promise<Outcome> {
    const record = this.lifecycle.preview(event);
    if (!record) return Promise.resolve(lifecycleRefusal(event, this.lifecycle.state));
    return this.apply(command, undefined, { event, record });
  }

  /**
   * Brings the engine's human seats in line with the students' seats, through logged assign-seat
   * commands. The engine takes them while paused, so a class is seated in the lobby, before it starts.
   */
  private async reconcileSeats(): Promise<void> {
    this.roster.sync(this.students.values(), this.step, null);
    const s = this.meeting.state;
    if (s.closed) return;
    const planned = new Set([...this.students.values()].flatMap((st) => (st.seat ? [st.seat] : [])));
    for (const seat of s.humanSeats) {
      if (!planned.has(seat)) await this.apply({ type: 'assign-seat', actor: INSTRUCTOR, delegation: seat, to: 'ai' });
    }
    for (const seat of planned) {
      if (!this.meeting.state.humanSeats.includes(seat) && !this.meeting.state.walkedOut.includes(seat)) {
        await this.apply({ type: 'assign-seat', actor: INSTRUCTOR, delegation: seat, to: 'human' });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // The pipeline

  /** Runs `task` after every task before it: one change at a time, in arrival order. */
  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The step of the last view this connection was sent (errors carry it: the client waits for that view). */
  visibleStepOf(connId: string): number {
    return this.connections.get(connId)?.visibleStep ?? this.step;
  }

  /**
   * A command is stale when the client acted on a view older than the last one it was sent: what it
   * can see changed meanwhile. Steps it could not see (two others' bilateral) do not make it stale.
   */
  private staleness(expectedStep: number, visibleStep: number): Outcome | null {
    if (expectedStep > this.step) return fail('stale', worded('net.stale-ahead', { expected: expectedStep, step: this.step }));
    if (expectedStep < visibleStep) {
      return fail('stale', worded('net.stale', { expected: expectedStep, visible: visibleStep }));
    }
    return null;
  }

  /** Checks, logs (durably) and applies one command; call only from inside the queue. */
  private async apply(command: Command, basis?: { expectedStep: number; visibleStep: number }, change?: LifecycleChange, idem?: string): Promise<Outcome> {
    if (basis) {
      const stale = this.staleness(basis.expectedStep, basis.visibleStep);
      if (stale) return stale;
    }
    const problem = this.meeting.check(command);
    if (problem) return { ok: false, error: { code: 'refused', refusal: problem.code, message: problem.message } };
    const step = this.step + 1;
    const slotBefore = this.slotKey();
    const patch: SessionPatch | undefined = change
      ? { meta: this.metaOf(change.record), ...(change.record.state === 'ended' ? { status: 'ended' as const } : {}) }
      : undefined;
    try {
      await this.store.appendCommand(this.id, step, command, patch, idem);
    } catch (error) {
      this.log(`session ${displayCode(this.code)}: cannot store step ${step}: ${(error as Error).message}`);
      return fail('storage', worded('net.command-storage'));
    }
    // The command was parsed by the protocol's schema and checked above: give it as it is, checked once.
    const result = this.meeting.give(command);
    if (!result.ok) {
      // check() passed on this very state, so this cannot happen; if it did, the log would hold a refused command.
      throw new Error(`step ${step} was checked but refused: ${result.refusal.message}`);
    }
    if (change) this.takeLifecycle(change, patch!);
    // The AI seats' closing turns are commands too: they go to the log behind the one that opened them.
    if (result.applied > 1) await this.storeConducted(step);
    await this.afterCommand(slotBefore);
    return { ok: true, step: this.step };
  }

  /**
   * The stored lifecycle change takes effect in memory. The machine normally lands on the record that
   * was stored; if it does not (the slot timer fired while the write was under way), it is rebuilt from
   * the stored record, so memory never differs from what a restart would find.
   */
  private takeLifecycle(change: LifecycleChange, patch: SessionPatch): void {
    this.record.meta = patch.meta!;
    if (patch.status) this.record.status = patch.status;
    this.lifecycle.send(change.event);
    if (JSON.stringify(this.lifecycle.record) !== JSON.stringify(change.record)) {
      this.lifecycle.stop();
      this.lifecycle = this.newLifecycle(change.record);
    }
  }

  /** Stores the commands the engine applied after step `from` (the AI seats' turns). */
  private storeConducted(from: number): Promise<void> {
    const commands = this.meeting.commands.slice(from);
    return Promise.all(commands.map((c, i) => this.store.appendCommand(this.id, from + i + 1, c))).then(
      () => {},
      (error: Error) => this.log(`session ${displayCode(this.code)}: cannot store the AI's turns after step ${from}: ${error.message}`),
    );
  }

  private async afterCommand(slotBefore: string): Promise<void> {
    if (this.meeting.closed) {
      // The meeting closed by itself (the last slot, a consensus) or by the instructor's end.
      this.lifecycle.send({ type: 'END' });
      if (this.record.status !== 'ended') {
        this.record.status = 'ended';
        this.record.meta = this.metaOf(this.lifecycle.record);
        await this.store.updateSession(this.id, { status: 'ended', meta: this.record.meta }).catch((e: Error) => this.log(`cannot mark the session ended: ${e.message}`));
      }
      if (!this.endHandled) {
        this.endHandled = true;
        void this.snapshot();
        this.onEnded?.();
      }
    } else if (this.slotKey() !== slotBefore && this.lifecycle.send({ type: 'NEW_SLOT', now: Date.now() })) {
      // After the command: if this write is lost, the restore sees the stored deadline is another slot's.
      await this.saveLifecycle();
    }
    if (this.step - this.lastSnapshotStep >= SNAPSHOT_EVERY) void this.snapshot();
  }

  /** Writes a snapshot in the background: the log already holds every command, so it only speeds up restarts. */
  snapshot(): Promise<void> {
    const step = this.step;
    if (step === this.lastSnapshotStep) return Promise.resolve();
    this.lastSnapshotStep = step;
    return this.store.saveSnapshot(this.id, step, saveOf(this.meeting, { roster: this.roster.toRoster(step) })).catch((e: Error) => {
      this.log(`session ${displayCode(this.code)}: snapshot at step ${step} failed: ${e.message}`);
    });
  }

  /** Waits for the work in hand, then writes a last snapshot (shutdown). */
  async close(): Promise<void> {
    this.lifecycle.stop();
    if (this.controlTimer) clearTimeout(this.controlTimer);
    await this.queue;
    await this.snapshot();
  }

  // -------------------------------------------------------------------------------------------
  // The slot timer: wall-clock minutes per slot, closing the slot with a logged advance-slot

  private slotKey(): string {
    return slotKeyOf(this.meeting);
  }

  /** A lifecycle machine for this session, in the lobby or where `restore` says, its slot timer calling back here. */
  private newLifecycle(restore?: LifecycleRecord): SessionLifecycle {
    return new SessionLifecycle({
      input: { slotMs: Math.max(0, this.record.minutesPerSlot) * 60_000, now: Date.now(), ...(restore ? { restore } : {}) },
      onSlotDue: () => this.slotDue(),
      clock: LONG_CLOCK,
    });
  }

  /** The slot's deadline passed: the slot is closed with a logged advance-slot, in its turn in the queue. */
  private slotDue(): void {
    const slot = this.slotKey();
    void this.enqueue(async () => {
      // The meeting may have paused, ended or moved to another slot since the timer fired.
      if (this.lifecycle.state !== 'running' || this.slotKey() !== slot || this.meeting.state.paused || this.meeting.closed) return;
      const outcome = await this.apply({ type: 'advance-slot', actor: INSTRUCTOR });
      if (!outcome.ok) this.log(`session ${displayCode(this.code)}: the slot timer could not close the slot: ${outcome.error.message}`);
      this.broadcast();
    });
  }

  /** The session's meta with the lifecycle fields of `record`, for the slot the meeting is in. */
  private metaOf(record: LifecycleRecord): SessionMeta {
    return { ...this.record.meta, started: record.state !== 'lobby', deadline: record.deadline, remainingMs: record.remainingMs, slot: this.slotKey() };
  }

  /** Stores the lifecycle as it is now (a new slot's deadline); a failure is logged, and a restore gives the slot its full time. */
  private async saveLifecycle(): Promise<void> {
    this.record.meta = this.metaOf(this.lifecycle.record);
    await this.store.updateSession(this.id, { meta: this.record.meta }).catch((e: Error) => this.log(`cannot store the slot timer: ${e.message}`));
  }

  // -------------------------------------------------------------------------------------------
  // Views: each client gets only its role's view, computed here by the domain's viewFor

  private viewerOf(conn: Connection): Viewer {
    if (conn.role === 'instructor') return 'INSTRUCTOR';
    // The projector is the public room: the view of an observer without a delegation.
    if (conn.role === 'projector') return 'OBSERVER';
    const seat = conn.studentId ? this.students.get(conn.studentId)?.seat : null;
    return seat ?? 'OBSERVER';
  }

  private knownCount(viewer: Viewer): number {
    if (viewer === 'INSTRUCTOR' || viewer === 'OBSERVER' || viewer === 'CHAIR') return 0;
    const known = this.meeting.state.known[viewer];
    return known ? Object.keys(known).length : 0;
  }

  /** What a seated student's client needs besides its view to check its own commands (see domain/availability). */
  private factsFor(viewer: Viewer) {
    const seat = viewer === 'INSTRUCTOR' || viewer === 'OBSERVER' ? null : viewer === 'CHAIR' ? this.scenario.presidency.chair : viewer;
    return seat ? { facts: seatFacts(this.scenario, this.meeting.state, seat) } : {};
  }

  private sendFullView(state: ConnectionState): void {
    const s = this.meeting.state;
    state.viewer = this.viewerOf(state.conn);
    state.sentTranscript = this.meeting.log.length;
    state.sentKnown = this.knownCount(state.viewer);
    const view = viewFor(this.scenario, s, this.meeting.log, state.viewer);
    state.visibleStep = s.step;
    state.signature = signatureOf(view);
    this.sendScenario(state, state.viewer);
    state.conn.send('view', viewText(true, view, this.factsFor(state.viewer)));
  }

  /**
   * A student's scenario, its seat's share only (domain public-scenario.ts), sent before the view that
   * needs it whenever that share grows: the seat changed, it consulted, an event broke, the meeting closed.
   */
  private sendScenario(state: ConnectionState, viewer: Viewer): void {
    if (state.conn.role !== 'student') return;
    const s = this.meeting.state;
    const seat = viewer === 'INSTRUCTOR' || viewer === 'OBSERVER' ? null : viewer === 'CHAIR' ? this.scenario.presidency.chair : viewer;
    const known = seat ? Object.keys(s.known[seat] ?? {}) : [];
    // The seat and the close change the projection as a whole; what it learnt and the news only add to it.
    const basis = `${seat}/${s.closed}`;
    if (basis !== state.scenarioBasis) {
      state.scenarioBasis = basis;
      state.scenarioKnown = new Set(known);
      state.scenarioEvents = s.eventsDealt.length;
      state.conn.send('scenario', { scenario: publicScenario(scenarioIn(this.scenario.meta.id, state.conn.lang), s, seat) });
      return;
    }
    const fresh = seat === null ? [] : known.filter((key) => !state.scenarioKnown.has(key));
    const broke = s.eventsDealt.slice(state.scenarioEvents);
    if (fresh.length === 0 && broke.length === 0) return;
    const words = scenarioIn(this.scenario.meta.id, state.conn.lang);
    state.scenarioEvents = s.eventsDealt.length;
    const talked = new Set([...state.scenarioKnown].map((key) => key.slice(0, key.indexOf('/'))));
    const learnt: LearntMessage = { positions: [], motivations: [], events: broke.flatMap((id) => words.events.filter((e) => e.id === id).map(brokenEvent)) };
    for (const key of fresh) {
      state.scenarioKnown.add(key);
      const [delegation, paragraph] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
      const d = words.delegations.find((x) => x.id === delegation);
      const position = d?.positions[paragraph];
      if (!d || !position) continue;
      learnt.positions.push({ delegation, paragraph, position });
      if (!talked.has(delegation)) {
        talked.add(delegation);
        learnt.motivations.push({ delegation, motivations: d.motivations });
      }
    }
    state.conn.send('learnt', learnt);
  }


  private seatChanged(student: Student): void {
    for (const state of this.connections.values()) {
      if (state.conn.studentId !== student.id) continue;
      state.conn.send('seat', { seat: student.seat, team: this.teamOf(student) });
      this.sendFullView(state);
    }
  }

  /**
   * Sends every client what changed since its last view: the new transcript entries it may see,
   * the shared tables only when they changed, its positions only when it learnt something.
   */
  private broadcast(): void {
    const s = this.meeting.state;
    const stanceRows = changedRows(s.stances, this.sentRows.stances);
    const draftRows = changedRows(s.draft, this.sentRows.draft);
    const parts = [stanceRows && `"stances":${stanceRows}`, draftRows && `"draft":${draftRows}`].filter((x) => x !== null);
    const rows = parts.length === 0 ? null : `{${parts.join(',')}}`;
    const shared = { rows, walkedOut: JSON.stringify(s.walkedOut) };
    const walkedOutChanged = shared.walkedOut !== this.lastWalkedOut;
    this.lastWalkedOut = shared.walkedOut;
    for (const state of this.connections.values()) {
      const viewer = this.viewerOf(state.conn);
      if (viewer !== state.viewer) {
        this.sendFullView(state);
        continue;
      }
      // The delta is built field by field rather than through viewFor: viewFor walks every
      // delegation × paragraph for the positions, which change only when the viewer consulted.
      const view: Partial<MeetingView> = {
        ...viewHeader(this.scenario, s, viewer),
        transcript: viewer === 'INSTRUCTOR' ? this.meeting.log.slice(state.sentTranscript) : transcriptFor(this.scenario, this.meeting.log, viewer, state.sentTranscript),
      };
      state.sentTranscript = this.meeting.log.length;
      const known = this.knownCount(viewer);
      if (known !== state.sentKnown) view.positions = viewFor(this.scenario, s, [], viewer).positions;
      state.sentKnown = known;
      if (walkedOutChanged) view.walkedOut = s.walkedOut;
      // Nothing this viewer can see changed (two others' bilateral, say): send nothing, and its view stays current.
      const signature = signatureOf(view);
      const visible = view.transcript!.length > 0 || 'positions' in view || rows !== null || 'walkedOut' in view || signature !== state.signature;
      if (!visible) continue;
      state.signature = signature;
      state.visibleStep = s.step;
      this.sendScenario(state, viewer);
      state.conn.send('view', viewText(false, view, this.factsFor(viewer), shared));
    }
    this.scheduleControl();
  }

  // -------------------------------------------------------------------------------------------
  // The control room

  private scheduleControl(): void {
    if (this.controlTimer) return;
    this.controlTimer = setTimeout(() => {
      this.controlTimer = null;
      const all = [...this.connections.values()];
      const instructors = all.filter((c) => c.conn.role === 'instructor');
      const projectors = all.filter((c) => c.conn.role === 'projector');
      if (instructors.length) {
        const control = this.control();
        for (const c of instructors) c.conn.send('control', control);
      }
      if (projectors.length) {
        const board = this.board();
        for (const c of projectors) c.conn.send('board', board);
      }
      for (const c of all) this.sendTimer(c);
    }, CONTROL_EVERY_MS);
  }

  /** The slot timer, to a student whose last one differs: the deadline it has to act by. */
  private sendTimer(state: ConnectionState): void {
    if (state.conn.role !== 'student') return;
    const timer = this.timer();
    const text = JSON.stringify(timer);
    if (text === state.sentTimer) return;
    state.sentTimer = text;
    state.conn.send('timer', timer);
  }

  /** The slot timer now: its deadline while running, the time left while paused. */
  private timer(): TimerMessage {
    const { deadline, remainingMs } = this.lifecycle.record;
    return { running: this.lifecycle.timing, deadline, remainingMs, minutesPerSlot: this.record.minutesPerSlot };
  }

  /** The instructor's dashboard: students and their activity, the clock, the heat map, who blocks what. */
  control(): ControlMessage {
    const s = this.meeting.state;
    const connected = new Set([...this.connections.values()].flatMap((c) => (c.conn.studentId ? [c.conn.studentId] : [])));
    const students: StudentActivity[] = [...this.students.values()].map((st) => ({
      id: st.id,
      name: st.name,
      seat: st.seat,
      pen: st.seat !== null && this.penOf(st.seat)?.id === st.id,
      connected: connected.has(st.id),
      token: tokenStateOf(st),
      commands: st.commands,
      lastActiveAt: st.lastActiveAt,
    }));
    const blocking: ControlMessage['blocking'] = [];
    for (const p of this.scenario.paragraphs) {
      if (s.draft[p.id]?.status !== 'open') continue;
      const stances = s.stances[p.id] ?? {};
      const block = Object.keys(stances).filter((d) => stances[d] === 'block');
      const object = Object.keys(stances).filter((d) => stances[d] === 'object');
      if (block.length || object.length) blocking.push({ paragraph: p.id, block, object });
    }
    const { deadline, remainingMs } = this.lifecycle.record;
    return {
      status: this.status,
      step: s.step,
      students,
      humanSeats: s.humanSeats,
      clock: {
        session: s.clock.session,
        slot: s.clock.slot,
        sessionTitle: currentSession(this.scenario, s)?.title ?? null,
        slotTitle: currentSlot(this.scenario, s)?.title ?? null,
      },
      timer: {
        running: this.lifecycle.timing,
        deadline,
        remainingMs: deadline !== null ? Math.max(0, deadline - Date.now()) : remainingMs,
        minutesPerSlot: this.record.minutesPerSlot,
      },
      heatMap: s.stances,
      blocking,
      rosterLocked: this.rosterLocked,
    };
  }

  /** The projector's board: the clock, the slot timer and the heat map — nothing private, no student names. */
  board(): BoardMessage {
    const { status, clock, timer, heatMap, students } = this.control();
    return { status, clock, timer, heatMap, students: students.filter((s) => s.token !== 'kicked').length };
  }
}

/**
 * A view message as JSON text (protocol.ts ViewText). For a delta, `shared` holds what every client of
 * the session gets alike, stringified once for this broadcast and spliced in: the rows of the stance
 * table and draft that changed (ViewMessage.rows, or null) and the walk-outs, when the view carries them.
 */
export function viewText(full: boolean, view: Partial<MeetingView>, facts: { facts?: SeatFacts }, shared?: { rows: string | null; walkedOut: string }): ViewText {
  let body: string;
  if (!shared) body = JSON.stringify(view);
  else {
    const { walkedOut, ...rest } = view;
    body = JSON.stringify(rest);
    // `rest` always holds the view's header, so its text ends in "}" after at least one field.
    if (walkedOut) body = `${body.slice(0, -1)},"walkedOut":${shared.walkedOut}}`;
  }
  const rows = shared?.rows ? `,"rows":${shared.rows}` : '';
  return `{"full":${full},"view":${body}${rows}${facts.facts ? `,"facts":${JSON.stringify(facts.facts)}` : ''}}`;
}

/**
 * The rows of a table keyed by paragraph whose JSON differs from `sent` (which is brought up to date),
 * as the text of one object; null when none changed.
 */
export function changedRows(table: Readonly<Record<string, unknown>>, sent: Map<string, string>): string | null {
  let out = '';
  for (const key in table) {
    const text = JSON.stringify(table[key]);
    if (sent.get(key) === text) continue;
    sent.set(key, text);
    out += `${out === '' ? '' : ','}${JSON.stringify(key)}:${text}`;
  }
  return out === '' ? null : `{${out}}`;
}

function signatureOf(view: Partial<MeetingView>): string {
  return `${view.clock?.session}/${view.clock?.slot}/${view.paused}/${view.closed}/${view.minutesLeft}`;
}

/** A student refused at the door (the message is for the student; `status` becomes the join error's code). */
export class RosterError extends Error {
  constructor(
    readonly status: 403 | 409,
    readonly words: Worded,
  ) {
    super(words.message);
  }
}

function fail(code: ErrorMessage['code'], message: string | Worded, refusal?: ErrorMessage['refusal']): Outcome {
  return { ok: false, error: { code, ...asWords(message), ...(refusal ? { refusal } : {}) } };
}

/** Which slot the meeting is in ("session/slot"), or "closed". */
function slotKeyOf(meeting: Meeting): string {
  const { clock, closed } = meeting.state;
  return closed ? 'closed' : `${clock.session}/${clock.slot}`;
}

/** Why the lifecycle's state does not take an instructor's start, pause, resume or end (the refusal codes are the rules' own, as before). */
function lifecycleRefusal(event: LifecycleEvent, state: LifecycleState): Outcome {
  if (state === 'ended') return fail('refused', worded('net.ended'), 'meeting-closed');
  switch (event.type) {
    case 'START':
      return fail('refused', worded('net.already-started'));
    case 'PAUSE':
      return state === 'lobby' ? fail('refused', worded('net.pause-lobby')) : fail('refused', worded('net.already-paused'), 'already-so');
    case 'RESUME':
      return state === 'lobby' ? fail('refused', worded('net.resume-lobby')) : fail('refused', worded('net.not-paused'), 'not-paused');
    default:
      return fail('refused', worded('net.no-event-now', { event: event.type, state }));
  }
}

/**
 * The lifecycle a restored session resumes in, from its stored meta and its replayed meeting. The
 * meeting is the authority on paused and closed (its log is written first); the meta says whether it
 * started and holds the timer. A meeting running without "started" (a start stored by an older server
 * without its meta) counts as started. A timer stored for another slot is dropped: the machine gives
 * the slot its full time.
 */
function lifecycleFrom(meta: SessionMeta, meeting: Meeting, slot: string, now: number): LifecycleRecord {
  if (meeting.closed) return { state: 'ended', deadline: null, remainingMs: null };
  const paused = meeting.state.paused;
  if (!meta.started && paused) return { state: 'lobby', deadline: null, remainingMs: null };
  const sameSlot = meta.slot === undefined || meta.slot === slot;
  const deadline = sameSlot ? (meta.deadline ?? null) : null;
  const remainingMs = sameSlot ? (meta.remainingMs ?? null) : null;
  if (paused) return { state: 'paused', deadline: null, remainingMs: remainingMs ?? (deadline !== null ? Math.max(0, deadline - now) : null) };
  return { state: 'running', deadline: deadline ?? (remainingMs !== null ? now + remainingMs : null), remainingMs: null };
}
