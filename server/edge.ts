// The server's front door for plain HTTP: which web origins it answers, and where each request goes
// (our matchmaking route or the API and pages). It replaces Colyseus's own matchmaking listener.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleHttp } from './http.ts';
import { handleMatchmake } from './matchmake.ts';
import { HttpError, json } from './request.ts';
import { getServices } from './services.ts';
import { worded } from './words.ts';

/**
 * The origins whose pages may call the server from a browser: its own (the Host it is reached by, and
 * the public URL), and those given with --allow-origin ("https://game.example", or
 * "http://127.0.0.1:*" for any port). Pages of any other origin get no CORS headers, and their
 * requests are refused before they do anything: a cross-site form could otherwise still send one.
 */
export class OriginPolicy {
  private readonly exact = new Set<string>();
  private readonly anyPort: string[] = [];

  constructor(allowed: readonly string[], publicUrl: string) {
    this.exact.add(new URL(publicUrl).origin);
    for (const entry of allowed) {
      const e = entry.trim().replace(/\/+$/, '').toLowerCase();
      if (!e) continue;
      if (e.endsWith(':*')) this.anyPort.push(OriginPolicy.origin(e.slice(0, -2)));
      else this.exact.add(OriginPolicy.origin(e));
    }
  }

  /** An origin in canonical form; throws with the reason when `text` is not one. */
  static origin(text: string): string {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`"${text}" is not an origin such as https://game.example or http://localhost:5173`);
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
      throw new Error(`"${text}" is not an origin such as https://game.example or http://localhost:5173 (scheme, host and port only)`);
    }
    return url.origin;
  }

  /** Whether a page of `origin` may call this server, reached through `host`. */
  allows(origin: string, host: string | undefined): boolean {
    const o = origin.toLowerCase();
    if (this.exact.has(o)) return true;
    if (host) {
      const h = host.toLowerCase();
      if (o === `http://${h}` || o === `https://${h}`) return true;
    }
    return this.anyPort.some((base) => o === base || (o.startsWith(`${base}:`) && /^\d{1,5}$/.test(o.slice(base.length + 1))));
  }

  describe(): string {
    return [...this.exact, ...this.anyPort.map((b) => `${b}:*`)].join(', ');
  }
}

/** The request listener of the HTTP server: every answer, including errors, is JSON or a page, and nothing escapes it. */
const SERVER_FAULT = worded('net.server-fault');

export function createEdge(policy: OriginPolicy) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, policy).catch((error: Error) => {
      if (error instanceof HttpError) return json(res, error.status, { error: error.message, ...(error.problem ? { problem: error.problem } : {}) });
      getServices().log(`HTTP ${req.method} ${req.url}: ${error.stack ?? error.message}`);
      json(res, 500, { error: SERVER_FAULT.message, problem: SERVER_FAULT.problem });
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, policy: OriginPolicy): Promise<void> {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (!policy.allows(origin, req.headers.host)) {
      throw new HttpError(
        403,
        `this server does not answer pages from ${origin}; to host the game there, start the server with --allow-origin ${origin}`,
      );
    }
    // Credentials only for allowed origins: colyseus.js sends its requests "with credentials".
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, Accept',
      'Access-Control-Max-Age': '600',
    });
    return void res.end();
  }
  if (path === '/matchmake' || path.startsWith('/matchmake/')) return handleMatchmake(req, res, path);
  return handleHttp(req, res);
}
