// Two server processes sharing Redis (Colyseus presence and driver): a student joining through
// either process reaches the same room. Skipped, with the reason printed, when Redis is unreachable.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, createSession } from '../../src/net/client.ts';
import { freePort, shutDown, startServer, until, type RunningServer } from './harness.ts';

const REDIS_HOST = '127.0.0.1';
const REDIS_PORT = 6379;
/** A database of its own, emptied first, so the test never reads another run's room listings. */
const REDIS_DB = 7;

/** Sends raw Redis commands; resolves with the reply text, or null when Redis cannot be reached. */
function redis(commands: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: REDIS_HOST, port: REDIS_PORT });
    let reply = '';
    const done = (value: string | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(2000, () => done(null));
    socket.on('error', () => done(null));
    socket.on('connect', () => socket.write(commands.map((c) => `${c}\r\n`).join('')));
    socket.on('data', (d) => {
      reply += d.toString();
      if (reply.split('\r\n').length > commands.length) done(reply);
    });
  });
}

const reply = await redis([`SELECT ${REDIS_DB}`, 'FLUSHDB', 'PING']);
const reachable = reply !== null && reply.includes('+PONG');
if (!reachable) console.log(`skipping the two-process Redis test: no Redis answers on ${REDIS_HOST}:${REDIS_PORT}`);

describe.skipIf(!reachable)('two server processes with Redis', () => {
  let a: RunningServer;
  let b: RunningServer;
  const open: ClassroomConnection[] = [];

  beforeAll(async () => {
    const [portA, portB] = [await freePort(), await freePort()];
    const env = (node: string, port: number) => ({
      REDIS_URL: `redis://${REDIS_HOST}:${REDIS_PORT}/${REDIS_DB}`,
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      CLASSROOM_NODE: node,
    });
    [a, b] = await Promise.all([startServer({ port: portA, env: env('a', portA) }), startServer({ port: portB, env: env('b', portB) })]);
  }, 60_000);

  afterAll(() => shutDown(open, [a, b]), 30_000);

  for (const [via, label] of [
    ['a', 'created through the first process'],
    ['b', 'created through the second process'],
  ] as const) {
    it(`brings students joining through either process into the same room (${label})`, async () => {
      const creator = via === 'a' ? a : b;
      const session = await createSession(creator.url, { scenario: 'tutorial', seed: `redis-${via}`, minutesPerSlot: 0 });
      const teacher = await ClassroomConnection.join(a.url, { as: 'instructor', code: session.code, secret: session.secret });
      const viaA = await ClassroomConnection.join(a.url, { as: 'student', code: session.code, name: 'Through A' });
      const viaB = await ClassroomConnection.join(b.url, { as: 'student', code: session.displayCode, name: 'Through B' });
      open.push(teacher, viaA, viaB);
      expect(viaB.room.roomId).toBe(viaA.room.roomId);
      expect(teacher.room.roomId).toBe(viaA.room.roomId);
      expect([viaA.seat, viaB.seat]).toEqual(['NOR', 'EAS']);

      await teacher.instructor(session.secret, { kind: 'start' });
      await until(() => !viaA.view!.paused && viaA.view!.step >= 4, 'the start to reach the student through A');
      await viaA.command({ type: 'message', actor: 'NOR', target: 'EAS', text: 'Hello across processes' });
      await until(() => viaB.messages().some((m) => m.text.includes('Hello across processes')), 'the student through B to get the message');
      await until(() => teacher.control?.students.filter((s) => s.connected).length === 2, 'the instructor to see both students');
    });
  }
});
