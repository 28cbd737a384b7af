// Each live session is hosted by exactly one process: the one holding its lease, a row in the store
// (session → node, this run's instance, expiry). A process takes at boot the sessions whose lease has
// expired or was its own (same node name), renews its leases while it runs, takes over sessions whose
// host stopped (released on a clean shutdown, expired after a crash), and releases its leases when it
// stops cleanly. The store writes a command only under a lease it holds (sql-store.ts), so a process
// that lost a session cannot write a step twice; its room for that session is closed.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { processAlive } from './store/folder-lock.ts';
import type { LeaseHolder, SqlClassroomStore } from './store/sql-store.ts';
import type { StoredSession } from './store/store.ts';

/** How long a lease lasts unrenewed (CLASSROOM_LEASE_MS): a crashed process's sessions move after this. */
export const DEFAULT_LEASE_MS = 15_000;

/** A node name two processes do not share by default: this host and the port it listens on. */
export function defaultNodeName(port: number): string {
  const host = hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 50) || 'host';
  return `${host}-${port}`;
}

export function newHolder(node: string, ttlMs: number): LeaseHolder {
  return { node, instance: `${node}/${process.pid}/${randomBytes(6).toString('hex')}`, host: hostname(), pid: process.pid, ttlMs };
}

export interface LeaseEvents {
  /** Sessions whose lease this process took while running (their host stopped or died): resume them. */
  adopt(sessions: StoredSession[]): Promise<void>;
  /** Sessions whose lease this process no longer holds: stop hosting them. */
  lost(sessionIds: string[]): void;
  log(line: string): void;
}

export class SessionLeases {
  private timer: NodeJS.Timeout | null = null;
  private held = new Set<string>();
  private ticking = false;

  constructor(
    private readonly store: SqlClassroomStore,
    readonly holder: LeaseHolder,
    private readonly events: LeaseEvents,
  ) {
    store.holdAs(holder);
  }

  /**
   * The sessions this process resumes at boot. Refuses (throws) when another live process on this
   * machine holds leases under the same node name: two processes must not share one.
   */
  async boot(): Promise<StoredSession[]> {
    if (!this.store.exclusive) {
      const twin = (await this.store.otherHoldersOfNode()).find((o) => o.host === this.holder.host && o.pid !== process.pid && processAlive(o.pid));
      if (twin) {
        throw new Error(
          `the node name "${this.holder.node}" is in use by another live classroom server (pid ${twin.pid}): give each process its own --node / CLASSROOM_NODE`,
        );
      }
    }
    const taken = await this.store.takeLiveSessions({ ownNode: true });
    for (const s of taken) this.held.add(s.record.id);
    return taken;
  }

  /** Renews every so often (a third of the lease), and takes over sessions nobody holds any more. */
  start(): void {
    const every = Math.max(200, Math.floor(this.holder.ttlMs / 3));
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const still = new Set(await this.store.renewLeases());
      const lost = [...this.held].filter((id) => !still.has(id));
      // Sessions created here since the last tick are leased at creation: renewal finds them.
      this.held = still;
      if (lost.length) {
        this.events.log(`lost the lease of ${lost.length} session${lost.length === 1 ? '' : 's'} to another process; closing ${lost.length === 1 ? 'it' : 'them'} here`);
        this.events.lost(lost);
      }
      if (!this.timer) return;
      const adopted = await this.store.takeLiveSessions();
      if (adopted.length) {
        for (const s of adopted) this.held.add(s.record.id);
        await this.events.adopt(adopted);
      }
    } catch (error) {
      this.events.log(`cannot renew the session leases: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Stops renewing (the rooms are closed by now) and gives the leases up for another process to take at once. */
  async release(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.ticking) await new Promise((r) => setTimeout(r, 20));
    await this.store.releaseLeases().catch((error: Error) => this.events.log(`cannot release the session leases: ${error.message}`));
  }
}
