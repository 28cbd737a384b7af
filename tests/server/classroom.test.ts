// The classroom server as students and an instructor meet it: a real server process, real WebSocket
// clients (colyseus.js), and the security rules tried from the wrong side.
import { Client } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReplay, readReplay } from '../../src/engine/replay.ts';
import { ClassroomConnection, ClassroomError, createSession } from '../../src/net/client.ts';
import { CODE_ALPHABET, ROOM_NAME, type CreatedSession } from '../../src/net/protocol.ts';
import { scenario } from '../helpers.ts';
import { shutDown, startServer, until, type RunningServer, refusal } from './harness.ts';

let server: RunningServer;
let session: CreatedSession;
let teacher: ClassroomConnection;
let ana: ClassroomConnection; // AR, the first free seat (the chair's seat is given last)
let ben: ClassroomConnection; // AU
let cleo: ClassroomConnection; // BR
const open: ClassroomConnection[] = [];

async function join(options: Parameters<typeof ClassroomConnection.join>[1]) {
  const c = await ClassroomConnection.join(server.url, options);
  open.push(c);
  return c;
}

/** The instructor's step, after the views of the last change have arrived. */
async function settled(): Promise<number> {
  await teacher.sync();
  return teacher.view!.step;
}

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, { scenario: 'new-delhi-fmm-2023', seed: 'class-1', minutesPerSlot: 0 });
  teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
  ana = await join({ as: 'student', code: session.displayCode, name: 'Ana' });
  ben = await join({ as: 'student', code: session.code.toLowerCase(), name: '  Ben  ' });
  cleo = await join({ as: 'student', code: session.code, name: 'Cleo' });
}, 60_000);

afterAll(() => shutDown(open, [server]), 30_000);

describe('creating and joining a session', () => {
  it('gives a join code of 50 random bits, an instructor secret, a student link and its QR code', async () => {
    expect(session.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{10}$`));
    expect(session.displayCode).toBe(`${session.code.slice(0, 5)}-${session.code.slice(5)}`);
    expect(session.secret.length).toBeGreaterThanOrEqual(40);
    expect(session.studentLink).toBe(`${server.url}/join/${session.displayCode}`);
    expect(session.qrSvg.startsWith('<svg')).toBe(true);
    expect(session.qrDataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const other = await createSession(server.url, { scenario: 'tutorial' });
    expect(other.code).not.toBe(session.code);
    expect(other.secret).not.toBe(session.secret);
  });

  it('refuses a bad session request with the field at fault', async () => {
    await expect(createSession(server.url, { scenario: 'atlantis' })).rejects.toThrow(/body\.scenario: unknown scenario "atlantis"/);
    await expect(createSession(server.url, { scenario: 'tutorial', minutesPerSlot: -1 })).rejects.toThrow(/body\.minutesPerSlot/);
  });

  it('gives each student a delegation in scenario order, keeping the chair for last, and tells the instructor who joined', async () => {
    expect([ana.seat, ben.seat, cleo.seat]).toEqual(['AR', 'AU', 'BR']);
    expect(ben.welcome.student!.name).toBe('Ben');
    expect(ana.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // A control update may fall between a student's registration and its connection: wait for all three connected.
    await until(() => teacher.control?.students.filter((s) => s.connected).length === 3, 'the control room to list three connected students');
    expect(teacher.control!.students.map((s) => [s.name, s.seat, s.connected])).toEqual([
      ['Ana', 'AR', true],
      ['Ben', 'AU', true],
      ['Cleo', 'BR', true],
    ]);
    // Students learn nothing of the scenario beyond the public record.
    expect(JSON.stringify(ana.welcome.scenario)).not.toMatch(/redLines|utilities|motivations/);
    expect(ana.welcome.scenario.events).toEqual([]);
    expect(teacher.welcome.scenario.events.length).toBeGreaterThan(0);
  });

  it('refuses a wrong join code, a wrong instructor secret and a bad name', async () => {
    const wrong = session.code.startsWith('0') ? `1${session.code.slice(1)}` : `0${session.code.slice(1)}`;
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: wrong, name: 'Eve' })).rejects.toThrow(/no session has this join code/);
    await expect(ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: 'x'.repeat(43) })).rejects.toThrow(
      /instructor secret is wrong/,
    );
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: '   ' })).rejects.toThrow(
      /options\.name: a display name is needed/,
    );
    await expect(ClassroomConnection.join(server.url, { as: 'student', code: 'ABC', name: 'Eve' })).rejects.toThrow(/"ABC" is not a join code/);
    // The server checks the code too, whoever the client is.
    const raw = new Client(server.url.replace('http', 'ws'));
    await expect(raw.joinById(ana.room.roomId, { as: 'student', code: 'ABC', name: 'Eve' })).rejects.toThrow(/options\.code: a join code is 10/);
    await expect(ClassroomConnection.join(server.url, { as: 'rejoin', code: session.code, token: 'y'.repeat(32) })).rejects.toThrow(
      /seat token is not known/,
    );
  });

  it('refuses a join by room id without the right code', async () => {
    const roomId = ana.room.roomId;
    const client = new Client(server.url.replace('http', 'ws'));
    const wrong = session.code.endsWith('0') ? `${session.code.slice(0, 9)}1` : `${session.code.slice(0, 9)}0`;
    await expect(client.joinById(roomId, { as: 'student', code: wrong, name: 'Eve' })).rejects.toThrow(/join code does not open this session/);
    // Students cannot create rooms: only POST /api/sessions does.
    await expect(client.create(ROOM_NAME, { as: 'student', code: session.code, name: 'Eve' })).rejects.toThrow();
  });
});

describe('playing', () => {
  it('seats the class while paused, refuses moves until the instructor starts, then runs', async () => {
    expect(teacher.view!.paused).toBe(true);
    // The seats are handed over in the lobby (logged assign-seat commands), so the class is seated before it starts.
    await until(() => teacher.control?.humanSeats.length === 3, 'the seats in the lobby');
    expect(teacher.control!.status).toBe('lobby');
    const early = await refusal(ana.command({ type: 'consult', actor: 'AR', target: 'RU', paragraph: 'ukraine-war' }));
    expect(early.code).toBe('refused');
    expect(early.detail.refusal).toBe("meeting-paused");
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => teacher.control?.status === 'running' && teacher.control.humanSeats.length === 3, 'the start');
    expect(teacher.control!.humanSeats).toEqual(['AR', 'AU', 'BR']);
    expect(teacher.view!.paused).toBe(false);
  });

  it('shows a student only its own positions, and another delegation\'s red lines only once consulted', async () => {
    expect(Object.keys(ana.view!.positions)).toEqual(['AR']);
    expect(Object.keys(ben.view!.positions)).toEqual(['AU']);
    await ana.command({ type: 'consult', actor: 'AR', target: 'RU', paragraph: 'ukraine-war' });
    await until(() => ana.view!.positions.RU !== undefined, 'Ana to learn Russia\'s position');
    expect(ana.view!.positions.RU!['ukraine-war']!.redLines).toEqual(['condemn-aggression', 'bali-formula']);
    expect(Object.keys(ana.view!.positions.RU!)).toEqual(['ukraine-war']);
    await settled();
    await ben.sync();
    // Ben never receives Russia's position, nor the words of Ana's private consultation.
    expect(Object.keys(ben.view!.positions)).toEqual(['AU']);
    const russia = scenario('new-delhi-fmm-2023').delegations.find((d) => d.id === 'RU')!.positions['ukraine-war']!;
    expect(JSON.stringify(ana.view)).toContain(russia.reason);
    expect(JSON.stringify(ben.view)).not.toContain(russia.reason);
    expect(ben.view!.transcript.some((e) => e.kind === 'consulted' && e.actor === 'AR' && e.target === 'RU')).toBe(false);
    expect(ana.view!.transcript.some((e) => e.kind === 'consulted' && e.actor === 'AR' && e.target === 'RU')).toBe(true);
    expect(Object.keys(teacher.view!.positions)).toHaveLength(20);
  });

  it('refuses a student acting for another seat or as the instructor, and changes nothing', async () => {
    const before = await settled();
    const asBen = await refusal(ana.command({ type: 'consult', actor: 'AU', target: 'RU', paragraph: 'ukraine-war' }));
    expect(asBen.code).toBe('not-your-seat');
    expect(asBen.message).toMatch(/you play AR/);
    const asInstructor = await refusal(ana.command({ type: 'pause', actor: 'INSTRUCTOR' }));
    expect(asInstructor.code).toBe('not-your-seat');
    const ownPause = await refusal(ana.command({ type: 'pause', actor: 'AR' }));
    expect(ownPause.code).toBe('forbidden');
    const withSecret = await refusal(ana.instructor(session.secret, { kind: 'pause' }));
    expect(withSecret.code).toBe('forbidden');
    const guessed = await refusal(ana.instructor('guess'.repeat(8), { kind: 'end' }));
    expect(guessed.code).toBe('forbidden');
    const replay = await refusal(ana.instructor(session.secret, { kind: 'replay' }));
    expect(replay.code).toBe('forbidden');
    expect(await settled()).toBe(before);
  });

  it('needs the instructor secret on every instructor action, even on the instructor\'s connection', async () => {
    const before = await settled();
    const wrong = await refusal(teacher.instructor('not-the-secret-at-all', { kind: 'pause' }));
    expect(wrong.code).toBe('forbidden');
    const command = await refusal(teacher.command({ type: 'consult', actor: 'AR', target: 'RU', paragraph: 'ukraine-war' }));
    expect(command.code).toBe('forbidden');
    expect(await settled()).toBe(before);
  });

  it('answers every malformed message with an error naming the place, and changes nothing', async () => {
    const before = await settled();
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['command', { command: { type: 'consult', actor: 'AR', target: 'RU', paragraph: 'x' } }, /^command\.expectedStep: /],
      ['command', { expectedStep: before, command: { type: 'bribe', actor: 'AR' } }, /^command\.command\.type: /],
      ['command', { expectedStep: before, command: { type: 'message', actor: 'AR', target: 'AU', text: 'x'.repeat(2001) } }, /^command\.command\.text: /],
      ['command', { expectedStep: before, command: { type: 'consult', actor: 'AR', target: 'RU', paragraph: 'x', extra: 1 } }, /^command\.command: .*extra/],
      ['instructor', { secret: session.secret, action: { kind: 'explode' } }, /^instructor\.action\.kind: /],
      ['telepathy', {}, /unknown message type "telepathy"; expected one of command, instructor, sync/],
    ];
    for (const [type, body, pattern] of cases) {
      const error = await refusal(ana.request(type, body));
      expect(error.message).toMatch(pattern);
      expect(['bad-message', 'unknown-message']).toContain(error.code);
    }
    // A message that is not even an object.
    const errors: string[] = [];
    const off = ana.on('error', (e) => errors.push(e.message));
    ana.room.send('command', 'not an object');
    await until(() => errors.length > 0, 'the error for a bare string');
    off();
    expect(errors[0]).toMatch(/^command: /);
    // The rules' own refusals arrive with their reason.
    const unknownParagraph = await refusal(ana.command({ type: 'consult', actor: 'AR', target: 'RU', paragraph: 'atlantis' }));
    expect(unknownParagraph.code).toBe('refused');
    expect(unknownParagraph.detail.refusal).toBe('unknown-paragraph');
    expect(await settled()).toBe(before);
  });

  it('refuses a stale command with an error the client receives', async () => {
    await ben.sync();
    const seen = ben.view!.step;
    const stale = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }, seen - 1));
    expect(stale.code).toBe('stale');
    expect(stale.message).toMatch(new RegExp(`your view is at step ${seen - 1} but the meeting changed at step ${seen}`));
    expect(stale.detail.step).toBe(seen);
    const ahead = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }, seen + 1000));
    expect(ahead.message).toMatch(/is ahead of the meeting/);
    expect(await settled()).toBe(seen);
  });

  it('does not count as stale a change the student could not see', async () => {
    await cleo.sync();
    const cleoSaw = cleo.view!.step;
    // Ana and Ben speak privately: the meeting moves on, Cleo's view does not change.
    await ana.command({ type: 'message', actor: 'AR', target: 'AU', text: 'Between us.' });
    expect(await settled()).toBe(cleoSaw + 1);
    const ack = await cleo.command({ type: 'message', actor: 'BR', target: 'AR', text: 'Hello Argentina.' }, cleoSaw);
    expect(ack.step).toBe(cleoSaw + 2);
  });

  it('delivers a private bilateral only to the two delegations and the instructor', async () => {
    await Promise.all([ana.sync(), ben.sync()]);
    const text = 'Could Australia live with the Bali formula if we drop the word "most"?';
    await ana.command({ type: 'message', actor: 'AR', target: 'AU', text });
    await until(() => ben.messages().some((m) => m.text.includes(text)), 'Ben to receive the bilateral');
    await until(() => teacher.messages().some((m) => m.text.includes(text)), 'the instructor to see the bilateral');
    await cleo.sync();
    expect(cleo.messages().some((m) => m.text.includes(text))).toBe(false);
    expect(JSON.stringify(cleo.view)).not.toContain('Bali formula if we drop');
    expect(teacher.messages().at(-1)).toMatchObject({ from: 'AR', to: 'AU' });
  });

  it('rate-limits a flood from one connection', async () => {
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => cleo.sync()));
    const limited = results.filter((r) => r.status === 'rejected' && (r.reason as ClassroomError).code === 'rate-limited');
    expect(limited.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(15);
  });

  it('returns a reloaded student to the same seat and state with its token', async () => {
    const step = await settled();
    const token = ana.token!;
    await ana.leave();
    await until(() => teacher.control!.students.find((s) => s.name === 'Ana')!.connected === false, 'Ana to show as gone');
    const again = await join({ as: 'rejoin', code: session.code, token });
    expect(again.seat).toBe('AR');
    expect(again.welcome.student!.name).toBe('Ana');
    expect(again.view!.step).toBe(step);
    expect(again.view!.positions.RU!['ukraine-war']).toBeDefined();
    expect(again.token).toBeUndefined();
    ana = again;
    await until(() => teacher.control!.students.find((s) => s.name === 'Ana')!.connected, 'Ana to show as back');
  });
});

describe('the instructor', () => {
  it('reassigns a seat, hands it to the AI and back, and gives a late student a free seat', async () => {
    await teacher.instructor(session.secret, { kind: 'seat', student: ana.welcome.student!.id, delegation: 'US' });
    await until(() => ana.seat === 'US' && Object.keys(ana.view!.positions).join() === 'US', 'Ana to move to the United States');
    await until(() => teacher.control!.humanSeats.join() === 'AU,BR,US', 'the seats to follow');
    await teacher.instructor(session.secret, { kind: 'seat-to-ai', delegation: 'US' });
    await until(() => ana.seat === null, 'Ana to lose her seat');
    expect(Object.keys(ana.view!.positions)).toEqual([]);
    await until(() => teacher.control!.humanSeats.join() === 'AU,BR', 'the AI to take the United States');
    await teacher.instructor(session.secret, { kind: 'seat', student: ana.welcome.student!.id, delegation: 'AR' });
    await until(() => ana.seat === 'AR' && teacher.control!.humanSeats.join() === 'AR,AU,BR', 'Ana back in Argentina');
    const dan = await join({ as: 'student', code: session.code, name: 'Dan' });
    expect(dan.seat).toBe('CA');
    const unknown = await refusal(teacher.instructor(session.secret, { kind: 'seat', student: 'nobody', delegation: 'FR' }));
    expect(unknown.code).toBe('not-found');
    expect(unknown.message).toMatch(/action\.student/);
  });

  it('pauses, resumes, advances the slot, injects events and ends, every one a command in the replay', async () => {
    const clockBefore = teacher.view!.clock;
    await teacher.instructor(session.secret, { kind: 'pause' });
    await until(() => ben.view!.paused, 'Ben to see the pause');
    const paused = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }));
    expect(paused.detail.refusal).toBe('meeting-paused');
    await teacher.instructor(session.secret, { kind: 'resume' });
    await teacher.instructor(session.secret, { kind: 'advance-slot' });
    await until(() => JSON.stringify(teacher.view!.clock) !== JSON.stringify(clockBefore), 'the clock to move');
    const deck = teacher.welcome.scenario.events.map((e) => e.id);
    const dealt = new Set(teacher.view!.transcript.flatMap((e) => (e.kind === 'event' ? [e.event] : [])));
    const undealt = deck.find((id) => !dealt.has(id));
    const fromDeck = await teacher.instructor(session.secret, { kind: 'inject-event', event: undealt! }).catch((e: ClassroomError) => e);
    if (fromDeck instanceof ClassroomError) expect(fromDeck.detail.refusal).toBe('already-so');
    await teacher.instructor(session.secret, { kind: 'inject-event', event: { title: 'Breaking', text: 'A ceasefire is rumoured.' } });
    await until(() => ben.view!.transcript.some((e) => e.kind === 'bulletin' && e.text === 'A ceasefire is rumoured.'), 'Ben to hear the news');

    const { replay } = await teacher.instructor(session.secret, { kind: 'replay' });
    const read = readReplay(replay);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const types = read.replay.commands.map((c) => c.type);
    for (const t of ['pause', 'resume', 'assign-seat', 'consult', 'message', 'advance-slot', 'inject-event']) expect(types).toContain(t);
    expect(read.replay.role).toBe('OBSERVER');
    const verified = verifyReplay(scenario('new-delhi-fmm-2023'), read.replay);
    expect(verified.ok).toBe(true);

    await teacher.instructor(session.secret, { kind: 'end' });
    await until(() => teacher.control?.status === 'ended' && teacher.view!.closed, 'the session to end');
    const closed = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }));
    expect(closed.detail.refusal).toBe('meeting-closed');
  });

  it('downloads the replay over HTTP with the secret only', async () => {
    const url = `${server.url}/api/sessions/${session.displayCode}/replay`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: 'Bearer wrong-secret' } })).status).toBe(403);
    const res = await fetch(url, { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(res.status).toBe(200);
    const read = readReplay(await res.json());
    expect(read.ok && read.replay.commands.at(-1)!.type).toBe('adjourn');
    expect(read.ok && verifyReplay(scenario('new-delhi-fmm-2023'), read.replay).ok).toBe(true);
  });

  it('lets the slot timer close slots with logged advance-slot commands', async () => {
    const timed = await createSession(server.url, { scenario: 'tutorial', seed: 't', minutesPerSlot: 0.01 });
    const lead = await join({ as: 'instructor', code: timed.code, secret: timed.secret });
    await lead.instructor(timed.secret, { kind: 'start' });
    await until(() => lead.view!.clock.session >= 1, 'the timer to close the first slot', 5_000);
    await until(() => lead.control!.timer.deadline !== null, 'the next slot\'s deadline');
    const { replay } = await lead.instructor(timed.secret, { kind: 'replay' });
    expect((replay as { commands: { type: string }[] }).commands.map((c) => c.type)).toContain('advance-slot');
  });
});
