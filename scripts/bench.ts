// `npm run bench`: engine speed on the New Delhi scenario — per command, per whole game, replay with
// hash checks, and the XState engine against the bare domain functions (the floor).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decide } from '../src/domain/ai.ts';
import type { Command } from '../src/domain/commands.ts';
import { stateHash } from '../src/domain/hash.ts';
import { applyCommand, checkCommand, openMeeting } from '../src/domain/rules.ts';
import { INSTRUCTOR, type MeetingState, type Role } from '../src/domain/state.ts';
import { checkScenario } from '../src/domain/validate.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting, scenarioHash } from '../src/engine/meeting.ts';
import { replayOf, verifyReplay, type ReplayFile } from '../src/engine/replay.ts';
import { packageRoot } from '../src/cli/io.ts';
import { playHeadless } from '../src/domain/headless.ts';
import { chooseCommand } from '../src/domain/ai.ts';
import { batchSeeds, runBatch } from '../src/cli/batch.ts';
import { availableParallelism } from 'node:os';

const TARGET_GAME_MS = 20;
const TARGET_RATIO = 2;
const TARGET_GAMES_PER_CORE = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function load(id: string) {
  const result = checkScenario(JSON.parse(readFileSync(join(packageRoot(), 'scenarios', `${id}.json`), 'utf8')));
  if (!result.ok) throw new Error(`${id} is invalid`);
  return result.scenario;
}

const scenario = load('new-delhi-fmm-2023');
const hash = scenarioHash(scenario);

function engineGame(seed: string, role: Role): Meeting {
  const m = Meeting.open(scenario, { seed, role, difficulty: 'standard' });
  playOut(m);
  return m;
}

/** The same game through the domain functions alone: no actor, no machine. */
function floorGame(seed: string, role: Role): MeetingState {
  let state = openMeeting(scenario, hash, { seed, role, difficulty: 'standard' });
  const seat = role === 'OBSERVER' ? null : role === 'CHAIR' ? scenario.presidency.chair : role;
  while (!state.closed) {
    let command: Command = seat === null ? { type: 'advance-slot', actor: INSTRUCTOR } : { type: 'end-slot', actor: seat };
    if (seat !== null) {
      const choice = decide(scenario, state, seat);
      if (choice && checkCommand(scenario, state, choice) === null) command = choice;
    }
    if (checkCommand(scenario, state, command) !== null) throw new Error('floor game refused a command');
    state = applyCommand(scenario, state, command);
  }
  return state;
}

function timeIt(runs: number, fn: (i: number) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn(i);
    times.push(performance.now() - t0);
  }
  return times;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);
const status = (ok: boolean) => (ok ? 'ok' : 'MISSED');

// Warm up the JIT on both paths.
for (let i = 0; i < 20; i++) {
  engineGame(`warm-${i}`, 'CHAIR');
  floorGame(`warm-${i}`, 'CHAIR');
}

// 1. Per command, including every AI response (the chair role gives the most varied commands).
const perCommand: number[] = [];
for (let g = 0; g < 40; g++) {
  const m = Meeting.open(scenario, { seed: `cmd-${g}`, role: 'CHAIR', difficulty: 'standard' });
  const seat = scenario.presidency.chair;
  while (!m.closed) {
    const choice = decide(scenario, m.state, seat);
    const command: Command = choice && m.check(choice) === null ? choice : { type: 'end-slot', actor: seat };
    const t0 = performance.now();
    m.send(command);
    perCommand.push((performance.now() - t0) * 1000);
  }
}

// 2. A whole autopilot game, every seat played by the AI.
const RUNS = 60;
const games = timeIt(RUNS, (i) => engineGame(`game-${i}`, 'OBSERVER'));
const floors = timeIt(RUNS, (i) => floorGame(`game-${i}`, 'OBSERVER'));
const chairGames = timeIt(RUNS, (i) => engineGame(`chair-${i}`, 'CHAIR'));
const chairFloors = timeIt(RUNS, (i) => floorGame(`chair-${i}`, 'CHAIR'));
// The two paths must compute the same game, or the comparison means nothing.
for (const role of ['OBSERVER', 'CHAIR'] as Role[]) {
  if (engineGame('same', role).stateHash() !== stateHash(floorGame('same', role))) throw new Error(`engine and floor disagree (${role})`);
}

// 3. Replaying 1,000 commands with hash checks: chair games' logs back to back until 1,000 commands.
const logs: ReplayFile[] = [];
let total = 0;
for (let i = 0; total < 1000; i++) {
  const replay = replayOf(engineGame(`replay-${i}`, 'CHAIR'));
  const need = 1000 - total;
  if (replay.commands.length > need) {
    replay.commands = replay.commands.slice(0, need);
    replay.checkpoints = replay.checkpoints.filter((c) => c.step <= need);
  }
  logs.push(replay);
  total += replay.commands.length;
}
const checkpoints = logs.reduce((n, r) => n + r.checkpoints.length, 0);
const replays = timeIt(5, () => {
  for (const replay of logs) if (!verifyReplay(scenario, replay).ok) throw new Error('replay diverged');
});

// 4. Batch throughput: headless autopilot games, one core in this thread, then all cores in workers.
const HEADLESS = 300;
const quiet = { narrate: false };
for (let i = 0; i < 30; i++) playHeadless(scenario, hash, { seed: `warm-h-${i}`, role: 'OBSERVER', difficulty: 'standard' }, chooseCommand, quiet);
const t0 = performance.now();
for (let i = 0; i < HEADLESS; i++) playHeadless(scenario, hash, { seed: `h-${i}`, role: 'OBSERVER', difficulty: 'standard' }, chooseCommand, quiet);
const perCore = HEADLESS / ((performance.now() - t0) / 1000);
const cores = availableParallelism();
const batch = await runBatch(
  { scenario, seeds: batchSeeds('bench', 1000), role: 'OBSERVER', policy: 'autopilot', difficulty: 'standard' },
  { now: () => performance.now() },
);

const gameMedian = median(games);
const ratio = gameMedian / median(floors);
const chairRatio = median(chairGames) / median(chairFloors);
const lines = [
  `Communiqué engine bench — new-delhi-fmm-2023 (${scenario.delegations.length} delegations, ${scenario.paragraphs.length} paragraphs), Node ${process.version}`,
  '',
  `per command, incl. every AI response:  median ${fmt(median(perCommand), 0)} µs over ${perCommand.length} commands (chair games)`,
  `whole autopilot game (every seat AI):   median ${fmt(gameMedian)} ms over ${RUNS} seeds   target ≤ ${TARGET_GAME_MS} ms  ${status(gameMedian <= TARGET_GAME_MS)}`,
  `whole game played as chair (scripted):  median ${fmt(median(chairGames))} ms`,
  `floor, domain functions without XState: median ${fmt(median(floors))} ms (autopilot), ${fmt(median(chairFloors))} ms (chair)`,
  `XState engine / floor:                   ${fmt(ratio)}× (autopilot), ${fmt(chairRatio)}× (chair)   target ≤ ${TARGET_RATIO}×  ${status(ratio <= TARGET_RATIO && chairRatio <= TARGET_RATIO)}`,
  `replay 1,000 commands with hash checks:  median ${fmt(median(replays), 1)} ms (${logs.length} chair-game logs back to back, ${checkpoints} checkpoints verified)`,
  `batch, one core (headless autopilot):    ${fmt(perCore, 0)} games/s   target ≥ ${TARGET_GAMES_PER_CORE}/core  ${status(perCore >= TARGET_GAMES_PER_CORE)}`,
  `batch, all ${cores} cores (worker threads):    ${fmt(batch.gamesPerSecond, 0)} games/s over 1,000 games (${fmt(batch.gamesPerSecond / cores, 0)} per core, start-up included)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
