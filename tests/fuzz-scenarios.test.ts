// Property-based fuzzing of scenario files with fast-check: the shipped scenarios, mutated, never make the validator throw or the CLI crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, listScenarioFiles, parseJsonText } from '../src/cli/io.ts';
import { checkScenario, jsonPath } from '../src/domain/validate.ts';
import { typeOf, valueAt } from '../src/domain/issues.ts';

/** Fixed, so a failure found once is found again; fast-check prints the seed and path to replay it. */
const SEED = 20261201;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];
type Kind = 'object' | 'array' | 'string' | 'number' | 'other';

interface Source {
  name: string;
  value: Json;
  /** Every node's path, and the paths by kind, for mutations to pick from by index. */
  all: Path[];
  byKind: Record<Kind, Path[]>;
}

function index(name: string, value: Json): Source {
  const byKind: Record<Kind, Path[]> = { object: [], array: [], string: [], number: [], other: [] };
  const all: Path[] = [];
  const walk = (v: Json, path: Path) => {
    all.push(path);
    const kind: Kind = Array.isArray(v) ? 'array' : v !== null && typeof v === 'object' ? 'object' : typeof v === 'string' ? 'string' : typeof v === 'number' ? 'number' : 'other';
    byKind[kind].push(path);
    if (Array.isArray(v)) v.forEach((c, i) => walk(c, [...path, i]));
    else if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
  };
  walk(value, []);
  return { name, value, all, byKind };
}

const sources = listScenarioFiles().map((file) => index(file.replace(/^.*\//, ''), JSON.parse(readFileSync(file, 'utf8'))));

/** Stands for raw JSON text (a huge number, deep nesting) that no JS value stringifies to. */
const MARK = '@@fuzz-raw-text@@';

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -1, 0.5, 101, -101, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, '', 'x', 'high', [], {}, ['x'], { a: 1 }),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 4 }),
);

/** A mutation, as plain data so fast-check can print and shrink it. */
type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'retype'; at: number; value: Json }
  | { kind: 'prototype-key'; at: number; name: string; value: Json }
  | { kind: 'prototype-id'; at: number; name: string }
  | { kind: 'odd-key'; at: number; name: string; value: Json }
  | { kind: 'huge-number'; at: number; text: string }
  | { kind: 'long-string'; at: number; text: string }
  | { kind: 'deep'; at: number; depth: number; open: '[' | '{"a":' }
  | { kind: 'swap'; at: number; from: number };
type TextMutation = { kind: 'none' } | { kind: 'truncate'; fraction: number } | { kind: 'bom' } | { kind: 'garbage'; fraction: number; text: string };

const at = fc.nat();
const mutations: Record<Mutation['kind'], fc.Arbitrary<Mutation>> = {
  delete: fc.record({ kind: fc.constant('delete' as const), at }),
  retype: fc.record({ kind: fc.constant('retype' as const), at, value: anyJson }),
  'prototype-key': fc.record({ kind: fc.constant('prototype-key' as const), at, name: fc.constantFrom(...PROTOTYPE_NAMES), value: anyJson }),
  'odd-key': fc.record({
    kind: fc.constant('odd-key' as const),
    at,
    name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('two words', 'line\nbreak', 'quote"d', '', '0', 'x'.repeat(300), '\u2028')),
    value: anyJson,
  }),
  'prototype-id': fc.record({ kind: fc.constant('prototype-id' as const), at, name: fc.constantFrom(...PROTOTYPE_NAMES) }),
  'huge-number': fc.record({
    kind: fc.constant('huge-number' as const),
    at,
    text: fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0', '9007199254740993', '50.0000000000000001'),
  }),
  'long-string': fc.record({
    kind: fc.constant('long-string' as const),
    at,
    text: fc.oneof(
      fc.string({ minLength: 200, maxLength: 400 }),
      fc.constantFrom('a\nb\r\nc', '\u2028\u2029', '\u0000\u001f', '\uFEFFid', '😀'.repeat(50), 'x'.repeat(20_000)),
    ),
  }),
  deep: fc.record({ kind: fc.constant('deep' as const), at, depth: fc.integer({ min: 1_000, max: 100_000 }), open: fc.constantFrom('[' as const, '{"a":' as const) }),
  swap: fc.record({ kind: fc.constant('swap' as const), at, from: at }),
};
const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), fraction: fc.integer({ min: 1, max: 999 }).map((n) => n / 1000) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('garbage' as const), fraction: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000), text: fc.constantFrom(',', '}', '"', '\\', 'NaN', '\u0000', "'") }),
  },
);

interface Case {
  source: number;
  mutations: Mutation[];
  text: TextMutation;
}
const caseOf = (mutation: fc.Arbitrary<Mutation>): fc.Arbitrary<Case> =>
  fc.record({ source: fc.nat({ max: sources.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }), text: textMutation });
const anyCase = caseOf(fc.oneof(...Object.values(mutations)));

function parentOf(root: Json, path: Path): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  const parent = get(root, path.slice(0, -1));
  return parent === undefined ? undefined : { parent, key: path[path.length - 1]! };
}
function get(root: Json, path: Path): Json | undefined {
  let v: Json | undefined = root;
  for (const k of path) v = v !== null && typeof v === 'object' && Object.hasOwn(v, k) ? (v as Record<string | number, Json>)[k] : undefined;
  return v;
}
function set(root: Json, path: Path, value: Json) {
  const p = parentOf(root, path);
  if (p && p.parent !== null && typeof p.parent === 'object') (p.parent as Record<string | number, Json>)[p.key] = value;
}
const pick = (list: Path[], i: number) => (list.length === 0 ? undefined : list[i % list.length]);

/** Applies a case to a fresh copy of its scenario and returns the file's text. */
function render(c: Case): string {
  const source = sources[c.source]!;
  const root = structuredClone(source.value);
  const raw: string[] = [];
  for (const m of c.mutations) {
    // Paths come from the unmutated scenario; one an earlier mutation removed is simply skipped.
    if (m.kind === 'delete') {
      const path = pick(source.all, m.at);
      const p = path && parentOf(root, path);
      if (!p || p.parent === null || typeof p.parent !== 'object') continue;
      if (Array.isArray(p.parent)) p.parent.splice(Number(p.key), 1);
      else delete (p.parent as Record<string, Json>)[p.key];
    } else if (m.kind === 'retype') {
      const path = pick(source.all, m.at);
      if (path) set(root, path, m.value);
    } else if (m.kind === 'prototype-key') {
      const path = pick(source.byKind.object, m.at);
      const target = path && get(root, path);
      // defineProperty makes an own key even for __proto__, as JSON.parse of a file does.
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, m.name, { value: m.value, enumerable: true, writable: true, configurable: true });
      }
    } else if (m.kind === 'odd-key') {
      const path = pick(source.byKind.object, m.at);
      const target = path && get(root, path);
      if (target && typeof target === 'object' && !Array.isArray(target) && !PROTOTYPE_NAMES.includes(m.name)) (target as Record<string, Json>)[m.name] = m.value;
    } else if (m.kind === 'prototype-id') {
      const path = pick(source.byKind.string, m.at);
      if (path) set(root, path, m.name);
    } else if (m.kind === 'huge-number' || m.kind === 'deep') {
      const path = pick(m.kind === 'huge-number' ? source.byKind.number : source.all, m.at);
      if (!path || path.length === 0 || get(root, path) === undefined) continue;
      set(root, path, MARK);
      raw.push(m.kind === 'huge-number' ? m.text : m.open.repeat(m.depth) + '1' + (m.open === '[' ? ']' : '}').repeat(m.depth));
    } else if (m.kind === 'long-string') {
      const path = pick(source.byKind.string, m.at);
      if (path) set(root, path, m.text);
    } else if (m.kind === 'swap') {
      const a = pick(source.all, m.at);
      const b = pick(source.all, m.from);
      const value = b && get(root, b);
      // A value moved into its own descendant would make a cycle; JSON has none.
      if (a && b && value !== undefined && !(a.length > b.length && b.every((k, i) => a[i] === k))) set(root, a, structuredClone(value));
    }
  }
  let text = JSON.stringify(root, null, 1);
  for (const r of raw) text = text.replace(JSON.stringify(MARK), () => r);
  if (c.text.kind === 'truncate') text = text.slice(0, Math.floor(text.length * c.text.fraction));
  else if (c.text.kind === 'bom') text = `\uFEFF${text}`;
  else if (c.text.kind === 'garbage') {
    const i = Math.floor(text.length * c.text.fraction);
    text = text.slice(0, i) + c.text.text + text.slice(i);
  }
  return text;
}

/** Every path in a parsed input, as validate.ts writes it, to the path itself; iterative, for deep nesting. */
function pathsOf(input: unknown): Map<string, Path> {
  const out = new Map<string, Path>();
  const stack: { v: unknown; path: Path }[] = [{ v: input, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop()!;
    // Deep nesting is refused at its top; nothing below it is named in a problem.
    if (path.length > 20) continue;
    out.set(jsonPath(path), path);
    if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, Array.isArray(v) ? Number(k) : k] });
    }
  }
  return out;
}

/** A JSON path as validate.ts writes it: `(root)`, or steps `name`, `.name`, `[3]`, `["any key"]`. */
const PATH = /^(?:\(root\)|(?:[A-Za-z0-9_$][\w$-]*|\["(?:[^"\\]|\\.)*"\])(?:\.[A-Za-z0-9_$][\w$-]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*)$/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

describe('fuzzing checkScenario with mutated shipped scenarios', () => {
  it('there are scenarios to mutate, and mutations change them', () => {
    expect(sources.length).toBeGreaterThanOrEqual(4);
    const samples = fc.sample(anyCase, { seed: SEED, numRuns: 20 });
    const changed = samples.filter((c) => render(c) !== JSON.stringify(sources[c.source]!.value, null, 1));
    expect(changed.length).toBeGreaterThan(15);
  });

  it('never throws; every refusal is problems with a path and a one-line message', () => {
    let refused = 0;
    let parsed = 0;
    fc.assert(
      fc.property(anyCase, (c) => {
        const text = render(c);
        let input: unknown;
        try {
          input = parseJsonText(text, 'fuzz.json');
        } catch (error) {
          // Text the JSON reader refuses: a CliError, on one line, naming the file.
          expect(error).toBeInstanceOf(CliError);
          expect((error as Error).message).toMatch(/^fuzz\.json(:\d+:\d+)?: \S/);
          expect((error as Error).message).not.toMatch(LINE_BREAK);
          return;
        }
        parsed++;
        const result = checkScenario(input);
        if (result.ok) return;
        refused++;
        expect(result.problems.length).toBeGreaterThan(0);
        const rendered = result.problems.map((p) => `${p.path}: ${p.message}`);
        expect(new Set(rendered).size, 'a problem said twice').toBe(rendered.length);
        const paths = pathsOf(input);
        for (const p of result.problems) {
          expect(typeof p.message).toBe('string');
          expect(p.message.trim()).not.toBe('');
          expect(p.message).not.toMatch(LINE_BREAK);
          expect(p.path).toMatch(PATH);
          // The message tells the truth about the value: "missing" only when absent, "got T" with its real type.
          const at = paths.get(p.path);
          if (/^missing;/.test(p.message)) expect(at, `${p.path}: ${p.message}`).toBeUndefined();
          const got = /, got (string|number|boolean|null|array|object)\b/.exec(p.message)?.[1];
          if (got) expect(at && typeOf(valueAt(input, at).found ? (valueAt(input, at) as { value: unknown }).value : undefined), `${p.path}: ${p.message}`).toBe(got);
        }
      }),
      { seed: SEED, numRuns: 600, interruptAfterTimeLimit: 20_000 },
    );
    // The property must have met both kinds of case, or it proved little.
    expect(parsed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('a prototype-named key is refused at its own path; such an id is refused', () => {
    const named = fc.oneof(mutations['prototype-key'], mutations['prototype-id']) as fc.Arbitrary<Extract<Mutation, { name: string }>>;
    const one = fc.record({ source: fc.nat({ max: sources.length - 1 }), mutation: named });
    let keys = 0;
    let ids = 0;
    fc.assert(
      fc.property(one, ({ source, mutation }) => {
        const result = checkScenario(JSON.parse(render({ source, mutations: [mutation], text: { kind: 'none' } })));
        const list = sources[source]!.byKind[mutation.kind === 'prototype-key' ? 'object' : 'string'];
        const path = pick(list, mutation.at)!;
        if (mutation.kind === 'prototype-key') {
          keys++;
          // Reported where it is, whatever the object (a record of ids or a fixed-shape object).
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.problems.map((p) => p.path)).toContain(jsonPath([...path, mutation.name]));
        } else if (path[path.length - 1] === 'id') {
          ids++;
          // A title may say "constructor"; an id may not.
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.problems.some((p) => p.path.startsWith(jsonPath(path)) || p.message.includes(JSON.stringify(mutation.name)))).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 200, interruptAfterTimeLimit: 8_000 },
    );
    expect(keys).toBeGreaterThan(50);
    expect(ids).toBeGreaterThan(5);
  });
});

describe('fuzzing the CLI: validate on mutated files', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
    dir = mkdtempSync(join(tmpdir(), 'communique-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('25 mutated files: exit 0 or 2 within 5 s, never 3, never a stack trace, every line naming the file', () => {
    // A few of every kind of mutation, rather than whatever 25 random draws happen to give.
    const kinds = Object.values(mutations);
    const cases = Array.from({ length: 25 }, (_, i) => fc.sample(caseOf(kinds[i % kinds.length]!), { seed: SEED + i, numRuns: 1 })[0]!);
    const codes = new Set<number | null>();
    cases.forEach((c, i) => {
      const file = join(dir, `fuzz-${i}.json`);
      writeFileSync(file, render(c));
      const started = Date.now();
      // Within 500 MB: a larger heap stops the process, and its exit code fails the case.
      const r = spawnSync(process.execPath, ['--max-old-space-size=500', 'bin/communique.js', 'validate', file], { encoding: 'utf8', timeout: 5_000 });
      const what = `case ${i}: ${JSON.stringify(c).slice(0, 300)}\n${r.stderr.slice(0, 500)}`;
      expect(r.signal, what).toBeNull();
      expect(Date.now() - started, what).toBeLessThan(5_000);
      expect([0, 2], what).toContain(r.status);
      codes.add(r.status);
      expect(r.stderr, what).not.toMatch(/internal error|\n\s+at |Error:|node:internal/);
      if (r.status === 0) expect(r.stdout).toMatch(/: valid \(/);
      else {
        const lines = r.stderr.replace(/\n$/, '').split('\n');
        expect(lines[0], what).toMatch(/^communique: /);
        for (const line of lines) expect(line.replace(/^communique: /, '').startsWith(`${file}`), what).toBe(true);
      }
    });
    expect(codes.has(2)).toBe(true);
  });
});
