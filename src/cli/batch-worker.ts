// A batch worker thread: plays its share of the seeds headless and reports each game's result.
import { parentPort, workerData } from 'node:worker_threads';
import { matchesHistory } from '../domain/outcome.ts';
import { autopilot } from '../ai/autopilot.ts';
import { policyFor, type PolicyName } from '../ai/policies.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { scoreOf } from '../domain/score.ts';
import { seatOfRole, type Difficulty, type Role } from '../domain/state.ts';
import { playOut } from '../engine/autoplay.ts';
import { Meeting } from '../engine/meeting.ts';

export interface BatchJob {
  scenario: Scenario;
  seeds: string[];
  role: Role;
  policy: PolicyName;
  difficulty: Difficulty;
}

export interface GameResult {
  seed: string;
  kind: string;
  matchesHistory: boolean;
  score: number;
  paragraphs: { id: string; agreedByAll: boolean; adoptedVariant: string | null; dissenters: string[] }[];
}

const job = workerData as BatchJob;
const seat = seatOfRole(job.scenario, job.role);
const policy = seat === null ? autopilot : policyFor(job.scenario, seat, job.policy);
for (const seed of job.seeds) {
  const meeting = Meeting.open(job.scenario, { seed, role: job.role, difficulty: job.difficulty });
  playOut(meeting, policy);
  const state = meeting.state;
  const outcome = meeting.outcome();
  const result: GameResult = {
    seed,
    kind: outcome.kind,
    matchesHistory: matchesHistory(job.scenario, outcome),
    score: scoreOf(job.scenario, state, outcome).total,
    paragraphs: outcome.paragraphs.map((p) => ({ id: p.id, agreedByAll: p.agreedByAll, adoptedVariant: p.adoptedVariant, dissenters: p.dissenters })),
  };
  parentPort!.postMessage(result);
}
