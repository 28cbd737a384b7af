// Reading files for the command line, with errors that name the file and the place, never a stack trace.
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenario, type ScenarioProblem } from '../domain/validate.ts';
import { knownHashes } from '../domain/scenario-hash.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { isScenarioId } from '../domain/ids.ts';
import { checkTexts, translateScenario } from '../i18n/scenario-texts.ts';
import { cliTr, machineOutput, say } from './words.ts';
import { problemIn, type WordsData } from '../i18n/problem-words.ts';

/** Exit codes: 0 success, 1 replay divergence, 2 bad input. */
export const EXIT = { ok: 0, diverged: 1, badInput: 2 } as const;

/** An error meant for the user: its message is printed as is, and the process exits with `code`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/** Largest file the command line reads. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The package's root folder (the nearest one holding scenarios/), from src/ or any depth of dist/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'scenarios')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new CliError(say('cli.err.no-scenarios-folder'));
}

export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

/** What a path that is not a regular file is, in words, for the error that refuses it. */
function notAFile(stats: Stats): string {
  if (stats.isDirectory()) return say('cli.why.folder');
  if (stats.isFIFO()) return say('cli.why.fifo');
  if (stats.isCharacterDevice()) return say('cli.why.char-device');
  if (stats.isBlockDevice()) return say('cli.why.block-device');
  if (stats.isSocket()) return say('cli.why.socket');
  return say('cli.why.not-regular');
}

function openError(file: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? say('cli.why.no-such-file')
      : code === 'ENOTDIR'
        ? say('cli.why.not-a-folder')
        : code === 'EISDIR'
          ? say('cli.why.folder')
          : code === 'EACCES' || code === 'EPERM'
            ? say('cli.why.permission')
            : code === 'ENXIO'
              ? say('cli.why.device')
              : code === 'ELOOP'
                ? say('cli.why.loop')
                : say('cli.why.unreadable', { why: code ?? (error as Error).message });
  return new CliError(say('cli.err.file', { file, why }));
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a whole regular file as UTF-8 text, refusing (with a CliError naming the file) anything else:
 * a folder, a named pipe, a device or a socket, a file over `limit` bytes, or bytes that are not UTF-8.
 * The limit holds on the bytes actually read, not on what stat says, so /dev/zero, /proc files and files
 * that grow while read all stay bounded; and the file is opened without blocking, so a FIFO with no
 * writer is refused at once instead of hanging.
 */
export function readBoundedFile(file: string, limit: number = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer. It changes nothing for the
    // regular files read below. Windows has no such flag (and no FIFOs at a path).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new CliError(say('cli.err.file', { file, why: notAFile(stats) }));
    const chunks: Buffer[] = [];
    let total = 0;
    // Read one byte past the limit: that byte is the proof the file is too large.
    while (total <= limit) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, limit + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
    }
    if (total > limit) throw new CliError(say('cli.err.too-large', { file, size: formatBytes(limit) }));
    return decodeUtf8(Buffer.concat(chunks, total), file);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw openError(file, error);
  } finally {
    closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  return bytes % 1048576 === 0 ? `${bytes / 1048576} MB` : `${bytes} bytes`;
}

function decodeUtf8(bytes: Buffer, file: string): string {
  // A UTF-16 file starts with FF FE or FE FF; it would otherwise be reported as "not UTF-8".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CliError(say('cli.err.utf16', { file }));
  }
  try {
    // fatal: a Latin-1 or binary file is refused rather than read with U+FFFD in place of its letters.
    // ignoreBOM keeps a UTF-8 byte-order mark in the text, for the JSON reader to strip.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new CliError(say('cli.err.not-utf8', { file }));
  }
}

/** Reads and parses a JSON file; unreadable, oversized or invalid JSON becomes a CliError naming the place. */
export function readJson(file: string): unknown {
  return parseJsonText(readBoundedFile(file), file);
}

/** The byte-order mark some editors (Notepad, Excel) put at the start of a UTF-8 file. */
const BOM = '\uFEFF';

/** JSON.parse with the error turned into `file:line:column: message`, and a leading BOM ignored. */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    throw jsonError(body, file, (error as Error).message);
  }
}

function jsonError(text: string, file: string, message: string): CliError {
  if (text.trim() === '') return new CliError(say('cli.err.empty', { file }));
  const at = /at position (\d+)/.exec(message);
  // Node 20 gives no position for an unexpected token; the scanner finds it.
  const position = at ? Number(at[1]) : /end of JSON input/.test(message) ? text.length : jsonErrorOffset(text);
  const where = position === undefined ? file : `${file}:${lineColumn(text, position)}`;
  // Only an error where nothing but white space follows is the sign of a file cut short.
  if (position !== undefined && position >= text.trimEnd().length) {
    return new CliError(say('cli.err.truncated', { where }));
  }
  if (!at && position !== undefined) return new CliError(say('cli.err.unexpected-char', { where, char: describeChar(text, position) }));
  const what = message
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '')
    .split(/\r?\n/)[0]!;
  return new CliError(say('cli.err.invalid-json', { where, what }));
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${line}:${column}`;
}

function describeChar(text: string, position: number): string {
  const code = text.codePointAt(position)!;
  const char = String.fromCodePoint(code);
  return code > 0x20 && code < 0x7f ? `'${char}'` : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Offset of the first character that cannot continue a JSON text, or undefined when none is found.
 * Only used to place an error JSON.parse already reported; it walks without recursion, so a deeply
 * nested file costs no stack.
 */
export function jsonErrorOffset(text: string): number | undefined {
  const stack: string[] = [];
  // value: a value must come; item: a value or `]`; key: a key or `}`; nextKey: a key; colon; after: after a value.
  let want: 'value' | 'item' | 'key' | 'nextKey' | 'colon' | 'after' = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= text.length) return want === 'after' && stack.length === 0 ? undefined : i;
    const c = text[i]!;
    if (want === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return i;
      if (c === ',') want = top === '[' ? 'value' : 'nextKey';
      else if (c === (top === '[' ? ']' : '}')) stack.pop();
      else return i;
      i++;
      continue;
    }
    if (want === 'colon') {
      if (c !== ':') return i;
      i++;
      want = 'value';
      continue;
    }
    if (want === 'key' || want === 'nextKey') {
      if (want === 'key' && c === '}') {
        stack.pop();
        i++;
        want = 'after';
        continue;
      }
      if (c !== '"') return i;
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
      want = 'colon';
      continue;
    }
    if (want === 'item' && c === ']') {
      stack.pop();
      i++;
      want = 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      want = c === '{' ? 'key' : 'item';
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return -end - 1;
      i = end;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      if (!NUMBER.test(text)) return i;
      i = NUMBER.lastIndex;
    } else {
      const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
      if (!word) return i;
      i += word.length;
    }
    want = 'after';
  }
}

/** Index just past the string starting at `start`, or -(index of the bad character) - 1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -(i + 1) - 1;
        i += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
      else return -(i + 1) - 1;
    }
  }
  return -text.length - 1;
}

export function formatProblems(file: string, problems: ScenarioProblem[]): string {
  // The path is the file's own, the same in every language; what is wrong there is in the reader's.
  return problems.map((p) => `${file}: ${p.path}: ${problemIn(cliTr(), p)}`).join('\n');
}

/** Migration notes joined for one line, in the CLI's language where it has their words. */
export function migrationNotes(notes: readonly string[], noteWords: readonly WordsData[]): string {
  const tr = cliTr();
  return notes.map((note, i) => problemIn(tr, { message: note, ...(noteWords[i] ? { words: noteWords[i] } : {}) })).join('; ');
}

/**
 * A scenario by id (from scenarios/) or by path; invalid ones are refused with every problem listed.
 * A value is an id when it has the id pattern (isScenarioId), and a path when it ends in .json or holds
 * a slash; anything else (`New Delhi`, `..`, `tutorial.JSON`) is refused, so a stray value is never
 * turned into a path of its own making.
 */
export function loadScenario(idOrPath: string): { scenario: Scenario; file: string } {
  if (isScenarioId(idOrPath)) return loadScenarioById(idOrPath);
  const looksLikePath = idOrPath.endsWith('.json') || idOrPath.includes('/') || idOrPath.includes('\\');
  if (!looksLikePath) {
    throw new CliError(say('cli.err.not-id-or-path', { value: quoted(idOrPath), known: knownScenarioIds().join(', ') }));
  }
  return checked(idOrPath);
}

/**
 * A scenario from scenarios/ by id only: for ids that come from inside a file (a replay's scenario id),
 * which must never be read as a path.
 */
export function loadScenarioById(id: string): { scenario: Scenario; file: string } {
  const known = knownScenarioIds();
  // The id is looked up among the files that exist, so it is only joined to the folder once it is one of them.
  if (!isScenarioId(id) || !known.includes(id)) {
    throw new CliError(say('cli.err.unknown-scenario', { value: quoted(id), known: known.join(', ') }));
  }
  return checked(join(scenariosDir(), `${id}.json`));
}

/** A SHA-256 as the build's manifest writes it. */
const HASH = /^[0-9a-f]{64}$/;

/**
 * A built-in scenario as the build validated it (vite.cli.config.ts: dist/cli/scenarios), when the file
 * in `dir` is byte for byte the one the build checked; null for any other file, which is validated.
 */
export function shippedScenario(file: string, dir = scenariosDir(), shipped = join(packageRoot(), 'dist', 'cli', 'scenarios')): Scenario | null {
  if (resolve(dirname(file)) !== resolve(dir)) return null;
  const name = basename(file);
  let manifest: Record<string, { source: string; rulesHash: string; textHash: string } | undefined>;
  try {
    manifest = JSON.parse(readFileSync(join(shipped, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return null; // not built, or built without it: validate
  }
  const entry = Object.hasOwn(manifest, name) ? manifest[name] : undefined;
  if (!entry) return null;
  let source: Buffer;
  try {
    source = readFileSync(file);
  } catch {
    return null; // the validator's path says what is wrong with it
  }
  if (createHash('sha256').update(source).digest('hex') !== entry.source) return null;
  const scenario = JSON.parse(readFileSync(join(shipped, name), 'utf8')) as Scenario;
  // Hashed at build time from this very source: a manifest without them (an older build) leaves them to be worked out.
  if (HASH.test(String(entry.rulesHash)) && HASH.test(String(entry.textHash))) knownHashes(scenario, entry);
  return scenario;
}

function checked(file: string): { scenario: Scenario; file: string } {
  const shipped = shippedScenario(file);
  if (shipped) return { scenario: inCliLanguage(shipped, file), file };
  const result = checkScenario(readJson(file));
  if (!result.ok) throw new CliError(formatProblems(file, result.problems));
  // Said on stderr, so a command's --json output stays one clean object.
  if (result.migrated) {
    process.stderr.write(`communique: ${say('cli.note.migrated', { file, from: result.migrated.from, notes: migrationNotes(result.migrated.notes, result.migrated.noteWords) })}\n`);
  }
  return { scenario: inCliLanguage(result.scenario, file), file };
}

/**
 * The scenario with its texts in the CLI's language, from scenarios/texts/<id>.<lang>.json beside it
 * (a bad texts file is said on stderr, and the English kept); a note on stderr when it is missing.
 */
export function inCliLanguage(scenario: Scenario, file: string): Scenario {
  const lang = cliTr().lang;
  if (lang === 'en' || machineOutput()) return scenario;
  const textsFile = join(dirname(file), 'texts', `${scenario.meta.id}.${lang}.json`);
  if (!existsSync(textsFile)) {
    process.stderr.write(`communique: ${say('texts.none', { id: scenario.meta.id })}\n`);
    return scenario;
  }
  const check = checkTexts(scenario, readJson(textsFile), textsFile);
  if (!check.ok) {
    process.stderr.write(`communique: ${check.problems.join('\n')}\n`);
    return scenario;
  }
  if (check.missing.length > 0) process.stderr.write(`communique: ${say('texts.partial', { id: scenario.meta.id, missing: check.missing.length, total: check.total })}\n`);
  return translateScenario(scenario, check.texts);
}

/** A value from the user in quotes, cut to 80 characters and escaped, so the message stays on one line. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

export function knownScenarioIds(): string[] {
  return listScenarioFiles().map((f) => basename(f, '.json'));
}

export function listScenarioFiles(): string[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(scenariosDir(), f));
}
