// Seats played by programs: the observation and command schemas against real games, and the built
// command line with real processes — the example agents, a hostile one, a silent one, and batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { autopilot, type Policy } from '../src/ai/autopilot.ts';
import { policyFor } from '../src/ai/policies.ts';
import { ObservationJsonSchema } from '../src/domain/observation-schema.ts';
import type { ObservationJson } from '../src/domain/observation.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { seatSchemaFiles } from '../scripts/schemas.ts';
import { scenario } from './helpers.ts';

let dir: string;
/** A program that answers garbage, other seats' and the instructor's commands, and incomplete ones. */
let hostile: string;
/** Where the hostile program writes down each refusal it hears. */
let heard: string;
beforeAll(() => {
  if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
  dir = mkdtempSync(join(tmpdir(), 'communique-agents-'));
  heard = join(dir, 'heard.txt');
  hostile = write(
    'hostile.mjs',
    `import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
const answers = ['garbage', '{"type":"adjourn","actor":"INSTRUCTOR"}', '{"type":"end-slot","actor":"US"}', '{"type":"lobby","actor":"RU"}', '[1,2]', '"end"'];
let n = 0;
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.type !== 'observation') return;
  if (m.refused) appendFileSync(${JSON.stringify(heard)}, JSON.stringify(m.refused) + '\\n');
  process.stdout.write(answers[n++ % answers.length] + '\\n');
});`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['bin/communique.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - started };
}
function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const hasPython = spawnSync('python3', ['--version']).status === 0;
const game = ['simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1'];
/** No stack trace ever reaches the user. */
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |node:internal/);

describe('the observation schema', () => {
  it('every observation of real games validates, and the games reach every part of it', () => {
    const seen = { known: 0, motives: 0, linkages: 0, brokers: 0, offers: 0, amendments: 0, reactions: 0, walkedOut: 0, events: 0, done: 0, settled: 0 };
    let checked = 0;
    // Each seat plays its policy, after its observation as data has been checked.
    const checking = (policy: Policy): Policy => (obs, dice) => {
      const json = obs.toJSON();
      const parsed = ObservationJsonSchema.safeParse(JSON.parse(JSON.stringify(json)));
      if (!parsed.success) throw new Error(`step ${obs.step}, ${obs.seat}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      checked++;
      count(json);
      return policy(obs, dice);
    };
    const count = (o: ObservationJson) => {
      if (Object.keys(o.known).length > 0) seen.known++;
      if (Object.keys(o.motives).length > 0) seen.motives++;
      if (o.linkages.length > 0) seen.linkages++;
      if (o.brokers.length > 0) seen.brokers++;
      if (o.offers.length > 0) seen.offers++;
      if (o.paragraphs.some((p) => p.draft.amendments.length > 0)) seen.amendments++;
      if (o.paragraphs.some((p) => Object.keys(p.reactions).length > 0)) seen.reactions++;
      if (o.walkedOut.length > 0) seen.walkedOut++;
      if (o.events.length > 0) seen.events++;
      if (o.me.done.length > 0) seen.done++;
      if (o.paragraphs.some((p) => p.draft.settledSlot !== null)) seen.settled++;
    };
    // The skilled chair enlists brokers, which the autopilot does not; a person's seat receives offers;
    // a reckless Russia walks out when crossed.
    const games = [
      ['new-delhi-fmm-2023', '1', 'CHAIR', 'skilled'],
      ['new-delhi-fmm-2023', '6', 'CHAIR', 'autopilot'],
      ['new-delhi-fmm-2023', '2', 'US', 'autopilot'],
      ['new-delhi-fmm-2023', '3', 'RU', 'reckless'],
      ['tutorial', '1', 'OBSERVER', 'autopilot'],
    ] as const;
    for (const [id, seed, role, player] of games) {
      const s = scenario(id);
      const seats = Object.fromEntries(s.delegations.map((d) => [d.id, checking(autopilot)]));
      const meeting = Meeting.open(s, { seed, role, difficulty: 'standard' }, { seats });
      const seat = role === 'CHAIR' ? s.presidency.chair : role === 'OBSERVER' ? null : role;
      playOut(meeting, checking(player === 'autopilot' || seat === null ? autopilot : policyFor(s, seat, player)));
      expect(meeting.closed).toBe(true);
    }
    expect(checked).toBeGreaterThan(500);
    for (const [part, n] of Object.entries(seen)) expect(n, `no observation had any ${part}`).toBeGreaterThan(0);
  });
  it('a field the engine does not write is refused: the schema is strict', () => {
    const meeting = Meeting.open(scenario('tutorial'), { seed: '1', role: 'OBSERVER', difficulty: 'standard' });
    const json = JSON.parse(JSON.stringify(meeting.observe('NOR').toJSON()));
    expect(ObservationJsonSchema.safeParse(json).success).toBe(true);
    expect(ObservationJsonSchema.safeParse({ ...json, secret: 1 }).success).toBe(false);
    expect(ObservationJsonSchema.safeParse({ ...json, me: { ...json.me, redLines: [] } }).success).toBe(false);
  });
  it('the committed docs/observation.schema.json and docs/command.schema.json are what the zod schemas write', () => {
    // To rewrite them: npx vite build --ssr scripts/schemas.ts --outDir dist/scripts --logLevel warn && node dist/scripts/schemas.js
    for (const [file, text] of Object.entries(seatSchemaFiles())) expect(readFileSync(file, 'utf8'), file).toBe(text);
    const command = JSON.parse(readFileSync('docs/command.schema.json', 'utf8'));
    expect(command.oneOf.map((c: { properties: { type: { const: string } } }) => c.properties.type.const)).toContain('lobby');
  });
});

describe('a seat played by a program', () => {
  it('exec:node examples/agent.mjs plays Russia through a whole game; the replay verifies', () => {
    const out = join(dir, 'node.json');
    const r = cli(...game, '--seat', 'RU=exec:node examples/agent.mjs', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^· Russia consults /m);
    expect(r.out).toMatch(/^▶ Russia proposes /m);
    expect(r.out).not.toMatch(/its program/);
    const replay = cli('replay', out);
    expect(replay.code, replay.err).toBe(0);
    expect(replay.out).toMatch(/verified/);
  });
  it.skipIf(!hasPython)('exec:python3 examples/agent.py plays the same game as the Node agent', () => {
    const out = join(dir, 'python.json');
    const r = cli(...game, '--seat', 'RU=exec:python3 examples/agent.py', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    expect(cli('replay', out).code).toBe(0);
    const node = JSON.parse(cli(...game, '--seat', 'RU=exec:node examples/agent.mjs', '--json').out);
    expect(JSON.parse(r.out).stateHash).toBe(node.stateHash);
  });
  it('the module form (--seat RU=./examples/agent.mjs) plays the same game as the process form', () => {
    const module = cli(...game, '--seat', 'RU=./examples/agent.mjs', '--json');
    const exec = cli(...game, '--seat', 'RU=exec:node examples/agent.mjs', '--json');
    expect(module.code, module.err).toBe(0);
    expect(JSON.parse(module.out).stateHash).toBe(JSON.parse(exec.out).stateHash);
    // As the player's seat, the program plays the open slots too, not only the closing turns.
    const player = cli(...game, '--role', 'RU', '--seat', 'RU=./examples/agent.mjs', '--out', join(dir, 'player.json'));
    expect(player.code, player.err).toBe(0);
    expect(cli('replay', join(dir, 'player.json')).code).toBe(0);
  });
  it('a hostile program: garbage, other seats\' and the instructor\'s commands are refused, three in a row end its slot', () => {
    const r = cli(...game, '--seat', `RU=exec:node ${hostile}`, '--out', join(dir, 'hostile.json'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^· Russia ends its slot \(its program gave 3 refused commands in a row, so its slot ends\)\.$/m);
    expect(r.out).not.toMatch(/instructor adjourns/i);
    expect(r.out).toContain("CHAIR'S SUMMARY AND OUTCOME DOCUMENT");
    const refusals = readFileSync(heard, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { code: string; message: string });
    expect(refusals.every((x) => typeof x.code === 'string' && typeof x.message === 'string')).toBe(true);
    const messages = refusals.map((x) => x.message).join('\n');
    expect(messages).toContain('got string "not JSON: garbage"');
    expect(messages).toContain('this program plays RU: its commands have "actor": "RU", not "INSTRUCTOR"');
    expect(messages).toMatch(/target: missing/);
    expect(cli('replay', join(dir, 'hostile.json')).code).toBe(0);
  });
  it('a program that does not answer has its slot ended after 5 s, and is started afresh for its next turn', () => {
    const flag = join(dir, 'silent-once');
    // The first run never answers; the one started after it (the flag is there) ends each slot.
    const agent = write(
      'silent.mjs',
      `import { existsSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
const first = !existsSync(${JSON.stringify(flag)});
writeFileSync(${JSON.stringify(flag)}, 'x');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (!first && JSON.parse(line).type === 'observation') process.stdout.write('null\\n');
});`,
    );
    const r = cli(...game, '--seat', `RU=exec:node ${agent}`);
    expect(r.code, r.err).toBe(0);
    expect(r.out.match(/^· Russia ends its slot \(its program did not answer in time, so its slot ends\)\.$/gm)).toHaveLength(1);
    expect(r.out).not.toMatch(/its program stopped/);
    expect(r.ms).toBeGreaterThanOrEqual(5_000);
    expect(r.ms).toBeLessThan(15_000);
  });
  it('an agent that cannot load is one line and exit 2', () => {
    const noPolicy = write('no-policy.mjs', 'export const answer = 42;\n');
    const cases: [string, RegExp][] = [
      ['RU=./examples/nope.mjs', /^communique: --seat RU=\.\/examples\/nope\.mjs: cannot load the module \(/],
      [`RU=${noPolicy}`, /the module exports no policy/],
      ['RU=exec:no-such-program-here --fast', /^communique: --seat RU=exec:no-such-program-here --fast: cannot start "no-such-program-here" \(not found on the PATH\)/],
      ['RU=exec:node examples/nope.mjs', /^communique: --seat RU=exec:node examples\/nope\.mjs: no such file "examples\/nope\.mjs"/],
      ['XX=./examples/agent.mjs', /^communique: --seat XX=\.\/examples\/agent\.mjs: unknown delegation "XX"/],
    ];
    for (const [flag, message] of cases) {
      for (const command of [game, ['batch', '--scenario', 'new-delhi-fmm-2023', '--runs', '2']]) {
        const r = cli(...command, '--seat', flag);
        expect(r.code, `${command[0]} ${flag}`).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.err.trim().split('\n')).toHaveLength(1);
        noStack(r.err);
      }
    }
  });
});

describe('batch with seats played by programs', () => {
  it('each worker loads its own agents; module and process forms, one worker or two, give the same report', () => {
    const run = (...extra: string[]) => {
      const r = cli('batch', '--scenario', 'new-delhi-fmm-2023', '--runs', '4', '--seed', 'agents', '--json', ...extra);
      expect(r.code, r.err).toBe(0);
      const report = JSON.parse(r.out);
      delete report.gamesPerSecond;
      return report;
    };
    const exec = run('--workers', '2', '--seat', 'RU=exec:node examples/agent.mjs');
    expect(exec.runs).toBe(4);
    expect(exec.seats).toEqual({ RU: 'exec:node examples/agent.mjs' });
    expect(exec.agentEnds).toEqual({ refused: 0, silent: 0, failed: 0 });
    const module = run('--workers', '1', '--seat', 'RU=./examples/agent.mjs');
    expect({ ...module, seats: null }).toEqual({ ...exec, seats: null });
    // The programs did play in the workers: a hostile one has every slot of Russia's ended, game after game.
    const refused = run('--workers', '2', '--seat', `RU=exec:node ${hostile}`).agentEnds;
    expect(refused.refused).toBeGreaterThanOrEqual(4);
    expect({ silent: refused.silent, failed: refused.failed }).toEqual({ silent: 0, failed: 0 });
  });
  it('the readable report names the programs; one that exits before answering stops the batch with one line', () => {
    const r = cli('batch', '--scenario', 'tutorial', '--runs', '2', '--seat', 'NOR=./examples/agent.mjs');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Seats played by programs: NOR \(\.\/examples\/agent\.mjs\)$/m);
    expect(r.out).toMatch(/slots ended for them: 0 after 3 refusals, 0 for silence, 0 as the program stopped/);
    const quits = write('quits.mjs', 'process.exit(3);\n');
    const bad = cli('batch', '--scenario', 'tutorial', '--runs', '2', '--workers', '1', '--seat', `NOR=exec:node ${quits}`);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^communique: --seat NOR=exec:node \S+quits\.mjs: the program exited with code 3 before it answered its first observation/m);
    noStack(bad.err);
    // The worker thread says it in the command line's language too.
    const fr = cli('batch', '--scenario', 'tutorial', '--runs', '2', '--workers', '1', '--seat', `NOR=exec:node ${quits}`, '--lang', 'fr');
    expect(fr.code).toBe(2);
    expect(fr.err).toMatch(/^communique: --seat NOR=exec:node \S+quits\.mjs : le programme s’est arrêté avec le code 3 avant de répondre à sa première observation \(partie « 1-1 »\)$/m);
    noStack(fr.err);
  });
});
