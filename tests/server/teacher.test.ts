// The teacher's tools (Classroom v2) against a real server process, tried from the hostile side too:
// reopening the control room with the secret alone, kicking, renaming, revoking a seat token, locking
// the roster, the projector's public-only view, giving a slot five more real minutes, and teams of
// students sharing a delegation (one holds the pen), and several tables of one class.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, ClassroomError, createSession, instructorInfo } from '../../src/net/client.ts';
import type { Command } from '../../src/domain/commands.ts';
import type { CreatedSession, TablesInfo } from '../../src/net/protocol.ts';
import { refusal, shutDown, startServer, until, type RunningServer } from './harness.ts';

let server: RunningServer;
let session: CreatedSession;
let teacher: ClassroomConnection;
const open: ClassroomConnection[] = [];
/** Ana's token, stolen and then revoked: it must stay dead, a restart included. */
let stolenToken = '';

async function join(options: Parameters<typeof ClassroomConnection.join>[1]) {
  const c = await ClassroomConnection.join(server.url, options);
  open.push(c);
  return c;
}

function closedWithin(c: ClassroomConnection, ms = 5000): Promise<void> {
  return until(() => c.closed, 'the connection to be closed', ms);
}

const student = (name: string) => teacher.control?.students.find((s) => s.name === name);

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: 'teacher-1', minutesPerSlot: 10 });
  teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
}, 60_000);

afterAll(() => shutDown(open, [server]), 30_000);

describe('reopening the control room', () => {
  it('the code and secret alone give back the student link and its QR code; a wrong secret gets nothing', async () => {
    const info = await instructorInfo(server.url, session.displayCode, session.secret);
    expect(info).toMatchObject({ code: session.code, displayCode: session.displayCode, studentLink: session.studentLink, scenario: 'new-delhi-fmm-2023', status: 'lobby' });
    expect(info.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(info.qrSvg.startsWith('<svg')).toBe(true);
    await expect(instructorInfo(server.url, session.code, 'x'.repeat(43))).rejects.toThrow(/secret is wrong/);
    const res = await fetch(`${server.url}/api/sessions/${session.code}/instructor`);
    expect(res.status).toBe(401);
    // A second instructor connection (another tab or device) has the controls too.
    const again = await join({ as: 'instructor', code: session.code, secret: session.secret });
    await until(() => again.control !== null, 'the second control room');
    await again.leave();
  });

  it('the instructor link and the projector address redirect to the page, keeping nothing secret in the request', async () => {
    // Without a built game the server answers 404 for these pages; with one it redirects. Either way no secret is asked for.
    const res = await fetch(`${server.url}/projector/${session.displayCode}`, { redirect: 'manual' });
    expect([302, 404]).toContain(res.status);
    if (res.status === 302) expect(res.headers.get('location')).toBe(`/?projector=${session.displayCode}`);
  });
});

describe('the roster', () => {
  it('a kicked student is disconnected at once, its token is dead, its seat goes back to the AI, and its name cannot join again', async () => {
    const mallory = await join({ as: 'student', code: session.code, name: 'Mallory' });
    const token = mallory.token!;
    await until(() => student('Mallory')?.connected === true, 'Mallory in the control room');
    const seat = mallory.seat!;
    expect(seat).toBeTruthy();
    await teacher.instructor(session.secret, { kind: 'kick', student: student('Mallory')!.id });
    await closedWithin(mallory);
    expect(mallory.closeReason).toMatch(/removed/);
    await expect(ClassroomConnection.join(server.url, { as: 'rejoin', code: session.code, token })).rejects.toThrow(/seat token is not known/);
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'mallory' })).rejects.toThrow(/removed from this session/);
    await until(() => student('Mallory')?.token === 'kicked' && student('Mallory')?.seat === null, 'Mallory listed as kicked, without a seat');
    expect(teacher.control!.humanSeats).not.toContain(seat);
  });

  it('a revoked token stops working at once (the thief is disconnected); the student joins again by name and gets the seat back', async () => {
    const ana = await join({ as: 'student', code: session.code, name: 'Ana' });
    const stolen = ana.token!;
    stolenToken = stolen;
    const thief = await join({ as: 'rejoin', code: session.code, token: stolen });
    expect(thief.seat).toBe(ana.seat);
    await until(() => student('Ana')?.connected === true, 'Ana connected');
    await teacher.instructor(session.secret, { kind: 'revoke-token', student: student('Ana')!.id });
    await closedWithin(thief);
    await closedWithin(ana);
    expect(thief.closeReason).toMatch(/revoked/);
    await expect(ClassroomConnection.join(server.url, { as: 'rejoin', code: session.code, token: stolen })).rejects.toThrow(/seat token is not known/);
    // The thief's own (dead) connection cannot send anything either.
    await expect(thief.command({ type: 'pass', actor: thief.seat! } as never)).rejects.toThrow(/closed/);
    const back = await join({ as: 'student', code: session.code, name: 'Ana' });
    expect(back.seat).toBe(ana.seat);
    expect(back.welcome.student!.id).toBe(ana.welcome.student!.id);
    expect(back.token).not.toBe(stolen);
    await expect(ClassroomConnection.join(server.url, { as: 'rejoin', code: session.code, token: stolen })).rejects.toThrow(/seat token is not known/);
    const rejoined = await join({ as: 'rejoin', code: session.code, token: back.token! });
    expect(rejoined.seat).toBe(ana.seat);
  });

  it('a rename reaches the student and the control room; a name already taken is refused', async () => {
    const ben = await join({ as: 'student', code: session.code, name: 'Ben' });
    await until(() => student('Ben') !== undefined, 'Ben listed');
    const id = student('Ben')!.id;
    const renamed = new Promise<string>((resolve) => ben.on('renamed', resolve));
    await teacher.instructor(session.secret, { kind: 'rename', student: id, name: 'Benjamin K.' });
    expect(await renamed).toBe('Benjamin K.');
    await until(() => teacher.control?.students.find((s) => s.id === id)?.name === 'Benjamin K.', 'the new name in the control room');
    const taken = await teacher.instructor(session.secret, { kind: 'rename', student: id, name: 'ana' }).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(ClassroomError);
    expect((taken as ClassroomError).message).toMatch(/already in this session/);
    const hidden = await teacher.request('instructor', { secret: session.secret, action: { kind: 'rename', student: id, name: 'Ben\u202Eevil' } }).catch((e: unknown) => e);
    expect((hidden as ClassroomError).code).toBe('bad-message');
  });

  it('a student cannot use the instructor tools, even with a forged message', async () => {
    const eve = await join({ as: 'student', code: session.code, name: 'Eve' });
    const error = await eve.instructor(session.secret, { kind: 'lock-roster', locked: true }).catch((e: unknown) => e);
    expect((error as ClassroomError).code).toBe('forbidden');
    expect(teacher.control!.rosterLocked).toBe(false);
  });

  it('a locked roster refuses a new name with a clear message, while seat tokens still rejoin; unlocked, names join again', async () => {
    const cleo = await join({ as: 'student', code: session.code, name: 'Cleo' });
    await teacher.instructor(session.secret, { kind: 'lock-roster', locked: true });
    await until(() => teacher.control?.rosterLocked === true, 'the roster shown locked');
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Dan' })).rejects.toThrow(/locked the roster: no new names can join/);
    await cleo.leave();
    const again = await join({ as: 'rejoin', code: session.code, token: cleo.token! });
    expect(again.seat).toBe(cleo.seat);
    await teacher.instructor(session.secret, { kind: 'lock-roster', locked: false });
    const dan = await join({ as: 'student', code: session.code, name: 'Dan' });
    expect(dan.welcome.student!.name).toBe('Dan');
  });
});

describe('the projector', () => {
  it('needs the instructor secret', async () => {
    await expect(ClassroomConnection.join(server.url, { as: 'projector', code: session.code, secret: 'y'.repeat(43) })).rejects.toThrow(/secret is wrong/);
  });

  it('gets the public room only: no private bilaterals, no positions, no student names, and cannot act', async () => {
    await teacher.instructor(session.secret, { kind: 'start' });
    const a = await join({ as: 'student', code: session.code, name: 'Fay' });
    const b = await join({ as: 'student', code: session.code, name: 'Gus' });
    const projector = await join({ as: 'projector', code: session.code, secret: session.secret });
    expect(projector.welcome.role).toBe('projector');
    expect(projector.welcome.student).toBeUndefined();
    expect(projector.welcome.scenario.events).toEqual([]);
    await until(() => teacher.control?.humanSeats.includes(b.seat!) === true, 'Gus seated');
    await a.viewAt(0);
    await a.commandRetryingStale({ type: 'message', actor: a.seat!, target: b.seat!, text: 'A secret between us' });
    await until(() => teacher.messages().some((m) => m.text === 'A secret between us'), 'the bilateral at the instructor');
    await projector.sync();
    const view = projector.view!;
    expect(view.viewer).toBe('OBSERVER');
    expect(view.seat).toBeNull();
    expect(view.positions).toEqual({});
    expect(projector.messages()).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('A secret between us');
    expect(JSON.stringify(view)).not.toMatch(/redLine|red_line|walkAway/i);
    await until(() => projector.board !== null, 'the board');
    const board = projector.board!;
    expect(Object.keys(board).sort()).toEqual(['clock', 'heatMap', 'status', 'students', 'timer']);
    expect(board.timer.minutesPerSlot).toBe(10);
    expect(JSON.stringify(board)).not.toContain('Fay');
    expect(projector.control).toBeNull();
    const acted = await projector.instructor(session.secret, { kind: 'pause' }).catch((e: unknown) => e);
    expect((acted as ClassroomError).code).toBe('forbidden');
    const commanded = await projector.command({ type: 'message', actor: a.seat!, target: b.seat!, text: 'forged' }).catch((e: unknown) => e);
    expect((commanded as ClassroomError).code).toBe('forbidden');
  });
});

describe('more time on the slot (WCAG 2.2.1)', () => {
  it('"add 5 minutes" moves the running deadline five minutes later, and the paused time left too', async () => {
    await until(() => teacher.control?.timer.deadline !== null && teacher.control?.status === 'running', 'a running slot timer');
    const before = teacher.control!.timer.deadline!;
    await teacher.instructor(session.secret, { kind: 'extend-timer', minutes: 5 });
    await until(() => (teacher.control?.timer.deadline ?? 0) >= before + 5 * 60_000, 'the deadline five minutes later');
    expect(teacher.control!.timer.deadline! - before).toBeLessThan(5 * 60_000 + 2_000);
    expect(teacher.control!.timer.running).toBe(true);
    await teacher.instructor(session.secret, { kind: 'pause' });
    await until(() => teacher.control?.timer.remainingMs !== null && teacher.control?.timer.deadline === null, 'the timer stopped');
    const left = teacher.control!.timer.remainingMs!;
    expect(left).toBeGreaterThan(14 * 60_000);
    await teacher.instructor(session.secret, { kind: 'extend-timer', minutes: 5 });
    await until(() => (teacher.control?.timer.remainingMs ?? 0) >= left + 5 * 60_000, 'five more minutes while paused');
    await teacher.instructor(session.secret, { kind: 'resume' });
    await until(() => (teacher.control?.timer.deadline ?? 0) - Date.now() > left + 4.9 * 60_000, 'the extended time kept on resume');
  });

  it('survives a restart: the extended deadline is stored', async () => {
    const deadline = teacher.control!.timer.deadline!;
    await Promise.allSettled(open.map((c) => c.leave()));
    await server.stop();
    server = await startServer({ dataDir: server.dataDir });
    teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
    await until(() => teacher.control !== null, 'the control room after the restart');
    expect(Math.abs(teacher.control!.timer.deadline! - deadline)).toBeLessThan(1000);
    expect(teacher.control!.students.find((s) => s.name === 'Mallory')?.token).toBe('kicked');
    await expect(ClassroomConnection.join(server.url, { as: 'rejoin', code: session.code, token: stolenToken })).rejects.toThrow(/seat token is not known/);
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Mallory' })).rejects.toThrow(/removed/);
  }, 60_000);

  it('is refused without a slot timer', async () => {
    const untimed = await createSession(server.url, { scenario: 'tutorial', minutesPerSlot: 0 });
    const t = await join({ as: 'instructor', code: untimed.code, secret: untimed.secret });
    await t.instructor(untimed.secret, { kind: 'start' });
    await expect(t.instructor(untimed.secret, { kind: 'extend-timer', minutes: 5 })).rejects.toThrow(/no slot timer/);
  });
});

describe('teams of students per delegation', () => {
  it('fill every delegation once, then again; only the pen holder gives the commands, the others advise, and the instructor passes the pen', async () => {
    await expect(createSession(server.url, { scenario: 'tutorial', teamSize: 5 })).rejects.toThrow(/body\.teamSize/);
    const s = await createSession(server.url, { scenario: 'tutorial', seed: 'teams-1', minutesPerSlot: 0, teamSize: 2 });
    const lead = await join({ as: 'instructor', code: s.code, secret: s.secret });
    const team: ClassroomConnection[] = [];
    for (const name of ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Fa', 'Gil', 'Hu', 'Ivo']) team.push(await join({ as: 'student', code: s.code, name }));
    // Four delegations, the chair (SOL) last: one student each, then a second each, then nobody.
    expect(team.map((c) => c.seat)).toEqual(['NOR', 'EAS', 'WES', 'SOL', 'NOR', 'EAS', 'WES', 'SOL', null]);
    const [ada, , , , ed] = team as [ClassroomConnection, ClassroomConnection, ClassroomConnection, ClassroomConnection, ClassroomConnection];
    await until(() => ada.team?.members.length === 2, 'Ada to hear Ed joined her team');
    expect(ada.team).toEqual({ pen: true, holder: 'Ada', members: ['Ada', 'Ed'] });
    expect(ed.team).toEqual({ pen: false, holder: 'Ada', members: ['Ada', 'Ed'] });
    await lead.instructor(s.secret, { kind: 'start' });
    await until(() => ed.view?.paused === false && ada.view?.paused === false, 'the start');

    const consult = (p: string): Command => ({ type: 'consult', actor: 'NOR', target: 'EAS', paragraph: p });
    const advised = await refusal(ed.command(consult('fisheries')));
    expect(advised.code).toBe('not-the-pen');
    expect(advised.message).toMatch(/Ada holds the pen for NOR/);
    // A bilateral is the delegation's too.
    expect((await refusal(ed.command({ type: 'message', actor: 'NOR', target: 'EAS', text: 'psst' }))).code).toBe('not-the-pen');
    // Ed cannot take the pen himself, not even with a forged instructor message.
    expect((await refusal(ed.instructor(s.secret, { kind: 'pen', student: ed.welcome.student!.id }))).code).toBe('forbidden');

    // What the pen holder learns, the whole team sees.
    await ada.command(consult('fisheries'));
    await until(() => ed.view!.positions.EAS?.fisheries !== undefined, 'Ed to see what Ada learnt');
    expect(ed.scenario!.delegations.find((d) => d.id === 'EAS')!.positions.fisheries).toBeDefined();
    expect(team[1]!.view!.positions.NOR?.fisheries).toBeUndefined();

    await lead.instructor(s.secret, { kind: 'pen', student: ed.welcome.student!.id });
    await until(() => ed.team?.pen === true && ada.team?.pen === false, 'the pen to pass to Ed');
    expect(ada.team!.holder).toBe('Ed');
    // The control room's roster comes by its own message: until it arrives, Ed may not be on it yet.
    await until(() => lead.control?.students.find((x) => x.name === 'Ed')?.pen === true, 'the control room to show it');
    expect(lead.control!.students.find((x) => x.name === 'Ada')!.pen).toBe(false);
    expect((await refusal(ada.command(consult('climate-fund')))).code).toBe('not-the-pen');
    await ed.commandRetryingStale(consult('climate-fund'));
    const { replay } = await lead.instructor(s.secret, { kind: 'replay' });
    const consults = (replay as { commands: Command[] }).commands.filter((c) => c.type === 'consult' && c.actor === 'NOR');
    expect(consults.map((c) => (c as Extract<Command, { type: 'consult' }>).paragraph)).toEqual(['fisheries', 'climate-fund']);
  });
});

describe('several tables in one class', () => {
  it('one class code spreads the students over parallel tables of the same seed, each with its own control room, compared side by side', async () => {
    const c = await createSession(server.url, { scenario: 'tutorial', seed: 'class-tables', minutesPerSlot: 0, tables: 3 });
    const tables = c.tables!;
    expect(tables.map((t) => t.table)).toEqual([1, 2, 3]);
    expect(new Set([c.code, ...tables.map((t) => t.code)]).size).toBe(4);
    expect(c.studentLink).toBe(`${server.url}/join/${c.displayCode}`);

    // Six students type the class code: each is seated at the table with the fewest.
    const pupils: ClassroomConnection[] = [];
    for (const name of ['Abe', 'Bea', 'Cal', 'Dot', 'Eli', 'Fay']) pupils.push(await join({ as: 'student', code: c.displayCode, name }));
    expect(pupils.map((p) => tables.findIndex((t) => t.code === p.welcome.code) + 1)).toEqual([1, 2, 3, 1, 2, 3]);
    // Each table seats its own: the first two at a table take its first two delegations.
    expect(pupils.map((p) => p.seat)).toEqual(['NOR', 'NOR', 'NOR', 'EAS', 'EAS', 'EAS']);
    // A seat token is its table's: it rejoins there, with the table's code.
    const back = await join({ as: 'rejoin', code: pupils[4]!.welcome.code, token: pupils[4]!.token! });
    expect(back.welcome.student!.name).toBe('Eli');

    // The class code opens the first table's control room; each table's code its own. The secret is the class's.
    const first = await join({ as: 'instructor', code: c.code, secret: c.secret });
    expect(first.welcome.code).toBe(tables[0]!.code);
    const second = await join({ as: 'instructor', code: tables[1]!.code, secret: c.secret });
    expect(second.welcome.code).toBe(tables[1]!.code);
    await expect(join({ as: 'instructor', code: c.code, secret: 'x'.repeat(40) })).rejects.toThrow(/secret is wrong/);
    expect((await instructorInfo(server.url, c.code, c.secret)).code).toBe(c.code);

    // The same seed at every table: the same opening.
    const third = await join({ as: 'instructor', code: tables[2]!.code, secret: c.secret });
    expect(JSON.stringify(third.view!.draft)).toBe(JSON.stringify(first.view!.draft));

    // Table 1 plays and ends; the comparison shows each table as it stands.
    await first.instructor(c.secret, { kind: 'start' });
    await until(() => pupils[0]!.view?.paused === false, 'table 1 to start');
    await pupils[0]!.command({ type: 'consult', actor: 'NOR', target: 'EAS', paragraph: 'fisheries' });
    await first.instructor(c.secret, { kind: 'end' });
    const url = `${server.url}/api/sessions/${c.displayCode}/tables`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${'y'.repeat(40)}` } })).status).toBe(403);
    const info = (await (await fetch(url, { headers: { Authorization: `Bearer ${c.secret}` } })).json()) as TablesInfo;
    expect(info.tables.map((t) => [t.table, t.code, t.status, t.students])).toEqual([
      [1, tables[0]!.code, 'ended', 2],
      [2, tables[1]!.code, 'lobby', 2],
      [3, tables[2]!.code, 'lobby', 2],
    ]);
    expect(info.tables[0]!.step).toBeGreaterThan(info.tables[1]!.step);
    expect(info.tables.every((t) => t.paragraphs === 3 && typeof t.kind === 'string' && t.agreedShare >= 0)).toBe(true);
    // A table's own code shows the whole class too.
    const viaTable = (await (await fetch(`${server.url}/api/sessions/${tables[2]!.code}/tables`, { headers: { Authorization: `Bearer ${c.secret}` } })).json()) as TablesInfo;
    expect(viaTable.tables.map((t) => t.code)).toEqual(tables.map((t) => t.code));
  });
});
