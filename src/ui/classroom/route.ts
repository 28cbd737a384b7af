// Which classroom page an address opens — the instructor's (?instructor, /instructor) or a student's
// (?join=CODE, /join/CODE) — and which classroom server it talks to (?server=, else this origin).
import { normalizeCode } from '../../net/protocol.ts';

export type ClassroomRoute = { page: 'instructor'; server: string } | { page: 'student'; server: string; code: string };

/** The classroom page `search`/`pathname` name, or null for the solo game. */
export function classroomRoute(pathname: string, search: string, origin: string): ClassroomRoute | null {
  const query = new URLSearchParams(search);
  const server = serverOf(query.get('server'), origin);
  if (query.has('instructor') || /\/instructor\/?$/.test(pathname)) return { page: 'instructor', server };
  const fromPath = /\/join(?:\/([^/]*))?\/?$/.exec(pathname);
  if (query.has('join') || fromPath) {
    const typed = query.get('join') || (fromPath?.[1] ? decodeURIComponent(fromPath[1]) : '');
    return { page: 'student', server, code: normalizeCode(typed) ?? typed };
  }
  return null;
}

/** The server's base URL: the one named, when it is an http(s) address, or the page's own origin. */
function serverOf(named: string | null, origin: string): string {
  if (named) {
    try {
      const url = new URL(named);
      if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
    } catch {
      // Not an address: fall back to this origin, which serves the game when the classroom server does.
    }
  }
  return origin;
}

/** "12 s ago", "3 min ago": how long since an epoch time, for the activity column. */
export function ago(ms: number, now = Date.now()): string {
  if (!ms) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min ago` : `${Math.round(m / 60)} h ago`;
}

/** "4:05": minutes and seconds left on the slot timer. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
