// Reading files for the command line, with errors that name the file and the place, never a stack trace.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenario, type ScenarioProblem } from '../domain/validate.ts';
import type { Scenario } from '../domain/scenario-schema.ts';

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
  throw new CliError('cannot find the scenarios folder next to the communique package');
}

export function scenariosDir(): string {
  return join(packageRoot(), 'scenarios');
}

/** Reads and parses a JSON file; unreadable, oversized or invalid JSON becomes a CliError naming the place. */
export function readJson(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_FILE_BYTES) throw new CliError(`${file}: the file is ${Math.round(size / 1048576)} MB; the limit is 10 MB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    throw new CliError(`${file}: ${why}`);
  }
  return parseJsonText(text, file);
}

/** JSON.parse with the error turned into `file:line:column: message`. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    if (text.trim() === '') throw new CliError(`${file}: the file is empty; expected JSON`);
    if (!at) throw new CliError(`${file}: invalid JSON (${message.replace(/^JSON\.parse: /, '')}) — is the file truncated?`);
    const position = Number(at[1]);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const what = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
    throw new CliError(`${file}:${line}:${column}: invalid JSON: ${what}`);
  }
}

export function formatProblems(file: string, problems: ScenarioProblem[]): string {
  return problems.map((p) => `${file}: ${p.path}: ${p.message}`).join('\n');
}

/** A scenario by id (from scenarios/) or by path; invalid ones are refused with every problem listed. */
export function loadScenario(idOrPath: string): { scenario: Scenario; file: string } {
  const looksLikePath = idOrPath.endsWith('.json') || idOrPath.includes('/') || idOrPath.includes('\\');
  const file = looksLikePath ? idOrPath : join(scenariosDir(), `${idOrPath}.json`);
  if (!looksLikePath) {
    const known = listScenarioFiles().map((f) => basename(f, '.json'));
    if (!known.includes(idOrPath)) {
      throw new CliError(`unknown scenario "${idOrPath}"; known scenarios: ${known.join(', ')} (or give a path to a .json file)`);
    }
  }
  const result = checkScenario(readJson(file));
  if (!result.ok) throw new CliError(formatProblems(file, result.problems));
  return { scenario: result.scenario, file };
}

export function listScenarioFiles(): string[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(scenariosDir(), f));
}
