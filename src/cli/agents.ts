// Seats played by programs outside Communiqué: a JavaScript module exporting a policy, or a process that
// reads one JSON observation per line on stdin and answers one JSON command per line on stdout (docs/seats.md).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import type { Refusal } from '../domain/commands.ts';
import type { ObservationJson } from '../domain/observation.ts';
import type { SeatAgent } from '../engine/autoplay.ts';
import { CliError } from './io.ts';
import { cliTr, say } from './words.ts';

/** How long a program may think before its slot is ended for it. */
export const AGENT_TIMEOUT_MS = 5_000;
/** How long a program may take to exit once told the game is over, before it is killed. */
const EXIT_GRACE_MS = 1_000;

class AgentTimeout extends Error {
  readonly code = 'timeout';
}

/** A seat's program as the command line loads it. */
export interface LoadedAgent extends SeatAgent {
  /** Set when the program stopped before answering its first observation: it never started playing. */
  problem(): string | null;
}

/** One `--seat` flag: the delegation and what plays it. */
export interface SeatSpec {
  seat: string;
  spec: string;
}

/** Parses `--seat RU=./agent.mjs` or `--seat RU=exec:python3 agent.py` into seat and spec. */
export function parseSeatFlag(value: string, seats: readonly string[]): SeatSpec {
  const at = value.indexOf('=');
  if (at < 1) throw new CliError(say('cli.err.seat-form', { value, form: cliTr().list(['<delegation>=<module path>', '<delegation>=exec:<command>'], 'disjunction') }));
  const seat = value.slice(0, at).toUpperCase();
  const spec = value.slice(at + 1);
  if (!seats.includes(seat)) throw new CliError(say('cli.err.seat-unknown', { value, seat, seats: seats.join(', ') }));
  if (spec.trim() === '' || (spec.startsWith('exec:') && spec.slice('exec:'.length).trim() === '')) {
    throw new CliError(say('cli.err.seat-empty', { value }));
  }
  return { seat, spec };
}

/** Every `--seat` flag, each delegation at most once. */
export function parseSeatFlags(values: readonly string[] | undefined, seats: readonly string[]): SeatSpec[] {
  const specs = (values ?? []).map((v) => parseSeatFlag(v, seats));
  const seen = new Set<string>();
  for (const { seat } of specs) {
    if (seen.has(seat)) throw new CliError(say('cli.err.seat-twice', { seat }));
    seen.add(seat);
  }
  return specs;
}

/**
 * A seat agent from its spec: `exec:<command>` starts a process, anything else is a module path.
 * `quiet`: a program that stops before answering is left to the caller to report (`problem()`), not
 * said on stderr at once.
 */
export async function loadAgent(spec: string, seat: string, options: { quiet?: boolean } = {}): Promise<LoadedAgent> {
  // The engine's conductor refuses a command naming another seat (not-your-seat), so no wrapper is needed here.
  return spec.startsWith('exec:') ? processAgent(spec.slice('exec:'.length).trim(), seat, options.quiet ?? false) : moduleAgent(spec, seat);
}

/**
 * Checks a spec without playing it, so that a batch can fail with one line before its workers start:
 * a module is imported and must export a policy; a command's program (and script) must exist.
 */
export async function checkAgent(spec: string, seat: string): Promise<void> {
  if (spec.startsWith('exec:')) checkCommand(spec.slice('exec:'.length).trim(), seat);
  else await moduleAgent(spec, seat);
}


function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new AgentTimeout(`no answer in ${ms / 1000} s`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolvePromise(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

type PolicyFunction = (observation: ObservationJson, refused: Refusal | null) => unknown;

/**
 * A module's policy, called in process. The time limit catches a policy whose promise never settles;
 * a policy that loops without yielding blocks the game, as any code run in process can.
 */
async function moduleAgent(path: string, seat: string): Promise<LoadedAgent> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(say('cli.err.seat-module', { seat, path, why: (error as Error).message.split('\n')[0] }));
  }
  const policy = (typeof mod.default === 'function' ? mod.default : mod.policy) as PolicyFunction | undefined;
  if (typeof policy !== 'function') throw new CliError(say('cli.err.seat-no-policy', { seat, path }));
  return {
    choose: (observation, refused) => withTimeout(Promise.resolve().then(() => policy(observation, refused)), AGENT_TIMEOUT_MS),
    close: () => {},
    problem: () => null,
  };
}

/** Shell builtins and syntax: a command starting with one of these is left to the shell to judge. */
const SHELL_WORDS = new Set(['cd', 'exec', '.', 'source', 'eval', 'env', 'export', 'set', 'ulimit', 'umask', 'command', 'nice', 'nohup', 'time', 'timeout']);
/** Interpreters whose first argument, when it is not an option, is the script they run. */
const INTERPRETERS = new Set(['node', 'python', 'python3', 'ruby', 'perl', 'bash', 'sh', 'Rscript', 'php', 'lua']);

/**
 * The usual mistakes, found before anything starts: a program that is not on the PATH, or a script that
 * is not there (`exec:node agnet.mjs`). Commands using shell syntax are left to the shell.
 */
function checkCommand(command: string, seat: string): void {
  const words = command.split(/\s+/);
  const program = words[0]!;
  if (!/^[\w./+-]+$/.test(program) || SHELL_WORDS.has(program) || program.includes('=')) return;
  const label = `--seat ${seat}=exec:${command}`;
  const executable = (file: string) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) {
    if (!executable(resolve(program))) throw new CliError(say('cli.err.seat-no-executable', { label, program }));
  } else if (!(process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, program)))) {
    throw new CliError(say('cli.err.seat-not-on-path', { label, program }));
  }
  const script = words[1];
  if (INTERPRETERS.has(program.split('/').pop()!) && script !== undefined && /^[\w./+-]+$/.test(script) && !script.startsWith('-')) {
    try {
      statSync(isAbsolute(script) ? script : resolve(script));
    } catch {
      throw new CliError(say('cli.err.seat-no-script', { label, script }));
    }
  }
}

/** One run of a seat's program, with the answer it is expected to give next. */
interface Run {
  child: ChildProcess;
  waiting: ((line: string | null) => void) | null;
  exited: boolean;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  answered: number;
}

/** Ends a run and every process it started (the shell and what it ran: they share a process group). */
function kill(run: Run): void {
  if (run.exited || run.child.pid === undefined) return;
  try {
    process.kill(-run.child.pid, 'SIGKILL');
  } catch {
    run.child.kill('SIGKILL');
  }
}

/**
 * A process speaking JSON lines: it receives {"type":"observation","observation":…} — with
 * "refused": {code, message} when its last command was refused — and answers one command object per
 * line (or null to end its slot). At the end it receives {"type":"closed"} and its stdin closes.
 *
 * A program that misses the time limit is stopped and a fresh one is started for its next turn: its
 * late answer could otherwise be read as the answer to a newer observation. A program that exits on
 * its own is not restarted; its slots are ended for it for the rest of the game.
 */
function processAgent(command: string, seat: string, quiet: boolean): LoadedAgent {
  checkCommand(command, seat);
  const label = `--seat ${seat}=exec:${command}`;
  let run: Run | null = null;
  let exited = false;
  let problem: string | null = null;

  const start = (): Run => {
    // Its own process group (detached), so that stopping it stops the program the shell started too.
    const child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
    const r: Run = { child, waiting: null, exited: false, exitCode: null, signal: null, answered: 0 };
    // One line answers the observation last sent; a line nobody waits for (a second answer, a late
    // one, stray output) is dropped rather than taken for the answer to the next observation.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.trim() === '' || r.waiting === null) return;
      const answer = r.waiting;
      r.waiting = null;
      answer(line);
    });
    const gone = (code: number | null, signal: NodeJS.Signals | null) => {
      if (r.exited) return;
      r.exited = true;
      r.exitCode = code;
      r.signal = signal;
      const answer = r.waiting;
      r.waiting = null;
      answer?.(null);
    };
    child.on('close', gone);
    child.on('error', () => gone(null, null));
    child.stdin!.on('error', () => {});
    return r;
  };
  run = start();

  return {
    async choose(observation, refused) {
      if (exited) throw new Error('the program has exited');
      const r = (run ??= start());
      const answer = new Promise<string | null>((resolveLine) => (r.waiting = resolveLine));
      if (r.exited) r.waiting?.(null);
      else r.child.stdin!.write(`${JSON.stringify({ type: 'observation', ...(refused ? { refused: { code: refused.code, message: refused.message } } : {}), observation })}\n`);
      let line: string | null;
      try {
        line = await withTimeout(answer, AGENT_TIMEOUT_MS);
      } catch (error) {
        r.waiting = null;
        kill(r);
        run = null;
        throw error;
      }
      if (line === null) {
        exited = true;
        if (r.answered === 0) {
          problem = say('cli.agent.exited', { label, how: r.signal ? 'signal' : 'code', signal: r.signal ?? '', code: r.exitCode ?? 'unknown' });
          if (!quiet) process.stderr.write(`communique: ${say('cli.agent.slots-ended', { problem, seat })}\n`);
        }
        throw new Error('the program has exited');
      }
      r.answered += 1;
      try {
        return JSON.parse(line) as unknown;
      } catch {
        // Refused as malformed ("expected object, got string …"), so the program hears what it sent.
        return `not JSON: ${line.slice(0, 120)}`;
      }
    },
    close() {
      const r = run;
      run = null;
      exited = true;
      if (!r || r.exited) return;
      return new Promise<void>((done) => {
        const timer = setTimeout(() => kill(r), EXIT_GRACE_MS);
        r.child.once('close', () => {
          clearTimeout(timer);
          done();
        });
        r.child.stdin!.end(`${JSON.stringify({ type: 'closed' })}\n`);
      });
    },
    problem: () => problem,
  };
}
