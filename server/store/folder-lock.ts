// One process per embedded-store folder: PGlite has no locking of its own, and two processes on one
// folder corrupt it. A lock file names the holder (pid and host); a lock whose process is gone (a
// crash, a SIGKILL) is stale and taken over, so it never blocks a restart.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const LOCK_FILE = 'communique-server.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Whether a process with this pid runs on this machine (and, where /proc says, is a Node process). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // A pid reused by another program after a crash is not the holder.
    return /node/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: the pid alone decides
  }
}

/** Takes the folder's lock, or throws a one-line reason naming the folder and the process holding it. */
export function lockFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let other: Partial<LockInfo> = {};
      try {
        other = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
      } catch {
        // Empty or half-written: its writer died while taking it (a live writer finishes in microseconds).
      }
      const sameHost = other.host === undefined || other.host === me.host;
      if (other.pid !== undefined && other.pid !== process.pid && (!sameHost || processAlive(other.pid))) {
        throw new Error(
          `the data folder ${dir} is in use by another classroom server (pid ${other.pid} on ${other.host ?? 'this machine'}, since ${other.started ?? '?'}): ` +
            `give each process its own --data-dir / CLASSROOM_DATA_DIR, or use DATABASE_URL to share one database` +
            (sameHost ? '' : ` (if that process is gone, delete ${path})`),
        );
      }
      try {
        unlinkSync(path); // stale: its process is gone
      } catch {
        // another starter removed it first
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return () => {
      try {
        const held = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
        if (held.pid === me.pid && held.host === me.host) unlinkSync(path);
      } catch {
        // already gone
      }
    };
  }
  throw new Error(`cannot take the lock ${path}: other processes keep taking it`);
}
