// What the rooms of one server process share: the store, this process's name as a session owner,
// the sessions waiting to be resumed, and the log.
import type { StoredSession, ClassroomStore } from './store/store.ts';

export interface Services {
  store: ClassroomStore;
  /** Sessions are resumed on boot by the process that owns them. */
  owner: string;
  /** Where students reach this server (for links and QR codes). */
  publicUrl: string;
  /** Sessions loaded from storage, waiting for their room to be recreated. */
  pendingRestore: Map<string, StoredSession>;
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
