// The classroom store in SQL, written once for both back ends (PGlite and PostgreSQL 15): the same
// statements run on either, through a two-method client.
import type { Command } from '../../src/domain/commands.ts';
import type { ReplayFile as SavedMeeting } from '../../src/engine/replay.ts';
import type { ClassroomStore, SessionMeta, SessionPatch, SessionRecord, StoredSession, StudentRecord } from './store.ts';

/** What the store needs from a database driver. */
export interface SqlClient {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs several statements without parameters (the schema). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Who holds the sessions this store writes (see lease.ts). */
export interface LeaseHolder {
  /** The node name (CLASSROOM_NODE): a restart under the same name takes its sessions back at once. */
  node: string;
  /** This run of the process: leases are checked against it, so a twin with the same name cannot write. */
  instance: string;
  host: string;
  pid: number;
  /** How long a lease lasts without renewal. */
  ttlMs: number;
}

/** The error a command gets when its session's lease is no longer this process's. */
export function leaseLost(sessionId: string): Error {
  return new Error(`session ${sessionId} is no longer hosted by this process (its lease was lost or taken over)`);
}

/** A PostgreSQL schema name we create ourselves: lower-case letters, digits and underscores. */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`schema name "${name}" is not usable: use lower-case letters, digits and underscores`);
  }
  return name;
}

/** How many of a session's latest idempotency keys a restore reloads (a page resends within moments). */
const KEYS_KEPT = 2000;

interface PendingCommand {
  sessionId: string;
  step: number;
  command: string;
  /** The student's idempotency key ("<student id> <key>"), stored beside the command. */
  idem: string | null;
  /** The session row's change that goes in the same transaction as the command. */
  patch?: SessionPatch;
  resolve: () => void;
  reject: (error: Error) => void;
}

interface SessionRow {
  id: string;
  code: string;
  secret_hash: string;
  owner: string;
  scenario: string;
  seed: string;
  difficulty: SessionRecord['difficulty'];
  minutes_per_slot: number;
  status: SessionRecord['status'];
  meta: SessionMeta;
}

export class SqlClassroomStore implements ClassroomStore {
  private readonly s: string;

  private constructor(
    private readonly db: SqlClient,
    schema: string,
    readonly description: string,
    /** The store is this process's alone (an embedded folder under its lock): no other process holds its sessions. */
    readonly exclusive = false,
  ) {
    this.s = `"${schema}"`;
  }

  /** Opens the store on `db`, creating its schema and tables when missing. */
  static async open(db: SqlClient, schema: string, description: string, options: { exclusive?: boolean } = {}): Promise<SqlClassroomStore> {
    const store = new SqlClassroomStore(db, checkSchemaName(schema), description, options.exclusive ?? false);
    const s = store.s;
    // In one transaction under a lock: processes starting together on a new database would otherwise
    // race to create the same schema ("duplicate key … pg_namespace_nspname_index").
    await db.exec(`
      BEGIN;
      SELECT pg_advisory_xact_lock(hashtext('communique schema ${schema}'));
      CREATE SCHEMA IF NOT EXISTS ${s};
      CREATE TABLE IF NOT EXISTS ${s}.sessions (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        owner text NOT NULL,
        scenario text NOT NULL,
        seed text NOT NULL,
        difficulty text NOT NULL,
        minutes_per_slot double precision NOT NULL,
        status text NOT NULL DEFAULT 'live',
        meta jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX IF NOT EXISTS sessions_live ON ${s}.sessions (owner, status);
      CREATE TABLE IF NOT EXISTS ${s}.commands (
        session_id text NOT NULL REFERENCES ${s}.sessions (id) ON DELETE CASCADE,
        step integer NOT NULL,
        command jsonb NOT NULL,
        PRIMARY KEY (session_id, step)
      );
      -- The idempotency key a student's command came with ("<student id> <key>"), so a resend after a restart is still applied once.
      ALTER TABLE ${s}.commands ADD COLUMN IF NOT EXISTS idem text;
      CREATE TABLE IF NOT EXISTS ${s}.snapshots (
        session_id text PRIMARY KEY REFERENCES ${s}.sessions (id) ON DELETE CASCADE,
        step integer NOT NULL,
        saved text NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${s}.students (
        session_id text NOT NULL REFERENCES ${s}.sessions (id) ON DELETE CASCADE,
        id text NOT NULL,
        name text NOT NULL,
        token_hash text NOT NULL,
        seat text,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, id)
      );
      CREATE TABLE IF NOT EXISTS ${s}.leases (
        session_id text PRIMARY KEY REFERENCES ${s}.sessions (id) ON DELETE CASCADE,
        node text NOT NULL,
        instance text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        expires_at timestamptz NOT NULL
      );
      COMMIT;
    `);
    return store;
  }

  /**
   * Who writes through this store (lease.ts). Once set, every session it creates is leased to this
   * process, and a command is written only while this process holds the session's lease: the insert
   * itself checks it, so a process that lost a session cannot write a step its new host writes too.
   */
  private holder: LeaseHolder | null = null;

  holdAs(holder: LeaseHolder): void {
    this.holder = holder;
  }

  private leaseParams(): unknown[] {
    const h = this.holder!;
    return [h.node, h.instance, h.host, h.pid, `${h.ttlMs} milliseconds`];
  }

  /**
   * Takes the leases of the live sessions this process may host: those with no lease, an expired
   * one, with `ownNode` one held under this node name by an earlier run of it (at boot), and with
   * `exclusive` every one (the store is this process's alone). Returns the sessions taken, with what a restore needs.
   */
  async takeLiveSessions({ ownNode = false, exclusive = this.exclusive } = {}): Promise<StoredSession[]> {
    const { rows } = await this.db.query<SessionRow>(
      `WITH taken AS (
         INSERT INTO ${this.s}.leases (session_id, node, instance, host, pid, expires_at)
         SELECT s.id, $1::text, $2::text, $3::text, $4::integer, now() + $5::interval FROM ${this.s}.sessions s
         LEFT JOIN ${this.s}.leases l ON l.session_id = s.id
         WHERE s.status = 'live' AND (l.session_id IS NULL OR l.expires_at < now() OR (l.node = $1 AND $7::boolean) OR $6::boolean)
           AND (l.instance IS NULL OR l.instance <> $2)
         ON CONFLICT (session_id) DO UPDATE SET node = EXCLUDED.node, instance = EXCLUDED.instance, host = EXCLUDED.host,
           pid = EXCLUDED.pid, expires_at = EXCLUDED.expires_at
         WHERE ${this.s}.leases.expires_at < now() OR (${this.s}.leases.node = EXCLUDED.node AND $7::boolean) OR $6::boolean
         RETURNING session_id
       )
       UPDATE ${this.s}.sessions SET owner = $1 WHERE id IN (SELECT session_id FROM taken) RETURNING *`,
      [...this.leaseParams(), exclusive, ownNode],
    );
    const at = (r: SessionRow) => new Date((r as unknown as { created_at: string | Date }).created_at).getTime();
    rows.sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id));
    const sessions: StoredSession[] = [];
    for (const row of rows) sessions.push(await this.loadRest(row));
    return sessions;
  }

  /** Unexpired leases held under this node name by another run of it: a live twin, or a crashed earlier run. */
  async otherHoldersOfNode(): Promise<{ instance: string; host: string; pid: number }[]> {
    const h = this.holder!;
    const { rows } = await this.db.query<{ instance: string; host: string; pid: number }>(
      `SELECT DISTINCT instance, host, pid FROM ${this.s}.leases WHERE node = $1 AND instance <> $2 AND expires_at >= now()`,
      [h.node, h.instance],
    );
    return rows.map((r) => ({ ...r, pid: Number(r.pid) }));
  }

  /** Extends every lease this process holds; returns the sessions it still holds. */
  async renewLeases(): Promise<string[]> {
    const h = this.holder!;
    const { rows } = await this.db.query<{ session_id: string }>(
      `UPDATE ${this.s}.leases SET expires_at = now() + $2::interval WHERE instance = $1 RETURNING session_id`,
      [h.instance, `${h.ttlMs} milliseconds`],
    );
    return rows.map((r) => r.session_id);
  }

  /** Gives up every lease this process holds (a clean shutdown): another process may resume them at once. */
  async releaseLeases(): Promise<void> {
    if (!this.holder) return;
    await this.db.query(`DELETE FROM ${this.s}.leases WHERE instance = $1`, [this.holder.instance]);
  }

  async createSession(r: SessionRecord): Promise<void> {
    const values = [r.id, r.code, r.secretHash, r.owner, r.scenario, r.seed, r.difficulty, r.minutesPerSlot, r.status, JSON.stringify(r.meta)];
    const insert = `INSERT INTO ${this.s}.sessions (id, code, secret_hash, owner, scenario, seed, difficulty, minutes_per_slot, status, meta)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`;
    if (!this.holder) {
      await this.db.query(insert, values);
      return;
    }
    // One statement: the session and its lease to this process, or neither.
    await this.db.query(
      `WITH added AS (${insert} RETURNING id)
       INSERT INTO ${this.s}.leases (session_id, node, instance, host, pid, expires_at)
       SELECT id, $11::text, $12::text, $13::text, $14::integer, now() + $15::interval FROM added`,
      [...values, ...this.leaseParams()],
    );
  }

  /**
   * Group commit: commands arriving while a write is under way go together in the next statement,
   * so one commit (and one flush to disk) serves every session that acted meanwhile. A command with
   * a session patch is written alone, in its turn (the log of a session stays in step order).
   */
  appendCommand(sessionId: string, step: number, command: Command, patch?: SessionPatch, idem?: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ sessionId, step, command: JSON.stringify(command), idem: idem ?? null, ...(patch ? { patch } : {}), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private pending: PendingCommand[] = [];
  private flushing = false;

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.pending.length > 0) {
      const patched = this.pending.findIndex((p) => p.patch);
      const size = patched === 0 ? 1 : Math.min(500, patched === -1 ? this.pending.length : patched);
      const batch = this.pending.splice(0, size);
      if (batch[0]!.patch) {
        await this.insertPatched(batch[0]!).then(batch[0]!.resolve, batch[0]!.reject);
        continue;
      }
      try {
        await this.insertCommands(batch);
        for (const p of batch) p.resolve();
      } catch {
        // One bad row (a step written twice) must not fail the others: write them one by one.
        for (const p of batch) await this.insertCommands([p]).then(p.resolve, p.reject);
      }
    }
    this.flushing = false;
  }

  private async insertCommands(rows: PendingCommand[]): Promise<void> {
    const params: unknown[] = [];
    const values = rows.map((r) => {
      params.push(r.sessionId, r.step, r.command, r.idem);
      const n = params.length;
      return `($${n - 3}::text, $${n - 2}::integer, $${n - 1}::jsonb, $${n}::text)`;
    });
    if (!this.holder) {
      await this.db.query(`INSERT INTO ${this.s}.commands (session_id, step, command, idem) VALUES ${values.join(', ')}`, params);
      return;
    }
    params.push(this.holder.instance);
    const { rows: written } = await this.db.query<{ session_id: string; step: number }>(
      `INSERT INTO ${this.s}.commands (session_id, step, command, idem)
       SELECT v.session_id, v.step, v.command, v.idem FROM (VALUES ${values.join(', ')}) AS v (session_id, step, command, idem)
       WHERE ${this.leased('v.session_id', params.length)}
       RETURNING session_id, step`,
      params,
    );
    if (written.length < rows.length) {
      const done = new Set(written.map((w) => `${w.session_id}/${Number(w.step)}`));
      const lost = rows.find((r) => !done.has(`${r.sessionId}/${r.step}`))!;
      // Thrown for the whole batch: the caller writes its rows again one by one, each to its own answer.
      throw leaseLost(lost.sessionId);
    }
  }

  /** SQL: this process holds the lease of the session in `column` (its instance is parameter `n`). */
  private leased(column: string, n: number): string {
    return `EXISTS (SELECT 1 FROM ${this.s}.leases l WHERE l.session_id = ${column} AND l.instance = $${n} AND l.expires_at > now())`;
  }

  /** One statement, so one transaction: the command and the session's new status and meta, or neither. */
  private async insertPatched(row: PendingCommand): Promise<void> {
    const { patch } = row;
    const params: unknown[] = [row.sessionId, row.step, row.command, patch?.status ?? null, patch?.meta === undefined ? null : JSON.stringify(patch.meta)];
    const fence = this.holder ? `WHERE ${this.leased('$1::text', params.push(this.holder.instance))}` : '';
    const { rows } = await this.db.query<{ id: string }>(
      `WITH added AS (INSERT INTO ${this.s}.commands (session_id, step, command) SELECT $1, $2, $3::jsonb ${fence} RETURNING session_id)
       UPDATE ${this.s}.sessions SET status = COALESCE($4::text, status), meta = COALESCE($5::jsonb, meta)
       WHERE id = (SELECT session_id FROM added) RETURNING id`,
      params,
    );
    if (this.holder && rows.length === 0) throw leaseLost(row.sessionId);
  }

  async saveSnapshot(sessionId: string, step: number, saved: SavedMeeting): Promise<void> {
    // One snapshot per session: the latest is all a restart needs, and the log keeps the rest.
    await this.db.query(
      // Text, not jsonb: a snapshot is only ever read back whole, and parsing it into jsonb costs time on every write.
      `INSERT INTO ${this.s}.snapshots (session_id, step, saved) VALUES ($1, $2, $3)
       ON CONFLICT (session_id) DO UPDATE SET step = EXCLUDED.step, saved = EXCLUDED.saved
       WHERE ${this.s}.snapshots.step < EXCLUDED.step`,
      [sessionId, step, JSON.stringify(saved)],
    );
  }

  async updateSession(sessionId: string, patch: SessionPatch): Promise<void> {
    if (patch.status === undefined && patch.meta === undefined) return;
    // One statement: a status and meta written together land together.
    await this.db.query(`UPDATE ${this.s}.sessions SET status = COALESCE($2::text, status), meta = COALESCE($3::jsonb, meta) WHERE id = $1`, [
      sessionId,
      patch.status ?? null,
      patch.meta === undefined ? null : JSON.stringify(patch.meta),
    ]);
  }

  async saveStudent(sessionId: string, st: StudentRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.s}.students (session_id, id, name, token_hash, seat) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id, id) DO UPDATE SET name = EXCLUDED.name, seat = EXCLUDED.seat, token_hash = EXCLUDED.token_hash`,
      [sessionId, st.id, st.name, st.tokenHash, st.seat],
    );
  }

  async loadLiveSessions(owner: string): Promise<StoredSession[]> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT * FROM ${this.s}.sessions WHERE owner = $1 AND status = 'live' ORDER BY created_at, id`,
      [owner],
    );
    const sessions: StoredSession[] = [];
    for (const row of rows) sessions.push(await this.loadRest(row));
    return sessions;
  }

  async loadClassTables(classCode: string): Promise<StoredSession[]> {
    const { rows } = await this.db.query<SessionRow>(
      `SELECT * FROM ${this.s}.sessions WHERE meta->>'classCode' = $1 ORDER BY (meta->>'table')::integer, created_at`,
      [classCode],
    );
    const tables: StoredSession[] = [];
    for (const row of rows) tables.push(await this.loadRest(row));
    return tables;
  }

  async loadSessionByCode(code: string): Promise<StoredSession | null> {
    const { rows } = await this.db.query<SessionRow>(`SELECT * FROM ${this.s}.sessions WHERE code = $1`, [code]);
    return rows[0] ? this.loadRest(rows[0]) : null;
  }

  private async loadRest(row: SessionRow): Promise<StoredSession> {
    const snap = await this.db.query<{ step: number; saved: string }>(`SELECT step, saved FROM ${this.s}.snapshots WHERE session_id = $1`, [
      row.id,
    ]);
    const snapshot = snap.rows[0] ? { step: Number(snap.rows[0].step), saved: JSON.parse(snap.rows[0].saved) as SavedMeeting } : null;
    const commands = await this.db.query<{ step: number; command: Command }>(
      `SELECT step, command FROM ${this.s}.commands WHERE session_id = $1 AND step > $2 ORDER BY step`,
      [row.id, snapshot?.step ?? 0],
    );
    // The recent idempotency keys, snapshot or not: a resend after a restart is answered, not applied again.
    const keys = await this.db.query<{ step: number; idem: string }>(
      `SELECT step, idem FROM ${this.s}.commands WHERE session_id = $1 AND idem IS NOT NULL ORDER BY step DESC LIMIT ${KEYS_KEPT}`,
      [row.id],
    );
    const students = await this.db.query<{ id: string; name: string; token_hash: string; seat: string | null }>(
      `SELECT id, name, token_hash, seat FROM ${this.s}.students WHERE session_id = $1 ORDER BY joined_at, id`,
      [row.id],
    );
    return {
      record: {
        id: row.id,
        code: row.code,
        secretHash: row.secret_hash,
        owner: row.owner,
        scenario: row.scenario,
        seed: row.seed,
        difficulty: row.difficulty,
        minutesPerSlot: Number(row.minutes_per_slot),
        status: row.status,
        meta: row.meta ?? {},
      },
      snapshot,
      commands: commands.rows.map((r) => ({ step: Number(r.step), command: r.command })),
      keys: keys.rows.map((r) => ({ step: Number(r.step), idem: r.idem })).reverse(),
      students: students.rows.map((r) => ({ id: r.id, name: r.name, tokenHash: r.token_hash, seat: r.seat })),
    };
  }

  /** Drops the whole schema (tests clean up after themselves with this). */
  async dropSchema(): Promise<void> {
    await this.db.exec(`DROP SCHEMA IF EXISTS ${this.s} CASCADE`);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
