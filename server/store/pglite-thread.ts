// The embedded PGlite database run in a worker thread, behind the store's two-method SQL client:
// PGlite is WebAssembly with synchronous file I/O, and on the main thread every write stalled every
// room; here the main thread only posts the statement and awaits the answer (still before the ack).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SqlClient } from './sql-store.ts';

/**
 * The worker's code, evaluated as a script: built and source runs alike need no separate file. It
 * loads PGlite from the URL the main thread resolved, and answers { id, rows } or { id, error }.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  let db;
  try {
    const { PGlite } = await import(workerData.pglite);
    db = await PGlite.create(workerData.dir);
  } catch (error) {
    parentPort.postMessage({ id: 0, error: String((error && error.message) || error) });
    return;
  }
  parentPort.postMessage({ id: 0, rows: [] });
  parentPort.on('message', async ({ id, op, sql, params }) => {
    try {
      if (op === 'close') {
        await db.close();
        parentPort.postMessage({ id, rows: [] });
        return;
      }
      if (op === 'exec') {
        await db.exec(sql);
        parentPort.postMessage({ id, rows: [] });
        return;
      }
      const result = await db.query(sql, params);
      parentPort.postMessage({ id, rows: result.rows });
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.message) || error) });
    }
  });
})();
`;

interface Waiting {
  resolve: (rows: unknown[]) => void;
  reject: (error: Error) => void;
}

/** Opens PGlite on `dir` in a worker thread; resolves once the database is open, or fails with PGlite's reason. */
export async function openPgliteThread(dir: string): Promise<SqlClient> {
  // Resolved here, where node_modules is known: an evaluated worker has no file to resolve from.
  const pglite = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href.replace(/index\.cjs$/, 'index.js');
  const worker = new Worker(WORKER, { eval: true, workerData: { pglite, dir } });
  const waiting = new Map<number, Waiting>();
  let next = 1;
  let dead: Error | null = null;
  const opened = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));
  worker.on('message', (m: { id: number; rows?: unknown[]; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(m.error));
    else w.resolve(m.rows ?? []);
  });
  const fail = (error: Error) => {
    dead = new Error(`the PGlite thread stopped: ${error.message}`);
    for (const w of waiting.values()) w.reject(dead);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  await opened;
  const call = (op: string, sql?: string, params?: unknown[]) =>
    new Promise<unknown[]>((resolve, reject) => {
      if (dead) return reject(dead);
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params });
    });
  return {
    query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await call('query', sql, params)) as T[] }),
    exec: async (sql) => {
      await call('exec', sql);
    },
    close: async () => {
      if (dead) return;
      await call('close');
      await worker.terminate();
    },
  };
}
