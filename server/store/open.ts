// Opens the configured store: PostgreSQL when a URL is given, otherwise an embedded PGlite database
// in a data directory that needs no set-up (one directory per server process: PGlite has no locking,
// so a lock file in the folder refuses a second process; see folder-lock.ts).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { lockFolder } from './folder-lock.ts';
import { openPgliteThread } from './pglite-thread.ts';
import { SqlClassroomStore, type SqlClient } from './sql-store.ts';

export interface StoreOptions {
  /** postgres://… for PostgreSQL; absent for the embedded store. */
  databaseUrl?: string;
  /** The embedded store's data directory. */
  dataDir: string;
  /** PostgreSQL schema holding the tables. */
  schema: string;
}

export async function openStore(options: StoreOptions): Promise<SqlClassroomStore> {
  if (options.databaseUrl) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
    // Fail at start-up, with the reason, rather than on the first command.
    const probe = await pool.connect().catch((error: Error) => {
      throw new Error(`cannot reach PostgreSQL at ${redact(options.databaseUrl!)}: ${error.message}`);
    });
    probe.release();
    const client: SqlClient = {
      query: (sql, params) => pool.query(sql, params) as never,
      exec: async (sql) => {
        await pool.query(sql);
      },
      close: () => pool.end(),
    };
    return SqlClassroomStore.open(client, options.schema, `PostgreSQL ${redact(options.databaseUrl)} (schema ${options.schema})`, { exclusive: false });
  }
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  // In a worker thread: PGlite's WebAssembly and its synchronous file writes would otherwise stall every room.
  const unlock = lockFolder(dir);
  try {
    const thread = await openPgliteThread(dir).catch((error: Error) => {
      throw new Error(`cannot open the embedded store at ${dir}: ${error.message}`);
    });
    const client: SqlClient = {
      ...thread,
      close: () => thread.close().finally(unlock),
    };
    return await SqlClassroomStore.open(client, options.schema, `PGlite at ${dir} (in a worker thread)`, { exclusive: true });
  } catch (error) {
    unlock();
    throw error;
  }
}

/** A database URL without its password, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the given DATABASE_URL';
  }
}
