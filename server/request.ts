// Reading and answering HTTP requests safely: JSON bodies read up to a limit and no further, JSON
// answers and errors, and the client's address as the quotas count it.
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Problem } from '../src/net/protocol.ts';
import type { Worded } from './words.ts';

/** Every request body the server reads (our API and matchmaking alike) is at most this long. */
export const MAX_BODY = 16 * 1024;
/** After a body over the limit is refused, the rest is discarded for this long before the connection is cut. */
const DRAIN_MS = 1000;

export class HttpError extends Error {
  /** The problem as data (words.ts), answered beside `error` for a page to word. */
  readonly problem?: Problem;
  constructor(
    readonly status: number,
    message: string | Worded,
  ) {
    super(typeof message === 'string' ? message : message.message);
    if (typeof message !== 'string') this.problem = message.problem;
  }
}

const tooLarge = (limit: number) => new HttpError(413, `the request body is over ${limit / 1024} KB, the most this server reads`);

/**
 * The body, read into memory only up to `limit` bytes: a longer one (declared or streamed) is refused
 * with 413 at once, and the request is marked so that its connection is cut after the answer.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    overLimit.add(req);
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      overLimit.add(req);
      finish(tooLarge(limit));
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(error);
    // A client that goes away mid-body (or is timed out) must not leave the read waiting for ever.
    const onClose = () => finish(new HttpError(400, 'the request body was cut off before its end'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** A JSON body (an empty one reads as {}), at most `limit` bytes. */
export async function readJson(req: IncomingMessage, limit = MAX_BODY): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `the request body is not valid JSON (${(error as Error).message})`);
  }
}

/** Requests whose body was refused as too long: their connection is cut after the answer. */
const overLimit = new WeakSet<IncomingMessage>();

export function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const req = res.req;
  const close = req !== undefined && overLimit.has(req);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
  if (close) {
    // Read no more into memory: what still arrives is dropped, and the connection is cut shortly
    // after the answer, once the client has had time to read it. Not at once ("Connection: close"):
    // closing a socket with unread data resets it, and the client loses the answer with it.
    req.resume();
    const timer = setTimeout(() => req.socket.destroy(), DRAIN_MS);
    timer.unref();
    req.socket.once('close', () => clearTimeout(timer));
  }
}

/**
 * The client's address as quotas count it: the TCP peer (or, behind a trusted proxy, the last
 * X-Forwarded-For hop), IPv4-mapped IPv6 unwrapped, and IPv6 cut to its /64 (one household or host).
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  let address = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const forwarded = String(req.headers['x-forwarded-for'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1);
    if (forwarded) address = forwarded;
  }
  if (address.startsWith('::ffff:')) address = address.slice(7);
  if (isIPv6(address)) address = `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
  return address;
}

function expandIPv6(address: string): string[] {
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = address.includes('::') ? Array(8 - left.length - right.length).fill('0') : [];
  return [...left, ...middle, ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''));
}

/** What is stored of an address (a session's creator): a short hash, not the address. */
export function addressKey(address: string): string {
  return createHash('sha256').update(`communique address ${address}`).digest('hex').slice(0, 24);
}
