// Evidence for grading from a real classroom: two students play, the instructor downloads the replay,
// and it carries the roster (names, seats, join times, the steps and times of their moves) beside the
// log — and still verifies with `communique replay`, the roster being outside the state hash.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReplay } from '../../src/engine/replay.ts';
import { ClassroomConnection, createSession } from '../../src/net/client.ts';
import type { CreatedSession } from '../../src/net/protocol.ts';
import { removeDir, startServer, until, type RunningServer } from './harness.ts';

let server: RunningServer;
let session: CreatedSession;
const open: ClassroomConnection[] = [];
const dir = mkdtempSync(join(tmpdir(), 'communique-evidence-'));

beforeAll(async () => {
  if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
  server = await startServer();
  session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: 'evidence-1', minutesPerSlot: 0 });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(open.map((c) => c.leave()));
  await server?.stop();
  if (server) removeDir(server.dataDir);
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('the classroom replay as evidence', () => {
  it('carries both students, their seats, join times and the steps of their moves, and still verifies', async () => {
    const before = Date.now();
    const teacher = await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret });
    const ana = await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ana' });
    const ben = await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ben' });
    open.push(teacher, ana, ben);
    expect([ana.seat, ben.seat]).toEqual(['AR', 'AU']);
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => ana.view?.paused === false && ben.view?.paused === false, 'both students to see the start');
    const paragraph = Object.keys(ana.view!.draft)[0]!;
    const steps: Record<string, number[]> = { Ana: [], Ben: [] };
    steps.Ana!.push((await ana.commandRetryingStale({ type: 'message', actor: 'AR', target: 'AU', text: 'a private word for Ben' }, 5)).step);
    steps.Ben!.push((await ben.commandRetryingStale({ type: 'consult', actor: 'AU', target: 'CN', paragraph }, 5)).step);
    steps.Ana!.push((await ana.commandRetryingStale({ type: 'message', actor: 'AR', target: 'CN', text: 'and one for China' }, 5)).step);
    await teacher.instructor(session.secret, { kind: 'end' });
    await until(() => teacher.control?.status === 'ended', 'the session to end');

    const res = await fetch(`${server.url}/api/sessions/${session.displayCode}/replay`, { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(res.status).toBe(200);
    const json = await res.json();
    const read = readReplay(json);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const { replay } = read;
    const roster = replay.roster!;
    expect(roster.through).toBe(replay.final.step);
    expect(roster.students.map((s) => s.name)).toEqual(['Ana', 'Ben']);
    for (const s of roster.students) {
      expect(Date.parse(s.joinedAt!)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(s.joinedAt!)).toBeLessThanOrEqual(Date.now());
      for (const m of s.moves) expect(Date.parse(m.at)).toBeGreaterThanOrEqual(Date.parse(s.joinedAt!));
    }
    const [a, b] = roster.students;
    expect(a!.seats).toEqual([{ seat: 'AR', from: expect.any(Number), to: null }]);
    expect(b!.seats).toEqual([{ seat: 'AU', from: expect.any(Number), to: null }]);
    // The acknowledgement's step is after the AI's closing turns; the move's step is the student's own command.
    expect(a!.moves.map((m) => replay.commands[m.step - 1]!)).toMatchObject([
      { type: 'message', actor: 'AR', target: 'AU' },
      { type: 'message', actor: 'AR', target: 'CN' },
    ]);
    expect(b!.moves.map((m) => replay.commands[m.step - 1]!)).toMatchObject([{ type: 'consult', actor: 'AU', target: 'CN', paragraph }]);
    a!.moves.forEach((m, i) => expect(m.step).toBeLessThanOrEqual(steps.Ana![i]!));
    b!.moves.forEach((m, i) => expect(m.step).toBeLessThanOrEqual(steps.Ben![i]!));

    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/communique.js', ...args], { encoding: 'utf8' });
    const file = join(dir, 'class.replay.json');
    writeFileSync(file, JSON.stringify(json));
    const verified = cli('replay', file);
    expect(verified.stderr).toBe('');
    expect(verified.status).toBe(0);
    expect(verified.stdout).toMatch(/verified/);

    const exported = cli('debrief', file, '--students', join(dir, 'csv'), '--strip-messages', '--out', join(dir, 'class.stripped.json'));
    expect(exported.status).toBe(0);
    const moves = readFileSync(join(dir, 'csv', 'class.moves.csv'), 'utf8').trim().split('\n');
    expect(moves.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['Ana,AR', 'Ben,AU', 'Ana,AR']);
    expect(moves[2]).toMatch(new RegExp(`^Ben,AU,\\d+,[^,]+,consult,${paragraph},CN,`));
    const stripped = readFileSync(join(dir, 'class.stripped.json'), 'utf8');
    expect(stripped).not.toContain('a private word for Ben');
    expect(stripped).toContain('"Ana"');
    expect(cli('replay', join(dir, 'class.stripped.json')).status).toBe(2);
  }, 60_000);
});
