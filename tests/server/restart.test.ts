// Killing the server mid-session (SIGKILL, no clean-up) and starting it again on the same store:
// every acknowledged command is still there, the state hash is the same, and students keep their seats;
// a session played over days (slots of two days) keeps its deadline, which its students are told.
import { afterAll, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.ts';
import { readReplay, verifyReplay, type ReplayFile } from '../../src/engine/replay.ts';
import { ClassroomConnection, ClassroomError, createSession } from '../../src/net/client.ts';
import { scenario } from '../helpers.ts';
import { freshDataDir, refusal, shutDown, startServer, until, type RunningServer } from './harness.ts';

const dataDir = await freshDataDir('restart');
const SNAPSHOTS = { CLASSROOM_SNAPSHOT_EVERY: '50' };
let server: RunningServer | undefined;
const open: ClassroomConnection[] = [];

afterAll(() => shutDown(open, [server], [dataDir]), 30_000);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Gives a command at a student's pace, taking a fresh view and trying again when another student's got in first. */
async function act(c: ClassroomConnection, command: Command): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    await pause(120);
    try {
      return (await c.command(command)).step;
    } catch (error) {
      if (!(error instanceof ClassroomError) || error.code !== 'stale' || attempt > 20) throw error;
      await c.sync();
    }
  }
}

async function replayOf(c: ClassroomConnection, secret: string): Promise<ReplayFile> {
  const read = readReplay((await c.instructor(secret, { kind: 'replay' })).replay);
  if (!read.ok) throw new Error(read.problem.message);
  return read.replay;
}

const lastHash = (r: ReplayFile) => r.final;

it('resumes a session killed mid-play with no acknowledged command lost and the same state hash', async () => {
  server = await startServer({ dataDir, env: SNAPSHOTS });
  const session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: 'restart', minutesPerSlot: 0 });
  const teacher = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
  const students = await Promise.all(
    ['Ana', 'Ben', 'Cleo', 'Dan'].map((name) => ClassroomConnection.join(server!.url, { as: 'student', code: session.code, name })),
  );
  open.push(teacher, ...students);
  await teacher.instructor(session.secret, { kind: 'start' });
  await until(() => students.every((s) => s.view!.step >= 6), 'the seats to be handed over');

  // Enough play to pass a snapshot (every 50 commands here), so the restart uses snapshot and log.
  const acked = new Map<number, Command>();
  const play = async (s: ClassroomConnection, rounds: number) => {
    for (let i = 0; i < rounds; i++) {
      const others = students.map((o) => o.seat!).filter((seat) => seat !== s.seat);
      const command: Command = { type: 'message', actor: s.seat!, target: others[i % others.length]!, text: `round ${i} from ${s.seat}` };
      acked.set(await act(s, command), command);
    }
  };
  await Promise.all(students.map((s) => play(s, 18)));
  const before = await replayOf(teacher, session.secret);
  expect(before.commands.length).toBeGreaterThan(70);

  // Beside it, a session played over days: two-day slots (at most fourteen days), the deadline told to its students.
  await expect(createSession(server.url, { scenario: 'tutorial', minutesPerSlot: 14 * 1440 + 1 })).rejects.toThrow(/body\.minutesPerSlot: expected at most 20160 minutes \(14 days\) a slot/);
  const slow = await createSession(server.url, { scenario: 'tutorial', seed: 'days', minutesPerSlot: 2 * 1440 });
  const slowTeacher = await ClassroomConnection.join(server.url, { as: 'instructor', code: slow.code, secret: slow.secret });
  const eve = await ClassroomConnection.join(server.url, { as: 'student', code: slow.code, name: 'Eve' });
  open.push(slowTeacher, eve);
  expect(eve.timer).toMatchObject({ running: false, deadline: null, minutesPerSlot: 2880 });
  await slowTeacher.instructor(slow.secret, { kind: 'start' });
  await until(() => eve.timer?.running === true, 'Eve to be told the slot deadline');
  const deadline = eve.timer!.deadline!;
  expect(Math.abs(deadline - (Date.now() + 2 * 86_400_000))).toBeLessThan(60_000);
  // Eve's bilateral, under its idempotency key: its answer is about to be lost with the server.
  const others = eve.scenario!.delegations.filter((d) => d.id !== eve.seat);
  const note: Command = { type: 'message', actor: eve.seat!, target: others[0]!.id, text: 'Shall we meet before the vote?' };
  const noteStep = eve.view!.step;
  const noted = await eve.command(note, noteStep, 'k-eve-note-0001');

  // A crash with nothing in flight: the restart holds exactly the same game.
  await server.kill();
  server = await startServer({ dataDir, env: SNAPSHOTS });
  expect(server.banner).toMatch(/2 live sessions resumed/);
  // Eve comes back days later, as it were, by her token: the same seat, the same deadline.
  const eveBack = await ClassroomConnection.join(server.url, { as: 'rejoin', code: slow.code, token: eve.token! });
  open.push(eveBack);
  expect(eveBack.seat).toBe(eve.seat);
  expect(eveBack.timer).toEqual({ running: true, deadline, remainingMs: null, minutesPerSlot: 2880 });
  // Her page gives the bilateral again under its key, on the view it was given on: answered, not applied twice.
  expect((await eveBack.command(note, noteStep, 'k-eve-note-0001')).step).toBe(noted.step);
  const slowTeacher2 = await ClassroomConnection.join(server.url, { as: 'instructor', code: slow.code, secret: slow.secret });
  open.push(eveBack, slowTeacher2);
  const sent = (await replayOf(slowTeacher2, slow.secret)).commands.filter((c) => c.type === 'message' && c.text === note.text);
  expect(sent).toHaveLength(1);
  expect((await refusal(eveBack.command({ ...note, text: 'another' }, eveBack.view!.step, 'k-eve-note-0001'))).code).toBe('bad-message');
  const teacher2 = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
  open.push(teacher2);
  const after = await replayOf(teacher2, session.secret);
  expect(after.commands).toEqual(before.commands);
  expect(lastHash(after)).toEqual(lastHash(before));

  // Students come back with their tokens to the same seats, and play on.
  const back = await Promise.all(students.map((s) => ClassroomConnection.join(server!.url, { as: 'rejoin', code: session.code, token: s.token! })));
  open.push(...back);
  expect(back.map((s) => s.seat)).toEqual(students.map((s) => s.seat));
  expect(back[0]!.view!.step).toBe(before.commands.length);

  // A crash with commands in flight: every acknowledged one survives, at its step.
  const inFlight = back.map(async (s) => {
    for (let i = 0; i < 50; i++) {
      const command: Command = { type: 'message', actor: s.seat!, target: back.find((o) => o !== s)!.seat!, text: `burst ${i}` };
      try {
        acked.set(await act(s, command), command);
      } catch {
        return; // the connection died with the server
      }
    }
  });
  const ackedBefore = acked.size;
  await until(() => acked.size >= ackedBefore + 40, 'some of the burst to be acknowledged');
  await server.kill();
  await Promise.all(inFlight);
  server = await startServer({ dataDir, env: SNAPSHOTS });
  const teacher3 = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
  open.push(teacher3);
  const final = await replayOf(teacher3, session.secret);
  for (const [step, command] of acked) expect(final.commands[step - 1]).toEqual(command);
  const verified = verifyReplay(scenario('new-delhi-fmm-2023'), final);
  expect(verified.ok).toBe(true);
  if (verified.ok) expect(verified.meeting.stateHash()).toBe(lastHash(final).stateHash);
}, 120_000);
