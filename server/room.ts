// The Colyseus room of one classroom session: it checks who joins (code, secret or seat token),
// validates every incoming message against its schema, rate-limits each connection, answers a
// resent request once, closes a session left idle, and hands the work to the session. No
// synchronised Schema state: each client gets its own view as messages. No exception from a
// client's message leaves the room.
import { Room, ServerError, type Client } from '@colyseus/core';
import type { z } from 'zod';
import type { Difficulty } from '../src/domain/state.ts';
import {
  CLIENT_MESSAGES,
  describeIssueWords,
  displayCode,
  JoinOptionsSchema,
  type ClientMessageType,
  type ErrorMessage,
  type ServerMessages,
} from '../src/net/protocol.ts';
import { RateLimit } from './rate-limit.ts';
import { scenarioById } from './scenarios.ts';
import { hashSecret, sameText, secretMatches } from './secrets.ts';
import { ClassroomSession, RosterError, type Connection } from './session.ts';
import { getServices } from './services.ts';
import { quote } from '../src/domain/issues.ts';
import { joinRefusal, worded } from './words.ts';
import type { Lang } from '../src/i18n/index.ts';

/**
 * How a room comes to be: a new session (from POST /api/sessions) or one resumed from storage;
 * `codeKey` (its own code) and `classKey` (its class's code, for one of several tables) are the
 * matchmaking filters.
 */
export type RoomOptions = { codeKey: string; classKey?: string } & (
  | {
      create: {
        id: string;
        code: string;
        secretHash: string;
        scenario: string;
        seed: string;
        difficulty: Difficulty;
        minutesPerSlot: number;
        /** Students per delegation (1 to 4); kept in the session's meta. */
        teamSize?: number;
        /** One of several tables: the class code and this table's number, kept in the meta. */
        classCode?: string;
        table?: number;
        /** The creator's address key, for the live-sessions quota. */
        creator: string;
      };
    }
  | { restore: string }
);

/**
 * The message types a client may send, in a Map of the table's own keys: a plain object lookup would
 * also find "constructor", "__proto__" or "toString", which every object inherits.
 */
const MESSAGE_TYPES: ReadonlyMap<string, z.ZodType> = new Map(Object.entries(CLIENT_MESSAGES));
const TYPE_LIST = [...MESSAGE_TYPES.keys()].join(', ');

/** A full view can be most of a megabyte: one connection gets at most one a second (after a burst of five). */
const SYNC_BURST = 5;
const SYNC_PER_SECOND = 1;
/** Syncs waiting for the next second share one view; more than this many waiting are refused. */
const SYNC_WAITING_MAX = 32;
/** How many recent request ids each connection remembers, to answer a resent command without applying it again. */
const RECENT_REQUESTS = 64;
/** Seconds a seat reservation waits for its WebSocket (Colyseus's default is 15); a real client connects at once. */
const SEAT_RESERVATION_SECONDS = 10;

interface Auth {
  role: 'student' | 'instructor' | 'projector';
  studentId?: string;
  name?: string;
  /** The student's page language, for its scenario. */
  lang?: Lang;
}

type Reply = { [K in keyof ServerMessages]: [K, ServerMessages[K]] }[keyof ServerMessages];

interface UserData {
  role: 'student' | 'instructor' | 'projector';
  studentId?: string;
  limit: RateLimit;
  /** The full views a sync may still have, and the request ids waiting for the next one. */
  sync: { views: RateLimit; waiting: (string | undefined)[] | null; timer: NodeJS.Timeout | null };
  /** Recent request ids → what was answered (or will be, while the first is still in hand). */
  recent: Map<string, { type: string; replies: Promise<Reply[]> }>;
}

export class ClassroomRoom extends Room<object, { creator?: string; ended?: boolean; table?: number; students?: number }, UserData, Auth> {
  // A classroom stays open while its students step away; it ends when the instructor ends it.
  autoDispose = false;
  maxClients = 250;
  private session!: ClassroomSession;
  /** Seats reserved and not yet taken, with the address that asked, to cap how many one address holds. */
  private readonly unusedSeats = new Map<string, { address: string; until: number }>();
  /** When a client last joined or sent anything: a session left idle too long is ended and its room closed. */
  private lastActivity = Date.now();
  private idleTimer: NodeJS.Timeout | null = null;
  private closingIdle = false;

  async onCreate(options: RoomOptions): Promise<void> {
    const services = getServices();
    this.setPatchRate(null);
    this.setSeatReservationTime(SEAT_RESERVATION_SECONDS);
    if ('restore' in options) {
      const stored = services.pendingRestore.get(options.restore);
      if (!stored) throw new Error(`no stored session ${options.restore} to resume`);
      services.pendingRestore.delete(options.restore);
      this.session = ClassroomSession.restore(services.store, scenarioById(stored.record.scenario), stored, services.log);
    } else {
      const { creator, teamSize, classCode, table, ...c } = options.create;
      this.session = await ClassroomSession.create(
        services.store,
        scenarioById(c.scenario),
        { ...c, owner: services.owner, meta: { creator, ...(teamSize && teamSize > 1 ? { teamSize } : {}), ...(classCode ? { classCode, table } : {}) } },
        services.log,
      );
    }
    // The listing (shared with every process) carries the creator and whether the session is over, for the quota; never the code.
    const { creator, table } = this.session.record.meta;
    // The table's number and head count let the class code seat a newcomer at the emptiest table.
    await this.setMetadata({ ...(creator ? { creator } : {}), ...(table ? { table, students: this.session.studentCount } : {}), ended: this.session.status === 'ended' });
    this.session.onEnded = () => void this.setMetadata({ ended: true }).catch(() => undefined);
    this.watchIdleness(services.limits.idleMs);
    // The type is what the client put in the frame: a string, a number, or nothing decodable.
    this.onMessage('*', (client, type, message) =>
      this.receive(client, typeof type === 'string' ? type : typeof type === 'number' && Number.isFinite(type) ? String(type) : '', message),
    );
  }

  /** Anything a handler throws ends here (Colyseus would otherwise shut the process down): it is logged, and the room goes on. */
  onUncaughtException(error: Error & { cause?: unknown }, methodName: string): void {
    const cause = error.cause instanceof Error ? error.cause : error;
    // A refused join is an answer to the client, not a fault.
    if (cause instanceof ServerError || cause instanceof RosterError) return;
    getServices().log(`session ${this.session ? displayCode(this.session.code) : '(opening)'}: ${methodName} threw: ${cause.stack ?? cause.message}`);
  }

  /**
   * A seat reservation from our matchmaking route carries the asking address as its auth data: one
   * address may hold only so many seats it has not taken, so reservations cannot lock a class out.
   */
  protected override async _reserveSeat(
    sessionId: string,
    joinOptions?: unknown,
    authData?: unknown,
    seconds: number = this.seatReservationTime,
    allowReconnection = false,
    devModeReconnection?: boolean,
  ): Promise<boolean> {
    const address = authData && typeof authData === 'object' && typeof (authData as { address?: unknown }).address === 'string' ? (authData as { address: string }).address : null;
    if (address && !allowReconnection) {
      const now = Date.now();
      let held = 0;
      for (const [id, seat] of this.unusedSeats) {
        if (seat.until <= now) this.unusedSeats.delete(id);
        else if (seat.address === address) held += 1;
      }
      if (held >= getServices().limits.maxPendingJoinsPerAddress) return false;
      this.unusedSeats.set(sessionId, { address, until: now + seconds * 1000 });
    }
    // No auth data goes on: with it, Colyseus would skip onAuth.
    const reserved = await super._reserveSeat(sessionId, joinOptions, undefined, seconds, allowReconnection, devModeReconnection);
    if (!reserved) this.unusedSeats.delete(sessionId);
    return reserved;
  }

  /** Who may join: a student with the code (and a name, or its seat token), the instructor with the code and secret. */
  onAuth(client: Client, options: unknown): Auth {
    this.unusedSeats.delete(client.sessionId);
    const parsed = JoinOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const { message, problem } = describeIssueWords(parsed.error, 'options');
      throw new ServerError(400, joinRefusal({ message: `join options: ${message}`, problem: { ...problem, key: 'net.bad-join-options' } }));
    }
    const join = parsed.data;
    // A table's own code, or its class's code (the matchmaker chose this table for it).
    const classCode = this.session.record.meta.classCode;
    if (!sameText(join.code, this.session.code) && !(classCode && sameText(join.code, classCode))) {
      throw new ServerError(403, joinRefusal(worded('net.wrong-session')));
    }
    if (join.as === 'instructor') {
      if (!secretMatches(join.secret, this.session.record.secretHash)) throw new ServerError(403, joinRefusal(worded('net.wrong-secret')));
      return { role: 'instructor' };
    }
    if (join.as === 'projector') {
      if (!secretMatches(join.secret, this.session.record.secretHash)) throw new ServerError(403, joinRefusal(worded('net.wrong-secret')));
      return { role: 'projector' };
    }
    if (join.as === 'rejoin') {
      const student = this.session.studentByToken(hashSecret(join.token));
      if (!student) throw new ServerError(403, joinRefusal(worded('net.unknown-token')));
      return { role: 'student', studentId: student.id, ...(join.lang ? { lang: join.lang } : {}) };
    }
    // Checked here to refuse early, and again in the session's queue, where it is certain.
    const problem = this.session.rosterProblem(join.name, getServices().limits.maxStudents);
    if (problem) throw new ServerError(problem.status, joinRefusal(problem.words));
    return { role: 'student', name: join.name, ...(join.lang ? { lang: join.lang } : {}) };
  }

  async onJoin(client: Client<UserData, Auth>, _options: unknown, auth: Auth): Promise<void> {
    let studentId = auth.studentId;
    let token: string | undefined;
    if (auth.role === 'student' && !studentId) {
      try {
        const added = await this.session.addStudent(auth.name!, getServices().limits.maxStudents);
        studentId = added.student.id;
        token = added.token;
        if (this.session.record.meta.table) void this.setMetadata({ students: this.session.studentCount }).catch(() => undefined);
      } catch (error) {
        if (error instanceof RosterError) throw new ServerError(error.status, joinRefusal(error.words));
        throw error;
      }
    }
    client.userData = {
      role: auth.role,
      ...(studentId ? { studentId } : {}),
      limit: new RateLimit(),
      sync: { views: new RateLimit(SYNC_BURST, SYNC_PER_SECOND), waiting: null, timer: null },
      recent: new Map(),
    };
    const conn: Connection = {
      id: client.sessionId,
      role: auth.role,
      ...(studentId ? { studentId } : {}),
      ...(auth.lang ? { lang: auth.lang } : {}),
      send: <K extends keyof ServerMessages>(type: K, message: ServerMessages[K]) => client.send(type, message),
      close: (code: number, reason: string) => client.leave(code, reason),
    };
    this.session.attach(conn, token);
    this.lastActivity = Date.now();
  }

  /** Checks now and then (a quarter of the idle time, at most hourly) whether the session has been left idle. */
  private watchIdleness(idleMs: number): void {
    if (!(idleMs > 0)) return;
    const every = Math.max(250, Math.min(idleMs / 4, 3_600_000));
    this.idleTimer = setInterval(() => {
      if (this.closingIdle || Date.now() - this.lastActivity < idleMs) return;
      this.closingIdle = true;
      this.closeIdle(idleMs).catch((e: Error) => getServices().log(`session ${displayCode(this.session.code)}: closing it as idle failed: ${e.stack ?? e.message}`));
    }, every);
    this.idleTimer.unref();
  }

  /** Ends the meeting (a logged adjourn, as the instructor's "end") if it is not over, then closes the room: its code stops working and its memory is freed. */
  private async closeIdle(idleMs: number): Promise<void> {
    const { log, store } = getServices();
    const days = idleMs / 86_400_000;
    log(`session ${displayCode(this.session.code)}: nobody used it for ${days >= 1 ? `${Math.round(days)} days` : `${Math.round(idleMs / 1000)} s`}; ending and closing it`);
    if (this.session.status !== 'ended') {
      const outcome = await this.session.instructorAction('', { kind: 'end' }, undefined);
      if (!outcome.ok) {
        log(`session ${displayCode(this.session.code)}: the idle session could not be adjourned (${outcome.error.message}); it is marked ended`);
        await store.updateSession(this.session.id, { status: 'ended' });
      }
    }
    await this.disconnect();
  }

  onLeave(client: Client<UserData, Auth>): void {
    const timer = client.userData?.sync.timer;
    if (timer) clearTimeout(timer);
    this.session.detach(client.sessionId);
  }

  async onDispose(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    await this.session.close();
  }

  /** The replay for the HTTP download (called through Colyseus's remoteRoomCall, from any process). */
  replayFor(secret: string): unknown {
    if (typeof secret !== 'string' || !secretMatches(secret, this.session.record.secretHash)) return { error: 'forbidden' };
    return this.session.replay();
  }

  /** For the server's shutdown and tests: the session behind the room. */
  get classroom(): ClassroomSession {
    return this.session;
  }

  private receive(client: Client<UserData, Auth>, type: string, message: unknown): void {
    const id = requestIdOf(message);
    const error = (e: Omit<ErrorMessage, 'step' | 'id'>) =>
      client.send('error', { ...(id ? { id } : {}), ...e, step: this.session.visibleStepOf(client.sessionId) });
    try {
      this.route(client, type, message, id, error);
    } catch (e) {
      getServices().log(`session ${displayCode(this.session.code)}: message ${JSON.stringify(type.slice(0, 64))} failed: ${(e as Error).stack ?? e}`);
      error({ code: 'internal', ...worded('net.internal', { type: type.slice(0, 64) }) });
    }
  }

  private route(client: Client<UserData, Auth>, type: string, message: unknown, id: string | undefined, error: (e: Omit<ErrorMessage, 'step' | 'id'>) => void): void {
    const user = client.userData;
    if (!user) return error({ code: 'forbidden', ...worded('net.not-joined') });
    this.lastActivity = Date.now();
    if (!user.limit.take()) return error({ code: 'rate-limited', ...worded('net.rate-limited', { max: 10, type: type.slice(0, 64) }) });
    const schema = MESSAGE_TYPES.get(type);
    if (!schema) {
      return error({ code: 'unknown-message', ...worded('net.unknown-message', { type: JSON.stringify(type.slice(0, 64)), types: TYPE_LIST }) });
    }
    const parsed = schema.safeParse(message);
    if (!parsed.success) return error({ code: 'bad-message', ...describeIssueWords(parsed.error, type) });
    if (type === 'sync') return this.sync(client, user, id, error);

    const kind = type as Exclude<ClientMessageType, 'sync'>;
    const data = parsed.data as { action?: { kind: string } };
    // A replay download is read-only and large: it is not remembered, a resend just asks again.
    const remember = id !== undefined && !(kind === 'instructor' && data.action?.kind === 'replay');
    if (remember) {
      const seen = user.recent.get(id);
      if (seen) {
        if (seen.type !== kind) return error({ code: 'bad-message', ...worded('net.request-reused', { id: quote(id), type: seen.type }) });
        // The same request again (a client resending after a doubt): the first answer, not a second application.
        void seen.replies.then((replies) => {
          for (const [t, m] of replies) client.send(t, m);
        });
        return;
      }
    }
    const replies = this.dispatch(client, kind, parsed.data, id).catch((e: Error): Reply[] => {
      getServices().log(`session ${displayCode(this.session.code)}: ${kind} failed: ${e.stack ?? e.message}`);
      const answer: Reply = ['error', { ...(id ? { id } : {}), code: 'storage', ...worded('net.storage'), step: this.session.visibleStepOf(client.sessionId) }];
      return [answer];
    });
    void replies.then((list) => {
      for (const [t, m] of list) client.send(t, m);
      // Nothing was applied after a storage fault: a resend may try again.
      if (remember && list.some(([t, m]) => t === 'error' && (m as ErrorMessage).code === 'storage')) user.recent.delete(id);
    });
    if (remember) {
      user.recent.set(id, { type: kind, replies });
      if (user.recent.size > RECENT_REQUESTS) user.recent.delete(user.recent.keys().next().value!);
    }
  }

  /** A full view at once, or, when this connection had its share, with the next one (all waiting syncs share it). */
  private sync(client: Client<UserData, Auth>, user: UserData, id: string | undefined, error: (e: Omit<ErrorMessage, 'step' | 'id'>) => void): void {
    const s = user.sync;
    if (s.waiting) {
      if (s.waiting.length >= SYNC_WAITING_MAX) {
        return error({ code: 'rate-limited', ...worded('net.sync-limited', { waiting: s.waiting.length }) });
      }
      s.waiting.push(id);
      return;
    }
    const send = (ids: (string | undefined)[]) => {
      s.views.take();
      this.session.resync(client.sessionId);
      for (const i of ids) client.send('ack', { ...(i ? { id: i } : {}), step: this.session.step });
    };
    const wait = s.views.msUntilToken();
    if (wait <= 0) return send([id]);
    s.waiting = [id];
    s.timer = setTimeout(() => {
      const ids = s.waiting ?? [];
      s.waiting = null;
      s.timer = null;
      try {
        send(ids);
      } catch (e) {
        getServices().log(`session ${displayCode(this.session.code)}: sync failed: ${(e as Error).stack ?? e}`);
      }
    }, wait);
  }

  /** Does what the request asks; resolves with the messages that answer it (sent by the caller, and again for a resend). */
  private async dispatch(client: Client<UserData, Auth>, type: Exclude<ClientMessageType, 'sync'>, data: any, id: string | undefined): Promise<Reply[]> {
    const user = client.userData!;
    const conn = { id: client.sessionId, role: user.role, ...(user.studentId ? { studentId: user.studentId } : {}), send: () => {} };
    const withId = id ? { id } : {};
    const reply = (outcome: { ok: true; step: number; replay?: unknown } | { ok: false; error: Omit<ErrorMessage, 'step' | 'id'> }): Reply[] => {
      if (!outcome.ok) return [['error', { ...withId, ...outcome.error, step: this.session.visibleStepOf(client.sessionId) }]];
      const replay: Reply[] = outcome.replay !== undefined ? [['replay', { ...withId, replay: outcome.replay }]] : [];
      return [...replay, ['ack', { ...withId, step: outcome.step }]];
    };
    switch (type) {
      case 'command':
        if (user.role !== 'student') {
          return reply({ ok: false, error: { code: 'forbidden', ...worded('net.instructor-messages') } });
        }
        return reply(await this.session.studentCommand(conn, data.expectedStep, data.command, data.key));
      case 'instructor':
        // The connection alone is not enough: every instructor action carries the secret.
        if (user.role !== 'instructor' || !secretMatches(data.secret, this.session.record.secretHash)) {
          return reply({ ok: false, error: { code: 'forbidden', ...worded('net.needs-secret') } });
        }
        return reply(await this.session.instructorAction(client.sessionId, data.action, data.expectedStep));
    }
  }
}

function requestIdOf(message: unknown): string | undefined {
  if (message && typeof message === 'object' && Object.hasOwn(message, 'id')) {
    const id = (message as { id: unknown }).id;
    if (typeof id === 'string' && id.length >= 1 && id.length <= 64) return id;
  }
  return undefined;
}
