// The classroom server attacked the way a hostile client would: a real server process on loopback,
// real colyseus.js clients and raw HTTP and WebSocket requests, some sent from other loopback
// addresses (127.0.0.x) so that the per-address limits can be tried apart from the honest clients.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, ClassroomError } from '../../src/net/client.ts';
import { CODE_ALPHABET, ROOM_NAME, type AckMessage, type CreatedSession, type ErrorMessage, type ViewText, viewMessageOf } from '../../src/net/protocol.ts';
import { removeDir, shutDown, startServer, until, type RunningServer } from './harness.ts';

/** The limits this server runs with, small enough to reach in a test. */
const MAX_SESSIONS = 3;
const MAX_STUDENTS = 5;
const GAME_ORIGIN = 'http://game.example';

let server: RunningServer;
const open: ClassroomConnection[] = [];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** One raw HTTP request, optionally from another loopback address. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers, ...(options.from ? { localAddress: options.from } : {}) },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const postJson = (path: string, body: unknown, from?: string, headers: Record<string, string> = {}) =>
  send(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), ...(from ? { from } : {}) });

/** Creates a session as an instructor at `from` would. */
async function createFrom(from: string, scenario = 'tutorial'): Promise<CreatedSession> {
  const answer = await postJson('/api/sessions', { scenario, minutesPerSlot: 0 }, from);
  if (answer.status !== 201) throw new Error(`creating a session from ${from}: HTTP ${answer.status} ${answer.text}`);
  return JSON.parse(answer.text) as CreatedSession;
}

async function join(options: Parameters<typeof ClassroomConnection.join>[1]): Promise<ClassroomConnection> {
  const c = await ClassroomConnection.join(server.url, options);
  open.push(c);
  return c;
}

/** The message a refused join fails with. */
async function joinRefusal(options: Parameters<typeof ClassroomConnection.join>[1]): Promise<string> {
  try {
    const c = await ClassroomConnection.join(server.url, options);
    open.push(c);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the join of ${JSON.stringify(options)} to be refused`);
}

/** The resident memory of a process, in kB (0 once it is gone). */
function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const alive = () => server.process.exitCode === null && server.process.signalCode === null;

beforeAll(async () => {
  server = await startServer({
    allowOrigins: [GAME_ORIGIN],
    args: ['--max-sessions-per-address', String(MAX_SESSIONS), '--max-students', String(MAX_STUDENTS)],
  });
}, 60_000);

afterAll(() => shutDown(open, [server]), 30_000);

describe('hostile messages', () => {
  let session: CreatedSession;
  let other: CreatedSession;
  let mallory: ClassroomConnection;

  beforeAll(async () => {
    session = await createFrom('127.0.0.11');
    other = await createFrom('127.0.0.12');
    mallory = await join({ as: 'student', code: session.code, name: 'Mallory' });
  });

  it('answers types named after Object.prototype, and unknown ones, with an error naming the type, and stays up', async () => {
    const types = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'telepathy', '', 'sync '];
    for (const type of types) {
      const refused = await mallory.request(type, {}).then(
        () => null,
        (e: ClassroomError) => e,
      );
      expect(refused, type).toBeInstanceOf(ClassroomError);
      expect(refused!.code).toBe('unknown-message');
      expect(refused!.message).toBe(`unknown message type ${JSON.stringify(type)}; expected one of command, instructor, sync`);
    }
    // A numeric message type, and messages that are not objects, get their error too.
    const errors: ErrorMessage[] = [];
    const off = mallory.on('error', (e) => errors.push(e));
    mallory.room.send(42, { id: 'n' });
    mallory.room.send('constructor', null);
    mallory.room.send('__proto__', [1, 2, 3]);
    mallory.room.send('command', { id: { toString: 1 }, expectedStep: '0', command: { __proto__: { type: 'pause' } } });
    mallory.room.sendBytes('instructor', new Uint8Array([1, 2, 3]));
    await until(() => errors.length >= 5, 'the five errors');
    off();
    expect(errors.map((e) => e.code)).toEqual(['unknown-message', 'unknown-message', 'unknown-message', 'bad-message', 'bad-message']);
    expect(errors[0]!.message).toMatch(/^unknown message type "42"/);

    expect(alive()).toBe(true);
    expect((await send('/healthz')).status).toBe(200);
    // Another session, on the same process, keeps working: its student's command is acknowledged.
    const lead = await join({ as: 'instructor', code: other.code, secret: other.secret });
    const student = await join({ as: 'student', code: other.code, name: 'Olu' });
    await lead.instructor(other.secret, { kind: 'start' });
    await until(() => student.view?.paused === false, 'the other session to start');
    const ack = await student.commandRetryingStale({ type: 'message', actor: student.seat!, target: 'EAS', text: 'still here' });
    expect(ack.step).toBeGreaterThan(0);
    // The attacker's own connection still works as well.
    expect((await mallory.sync()).step).toBeGreaterThanOrEqual(0);
    expect(server.stderr()).not.toMatch(/TypeError|uncaught/i);
  });

  it('closes only the sender of an undecodable frame', async () => {
    const eve = await join({ as: 'student', code: session.code, name: 'Eve' });
    // ROOM_DATA (13), the type "sync" as a msgpack fixstr, then a map of two entries that the frame cuts off.
    eve.room.connection.send(new Uint8Array([13, 0xa4, 0x73, 0x79, 0x6e, 0x63, 0x82, 0xa1, 0x61]));
    await until(() => eve.closed, 'the sender to be disconnected');
    expect(alive()).toBe(true);
    expect((await mallory.sync()).step).toBeGreaterThanOrEqual(0);
  });
});

describe('join codes and seat reservations', () => {
  let session: CreatedSession;
  let roomId: string;

  beforeAll(async () => {
    session = await createFrom('127.0.0.21');
    const lead = await join({ as: 'instructor', code: session.code, secret: session.secret });
    roomId = lead.room.roomId;
  });

  /** Nothing in an answer may give the code away: not the code in any form, nor the listing's hash of it. */
  function expectNoCode(answer: Answer): void {
    const codeKey = createHash('sha256').update(`communique join code ${session.code}`).digest('hex');
    for (const secret of [session.code, session.displayCode, session.code.toLowerCase(), codeKey]) expect(answer.text).not.toContain(secret);
    expect(answer.text).not.toMatch(/codeKey|metadata|creator|secretHash/);
  }

  it('gives 200 join attempts without the code, or with a wrong one, no code, no listing and no seat', async () => {
    const wrongCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomBytes(1)[0]! & 31]).join('');
    const attempts: [string, unknown][] = [];
    for (let i = 0; i < 200; i++) {
      const body = [
        {},
        { as: 'student', name: `Eve ${i}` },
        { as: 'student', code: wrongCode(), name: `Eve ${i}` },
        { as: 'student', code: { $ne: '' }, name: 'Eve' },
        { as: 'instructor', code: wrongCode(), secret: 'x'.repeat(43) },
        { code: null },
        [],
        'code',
      ][i % 8];
      const path = [
        `/matchmake/join/${ROOM_NAME}`,
        `/matchmake/joinById/${roomId}`,
        `/matchmake/joinOrCreate/${ROOM_NAME}`,
        `/matchmake/create/${ROOM_NAME}`,
        `/matchmake/reconnect/${roomId}`,
      ][i % 5]!;
      attempts.push([path, body]);
    }
    for (let i = 0; i < attempts.length; i += 25) {
      const answers = await Promise.all(attempts.slice(i, i + 25).map(([path, body]) => postJson(path, body)));
      for (const answer of answers) {
        expect([400, 403, 404]).toContain(answer.status);
        expect(JSON.parse(answer.text).error).toEqual(expect.any(String));
        expectNoCode(answer);
      }
    }
    // Not even GET or an empty body reaches a room.
    for (const answer of [await send(`/matchmake/join/${ROOM_NAME}`), await send(`/matchmake/join/${ROOM_NAME}`, { method: 'POST' })]) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectNoCode(answer);
    }
    const missing = await postJson(`/matchmake/join/${ROOM_NAME}`, { as: 'student', name: 'Eve' });
    expect(JSON.parse(missing.text).error).toBe('join options: options.code: missing; expected string');
    const wrong = await postJson(`/matchmake/join/${ROOM_NAME}`, { as: 'student', code: wrongCode(), name: 'Eve' });
    expect(wrong.status).toBe(404);
    expect(JSON.parse(wrong.text).error).toBe('no session has this join code');

    const student = await join({ as: 'student', code: session.code, name: 'Real Student' });
    expect(student.seat).toBe('NOR');
  });

  it('answers a right code with where to connect only, and lets no address hoard seats', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => postJson(`/matchmake/join/${ROOM_NAME}`, { as: 'student', code: session.code, name: `Hoarder ${i}` }, '127.0.0.22')),
    );
    const reserved = answers.filter((a) => a.status === 200);
    expect(reserved.length).toBe(30);
    const seat = JSON.parse(reserved[0]!.text) as { room: Record<string, unknown>; sessionId: string };
    expect(Object.keys(seat).sort()).toEqual(['room', 'sessionId']);
    expect(Object.keys(seat.room).sort()).toEqual(['name', 'processId', 'roomId']);
    for (const a of answers) expectNoCode(a);
    const refused = answers.find((a) => a.status !== 200)!;
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text).error).toBe(
      'this session cannot take another connection from your address right now (too many joins are waiting to connect); try again in a few seconds',
    );
    // The hoarded seats do not keep the class out.
    const student = await join({ as: 'student', code: session.code, name: 'Late Student' });
    expect(student.seat).toBe('EAS');
  });
});

describe('origins', () => {
  const EVIL = 'http://evil.example';

  it('refuses pages of other origins, without CORS headers or credentials, on matchmaking, the API and WebSockets', async () => {
    const tries: Answer[] = [
      await postJson(`/matchmake/join/${ROOM_NAME}`, { as: 'student', code: 'K7QF2M9XA0', name: 'Eve' }, undefined, { Origin: EVIL }),
      await send(`/matchmake/join/${ROOM_NAME}`, { method: 'OPTIONS', headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' } }),
      await postJson('/api/sessions', { scenario: 'tutorial' }, '127.0.0.31', { Origin: EVIL }),
      await send('/api/sessions', { method: 'OPTIONS', headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST' } }),
      await send('/api/scenarios', { headers: { Origin: EVIL } }),
      await send('/api/sessions', { method: 'POST', headers: { Origin: 'null', 'Content-Type': 'text/plain' }, body: '{"scenario":"tutorial"}' }),
    ];
    for (const answer of tries) {
      expect(answer.status).toBe(403);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
      expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(JSON.parse(tries[0]!.text).error).toBe(
      'this server does not answer pages from http://evil.example; to host the game there, start the server with --allow-origin http://evil.example',
    );
    // The refused creation created nothing: the address still has its whole quota.
    for (let i = 0; i < MAX_SESSIONS; i++) await createFrom('127.0.0.31');

    const upgrade = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/process/room?sessionId=x`, {
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), Origin: EVIL },
      });
      req.on('response', (res) => resolve(res.statusCode!));
      req.on('upgrade', () => reject(new Error('the WebSocket upgrade was accepted')));
      req.on('error', reject);
      req.end();
    });
    expect(upgrade).toBe(401);
  });

  it('answers its own origin and the allowed one, credentials included only for them', async () => {
    for (const origin of [server.url, GAME_ORIGIN]) {
      const preflight = await send(`/matchmake/join/${ROOM_NAME}`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(origin);
      expect(preflight.headers['access-control-allow-credentials']).toBe('true');
      const scenarios = await send('/api/scenarios', { headers: { Origin: origin } });
      expect(scenarios.status).toBe(200);
      expect(scenarios.headers['access-control-allow-origin']).toBe(origin);
    }
    // A request without an Origin (curl, a server) gets no CORS headers at all.
    expect((await send('/api/scenarios')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('request bodies', () => {
  it('refuses a body over 16 KB with 413 and a JSON error, on the API and on matchmaking', async () => {
    const big = JSON.stringify({ scenario: 'tutorial', seed: 'x'.repeat(20_000) });
    for (const path of ['/api/sessions', `/matchmake/join/${ROOM_NAME}`]) {
      const answer = await send(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big, from: '127.0.0.41' });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text)).toEqual({ error: 'the request body is over 16 KB, the most this server reads' });
    }
  });

  it('answers a streamed 300 MB matchmaking body with 413 at once, and reads none of it into memory', async () => {
    const pid = server.process.pid!;
    const before = rssKb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 20);
    const t0 = performance.now();
    const result = await new Promise<{ status: number; text: string; sent: number }>((resolve, reject) => {
      const req = httpRequest(`${server.url}/matchmake/join/${ROOM_NAME}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          resolve({ status: res.statusCode!, text, sent });
          req.destroy();
        });
      });
      req.on('error', (e) => {
        if (!answered) reject(e);
      });
      req.write('{"as":"student","code":"K7QF2M9XA0","name":"');
      const pump = () => {
        while (!answered && sent < 300 * (1 << 20)) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end('"}');
      };
      pump();
    }).finally(() => clearInterval(sampler));
    const ms = performance.now() - t0;
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text).error).toBe('the request body is over 16 KB, the most this server reads');
    expect(ms).toBeLessThan(5000);
    expect(result.sent).toBeLessThan(300 * (1 << 20));
    // Generous slack: the server holds at most 16 KB of the body; 300 MB would show as hundreds of MB.
    expect(peak - before).toBeLessThan(64 * 1024);
    expect(alive()).toBe(true);
    // A body declared too long is refused before a byte of it is read.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(300 * (1 << 20)) } });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
        req.destroy();
      });
      req.on('error', reject);
      req.write('{');
    });
    expect(declared).toBe(413);
  });
});

describe('quotas', () => {
  it('limits the live sessions of one address with 429, and counts an ended session no more', async () => {
    const mine = [];
    for (let i = 0; i < MAX_SESSIONS; i++) mine.push(await createFrom('127.0.0.51'));
    const over = await postJson('/api/sessions', { scenario: 'tutorial' }, '127.0.0.51');
    expect(over.status).toBe(429);
    expect(JSON.parse(over.text).error).toBe(
      `this address already has ${MAX_SESSIONS} live sessions, the most one address may hold (${MAX_SESSIONS}); end one (the instructor's "end") before creating another`,
    );
    // A burst at the limit does not slip through either.
    const burst = await Promise.all(Array.from({ length: 10 }, () => postJson('/api/sessions', { scenario: 'tutorial' }, '127.0.0.52')));
    expect(burst.filter((a) => a.status === 201)).toHaveLength(MAX_SESSIONS);
    expect(burst.filter((a) => a.status === 429)).toHaveLength(10 - MAX_SESSIONS);
    // Another address is not affected; and once one session has ended, the first address may create again.
    await createFrom('127.0.0.53');
    const lead = await join({ as: 'instructor', code: mine[0]!.code, secret: mine[0]!.secret });
    await lead.instructor(mine[0]!.secret, { kind: 'end' });
    await until(() => lead.view?.closed === true, 'the session to end');
    await createFrom('127.0.0.51');
  });
});

describe('the roster', () => {
  let session: CreatedSession;
  let lead: ClassroomConnection;
  let ana: ClassroomConnection;

  beforeAll(async () => {
    session = await createFrom('127.0.0.61');
    lead = await join({ as: 'instructor', code: session.code, secret: session.secret });
    ana = await join({ as: 'student', code: session.code, name: 'Ana' });
  });

  it('refuses a name already in the session, whatever its case, accents, width or look-alike letters', async () => {
    for (const name of ['ana', 'ANA', '  Ana ', 'Aná', 'Ａｎａ', 'A\u0301na']) {
      expect(await joinRefusal({ as: 'student', code: session.code, name }), name).toBe(
        'a student named "Ana" is already in this session; add an initial or a surname to tell you apart',
      );
    }
    // Two students of one name at the same moment: one gets in.
    const both = await Promise.allSettled(['Bea', 'BEA'].map((name) => join({ as: 'student', code: session.code, name })));
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('refuses invisible, control and bidirectional characters, and words mixing look-alike scripts', async () => {
    const hidden = (cp: string) =>
      `join options: options.name: a display name may not hold invisible or control characters (U+${cp} here); type the name in plain letters`;
    const cases: [string, string][] = [
      ['Ana\u200B', hidden('200B')],
      ['\u202Ecilia', hidden('202E')],
      ['Bo\u2066b', hidden('2066')],
      ['Ca\u0000t', hidden('0000')],
      ['Dan\u00AD', hidden('00AD')],
      ['\u3164', hidden('1160')],
      ['Ev\uFEFFe', hidden('FEFF')],
      ['\u0410na', 'join options: options.name: "\u0410na" mixes Cyrillic and Latin letters, which can pass for another name; write each word in one script'],
    ];
    for (const [name, message] of cases) expect(await joinRefusal({ as: 'student', code: session.code, name }), JSON.stringify(name)).toBe(message);
    // Names in any one script, and the scripts written together, are welcome.
    const mixed = await join({ as: 'student', code: session.code, name: '山田 たろう Taro' });
    expect(mixed.welcome.student!.name).toBe('山田 たろう Taro');
  });

  it(`takes at most ${MAX_STUDENTS} students, and no new one once the session has ended`, async () => {
    await until(() => (lead.control?.students.length ?? 0) === 3, 'the three students so far');
    await join({ as: 'student', code: session.code, name: 'Dee' });
    await join({ as: 'student', code: session.code, name: 'Eli' });
    expect(await joinRefusal({ as: 'student', code: session.code, name: 'Fay' })).toBe(
      `this session is full: it has ${MAX_STUDENTS} students, the most it takes (${MAX_STUDENTS})`,
    );
    await lead.instructor(session.secret, { kind: 'end' });
    await until(() => lead.view?.closed === true, 'the session to end');
    expect(await joinRefusal({ as: 'student', code: session.code, name: 'Gus' })).toBe(
      'this session has ended and takes no new students; a student who was in it can rejoin with their seat token',
    );
    // A student who was in it comes back to read the outcome.
    const token = ana.token!;
    await ana.leave();
    const back = await join({ as: 'rejoin', code: session.code, token });
    expect(back.welcome.student!.name).toBe('Ana');
    expect(back.view!.closed).toBe(true);
  });
});

describe('floods and resends', () => {
  let session: CreatedSession;
  let lead: ClassroomConnection;
  let student: ClassroomConnection;

  beforeAll(async () => {
    session = await createFrom('127.0.0.71');
    lead = await join({ as: 'instructor', code: session.code, secret: session.secret });
    student = await join({ as: 'student', code: session.code, name: 'Noor' });
    await lead.instructor(session.secret, { kind: 'start' });
    await until(() => student.view?.paused === false, 'the start');
  });

  it('sends a flooding connection at most about one full view a second, and answers every sync', async () => {
    let fullViews = 0;
    const off = student.room.onMessage('view', (text: ViewText) => void (viewMessageOf(text).full && (fullViews += 1)));
    const t0 = performance.now();
    const answers: Promise<unknown>[] = [];
    // 20 a second for 3 seconds: twice what the connection may send.
    for (let i = 0; i < 60; i++) {
      answers.push(student.sync().then(() => 'ack', (e: ClassroomError) => e));
      await new Promise((r) => setTimeout(r, 50));
    }
    const settled = await Promise.all(answers);
    const seconds = (performance.now() - t0) / 1000;
    off();
    const refused = settled.filter((s): s is ClassroomError => s instanceof ClassroomError);
    expect(settled.filter((s) => s === 'ack').length + refused.length).toBe(60);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e.code).toBe('rate-limited');
      expect(e.message).toBe('too many messages; slow down (at most 10 a second): this "sync" was not handled');
    }
    // A burst of five, then one a second.
    expect(fullViews).toBeLessThanOrEqual(5 + Math.ceil(seconds) + 1);
    expect(fullViews).toBeGreaterThanOrEqual(2);
  });

  it('applies a command resent with the same request id once, and answers both with the same ack', async () => {
    // The flood above spent this connection's message allowance: let it refill.
    await new Promise((r) => setTimeout(r, 1000));
    await lead.sync();
    const before = lead.view!.step;
    const acks: AckMessage[] = [];
    const errors: ErrorMessage[] = [];
    const offAck = student.room.onMessage('ack', (m: AckMessage) => void (m.id === 'resent-1' && acks.push(m)));
    const offError = student.on('error', (e) => void (e.id === 'resent-1' && errors.push(e)));
    const message = { id: 'resent-1', expectedStep: student.view!.step, command: { type: 'message', actor: student.seat!, target: 'EAS', text: 'once only' } };
    student.room.send('command', message);
    student.room.send('command', message);
    await until(() => acks.length === 2, 'both acks');
    // Again after the first has long been answered.
    student.room.send('command', message);
    await until(() => acks.length === 3, 'the third ack');
    offAck();
    offError();
    expect(errors).toEqual([]);
    expect(acks.map((a) => a.step)).toEqual([before + 1, before + 1, before + 1]);
    await lead.sync();
    expect(lead.view!.step).toBe(before + 1);
    expect(lead.messages().filter((m) => m.text.includes('once only'))).toHaveLength(1);
  });
});

describe('a server behind a proxy, with a short idle time', () => {
  let idle: RunningServer;

  beforeAll(async () => {
    // 0.00003 days is about 2.6 s.
    idle = await startServer({ allowOrigins: [], args: ['--session-idle-days', '0.00003', '--trust-proxy', '--max-sessions-per-address', '2'] });
  }, 60_000);

  afterAll(async () => {
    await idle?.stop();
    if (idle) removeDir(idle.dataDir);
  }, 30_000);

  it('ends and closes a session nobody uses, and keeps one in use', async () => {
    const create = async () => {
      const res = await fetch(`${idle.url}/api/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"scenario":"tutorial","minutesPerSlot":0}' });
      return (await res.json()) as CreatedSession;
    };
    const [left, used] = [await create(), await create()];
    const leftLead = await ClassroomConnection.join(idle.url, { as: 'instructor', code: left.code, secret: left.secret });
    const usedLead = await ClassroomConnection.join(idle.url, { as: 'instructor', code: used.code, secret: used.secret });
    const t0 = Date.now();
    // One keeps acting; the other only stays connected.
    while (!leftLead.closed && Date.now() - t0 < 10_000) {
      await usedLead.sync();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(leftLead.closed).toBe(true);
    expect(usedLead.closed).toBe(false);
    await expect(ClassroomConnection.join(idle.url, { as: 'student', code: left.code, name: 'Late' })).rejects.toThrow('no session has this join code');
    expect(idle.stderr()).toMatch(new RegExp(`session ${left.displayCode}: nobody used it for \\d+ s; ending and closing it`));
    // The closed session was ended with a logged adjourn: its replay still downloads, and ends there.
    const replay = await fetch(`${idle.url}/api/sessions/${left.code}/replay`, { headers: { Authorization: `Bearer ${left.secret}` } });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { commands: { type: string }[] }).commands.at(-1)!.type).toBe('adjourn');
    await usedLead.leave();
  }, 20_000);

  it('counts the quota by the last X-Forwarded-For hop, whatever the client put before it', async () => {
    const create = (forwarded: string) =>
      fetch(`${idle.url}/api/sessions`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': forwarded },
        body: '{"scenario":"tutorial","minutesPerSlot":0}',
      }).then((r) => r.status);
    expect(await create('203.0.113.7')).toBe(201);
    expect(await create('198.51.100.1, 203.0.113.7')).toBe(201);
    expect(await create('198.51.100.2, 203.0.113.7')).toBe(429);
    expect(await create('203.0.113.8')).toBe(201);
    // IPv6 clients count by their /64.
    expect(await create('2001:db8:1:2::1')).toBe(201);
    expect(await create('2001:db8:1:2:ffff::9')).toBe(201);
    expect(await create('2001:0db8:0001:0002:0:0:0:77')).toBe(429);
  });
});
