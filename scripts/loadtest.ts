// `npm run loadtest`: starts a classroom server on loopback and, in a process of its own, a client
// generator that fills it with sessions of real WebSocket clients acting every few seconds. Each
// session is a class as it plays: some seats are students', the rest the AI's (played at each slot's
// close), and the slot timer closes slots for real (`--slot-seconds`). Reported: commands per second,
// round trips (p50/p99), errors, stale retries and rules refusals apart, and the CPU share of the
// server and of the client generator side by side (a generator starved of CPU inflates round trips).
// With `--processes 2` the classroom runs as two server processes behind Redis on one PostgreSQL
// database (the README's scale-out set-up): sessions are created on each in turn and students join
// through either, so matchmaking sends some of them to the other process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Command } from '../src/domain/commands.ts';
import { ClassroomConnection, ClassroomError, createSession } from '../src/net/client.ts';
import { freePort } from '../server/free-port.ts';

const USAGE =
  'usage: npm run loadtest -- [--sessions 50] [--clients 21] [--seconds 60] [--interval 3] [--ai-seats 6] [--slot-seconds 15] [--processes 1|2] [--json]\n' +
  '  --processes 2 needs Redis and PostgreSQL: LOADTEST_REDIS_URL (default redis://127.0.0.1:6379/9) and\n' +
  '  LOADTEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a schema of its own, dropped after)';

function fail(message: string): never {
  process.stderr.write(`loadtest: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function positive(name: string, text: string, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) fail(`--${name}: "${text}" is not a number between 0 and ${max}`);
  return n;
}

function options() {
  try {
    const { values } = parseArgs({
      strict: true,
      options: {
        sessions: { type: 'string', default: '50' },
        clients: { type: 'string', default: '21' },
        seconds: { type: 'string', default: '60' },
        interval: { type: 'string', default: '3' },
        'ai-seats': { type: 'string', default: '6' },
        'slot-seconds': { type: 'string', default: '15' },
        processes: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        worker: { type: 'string' },
      },
    });
    return {
      sessions: Math.floor(positive('sessions', values.sessions, 500)),
      clients: Math.floor(positive('clients', values.clients, 100)),
      seconds: positive('seconds', values.seconds, 3600),
      interval: positive('interval', values.interval, 60),
      aiSeats: Math.floor(Number(values['ai-seats']) >= 0 && Number(values['ai-seats']) <= 20 ? Number(values['ai-seats']) : fail(`--ai-seats: "${values['ai-seats']}" is not 0 to 20`)),
      slotSeconds: positive('slot-seconds', values['slot-seconds'], 3600),
      processes: values.processes === '1' || values.processes === '2' ? Number(values.processes) : fail(`--processes: "${values.processes}" is not 1 or 2`),
      json: values.json,
      /** Set in the client generator's process: the servers' URLs, comma-separated. */
      worker: values.worker,
    };
  } catch (error) {
    fail((error as Error).message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(predicate: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate() && Date.now() < end) await sleep(50);
}

/** A process's CPU time (user + system, in clock ticks) and resident memory (MB), from /proc. */
function usage(pid: number): { ticks: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { ticks, rssMb: rss ? Number(rss[1]) / 1024 : 0 };
}
const TICKS_PER_SECOND = 100;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** How a server process stores and meets the others: alone (its own embedded store), or behind Redis on PostgreSQL. */
type Backing = { kind: 'alone' } | { kind: 'shared'; redisUrl: string; databaseUrl: string; schema: string };

async function startServer(dataDir: string, backing: Backing) {
  const entry = fileURLToPath(new URL('./main.js', import.meta.url));
  // Every session and student comes from this one address: lift the per-address quotas (they are not what is measured).
  const quotas = ['--max-sessions-per-address', '100000', '--max-students', '1000'];
  const port = backing.kind === 'shared' ? await freePort() : 0;
  const env =
    backing.kind === 'shared'
      ? { DATABASE_URL: backing.databaseUrl, CLASSROOM_SCHEMA: backing.schema, REDIS_URL: backing.redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}` }
      : { DATABASE_URL: '', REDIS_URL: '' };
  // LOADTEST_SERVER_FLAGS: node flags for the server processes (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"), to see where a load goes.
  const flags = (process.env.LOADTEST_SERVER_FLAGS ?? '').split(' ').filter((f) => f !== '');
  const child = spawn(process.execPath, [...flags, entry, '--host', '127.0.0.1', '--port', `${port}`, '--data-dir', dataDir, ...quotas], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const listening = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${err.trim()}`)));
  });
  return { child, url: `http://127.0.0.1:${listening}`, stderr: () => err };
}


interface Tally {
  accepted: number;
  /** Stale refusals retried on the new view (the protocol working, not errors). */
  stale: number;
  /** Commands the rules refused (a slot's minutes spent by the time it arrived, the meeting closed): not errors either. */
  refused: number;
  errors: number;
  /** Slot changes the instructors saw (the timer's advance-slot, each with the AI seats' closing turns). */
  slotsClosed: number;
  errorSamples: string[];
  rtts: number[];
  /** The same round trips apart: students' commands, and the instructor's whole-view syncs. */
  commandRtts: number[];
  syncRtts: number[];
}

type Options = ReturnType<typeof options>;

/** One client's life: act at random intervals around `interval` seconds until `end` or the meeting closes. */
async function run(c: ClassroomConnection, end: number, interval: number, tally: Tally, seats: string[]): Promise<void> {
  await sleep(Math.random() * interval * 1000);
  let n = 0;
  const slotOf = () => (c.view ? `${c.view.clock.session}/${c.view.clock.slot}/${c.view.closed}` : '');
  let slot = slotOf();
  // A student whose seat the AI plays watches: its page asks for nothing, the server pushes every view.
  if (c.welcome.role !== 'instructor' && !c.seat) return;
  while (Date.now() < end && !c.closed && !c.view?.closed) {
    const seat = c.seat;
    let command: Command | null = null;
    if (seat) {
      const others = seats.filter((s) => s !== seat);
      const target = others[Math.floor(Math.random() * others.length)]!;
      const minutes = c.view?.minutesLeft ?? 0;
      const paragraphs = Object.keys(c.view?.draft ?? {});
      const paragraph = paragraphs[Math.floor(Math.random() * paragraphs.length)]!;
      // Mostly bilaterals (free), with consultations and lobbying while the slot's minutes last.
      command =
        n % 4 === 1 && minutes >= 10
          ? { type: 'consult', actor: seat, target, paragraph }
          : n % 4 === 3 && minutes >= 15
            ? { type: 'lobby', actor: seat, target, paragraph, approach: 'interest' }
            : { type: 'message', actor: seat, target, text: `note ${n} from ${seat}` };
    }
    n += 1;
    const t0 = performance.now();
    try {
      // A stale refusal (another student's command got in first) is the protocol working: the
      // client waits for the new view and gives the command again; the round trip includes it.
      if (command) await c.commandRetryingStale(command, 5, () => (tally.stale += 1));
      else await c.sync();
      const rtt = performance.now() - t0;
      tally.rtts.push(rtt);
      (command ? tally.commandRtts : tally.syncRtts).push(rtt);
      tally.accepted += 1;
    } catch (error) {
      if (error instanceof ClassroomError && error.code === 'refused') {
        tally.refused += 1;
      } else {
        tally.errors += 1;
        if (tally.errorSamples.length < 5) tally.errorSamples.push((error as Error).message);
      }
    }
    if (c.welcome.role === 'instructor' && slotOf() !== slot) {
      tally.slotsClosed += 1;
      slot = slotOf();
    }
    await sleep(interval * 1000 * (0.5 + Math.random()));
  }
}

const line = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

/**
 * The client generator (its own process): joins every session, seats the AI on `aiSeats` delegations,
 * says "ready", waits for "go" on stdin, plays for `seconds`, and writes its tally as one JSON line.
 */
async function worker(o: Options, urls: string[]): Promise<void> {
  const connections: ClassroomConnection[] = [];
  // Sessions are created on each process in turn; each student comes in through either one.
  const any = () => urls[Math.floor(Math.random() * urls.length)]!;
  const t0 = performance.now();
  const rooms: { teacher: ClassroomConnection; students: ClassroomConnection[] }[] = [];
  try {
    // Sessions fill a few at a time, as classes arriving; each session's students join together.
    for (let i = 0; i < o.sessions; i += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, o.sessions - i) }, async (_, k) => {
          const home = urls[(i + k) % urls.length]!;
          const session = await createSession(home, { scenario: 'new-delhi-fmm-2023', seed: `load-${i + k}`, minutesPerSlot: o.slotSeconds / 60 });
          const teacher = await ClassroomConnection.join(home, { as: 'instructor', code: session.code, secret: session.secret });
          const students = await Promise.all(
            Array.from({ length: o.clients - 1 }, (_, s) => ClassroomConnection.join(any(), { as: 'student', code: session.code, name: `Student ${s + 1}` })),
          );
          connections.push(teacher, ...students);
          // The AI plays the last `aiSeats` seats taken (their students watch); at least `aiSeats` seats are the AI's either way.
          const seated = students.filter((s) => s.seat);
          for (const s of seated.slice(Math.max(0, 20 - o.aiSeats))) await teacher.instructor(session.secret, { kind: 'seat-to-ai', delegation: s.seat! });
          await teacher.instructor(session.secret, { kind: 'start' });
          return { teacher, students };
        }),
      );
      rooms.push(...batch);
    }
    const joinSeconds = (performance.now() - t0) / 1000;
    await sleep(1000);
    // Let every student see the start (and its seat) before the clock runs.
    for (const r of rooms) await Promise.all(r.students.map((s) => s.sync()));
    await until(() => rooms[0]?.teacher.control !== undefined && rooms[0]?.teacher.control !== null);
    const humanSeats = rooms[0]?.teacher.control?.humanSeats.length ?? 0;
    line({ type: 'ready', connections: connections.length, joinSeconds, humanSeats });
    await new Promise<void>((resolve) => {
      process.stdin.once('data', () => resolve());
      process.stdin.once('end', () => resolve());
    });
    const tally: Tally = { accepted: 0, stale: 0, refused: 0, errors: 0, slotsClosed: 0, errorSamples: [], rtts: [], commandRtts: [], syncRtts: [] };
    // The generator's own lag: a round trip it measures includes the time its event loop was busy
    // decoding other clients' views, so its delay is reported beside the round trips.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const start = performance.now();
    const end = Date.now() + o.seconds * 1000;
    await Promise.all(
      rooms.flatMap((r) => {
        const seats = r.students.flatMap((s) => (s.seat ? [s.seat] : []));
        return [r.teacher, ...r.students].map((c) => run(c, end, o.interval, tally, seats));
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    const disconnected = connections.filter((c) => c.closed).length;
    const slots = rooms.map((r) => r.teacher.view?.clock).filter(Boolean);
    lag.disable();
    const loopDelayP99Ms = Math.round(lag.percentile(99) / 1e4) / 100;
    line({ type: 'result', tally, elapsed, loopDelayP99Ms, disconnected, closedMeetings: rooms.filter((r) => r.teacher.view?.closed).length, lastClock: slots[0] ?? null });
  } finally {
    await Promise.allSettled(connections.map((c) => c.leave()));
  }
}

/** Starts the client generator and returns its next JSON lines as they come. */
function startWorker(o: Options, urls: string[]) {
  const entry = fileURLToPath(import.meta.url);
  const args = ['--worker', urls.join(','), '--sessions', `${o.sessions}`, '--clients', `${o.clients}`, '--seconds', `${o.seconds}`, '--interval', `${o.interval}`];
  const child = spawn(process.execPath, [entry, ...args, '--ai-seats', `${o.aiSeats}`, '--slot-seconds', `${o.slotSeconds}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  let buffer = '';
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      try {
        lines.push(JSON.parse(text) as Record<string, unknown>);
      } catch {
        continue;
      }
      waiters.splice(0).forEach((w) => w());
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => (waiters.splice(0).forEach((w) => w()), resolve(code))));
  let gone = false;
  void exited.then(() => (gone = true));
  async function next<T>(type: string): Promise<T> {
    for (;;) {
      const found = lines.findIndex((l) => l.type === type);
      if (found >= 0) return lines.splice(found, 1)[0] as T;
      if (gone) throw new Error(`the client generator exited before "${type}": ${err.trim()}`);
      await new Promise<void>((r) => waiters.push(r));
    }
  }
  return { child, next, exited };
}

async function main(): Promise<void> {
  const o = options();
  if (o.worker) return worker(o, o.worker.split(','));
  const say = (text: string) => {
    if (!o.json) process.stdout.write(`${text}\n`);
  };
  const dataDirs: string[] = [];
  let backing: Backing = { kind: 'alone' };
  let dropSchema: (() => Promise<void>) | null = null;
  if (o.processes === 2) {
    const databaseUrl = process.env.LOADTEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
    const redisUrl = process.env.LOADTEST_REDIS_URL || 'redis://127.0.0.1:6379/9';
    const schema = `loadtest_${process.pid}_${Math.floor(performance.now())}`;
    backing = { kind: 'shared', redisUrl, databaseUrl, schema };
    const { default: pg } = await import('pg');
    dropSchema = async () => {
      const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
      await db.end();
    };
  }
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  let generator: ReturnType<typeof startWorker> | null = null;
  try {
    for (let i = 0; i < o.processes; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'communique-loadtest-'));
      dataDirs.push(dataDir);
      servers.push(await startServer(dataDir, backing));
    }
    const urls = servers.map((s) => s.url);
    say(
      `Load test: ${o.sessions} sessions × ${o.clients} clients on ${urls.join(' and ')}${o.processes === 2 ? ' (two processes behind Redis, one PostgreSQL database)' : ''}, each acting every ~${o.interval} s for ${o.seconds} s; ` +
        `${o.aiSeats} seats the AI's, slots closing every ${o.slotSeconds} s`,
    );
    generator = startWorker(o, urls);
    const ready = await generator.next<{ connections: number; joinSeconds: number; humanSeats: number }>('ready');
    say(`  joined:        ${ready.connections} connections in ${ready.joinSeconds.toFixed(1)} s (${ready.humanSeats} student seats per session)`);
    const serverPids = servers.map((s) => s.child.pid!);
    const clientsPid = generator.child.pid!;
    const before = { servers: serverPids.map((pid) => usage(pid).ticks), clients: usage(clientsPid).ticks };
    let peakRss = Math.max(...serverPids.map((pid) => usage(pid).rssMb));
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, ...serverPids.map((pid) => usage(pid).rssMb))), 1000);
    generator.child.stdin!.write('go\n');
    const r = await generator.next<{
      tally: Tally;
      elapsed: number;
      loopDelayP99Ms: number;
      disconnected: number;
      closedMeetings: number;
      lastClock: { session: number; slot: number } | null;
    }>('result');
    clearInterval(sampler);
    const after = { servers: serverPids.map((pid) => usage(pid).ticks), clients: usage(clientsPid).ticks };
    peakRss = Math.max(peakRss, ...serverPids.map((pid) => usage(pid).rssMb));
    const { tally, elapsed } = r;
    tally.errors += r.disconnected;
    const share = (ticks: number) => Math.round((ticks / TICKS_PER_SECOND / elapsed) * 1000) / 10;
    const perProcess = after.servers.map((t, i) => share(t - before.servers[i]!));

    const sorted = [...tally.rtts].sort((a, b) => a - b);
    const result = {
      sessions: o.sessions,
      clients: o.clients,
      seconds: o.seconds,
      aiSeats: o.aiSeats,
      slotSeconds: o.slotSeconds,
      commandsPerSec: Math.round((tally.accepted / elapsed) * 10) / 10,
      p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
      p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
      // The tail apart: a student's command, and the instructor's sync of its whole view (the full transcript).
      p99CommandMs: Math.round(percentile([...tally.commandRtts].sort((a, b) => a - b), 99) * 100) / 100,
      p99SyncMs: Math.round(percentile([...tally.syncRtts].sort((a, b) => a - b), 99) * 100) / 100,
      maxMs: Math.round(sorted.at(-1) ?? 0),
      errors: tally.errors,
      staleRetries: tally.stale,
      refused: tally.refused,
      processes: o.processes,
      // The servers together (with two processes, each one's share is in cpuPercentByProcess).
      cpuPercent: Math.round(perProcess.reduce((a, b) => a + b, 0) * 10) / 10,
      cpuPercentByProcess: perProcess,
      clientCpuPercent: share(after.clients - before.clients),
      clientLoopDelayP99Ms: r.loopDelayP99Ms,
      rssMb: Math.round(peakRss),
      slotsClosed: tally.slotsClosed,
      meetingsClosed: r.closedMeetings,
      errorSamples: tally.errorSamples,
    };
    if (o.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      say(`  commands:      ${tally.accepted} acknowledged, ${result.commandsPerSec}/s`);
      say(`  round trip:    p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms (stale retries included)`);
      say(`  p99 apart:     students' commands ${result.p99CommandMs} ms, the instructors' whole-view syncs ${result.p99SyncMs} ms; the generator's own event-loop delay p99 ${result.clientLoopDelayP99Ms} ms`);
      say(`  stale:         ${tally.stale} retried on the new view; refused by the rules: ${tally.refused}`);
      say(`  errors:        ${result.errors}${r.disconnected ? ` (${r.disconnected} disconnected)` : ''}${tally.errorSamples.length ? ` — e.g. ${tally.errorSamples[0]}` : ''}`);
      say(
        `  CPU:           server${o.processes === 2 ? `s ${perProcess.join(' % + ')} % =` : ''} ${result.cpuPercent} % of one core, client generator ${result.clientCpuPercent} % (averages); server RSS ${result.rssMb} MB (peak${o.processes === 2 ? ', either process' : ''})`,
      );
      say(`  slots:         ${result.slotsClosed} closed by the timer across the sessions; ${result.meetingsClosed} of ${o.sessions} meetings closed by the end`);
      say(`  target:        p99 ≤ 100 ms and 0 errors: ${result.p99Ms <= 100 && result.errors === 0 ? 'met' : 'NOT met'}`);
    }
    process.exitCode = result.p99Ms <= 100 && result.errors === 0 ? 0 : 1;
  } finally {
    if (generator && generator.child.exitCode === null) {
      generator.child.stdin!.end();
      const timer = setTimeout(() => generator!.child.kill('SIGTERM'), 10_000);
      await generator.exited;
      clearTimeout(timer);
    }
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => (server.child.exitCode === null ? new Promise((r) => server.child.once('exit', r)) : null)));
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dropSchema?.();
  }
}

main().catch((error: Error) => fail(error.message));
