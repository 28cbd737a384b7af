// The matchmaking route (POST /matchmake/join/classroom, /matchmake/joinById/<room>), served here
// rather than by Colyseus: the join code is checked before any seat is reserved, and the answer
// holds only what the client needs to connect, never the room's listing (its code, its quota data).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchMaker, type IRoomCache } from '@colyseus/core';
import { describeIssueWords, JoinOptionsSchema, ROOM_NAME } from '../src/net/protocol.ts';
import { clientAddress, HttpError, json, readJson } from './request.ts';
import { codeKeyOf, sameText } from './secrets.ts';
import { getServices } from './services.ts';
import { worded } from './words.ts';

const ROUTE = /^\/matchmake\/(join|joinById)\/([A-Za-z0-9_-]{1,64})$/;

/** What a seat reservation tells the client: where to connect and with which session id. */
export interface SeatReservation {
  room: { name: string; roomId: string; processId: string; publicAddress?: string };
  sessionId: string;
}

export async function handleMatchmake(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (matchMaker.state === matchMaker.MatchMakerState.SHUTTING_DOWN) throw new HttpError(503, worded('net.shutting-down'));
  const route = ROUTE.exec(path);
  if (req.method !== 'POST' || !route) {
    throw new HttpError(404, `no such matchmaking request: ${req.method} ${path}; students join with POST /matchmake/join/${ROOM_NAME}`);
  }
  const [, method, target] = route as unknown as [string, 'join' | 'joinById', string];
  const body = await readJson(req);
  const parsed = JoinOptionsSchema.safeParse(body);
  if (!parsed.success) {
    const { message, problem } = describeIssueWords(parsed.error, 'options');
    throw new HttpError(400, { message: `join options: ${message}`, problem: { ...problem, key: 'net.bad-join-options' } });
  }
  const code = parsed.data.code;
  const codeKey = codeKeyOf(code);

  let room: IRoomCache | undefined;
  if (method === 'join') {
    if (target !== ROOM_NAME) throw new HttpError(404, `there is no room type "${target}"; students join "${ROOM_NAME}"`);
    [room] = await matchMaker.query({ name: ROOM_NAME, codeKey } as never);
    // A class code: a newcomer goes to the table with the fewest students, anyone else to the first table.
    if (!room) room = tableFor(await matchMaker.query({ name: ROOM_NAME, classKey: codeKey } as never), parsed.data.as === 'student');
    if (!room) throw new HttpError(404, worded('net.no-such-code'));
  } else {
    [room] = await matchMaker.query({ roomId: target } as never);
    // The same answer for a room that does not exist and a code that does not open it.
    const keys = room ? [(room as { codeKey?: unknown }).codeKey, (room as { classKey?: unknown }).classKey] : [];
    if (!room || room.name !== ROOM_NAME || !keys.some((key) => sameText(String(key ?? ''), codeKey))) {
      throw new HttpError(403, worded('net.wrong-session'));
    }
  }
  if (room.locked) throw new HttpError(503, worded('net.session-busy'));

  const { trustProxy } = getServices();
  const options = { ...(body as Record<string, unknown>), code };
  let reservation: { room: IRoomCache; sessionId: string };
  try {
    // The address rides as the reservation's auth data: the room caps the seats one address holds unused.
    reservation = await matchMaker.reserveSeatFor(room, options, { address: clientAddress(req, trustProxy) });
  } catch (error) {
    if ((error as Error).constructor?.name !== 'SeatReservationError') throw error;
    throw new HttpError(
      503,
      worded('net.too-many-joins'),
    );
  }
  const r = reservation.room;
  const answer: SeatReservation = {
    room: { name: r.name, roomId: r.roomId, processId: r.processId, ...(r.publicAddress ? { publicAddress: r.publicAddress } : {}) },
    sessionId: reservation.sessionId,
  };
  json(res, 200, answer);
}

/** Of a class's tables, the one with the fewest students for a newcomer (the lowest number among equals), else the first. */
function tableFor(tables: IRoomCache[], newcomer: boolean): IRoomCache | undefined {
  const meta = (r: IRoomCache) => (r.metadata ?? {}) as { table?: number; students?: number; ended?: boolean };
  const byNumber = [...tables].sort((a, b) => (meta(a).table ?? 0) - (meta(b).table ?? 0));
  if (!newcomer) return byNumber[0];
  const open = byNumber.filter((r) => meta(r).ended !== true);
  return [...(open.length ? open : byNumber)].sort((a, b) => (meta(a).students ?? 0) - (meta(b).students ?? 0))[0];
}
