// Files the command line is handed, as a user hands them: devices, pipes, oversized and cut-short files, byte-order marks, wrong types and prototype names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError, listScenarioFiles, loadScenarioById, MAX_FILE_BYTES, readBoundedFile } from '../src/cli/io.ts';
import { isScenarioId } from '../src/domain/ids.ts';
import { checkScenario, type ScenarioProblem } from '../src/domain/validate.ts';
import { describeIssue } from '../src/net/protocol.ts';

let dir: string;
beforeAll(() => {
  if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
  dir = mkdtempSync(join(tmpdir(), 'communique-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The built CLI in a child process; `timeout` kills it, so a hang fails the test instead of stalling the run. */
function cli(args: string[], options: { timeout?: number; node?: string[] } = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [...(options.node ?? []), 'bin/communique.js', ...args], {
    encoding: 'utf8',
    timeout: options.timeout ?? 10_000,
  });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms: Date.now() - started };
}
function write(name: string, content: string | Buffer | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 1));
  return path;
}
const fixture = () => JSON.parse(readFileSync('tests/fixtures/mini.json', 'utf8'));
/** The problems checkScenario finds; a valid input fails the test. */
function problems(input: unknown): ScenarioProblem[] {
  const result = checkScenario(input);
  if (result.ok) throw new Error('expected the scenario to be refused');
  return result.problems;
}
const lines = (input: unknown) => problems(input).map((p) => `${p.path}: ${p.message}`);
/** One line on stderr, `communique: ` first, and nothing of a stack trace. */
function oneLine(err: string) {
  expect(err).toMatch(/^communique: [^\n]+\n$/);
  expect(err).not.toMatch(/\n\s+at |Error:|node:internal/);
}

describe('bounded reading: only regular files, at most 10 MB read', () => {
  it('simulate --scenario /dev/zero ends at once, exit 2, in bounded memory', () => {
    // A 64 MB heap: reading /dev/zero to its (absent) end would crash or time out long before.
    const r = cli(['simulate', '--scenario', '/dev/zero', '--seed', '1'], { timeout: 5000, node: ['--max-old-space-size=64'] });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toBe('communique: /dev/zero: is a character device, not a file\n');
  });
  it('validate on a FIFO with no writer ends at once, exit 2', () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const r = cli(['validate', fifo], { timeout: 5000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${fifo}: is a named pipe (FIFO), not a file\n`);
  });
  it('a folder given as a scenario: exit 2 saying it is a folder', () => {
    const r = cli(['validate', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${dir}: is a folder, not a file\n`);
  });
  it('a file one byte over 10 MB is refused; one of exactly 10 MB is read', () => {
    const over = write('over.json', Buffer.alloc(MAX_FILE_BYTES + 1, 0x20));
    const r = cli(['validate', over]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${over}: the file is larger than 10 MB, the limit\n`);
    // Exactly at the limit: read and parsed, so the complaint is about its content, not its size.
    const at = Buffer.alloc(MAX_FILE_BYTES, 0x20);
    at.write('{}');
    const ok = cli(['validate', write('at-limit.json', at)]);
    expect(ok.code).toBe(2);
    expect(ok.err).not.toMatch(/larger than/);
    expect(ok.err).toMatch(/at-limit\.json: format: /);
  });
  it('readBoundedFile counts the bytes it reads against the limit', () => {
    const file = write('eleven.txt', 'abcdefghijk');
    expect(readBoundedFile(file, 11)).toBe('abcdefghijk');
    expect(() => readBoundedFile(file, 10)).toThrow(CliError);
    expect(() => readBoundedFile(file, 10)).toThrow(/larger than 10 bytes, the limit/);
    // /proc files say they are 0 bytes long: the limit must hold on what is read, not on what stat says.
    expect(readBoundedFile('/proc/self/status').length).toBeGreaterThan(0);
    expect(() => readBoundedFile('/proc/self/status', 10)).toThrow(/larger than 10 bytes/);
  });
  it('bytes that are not UTF-8 are refused as such, not read as replacement characters', () => {
    const r = cli(['validate', write('latin1.json', Buffer.from('{"a":"caf\xe9"}', 'latin1'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/latin1\.json: the file is not UTF-8 text\n$/);
  });
});

describe('JSON text: a byte-order mark is accepted, and "truncated?" only for a file cut short', () => {
  const bom = '\uFEFF';
  it('a scenario saved with a UTF-8 BOM is valid', () => {
    const file = write('bom.json', bom + readFileSync('scenarios/tutorial.json', 'utf8'));
    expect(readFileSync(file)[0]).toBe(0xef);
    const r = cli(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/bom\.json: valid \(/);
    expect(cli(['simulate', '--scenario', file, '--seed', '1', '--json']).code).toBe(0);
  });
  it('a BOM file with an error reports the error at its place, counting columns without the BOM', () => {
    const file = write('bom-bad.json', `${bom}{\n  "format": 1,\n  "meta": x\n}`);
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${file}:3:11: invalid JSON: unexpected character 'x'\n`);
  });
  it('a file cut short says truncated, with the place where it ends', () => {
    const text = readFileSync('scenarios/tutorial.json', 'utf8');
    const file = write('cut.json', text.slice(0, 500));
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    oneLine(r.err);
    expect(r.err).toMatch(/cut\.json:\d+:\d+: invalid JSON: the text ends before the JSON does — is the file truncated\?/);
  });
  it('an error in the middle of the file does not say truncated', () => {
    for (const text of ['{"format": 1,, "meta": {}}', '{"a": [1, 2,]}', '{"a": NaN}', '{"a": 1} extra', "{'a': 1}"]) {
      const r = cli(['validate', write('middle.json', text)]);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(/middle\.json:1:\d+: invalid JSON: /);
      expect(r.err).not.toMatch(/truncated/);
    }
  });
  it('an empty file, or one holding only a BOM, is called empty', () => {
    expect(cli(['validate', write('empty.json', '')]).err).toMatch(/empty\.json: the file is empty; expected JSON\n$/);
    expect(cli(['validate', write('bom-only.json', bom)]).err).toMatch(/bom-only\.json: the file is empty; expected JSON\n$/);
  });
});

describe('scenario errors name the field, its actual type and value, and what was expected', () => {
  it('a wrong type: the CLI prints the path, the expectation and the value it found', () => {
    const s = fixture();
    s.delegations[1].clout = 'high';
    const file = write('wrong-type.json', s);
    const r = cli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`communique: ${file}: delegations[1].clout: expected an integer 1..100, got string "high"\n`);
  });
  it('a truly missing field says missing, and only then', () => {
    const s = fixture();
    delete s.delegations[1].clout;
    expect(lines(s)).toEqual(['delegations[1].clout: missing; expected number']);
    s.delegations[1].clout = null;
    expect(lines(s)).toEqual(['delegations[1].clout: expected an integer 1..100, got null']);
  });
  it('a value that fails two checks (not a safe integer, and too big) is reported once, with the whole expectation', () => {
    const s = fixture();
    s.delegations[0].clout = 2 ** 53;
    s.delegations[1].clout = 1.5;
    expect(lines(s)).toEqual([
      'delegations[0].clout: expected an integer 1..100, got number 9007199254740992',
      'delegations[1].clout: expected an integer 1..100, got number 1.5',
    ]);
  });
  it('every leaf of a scenario given a value of another type is reported with that type, never as missing', () => {
    const base = fixture();
    const leaves: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
      else leaves.push(path);
    };
    walk(base, []);
    expect(leaves.length).toBeGreaterThan(100);
    const other = (v: unknown) => (typeof v === 'number' ? 'many' : typeof v === 'string' ? 7 : ['x']);
    let checked = 0;
    for (const path of leaves) {
      const s = structuredClone(base);
      let parent = s;
      for (const k of path.slice(0, -1)) parent = parent[k];
      const last = path[path.length - 1]!;
      const wrong = other(parent[last]);
      parent[last] = wrong;
      const result = checkScenario(s);
      if (result.ok) continue; // a free-text field that also takes a number? none today, but not this test's point
      const at = result.problems.filter((p) => !/missing/.test(p.message));
      expect(result.problems.filter((p) => /missing; expected/.test(p.message)), path.join('.')).toEqual([]);
      const got = typeof wrong === 'string' ? 'got string "many"' : typeof wrong === 'number' ? 'got number 7' : 'got array ["x"]';
      if (at.some((p) => p.message.includes(got))) checked++;
    }
    // Most leaves are checked by the schema (the rest by cross-checks, which name the id instead).
    expect(checked).toBeGreaterThan(leaves.length * 0.8);
  });
  it('values are shortened to about 40 characters and kept on one line', () => {
    const s = fixture();
    s.delegations[0].clout = `${'y'.repeat(500)}`;
    s.delegations[1].clout = 'two\nlines\u2028here';
    s.delegations[2].clout = { a: 1, b: [1, 2], c: 'x'.repeat(100), d: 4, e: 5, f: 6, g: 7 };
    s.paragraphs[0].importance = '😀'.repeat(50);
    const [a, b, c, d] = lines(s);
    // Cut between characters, never inside the two halves of an emoji.
    expect(d).toBe(`paragraphs[0].importance: expected an integer 1..5, got string "${'😀'.repeat(40)}…"`);
    expect(a).toBe(`delegations[0].clout: expected an integer 1..100, got string "${'y'.repeat(40)}…"`);
    expect(b).toBe('delegations[1].clout: expected an integer 1..100, got string "two\\nlines\\u2028here"');
    expect(c).toMatch(/^delegations\[2\]\.clout: expected an integer 1\.\.100, got object \{"a": 1, "b": \[…\], .*…\}$/);
    expect(c!.length).toBeLessThan(120);
  });
  it('enums, literals, formats, unions, lists and unknown fields each say what they expected', () => {
    const s = fixture();
    // A format-2 file is read as it is (no migration), so it must state the presidency's intent.
    s.format = 2;
    s.meta.difficulty = 'hardest';
    s.meta.date = '1 Jan 2024';
    s.meta.extra = true;
    s.schedule[0].slots = [];
    s.events = [{ id: 'e', title: 't', text: 'x', source: 'notes', effects: [{ kind: 'weather' }, { kind: 'trust', from: 5, to: 'all', delta: 1 }] }];
    expect(lines(s)).toEqual([
      'meta.date: expected a date as YYYY-MM-DD, got string "1 Jan 2024"',
      'meta.difficulty: expected one of "introductory", "intermediate", "advanced", got string "hardest"',
      'meta: unexpected field "extra"',
      'presidency.intent: missing; expected object',
      'schedule[0].slots: expected at least 1 item, got 0',
      'events[0].effects[0].kind: expected one of "flexibility", "trust", "clout", "walk-out", "depart", "arrive", "statement", "reopen", got string "weather"',
      'events[0].effects[1].from: expected "all" or an array, got number 5',
    ]);
  });
  it('a key that is not a plain word is quoted in the path, so the path stays one line', () => {
    const s = fixture();
    s.delegations[1].positions.easy.utilities['two\nwords'] = 5;
    expect(lines(s)).toEqual(['delegations[1].positions.easy.utilities["two\\nwords"]: unknown variant "two\\nwords" of paragraph "easy"']);
  });
  it('the classroom protocol names the actual type too, and the value when it has the input', () => {
    const schema = z.strictObject({ seat: z.string(), step: z.number().int().min(0) });
    const bad = { seat: 5, step: 0 };
    const error = schema.safeParse(bad).error!;
    expect(describeIssue(error, 'options')).toBe('options.seat: expected string, got number');
    expect(describeIssue(error, 'options', { input: bad, schema })).toBe('options.seat: expected a string, got number 5');
    expect(describeIssue(schema.safeParse({ step: 1 }).error!, 'options')).toBe('options.seat: missing; expected string');
    expect(describeIssue(schema.safeParse({ seat: 'a', step: -1 }).error!, 'options')).toBe('options.step: expected a number at least 0');
    // A message the schema's author wrote is kept.
    const named = z.strictObject({ name: z.string().min(1, 'a display name is needed') });
    expect(describeIssue(named.safeParse({ name: '' }).error!, 'options')).toBe('options.name: a display name is needed');
    expect(describeIssue(named.safeParse({ name: '' }).error!, 'options', { input: { name: '' } })).toBe('options.name: a display name is needed (got string "")');
  });
});

describe('ids named like Object.prototype members are refused, never half-handled', () => {
  const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
  it('constructor as a paragraph id: validate and simulate refuse it with exit 2, naming the path', () => {
    const s = fixture();
    s.paragraphs[0].id = 'constructor';
    for (const d of s.delegations) delete d.positions.easy;
    const file = write('constructor.json', s);
    const message = `communique: ${file}: paragraphs[0].id: "constructor" cannot be used as an id: every JavaScript object already has it; choose another id\n`;
    const v = cli(['validate', file]);
    expect(v.code).toBe(2);
    expect(v.err).toBe(message);
    const r = cli(['simulate', '--scenario', file, '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
  });
  it('constructor as a variant id with every utility in place is refused (it used to pass and play)', () => {
    const s = fixture();
    s.paragraphs[0].variants[0].id = 'constructor';
    for (const d of s.delegations) {
      const u = d.positions.easy.utilities;
      u.constructor = u.strong;
      delete u.strong;
    }
    expect(lines(s)).toEqual([
      ...s.delegations.map((_: unknown, i: number) => `delegations[${i}].positions.easy.utilities.constructor: "constructor" cannot be used as a name: every JavaScript object already has it; choose another name`),
    ]);
  });
  it('each prototype name as a paragraph, variant, position, utility, affinity or bloc is refused by path', () => {
    for (const name of NAMES) {
      const cases: [string, (s: any) => void][] = [
        ['paragraphs[1].id', (s) => (s.paragraphs[1].id = name)],
        ['paragraphs[1].variants[0].id', (s) => (s.paragraphs[1].variants[0].id = name)],
        [`delegations[0].positions.${name}`, (s) => (s.delegations[0].positions = JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(s.delegations[0].positions.easy)}}`))],
        [`delegations[1].positions.easy.utilities.${name}`, (s) => (s.delegations[1].positions.easy.utilities = JSON.parse(`{${JSON.stringify(name)}: 5, "strong": 1, "weak": 1}`))],
        [`delegations[2].affinities.${name}`, (s) => (s.delegations[2].affinities = JSON.parse(`{${JSON.stringify(name)}: 5}`))],
        ['delegations[2].blocs[0]', (s) => (s.delegations[2].blocs = [name])],
      ];
      for (const [path, mutate] of cases) {
        const s = fixture();
        mutate(s);
        const found = problems(s);
        // Kebab-case ids refuse most of these names already; what matters is that one problem names the place.
        expect(found.some((p) => p.path === path), `${name} at ${path}: ${found.map((p) => `${p.path}: ${p.message}`).join(' | ')}`).toBe(true);
      }
    }
  });
  it('a __proto__ key holding an object (JSON.parse makes it an own key) is refused, not merged into the prototype', () => {
    const text = readFileSync('tests/fixtures/mini.json', 'utf8').replace('"positions": {', '"positions": { "__proto__": { "war": { "utilities": {}, "salience": 1, "redLines": [], "reason": "x", "source": "notes" } },');
    const file = write('proto.json', text);
    const input = JSON.parse(text);
    expect(Object.hasOwn(input.delegations[0].positions, '__proto__')).toBe(true);
    expect(lines(input)[0]).toBe('delegations[0].positions.__proto__: "__proto__" cannot be used as a name: every JavaScript object already has it; choose another name');
    const r = cli(['simulate', '--scenario', file, '--seed', '1']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/positions\.__proto__: "__proto__" cannot be used as a name/);
  });
});

describe('scenario ids are never paths', () => {
  it('isScenarioId: kebab-case, at most 80 characters, no prototype name', () => {
    for (const id of ['new-delhi-fmm-2023', 'tutorial', 'g20', 'a', 'x'.repeat(80)]) expect(isScenarioId(id), id).toBe(true);
    for (const id of ['/etc/passwd', '../tutorial', 'tutorial.json', 'New-Delhi', 'a--b', '-a', 'a-', '', 'a b', 'tutorial\n', 'x'.repeat(81), 'constructor', 'a\\b']) {
      expect(isScenarioId(id), JSON.stringify(id)).toBe(false);
    }
  });
  it('every shipped scenario has such an id, and it is its file name', () => {
    for (const file of listScenarioFiles()) {
      const id = JSON.parse(readFileSync(file, 'utf8')).meta.id;
      expect(isScenarioId(id), id).toBe(true);
      expect(file.endsWith(`/${id}.json`)).toBe(true);
    }
  });
  it('loadScenarioById refuses a path without reading it', () => {
    expect(() => loadScenarioById('/etc/passwd')).toThrow(/^unknown scenario "\/etc\/passwd"; known scenarios: .*tutorial/);
    expect(() => loadScenarioById('../scenarios/tutorial')).toThrow(/^unknown scenario/);
    expect(loadScenarioById('tutorial').scenario.meta.id).toBe('tutorial');
  });
  it('--scenario that is neither an id nor a .json path: exit 2 saying so', () => {
    for (const value of ['New Delhi', 'tutorial.JSON', '..']) {
      const r = cli(['simulate', '--scenario', value, '--seed', '1']);
      expect(r.code).toBe(2);
      oneLine(r.err);
      expect(r.err).toContain(`communique: ${JSON.stringify(value)} is neither a scenario id (lower-case words and digits joined by hyphens, such as new-delhi-fmm-2023) nor a path to a .json file; known scenarios: `);
    }
    expect(cli(['simulate', '--scenario', 'atlantis', '--seed', '1']).err).toMatch(/^communique: unknown scenario "atlantis"; known scenarios: /);
  });
});

describe('a closed pipe', () => {
  /** A real shell pipeline; bash's PIPESTATUS gives the exit status of communique itself, not of the reader. */
  function pipeline(reader: string) {
    const r = spawnSync(`${JSON.stringify(process.execPath)} bin/communique.js simulate --scenario new-delhi-fmm-2023 --seed 1 | ${reader}; echo "status=\${PIPESTATUS[0]}"`, {
      shell: '/bin/bash',
      encoding: 'utf8',
      timeout: 10_000,
    });
    return { out: r.stdout, err: r.stderr };
  }
  it('| head -1 gets the first line; communique exits 0 with nothing on stderr', () => {
    // The transcript is about 140 KB, more than a pipe holds, so writes go on after head has gone.
    const r = pipeline('head -1');
    expect(r.out).toBe("— The meeting opens: G20 Foreign Ministers' Meeting, New Delhi 2023.\nstatus=0\n");
    expect(r.err).toBe('');
  });
  it('a reader that reads nothing at all: still exit 0, quietly', () => {
    const r = pipeline('true');
    expect(r.out).toBe('status=0\n');
    expect(r.err).toBe('');
  });
  it('another write error (a full disk) is one line on stderr and exit 2', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['bin/communique.js', 'simulate', '--scenario', 'tutorial', '--seed', '1'], {
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('communique: cannot write the output (ENOSPC)\n');
    } finally {
      closeSync(fd);
    }
  });
});
