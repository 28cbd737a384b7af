// The classroom store on the embedded PGlite and, when one is reachable, on PostgreSQL: the same
// statements, the same behaviour, each run in its own schema that is dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.ts';
import { Meeting } from '../../src/engine/meeting.ts';
import { saveOf } from '../../src/engine/replay.ts';
import { ClassroomSession } from '../../server/session.ts';
import { openStore } from '../../server/store/open.ts';
import type { SqlClassroomStore } from '../../server/store/sql-store.ts';
import type { SessionRecord } from '../../server/store/store.ts';
import { scenario } from '../helpers.ts';
import { freshDataDir, removeDir } from './harness.ts';

const POSTGRES_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const pgProblem = await postgresReachable();
if (pgProblem) console.log(`skipping the PostgreSQL store tests: ${POSTGRES_URL} is not reachable (${pgProblem})`);

const backends: { name: string; skip: boolean; open: () => Promise<{ store: SqlClassroomStore; cleanUp: () => Promise<void> }> }[] = [
  {
    name: 'PGlite',
    skip: false,
    open: async () => {
      const dir = await freshDataDir('pglite');
      const store = await openStore({ dataDir: dir, schema: 'communique' });
      return { store, cleanUp: async () => { await store.close(); removeDir(dir); } };
    },
  },
  {
    name: 'PostgreSQL',
    skip: pgProblem !== null,
    open: async () => {
      const schema = `classroom_test_${randomBytes(6).toString('hex')}`;
      const store = await openStore({ databaseUrl: POSTGRES_URL, dataDir: '', schema });
      return { store, cleanUp: async () => { await store.dropSchema(); await store.close(); } };
    },
  },
];

const tutorial = scenario('tutorial');

function record(id: string, owner = 'main'): SessionRecord {
  return {
    id,
    code: randomBytes(5).toString('hex').toUpperCase(),
    secretHash: 'ab'.repeat(32),
    owner,
    scenario: 'tutorial',
    seed: 'store',
    difficulty: 'standard',
    minutesPerSlot: 5,
    status: 'live',
    meta: {},
  };
}

/** A short legal game on the tutorial: the seat is handed to a student, who consults and messages. */
const GAME: Command[] = [
  { type: 'assign-seat', actor: 'INSTRUCTOR', delegation: 'NOR', to: 'human' },
  { type: 'consult', actor: 'NOR', target: 'SOL', paragraph: 'fisheries' },
  { type: 'message', actor: 'NOR', target: 'EAS', text: 'Shall we talk about monitoring?' },
  { type: 'lobby', actor: 'NOR', target: 'SOL', paragraph: 'fisheries', approach: 'interest' },
  { type: 'advance-slot', actor: 'INSTRUCTOR' },
  { type: 'propose', actor: 'NOR', paragraph: 'fisheries', variant: 'shared-monitoring' },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`the classroom store on ${backend.name}`, () => {
    let store: SqlClassroomStore;
    let cleanUp: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanUp } = await backend.open());
    }, 60_000);

    afterAll(async () => {
      await cleanUp?.();
    }, 30_000);

    it('keeps a session with its commands in step order, its latest snapshot and its students', async () => {
      const r = record('keep');
      await store.createSession(r);
      const meeting = Meeting.open(tutorial, { seed: r.seed, role: 'OBSERVER', difficulty: r.difficulty });
      // Every command the meeting applied is logged, the AI seats' included, each at its own step.
      let snapshotStep = 0;
      for (const command of GAME) {
        const from = meeting.commands.length;
        expect(meeting.send(command)).toMatchObject({ ok: true });
        for (let i = from; i < meeting.commands.length; i++) await store.appendCommand(r.id, i + 1, meeting.commands[i]!);
        if (snapshotStep === 0 && meeting.commands.length >= 3) {
          snapshotStep = meeting.commands.length;
          await store.saveSnapshot(r.id, snapshotStep, saveOf(meeting));
        }
      }
      const all = [...meeting.commands];
      await store.saveStudent(r.id, { id: 's1', name: 'Ana', tokenHash: 'cd'.repeat(32), seat: 'NOR' });
      await store.saveStudent(r.id, { id: 's1', name: 'Ana', tokenHash: 'cd'.repeat(32), seat: null });
      await store.updateSession(r.id, { meta: { started: true, deadline: 123 } });

      const [loaded] = (await store.loadLiveSessions('main')).filter((s) => s.record.id === r.id);
      expect(loaded!.record).toEqual({ ...r, meta: { started: true, deadline: 123 } });
      expect(loaded!.snapshot!.step).toBe(snapshotStep);
      expect(loaded!.commands.map((c) => c.step)).toEqual(all.slice(snapshotStep).map((_, i) => snapshotStep + i + 1));
      expect(loaded!.commands.map((c) => c.command)).toEqual(all.slice(snapshotStep));
      expect(loaded!.students).toEqual([{ id: 's1', name: 'Ana', tokenHash: 'cd'.repeat(32), seat: null }]);

      // The snapshot and the rest of the log rebuild the very same meeting.
      const restored = ClassroomSession.restore(store, tutorial, loaded!, () => {});
      expect(restored.step).toBe(all.length);
      expect(restored.stateHash).toBe(meeting.stateHash());
      expect(restored.replay().commands).toEqual(all);
    });

    it('refuses a second command at the same step', async () => {
      const r = record('twice');
      await store.createSession(r);
      await store.appendCommand(r.id, 1, GAME[0]!);
      await expect(store.appendCommand(r.id, 1, GAME[1]!)).rejects.toThrow();
    });

    it('never moves the snapshot back to an older step', async () => {
      const r = record('snap');
      await store.createSession(r);
      const meeting = Meeting.open(tutorial, { seed: r.seed, role: 'OBSERVER', difficulty: r.difficulty });
      for (const [i, command] of GAME.entries()) {
        meeting.send(command);
        await store.appendCommand(r.id, i + 1, command);
      }
      await store.saveSnapshot(r.id, 5, saveOf(meeting));
      await store.saveSnapshot(r.id, 2, saveOf(meeting));
      expect((await store.loadSessionByCode(r.code))!.snapshot!.step).toBe(5);
    });

    it('resumes only the live sessions of its own process, and finds ended ones by code', async () => {
      const mine = record('mine', 'node-a');
      const theirs = record('theirs', 'node-b');
      const ended = record('ended', 'node-a');
      for (const r of [mine, theirs, ended]) await store.createSession(r);
      await store.updateSession(ended.id, { status: 'ended' });
      expect((await store.loadLiveSessions('node-a')).map((s) => s.record.id)).toEqual(['mine']);
      expect((await store.loadSessionByCode(ended.code))!.record.status).toBe('ended');
      expect(await store.loadSessionByCode('NOSUCHCODE')).toBeNull();
    });
  });
}
