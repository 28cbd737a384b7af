// A student's view kept up by deltas — the changed rows of the stance table and draft, the transcript
// appended — is the view the server holds: after students' lobbying, bridging text and the AI seats'
// closing turns, every client's tables equal those of a full view asked for afresh, over real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, createSession } from '../../src/net/client.ts';
import type { CreatedSession } from '../../src/net/protocol.ts';
import { removeDir, startServer, until, type RunningServer } from './harness.ts';

let server: RunningServer;
let session: CreatedSession;
const open: ClassroomConnection[] = [];

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: 'rows-1', minutesPerSlot: 0 });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.leave()));
  await server?.stop();
  if (server) removeDir(server.dataDir);
}, 30_000);

const tables = (c: ClassroomConnection) => JSON.stringify({ stances: c.view!.stances, draft: c.view!.draft, transcript: c.view!.transcript.length });

describe('views kept up by changed rows', () => {
  it('hold the same stance table and draft as a full view, after students, the chair and the AI have moved', async () => {
    const teacher = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
    const ana = await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ana' });
    const ben = await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ben' });
    open.push(teacher, ana, ben);
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => ana.view?.paused === false && ben.view?.paused === false, 'both students to see the start');
    const opening = JSON.stringify(ana.view!.stances);
    // Past the dinner (talk only) into the working sessions, with the AI seats' closing turns between.
    for (let i = 0; i < 2; i++) await teacher.instructor(session.secret, { kind: 'advance-slot' });
    const paragraphs = Object.keys(ana.view!.draft);
    for (const [k, paragraph] of paragraphs.slice(0, 6).entries()) {
      await ana.commandRetryingStale({ type: 'lobby', actor: ana.seat!, target: 'CN', paragraph, approach: 'interest' }, 5).catch(() => null);
      await ben.commandRetryingStale({ type: 'consult', actor: ben.seat!, target: 'RU', paragraph }, 5).catch(() => null);
      if (k % 2 === 1) await teacher.instructor(session.secret, { kind: 'advance-slot' });
    }
    const step = teacher.view!.step;
    await until(() => ana.view!.step >= step && ben.view!.step >= step, 'every view to reach the last step');
    // The game moved the tables: these are deltas' work, not the opening's full view.
    expect(JSON.stringify(ana.view!.stances)).not.toBe(opening);
    const held = { ana: tables(ana), ben: tables(ben), teacher: JSON.stringify({ stances: teacher.view!.stances, draft: teacher.view!.draft }) };
    // A fresh connection's full view, and each client's own full view asked for again.
    const fresh = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
    open.push(fresh);
    expect(held.teacher).toBe(JSON.stringify({ stances: fresh.view!.stances, draft: fresh.view!.draft }));
    for (const c of [ana, ben]) {
      const before = tables(c);
      await c.sync();
      await until(() => c.view!.step >= step, 'the full view');
      expect(before).toBe(tables(c));
      expect(JSON.stringify({ stances: c.view!.stances, draft: c.view!.draft })).toBe(JSON.stringify({ stances: fresh.view!.stances, draft: fresh.view!.draft }));
    }
  });
});
