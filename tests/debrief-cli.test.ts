// `communique debrief` and `communique briefing` as a teacher meets them: real processes on the
// golden replays, CSV rows that agree with the engine, a self-contained report, and exit 2 for bad files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReplay, verifyReplay } from '../src/engine/replay.ts';
import { scenario } from './helpers.ts';

let dir: string;
/** A private copy of the built CLI: other test runs on this machine rebuild dist/cli while these run. */
const CLI = join('.tmp', `cli-${process.pid}`);
beforeAll(async () => {
  for (let attempt = 0; !existsSync('dist/cli/communique.js'); attempt++) {
    if (attempt > 40) throw new Error('build the CLI first: npm run build:cli');
    await new Promise((done) => setTimeout(done, 500));
  }
  rmSync(CLI, { recursive: true, force: true });
  cpSync('dist/cli', CLI, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'communique-debrief-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(CLI, { recursive: true, force: true });
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(CLI, 'communique.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);

/** Splits one CSV line the debrief wrote (fields in quotes may hold commas and doubled quotes). */
function fields(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

const goldens = readdirSync('tests/golden').filter((f) => f.endsWith('.replay.json'));
/** Records of the clock (openings, slots, pauses, seats) are headings, not actions: they get no row. */
const CLOCK = new Set(['opened', 'slot-opened', 'closed', 'pause', 'seat', 'slot-closed-by-instructor']);

describe('communique debrief on the golden replays', () => {
  for (const file of goldens) {
    it(`${file}: the stance grid's last rows are the engine's final stances, and every action has a row`, () => {
      const out = join(dir, 'csv');
      const r = cli('debrief', `tests/golden/${file}`, '--csv', out);
      expect(r.code, r.err).toBe(0);
      const stem = file.replace(/\.replay\.json$/, '');
      const read = readReplay(JSON.parse(readFileSync(`tests/golden/${file}`, 'utf8')));
      if (!read.ok) throw new Error(read.problem.message);
      const s = scenario(read.replay.scenario.id);
      const run = verifyReplay(s, read.replay);
      if (!run.ok) throw new Error(run.problem.message);
      const state = run.meeting.state;
      const grid = readFileSync(join(out, `${stem}.stances.csv`), 'utf8').trimEnd().split('\n').map(fields);
      const header = grid[0]!;
      expect(header.slice(7)).toEqual(s.delegations.map((d) => d.id));
      expect(grid.length).toBe(1 + (read.replay.commands.length + 1) * s.paragraphs.length);
      const last = grid.filter((row) => row[0] === String(read.replay.commands.length));
      expect(last.map((row) => row[3])).toEqual(s.paragraphs.map((p) => p.id));
      for (const row of last) {
        const pid = row[3]!;
        expect(row[4]).toBe(state.draft[pid]!.status);
        expect(row[5]).toBe(state.draft[pid]!.variant);
        s.delegations.forEach((d, i) => expect(row[7 + i]).toBe(state.walkedOut.includes(d.id) ? 'walked-out' : (state.stances[pid]?.[d.id] ?? '')));
      }
      const actions = readFileSync(join(out, `${stem}.actions.csv`), 'utf8').trimEnd().split('\n').map(fields);
      expect(actions[0]).toEqual(['step', 'slot', 'kind', 'actor', 'target', 'paragraph', 'result', 'reason', 'private', 'text']);
      // A row per record of the log but the clock's, in order, with the record's ids and its result code.
      const log = run.meeting.log.filter((r) => !CLOCK.has(r.kind));
      expect(actions.length - 1).toBe(log.length);
      log.forEach((r, i) => {
        const row = actions[i + 1]!;
        expect(row.slice(0, 3)).toEqual([String(r.step), String(r.slot), r.kind]);
        expect(row[3]).toBe('actor' in r ? r.actor : '');
        expect(row[4]).toBe('target' in r ? r.target : '');
        expect(row[5]).toBe('paragraph' in r ? r.paragraph : '');
        expect(row[8]).toBe(r.kind === 'consulted' || r.kind === 'message' ? 'yes' : 'no');
        if (r.kind === 'lobbied') expect(row[6]).toBe(r.moved ? 'moved' : 'not-moved');
        if (r.kind === 'adoption') expect(row[6]).toBe(r.adopted ? 'adopted' : 'no-consensus');
        if (r.kind === 'linkage') expect(row[6]).toBe(r.accepted ? 'struck' : 'declined');
        if (r.kind === 'footnote') expect(row[6]).toBe(r.toSummary ? 'chair-summary' : 'footnoted');
        if (r.kind === 'stance') expect(row[6]).toBe(r.to);
      });
      // Each paragraph adopted by consensus has its adoption row.
      for (const [pid, draft] of Object.entries(state.draft)) {
        if (draft.status === 'adopted') expect(actions.some((a) => a[2] === 'adoption' && a[5] === pid && a[6] === 'adopted')).toBe(true);
      }
    });
  }

  it('New Delhi on the autopilot: the Ukraine paragraph ends withheld by China and Russia', () => {
    const out = join(dir, 'nd-autopilot');
    expect(cli('debrief', 'tests/golden/new-delhi-fmm-2023.autopilot.seed-1.replay.json', '--csv', out).code).toBe(0);
    const rows = readFileSync(join(out, 'new-delhi-fmm-2023.autopilot.seed-1.stances.csv'), 'utf8').trimEnd().split('\n').map(fields);
    const final = rows.filter((r) => r[3] === 'ukraine-war').at(-1)!;
    expect(final[6]).toBe('CN RU');
    expect(['footnoted', 'chair-summary']).toContain(final[4]);
  });

  it('New Delhi as the chair: the stance grid ends with the Ukraine paragraph withheld by China and Russia, and the actions agree', () => {
    const out = join(dir, 'nd');
    expect(cli('debrief', 'tests/golden/new-delhi-fmm-2023.chair.seed-1.replay.json', '--csv', out).code).toBe(0);
    const rows = readFileSync(join(out, 'new-delhi-fmm-2023.chair.seed-1.stances.csv'), 'utf8').trimEnd().split('\n').map(fields);
    const ru = rows[0]!.indexOf('RU');
    const final = rows.filter((r) => r[3] === 'ukraine-war').at(-1)!;
    expect(['footnoted', 'chair-summary']).toContain(final[4]);
    const actions = readFileSync(join(out, 'new-delhi-fmm-2023.chair.seed-1.actions.csv'), 'utf8').trimEnd().split('\n').map(fields);
    const walkOut = actions.filter((a) => a[2] === 'walk-out');
    if (walkOut.length === 0) {
      // Nobody left: the two holdouts of the record withhold it to the end.
      expect(final[6]).toBe('CN RU');
      expect(final[ru]).toBe('block');
    } else {
      // Russia left: the grid marks it out, China is left withholding, and before it left Russia withheld too.
      expect(walkOut.map((a) => [a[3], a[6]])).toEqual([['RU', 'walked-out']]);
      expect(final[6]).toBe('CN');
      expect(final[ru]).toBe('walked-out');
      const before = rows.filter((r) => r[3] === 'ukraine-war' && Number(r[0]) < Number(walkOut[0]![0])).at(-1)!;
      expect(before[6]).toBe('CN RU');
    }
  });

  it('writes a self-contained HTML report: inline SVG charts, no script or outside link needed to draw them', () => {
    const html = join(dir, 'report.html');
    const r = cli('debrief', 'tests/golden/tutorial.chair.seed-1.replay.json', '--html', html);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Wrote ${html}.`);
    const text = readFileSync(html, 'utf8');
    for (const id of ['distance', 'overview', 'network', 'marks']) expect(text).toMatch(new RegExp(`<figure id="chart-${id}" class="chart"><svg`));
    expect(text).not.toMatch(/<script|<link|src="http/);
    expect(text).toContain('How the designers’ game ended');
  });

  it('--json prints the figures a teacher compares across groups', () => {
    const r = cli('debrief', 'tests/golden/new-delhi-fmm-2023.us.seed-2.replay.json', '--json');
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ scenario: 'new-delhi-fmm-2023', seed: '2', role: 'US' });
    expect(summary.outcome.kind).toBe('chair-summary');
    expect(summary.distance.start).toBeGreaterThan(0);
  });
});

describe('communique debrief refuses bad files with exit 2 and one clear line', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated.json', '{"format": 1, "commands": [', /invalid JSON/],
    ['empty.json', '', /the file is empty/],
    ['array.json', '[]', /a replay is a JSON object/],
    ['future.json', JSON.stringify({ format: 99 }), /format 99 is newer than this version of Communiqué reads \(2\)/],
    ['ancient.json', JSON.stringify({ format: 0 }), /format 0 is not a replay format/],
    ['format-1.json', JSON.stringify({ format: 1, engineVersion: '0.1.0', commands: [] }), /format-1 file recorded with rules version 0\.1\.0: it holds only the player's commands/],
  ];
  for (const [name, content, message] of cases) {
    it(name, () => {
      const path = join(dir, name);
      writeFileSync(path, content);
      const r = cli('debrief', path, '--csv', join(dir, 'never'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      noStack(r.err);
      expect(existsSync(join(dir, 'never'))).toBe(false);
    });
  }
  it('a missing file, and a missing argument', () => {
    expect(cli('debrief', join(dir, 'nope.json')).err).toMatch(/nope\.json: no such file/);
    const r = cli('debrief');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/debrief needs a replay file/);
  });
  it('a command the rules refuse names its step', () => {
    const replay = JSON.parse(readFileSync('tests/golden/tutorial.chair.seed-1.replay.json', 'utf8'));
    replay.commands[0] = { type: 'move-to-chair-summary', actor: replay.commands[0].actor, paragraph: 'fisheries' };
    replay.checkpoints = [];
    const path = join(dir, 'refused.json');
    writeFileSync(path, JSON.stringify(replay));
    const r = cli('debrief', path);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/step 1 \(move-to-chair-summary by \w+\) is refused by the rules/);
  });
});

describe('communique debrief on a replay that does not verify', () => {
  it('a tampered checkpoint: exit 1 naming the step, and no report', () => {
    const replay = JSON.parse(readFileSync('tests/golden/tutorial.chair.seed-1.replay.json', 'utf8'));
    const checkpoint = replay.checkpoints.at(-1);
    checkpoint.stateHash = 'f'.repeat(64);
    const path = join(dir, 'diverged.json');
    writeFileSync(path, JSON.stringify(replay));
    const r = cli('debrief', path, '--csv', join(dir, 'never-diverged'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`diverges at step ${checkpoint.step}: the state there is not the one recorded`));
    noStack(r.err);
    expect(existsSync(join(dir, 'never-diverged'))).toBe(false);
  });
});

describe('communique briefing', () => {
  it('writes the chair’s brief, a role card per delegation and the whole pack', () => {
    const out = join(dir, 'pack');
    const r = cli('briefing', '--scenario', 'new-delhi-fmm-2023', '--out', out);
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toContain('index.html');
    expect(files).toContain('chair.html');
    expect(files).toContain('RU.html');
    expect(files.length).toBe(2 + 20);
    const ru = readFileSync(join(out, 'RU.html'), 'utf8');
    for (const heading of ['Priorities', 'Red lines', 'Allies', 'Likely opponents', 'Talking points', 'Sources']) expect(ru).toContain(`<h2>${heading}</h2>`);
    // The heading is worded from the catalogue and escaped like every text of the page.
    expect(readFileSync(join(out, 'chair.html'), 'utf8')).toMatch(/<h1>The chair(&#39;|')s brief<\/h1>/);
  });
  it('an unknown scenario: exit 2', () => {
    const r = cli('briefing', '--scenario', 'atlantis');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown scenario "atlantis"/);
  });
});
