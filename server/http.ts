// The server's HTTP API and pages: creating a session (code, secret, link and QR code; a quota per
// address), downloading its replay, a health check, and the join page a link opens.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { matchMaker } from '@colyseus/core';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { CreateSessionSchema, describeIssueWords, displayCode, normalizeCode, ROOM_NAME, type CreatedSession, type InstructorSessionInfo, type ScenarioList, type TablesInfo } from '../src/net/protocol.ts';
import { publicScenario } from '../src/domain/public-scenario.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { isLang } from '../src/i18n/index.ts';
import { scenarioById, scenarioIds, scenarioIn } from './scenarios.ts';
import { addressKey, clientAddress, HttpError, json, readJson } from './request.ts';
import { codeKeyOf, hashSecret, newId, newJoinCode, newSecret, secretMatches } from './secrets.ts';
import { ClassroomSession } from './session.ts';
import { getServices } from './services.ts';
import type { RoomOptions } from './room.ts';
import { worded } from './words.ts';
import { CLASSROOM_HOST_META, RETIRING_WORKER, WebFiles, WITHHELD } from './web-files.ts';

/**
 * The built browser game (dist/web), served here when present, so one address runs the whole classroom —
 * all of it but the scenario data (web-files.ts): its pages, never a file a student could read red lines in.
 */
const WEB_DIR = (() => {
  const dir = resolve(process.env.CLASSROOM_WEB_DIR ?? 'dist/web');
  return existsSync(join(dir, 'index.html')) ? dir : null;
})();
const WEB_FILES = WEB_DIR ? new WebFiles(WEB_DIR) : null;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Our routes; errors are thrown as HttpError and answered by the edge (edge.ts), which also handles CORS. */
export async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = url.pathname;
  if (req.method === 'POST' && path === '/api/sessions') return json(res, 201, await createSession(req));
  const replay = /^\/api\/sessions\/([^/]+)\/replay$/.exec(path);
  if (req.method === 'GET' && replay) return json(res, 200, await downloadReplay(decodeURIComponent(replay[1]!), req));
  const tables = /^\/api\/sessions\/([^/]+)\/tables$/.exec(path);
  if (req.method === 'GET' && tables) return json(res, 200, await tablesInfo(decodeURIComponent(tables[1]!), req));
  const reopen = /^\/api\/sessions\/([^/]+)\/instructor$/.exec(path);
  if (req.method === 'GET' && reopen) return json(res, 200, await instructorInfo(decodeURIComponent(reopen[1]!), req));
  const scenario = /^\/api\/sessions\/([^/]+)\/scenario$/.exec(path);
  if (req.method === 'GET' && scenario) return json(res, 200, await sessionScenario(decodeURIComponent(scenario[1]!), url.searchParams, req));
  if (req.method === 'GET' && path === '/api/scenarios') return json(res, 200, scenarioList(url.searchParams.get('lang')));
  if (req.method === 'GET' && path === '/healthz') return json(res, 200, { ok: true });
  if (req.method === 'GET' && WEB_DIR) {
    // The student link /join/CODE and /instructor open the game's classroom pages.
    const join = /^\/join(?:\/([^/]*))?\/?$/.exec(path);
    if (join) return redirect(res, join[1] ? `/?join=${encodeURIComponent(join[1])}` : '/?join=');
    if (path === '/instructor' || path === '/instructor/') return redirect(res, '/?instructor');
    // The instructor link /instructor/CODE#secret=… and the projector /projector/CODE#secret=…: the
    // browser keeps the fragment across the redirect, and never sends it.
    const page = /^\/(instructor|projector)\/([^/]+)\/?$/.exec(path);
    if (page) return redirect(res, `/?${page[1]}=${encodeURIComponent(page[2]!)}`);
    if (serveFile(res, path)) return;
  }
  if (req.method === 'GET' && (path === '/' || path === '/join' || path.startsWith('/join/') || path === '/instructor')) {
    return html(res, landingPage(path));
  }
  throw new HttpError(404, `no such page: ${req.method} ${path}`);
}

/**
 * The scenarios a session may be created with: `scenarios`, their ids (as it always was), and
 * `entries`, what the creation form shows of each (title, place, date, how many delegations and
 * paragraphs), in the language asked for where the server has its texts — no rules data.
 */
function scenarioList(lang: string | null): ScenarioList {
  const ids = scenarioIds();
  const entries = ids.flatMap((id) => {
    let s: Scenario;
    try {
      s = scenarioIn(id, isLang(lang) ? lang : undefined);
    } catch {
      return []; // an invalid file cannot start a session (createSession says why); it is not offered
    }
    return [{ id, title: s.meta.title, place: s.meta.place, date: s.meta.date, delegations: s.delegations.length, paragraphs: s.paragraphs.length }];
  });
  return { scenarios: ids, entries };
}

/**
 * A session's scenario for its instructor's pages (GET /api/sessions/CODE/scenario, with the secret as
 * a bearer token; ?lang= for its texts): the whole scenario for the control room, or with ?view=public
 * what a watcher without a seat may know (domain public-scenario.ts, seat null) for the projector, whose
 * screen the whole room reads. The classroom server serves no scenario file, so this is the only way in.
 */
async function sessionScenario(rawCode: string, query: URLSearchParams, req: IncomingMessage): Promise<Scenario> {
  const code = normalizeCode(rawCode);
  if (!code) throw new HttpError(400, worded('net.not-a-code', { code: rawCode }));
  const view = query.get('view') ?? 'full';
  if (view !== 'full' && view !== 'public') throw new HttpError(400, `view: expected "full" or "public", got ${JSON.stringify(view.slice(0, 40))}`);
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!auth) throw new HttpError(401, worded('net.send-secret', { header: 'Authorization: Bearer <secret>' }));
  // A class code answers for its first table: every table of a class plays the same scenario.
  const stored = (await getServices().store.loadSessionByCode(code)) ?? (await getServices().store.loadClassTables(code))[0];
  if (!stored) throw new HttpError(404, worded('net.no-session', { code: displayCode(code) }));
  if (!secretMatches(auth[1]!, stored.record.secretHash)) throw new HttpError(403, worded('net.wrong-secret'));
  const lang = query.get('lang');
  const scenario = scenarioIn(stored.record.scenario, isLang(lang) ? lang : undefined);
  if (view === 'full') return scenario;
  // The events broken so far and whether the meeting closed, from the store: every acknowledged command is there.
  const meeting = ClassroomSession.rebuild(scenarioById(stored.record.scenario), stored);
  return publicScenario(scenario, meeting.state, null);
}

/** Session creations in progress, one at a time per address, so that a burst cannot slip past the quota. */
const creating = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (creating.get(key) ?? Promise.resolve()).then(task, task);
  const tail = run.catch(() => undefined);
  creating.set(key, tail);
  void tail.then(() => {
    if (creating.get(key) === tail) creating.delete(key);
  });
  return run;
}

/** The live (not ended) sessions created from this address, on any process (the listings carry their creator). */
async function liveSessionsOf(creator: string): Promise<number> {
  const rooms = await matchMaker.query({ name: ROOM_NAME } as never);
  return rooms.filter((r) => r.metadata?.creator === creator && r.metadata?.ended !== true).length;
}

async function createSession(req: IncomingMessage): Promise<CreatedSession> {
  const body = await readJson(req);
  const parsed = CreateSessionSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, describeIssueWords(parsed.error, 'body'));
  const request = parsed.data;
  try {
    scenarioById(request.scenario);
  } catch (error) {
    throw new HttpError(400, `body.scenario: ${(error as Error).message}`);
  }
  const { limits, trustProxy } = getServices();
  const creator = addressKey(clientAddress(req, trustProxy));
  return oneAtATime(creator, async () => {
    const live = await liveSessionsOf(creator);
    // Each table is a live session of its own.
    if (live + request.tables > limits.maxSessionsPerAddress) {
      throw new HttpError(
        429,
        worded('net.too-many-sessions', { count: live, max: limits.maxSessionsPerAddress, tables: request.tables }),
      );
    }
    return request.tables > 1 ? openClass(request, creator) : openSession(request, creator);
  });
}

async function openSession(request: z.infer<typeof CreateSessionSchema>, creator: string): Promise<CreatedSession> {
  const secret = newSecret();
  const seed = request.seed ?? newSecret().slice(0, 12);
  const { id, code } = await openTable(request, creator, hashSecret(secret), seed);
  return { sessionId: id, ...(await linksOf(code)), secret };
}

/**
 * Several tables of one class: as many sessions of the same scenario, seed and settings under one
 * instructor secret, each with its own code, and a class code students join with (the matchmaker
 * seats each newcomer at the table with the fewest students).
 */
async function openClass(request: z.infer<typeof CreateSessionSchema>, creator: string): Promise<CreatedSession> {
  const secret = newSecret();
  const seed = request.seed ?? newSecret().slice(0, 12);
  const classCode = newJoinCode();
  const tables: NonNullable<CreatedSession['tables']> = [];
  for (let table = 1; table <= request.tables; table++) {
    const { id, code } = await openTable(request, creator, hashSecret(secret), seed, { classCode, table });
    tables.push({ table, code, displayCode: displayCode(code), sessionId: id });
  }
  return { sessionId: tables[0]!.sessionId, ...(await linksOf(classCode)), secret, tables };
}

async function openTable(
  request: z.infer<typeof CreateSessionSchema>,
  creator: string,
  secretHash: string,
  seed: string,
  of?: { classCode: string; table: number },
): Promise<{ id: string; code: string }> {
  const code = newJoinCode();
  const id = newId();
  const options: RoomOptions = {
    codeKey: codeKeyOf(code),
    ...(of ? { classKey: codeKeyOf(of.classCode) } : {}),
    create: {
      id,
      code,
      secretHash,
      scenario: request.scenario,
      seed,
      difficulty: request.difficulty,
      minutesPerSlot: request.minutesPerSlot,
      teamSize: request.teamSize,
      ...(of ?? {}),
      creator,
    },
  };
  // The matchmaker places the room on the least busy process (with Redis, possibly another one).
  await matchMaker.createRoom(ROOM_NAME, options);
  return { id, code };
}

/** The code as people read it, the student link and its QR code. */
async function linksOf(code: string): Promise<Omit<CreatedSession, 'sessionId' | 'secret' | 'tables'>> {
  const studentLink = `${getServices().publicUrl}/join/${displayCode(code)}`;
  return {
    code,
    displayCode: displayCode(code),
    studentLink,
    qrSvg: await QRCode.toString(studentLink, { type: 'svg', margin: 2 }),
    qrDataUrl: await QRCode.toDataURL(studentLink, { margin: 2 }),
  };
}

/**
 * The tables of a class side by side (GET /api/sessions/<class code>/tables, with the secret): each
 * rebuilt from the store — every acknowledged command is there — with its outcome as it stands.
 */
async function tablesInfo(rawCode: string, req: IncomingMessage): Promise<TablesInfo> {
  const code = normalizeCode(rawCode);
  if (!code) throw new HttpError(400, worded('net.not-a-code', { code: rawCode }));
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!auth) throw new HttpError(401, worded('net.send-secret', { header: 'Authorization: Bearer <secret>' }));
  const { store } = getServices();
  const single = await store.loadSessionByCode(code);
  const tables = single?.record.meta.classCode ? await store.loadClassTables(single.record.meta.classCode) : single ? [single] : await store.loadClassTables(code);
  if (tables.length === 0) throw new HttpError(404, worded('net.no-session-or-class', { code: displayCode(code) }));
  if (!tables.every((t) => secretMatches(auth[1]!, t.record.secretHash))) throw new HttpError(403, worded('net.wrong-secret'));
  return {
    tables: tables.map((stored, i) => {
      const scenario = scenarioById(stored.record.scenario);
      const meeting = ClassroomSession.rebuild(scenario, stored);
      const outcome = meeting.outcome();
      return {
        table: stored.record.meta.table ?? i + 1,
        code: stored.record.code,
        displayCode: displayCode(stored.record.code),
        status: stored.record.status === 'ended' || meeting.closed ? 'ended' : stored.record.meta.started ? 'running' : 'lobby',
        students: stored.students.length,
        step: meeting.state.step,
        kind: outcome.kind,
        agreedShare: outcome.agreedShare,
        agreed: outcome.paragraphs.filter((p) => p.agreedByAll).length,
        settled: outcome.paragraphs.filter((p) => p.adoptedVariant !== null).length,
        paragraphs: outcome.paragraphs.length,
        walkedOut: outcome.walkedOut,
      };
    }),
  };
}

async function downloadReplay(rawCode: string, req: IncomingMessage): Promise<unknown> {
  const given = normalizeCode(rawCode);
  if (!given) throw new HttpError(400, worded('net.not-a-code', { code: rawCode }));
  // A class code downloads its first table's replay; each table's own code downloads that table's.
  const first = (await getServices().store.loadSessionByCode(given)) ? null : (await getServices().store.loadClassTables(given))[0];
  const code = first?.record.code ?? given;
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!auth) throw new HttpError(401, worded('net.send-secret', { header: 'Authorization: Bearer <secret>' }));
  const [room] = await matchMaker.query({ name: ROOM_NAME, codeKey: codeKeyOf(code) } as never);
  if (room) {
    const replay = await matchMaker.remoteRoomCall(room.roomId, 'replayFor', [auth[1]]);
    if (replay && typeof replay === 'object' && 'error' in replay) throw new HttpError(403, worded('net.wrong-secret'));
    return replay;
  }
  // An ended session whose room is gone (after a restart): rebuild it from this process's store.
  const { store } = getServices();
  const stored = await store.loadSessionByCode(code);
  if (!stored) throw new HttpError(404, worded('net.no-session', { code: displayCode(code) }));
  if (!secretMatches(auth[1]!, stored.record.secretHash)) throw new HttpError(403, worded('net.wrong-secret'));
  // Read only: the meeting is rebuilt from the store without a timer, a room or any write.
  return ClassroomSession.storedReplay(scenarioById(stored.record.scenario), stored);
}

/**
 * What reopening the control room (the instructor link, "your sessions") or opening the projector
 * needs besides the WebSocket: the student link and its QR code. The secret comes as a bearer token.
 */
async function instructorInfo(rawCode: string, req: IncomingMessage): Promise<InstructorSessionInfo> {
  const code = normalizeCode(rawCode);
  if (!code) throw new HttpError(400, worded('net.not-a-code', { code: rawCode }));
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!auth) throw new HttpError(401, worded('net.send-secret', { header: 'Authorization: Bearer <secret>' }));
  // A class code reopens its first table's control room; the class code stays the one students join with.
  const stored = (await getServices().store.loadSessionByCode(code)) ?? (await getServices().store.loadClassTables(code))[0];
  if (!stored) throw new HttpError(404, worded('net.no-session', { code: displayCode(code) }));
  if (!secretMatches(auth[1]!, stored.record.secretHash)) throw new HttpError(403, worded('net.wrong-secret'));
  const studentLink = `${getServices().publicUrl}/join/${displayCode(code)}`;
  const { classCode } = stored.record.meta;
  const tables = classCode ? (await getServices().store.loadClassTables(classCode)).map((t, i) => ({ table: t.record.meta.table ?? i + 1, code: t.record.code, displayCode: displayCode(t.record.code), sessionId: t.record.id })) : null;
  return {
    ...(tables ? { tables } : {}),
    sessionId: stored.record.id,
    code,
    displayCode: displayCode(code),
    scenario: stored.record.scenario,
    status: stored.record.status === 'ended' ? 'ended' : stored.record.meta.started ? 'running' : 'lobby',
    studentLink,
    qrSvg: await QRCode.toString(studentLink, { type: 'svg', margin: 2 }),
    qrDataUrl: await QRCode.toDataURL(studentLink, { margin: 2, width: 600 }),
  };
}

function redirect(res: ServerResponse, to: string): void {
  res.writeHead(302, { Location: to, 'Cache-Control': 'no-store' });
  res.end();
}

/** Serves a file of the built game; false when there is none (the path never leaves the folder). */
function serveFile(res: ServerResponse, path: string): boolean {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(path === '/' ? '/index.html' : path));
  } catch {
    return false;
  }
  const file = join(WEB_DIR!, rel);
  if (!file.startsWith(WEB_DIR! + sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (rel === `${sep}sw.js`) {
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
    res.end(RETIRING_WORKER);
    return true;
  }
  if (WEB_FILES!.withheld(file)) throw new HttpError(404, WITHHELD);
  const cache = rel.startsWith(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache });
  // The page learns where it is served from: here, the solo game and its scenario files are not (src/main.ts).
  res.end(rel === `${sep}index.html` ? readFileSync(file, 'utf8').replace('</head>', `    ${CLASSROOM_HOST_META}\n  </head>`) : readFileSync(file));
  return true;
}

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

/** A plain page when the game is not built next to the server: it says what to do with the code. */
function landingPage(path: string): string {
  const code = path.startsWith('/join/') ? normalizeCode(decodeURIComponent(path.slice('/join/'.length))) : null;
  const what = code
    ? `<p>Your join code is <strong>${displayCode(code)}</strong>. Open Communiqué's classroom screen and enter it with your name.</p>`
    : path === '/instructor'
      ? `<p>Create a session: <code>POST /api/sessions</code> with <code>{"scenario":"new-delhi-fmm-2023","minutesPerSlot":10}</code>; the answer holds the join code, the instructor secret, the student link and its QR code.</p>`
      : `<p>Students: join with the code your instructor shows. Instructors: see <a href="/instructor">/instructor</a>.</p>`;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Communiqué classroom</title><body><h1>Communiqué classroom</h1>${what}</body></html>`;
}
