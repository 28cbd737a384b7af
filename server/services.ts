// What the rooms of one server process share: the store, this process's name as a session owner,
// the sessions waiting to be resumed, the limits it enforces, and the log.
import type { StoredSession, ClassroomStore } from './store/store.ts';

/** The server's limits against floods and hoarding; each has a flag (see main.ts). */
export interface Limits {
  /** Students one session takes. */
  maxStudents: number;
  /** Live (not ended) sessions one client address may hold at once. */
  maxSessionsPerAddress: number;
  /** Seat reservations one address may hold unused in one room (a reservation lives until its WebSocket arrives, or a few seconds). */
  maxPendingJoinsPerAddress: number;
  /** A session nobody has used for this long is ended and closed; 0 keeps sessions forever. */
  idleMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxStudents: 60,
  maxSessionsPerAddress: 20,
  maxPendingJoinsPerAddress: 30,
  idleMs: 30 * 24 * 3600_000,
};

export interface Services {
  store: ClassroomStore;
  /** Sessions are resumed on boot by the process that owns them. */
  owner: string;
  /** Where students reach this server (for links and QR codes). */
  publicUrl: string;
  /** Sessions loaded from storage, waiting for their room to be recreated. */
  pendingRestore: Map<string, StoredSession>;
  limits: Limits;
  /** Count clients by the last X-Forwarded-For hop (set behind a reverse proxy), not by the TCP peer. */
  trustProxy: boolean;
  log: (line: string) => void;
}

let services: Services | null = null;

export function setServices(s: Services): void {
  services = s;
}

export function getServices(): Services {
  if (!services) throw new Error('the classroom services are not set up');
  return services;
}
