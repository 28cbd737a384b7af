// A small classroom client over colyseus.js, for the browser and for tests: join as a student or the
// instructor, send commands as promises, and hold the merged view (full views replace, deltas append).
import { Client, type Room, type SeatReservation } from 'colyseus.js';
import type { Command } from '../domain/commands.ts';
import type { SeatFacts } from '../domain/availability.ts';
import type { MeetingView } from '../domain/view.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import {
  normalizeCode,
  ROOM_NAME,
  splitProblem,
  type AckMessage,
  type BoardMessage,
  type InstructorSessionInfo,
  type ControlMessage,
  type CreatedSession,
  type CreateSessionRequest,
  type ErrorMessage,
  type InstructorAction,
  type Problem,
  type JoinOptions,
  type LearntMessage,
  type ScenarioList,
  type ScenarioMessage,
  type SeatMessage,
  type TeamInfo,
  type TimerMessage,
  type ViewMessage,
  type ViewText,
  viewMessageOf,
  type WelcomeMessage,
} from './protocol.ts';

/**
 * A problem with its English sentence (`message`) and, as data, its catalogue key and parameters, so a
 * page words it in its own language (src/ui/classroom/problem.ts): the server's HTTP answers and join
 * refusals, and this client's own.
 */
export class ClassroomProblem extends Error {
  constructor(
    message: string,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

/** A refusal or error from the server, with its code (and the engine's reason, when the rules refused). */
export class ClassroomError extends ClassroomProblem {
  constructor(readonly detail: ErrorMessage) {
    super(detail.message, detail.problem);
  }
  get code() {
    return this.detail.code;
  }
}

/** The server's error answer to an HTTP request: its sentence and problem, else `fallback`. */
function httpProblem(body: { error?: string; problem?: Problem }, fallback: ClassroomProblem): ClassroomProblem {
  return typeof body.error === 'string' ? new ClassroomProblem(body.error, body.problem) : fallback;
}

type Listener<T> = (value: T) => void;

interface Pending {
  resolve: (ack: AckMessage & { replay?: unknown }) => void;
  reject: (error: Error) => void;
  replay?: unknown;
}

/** Creates a session over HTTP: the answer holds the code, the secret, the student link and its QR code. */
export async function createSession(baseUrl: string, request: CreateSessionRequest): Promise<CreatedSession> {
  const res = await fetch(`${baseUrl}/api/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await res.json().catch(() => ({}))) as CreatedSession & { error?: string; problem?: Problem };
  if (!res.ok) throw httpProblem(body, new ClassroomProblem(`creating the session failed (HTTP ${res.status})`, { key: 'net.create-failed-http', params: { status: res.status } }));
  return body;
}

/**
 * What reopening the control room or the projector needs (the student link and its QR code), asked
 * with the instructor secret as a bearer token: the secret never travels in a URL.
 */
export async function instructorInfo(baseUrl: string, code: string, secret: string): Promise<InstructorSessionInfo> {
  const canonical = normalizeCode(code);
  if (!canonical) throw new ClassroomProblem(`"${code}" is not a join code`, { key: 'net.not-a-code', params: { code } });
  const res = await fetch(`${baseUrl}/api/sessions/${canonical}/instructor`, { headers: { Authorization: `Bearer ${secret}` } });
  const body = (await res.json().catch(() => ({}))) as InstructorSessionInfo & { error?: string; problem?: Problem };
  if (!res.ok) throw httpProblem(body, new ClassroomProblem(`the session could not be reopened (HTTP ${res.status})`, { key: 'net.reopen-failed-http', params: { status: res.status } }));
  return body;
}

/** The scenarios a session may be created with, their titles in `lang` where the server has them (GET /api/scenarios). */
export async function scenarioList(baseUrl: string, lang: string): Promise<ScenarioList> {
  const res = await fetch(`${baseUrl}/api/scenarios?${new URLSearchParams({ lang })}`);
  const body = (await res.json().catch(() => ({}))) as Partial<ScenarioList> & { error?: string; problem?: Problem };
  if (!res.ok) throw httpProblem(body, new ClassroomProblem(`the scenarios could not be listed (HTTP ${res.status})`, { key: 'net.scenarios-failed-http', params: { status: res.status } }));
  // A server from before the titles lists the ids alone: each is then shown by its id.
  const ids = body.scenarios ?? [];
  return { scenarios: ids, entries: body.entries ?? ids.map((id) => ({ id, title: id, place: '', date: '', delegations: 0, paragraphs: 0 })) };
}

/**
 * A session's scenario, asked with the instructor secret as a bearer token: `full` for the control room,
 * `public` (what a watcher without a seat may know) for the projector. The classroom server serves no
 * scenario file, so the instructor's pages get their scenario here, in the page's language.
 */
export async function sessionScenario(baseUrl: string, code: string, secret: string, view: 'full' | 'public', lang: string): Promise<Scenario> {
  const canonical = normalizeCode(code);
  if (!canonical) throw new ClassroomProblem(`"${code}" is not a join code`, { key: 'net.not-a-code', params: { code } });
  const res = await fetch(`${baseUrl}/api/sessions/${canonical}/scenario?${new URLSearchParams({ view, lang })}`, { headers: { Authorization: `Bearer ${secret}` } });
  const body = (await res.json().catch(() => ({}))) as Scenario & { error?: string; problem?: Problem };
  if (!res.ok) throw httpProblem(body, new ClassroomProblem(`the session's scenario could not be read (HTTP ${res.status})`, { key: 'net.scenario-failed-http', params: { status: res.status } }));
  return body;
}

export class ClassroomConnection {
  welcome!: WelcomeMessage;
  view: MeetingView | null = null;
  control: ControlMessage | null = null;
  /** The projector's public board (clock, timer, heat map). */
  board: BoardMessage | null = null;
  /** What a seated student needs beside its view to check its own commands (checkOnView). */
  facts: SeatFacts | null = null;
  /** A student's scenario: its seat's share only, as the server sent it (domain public-scenario.ts). */
  scenario: Scenario | null = null;
  seat: string | null = null;
  /** A seated student's team: whether it holds the pen, who does, and who else plays the delegation. */
  team: TeamInfo | null = null;
  /** A student's slot timer: when the slot closes, or how long is left while paused. */
  timer: TimerMessage | null = null;
  /** True once the connection has closed (left, kicked, or the server went away). */
  closed = false;
  /** Why the server closed the connection, when it said (a kicked student, a revoked token). */
  closeReason: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = {
    view: new Set<Listener<MeetingView>>(),
    control: new Set<Listener<ControlMessage>>(),
    board: new Set<Listener<BoardMessage>>(),
    renamed: new Set<Listener<string>>(),
    error: new Set<Listener<ErrorMessage>>(),
    seat: new Set<Listener<string | null>>(),
    scenario: new Set<Listener<Scenario>>(),
    timer: new Set<Listener<TimerMessage>>(),
    close: new Set<Listener<number>>(),
  };

  private constructor(readonly room: Room) {}

  /** Joins a session; resolves once the welcome and the first view have arrived. */
  static async join(baseUrl: string, options: JoinOptions): Promise<ClassroomConnection> {
    const code = normalizeCode(options.code);
    if (!code) throw new ClassroomProblem(`"${options.code}" is not a join code: it has 10 letters and digits, such as K7QF2-M9XA0`, { key: 'net.not-a-code-help', params: { code: options.code } });
    const client = new Client(baseUrl.replace(/^http/, 'ws'));
    let room: Room;
    // Matchmaking looks the room up by the canonical code. Asked here rather than through client.join,
    // which keeps only the answer's sentence: the problem beside it is what a page words.
    const res = await fetch(`${baseUrl}/matchmake/join/${ROOM_NAME}`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...options, code }),
    });
    const reservation = (await res.json().catch(() => ({}))) as SeatReservation & { error?: string; problem?: Problem };
    if (!res.ok || typeof reservation.error === 'string') {
      const noRoom = /no rooms found/i.test(reservation.error ?? '');
      throw noRoom ? new ClassroomProblem('no session has this join code', { key: 'net.no-such-code' }) : httpProblem(reservation, new ClassroomProblem(`joining failed (HTTP ${res.status})`, { key: 'net.join-failed-http', params: { status: res.status } }));
    }
    try {
      room = await client.consumeSeatReservation(reservation);
    } catch (error) {
      // Refused at the door (onAuth, the roster): the sentence, and the problem after PROBLEM_MARK.
      const { message, problem } = splitProblem((error as Error).message ?? String(error));
      throw new ClassroomProblem(message, problem);
    }
    const connection = new ClassroomConnection(room);
    await connection.listen();
    return connection;
  }

  /** The seat token to keep (students): joining with { as: "rejoin", token } returns to the same seat. */
  get token(): string | undefined {
    return this.welcome.token;
  }

  private listen(): Promise<void> {
    return new Promise((ready, failed) => {
      const room = this.room;
      room.onMessage('welcome', (m: WelcomeMessage) => {
        this.welcome = m;
        this.seat = m.student?.seat ?? null;
        this.team = m.student?.team ?? null;
      });
      room.onMessage('timer', (m: TimerMessage) => {
        this.timer = m;
        for (const l of this.listeners.timer) l(m);
      });
      room.onMessage('scenario', (m: ScenarioMessage) => {
        this.scenario = m.scenario;
        for (const l of this.listeners.scenario) l(m.scenario);
      });
      room.onMessage('learnt', (m: LearntMessage) => {
        if (!this.scenario) return;
        // A copy with what the seat learnt: listeners may hold the scenario they were given.
        const delegations = this.scenario.delegations.map((d) => {
          const positions = m.positions.filter((x) => x.delegation === d.id);
          const motives = m.motivations.find((x) => x.delegation === d.id);
          if (positions.length === 0 && !motives) return d;
          return { ...d, positions: { ...d.positions, ...Object.fromEntries(positions.map((x) => [x.paragraph, x.position])) }, ...(motives ? { motivations: motives.motivations } : {}) };
        });
        const seen = new Set(this.scenario.events.map((e) => e.id));
        this.scenario = { ...this.scenario, delegations, events: [...this.scenario.events, ...m.events.filter((e) => !seen.has(e.id))] };
        for (const l of this.listeners.scenario) l(this.scenario);
      });
      room.onMessage('view', (text: ViewText) => {
        const m = viewMessageOf(text);
        this.view = m.full || !this.view ? m.view : merge(this.view, m.view, m.rows);
        this.facts = m.facts ?? null;
        for (const l of this.listeners.view) l(this.view);
        ready();
      });
      room.onMessage('control', (m: ControlMessage) => {
        this.control = m;
        for (const l of this.listeners.control) l(m);
      });
      room.onMessage('board', (m: BoardMessage) => {
        this.board = m;
        for (const l of this.listeners.board) l(m);
      });
      room.onMessage('renamed', (m: { name: string }) => {
        if (this.welcome?.student) this.welcome.student.name = m.name;
        for (const l of this.listeners.renamed) l(m.name);
      });
      room.onMessage('seat', (m: SeatMessage) => {
        this.seat = m.seat;
        this.team = m.team ?? null;
        for (const l of this.listeners.seat) l(m.seat);
      });
      room.onMessage('replay', (m: { id?: string; replay: unknown }) => {
        const p = m.id ? this.pending.get(m.id) : undefined;
        if (p) p.replay = m.replay;
      });
      room.onMessage('ack', (m: AckMessage) => {
        const p = m.id ? this.pending.get(m.id) : undefined;
        if (!p) return;
        this.pending.delete(m.id!);
        p.resolve(p.replay !== undefined ? { ...m, replay: p.replay } : m);
      });
      room.onMessage('error', (m: ErrorMessage) => {
        for (const l of this.listeners.error) l(m);
        const p = m.id ? this.pending.get(m.id) : undefined;
        if (!p) return;
        this.pending.delete(m.id!);
        p.reject(new ClassroomError(m));
      });
      room.onLeave((code, reason) => {
        this.closed = true;
        this.closeReason = typeof reason === 'string' ? reason : null;
        for (const p of this.pending.values()) p.reject(new ClassroomProblem(`the connection closed (code ${code})`, { key: 'net.closed-code', params: { code } }));
        this.pending.clear();
        failed(new ClassroomProblem(`the connection closed before the first view (code ${code})`, { key: 'net.closed-before-view', params: { code } }));
        for (const l of this.listeners.close) l(code);
      });
    });
  }

  on(event: 'view', listener: Listener<MeetingView>): () => void;
  on(event: 'control', listener: Listener<ControlMessage>): () => void;
  on(event: 'board', listener: Listener<BoardMessage>): () => void;
  on(event: 'renamed', listener: Listener<string>): () => void;
  on(event: 'error', listener: Listener<ErrorMessage>): () => void;
  on(event: 'seat', listener: Listener<string | null>): () => void;
  on(event: 'scenario', listener: Listener<Scenario>): () => void;
  on(event: 'timer', listener: Listener<TimerMessage>): () => void;
  on(event: 'close', listener: Listener<number>): () => void;
  on(event: keyof ClassroomConnection['listeners'], listener: Listener<never>): () => void {
    const set = this.listeners[event] as Set<Listener<never>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Sends any message type and waits for its ack or error (tests use it to send malformed ones). */
  request(type: string, body: Record<string, unknown>): Promise<AckMessage & { replay?: unknown }> {
    const id = `r${this.nextId++}`;
    if (this.closed) return Promise.reject(new ClassroomProblem('the connection is closed; join again', { key: 'net.connection-closed' }));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.room.send(type, { ...body, id });
    });
  }

  /**
   * Gives a command as this student's seat, on the view it holds (stale views are refused). With an
   * idempotency `key`, giving it again under the same key (after a dropped line, on a new connection)
   * is answered with the first outcome and never applied twice.
   */
  command(command: Command, expectedStep = this.view?.step ?? 0, key?: string) {
    return this.request('command', { expectedStep, command, ...(key ? { key } : {}) });
  }

  /**
   * Gives a command and, when another seat's command got in first (a stale refusal), waits for the
   * view of the step the server named and gives it again, up to `attempts` times. For commands that
   * do not depend on what changed, such as a bilateral message; `onStale` counts the refusals.
   */
  async commandRetryingStale(command: Command, attempts = 5, onStale?: () => void, key?: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        // A stale refusal applied nothing, so the same key may be given again.
        return await this.command(command, this.view?.step ?? 0, key);
      } catch (error) {
        if (!(error instanceof ClassroomError) || error.code !== 'stale' || attempt >= attempts) throw error;
        onStale?.();
        await this.viewAt(error.detail.step);
      }
    }
  }

  /** Resolves once the view held has reached `step` (or after `ms`, when a sync is asked for). */
  viewAt(step: number, ms = 2000): Promise<void> {
    if ((this.view?.step ?? -1) >= step) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        void this.sync().then(() => resolve(), () => resolve());
      }, ms);
      const off = this.on('view', (view) => {
        if (view.step < step) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  /** An instructor action; every one carries the secret. */
  instructor(secret: string, action: InstructorAction) {
    return this.request('instructor', { secret, action });
  }

  /** Asks for the whole view again. */
  sync() {
    return this.request('sync', {});
  }

  /** The private bilateral messages this viewer may see (all of them, for the instructor). */
  messages(): { step: number; from: string; to: string; text: string }[] {
    return (this.view?.transcript ?? [])
      .filter((e) => e.kind === 'message')
      .map((e) => ({ step: e.step, from: e.actor, to: e.target, text: e.text }));
  }

  /** Leaves the session; resolves at once if the connection is already closed. */
  leave(): Promise<void> {
    if (this.closed || !this.room.connection.isOpen) return Promise.resolve();
    return Promise.race([this.room.leave(true).then(() => undefined), new Promise<void>((r) => setTimeout(r, 2000))]);
  }
}

/**
 * A delta view on top of the one held: its fields and table rows replace, its transcript entries append. The
 * transcript array is extended in place: copying it on every change would cost O(length) each time.
 */
function merge(held: MeetingView, delta: MeetingView, rows: ViewMessage['rows']): MeetingView {
  const transcript = held.transcript;
  for (const entry of delta.transcript) transcript.push(entry);
  const view = { ...held, ...delta, transcript };
  // Rows replace rows: the paragraphs' order is the held table's, as in a full view.
  if (rows?.stances) view.stances = { ...held.stances, ...rows.stances };
  if (rows?.draft) view.draft = { ...held.draft, ...rows.draft };
  return view;
}
