// Zod issues in words a person can act on: where (a JSON path), what was expected, and what the field actually holds.
import type { z } from 'zod';

/**
 * A problem as data, for readers of other languages: a catalogue key (of the game surface) and its
 * parameters, each a plain value, more words, or a list of them. The domain keeps no catalogue; the
 * edge (CLI, page) words it, and English readers keep the sentence built beside it.
 */
export interface Words {
  key: string;
  params?: Record<string, WordParam>;
}
export type WordParam = string | number | Words | { list: readonly (string | Words)[]; join: 'conjunction' | 'disjunction' };

/** A sentence in English with the same sentence as words. */
export interface Phrase {
  text: string;
  words: Words;
}
const phrase = (text: string, key: string, params?: Record<string, WordParam>): Phrase => ({ text, words: params ? { key, params } : { key } });

/** A key that reads well after a dot: `positions.ukraine-war`, `motivations.bloc-pressure`. */
const PLAIN_KEY = /^[A-Za-z0-9_$][A-Za-z0-9_$-]*$/;
/** How much of a value or key a message shows. */
const SHOWN = 40;

/**
 * One step of a JSON path: `[2]` for an index, `.name` for a plain key, `["two words"]` for any other,
 * quoted and cut short, so a path is always one line however odd the keys in the file.
 */
export function pathStep(key: PropertyKey, first = false): string {
  if (typeof key === 'number') return `[${key}]`;
  const name = typeof key === 'symbol' ? key.toString() : key;
  if (PLAIN_KEY.test(name) && name.length <= SHOWN * 2) return first ? name : `.${name}`;
  return `[${quote(name)}]`;
}

/** Renders a zod issue path the way people read JSON: `a.b[2].c`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += pathStep(key, out === '');
  return out === '' ? '(root)' : out;
}

/** A string in double quotes, cut to about 40 characters, with every line break escaped. */
export function quote(text: string, max = SHOWN): string {
  // Array.from cuts between code points, never inside an emoji's surrogate pair.
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const chars = Array.from(head);
  const shown = chars.length > max || head.length < text.length ? `${chars.slice(0, max).join('')}…` : text;
  // JSON.stringify escapes \n and the other controls but not the two Unicode line separators.
  return JSON.stringify(shown).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The type of a JSON value in the words of JSON: string, number, boolean, null, array, object. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A short preview of a value, at most about 40 characters; containers are looked at one level deep. */
export function preview(value: unknown, budget = SHOWN): string {
  if (typeof value === 'string') return quote(value, budget);
  if (value === null || typeof value !== 'object') return String(value);
  const isArray = Array.isArray(value);
  const parts: string[] = [];
  let used = 2;
  let more = false;
  // for…in stops when the budget is spent, where Object.keys would list a huge object whole.
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    const inner =
      item !== null && typeof item === 'object' ? (Array.isArray(item) ? '[…]' : '{…}') : typeof item === 'string' ? quote(item, 12) : String(item);
    const part = isArray ? inner : `${quote(key, 16)}: ${inner}`;
    if (used + part.length > budget && parts.length > 0) {
      more = true;
      break;
    }
    parts.push(part);
    used += part.length + 2;
  }
  const body = parts.join(', ') + (more ? ', …' : '');
  return isArray ? `[${body}]` : `{${body}}`;
}

/** `string "high"`, `number 500`, `null`, `array [1, 2]`: what a field actually holds. */
export function describeValue(value: unknown): string {
  return describeValuePhrase(value).text;
}

function describeValuePhrase(value: unknown): Phrase {
  if (value === null) return phrase('null', 'scenario-problem.value-null');
  const type = typeOf(value);
  const shown = preview(value);
  return phrase(`${type} ${shown}`, 'scenario-problem.value', { type, preview: shown });
}

type Lookup = { found: true; value: unknown } | { found: false };

/** The value at a path, following own properties only (never `constructor` or `__proto__` of Object.prototype). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): Lookup {
  let here = input;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !Object.hasOwn(here, key)) return { found: false };
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: here };
}

// ---------------------------------------------------------------------------------------------
// What a schema expects, in words. Zod issues carry only a bare `expected: "number"`; the schema at
// the issue's path knows the rest ("an integer 1..100", "a kebab-case id such as …").

interface SchemaDef {
  type: string;
  [key: string]: unknown;
}
type AnySchema = z.core.$ZodType;
/** A schema's definition, read as plain data: `type` and the fields that type has (shape, checks…). */
const defOf = (schema: AnySchema): SchemaDef => schema._zod.def as unknown as SchemaDef;
interface CheckDef {
  check?: string;
  format?: string;
  value?: number;
  inclusive?: boolean;
  minimum?: number;
  error?: unknown;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'nullable']);

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 16 && WRAPPERS.has(defOf(s).type); i++) s = defOf(s).innerType as AnySchema;
  if (defOf(s).type === 'pipe') return unwrap(defOf(s).in as AnySchema);
  return s;
}

function literalValues(schema: AnySchema): unknown[] {
  const def = defOf(unwrap(schema));
  return def.type === 'literal' ? (def.values as unknown[]) : [];
}

function childSchema(schema: AnySchema, key: PropertyKey, here: unknown): AnySchema | undefined {
  const s = unwrap(schema);
  const def = defOf(s);
  if (def.type === 'object') {
    const shape = def.shape as Record<string, AnySchema>;
    return typeof key === 'string' && Object.hasOwn(shape, key) ? shape[key] : undefined;
  }
  if (def.type === 'record') return def.valueType as AnySchema;
  if (def.type === 'array') return typeof key === 'number' ? (def.element as AnySchema) : undefined;
  if (def.type === 'union') {
    const options = def.options as AnySchema[];
    const discriminator = def.discriminator as string | undefined;
    const tag = discriminator !== undefined ? valueAt(here, [discriminator]) : undefined;
    if (tag?.found) {
      const chosen = options.find((o) => {
        const field = childSchema(o, discriminator!, undefined);
        return field !== undefined && literalValues(field).includes(tag.value);
      });
      if (chosen) return childSchema(chosen, key, here);
    }
    for (const option of options) {
      const child = childSchema(option, key, here);
      if (child) return child;
    }
  }
  return undefined;
}

/** The schema that describes the value at `path` of `input`, when the path can be followed. */
export function schemaAt(root: AnySchema, path: readonly PropertyKey[], input: unknown): AnySchema | undefined {
  let schema: AnySchema | undefined = root;
  let here = input;
  for (const key of path) {
    schema = childSchema(schema, key, here);
    if (!schema) return undefined;
    const next = valueAt(here, [key]);
    here = next.found ? next.value : undefined;
  }
  return schema;
}

function checksOf(def: SchemaDef): CheckDef[] {
  return ((def.checks as { _zod: { def: CheckDef } }[] | undefined) ?? []).map((c) => c._zod.def);
}

/** The custom message of a check (`.regex(re, 'a kebab-case id …')`), when it has one. */
function customMessage(check: CheckDef): string | undefined {
  if (typeof check.error !== 'function') return undefined;
  try {
    const out = (check.error as (issue: unknown) => unknown)({ code: 'invalid_format', format: check.format, input: '' });
    const text = typeof out === 'string' ? out : (out as { message?: unknown } | undefined)?.message;
    return typeof text === 'string' && text !== '' ? text : undefined;
  } catch {
    return undefined;
  }
}

function literalText(value: unknown): string {
  return typeof value === 'string' ? quote(value) : String(value);
}

/** The messages the scenario schema's authors wrote, by their catalogue names (others stay as written). */
const AUTHORED: Record<string, string> = {
  'a kebab-case id such as "ukraine-war"': 'kebab-id',
  'a delegation id in capitals such as "IN" or "EU"': 'delegation-id',
  'an integer': 'integer',
  'a date as YYYY-MM-DD': 'date',
};
const authored = (message: string): Phrase | string =>
  Object.hasOwn(AUTHORED, message) ? phrase(message, `scenario-problem.authored.${AUTHORED[message]}`) : message;
const authoredWords = (message: string): string | Words => {
  const a = authored(message);
  return typeof a === 'string' ? a : a.words;
};
const listOf = (items: readonly (string | Words)[], join: 'conjunction' | 'disjunction') => ({ list: items, join });

function numberExpectation(def: SchemaDef): Phrase {
  const checks = checksOf(def);
  const integer = checks.some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
  const base = integer ? 'an integer' : 'a number';
  const yes = integer ? 'yes' : 'no';
  const low = checks.find((c) => c.check === 'greater_than');
  const high = checks.find((c) => c.check === 'less_than');
  if (low?.inclusive && high?.inclusive) return phrase(`${base} ${low.value}..${high.value}`, 'scenario-problem.expect.number-range', { integer: yes, low: Number(low.value), high: Number(high.value) });
  const parts = [
    low ? boundPhrase(low.inclusive ? 'least' : 'above', Number(low.value)) : undefined,
    high ? boundPhrase(high.inclusive ? 'most' : 'below', Number(high.value)) : undefined,
  ].filter((x): x is Phrase => x !== undefined);
  if (parts.length === 0) return phrase(base, 'scenario-problem.expect.number', { integer: yes });
  return phrase(`${base} ${parts.map((x) => x.text).join(' and ')}`, 'scenario-problem.expect.number-bounded', { integer: yes, bounds: listOf(parts.map((x) => x.words), 'conjunction') });
}

const BOUND_WORDS = { least: 'at least', above: 'above', most: 'at most', below: 'below' } as const;
function boundPhrase(bound: keyof typeof BOUND_WORDS, n: number): Phrase {
  return phrase(`${BOUND_WORDS[bound]} ${n}`, 'scenario-problem.bound', { bound, n });
}

function stringExpectation(def: SchemaDef): Phrase {
  const checks = checksOf(def);
  for (const c of checks) {
    if (c.check !== 'string_format') continue;
    const custom = customMessage(c);
    if (custom) {
      const a = authored(custom);
      return typeof a === 'string' ? phrase(a, 'scenario-problem.as-written', { text: a }) : a;
    }
    return c.format === 'url' ? phrase('a URL', 'scenario-problem.expect.url') : phrase(`a string in ${c.format} format`, 'scenario-problem.expect.format', { format: String(c.format) });
  }
  const min = checks.find((c) => c.check === 'min_length')?.minimum;
  if (min === 1) return phrase('a non-empty string', 'scenario-problem.expect.non-empty-string');
  if (min !== undefined) return phrase(`a string of at least ${min} characters`, 'scenario-problem.expect.string-length', { bound: 'least', n: min });
  return phrase('a string', 'scenario-problem.expect.string');
}

/** What a schema accepts, in words: "an integer 1..100", `one of "a", "b"`, `"all" or an array`. */
export function expectation(schema: AnySchema): string | undefined {
  return expectationPhrase(schema)?.text;
}

function expectationPhrase(schema: AnySchema): Phrase | undefined {
  const def = defOf(schema);
  switch (def.type) {
    case 'nullable': {
      const inner = expectationPhrase(def.innerType as AnySchema);
      return inner && phrase(`${inner.text} or null`, 'scenario-problem.expect.or-null', { inner: inner.words });
    }
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return expectationPhrase(def.innerType as AnySchema);
    case 'pipe':
      return expectationPhrase(def.in as AnySchema);
    case 'number':
      return numberExpectation(def);
    case 'string':
      return stringExpectation(def);
    case 'boolean':
      return phrase('true or false', 'scenario-problem.expect.boolean');
    case 'null':
      return phrase('null', 'scenario-problem.as-written', { text: 'null' });
    case 'literal': {
      const values = (def.values as unknown[]).map(literalText);
      return phrase(values.join(' or '), 'scenario-problem.as-written', { text: listOf(values, 'disjunction') });
    }
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>).map(literalText).join(', ');
      return phrase(`one of ${values}`, 'scenario-problem.expect.one-of', { values });
    }
    case 'array': {
      const min = checksOf(def).find((c) => c.check === 'min_length')?.minimum;
      return min
        ? phrase(`an array of at least ${min} item${min === 1 ? '' : 's'}`, 'scenario-problem.expect.array-min', { n: min })
        : phrase('an array', 'scenario-problem.expect.array');
    }
    case 'object':
    case 'record':
      return phrase('an object', 'scenario-problem.expect.object');
    case 'union': {
      if (def.discriminator !== undefined) return phrase('an object', 'scenario-problem.expect.object');
      const parts = (def.options as AnySchema[]).map(expectationPhrase);
      if (!parts.every(Boolean)) return undefined;
      const all = parts as Phrase[];
      return phrase(all.map((x) => x.text).join(' or '), 'scenario-problem.as-written', { text: listOf(all.map((x) => x.words), 'disjunction') });
    }
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------

/** Where the value an issue is about can be found, when the caller still has the input. */
export interface IssueSource {
  input: unknown;
  /** The schema the input was parsed with, for the full expectation ("an integer 1..100"). */
  schema?: AnySchema;
}

/** Zod's own messages ("Invalid input: …", "Too small: …"), as opposed to one the schema's author wrote. */
const isZodDefault = (message: string) => /^(Invalid|Too (small|big)|Unrecognized key|Expected|Number must|String must|Array must)\b/.test(message);

const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim() || 'not valid here';

/**
 * One issue as `expected …, got <type> <value>` (or `missing; expected …`), on one line. Without a
 * source the issue's own `input` (zod's reportInput) or the type zod names is used instead.
 */
export function describeZodIssue(issue: z.core.$ZodIssue, source?: IssueSource): string {
  return oneLine(describe(issue, source).text);
}

/** The same, with its words for readers of other languages (none for a message of zod's own). */
export function describeZodIssuePhrase(issue: z.core.$ZodIssue, source?: IssueSource): { text: string; words?: Words } {
  const described = describe(issue, source);
  const text = oneLine(described.text);
  if (text === 'not valid here') return phrase(text, 'scenario-problem.not-valid-here');
  return described.words.key === 'scenario-problem.as-written' && described.text === issue.message ? { text } : { text, words: described.words };
}

function lookup(issue: z.core.$ZodIssue, source: IssueSource | undefined): Lookup | { found: 'type'; type: string } | undefined {
  if (source) return valueAt(source.input, issue.path);
  if ('input' in issue) return issue.input === undefined ? { found: false } : { found: true, value: issue.input };
  const received = /received (\w+)/.exec(issue.message)?.[1] ?? (issue as { received?: string }).received;
  if (received === 'undefined') return { found: false };
  return received ? { found: 'type', type: received } : undefined;
}

const asWritten = (text: string): Phrase => phrase(text, 'scenario-problem.as-written', { text });
const typeName = (type: string): Phrase => phrase(type, 'scenario-problem.type', { type });

function describe(issue: z.core.$ZodIssue, source: IssueSource | undefined): Phrase {
  const at = lookup(issue, source);
  const schema = source?.schema ? schemaAt(source.schema, issue.path, source.input) : undefined;
  const fromSchema = schema ? expectationPhrase(schema) : undefined;
  const gotPhrase: Phrase | undefined =
    at === undefined || at.found === false ? undefined : at.found === 'type' ? typeName(at.type) : describeValuePhrase(at.value);
  const got = gotPhrase ? `, got ${gotPhrase.text}` : '';
  const missing = at?.found === false;
  const expect = (what: Phrase): Phrase => {
    if (missing) return phrase(`missing; expected ${what.text}`, 'scenario-problem.missing-expected', { what: what.words });
    if (gotPhrase) return phrase(`expected ${what.text}${got}`, 'scenario-problem.expected-got', { what: what.words, got: gotPhrase.words });
    return phrase(`expected ${what.text}`, 'scenario-problem.expected', { what: what.words });
  };
  const expectAuthored = (message: string): Phrase => {
    const a = authored(message);
    return expect(typeof a === 'string' ? asWritten(a) : a);
  };

  // A number's schema says it all ("an integer -100..100"): each failed check of it (not an integer,
  // too big) then reads the same, and the repeats are dropped by the caller.
  const numeric = (issue.code === 'too_small' || issue.code === 'too_big') && (issue.origin === 'number' || issue.origin === 'int');
  if (numeric && fromSchema) return expect(fromSchema);
  // A message the schema's author wrote (`.min(1, 'a display name is needed')`) says more than ours.
  if (issue.code !== 'invalid_type' && issue.code !== 'unrecognized_keys' && issue.code !== 'invalid_key' && !isZodDefault(issue.message)) {
    // "a kebab-case id such as …" reads after "expected"; "a display name is needed" is a sentence of its own.
    const nounPhrase = /^(a|an|one of|at least|at most)\b/i.test(issue.message) && !/\b(is|are|must|should|needs?|needed|required|may|can|cannot|will|does|has|holds?|mixes)\b/.test(issue.message);
    if (nounPhrase) return expectAuthored(issue.message);
    const message = authoredWords(issue.message);
    if (missing) return phrase(`missing; ${issue.message}`, 'scenario-problem.missing-authored', { message });
    if (gotPhrase) return phrase(`${issue.message} (${got.slice(2)})`, 'scenario-problem.authored-got', { message, got: gotPhrase.words });
    return asWritten(issue.message);
  }

  switch (issue.code) {
    case 'invalid_type': {
      // A truly missing field names the bare type, as zod does: "missing; expected number".
      if (missing) {
        const bare = issue.expected === 'int' ? 'integer' : issue.expected;
        return phrase(`missing; expected ${bare}`, 'scenario-problem.missing-expected', { what: typeName(bare).words });
      }
      return expect(fromSchema ?? (issue.expected === 'int' ? phrase('an integer', 'scenario-problem.authored.integer') : typeName(issue.expected)));
    }
    case 'invalid_value': {
      const values = issue.values.map(literalText);
      return expect(values.length === 1 ? asWritten(values[0]!) : phrase(`one of ${values.join(', ')}`, 'scenario-problem.expect.one-of', { values: values.join(', ') }));
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      if (issue.origin === 'array' || issue.origin === 'set') {
        const length = at?.found === true && Array.isArray(at.value) ? at.value.length : undefined;
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        const text = `expected ${word} ${bound} item${Number(bound) === 1 ? '' : 's'}${length === undefined ? '' : `, got ${length}`}`;
        const params = { bound: issue.code === 'too_small' ? 'least' : 'most', n: Number(bound) };
        return length === undefined ? phrase(text, 'scenario-problem.items', params) : phrase(text, 'scenario-problem.items-got', { ...params, length });
      }
      if (fromSchema) return expect(fromSchema);
      if (issue.origin === 'string') {
        if (issue.code === 'too_small' && Number(bound) === 1) return expect(phrase('a non-empty string', 'scenario-problem.expect.non-empty-string'));
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        return expect(
          phrase(`a string of ${word} ${bound} character${Number(bound) === 1 ? '' : 's'}`, 'scenario-problem.expect.string-length', {
            bound: issue.code === 'too_small' ? 'least' : 'most',
            n: Number(bound),
          }),
        );
      }
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        const b = issue.code === 'too_small' ? (issue.inclusive ? 'least' : 'above') : issue.inclusive ? 'most' : 'below';
        const bp = boundPhrase(b, Number(bound));
        return expect(phrase(`a number ${bp.text}`, 'scenario-problem.expect.number-bounded', { integer: 'no', bounds: listOf([bp.words], 'conjunction') }));
      }
      return asWritten(issue.message);
    }
    case 'invalid_format': {
      if (issue.format === 'regex') {
        const pattern = (issue as { pattern?: string }).pattern;
        return expect(pattern === undefined ? phrase('a string matching the pattern', 'scenario-problem.expect.matching-pattern') : phrase(`a string matching ${pattern}`, 'scenario-problem.expect.matching', { pattern }));
      }
      return expect(fromSchema ?? (issue.format === 'url' ? phrase('a URL', 'scenario-problem.expect.url') : phrase(`a string in ${issue.format} format`, 'scenario-problem.expect.format', { format: String(issue.format) })));
    }
    case 'invalid_union': {
      const u = issue as { discriminator?: string; options?: unknown[] };
      if (u.discriminator !== undefined && u.options) {
        const values = u.options.map(literalText).join(', ');
        const options = phrase(`one of ${values}`, 'scenario-problem.expect.one-of', { values });
        if (issue.path[issue.path.length - 1] === u.discriminator) return expect(options);
        return phrase(`expected ${quote(u.discriminator)} to be ${options.text}`, 'scenario-problem.expected-field', { field: quote(u.discriminator), what: options.words });
      }
      return expect(fromSchema ?? phrase('one of the allowed forms', 'scenario-problem.expect.allowed-forms'));
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const what = inner && !isZodDefault(inner.message) ? authoredWords(inner.message) : { key: 'scenario-problem.expect.valid-key' };
      const text = inner && !isZodDefault(inner.message) ? inner.message : 'a valid key';
      return phrase(`not a valid key; expected ${text}`, 'scenario-problem.invalid-key', { what });
    }
    case 'unrecognized_keys': {
      const shown = issue.keys.slice(0, 5).map((k) => quote(k));
      const more = issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '';
      return phrase(`unexpected field${issue.keys.length === 1 ? '' : 's'} ${shown.join(', ')}${more}`, 'scenario-problem.unexpected-fields', {
        count: issue.keys.length,
        fields: shown.join(', '),
        more: Math.max(0, issue.keys.length - 5),
      });
    }
    case 'not_multiple_of':
      return expect(phrase(`a multiple of ${issue.divisor}`, 'scenario-problem.expect.multiple-of', { divisor: Number(issue.divisor) }));
    default:
      return asWritten(issue.message);
  }
}
