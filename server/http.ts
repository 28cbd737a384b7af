// The server's HTTP side, next to Colyseus's matchmaking routes: creating a session (code, secret,
// link and QR code), downloading its replay, a health check, and the join page a link opens.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { matchMaker } from '@colyseus/core';
import QRCode from 'qrcode';
import { CreateSessionSchema, describeIssue, displayCode, normalizeCode, ROOM_NAME, type CreatedSession } from '../src/net/protocol.ts';
import { scenarioById, scenarioIds } from './scenarios.ts';
import { hashSecret, newId, newJoinCode, newSecret, secretMatches } from './secrets.ts';
import { ClassroomSession } from './session.ts';
import { getServices } from './services.ts';
import type { RoomOptions } from './room.ts';

const MAX_BODY = 16 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The built browser game (dist/web), served here when present, so one address runs the whole classroom. */
const WEB_DIR = (() => {
  const dir = resolve(process.env.CLASSROOM_WEB_DIR ?? 'dist/web');
  return existsSync(join(dir, 'index.html')) ? dir : null;
})();

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

export async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // The game may be served from elsewhere (vite preview, a CDN): the API answers any origin. Nothing
    // rides on cookies — the instructor's secret travels in a header — so this opens nothing to others.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS' && path.startsWith('/api/')) {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type, Authorization', 'Access-Control-Max-Age': '600' });
      return void res.end();
    }
    if (req.method === 'POST' && path === '/api/sessions') return json(res, 201, await createSession(req));
    const replay = /^\/api\/sessions\/([^/]+)\/replay$/.exec(path);
    if (req.method === 'GET' && replay) return json(res, 200, await downloadReplay(decodeURIComponent(replay[1]!), req));
    if (req.method === 'GET' && path === '/api/scenarios') return json(res, 200, { scenarios: scenarioIds() });
    if (req.method === 'GET' && path === '/healthz') return json(res, 200, { ok: true });
    if (req.method === 'GET' && WEB_DIR) {
      // The student link /join/CODE and /instructor open the game's classroom pages.
      const join = /^\/join(?:\/([^/]*))?\/?$/.exec(path);
      if (join) return redirect(res, join[1] ? `/?join=${encodeURIComponent(join[1])}` : '/?join=');
      if (path === '/instructor' || path === '/instructor/') return redirect(res, '/?instructor');
      if (serveFile(res, path)) return;
    }
    if (req.method === 'GET' && (path === '/' || path === '/join' || path.startsWith('/join/') || path === '/instructor')) {
      return html(res, landingPage(path));
    }
    throw new HttpError(404, `no such page: ${req.method} ${path}`);
  } catch (error) {
    if (error instanceof HttpError) return json(res, error.status, { error: error.message });
    getServices().log(`HTTP ${req.method} ${req.url}: ${(error as Error).message}`);
    return json(res, 500, { error: 'the server could not complete this request' });
  }
}

async function createSession(req: IncomingMessage): Promise<CreatedSession> {
  const body = await readJson(req);
  const parsed = CreateSessionSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(400, describeIssue(parsed.error, 'body'));
  const request = parsed.data;
  try {
    scenarioById(request.scenario);
  } catch (error) {
    throw new HttpError(400, `body.scenario: ${(error as Error).message}`);
  }
  const code = newJoinCode();
  const secret = newSecret();
  const id = newId();
  const seed = request.seed ?? newSecret().slice(0, 12);
  const options: RoomOptions = {
    code,
    create: { id, code, secretHash: hashSecret(secret), scenario: request.scenario, seed, difficulty: request.difficulty, minutesPerSlot: request.minutesPerSlot },
  };
  // The matchmaker places the room on the least busy process (with Redis, possibly another one).
  await matchMaker.createRoom(ROOM_NAME, options);
  const studentLink = `${getServices().publicUrl}/join/${displayCode(code)}`;
  return {
    sessionId: id,
    code,
    displayCode: displayCode(code),
    secret,
    studentLink,
    qrSvg: await QRCode.toString(studentLink, { type: 'svg', margin: 2 }),
    qrDataUrl: await QRCode.toDataURL(studentLink, { margin: 2 }),
  };
}

async function downloadReplay(rawCode: string, req: IncomingMessage): Promise<unknown> {
  const code = normalizeCode(rawCode);
  if (!code) throw new HttpError(400, `"${rawCode}" is not a join code`);
  const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!auth) throw new HttpError(401, 'send the instructor secret as "Authorization: Bearer <secret>"');
  const [room] = await matchMaker.query({ name: ROOM_NAME, code } as never);
  if (room) {
    const replay = await matchMaker.remoteRoomCall(room.roomId, 'replayFor', [auth[1]]);
    if (replay && typeof replay === 'object' && 'error' in replay) throw new HttpError(403, 'the instructor secret is wrong');
    return replay;
  }
  // An ended session whose room is gone (after a restart): rebuild it from this process's store.
  const { store, log } = getServices();
  const stored = await store.loadSessionByCode(code);
  if (!stored) throw new HttpError(404, `no session with code ${displayCode(code)} on this server`);
  if (!secretMatches(auth[1]!, stored.record.secretHash)) throw new HttpError(403, 'the instructor secret is wrong');
  return ClassroomSession.restore(store, scenarioById(stored.record.scenario), stored, log).replay();
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, `the request body is over ${MAX_BODY / 1024} KB`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch (error) {
        reject(new HttpError(400, `the request body is not valid JSON (${(error as Error).message})`));
      }
    });
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
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
  const cache = rel.startsWith(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache });
  res.end(readFileSync(file));
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
