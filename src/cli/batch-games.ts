// A batch's share of games: plays its seeds headless — with any seats played by programs — and reports
// each game's result; run in a worker thread (batch-worker.ts) or, with one worker, in the CLI's own.
import { historicalMatch, type HistoricalMatch } from '../domain/outcome.ts';
import { autopilot, autopilotWith, type Policy } from '../ai/autopilot.ts';
import { parametersOf, type AiParameters } from '../ai/parameters.ts';
import { policyFor, type PolicyName } from '../ai/policies.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { scoreOf } from '../domain/score.ts';
import { seatOfRole, type Difficulty, type Role } from '../domain/state.ts';
import { playOut, playOutWith } from '../engine/autoplay.ts';
import { Meeting } from '../engine/meeting.ts';
import { loadAgent, type LoadedAgent, type SeatSpec } from './agents.ts';
import { CliError } from './io.ts';
import { say } from './words.ts';
import type { Lang } from '../i18n/index.ts';

export interface BatchJob {
  scenario: Scenario;
  seeds: string[];
  role: Role;
  policy: PolicyName;
  difficulty: Difficulty;
  /** Seats played by programs (`--seat`); empty when every seat plays a built-in policy. */
  seats: SeatSpec[];
  /** The AI's global parameters for this batch (the fidelity search); the defaults when absent. */
  parameters?: Partial<AiParameters>;
  /** The language of the command line (`--lang`), for the problems a worker reports; English when absent. */
  lang?: Lang;
}

/** How often a program's slot was ended for it in one game, by the reason the transcript gives. */
export interface AgentEnds {
  refused: number;
  silent: number;
  failed: number;
}

export interface GameResult {
  seed: string;
  kind: string;
  matchesHistory: boolean;
  /** Each item of the historical record this game matched, and its share of the record's wordings. */
  match: HistoricalMatch;
  score: number;
  paragraphs: { id: string; agreedByAll: boolean; adoptedVariant: string | null; dissenters: string[] }[];
  agentEnds: AgentEnds;
}

/** What a worker tells the batch: a game played, or a problem that stops the batch (said in one line). */
export type WorkerMessage = { type: 'game'; result: GameResult } | { type: 'error'; message: string };

function resultOf(job: BatchJob, meeting: Meeting, seed: string): GameResult {
  const outcome = meeting.outcome();
  const match = historicalMatch(job.scenario, outcome);
  const agentEnds: AgentEnds = { refused: 0, silent: 0, failed: 0 };
  for (const r of meeting.log) {
    if (r.kind !== 'slot-ended' || !r.reason) continue;
    if (r.reason.code === 'agent-refused') agentEnds.refused++;
    else if (r.reason.code === 'agent-silent') agentEnds.silent++;
    else if (r.reason.code === 'agent-failed') agentEnds.failed++;
  }
  return {
    seed,
    kind: outcome.kind,
    matchesHistory: match.all,
    match,
    score: scoreOf(job.scenario, meeting.state, outcome).total,
    paragraphs: outcome.paragraphs.map((p) => ({ id: p.id, agreedByAll: p.agreedByAll, adoptedVariant: p.adoptedVariant, dissenters: p.dissenters })),
    agentEnds,
  };
}

/**
 * One game with programs in some seats. The agents are loaded for each game: a module is imported once
 * per worker (the import is cached), so its policy is shared by that worker's games; a command is started
 * afresh for each game and told {"type":"closed"} at its end, so every game meets the program in the same
 * state, whichever worker plays it and whatever the program did in the last game (docs/seats.md).
 */
async function playWithAgents(job: BatchJob, seed: string, policy: Policy, others: Policy): Promise<GameResult> {
  const agents: Record<string, LoadedAgent> = {};
  let meeting: Meeting;
  try {
    for (const { seat: id, spec } of job.seats) agents[id] = await loadAgent(spec, id, { quiet: true });
    meeting = Meeting.open(job.scenario, { seed, role: job.role, difficulty: job.difficulty }, { conduct: false, autopilot: others });
    await playOutWith(meeting, agents, policy);
  } finally {
    await Promise.all(Object.values(agents).map((a) => a.close()));
  }
  // A program that never answered did not play: the batch would only measure its absence.
  const problem = Object.values(agents)
    .map((a) => a.problem())
    .find((p) => p !== null);
  if (problem) throw new AgentProblem(problem);
  return resultOf(job, meeting, seed);
}

class AgentProblem extends Error {}

/**
 * Plays every seed of `job` in order and tells `post` each game's result; a problem the user must fix
 * (an agent that cannot load or never answers) is posted as one line and ends the share.
 */
export async function playShare(job: BatchJob, post: (message: WorkerMessage) => void): Promise<void> {
  const seat = seatOfRole(job.scenario, job.role);
  const others = job.parameters ? autopilotWith(parametersOf(job.parameters)) : autopilot;
  const policy = seat === null ? others : policyFor(job.scenario, seat, job.policy);
  for (const seed of job.seeds) {
    if (job.seats.length === 0) {
      const meeting = Meeting.open(job.scenario, { seed, role: job.role, difficulty: job.difficulty }, { autopilot: others });
      playOut(meeting, policy);
      post({ type: 'game', result: resultOf(job, meeting, seed) });
      continue;
    }
    try {
      post({ type: 'game', result: await playWithAgents(job, seed, policy, others) });
    } catch (error) {
      // Loading errors (CliError) and programs that never answered are the user's to fix: one line.
      if (error instanceof AgentProblem || error instanceof CliError) {
        post({ type: 'error', message: say('cli.batch.in-game', { problem: (error as Error).message, seed }) });
        return;
      }
      throw error;
    }
  }
}
