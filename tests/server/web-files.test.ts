// The classroom server serves the built game (dist/web) but no scenario data, tried from a student's
// side against a real server process: every file of the build fetched anonymously, none carrying a red
// line, a utility or an event still in the deck; the scenario list with titles and nothing else; and a
// session's scenario only with the instructor secret — whole for the control room, public for the projector.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassroomConnection, createSession, scenarioList, sessionScenario } from '../../src/net/client.ts';
import type { Scenario } from '../../src/domain/scenario-schema.ts';
import type { CreatedSession, ScenarioList } from '../../src/net/protocol.ts';
import { shutDown, startServer, type RunningServer } from './harness.ts';

const WEB = resolve('dist/web');
const SCENARIO = 'new-delhi-fmm-2023';

let server: RunningServer;
let session: CreatedSession;
const open: ClassroomConnection[] = [];
/** The scenario as built into the game: the file a student must not be able to read. */
let built: Scenario;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * What in a body betrays the scenario's hidden facts: the red-line field, a delegation's reason for a
 * position (a sentence no public text holds), a utility figure as the file writes it, an event's text.
 */
function hiddenFacts(s: Scenario): string[] {
  const india = s.delegations.find((d) => d.id === 'IN')!;
  const ukraine = india.positions['ukraine-war']!;
  return [
    '"redLines"',
    '"utilities"',
    ukraine.reason.slice(0, 40),
    `"condemn-aggression":${ukraine.utilities['condemn-aggression']}`,
    // An event of the deck (none scheduled): nobody knows of it before it breaks.
    s.events.find((e) => !e.at && e.text.length > 60)!.text.slice(20, 60),
  ];
}

beforeAll(async () => {
  if (!existsSync(join(WEB, 'index.html'))) throw new Error('dist/web is missing: run "npx vite build --logLevel warn" first');
  built = JSON.parse(readFileSync(join(WEB, 'scenarios', `${SCENARIO}.json`), 'utf8')) as Scenario;
  server = await startServer({ env: { CLASSROOM_WEB_DIR: WEB } });
  session = await createSession(server.url, { scenario: SCENARIO, seed: 'scenario-files', minutesPerSlot: 0 });
}, 60_000);

afterAll(() => shutDown(open, [server]), 30_000);

describe('the built game on the classroom server', () => {
  it('refuses the scenario files with 404 and a short clear answer, to anyone', async () => {
    // Spelt as a student might to slip past a check on the path: escaped slashes and dots, doubled slashes.
    const spellings = [`/scenarios/${SCENARIO}.json`, '/scenarios/tutorial.json', `/scenarios/${SCENARIO}.json?x=1`, `/scenarios%2F${SCENARIO}.json`, `/assets/%2e%2e/scenarios/${SCENARIO}.json`, `//scenarios//${SCENARIO}.json`, `/%73cenarios/${SCENARIO}.json`];
    for (const path of spellings) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body.length).toBeLessThan(400);
      // (A path the server reads as no file at all is "no such page": refused all the same.)
      expect(JSON.parse(body).error, path).toMatch(/^(the classroom server serves no scenario file|no such page)/);
      expect(body).not.toContain('redLines');
    }
    expect(JSON.parse(await (await fetch(`${server.url}/scenarios/${SCENARIO}.json`)).text()).error).toBe(
      'the classroom server serves no scenario file: the classroom pages get what each may know through its API. For solo play, run "npm start" or host dist/web on any static server.',
    );
    // Not even with the instructor secret: a static file cannot tell who asks, the API does.
    const res = await fetch(`${server.url}/scenarios/${SCENARIO}.json`, { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(res.status).toBe(404);
  });

  it('serves no file of the build that carries a red line, a utility, a reason or an event of the deck', async () => {
    const facts = hiddenFacts(built);
    const files = filesUnder(WEB);
    let served = 0;
    let refused = 0;
    for (const file of files) {
      const path = `/${relative(WEB, file).split('\\').join('/')}`;
      const res = await fetch(`${server.url}${path}`);
      const body = await res.text();
      for (const fact of facts) expect(body.includes(fact), `${path} (HTTP ${res.status}) holds ${fact}`).toBe(false);
      // Every file that holds scenario data on disk is refused outright.
      const onDisk = readFileSync(file, 'utf8');
      if (facts.some((f) => onDisk.includes(f)) || path.startsWith('/scenarios/') || path.endsWith('.json')) {
        expect(res.status, path).toBe(404);
        refused++;
      } else if (res.status === 200) served++;
    }
    // The scenario files and their translated texts (the build's JSON files) are refused; the pages and code are served.
    expect(refused).toBeGreaterThanOrEqual(files.filter((f) => f.endsWith('.json')).length);
    expect(served).toBeGreaterThan(20);
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<meta name="communique-host" content="classroom" />');
  });

  it('serves a service worker that caches nothing and retires, in place of the one whose precache names the scenario files', async () => {
    expect(readFileSync(join(WEB, 'sw.js'), 'utf8')).toContain('scenarios/');
    const res = await fetch(`${server.url}/sw.js`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain('scenarios/');
    expect(body).toContain('unregister()');
  });
});

describe('GET /api/scenarios', () => {
  it('lists the ids, as before, and each one with its title — no rules data', async () => {
    const res = await fetch(`${server.url}/api/scenarios`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as ScenarioList;
    expect(body.scenarios).toContain(SCENARIO);
    expect(body.entries.map((e) => e.id)).toEqual(body.scenarios);
    expect(body.entries.find((e) => e.id === SCENARIO)).toEqual({
      id: SCENARIO,
      title: built.meta.title,
      place: built.meta.place,
      date: built.meta.date,
      delegations: built.delegations.length,
      paragraphs: built.paragraphs.length,
    });
    for (const fact of [...hiddenFacts(built), '"positions"', '"events"', '"affinities"']) expect(text).not.toContain(fact);
    // In a language the server has texts for, the titles are in it.
    const french = await scenarioList(server.url, 'fr');
    expect(french.entries.find((e) => e.id === SCENARIO)!.title).not.toBe(built.meta.title);
  });
});

describe("a session's scenario, for the instructor's pages", () => {
  const url = (code: string, query = '') => `${server.url}/api/sessions/${code}/scenario${query}`;

  it('is refused without the secret (401) and with a wrong one (403), with a clear message', async () => {
    const missing = await fetch(url(session.code));
    expect(missing.status).toBe(401);
    const missingBody = await missing.text();
    expect(JSON.parse(missingBody).error).toBe('send the instructor secret as "Authorization: Bearer <secret>"');
    const wrong = await fetch(url(session.code), { headers: { Authorization: `Bearer ${'x'.repeat(43)}` } });
    expect(wrong.status).toBe(403);
    const wrongBody = await wrong.text();
    expect(JSON.parse(wrongBody).error).toBe('the instructor secret is wrong');
    // A student's seat token is no instructor secret.
    const ana = await ClassroomConnection.join(server.url, { as: 'student', code: session.code, name: 'Ana' });
    open.push(ana);
    const token = await fetch(url(session.code), { headers: { Authorization: `Bearer ${ana.welcome.token}` } });
    expect(token.status).toBe(403);
    for (const body of [missingBody, wrongBody, await token.text()]) for (const fact of hiddenFacts(built)) expect(body).not.toContain(fact);
    const unknown = await fetch(url('K7QF2M9XA0'), { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(unknown.status).toBe(404);
    await expect(sessionScenario(server.url, session.code, 'x'.repeat(43), 'full', 'en')).rejects.toThrow('the instructor secret is wrong');
  });

  it('is the whole scenario with the secret, in the language asked for', async () => {
    const whole = await sessionScenario(server.url, session.displayCode, session.secret, 'full', 'en');
    expect(whole).toEqual(built);
    const french = await sessionScenario(server.url, session.code, session.secret, 'full', 'fr');
    expect(french.meta.title).not.toBe(built.meta.title);
    expect(french.delegations.find((d) => d.id === 'IN')!.positions['ukraine-war']!.utilities).toEqual(built.delegations.find((d) => d.id === 'IN')!.positions['ukraine-war']!.utilities);
  });

  it("is, for the projector, only what a watcher without a seat may know", async () => {
    const res = await fetch(url(session.code, '?view=public'), { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const fact of hiddenFacts(built)) expect(text).not.toContain(fact);
    const seen = JSON.parse(text) as Scenario;
    expect(seen.delegations.map((d) => d.id)).toEqual(built.delegations.map((d) => d.id));
    expect(seen.delegations.every((d) => Object.keys(d.positions).length === 0 && Object.keys(d.affinities).length === 0)).toBe(true);
    // Only the events broken so far (the one scheduled at the opening dinner), and none of what they do.
    expect(seen.events.map((e) => e.id)).toEqual(built.events.filter((e) => e.at?.session === built.schedule[0]!.id).map((e) => e.id));
    expect(seen.events.every((e) => e.effects.length === 0)).toBe(true);
    expect(seen.paragraphs).toEqual(built.paragraphs);
    const bad = await fetch(url(session.code, '?view=everything'), { headers: { Authorization: `Bearer ${session.secret}` } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toBe('view: expected "full" or "public", got "everything"');
  });
});
