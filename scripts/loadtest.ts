// `npm run loadtest`: starts a classroom server on loopback, fills it with sessions of real WebSocket
// clients that act every few seconds, and reports commands per second, round trips, errors, and the
// server's CPU and memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Command } from '../src/domain/commands.ts';
import { ClassroomConnection, createSession } from '../src/net/client.ts';

const USAGE = 'usage: npm run loadtest -- [--sessions 50] [--clients 21] [--seconds 60] [--interval 3] [--json]';

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
        json: { type: 'boolean', default: false },
      },
    });
    return {
      sessions: Math.floor(positive('sessions', values.sessions, 500)),
      clients: Math.floor(positive('clients', values.clients, 100)),
      seconds: positive('seconds', values.seconds, 3600),
      interval: positive('interval', values.interval, 60),
      json: values.json,
    };
  } catch (error) {
    fail((error as Error).message);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server process's CPU time (user + system, in clock ticks) and resident memory (MB), from /proc. */
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

async function startServer(dataDir: string) {
  const entry = fileURLToPath(new URL('./main.js', import.meta.url));
  // Every session and student comes from this one address: lift the per-address quotas (they are not what is measured).
  const quotas = ['--max-sessions-per-address', '100000', '--max-students', '1000'];
  const child = spawn(process.execPath, [entry, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...quotas], {
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${err.trim()}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, stderr: () => err };
}

interface Tally {
  accepted: number;
  stale: number;
  errors: number;
  errorSamples: string[];
  rtts: number[];
}

/** One client's life: act at random intervals around `interval` seconds until `end`. */
async function run(c: ClassroomConnection, end: number, interval: number, tally: Tally, seats: string[]): Promise<void> {
  await sleep(Math.random() * interval * 1000);
  let n = 0;
  while (Date.now() < end && !c.closed) {
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
      tally.rtts.push(performance.now() - t0);
      tally.accepted += 1;
    } catch (error) {
      tally.errors += 1;
      if (tally.errorSamples.length < 5) tally.errorSamples.push((error as Error).message);
    }
    await sleep(interval * 1000 * (0.5 + Math.random()));
  }
}

async function main(): Promise<void> {
  const o = options();
  const say = (line: string) => {
    if (!o.json) process.stdout.write(`${line}\n`);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'communique-loadtest-'));
  const server = await startServer(dataDir);
  const connections: ClassroomConnection[] = [];
  try {
    say(`Load test: ${o.sessions} sessions × ${o.clients} clients on ${server.url}, each acting every ~${o.interval} s for ${o.seconds} s`);
    const t0 = performance.now();
    const rooms: { secret: string; teacher: ClassroomConnection; students: ClassroomConnection[] }[] = [];
    // Sessions fill a few at a time, as classes arriving; each session's students join together.
    for (let i = 0; i < o.sessions; i += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, o.sessions - i) }, async (_, k) => {
          const session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: `load-${i + k}`, minutesPerSlot: 0 });
          const teacher = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
          const students = await Promise.all(
            Array.from({ length: o.clients - 1 }, (_, s) =>
              ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: `Student ${s + 1}` }),
            ),
          );
          connections.push(teacher, ...students);
          await teacher.instructor(session.secret, { kind: 'start' });
          return { secret: session.secret, teacher, students };
        }),
      );
      rooms.push(...batch);
    }
    say(`  joined:        ${connections.length} connections in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(1000);
    // Let every student see the start before the clock runs.
    for (const r of rooms) await Promise.all(r.students.map((s) => s.sync()));

    const tally: Tally = { accepted: 0, stale: 0, errors: 0, errorSamples: [], rtts: [] };
    const before = usage(server.child.pid!);
    let peakRss = before.rssMb;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, usage(server.child.pid!).rssMb)), 1000);
    const start = performance.now();
    const end = Date.now() + o.seconds * 1000;
    await Promise.all(
      rooms.flatMap((r) => {
        const seats = r.students.flatMap((s) => (s.seat ? [s.seat] : []));
        return [r.teacher, ...r.students].map((c) => run(c, end, o.interval, tally, seats));
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    clearInterval(sampler);
    const after = usage(server.child.pid!);
    peakRss = Math.max(peakRss, after.rssMb);
    const disconnected = connections.filter((c) => c.closed).length;
    tally.errors += disconnected;

    const sorted = [...tally.rtts].sort((a, b) => a - b);
    const result = {
      sessions: o.sessions,
      clients: o.clients,
      seconds: o.seconds,
      commandsPerSec: Math.round((tally.accepted / elapsed) * 10) / 10,
      p50Ms: Math.round(percentile(sorted, 50) * 100) / 100,
      p99Ms: Math.round(percentile(sorted, 99) * 100) / 100,
      errors: tally.errors,
      cpuPercent: Math.round(((after.ticks - before.ticks) / TICKS_PER_SECOND / elapsed) * 1000) / 10,
      rssMb: Math.round(peakRss),
    };
    if (o.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      say(`  commands:      ${tally.accepted} acknowledged, ${result.commandsPerSec}/s (${tally.stale} stale, retried on the new view)`);
      say(`  round trip:    p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms`);
      say(`  errors:        ${result.errors}${disconnected ? ` (${disconnected} disconnected)` : ''}${tally.errorSamples.length ? ` — e.g. ${tally.errorSamples[0]}` : ''}`);
      say(`  server:        CPU ${result.cpuPercent} % of one core (average), RSS ${result.rssMb} MB (peak)`);
      say(`  target:        p99 ≤ 100 ms and 0 errors: ${result.p99Ms <= 100 && result.errors === 0 ? 'met' : 'NOT met'}`);
    }
    process.exitCode = result.p99Ms <= 100 && result.errors === 0 ? 0 : 1;
  } finally {
    await Promise.allSettled(connections.map((c) => c.leave()));
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => fail(error.message));
