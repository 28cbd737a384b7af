// The server's refusals as data: against a real server process, a refused join, a refused instructor
// action and a refused HTTP request each carry a catalogue key and parameters beside the English
// sentence, which is that key worded in English; in French the same problem reads in French. And every
// key the server and the client name is in the English catalogue (so in all eight: i18n.test.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, ClassroomError, ClassroomProblem, createSession, instructorInfo } from '../../src/net/client.ts';
import type { CreatedSession } from '../../src/net/protocol.ts';
import { loadTranslator, type Translator } from '../../src/i18n/index.ts';
import { ENGLISH } from '../../src/i18n/english.ts';
import { canWord, wordsIn } from '../../src/i18n/problem-words.ts';
import { shutDown, startServer, type RunningServer } from './harness.ts';

let server: RunningServer;
let session: CreatedSession;
let french: Translator;
const open: ClassroomConnection[] = [];

beforeAll(async () => {
  server = await startServer();
  session = await createSession(server.url, { scenario: 'tutorial', seed: 'problems-1', minutesPerSlot: 0 });
  open.push(await ClassroomConnection.join(server.url, { as: 'instructor', code: session.code, secret: session.secret }));
  open.push(await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ana' }));
  french = await loadTranslator('fr', ['classroom']);
}, 60_000);

afterAll(() => shutDown(open, [server]), 30_000);

async function refusal(attempt: Promise<unknown>): Promise<ClassroomProblem> {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClassroomProblem);
  return error as ClassroomProblem;
}

/** The problem's key worded in English is the sentence the server sent; in French it is French. */
function expectWorded(p: ClassroomProblem, key: string, fr: RegExp): void {
  expect(p.problem?.key).toBe(key);
  const params = p.problem!.params as Record<string, string | number> | undefined;
  expect(ENGLISH.t(p.problem!.key, params)).toBe(p.message);
  const words = french.t(p.problem!.key, params);
  expect(words).toMatch(fr);
  expect(words).not.toBe(p.message);
}

describe('problems the server sends as data', () => {
  it('a join refused at the door (a name already in the session): over the socket, split off by the client', async () => {
    const p = await refusal(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'ana' }));
    expect(p.message).toBe('a student named "Ana" is already in this session; add an initial or a surname to tell you apart');
    expect(p.problem?.params).toEqual({ name: 'Ana' });
    expectWorded(p, 'net.roster-taken', /^un élève nommé « Ana » est déjà dans cette session/);
  });

  it('a join with a code no session has: from the matchmaking answer', async () => {
    const p = await refusal(ClassroomConnection.join(server.url, { as: 'student', code: 'ZZZZZZZZZZ', name: 'Eve' }));
    expect(p.message).toBe('no session has this join code');
    expectWorded(p, 'net.no-such-code', /^aucune session n’a ce code$/);
  });

  it('an instructor action the session does not take, and a wrong secret over HTTP', async () => {
    const teacher = open[0]!;
    const p = await refusal(teacher.instructor(session.secret, { kind: 'pause' }));
    expect(p).toBeInstanceOf(ClassroomError);
    expectWorded(p, 'net.pause-lobby', /suspendue/);
    const wrong = await refusal(instructorInfo(server.url, session.code, 'x'.repeat(43)));
    expectWorded(wrong, 'net.wrong-secret', /^le secret d’animateur est faux$/);
    const body = await (await fetch(`${server.url}/api/sessions/${session.code}/instructor`)).json();
    expect(body).toEqual({ error: 'send the instructor secret as "Authorization: Bearer <secret>"', problem: { key: 'net.send-secret', params: { header: 'Authorization: Bearer <secret>' } } });
  });

  it('a malformed message (a student command whose step is a word): its field and what it should hold as words, in French too', async () => {
    const student = open[1]!;
    const p = await refusal(student.request('command', { expectedStep: 'soon', command: { type: 'end-slot', actor: 'US' } }));
    expect(p).toBeInstanceOf(ClassroomError);
    expect((p as ClassroomError).code).toBe('bad-message');
    expect(p.message).toBe('command.expectedStep: expected number, got string');
    expect(p.problem?.key).toBe('net.bad-field');
    expect(p.problem?.params?.where).toBe('command.expectedStep');
    // The page loads the game's words too (the field's expectation is worded there).
    const fr = await loadTranslator('fr', ['classroom', 'game']);
    const en = await loadTranslator('en', ['classroom', 'game']);
    expect(canWord(fr, p.problem!)).toBe(true);
    expect(wordsIn(en, p.problem!)).toBe(p.message);
    const words = wordsIn(fr, p.problem!);
    expect(words).toBe('command.expectedStep: attendu : nombre, reçu : chaîne');
    expect(words).not.toBe(p.message);
  });

  it('join options that are not a join (a student without a name): worded as data at the door', async () => {
    const p = await refusal(ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 7 } as never));
    expect(p.message).toMatch(/^join options: options\.name: /);
    expect(p.problem?.key).toBe('net.bad-join-options');
    const fr = await loadTranslator('fr', ['classroom', 'game']);
    const en = await loadTranslator('en', ['classroom', 'game']);
    expect(wordsIn(en, p.problem!)).toBe(p.message);
    expect(wordsIn(fr, p.problem!)).toMatch(/^options de connexion : options\.name: /);
  });

  it('names only keys the English catalogue has', () => {
    const files = [...readdirSync('server').filter((f) => f.endsWith('.ts')).map((f) => `server/${f}`), 'src/net/client.ts', 'src/ui/classroom/student.ts'];
    const keys = new Set<string>();
    for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/(?:worded\(|key: )'([a-z]+\.[a-z0-9.-]+)'/g)) keys.add(m[1]!);
    expect(keys.size).toBeGreaterThan(40);
    expect([...keys].filter((k) => !ENGLISH.has(k))).toEqual([]);
  });
});
