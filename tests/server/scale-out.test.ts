// Safe scale-out: two processes behind Redis sharing one PostgreSQL database, restarted in turn while
// students play. No acknowledged command is lost, no step is written twice, each session is hosted
// by exactly one process; and one embedded-store folder takes one process (a lock a crash leaves
// behind does not block the restart). Skipped, with the reason printed, without PostgreSQL or Redis.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.ts';
import { readReplay, verifyReplay } from '../../src/engine/replay.ts';
import { ClassroomConnection, ClassroomError, createSession } from '../../src/net/client.ts';
import { newHolder } from '../../server/lease.ts';
import { openStore } from '../../server/store/open.ts';
import { scenario } from '../helpers.ts';
import { freePort, freshDataDir, removeDir, startServer, type RunningServer } from './harness.ts';

const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = 'redis://127.0.0.1:6379/8';
/** A schema of its own per run: runs never see each other's sessions. */
const SCHEMA = `scale_out_${randomBytes(4).toString('hex')}`;

const { default: pg } = await import('pg');
const { Redis } = await import('ioredis');
const db = new pg.Pool({ connectionString: POSTGRES_URL, max: 2 });
const postgresUp = await db.query('SELECT 1').then(
  () => true,
  () => false,
);
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
const redisUp = await redis.connect().then(
  () => redis.flushdb().then(() => true),
  () => false,
);
if (!postgresUp || !redisUp) console.log(`skipping the scale-out test: ${postgresUp ? '' : `no PostgreSQL at ${POSTGRES_URL} `}${redisUp ? '' : `no Redis at ${REDIS_URL}`}`);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const everyStderr: (() => string)[] = [];
const dirs: string[] = [];
const running = new Set<RunningServer>();

async function start(options: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const s = await startServer(options);
  everyStderr.push(s.stderr);
  running.add(s);
  return s;
}

afterAll(async () => {
  await Promise.allSettled([...running].map((s) => s.stop()));
  for (const d of dirs) removeDir(d);
  if (postgresUp) await db.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`).catch(() => undefined);
  await db.end();
  if (redisUp) await redis.flushdb().catch(() => undefined);
  redis.disconnect();
}, 30_000);

describe('one embedded-store folder, one process', () => {
  it('refuses a second process on the folder, with the folder and the holder named, and reopens it after a SIGKILL', async () => {
    const dataDir = await freshDataDir('lock');
    dirs.push(dataDir);
    const first = await start({ dataDir });
    const second = startServer({ dataDir });
    await expect(second).rejects.toThrow(/exited \(2\)/);
    const message = await second.catch((e: Error) => e.message);
    expect(message).toContain(`the data folder ${dataDir} is in use by another classroom server (pid ${first.process.pid}`);
    await first.kill();
    running.delete(first);
    const again = await start({ dataDir });
    expect(again.banner).toMatch(/PGlite at/);
    await again.stop();
    running.delete(again);
  }, 40_000);
});

type CreatedSession = Awaited<ReturnType<typeof createSession>>;

interface Player {
  session: CreatedSession;
  seat: string;
  target: string;
  token: string;
  conn: ClassroomConnection;
}

describe.skipIf(!postgresUp || !redisUp)('two processes behind Redis on one PostgreSQL database', () => {
  it('writes a command only under the session lease: a process that lost it is refused, not duplicated', async () => {
    const open = () => openStore({ databaseUrl: POSTGRES_URL, dataDir: '', schema: SCHEMA });
    const [a, b] = await Promise.all([open(), open()]);
    try {
      a.holdAs(newHolder('fence-a', 60_000));
      b.holdAs(newHolder('fence-b', 60_000));
      const id = `fence-${randomBytes(4).toString('hex')}`;
      await a.createSession({ id, code: id, secretHash: 'x', owner: 'fence-a', scenario: 'tutorial', seed: 's', difficulty: 'standard', minutesPerSlot: 0, status: 'live', meta: {} });
      const hello: Command = { type: 'message', actor: 'NOR', target: 'EAS', text: 'hello' };
      await a.appendCommand(id, 1, hello);
      expect((await b.takeLiveSessions()).map((s) => s.record.id)).not.toContain(id); // A holds it
      await b.appendCommand(id, 2, hello).then(
        () => expect.fail('B wrote without the lease'),
        (e: Error) => expect(e.message).toMatch(/no longer hosted by this process/),
      );
      // A stalls past its lease: B takes the session over, and A's next write is refused.
      await db.query(`UPDATE "${SCHEMA}".leases SET expires_at = now() - interval '1 second' WHERE session_id = $1`, [id]);
      expect((await b.takeLiveSessions()).map((s) => s.record.id)).toContain(id);
      await b.appendCommand(id, 2, hello);
      await expect(a.appendCommand(id, 3, hello, { meta: {} })).rejects.toThrow(/no longer hosted/);
      await expect(a.appendCommand(id, 3, hello)).rejects.toThrow(/no longer hosted/);
      expect(await a.renewLeases()).not.toContain(id);
      const { rows } = await db.query(`SELECT step FROM "${SCHEMA}".commands WHERE session_id = $1 ORDER BY step`, [id]);
      expect(rows.map((r) => Number(r.step))).toEqual([1, 2]);
    } finally {
      await db.query(`DELETE FROM "${SCHEMA}".sessions WHERE id LIKE 'fence-%'`); // not a session for the processes below
      await Promise.all([a.close(), b.close()]);
    }
  }, 20_000);

  it('keeps every acknowledged command, writes no step twice and hosts each session once, across restarts in turn', async () => {
    const ports = [await freePort(), await freePort()] as const;
    const env = (port: number) => ({
      DATABASE_URL: POSTGRES_URL,
      CLASSROOM_SCHEMA: SCHEMA,
      REDIS_URL,
      PUBLIC_ADDRESS: `127.0.0.1:${port}`,
      CLASSROOM_LEASE_MS: '3000',
      // No CLASSROOM_NODE: the default names must differ by themselves.
    });
    const boot = async (i: 0 | 1) => {
      const dataDir = await freshDataDir('scale'); // unused with DATABASE_URL, removed after
      dirs.push(dataDir);
      return start({ port: ports[i], dataDir, env: env(ports[i]) });
    };
    const servers: (RunningServer | null)[] = await Promise.all([boot(0), boot(1)]);
    expect(servers[0]!.banner).not.toBe(servers[1]!.banner);
    const nodeOf = (s: RunningServer) => /node (\S+)/.exec(s.banner)![1];
    expect(nodeOf(servers[0]!)).not.toBe(nodeOf(servers[1]!));
    const liveUrl = () => {
      const up = servers.filter((s): s is RunningServer => s !== null);
      return up[Math.floor(Math.random() * up.length)]!.url;
    };

    // Four sessions, two created through each process, two students each.
    const sessions: CreatedSession[] = [];
    const players: Player[] = [];
    for (let i = 0; i < 4; i++) {
      const via = servers[i % 2]!;
      const session = await createSession(via.url, { scenario: 'tutorial', seed: `scale-${i}`, minutesPerSlot: 0 });
      sessions.push(session);
      const teacher = await ClassroomConnection.join(via.url, { as: 'instructor', code: session.code, secret: session.secret });
      const students = [
        await ClassroomConnection.join(servers[0]!.url, { as: 'student', code: session.code, name: 'Ana' }),
        await ClassroomConnection.join(servers[1]!.url, { as: 'student', code: session.code, name: 'Ben' }),
      ];
      await teacher.instructor(session.secret, { kind: 'start' });
      for (const [k, s] of students.entries()) {
        const deadline = Date.now() + 10_000;
        while ((s.view!.paused || s.view!.step < 4 || !s.seat) && Date.now() < deadline) await pause(20);
        players.push({ session, seat: s.seat!, target: '', token: s.token!, conn: s });
        void k;
      }
      await teacher.leave();
    }
    for (const p of players) p.target = players.find((o) => o.session === p.session && o !== p)!.seat;

    // Students play throughout: a closed connection rejoins (through whichever process is up) with its token.
    const acked = new Map<string, Map<number, Command>>(sessions.map((s) => [s.code, new Map()]));
    let playing = true;
    let rejoins = 0;
    const play = async (p: Player) => {
      for (let i = 0; playing && i < 45; ) {
        await pause(150);
        if (p.conn.closed) {
          try {
            p.conn = await ClassroomConnection.join(liveUrl(), { as: 'rejoin', code: p.session.code, token: p.token });
            rejoins += 1;
          } catch {
            await pause(200); // the session is between hosts
          }
          continue;
        }
        const command: Command = { type: 'message', actor: p.seat, target: p.target, text: `${p.seat} ${i}` };
        try {
          const { step } = await p.conn.command(command);
          acked.get(p.session.code)!.set(step, command);
          i += 1;
        } catch (error) {
          if (error instanceof ClassroomError && error.code === 'stale') await p.conn.viewAt(error.detail.step, 500);
          else if (error instanceof ClassroomError && error.code === 'refused') return;
          // otherwise the connection closed with its process, or the write was refused: not acknowledged
        }
      }
    };
    const playing$ = Promise.all(players.map(play));

    const stop = async (i: 0 | 1) => {
      await servers[i]!.stop();
      running.delete(servers[i]!);
      servers[i] = null;
    };
    await pause(1500);
    await stop(0); // B keeps serving, and takes A's sessions over
    await pause(2500);
    servers[0] = await boot(0);
    await pause(1500);
    await stop(1);
    await pause(2500);
    servers[1] = await boot(1);
    await pause(1500);
    // A crash this time: A's leases lapse (3 s here) and B takes its sessions over.
    await servers[0]!.kill();
    running.delete(servers[0]!);
    servers[0] = null;
    await pause(5000);
    servers[0] = await boot(0);
    await pause(1000);
    playing = false;
    await playing$;
    expect(rejoins).toBeGreaterThan(0);

    // Every acknowledged command is in its session's log at its step, and the log replays.
    for (const session of sessions) {
      const teacher = await ClassroomConnection.join(liveUrl(), { as: 'instructor', code: session.code, secret: session.secret });
      const read = readReplay((await teacher.instructor(session.secret, { kind: 'replay' })).replay);
      await teacher.leave();
      if (!read.ok) throw new Error(read.problem.message);
      const mine = acked.get(session.code)!;
      expect(mine.size).toBeGreaterThan(10);
      for (const [step, command] of mine) expect(read.replay.commands[step - 1]).toEqual(command);
      expect(verifyReplay(scenario('tutorial'), read.replay).ok).toBe(true);
    }

    // Each session has one lease, held by a running process, and one room listing in Redis.
    const pids = servers.map((s) => s!.process.pid);
    const { rows } = await db.query<{ session_id: string; instance: string }>(`SELECT session_id, instance FROM "${SCHEMA}".leases WHERE expires_at > now()`);
    expect(rows.map((r) => r.session_id).sort()).toEqual([...new Set(rows.map((r) => r.session_id))].sort());
    expect(rows).toHaveLength(sessions.length);
    for (const r of rows) expect(pids).toContain(Number(r.instance.split('/')[1]));
    // (The killed process's listings stay in Redis until Colyseus's health check drops them: count the running processes'.)
    const processIds = servers.map((s) => /Colyseus process (\S+)\)/.exec(s!.banner)![1]);
    const listings = Object.values(await redis.hgetall('roomcaches')).map((v) => JSON.parse(v) as { roomId: string; processId: string });
    expect(listings.filter((l) => processIds.includes(l.processId))).toHaveLength(sessions.length);

    const stderr = everyStderr.map((e) => e()).join('\n');
    if (process.env.SCALE_DEBUG) console.log(stderr, rejoins, [...acked.values()].map((m) => m.size));
    expect(stderr).not.toMatch(/duplicate key|commands_pkey/);
    await Promise.all(players.map((p) => p.conn.leave()));
  }, 60_000);
});
