// `npm run serve`: the classroom server. Opens the store, resumes every live session it owns, and
// serves Colyseus rooms (with Redis presence and driver when REDIS_URL is set) plus a small HTTP API.
import { createServer, type IncomingMessage } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { matchMaker, Server } from '@colyseus/core';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { ROOM_NAME } from '../src/net/protocol.ts';
import { createEdge, OriginPolicy } from './edge.ts';
import { DEFAULT_LEASE_MS, defaultNodeName, newHolder, SessionLeases } from './lease.ts';
import { ClassroomRoom, type RoomOptions } from './room.ts';
import { codeKeyOf } from './secrets.ts';
import { DEFAULT_LIMITS, setServices, type Limits } from './services.ts';
import { openStore, redact } from './store/open.ts';
import type { StoredSession } from './store/store.ts';

const HELP = `communique classroom server

usage: npm run serve -- [--port 2567] [--host 0.0.0.0] [--public-url http://host:port] [--data-dir dir] [--node name]
                        [--allow-origin https://game.example[,…]] [--max-sessions-per-address 20] [--max-students 60]
                        [--session-idle-days 30] [--trust-proxy]

  --allow-origin              web origins (besides the server's own) whose pages may call the server: a game
                              hosted elsewhere, e.g. http://localhost:5173 for "npm run dev"; "http://host:*" allows any port
  --max-sessions-per-address  live sessions one client address may hold (default 20)
  --max-students              students one session takes (default 60)
  --session-idle-days         a session nobody uses for this long is ended and closed (default 30; 0 keeps it)
  --trust-proxy               behind a reverse proxy: count clients by the last X-Forwarded-For address

environment:
  PORT, HOST, PUBLIC_URL     as the flags above
  CLASSROOM_ALLOW_ORIGIN, CLASSROOM_MAX_SESSIONS_PER_ADDRESS, CLASSROOM_MAX_STUDENTS, CLASSROOM_SESSION_IDLE_DAYS,
  CLASSROOM_TRUST_PROXY=1    as the flags above
  DATABASE_URL               use PostgreSQL (postgres://…) instead of the embedded PGlite store
  CLASSROOM_DATA_DIR         the embedded store's folder (default .communique/classroom-<node> with --node, else
                             .communique/classroom-main); one process per folder, a second one is refused
  CLASSROOM_SCHEMA           the PostgreSQL schema for the tables (default communique)
  CLASSROOM_NODE             this process's name (default <host>-<port>, unique per process); a restart under the
                             same name takes its sessions back at once
  CLASSROOM_LEASE_MS         how long a session stays with a process that stopped renewing it (default 15000): a
                             crashed process's sessions are resumed by another after this
  REDIS_URL                  run several processes: Colyseus Redis presence and driver (redis://…)
  PUBLIC_ADDRESS             with REDIS_URL, host:port where clients reach this process
  CLASSROOM_SNAPSHOT_EVERY   commands between snapshots of a session (default 200)
  CLASSROOM_SCENARIOS_DIR    a folder of scenario files (and their texts/) to offer instead of the built-in ones`;

function fail(message: string): never {
  process.stderr.write(`communique serve: ${message}\n`);
  process.exit(2);
}

function options() {
  try {
    const { values } = parseArgs({
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'data-dir': { type: 'string' },
        node: { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'max-sessions-per-address': { type: 'string' },
        'max-students': { type: 'string' },
        'session-idle-days': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      process.exit(0);
    }
    const env = process.env;
    const portText = values.port ?? env.PORT ?? '2567';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: "${portText}" is not a port number (0–65535)`);
    const node = values.node ?? (env.CLASSROOM_NODE || undefined);
    if (node !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(node)) fail(`--node: "${node}" may hold only letters, digits, ".", "_" and "-"`);
    const count = (flag: string, text: string | undefined, fallback: number, min: number) => {
      if (text === undefined || text === '') return fallback;
      const n = Number(text);
      if (!Number.isInteger(n) || n < min || n > 1_000_000) fail(`--${flag}: "${text}" is not a whole number from ${min} to 1000000`);
      return n;
    };
    const idleText = values['session-idle-days'] ?? env.CLASSROOM_SESSION_IDLE_DAYS;
    const idleDays = idleText === undefined || idleText === '' ? DEFAULT_LIMITS.idleMs / 86_400_000 : Number(idleText);
    if (!Number.isFinite(idleDays) || idleDays < 0 || idleDays > 3650) fail(`--session-idle-days: "${idleText}" is not a number of days from 0 to 3650`);
    const originTexts = [...(values['allow-origin'] ?? []), ...(env.CLASSROOM_ALLOW_ORIGIN ? [env.CLASSROOM_ALLOW_ORIGIN] : [])].flatMap((t) => t.split(','));
    const allowOrigins = originTexts.map((t) => t.trim()).filter(Boolean);
    for (const o of allowOrigins) {
      try {
        OriginPolicy.origin(o.endsWith(':*') ? o.slice(0, -2) : o);
      } catch (error) {
        fail(`--allow-origin: ${(error as Error).message}`);
      }
    }
    const limits: Limits = {
      ...DEFAULT_LIMITS,
      maxSessionsPerAddress: count('max-sessions-per-address', values['max-sessions-per-address'] ?? env.CLASSROOM_MAX_SESSIONS_PER_ADDRESS, DEFAULT_LIMITS.maxSessionsPerAddress, 1),
      maxStudents: count('max-students', values['max-students'] ?? env.CLASSROOM_MAX_STUDENTS, DEFAULT_LIMITS.maxStudents, 1),
      idleMs: idleDays * 86_400_000,
    };
    return {
      allowOrigins,
      limits,
      trustProxy: values['trust-proxy'] ?? (env.CLASSROOM_TRUST_PROXY === '1' || env.CLASSROOM_TRUST_PROXY === 'true'),
      port,
      host: values.host ?? env.HOST ?? '0.0.0.0',
      publicUrl: values['public-url'] ?? env.PUBLIC_URL,
      dataDir: values['data-dir'] ?? (env.CLASSROOM_DATA_DIR || `.communique/classroom-${node ?? 'main'}`),
      node,
      leaseMs: count('lease-ms', env.CLASSROOM_LEASE_MS, DEFAULT_LEASE_MS, 500),
      databaseUrl: env.DATABASE_URL || undefined,
      schema: env.CLASSROOM_SCHEMA ?? 'communique',
      redisUrl: env.REDIS_URL || undefined,
      publicAddress: env.PUBLIC_ADDRESS || undefined,
    };
  } catch (error) {
    fail(`${(error as Error).message}\n\n${HELP}`);
  }
}

/** Addresses other devices can use: this machine's IPv4 addresses, or the bound host. */
function addresses(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [`http://${host}:${port}`];
  const found = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && i.family === 'IPv4' && !i.internal)
    .map((i) => `http://${i!.address}:${port}`);
  return found.length ? found : [`http://127.0.0.1:${port}`];
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const o = options();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // Port 0 asks the system for a free port; links, the public address and the node name need the real one.
  const port = o.port === 0 ? await freePort(o.host) : o.port;
  const node = o.node ?? defaultNodeName(port);
  const store = await openStore({ ...(o.databaseUrl ? { databaseUrl: o.databaseUrl } : {}), dataDir: o.dataDir, schema: o.schema }).catch(
    (error: Error) => fail(`cannot open the store: ${error.message}`),
  );
  const shown = addresses(o.host, port);
  const publicUrl = o.publicUrl ?? shown[0]!;
  const policy = new OriginPolicy(o.allowOrigins, publicUrl);
  const http = createServer();
  // A body has 30 s to arrive (a slow upload holds a socket, not memory: bodies are read up to 16 KB).
  http.requestTimeout = 30_000;
  http.headersTimeout = 20_000;

  let presence, driver;
  if (o.redisUrl) {
    const { RedisPresence } = await import('@colyseus/redis-presence');
    const { RedisDriver } = await import('@colyseus/redis-driver');
    presence = new RedisPresence(o.redisUrl);
    driver = new RedisDriver(o.redisUrl);
  }
  const pendingRestore = new Map();
  setServices({ store, owner: node, publicUrl, pendingRestore, limits: o.limits, trustProxy: o.trustProxy, log });
  // An unhandled rejection would crash the process (and every classroom in it): log it instead.
  process.on('unhandledRejection', (reason) => log(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`));

  const server = new Server({
    greet: false,
    transport: new WebSocketTransport({
      server: http,
      maxPayload: 64 * 1024,
      // A page of another origin cannot open a room connection either.
      verifyClient: (info: { origin?: string; req: IncomingMessage }) => !info.origin || policy.allows(info.origin, info.req.headers.host),
    }),
    ...(presence ? { presence, driver } : {}),
    // Without it, a client matched through another process is sent here and its seat reservation expires.
    ...(o.redisUrl ? { publicAddress: o.publicAddress ?? new URL(publicUrl).host } : {}),
  });
  // Colyseus put its matchmaking listener on the HTTP server: ours replaces it (edge.ts, matchmake.ts),
  // so that join codes are checked before seats are reserved and every body read is bounded.
  http.removeAllListeners('request');
  http.on('request', createEdge(policy));
  // Should anything still reach Colyseus's controller, it may only join existing sessions.
  matchMaker.controller.exposedMethods = ['join', 'joinById'];
  server.define(ROOM_NAME, ClassroomRoom).filterBy(['codeKey', 'classKey']);
  // Sessions are this process's while it holds their leases (lease.ts): taken at boot, renewed, released on shutdown.
  const resume = async (sessions: StoredSession[]): Promise<number> => {
    let n = 0;
    for (const stored of sessions) {
      pendingRestore.set(stored.record.id, stored);
      const { classCode } = stored.record.meta;
      const restore: RoomOptions = { restore: stored.record.id, codeKey: codeKeyOf(stored.record.code), ...(classCode ? { classKey: codeKeyOf(classCode) } : {}) };
      try {
        // Created here, not through the driver: this process holds the session's lease.
        await matchMaker.handleCreateRoom(ROOM_NAME, restore);
        n += 1;
      } catch (error) {
        pendingRestore.delete(stored.record.id);
        log(`cannot resume session ${stored.record.code}: ${(error as Error).message}`);
      }
    }
    return n;
  };
  const leases = new SessionLeases(store, newHolder(node, o.leaseMs), {
    log,
    adopt: async (sessions) => {
      const n = await resume(sessions);
      log(`resumed ${n} session${n === 1 ? '' : 's'} another process stopped hosting`);
    },
    lost: (ids) => void closeRooms(new Set(ids)),
  });
  /** Closes this process's rooms of sessions now hosted elsewhere: their students reconnect to the new host. */
  const closeRooms = async (ids: Set<string>) => {
    for (const listing of await matchMaker.query({ processId: matchMaker.processId })) {
      const room = matchMaker.getLocalRoomById(listing.roomId) as ClassroomRoom | undefined;
      if (room && ids.has(room.classroom?.id)) await room.disconnect().catch(() => undefined);
    }
  };
  server.onShutdown(async () => {
    await leases.release();
    await store.close();
  });
  await server.listen(port, o.host).catch((error: Error) => fail(`cannot listen on ${o.host}:${port}: ${error.message}`));

  const live = await leases.boot().catch(async (error: Error) => {
    await store.close().catch(() => undefined);
    return fail(error.message);
  });
  const resumed = await resume(live);
  leases.start();

  const lines = [
    'Communiqué classroom server',
    ...shown.map((a) => `  students:    ${a}/join   (or the link and QR code of their session)`),
    ...shown.map((a) => `  instructor:  ${a}/instructor   (create a session: POST ${a}/api/sessions {"scenario":"new-delhi-fmm-2023"})`),
    `  storage:     ${store.description}, node ${node}`,
    `  scale-out:   ${o.redisUrl ? `Redis ${redact(o.redisUrl)}, this process at ${o.publicAddress ?? new URL(publicUrl).host} (Colyseus process ${matchMaker.processId})` : 'off (set REDIS_URL to run several processes)'}`,
    `  sessions:    ${resumed} live session${resumed === 1 ? '' : 's'} resumed; at most ${o.limits.maxSessionsPerAddress} live per address, ${o.limits.maxStudents} students each`,
    `  origins:     ${policy.describe()} (and the address a page reached the server by)`,
    `listening on http://${o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: Error) => fail(error.message));
