// Starts real classroom server processes (the built dist/server/main.js) on loopback for the tests,
// and stops them; each gets its own embedded-store folder unless told otherwise.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassroomError } from '../../src/net/client.ts';

export const SERVER_ENTRY = 'dist/server/main.js';

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** What the server printed on start, up to its "listening on" line. */
  banner: string;
  process: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** SIGKILL: no clean-up, as a crash. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `communique-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A new, empty embedded-store folder. Creating a PGlite cluster takes seconds (more on a busy
 * machine), so one is made once, kept in the temp folder by PGlite version, and copied.
 */
export async function freshDataDir(prefix: string): Promise<string> {
  const { version } = JSON.parse(readFileSync('node_modules/@electric-sql/pglite/package.json', 'utf8')) as { version: string };
  const template = join(tmpdir(), `communique-pglite-template-${version}`);
  if (!existsSync(template)) {
    const building = tempDir('pglite-template');
    const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(building);
    await db.close();
    try {
      renameSync(building, template);
    } catch {
      removeDir(building); // another test file made it first
    }
  }
  const dir = tempDir(prefix);
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** A free loopback port (for processes that must know theirs before they start, as with Redis). */
export { freePort } from '../../server/free-port.ts';

/**
 * The game pages the browser tests serve (vite preview on a free loopback port) call the server from
 * another origin, so the servers started here allow loopback origins unless told which to allow.
 */
export const TEST_ORIGINS = ['http://127.0.0.1:*'];

export async function startServer(
  options: { dataDir?: string; port?: number; env?: Record<string, string>; args?: string[]; allowOrigins?: string[] } = {},
): Promise<RunningServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run "npm run build:server" first`);
  const dataDir = options.dataDir ?? (await freshDataDir('server'));
  const env: Record<string, string | undefined> = { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...options.env };
  const child = spawn(
    process.execPath,
    [
      SERVER_ENTRY,
      '--host',
      '127.0.0.1',
      '--port',
      String(options.port ?? 0),
      '--data-dir',
      dataDir,
      ...(options.allowOrigins ?? TEST_ORIGINS).flatMap((o) => ['--allow-origin', o]),
      ...(options.args ?? []),
    ],
    { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    banner: out,
    process: child,
    stderr: () => err,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when `predicate` holds, polling; fails with `what` after `ms`. */
export async function until(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The end of a test file: every client leaves, every server stops and its data folder goes (and any
 * other folders named), whatever state the tests left them in.
 */
export async function shutDown(clients: readonly { leave(): Promise<unknown> }[], servers: readonly (RunningServer | undefined)[], folders: readonly string[] = []): Promise<void> {
  await Promise.allSettled(clients.map((c) => c.leave()));
  await Promise.all(servers.map((s) => s?.stop()));
  for (const s of servers) if (s) removeDir(s.dataDir);
  for (const dir of folders) removeDir(dir);
}

/** The server's refusal of a request that must be refused; fails the test if the request succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<ClassroomError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClassroomError) return error;
    throw error;
  }
  throw new Error('expected the server to refuse');
}
