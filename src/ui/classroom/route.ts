// Which classroom page an address opens — the instructor's (?instructor, /instructor) or a student's
// (?join=CODE, /join/CODE) — and which classroom server it talks to (?server=, else this origin).
import { normalizeCode } from '../../net/protocol.ts';
import { t } from '../../i18n/index.ts';

export type ClassroomRoute =
  /** `code` when opened by an instructor link (?instructor=CODE#secret=…). */
  | { page: 'instructor'; server: string; code?: string }
  | { page: 'student'; server: string; code: string }
  /** The projector (?projector=CODE#secret=…, /projector/CODE): the public room, on the big screen. */
  | { page: 'projector'; server: string; code: string };

/** The classroom page `search`/`pathname` name, or null for the solo game. */
export function classroomRoute(pathname: string, search: string, origin: string): ClassroomRoute | null {
  const query = new URLSearchParams(search);
  const server = serverOf(query.get('server'), origin);
  const projector = /\/projector\/([^/]+)\/?$/.exec(pathname);
  if (query.has('projector') || projector) {
    const typed = query.get('projector') || (projector?.[1] ? decodeURIComponent(projector[1]) : '');
    return { page: 'projector', server, code: normalizeCode(typed) ?? typed };
  }
  const instructor = /\/instructor(?:\/([^/]+))?\/?$/.exec(pathname);
  if (query.has('instructor') || instructor) {
    const typed = query.get('instructor') || (instructor?.[1] ? decodeURIComponent(instructor[1]) : '');
    const code = typed ? normalizeCode(typed) : null;
    return code ? { page: 'instructor', server, code } : { page: 'instructor', server };
  }
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

/** The instructor secret an instructor link or projector address carries in its fragment (#secret=…), never sent to a server. */
export function secretOf(hash: string): string | null {
  const secret = new URLSearchParams(hash.replace(/^#/, '')).get('secret');
  return secret && secret.length >= 16 ? secret : null;
}

/**
 * The address of a classroom page of this game for a session: the secret goes in the fragment, and the
 * instructor's language (other than English) goes along, so the projector opens in the room's language.
 */
export function pageLink(page: 'instructor' | 'projector', displayCode: string, secret: string, server: string, here: { origin: string; pathname: string }, lang = 'en'): string {
  const query = new URLSearchParams({ [page]: displayCode });
  if (server !== here.origin) query.set('server', server);
  if (lang !== 'en') query.set('lang', lang);
  return `${here.origin}${here.pathname}?${query.toString()}#secret=${encodeURIComponent(secret)}`;
}

/** "12 s ago", "3 min ago": how long since an epoch time, for the activity column, in the page's language. */
export function ago(ms: number, now = Date.now()): string {
  if (!ms) return t('class.never');
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('class.ago-s', { n: s });
  const m = Math.round(s / 60);
  return m < 60 ? t('class.ago-min', { n: m }) : t('class.ago-h', { n: Math.round(m / 60) });
}

/** "4:05": minutes and seconds left on the slot timer; "2d 3:04:05" for a slot of days. */
export function clockText(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  // A slot of hours or days (the asynchronous mode) reads as h:mm:ss, after its days.
  if (s >= 3600) {
    const days = Math.floor(s / 86_400);
    const rest = `${Math.floor((s % 86_400) / 3600)}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
    return days > 0 ? `${days}d ${rest}` : rest;
  }
  return `${Math.floor(s / 60)}:${two(s % 60)}`;
}
