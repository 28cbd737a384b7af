// The classroom session's lifecycle (lobby → running ⇄ paused → ended, and the slot timer): the machine
// on a simulated clock, the session's durable lifecycle writes on an in-memory store, and a real server
// killed with SIGKILL right after each acknowledged Start, Pause, Resume and End.
import { SimulatedClock } from 'xstate';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.ts';
import { SessionLifecycle, type LifecycleRecord } from '../../src/engine/session-machine.ts';
import { ClassroomConnection, createSession } from '../../src/net/client.ts';
import type { CreatedSession } from '../../src/net/protocol.ts';
import { ClassroomSession } from '../../server/session.ts';
import type { ClassroomStore, SessionPatch, SessionRecord, StoredSession, StudentRecord } from '../../server/store/store.ts';
import { scenario } from '../helpers.ts';
import { freshDataDir, shutDown, startServer, until, type RunningServer, refusal } from './harness.ts';

const SLOT = 60_000;

function lifecycleOn(clock: SimulatedClock, restore?: LifecycleRecord) {
  const due: number[] = [];
  const lifecycle = new SessionLifecycle({ input: { slotMs: SLOT, now: clock.now(), ...(restore ? { restore } : {}) }, onSlotDue: (d) => due.push(d), clock });
  return { lifecycle, due };
}

describe('the session machine, on a simulated clock', () => {
  it('takes each instructor event only in the states that allow it', () => {
    const clock = new SimulatedClock();
    const { lifecycle } = lifecycleOn(clock);
    expect(lifecycle.state).toBe('lobby');
    expect(lifecycle.accepts({ type: 'PAUSE', now: 0 })).toBe(false);
    expect(lifecycle.accepts({ type: 'RESUME', now: 0 })).toBe(false);
    expect(lifecycle.send({ type: 'PAUSE', now: 0 })).toBe(false);
    expect(lifecycle.state).toBe('lobby');
    // A preview says where an event leads and changes nothing.
    expect(lifecycle.preview({ type: 'START', now: 5 })).toEqual({ state: 'running', deadline: 5 + SLOT, remainingMs: null });
    expect(lifecycle.state).toBe('lobby');
    expect(lifecycle.send({ type: 'START', now: 0 })).toBe(true);
    expect(lifecycle.accepts({ type: 'START', now: 0 })).toBe(false);
    expect(lifecycle.accepts({ type: 'RESUME', now: 0 })).toBe(false);
    expect(lifecycle.send({ type: 'PAUSE', now: 0 })).toBe(true);
    expect(lifecycle.accepts({ type: 'PAUSE', now: 0 })).toBe(false);
    expect(lifecycle.send({ type: 'END' })).toBe(true);
    expect(lifecycle.state).toBe('ended');
    for (const type of ['START', 'PAUSE', 'RESUME'] as const) expect(lifecycle.preview({ type, now: 0 })).toBeNull();
    expect(lifecycle.preview({ type: 'END' })).toBeNull();
  });

  it('closes a slot at its deadline and not before, stops while paused, and resumes with the time that was left', () => {
    const clock = new SimulatedClock();
    const { lifecycle, due } = lifecycleOn(clock);
    lifecycle.send({ type: 'START', now: clock.now() });
    expect(lifecycle.timing).toBe(true);
    clock.increment(SLOT - 1);
    expect(due).toEqual([]);
    clock.increment(1);
    expect(due).toEqual([SLOT]);
    // It restarts for the next slot by itself; the session's new slot re-arms it from the moment the slot changed.
    expect(lifecycle.record).toEqual({ state: 'running', deadline: 2 * SLOT, remainingMs: null });
    clock.increment(500);
    lifecycle.send({ type: 'NEW_SLOT', now: clock.now() });
    expect(lifecycle.record.deadline).toBe(SLOT + 500 + SLOT);

    clock.increment(10_000);
    lifecycle.send({ type: 'PAUSE', now: clock.now() });
    expect(lifecycle.record).toEqual({ state: 'paused', deadline: null, remainingMs: SLOT - 10_000 });
    expect(lifecycle.timing).toBe(false);
    clock.increment(10 * SLOT);
    expect(due).toEqual([SLOT]);

    const resumedAt = clock.now();
    lifecycle.send({ type: 'RESUME', now: resumedAt });
    expect(lifecycle.record.deadline).toBe(resumedAt + SLOT - 10_000);
    clock.increment(SLOT - 10_000 - 1);
    expect(due).toEqual([SLOT]);
    clock.increment(1);
    expect(due).toEqual([SLOT, resumedAt + SLOT - 10_000]);
    lifecycle.send({ type: 'END' });
    clock.increment(10 * SLOT);
    expect(due).toHaveLength(2);
  });

  it('is recreated where a record says: a running deadline re-armed, a paused remainder kept', () => {
    const clock = new SimulatedClock();
    clock.set(1_000_000);
    const running = lifecycleOn(clock, { state: 'running', deadline: 1_000_000 + 2_000, remainingMs: null });
    expect(running.lifecycle.state).toBe('running');
    clock.increment(1_999);
    expect(running.due).toEqual([]);
    clock.increment(1);
    expect(running.due).toEqual([1_002_000]);
    // A deadline that passed while the server was down closes the slot at once.
    const late = lifecycleOn(clock, { state: 'running', deadline: clock.now() - 5_000, remainingMs: null });
    clock.increment(0);
    expect(late.due).toEqual([clock.now() - 5_000]);

    const paused = lifecycleOn(clock, { state: 'paused', deadline: null, remainingMs: 1_234 });
    expect(paused.lifecycle.record).toEqual({ state: 'paused', deadline: null, remainingMs: 1_234 });
    clock.increment(SLOT);
    expect(paused.due).toEqual([]);
    paused.lifecycle.send({ type: 'RESUME', now: clock.now() });
    clock.increment(1_234);
    expect(paused.due).toHaveLength(1);

    // A running record without a deadline (a timer stored for another slot) gets a full slot.
    const fresh = lifecycleOn(clock, { state: 'running', deadline: null, remainingMs: null });
    expect(fresh.lifecycle.record.deadline).toBe(clock.now() + SLOT);
    expect(lifecycleOn(clock, { state: 'ended', deadline: null, remainingMs: null }).lifecycle.state).toBe('ended');
    for (const l of [running, late, paused, fresh]) l.lifecycle.stop();
  });
});

/** The store in memory, with a switch to fail the next lifecycle write and a gate to hold it. */
class MemoryStore implements ClassroomStore {
  readonly description = 'memory';
  readonly sessions = new Map<string, SessionRecord>();
  readonly commands = new Map<string, { step: number; command: Command }[]>();
  readonly students = new Map<string, StudentRecord[]>();
  failNextPatch = false;
  gate: Promise<void> | null = null;

  async createSession(record: SessionRecord) {
    this.sessions.set(record.id, structuredClone(record));
    this.commands.set(record.id, []);
    this.students.set(record.id, []);
  }
  async appendCommand(sessionId: string, step: number, command: Command, patch?: SessionPatch) {
    if (patch && this.gate) await this.gate;
    if (patch && this.failNextPatch) {
      this.failNextPatch = false;
      throw new Error('disk full');
    }
    this.commands.get(sessionId)!.push({ step, command: structuredClone(command) });
    if (patch) this.patch(sessionId, patch);
  }
  async saveSnapshot() {}
  async updateSession(sessionId: string, patch: SessionPatch) {
    this.patch(sessionId, patch);
  }
  private patch(sessionId: string, patch: SessionPatch) {
    const record = this.sessions.get(sessionId)!;
    if (patch.status) record.status = patch.status;
    if (patch.meta) record.meta = structuredClone(patch.meta);
  }
  async saveStudent(sessionId: string, student: StudentRecord) {
    this.students.get(sessionId)!.push(student);
  }
  stored(id: string): StoredSession {
    return { record: structuredClone(this.sessions.get(id)!), snapshot: null, commands: structuredClone(this.commands.get(id)!), students: [] };
  }
  async loadLiveSessions() {
    return [...this.sessions.keys()].map((id) => this.stored(id));
  }
  async loadSessionByCode() {
    return null;
  }
  async loadClassTables() {
    return [];
  }
  async close() {}
}

const tutorial = scenario('tutorial');
const quiet = () => {};

async function newSession(store: MemoryStore, minutesPerSlot = 10): Promise<ClassroomSession> {
  return ClassroomSession.create(
    store,
    tutorial,
    { id: `s${store.sessions.size}`, code: 'ABCDE12345', secretHash: 'ab'.repeat(32), owner: 'main', scenario: 'tutorial', seed: 'life', difficulty: 'standard', minutesPerSlot },
    quiet,
  );
}

const act = (session: ClassroomSession, kind: 'start' | 'pause' | 'resume' | 'end') => session.instructorAction('', { kind }, undefined);

describe('the session stores its lifecycle before it acknowledges', () => {
  const sessions: ClassroomSession[] = [];
  afterAll(() => Promise.all(sessions.map((s) => s.close())));

  it('fails a start whose write fails, and nothing changes', async () => {
    const store = new MemoryStore();
    const session = await newSession(store);
    sessions.push(session);
    const before = structuredClone(store.stored(session.id));
    store.failNextPatch = true;
    const failed = await act(session, 'start');
    expect(failed).toMatchObject({ ok: false, error: { code: 'storage' } });
    expect(session.lifecycleState).toBe('lobby');
    expect(session.step).toBe(before.commands.length);
    expect(store.stored(session.id)).toEqual(before);
    expect(session.control().timer.running).toBe(false);

    expect(await act(session, 'start')).toMatchObject({ ok: true });
    expect(session.lifecycleState).toBe('running');
    const meta = store.sessions.get(session.id)!.meta;
    expect(meta).toMatchObject({ started: true, remainingMs: null });
    expect(meta.deadline).toBe(session.control().timer.deadline);
    expect(store.commands.get(session.id)!.at(-1)!.command.type).toBe('resume');
  });

  it('stores a pause with the time left and an end with the ended status, each with its command', async () => {
    const store = new MemoryStore();
    const session = await newSession(store);
    sessions.push(session);
    await act(session, 'start');
    expect(await act(session, 'pause')).toMatchObject({ ok: true });
    const paused = store.sessions.get(session.id)!;
    expect(paused.meta.deadline).toBeNull();
    expect(paused.meta.remainingMs).toBeGreaterThan(10 * 60_000 - 5_000);
    expect(await act(session, 'pause')).toMatchObject({ ok: false, error: { code: 'refused', refusal: 'already-so' } });
    expect(await act(session, 'start')).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(await act(session, 'end')).toMatchObject({ ok: true });
    expect(store.sessions.get(session.id)!.status).toBe('ended');
    expect(store.commands.get(session.id)!.at(-1)!.command.type).toBe('adjourn');
    for (const kind of ['start', 'pause', 'resume', 'end'] as const) {
      expect(await act(session, kind)).toMatchObject({ ok: false, error: { code: 'refused', refusal: 'meeting-closed' } });
    }
  });

  it('keeps the stored remainder when the slot timer fires while a pause is being written', async () => {
    const store = new MemoryStore();
    const session = await newSession(store, 0.005); // 300 ms slots
    sessions.push(session);
    await act(session, 'start');
    let open!: () => void;
    store.gate = new Promise((r) => (open = r));
    const pausing = act(session, 'pause');
    await new Promise((r) => setTimeout(r, 400)); // the deadline passes while the pause waits for its write
    open();
    store.gate = null;
    expect(await pausing).toMatchObject({ ok: true });
    const stored = store.sessions.get(session.id)!.meta;
    expect(session.control().timer.remainingMs).toBe(stored.remainingMs);
    expect(stored.remainingMs).toBeLessThanOrEqual(300);
    // The slot the timer wanted to close stays open: the session was paused first.
    await new Promise((r) => setTimeout(r, 50));
    expect(store.commands.get(session.id)!.some((c) => c.command.type === 'advance-slot')).toBe(false);
  });

  it('restores each state from the stored meta and the meeting', async () => {
    const store = new MemoryStore();
    const lobby = await newSession(store);
    const running = await newSession(store);
    const paused = await newSession(store);
    const lost = await newSession(store);
    const moved = await newSession(store);
    sessions.push(lobby, running, paused, lost, moved);
    await act(running, 'start');
    await act(paused, 'start');
    await act(paused, 'pause');
    await act(lost, 'start');
    await act(moved, 'start');
    // The defect this fixes: a start whose meta was never stored (the old fire-and-forget save).
    store.sessions.get(lost.id)!.meta = {};
    // A slot change whose new deadline was never stored: the stored one is the previous slot's, and past.
    Object.assign(store.sessions.get(moved.id)!.meta, { slot: '9/9', deadline: Date.now() - 1_000 });

    const back = (s: ClassroomSession) => {
      const restored = ClassroomSession.restore(store, tutorial, store.stored(s.id), quiet);
      sessions.push(restored);
      return restored;
    };
    expect(back(lobby).lifecycleState).toBe('lobby');
    const r = back(running);
    expect(r.lifecycleState).toBe('running');
    expect(r.control().timer).toMatchObject({ running: true, deadline: store.sessions.get(running.id)!.meta.deadline });
    const p = back(paused);
    expect(p.lifecycleState).toBe('paused');
    expect(p.control().timer).toMatchObject({ running: false, remainingMs: store.sessions.get(paused.id)!.meta.remainingMs });
    const l = back(lost);
    expect(l.lifecycleState).toBe('running');
    expect(await act(l, 'start')).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(l.control().timer.running).toBe(true);
    expect(await act(l, 'pause')).toMatchObject({ ok: true });
    const m = back(moved);
    expect(m.control().timer.deadline).toBeGreaterThan(Date.now() + 10 * 60_000 - 5_000);
  });
});

// ---------------------------------------------------------------------------------------------
// A real server, SIGKILLed right after each acknowledged lifecycle action

const TRIES = 3;
/** 1.5 s slots: long enough to see a pause hold, short enough to see the timer close a slot soon. */
const MINUTES_PER_SLOT = 0.025;
const SLOT_MS = MINUTES_PER_SLOT * 60_000;

const dataDir = await freshDataDir('lifecycle');
let server: RunningServer | undefined;
const open: ClassroomConnection[] = [];

afterAll(() => shutDown(open, [server], [dataDir]), 30_000);

async function instructorOf(session: CreatedSession): Promise<ClassroomConnection> {
  const teacher = await ClassroomConnection.join(server!.url, { as: 'instructor', code: session.code, secret: session.secret });
  open.push(teacher);
  await until(() => teacher.control !== null, 'the control room');
  return teacher;
}

/** The instructor's action, acknowledged, then SIGKILL at once and a new process on the same store. */
async function actThenCrash(teacher: ClassroomConnection, session: CreatedSession, kind: 'start' | 'pause' | 'resume' | 'end') {
  await teacher.instructor(session.secret, { kind });
  await server!.kill();
  server = await startServer({ dataDir });
}

const clockOf = (c: ClassroomConnection) => JSON.stringify(c.view!.clock);

describe('a server killed right after each lifecycle action', () => {
  it(`comes back in the acknowledged state, answers as it should, and its slot timer runs (${TRIES} tries each)`, async () => {
    server = await startServer({ dataDir });
    for (let t = 0; t < TRIES; t++) {
      const session = await createSession(server.url, { scenario: 'bali-leaders-2022', seed: `life-${t}`, minutesPerSlot: MINUTES_PER_SLOT });
      let teacher = await instructorOf(session);
      expect(teacher.control!.status).toBe('lobby');
      expect((await refusal(teacher.instructor(session.secret, { kind: 'pause' }))).message).toMatch(/has not started/);

      // Start: running, and the timer closes a slot after the restart.
      await actThenCrash(teacher, session, 'start');
      teacher = await instructorOf(session);
      expect(teacher.control!.status).toBe('running');
      expect(teacher.view!.paused).toBe(false);
      expect(teacher.control!.timer.running).toBe(true);
      expect((await refusal(teacher.instructor(session.secret, { kind: 'start' }))).message).toMatch(/already started/);
      expect((await refusal(teacher.instructor(session.secret, { kind: 'resume' }))).detail.refusal).toBe('not-paused');
      const started = clockOf(teacher);
      await until(() => clockOf(teacher) !== started, 'the slot timer to close a slot after the restart', SLOT_MS + 5_000);

      // Pause: paused with the time left, and the timer holds.
      await actThenCrash(teacher, session, 'pause');
      teacher = await instructorOf(session);
      expect(teacher.view!.paused).toBe(true);
      expect(teacher.control!.timer).toMatchObject({ running: false, deadline: null });
      expect(teacher.control!.timer.remainingMs).toBeGreaterThanOrEqual(0);
      expect(teacher.control!.timer.remainingMs).toBeLessThanOrEqual(SLOT_MS);
      expect((await refusal(teacher.instructor(session.secret, { kind: 'pause' }))).detail.refusal).toBe('already-so');
      expect((await refusal(teacher.instructor(session.secret, { kind: 'start' }))).message).toMatch(/already started/);
      const paused = clockOf(teacher);
      await new Promise((r) => setTimeout(r, SLOT_MS + 300));
      expect(clockOf(teacher)).toBe(paused);

      // Resume: running again, and the timer closes the slot with the time that was left.
      await actThenCrash(teacher, session, 'resume');
      teacher = await instructorOf(session);
      expect(teacher.view!.paused).toBe(false);
      expect(teacher.control!.timer.running).toBe(true);
      expect((await refusal(teacher.instructor(session.secret, { kind: 'resume' }))).detail.refusal).toBe('not-paused');
      const resumed = clockOf(teacher);
      await until(() => clockOf(teacher) !== resumed, 'the slot timer to close a slot after the resume', SLOT_MS + 5_000);
      expect(teacher.view!.closed).toBe(false);

      // End: ended, not resumed as a live session, and its replay ends with the adjourn.
      await actThenCrash(teacher, session, 'end');
      await expect(ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret })).rejects.toThrow(
        /no session has this join code/,
      );
      const res = await fetch(`${server.url}/api/sessions/${session.displayCode}/replay`, { headers: { Authorization: `Bearer ${session.secret}` } });
      expect(res.status).toBe(200);
      const replay = (await res.json()) as { commands: Command[] };
      expect(replay.commands.at(-1)!.type).toBe('adjourn');
      expect(replay.commands.filter((c) => c.type === 'advance-slot').length).toBeGreaterThanOrEqual(2);
    }
    expect(server.banner).toMatch(/ 0 live sessions resumed/);
  }, 90_000);
});
