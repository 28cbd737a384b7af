// What a student receives is its seat's view and nothing more, tried as a hostile student would,
// against one real server process and real sockets: every byte a student socket receives is searched
// for other seats' hidden facts and for events still in the deck; a student seat's hidden facts are
// changed and what every other student receives is compared message for message; no command is taken
// on a student's behalf; a command after the end is answered "closed"; and a command resent under its
// idempotency key on a new connection, after its socket was killed, is applied once.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { Room } from 'colyseus.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/domain/commands.ts';
import type { Scenario } from '../../src/domain/scenario-schema.ts';
import { readReplay } from '../../src/engine/replay.ts';
import { ClassroomConnection, createSession } from '../../src/net/client.ts';
import type { CreatedSession } from '../../src/net/protocol.ts';
import { scenario as loadScenario } from '../helpers.ts';
import { refusal, shutDown, startServer, tempDir, until, type RunningServer } from './harness.ts';

// Every frame and every message each room receives, recorded before colyseus.js reads it.
const frames = new WeakMap<object, Buffer[]>();
const messages = new WeakMap<object, [string | number, unknown][]>();
const proto = Room.prototype as unknown as {
  onMessageCallback(this: object, event: { data: ArrayBuffer }): void;
  dispatchMessage(this: object, type: string | number, message: unknown): void;
};
const onFrame = proto.onMessageCallback;
proto.onMessageCallback = function (event) {
  if (!frames.has(this)) frames.set(this, []);
  frames.get(this)!.push(Buffer.from(event.data));
  return onFrame.call(this, event);
};
const onMessage = proto.dispatchMessage;
proto.dispatchMessage = function (type, message) {
  if (!messages.has(this)) messages.set(this, []);
  messages.get(this)!.push([type, message]);
  return onMessage.call(this, type, message);
};

const bytesOf = (c: ClassroomConnection) => Buffer.concat(frames.get(c.room) ?? []);
const received = (c: ClassroomConnection, text: string) => bytesOf(c).includes(Buffer.from(text, 'utf8'));

const ID = 'new-delhi-fmm-2023';
/** A copy of the scenario whose student seat AR and AI delegation SA hold other hidden facts (see the test). */
const HIDDEN = `${ID}-hidden`;

let server: RunningServer;
let scenariosDir: string;
const open: ClassroomConnection[] = [];
const full: Scenario = loadScenario(ID);

async function join(options: Parameters<typeof ClassroomConnection.join>[1]) {
  const c = await ClassroomConnection.join(server.url, options);
  open.push(c);
  return c;
}

/** The scenario with AR's motives, affinities, reasons and note changed, and SA's reasons and note. */
function withOtherHiddenFacts(s: Scenario): Scenario {
  const copy = structuredClone(s);
  copy.meta.id = HIDDEN;
  const ar = copy.delegations.find((d) => d.id === 'AR')!;
  ar.motivations = { principle: 3, interest: 97, reciprocity: 11, 'bloc-pressure': 89 };
  ar.affinities = Object.fromEntries(copy.delegations.filter((d) => d.id !== 'AR').map((d) => [d.id, -90]));
  ar.note = 'Altered: Argentina keeps a secret brief.';
  for (const p of Object.values(ar.positions)) p.reason = `Altered brief: ${p.reason}`;
  const sa = copy.delegations.find((d) => d.id === 'SA')!;
  sa.note = 'Altered: Riyadh has instructions nobody asked about.';
  for (const p of Object.values(sa.positions)) p.reason = `Riyadh, unasked: ${p.reason}`;
  return copy;
}

beforeAll(async () => {
  // The built-in scenarios and their texts, and the altered copy beside them.
  scenariosDir = tempDir('scenarios');
  cpSync('scenarios', scenariosDir, { recursive: true });
  writeFileSync(joinPath(scenariosDir, `${HIDDEN}.json`), JSON.stringify(withOtherHiddenFacts(full)));
  server = await startServer({ env: { CLASSROOM_SCENARIOS_DIR: scenariosDir } });
}, 60_000);

afterAll(() => shutDown(open, [server], [scenariosDir]), 30_000);

/** Texts of the scenario a seat must not receive: other delegations' reasons and notes, the events not dealt. */
function hiddenFrom(s: Scenario, seat: string, dealt: readonly string[]): string[] {
  const hidden = [
    ...s.delegations.filter((d) => d.id !== seat).flatMap((d) => [...Object.values(d.positions).map((p) => p.reason), ...(d.note ? [d.note] : [])]),
    ...s.events.filter((e) => !dealt.includes(e.id)).flatMap((e) => [e.title, e.text]),
  ];
  // Only what is hidden: a sentence that is also public (a paragraph's wording, the seat's own brief) is left out.
  const own = s.delegations.find((d) => d.id === seat)!;
  const open = JSON.stringify([s.meta, s.paragraphs, s.schedule, own, s.events.filter((e) => dealt.includes(e.id))]);
  return [...new Set(hidden)].filter((text) => !open.includes(JSON.stringify(text).slice(1, -1)));
}

async function settle(teacher: ClassroomConnection): Promise<void> {
  await teacher.sync();
}

describe("a student's scenario", () => {
  let session: CreatedSession;
  let teacher: ClassroomConnection;
  let ana: ClassroomConnection; // AR
  let ben: ClassroomConnection; // AU

  beforeAll(async () => {
    session = await createSession(server.url, { scenario: ID, seed: 'seat-view-1', minutesPerSlot: 0 });
    teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
    ana = await join({ as: 'student', code: session.code, name: 'Ana' });
    ben = await join({ as: 'student', code: session.code, name: 'Ben' });
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => ana.view?.paused === false && ben.view?.paused === false, 'the students to see the start');
  });

  it('is its seat\'s share only: its own brief, no other delegation\'s reasons, red lines or motives, no event still in the deck', async () => {
    const s = ana.scenario!;
    expect(s.meta.title).toBe(full.meta.title);
    expect(s.paragraphs.map((p) => p.id)).toEqual(full.paragraphs.map((p) => p.id));
    expect(s.delegations.find((d) => d.id === 'AR')).toEqual(full.delegations.find((d) => d.id === 'AR'));
    for (const d of s.delegations.filter((d) => d.id !== 'AR')) {
      expect(d.positions, d.id).toEqual({});
      expect(d.affinities, d.id).toEqual({});
      expect(Object.values(d.motivations), d.id).toEqual([50, 50, 50, 50]);
    }
    const dealt = teacher.view!.transcript.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
    expect(s.events.map((e) => e.id)).toEqual(dealt);
    expect(full.events.length).toBeGreaterThan(dealt.length + 3);
    // The bytes themselves: not one hidden sentence of the scenario's in anything the socket received.
    const hidden = hiddenFrom(full, 'AR', dealt);
    expect(hidden.length).toBeGreaterThan(150);
    expect(hidden.filter((text) => received(ana, text))).toEqual([]);
    expect(hiddenFrom(full, 'AU', dealt).filter((text) => received(ben, text))).toEqual([]);
  });

  it('grows with what the seat learns: a position it consulted, an event once it breaks', async () => {
    const russia = full.delegations.find((d) => d.id === 'RU')!.positions['ukraine-war']!;
    expect(received(ana, russia.reason)).toBe(false);
    await ana.command({ type: 'consult', actor: 'AR', target: 'RU', paragraph: 'ukraine-war' });
    await until(() => ana.scenario!.delegations.find((d) => d.id === 'RU')!.positions['ukraine-war'] !== undefined, "Russia's position in Ana's scenario");
    expect(Object.keys(ana.scenario!.delegations.find((d) => d.id === 'RU')!.positions)).toEqual(['ukraine-war']);
    expect(received(ana, russia.reason)).toBe(true);
    expect(received(ben, russia.reason)).toBe(false);

    const dealt = () => teacher.view!.transcript.flatMap((r) => (r.kind === 'event' ? [r.event] : []));
    const next = full.events.find((e) => !dealt().includes(e.id))!;
    expect(received(ana, next.text)).toBe(false);
    await teacher.instructor(session.secret, { kind: 'inject-event', event: next.id });
    await until(() => ana.scenario!.events.some((e) => e.id === next.id) && ben.scenario!.events.some((e) => e.id === next.id), 'the event in both scenarios');
    expect(ana.scenario!.events.find((e) => e.id === next.id)!.effects).toEqual([]);
    expect(received(ana, next.text)).toBe(true);
    await settle(teacher);
    const stillHidden = hiddenFrom(full, 'AR', dealt()).filter((text) => text !== russia.reason);
    expect(stillHidden.filter((text) => received(ana, text))).toEqual([]);
    expect(hiddenFrom(full, 'AU', dealt()).filter((text) => received(ben, text))).toEqual([]);
  });

  it("comes in the student's language, and the texts file's hidden sentences stay on the server", async () => {
    // The tutorial's texts translate every position's reason: the French ones of other seats are hidden too.
    const texts = JSON.parse(readFileSync('scenarios/texts/tutorial.fr.json', 'utf8')) as {
      meta: { title: string };
      delegations: Record<string, { positions?: Record<string, { reason?: string }> }>;
      events: Record<string, { text?: string }>;
    };
    const tutorial = await createSession(server.url, { scenario: 'tutorial', seed: 'seat-view-fr', minutesPerSlot: 0 });
    const chloe = await join({ as: 'student', code: tutorial.code, name: 'Chloé', lang: 'fr' });
    const seat = chloe.seat!;
    expect(chloe.scenario!.meta.title).toBe(texts.meta.title);
    const reasons = (id: string) => Object.values(texts.delegations[id]?.positions ?? {}).map((p) => p.reason!);
    const own = reasons(seat);
    expect(own.length).toBeGreaterThan(2);
    expect(own.filter((reason) => !received(chloe, reason))).toEqual([]);
    const others = Object.keys(texts.delegations).filter((id) => id !== seat).flatMap(reasons).filter((reason) => !own.includes(reason));
    const dealt = new Set(chloe.view!.transcript.flatMap((r) => (r.kind === 'event' ? [r.event] : [])));
    const deck = Object.entries(texts.events).flatMap(([id, e]) => (dealt.has(id) ? [] : [e.text!]));
    expect(deck.length).toBeGreaterThan(0);
    expect(others.length).toBeGreaterThan(8);
    expect([...others, ...deck].filter((text) => received(chloe, text))).toEqual([]);
  });

  it('answers a command that arrives after the end "closed", whatever view it was given on', async () => {
    const before = teacher.view!.step;
    await teacher.instructor(session.secret, { kind: 'end' });
    await until(() => teacher.view!.closed, 'the end');
    // Given on the view before the end (as a student whose closing view is still on its way would).
    const late = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }, before));
    expect(late.detail.refusal).toBe('meeting-closed');
    const ahead = await refusal(ben.command({ type: 'consult', actor: 'AU', target: 'CN', paragraph: 'ukraine-war' }, before + 1000));
    expect(ahead.detail.refusal).toBe('meeting-closed');
    await until(() => ben.view!.closed, 'Ben to see the end');
    const current = await refusal(ben.command({ type: 'end-slot', actor: 'AU' }));
    expect(current.detail.refusal).toBe('meeting-closed');
  });
});

/**
 * One session of the script both tests below play: three students on AR, AU and BR and the AI on the
 * other seventeen, the same commands in the same order, every slot closed by the instructor.
 */
async function playScript(scenarioId: string) {
  const session = await createSession(server.url, { scenario: scenarioId, seed: 'seat-view-script', minutesPerSlot: 0 });
  const teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
  const students = [];
  for (const name of ['Ana', 'Ben', 'Cleo']) students.push(await join({ as: 'student', code: session.code, name }));
  const [ana, ben, cleo] = students as [ClassroomConnection, ClassroomConnection, ClassroomConnection];
  expect([ana.seat, ben.seat, cleo.seat]).toEqual(['AR', 'AU', 'BR']);
  await teacher.instructor(session.secret, { kind: 'start' });
  await settle(teacher);
  const sent: Command[] = [];
  // Each command on the latest view, and the next one only once the instructor's view has it: the same
  // commands reach the server in the same order in both runs, whatever the sockets' timing.
  const give = async (c: ClassroomConnection, command: Command) => {
    const ack = await c.commandRetryingStale(command).catch(() => null);
    if (!ack) return;
    sent.push(command);
    await teacher.viewAt(ack.step);
  };
  for (let round = 0; round < 12 && !teacher.view!.closed; round++) {
    await give(ana, { type: 'consult', actor: 'AR', target: round % 2 ? 'RU' : 'CN', paragraph: 'ukraine-war' });
    await give(ben, { type: 'lobby', actor: 'AU', target: 'CN', paragraph: 'ukraine-war', approach: 'interest' });
    await give(cleo, { type: 'message', actor: 'BR', target: 'AR', text: `Round ${round}: shall we hold the Bali wording?` });
    const closed = await teacher.instructor(session.secret, { kind: 'advance-slot' }).catch(() => null);
    if (closed) await teacher.viewAt(closed.step);
  }
  const { replay } = await teacher.instructor(session.secret, { kind: 'replay' });
  const read = readReplay(replay);
  if (!read.ok) throw new Error(read.problem.message);
  await Promise.all([ben.sync(), cleo.sync()]);
  const ids = [session.sessionId, session.code, session.displayCode, scenarioId, ...students.flatMap((s) => [s.welcome.student!.id, s.token!])];
  return {
    ana,
    others: [ben, cleo].map((s) => messages.get(s.room) ?? []),
    sent,
    commands: read.replay.commands as Command[],
    transcript: teacher.view!.transcript,
    ids,
  };
}

describe("a student seat's hidden facts", () => {
  let original: Awaited<ReturnType<typeof playScript>>;

  it('change nothing any other student receives, message for message (the AI reasons only from what its seat knows)', async () => {
    original = await playScript(ID);
    const altered = await playScript(HIDDEN);
    const normal = (run: typeof original) =>
      run.others.map((list) =>
        // Everything the server sends of its own accord; the answers to a student's own requests (an ack,
        // a stale refusal retried) follow its socket's timing, not the meeting.
        list.filter(([type]) => type !== 'ack' && type !== 'error').map(([type, message]) => {
          let text = JSON.stringify([type, message]);
          // The session's own names (its ids, code, tokens, the scenario's file name) are all that may differ.
          run.ids.forEach((id, i) => (text = text.split(id).join(`<id ${i}>`)));
          return text;
        }),
      );
    const [a, b] = [normal(original), normal(altered)];
    // The script did play: slots closed by the AI's turns, commands from every student.
    expect(original.commands.length).toBeGreaterThan(200);
    expect(a[0]!.length).toBeGreaterThan(20);
    for (let who = 0; who < 2; who++) {
      expect(b[who]!.length).toBe(a[who]!.length);
      for (let i = 0; i < a[who]!.length; i++) expect(b[who]![i], `message ${i} to ${who === 0 ? 'Ben' : 'Cleo'}`).toBe(a[who]![i]);
    }
    // The altered facts were there, and reached the one student entitled to them.
    expect(received(altered.ana, 'Altered brief:')).toBe(true);
    expect(received(original.ana, 'Altered brief:')).toBe(false);
    expect(received(altered.ana, 'Riyadh, unasked')).toBe(false);
  });

  it('are never acted on for the student: every command of a student seat is one that student sent', async () => {
    const run = original;
    const seats = new Set(['AR', 'AU', 'BR']);
    const bySeats = run.commands.filter((c) => seats.has(c.actor));
    expect(bySeats).toEqual(run.sent);
    expect(run.sent.length).toBeGreaterThanOrEqual(18);
    // What the AI aims at a student's seat arrives as an offer the student answers, never as a done deal.
    const aimed = (kinds: string[]) =>
      run.transcript.filter((r) => kinds.includes(r.kind) && 'target' in r && seats.has(r.target) && 'actor' in r && !seats.has(r.actor));
    expect(aimed(['offer']).length).toBeGreaterThan(0);
    expect(aimed(['lobbied', 'linkage', 'broker'])).toEqual([]);
    expect(run.transcript.filter((r) => r.kind === 'offer-answered' && !r.lapsed)).toEqual([]);
  });
});

describe('a command resent under its idempotency key', () => {
  it('after its socket was killed, on a new connection, is applied once and answered as the first was', async () => {
    const session = await createSession(server.url, { scenario: 'tutorial', seed: 'keys-1', minutesPerSlot: 0 });
    const teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
    const ana = await join({ as: 'student', code: session.code, name: 'Ana' });
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => ana.view?.paused === false, 'the start');
    const seat = ana.seat!;
    const target = ana.scenario!.delegations.find((d) => d.id !== seat)!.id;
    const paragraph = ana.scenario!.paragraphs[0]!.id;
    const command: Command = { type: 'consult', actor: seat, target, paragraph };
    const consulted = () => teacher.view!.transcript.filter((r) => r.kind === 'consulted' && r.actor === seat).length;
    const step = ana.view!.step;
    const key = 'k-2f9c41d07a5e4b6f';

    // Sent, and the line cut at once (no close handshake): the answer never reaches this socket.
    const ws = (ana.room.connection.transport as unknown as { ws: { terminate(): void; send(data: unknown, cb: (e?: Error) => void): void } }).ws;
    const send = ws.send.bind(ws);
    await new Promise<void>((resolve, reject) => {
      // The frame handed to the kernel, then the socket destroyed.
      ws.send = (data, cb) => send(data, (e) => (cb?.(e), e ? reject(e) : resolve()));
      ana.room.send('command', { id: 'r1', expectedStep: step, command, key });
    });
    ws.terminate();
    // The server did apply it (the instructor sees every consultation): the resend below must not again.
    await until(() => consulted() === 1, 'the server to apply the command');
    const applied = teacher.view!.step;

    // The page comes back on its seat token and gives the command again, on the view it was given on.
    const again = await join({ as: 'rejoin', code: session.code, token: ana.token! });
    const ack = await again.command(command, step, key);
    expect(ack.step).toBe(applied);
    await settle(teacher);
    expect(consulted()).toBe(1);
    // Resent twice more at once: still one.
    const acks = await Promise.all([again.command(command, step, key), again.command(command, step, key)]);
    expect(acks.map((a) => a.step)).toEqual([applied, applied]);
    await settle(teacher);
    expect(consulted()).toBe(1);
    const { replay } = await teacher.instructor(session.secret, { kind: 'replay' });
    const commands = (replay as { commands: Command[] }).commands;
    expect(commands.filter((c) => JSON.stringify(c) === JSON.stringify(command))).toHaveLength(1);

    // The same key for another command is refused; a fresh key applies it.
    const other: Command = { type: 'consult', actor: seat, target, paragraph: ana.scenario!.paragraphs[1]!.id };
    const reused = await refusal(again.command(other, again.view!.step, key));
    expect(reused.code).toBe('bad-message');
    expect(reused.message).toMatch(/idempotency key "k-2f9c41d07a5e4b6f" was already used for another command/);
    await again.command(other, again.view!.step, 'k-9a0b1c2d3e4f5a6b');
    await settle(teacher);
    expect(consulted()).toBe(2);
  });
});

describe('undoing a walk-out', () => {
  it('the instructor readmits a delegation that walked out; a student cannot, and nobody can after the end', async () => {
    const session = await createSession(server.url, { scenario: 'tutorial', seed: 'readmit-1', minutesPerSlot: 0 });
    const teacher = await join({ as: 'instructor', code: session.code, secret: session.secret });
    const ana = await join({ as: 'student', code: session.code, name: 'Ana' });
    const ben = await join({ as: 'student', code: session.code, name: 'Ben' });
    await teacher.instructor(session.secret, { kind: 'start' });
    await until(() => ana.view?.paused === false, 'the start');
    const seat = ana.seat!;
    await ana.command({ type: 'walk-out', actor: seat });
    await until(() => ana.view!.walkedOut.includes(seat) && ben.view!.walkedOut.includes(seat), 'the walk-out seen');
    const target = ana.scenario!.delegations.find((d) => d.id !== seat)!.id;
    const consult: Command = { type: 'consult', actor: seat, target, paragraph: ana.scenario!.paragraphs[0]!.id };
    expect((await refusal(ana.command(consult))).detail.refusal).toBe('walked-out');

    // A student may not bring itself back: neither as a command nor as the instructor's action.
    expect((await refusal(ana.command({ type: 'readmit', actor: seat, delegation: seat } as Command))).code).toBe('forbidden');
    expect((await refusal(ana.instructor(session.secret, { kind: 'readmit', delegation: seat }))).code).toBe('forbidden');
    expect((await refusal(teacher.instructor(session.secret, { kind: 'readmit', delegation: ben.seat! }))).detail.refusal).toBe('already-so');
    expect((await refusal(teacher.instructor(session.secret, { kind: 'readmit', delegation: 'ZZ' }))).code).toBe('not-found');

    await teacher.instructor(session.secret, { kind: 'readmit', delegation: seat });
    await until(() => !ana.view!.walkedOut.includes(seat) && !ben.view!.walkedOut.includes(seat), 'the return seen by both');
    expect(ben.view!.transcript.some((r) => r.kind === 'readmitted' && r.actor === seat)).toBe(true);
    expect(ana.view!.minutesLeft).toBeGreaterThan(0);
    await ana.command(consult);

    await teacher.instructor(session.secret, { kind: 'end' });
    await until(() => teacher.view!.closed, 'the end');
    await ben.viewAt(teacher.view!.step);
    await ben.command({ type: 'walk-out', actor: ben.seat! }).catch(() => undefined);
    expect((await refusal(teacher.instructor(session.secret, { kind: 'readmit', delegation: ben.seat! }))).detail.refusal).toBe('meeting-closed');
  });
});
