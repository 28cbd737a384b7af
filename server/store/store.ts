// The classroom's storage, behind one small interface: sessions, their command logs (written before a
// command is acknowledged), periodic snapshots, and the students holding seats.
import type { Command } from '../../src/domain/commands.ts';
import type { Difficulty } from '../../src/domain/state.ts';
import type { ReplayFile as SavedMeeting } from '../../src/engine/replay.ts';

export interface SessionRecord {
  id: string;
  code: string;
  /** SHA-256 of the instructor's secret; the secret itself is never stored. */
  secretHash: string;
  /** The server process that hosts the session and resumes it on boot. */
  owner: string;
  scenario: string;
  seed: string;
  difficulty: Difficulty;
  minutesPerSlot: number;
  status: 'live' | 'ended';
  meta: SessionMeta;
}

/** Server-side session facts that are not game state: whether it started, and the slot timer. */
export interface SessionMeta {
  started?: boolean;
  /** Epoch ms at which the running slot timer closes the slot. */
  deadline?: number | null;
  /** Time left on the slot timer while the meeting is paused. */
  remainingMs?: number | null;
  /**
   * The slot ("session/slot") the deadline or remaining time belongs to. A slot change is stored
   * after its command, so a crash between the two leaves the old slot's deadline: a restore that
   * finds another slot here gives the new one its full time instead of closing it at once.
   */
  slot?: string | null;
  /** Who created the session (a hash of the client's address), for the live-sessions quota. */
  creator?: string;
  /** Students per delegation (2 to 4 make teams; absent is one). */
  teamSize?: number;
  /** One of several parallel tables: the class code its students join with, and its number (from 1). */
  classCode?: string;
  table?: number;
}

export interface StudentRecord {
  id: string;
  name: string;
  /** SHA-256 of the student's reconnection token. */
  tokenHash: string;
  /** The delegation the student plays, or null while watching without a seat. */
  seat: string | null;
}

/** A live session as storage holds it: enough to rebuild the meeting exactly. */
export interface StoredSession {
  record: SessionRecord;
  snapshot: { step: number; saved: SavedMeeting } | null;
  /** Commands after the snapshot (all of them without one), in step order, with their steps. */
  commands: { step: number; command: Command }[];
  /** The latest students' idempotency keys ("<student id> <key>") with the steps of their commands, in step order. */
  keys?: { step: number; idem: string }[];
  students: StudentRecord[];
}

/** A change to a session's row: its status, its meta (replaced whole), or both. */
export interface SessionPatch {
  status?: SessionRecord['status'];
  meta?: SessionMeta;
}

export interface ClassroomStore {
  /** What the store is, for the start-up banner ("PGlite at …", "PostgreSQL …"). */
  readonly description: string;
  createSession(record: SessionRecord): Promise<void>;
  /**
   * Appends the command that brings the session to `step`; resolves once it is durable. With a
   * `session` patch, the session's status and meta are written in the same transaction: a lifecycle
   * change (start, pause, resume, end) is stored with its command or not at all. `idem` is the
   * student's idempotency key the command came with, kept beside it (StoredSession.keys).
   */
  appendCommand(sessionId: string, step: number, command: Command, session?: SessionPatch, idem?: string): Promise<void>;
  saveSnapshot(sessionId: string, step: number, saved: SavedMeeting): Promise<void>;
  updateSession(sessionId: string, patch: SessionPatch): Promise<void>;
  saveStudent(sessionId: string, student: StudentRecord): Promise<void>;
  /** Every live session this owner hosts, to resume them on boot. */
  loadLiveSessions(owner: string): Promise<StoredSession[]>;
  /** Every table of a class (sessions whose meta names this class code), live or ended, by table number. */
  loadClassTables(classCode: string): Promise<StoredSession[]>;
  /** One session by its join code, live or ended (for replay downloads after the room is gone). */
  loadSessionByCode(code: string): Promise<StoredSession | null>;
  close(): Promise<void>;
}
