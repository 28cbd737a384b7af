// Seats played by programs outside Communiqué: a JavaScript module exporting a policy, or a process that
// reads one JSON observation per line on stdin and answers one JSON command per line on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import type { Refusal } from '../domain/commands.ts';
import type { ObservationJson } from '../domain/observation.ts';
import type { SeatAgent } from '../engine/autoplay.ts';
import { CliError } from './io.ts';

/** How long a program may think before its slot is ended for it. */
export const AGENT_TIMEOUT_MS = 5_000;

class AgentTimeout extends Error {
  readonly code = 'timeout';
}

/** Parses `--seat RU=./agent.mjs` or `--seat RU=exec:python3 agent.py` into seat and spec. */
export function parseSeatFlag(value: string, seats: readonly string[]): { seat: string; spec: string } {
  const at = value.indexOf('=');
  if (at < 1) throw new CliError(`--seat ${value}: expected <delegation>=<module path> or <delegation>=exec:<command>`);
  const seat = value.slice(0, at).toUpperCase();
  const spec = value.slice(at + 1);
  if (!seats.includes(seat)) throw new CliError(`--seat ${value}: unknown delegation "${seat}"; expected one of ${seats.join(', ')}`);
  if (spec === '' || spec === 'exec:') throw new CliError(`--seat ${value}: no module or command after "="`);
  return { seat, spec };
}

/** A seat agent from its spec: `exec:<command>` starts a process, anything else is a module path. */
export async function loadAgent(spec: string, seat: string): Promise<SeatAgent> {
  return spec.startsWith('exec:') ? processAgent(spec.slice('exec:'.length), seat) : moduleAgent(spec, seat);
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

async function moduleAgent(path: string, seat: string): Promise<SeatAgent> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`--seat ${seat}=${path}: cannot load the module (${(error as Error).message.split('\n')[0]})`);
  }
  const policy = (typeof mod.default === 'function' ? mod.default : mod.policy) as
    | ((observation: ObservationJson, refused: Refusal | null) => unknown)
    | undefined;
  if (typeof policy !== 'function') throw new CliError(`--seat ${seat}=${path}: the module exports no policy (a default export or "policy" function)`);
  return {
    choose: (observation, refused) => withTimeout(Promise.resolve().then(() => policy(observation, refused)), AGENT_TIMEOUT_MS),
    close: () => {},
  };
}

/**
 * A process speaking JSON lines: it receives {"type":"observation","observation":…} — with
 * "refused": {code, message} when its last command was refused — and answers one command object per
 * line (or null to end its slot). At the end it receives {"type":"closed"} and its stdin closes.
 */
function processAgent(command: string, seat: string): Promise<SeatAgent> {
  let child: ChildProcess;
  try {
    child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'inherit'] });
  } catch (error) {
    throw new CliError(`--seat ${seat}=exec:${command}: cannot start (${(error as Error).message})`);
  }
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string | null) => void)[] = [];
  const queued: string[] = [];
  let ended = false;
  // An answer that comes after its time-out belongs to an old observation: it is dropped, not misread.
  let late = 0;
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    if (late > 0 && waiting.length === 0) {
      late -= 1;
      return;
    }
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  const end = () => {
    ended = true;
    for (const w of waiting.splice(0)) w(null);
  };
  lines.on('close', end);
  child.on('error', end);
  child.stdin!.on('error', () => {});
  const nextLine = () =>
    new Promise<string | null>((resolveLine) => {
      if (queued.length > 0) resolveLine(queued.shift()!);
      else if (ended) resolveLine(null);
      else waiting.push(resolveLine);
    });
  return Promise.resolve({
    async choose(observation, refused) {
      if (ended) throw new Error('the program has exited');
      child.stdin!.write(`${JSON.stringify({ type: 'observation', ...(refused ? { refused } : {}), observation })}\n`);
      const pending = nextLine();
      let line: string | null;
      try {
        line = await withTimeout(pending, AGENT_TIMEOUT_MS);
      } catch (error) {
        const at = waiting.indexOf(waiting[waiting.length - 1]!);
        if (at >= 0) waiting.splice(at, 1);
        late += 1;
        throw error;
      }
      if (line === null) throw new Error('the program has exited');
      try {
        return JSON.parse(line) as unknown;
      } catch {
        // Not JSON: refused like any malformed command, so the program hears why.
        return { type: 'not-json', line: line.slice(0, 200) };
      }
    },
    close() {
      if (!ended) {
        try {
          child.stdin!.end(`${JSON.stringify({ type: 'closed' })}\n`);
        } catch {
          // already gone
        }
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 1_000);
      timer.unref();
      child.once('exit', () => clearTimeout(timer));
    },
  });
}
