// `npm run bench` (engine part; `node dist/cli/bench.js [--json]`): the engine's speed measured as CPU
// time, with each target printed beside its figure — end-slot with every AI seat responding, other
// commands, whole games, replay, replay against play, the engine against the bare rules loop (the
// floor), the command line as whole processes, and how time grows with delegations and paragraphs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../src/domain/commands.ts';
import type { LogRecord } from '../src/domain/log.ts';
import { applyCommand, checkCommand, openMeeting } from '../src/domain/rules.ts';
import { Observation } from '../src/domain/observation.ts';
import { rulesHash } from '../src/domain/scenario-hash.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { INSTRUCTOR, type MeetingState, type Role } from '../src/domain/state.ts';
import { checkScenario } from '../src/domain/validate.ts';
import { autopilot } from '../src/ai/autopilot.ts';
import { withReason } from '../src/ai/support.ts';
import { seatDice } from '../src/rng/index.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { replayOf, verifyReplay, type ReplayFile } from '../src/engine/replay.ts';
import { packageRoot } from '../src/cli/io.ts';

const TARGETS = {
  endSlotUs: 300,
  playerCommandUs: 10,
  autopilotGameMs: 2.5,
  replay1000Ms: 25,
  replayOverPlay: 0.5,
  xstateOverFloor: 1.3,
  cliSimulateMs: 200,
  batchGamesPerCpuSecond: 450,
  growthDelegations: 1.5,
  growthParagraphs: 1.1,
};

/** CPU time of this process in microseconds (user + system): a busy machine does not inflate it. */
function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function load(id: string): Scenario {
  const result = checkScenario(JSON.parse(readFileSync(join(packageRoot(), 'scenarios', `${id}.json`), 'utf8')));
  if (!result.ok) throw new Error(`${id} is invalid`);
  return result.scenario;
}

const scenario = load('new-delhi-fmm-2023');

function autopilotGame(s: Scenario, seed: string): Meeting {
  const m = Meeting.open(s, { seed, role: 'OBSERVER', difficulty: 'standard' });
  playOut(m);
  return m;
}

/** The same game through the rules and the policies alone, in place: no engine, no log kept, no parsing. */
function floorGame(s: Scenario, seed: string): MeetingState {
  const sink: LogRecord[] = [];
  const state = openMeeting(s, rulesHash(s), { seed, role: 'OBSERVER', difficulty: 'standard' }, sink);
  while (!state.closed) {
    let command: Command;
    if (state.turn !== null) {
      const seat = state.turn;
      const d = autopilot(new Observation(s, state, seat), seatDice(state.seed, seat, state.step));
      const choice = d ? withReason(d) : null;
      command = choice && checkCommand(s, state, choice) === null ? choice : { type: 'end-slot', actor: seat };
    } else command = { type: 'advance-slot', actor: INSTRUCTOR };
    if (checkCommand(s, state, command) !== null) throw new Error('the floor game was refused a command');
    applyCommand(s, state, command, sink);
    sink.length = 0;
  }
  return state;
}

/** CPU of one call, in microseconds. */
function timed(fn: () => void): number {
  const t = cpuUs();
  fn();
  return cpuUs() - t;
}

// `--games N`: only N autopilot games and their median CPU, for profiling (node --cpu-prof).
const gamesOnly = process.argv.indexOf('--games');
if (gamesOnly >= 0) {
  const n = Number(process.argv[gamesOnly + 1] ?? 300);
  const each = Array.from({ length: n }, (_, i) => timed(() => void autopilotGame(scenario, `profile-${i}`)));
  const mean = each.reduce((a, b) => a + b, 0) / n;
  process.stdout.write(`${n} autopilot games: median ${(median(each) / 1000).toFixed(2)} ms CPU, mean ${(mean / 1000).toFixed(2)} ms (first 30: ${(each.slice(0, 30).reduce((a, b) => a + b, 0) / 30000).toFixed(2)} ms)\n`);
  // How the JIT warms up: the mean CPU of each block of ten games, in order.
  const blocks = Array.from({ length: Math.ceil(n / 10) }, (_, b) => each.slice(b * 10, b * 10 + 10)).map((xs) => (xs.reduce((a, c) => a + c, 0) / xs.length / 1000).toFixed(1));
  process.stdout.write(`by tens of games (ms): ${blocks.join(' ')}\n`);
  process.exit(0);
}

if (process.argv.includes('--hash')) {
  const m = autopilotGame(scenario, 'hash');
  const text = JSON.stringify(m.state);
  const each = Array.from({ length: 500 }, () => timed(() => void m.stateHash()));
  process.stdout.write(`state JSON ${text.length} bytes; state hash median ${median(each)} µs CPU\n`);
  const parts = Object.entries(m.state).map(([k, v]) => [k, JSON.stringify(v).length] as const).sort((a, b) => b[1] - a[1]);
  process.stdout.write(`largest parts: ${parts.slice(0, 6).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
  process.exit(0);
}

// Warm up the JIT before measuring anything: play, the bare rules loop and replay alike. `--games 400`
// shows a game costing several times its settled figure until about the 130th game (V8 compiles the
// engine meanwhile, on CPU this process is charged for), so the warm-up runs past that.
const WARM_GAMES = 150;
for (let i = 0; i < WARM_GAMES; i++) {
  const m = autopilotGame(scenario, `warm-${i}`);
  floorGame(scenario, `warm-${i}`);
  if (!verifyReplay(scenario, replayOf(m)).ok) throw new Error('a warm-up replay failed');
}

// --- end-slot and other commands, played as a delegation (the US) so every other seat is the AI's
const endSlot: number[] = [];
const other: number[] = [];
for (let g = 0; g < 60; g++) {
  const m = Meeting.open(scenario, { seed: `cmd-${g}`, role: 'US' as Role, difficulty: 'standard' });
  for (let n = 0; !m.closed && n < 5000; n++) {
    const d = m.decide('US');
    const choice = d ? withReason(d) : null;
    const command: Command = choice && m.check(choice) === null ? choice : { type: 'end-slot', actor: 'US' };
    const us = timed(() => void m.give(command));
    (command.type === 'end-slot' ? endSlot : other).push(us);
  }
}

// --- whole autopilot games, and the floor, interleaved game by game
const games: number[] = [];
const floors: number[] = [];
const ratios: number[] = [];
// --- replay: the first 60 games' logs re-run with their hash checks beside the play of the same game
// (before it in odd games, after it in even ones, so neither side always pays for the other's
// garbage): play and replay are measured under the same load, which drifts within a run here
let replayUs = 0;
let replayCommands = 0;
let playUs = 0;
// The files are written first, so that making one (a re-run of its game) is charged to neither side.
const files: ReplayFile[] = Array.from({ length: 60 }, (_, g) => replayOf(autopilotGame(scenario, `game-${g}`)));
function replayed(file: ReplayFile): number {
  return timed(() => {
    const v = verifyReplay(scenario, file);
    if (!v.ok) throw new Error(`bench replay failed: ${v.problem.message}`);
  });
}
for (let g = 0; g < 200; g++) {
  const file = files[g];
  if (file && g % 2 === 1) replayUs += replayed(file);
  const a = timed(() => void autopilotGame(scenario, `game-${g}`));
  if (file && g % 2 === 0) replayUs += replayed(file);
  if (file) {
    replayCommands += file.commands.length;
    playUs += a;
  }
  const b = timed(() => void floorGame(scenario, `game-${g}`));
  games.push(a);
  floors.push(b);
  ratios.push(a / b);
}

// --- growth: synthetic scenarios with the delegations, or the paragraphs, doubled and quadrupled
function scaled(s: Scenario, delegations: number, paragraphs: number): Scenario {
  const letters = 'BCDEFGH';
  const copyId = (id: string, k: number) => (k === 0 ? id : `${id.slice(0, 3)}${letters[k - 1]}`.slice(0, 4));
  const pids = (k: number) => s.paragraphs.map((p) => (k === 0 ? p.id : `${p.id}-x${k}`));
  const paragraphList = Array.from({ length: paragraphs }, (_, k) => s.paragraphs.map((p, i) => ({ ...p, id: pids(k)[i]! }))).flat();
  const delegationList = Array.from({ length: delegations }, (_, k) =>
    s.delegations.map((d) => ({
      ...d,
      id: copyId(d.id, k),
      positions: Object.fromEntries(Array.from({ length: paragraphs }, (_, j) => s.paragraphs.map((p, i) => [pids(j)[i]!, d.positions[p.id]!])).flat()),
    })),
  ).flat();
  return { ...s, delegations: delegationList, paragraphs: paragraphList, events: [] };
}
function perGame(s: Scenario, n: number): number {
  for (let i = 0; i < 3; i++) autopilotGame(s, `grow-warm-${i}`);
  return median(Array.from({ length: n }, (_, i) => timed(() => void autopilotGame(s, `grow-${i}`))));
}
const base = perGame(scaled(scenario, 1, 1), 30);
const d2 = perGame(scaled(scenario, 2, 1), 12);
const d4 = perGame(scaled(scenario, 4, 1), 6);
const p2 = perGame(scaled(scenario, 1, 2), 12);
const p4 = perGame(scaled(scenario, 1, 4), 6);
const exponent = (t1: number, t4: number) => Math.log(t4 / t1) / Math.log(4);

// --- the command line as whole processes: CPU of the children, read from /proc (clock ticks)
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the comm field: index 13 and 14 are cutime and cstime, in clock ticks (100 a second here).
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}
function processCpu(args: string[]): number {
  const before = childCpuMs();
  const run = spawnSync(process.execPath, [join(packageRoot(), 'bin', 'communique.js'), ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`communique ${args.join(' ')} failed: ${run.stderr}`);
  return childCpuMs() - before;
}
const cli = median(Array.from({ length: 7 }, () => processCpu(['simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--json'])));
const BATCH_RUNS = 400;
const batchCpu = median(Array.from({ length: 3 }, () => processCpu(['batch', '--scenario', 'new-delhi-fmm-2023', '--runs', String(BATCH_RUNS), '--workers', '1', '--json'])));

const result = {
  endSlotUs: Math.round(median(endSlot)),
  playerCommandUs: Math.round(median(other) * 10) / 10,
  autopilotGameMs: Math.round(median(games) / 10) / 100,
  gamesPerSecPerCore: Math.round(1e6 / median(games)),
  replay1000Ms: Math.round((replayUs / replayCommands) * 1000) / 1000 / 1,
  replayOverPlay: Math.round((replayUs / playUs) * 1000) / 1000,
  xstateOverFloor: Math.round(median(ratios) * 1000) / 1000,
  cliSimulateMs: Math.round(cli),
  batchGamesPerCpuSecond: Math.round((BATCH_RUNS * 1000) / batchCpu),
  growthDelegations: Math.round(exponent(base, d4) * 100) / 100,
  growthParagraphs: Math.round(exponent(base, p4) * 100) / 100,
  growth: { baseMs: base / 1000, delegationsX2Ms: d2 / 1000, delegationsX4Ms: d4 / 1000, paragraphsX2Ms: p2 / 1000, paragraphsX4Ms: p4 / 1000 },
  samples: { endSlots: endSlot.length, otherCommands: other.length, games: games.length, replayedCommands: replayCommands },
  targets: TARGETS,
};
result.replay1000Ms = Math.round(((replayUs / replayCommands) * 1000) / 1000 * 100) / 100;

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const rows: [string, string, string][] = [
    ['end-slot, every AI seat responding (median CPU)', `${result.endSlotUs} µs`, `≤ ${TARGETS.endSlotUs} µs`],
    ['any other command (median CPU)', `${result.playerCommandUs} µs`, `≤ ${TARGETS.playerCommandUs} µs`],
    ['whole autopilot game (median CPU)', `${result.autopilotGameMs} ms`, `≤ ${TARGETS.autopilotGameMs} ms`],
    ['games per CPU-second, one core', `${result.gamesPerSecPerCore}`, ''],
    ['replay of 1,000 commands with hash checks (CPU)', `${result.replay1000Ms} ms`, `≤ ${TARGETS.replay1000Ms} ms`],
    ['replay ÷ play of the same games (CPU)', `${result.replayOverPlay}`, `≤ ${TARGETS.replayOverPlay}`],
    ['engine ÷ bare rules loop, game by game (median)', `${result.xstateOverFloor}×`, `≤ ${TARGETS.xstateOverFloor}×`],
    ['`communique simulate --json`, whole process (CPU)', `${result.cliSimulateMs} ms`, `≤ ${TARGETS.cliSimulateMs} ms`],
    [`\`communique batch --workers 1 --runs ${BATCH_RUNS}\`, whole process`, `${result.batchGamesPerCpuSecond} games/CPU-s`, `≥ ${TARGETS.batchGamesPerCpuSecond}`],
    ['growth of time per game in delegations (×1→×4)', `D^${result.growthDelegations}`, `≤ D^${TARGETS.growthDelegations}`],
    ['growth of time per game in paragraphs (×1→×4)', `P^${result.growthParagraphs}`, `≤ P^${TARGETS.growthParagraphs}`],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`Engine bench, New Delhi FMM 2023, CPU time (${result.samples.games} games, ${result.samples.endSlots} end-slots)\n`);
  for (const [label, figure, target] of rows) process.stdout.write(`  ${label.padEnd(width)}  ${figure.padStart(16)}   target ${target || '—'}\n`);
}
