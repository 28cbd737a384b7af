// The Colyseus room of one classroom session: it checks who joins (code, secret or seat token),
// validates every incoming message against its schema, rate-limits each connection, and hands the
// work to the session. No synchronised Schema state: each client gets its own view as messages.
import { Room, ServerError, type Client } from '@colyseus/core';
import type { z } from 'zod';
import type { Difficulty } from '../src/domain/state.ts';
import {
  CLIENT_MESSAGES,
  describeIssue,
  displayCode,
  JoinOptionsSchema,
  type ClientMessageType,
  type ErrorMessage,
  type ServerMessages,
} from '../src/net/protocol.ts';
import { RateLimit } from './rate-limit.ts';
import { scenarioById } from './scenarios.ts';
import { hashSecret, sameText, secretMatches } from './secrets.ts';
import { ClassroomSession, type Connection } from './session.ts';
import { getServices } from './services.ts';

/** How a room comes to be: a new session (from POST /api/sessions) or one resumed from storage; `code` is the matchmaking filter. */
export type RoomOptions = { code: string } & (
  | {
      create: {
        id: string;
        code: string;
        secretHash: string;
        scenario: string;
        seed: string;
        difficulty: Difficulty;
        minutesPerSlot: number;
      };
    }
  | { restore: string }
);

interface Auth {
  role: 'student' | 'instructor';
  studentId?: string;
  name?: string;
}

interface UserData {
  role: 'student' | 'instructor';
  studentId?: string;
  limit: RateLimit;
}

export class ClassroomRoom extends Room<object, unknown, UserData, Auth> {
  // A classroom stays open while its students step away; it ends when the instructor ends it.
  autoDispose = false;
  maxClients = 250;
  private session!: ClassroomSession;

  async onCreate(options: RoomOptions): Promise<void> {
    const services = getServices();
    this.setPatchRate(null);
    if ('restore' in options) {
      const stored = services.pendingRestore.get(options.restore);
      if (!stored) throw new Error(`no stored session ${options.restore} to resume`);
      services.pendingRestore.delete(options.restore);
      this.session = ClassroomSession.restore(services.store, scenarioById(stored.record.scenario), stored, services.log);
    } else {
      const c = options.create;
      this.session = await ClassroomSession.create(services.store, scenarioById(c.scenario), { ...c, owner: services.owner }, services.log);
    }
    this.onMessage('*', (client, type, message) => this.receive(client, String(type), message));
  }

  /** Who may join: a student with the code (and a name, or its seat token), the instructor with the code and secret. */
  onAuth(_client: Client, options: unknown): Auth {
    const parsed = JoinOptionsSchema.safeParse(options);
    if (!parsed.success) throw new ServerError(400, `join options: ${describeIssue(parsed.error, 'options')}`);
    const join = parsed.data;
    if (!sameText(join.code, this.session.code)) throw new ServerError(403, 'this join code does not open this session');
    if (join.as === 'instructor') {
      if (!secretMatches(join.secret, this.session.record.secretHash)) throw new ServerError(403, 'the instructor secret is wrong');
      return { role: 'instructor' };
    }
    if (join.as === 'rejoin') {
      const student = this.session.studentByToken(hashSecret(join.token));
      if (!student) throw new ServerError(403, 'this seat token is not known in this session; join again with your name');
      return { role: 'student', studentId: student.id };
    }
    return { role: 'student', name: join.name };
  }

  async onJoin(client: Client<UserData, Auth>, _options: unknown, auth: Auth): Promise<void> {
    let studentId = auth.studentId;
    let token: string | undefined;
    if (auth.role === 'student' && !studentId) {
      const added = await this.session.addStudent(auth.name!);
      studentId = added.student.id;
      token = added.token;
    }
    client.userData = { role: auth.role, ...(studentId ? { studentId } : {}), limit: new RateLimit() };
    const conn: Connection = {
      id: client.sessionId,
      role: auth.role,
      ...(studentId ? { studentId } : {}),
      send: <K extends keyof ServerMessages>(type: K, message: ServerMessages[K]) => client.send(type, message),
    };
    this.session.attach(conn, token);
  }

  onLeave(client: Client): void {
    this.session.detach(client.sessionId);
  }

  async onDispose(): Promise<void> {
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
    const user = client.userData;
    const id = requestIdOf(message);
    const error = (e: Omit<ErrorMessage, 'step' | 'id'>) =>
      client.send('error', { ...(id ? { id } : {}), ...e, step: this.session.visibleStepOf(client.sessionId) });
    if (!user) return error({ code: 'forbidden', message: 'not joined' });
    if (!user.limit.take()) return error({ code: 'rate-limited', message: 'too many messages; slow down (at most 10 a second)' });
    if (!(type in CLIENT_MESSAGES)) {
      return error({ code: 'unknown-message', message: `unknown message type "${type}"; expected one of ${Object.keys(CLIENT_MESSAGES).join(', ')}` });
    }
    const schema: z.ZodType = CLIENT_MESSAGES[type as ClientMessageType];
    const parsed = schema.safeParse(message);
    if (!parsed.success) return error({ code: 'bad-message', message: describeIssue(parsed.error, type) });
    void this.dispatch(client, type as ClientMessageType, parsed.data, id).catch((e: Error) => {
      getServices().log(`session ${displayCode(this.session.code)}: ${type} failed: ${e.message}`);
      error({ code: 'storage', message: 'the server could not complete this request; nothing was changed' });
    });
  }

  private async dispatch(client: Client<UserData, Auth>, type: ClientMessageType, data: any, id: string | undefined): Promise<void> {
    const user = client.userData!;
    const conn = { id: client.sessionId, role: user.role, ...(user.studentId ? { studentId: user.studentId } : {}), send: () => {} };
    const reply = (outcome: { ok: true; step: number; replay?: unknown } | { ok: false; error: Omit<ErrorMessage, 'step' | 'id'> }) => {
      const withId = id ? { id } : {};
      if (!outcome.ok) return client.send('error', { ...withId, ...outcome.error, step: this.session.visibleStepOf(client.sessionId) });
      if (outcome.replay !== undefined) client.send('replay', { ...withId, replay: outcome.replay });
      client.send('ack', { ...withId, step: outcome.step });
    };
    switch (type) {
      case 'sync':
        this.session.resync(client.sessionId);
        return reply({ ok: true, step: this.session.step });
      case 'command':
        if (user.role !== 'student') {
          return reply({ ok: false, error: { code: 'forbidden', message: 'the instructor acts through "instructor" messages' } });
        }
        return reply(await this.session.studentCommand(conn, data.expectedStep, data.command));
      case 'instructor':
        // The connection alone is not enough: every instructor action carries the secret.
        if (user.role !== 'instructor' || !secretMatches(data.secret, this.session.record.secretHash)) {
          return reply({ ok: false, error: { code: 'forbidden', message: 'instructor actions need the instructor secret' } });
        }
        return reply(await this.session.instructorAction(client.sessionId, data.action, data.expectedStep));
    }
  }
}

function requestIdOf(message: unknown): string | undefined {
  if (message && typeof message === 'object' && 'id' in message) {
    const id = (message as { id: unknown }).id;
    if (typeof id === 'string' && id.length <= 64) return id;
  }
  return undefined;
}
