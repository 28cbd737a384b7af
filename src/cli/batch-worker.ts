// A batch worker thread: plays its share of the seeds headless and reports each game's result.
import { parentPort, workerData } from 'node:worker_threads';
import { playHeadless } from '../domain/headless.ts';
import { hashOf } from '../domain/hash.ts';
import { matchesHistory, outcomeOf } from '../domain/outcome.ts';
import { policyFor, type PolicyName } from '../domain/policies.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { scoreOf } from '../domain/score.ts';
import { seatOfRole, type Difficulty, type Role } from '../domain/state.ts';
import { chooseCommand } from '../domain/ai.ts';

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
const policy = seat === null ? chooseCommand : policyFor(job.scenario, seat, job.policy);
const scenarioHash = hashOf(job.scenario);
for (const seed of job.seeds) {
  const state = playHeadless(job.scenario, scenarioHash, { seed, role: job.role, difficulty: job.difficulty }, policy, { narrate: false });
  const outcome = outcomeOf(job.scenario, state);
  const result: GameResult = {
    seed,
    kind: outcome.kind,
    matchesHistory: matchesHistory(job.scenario, outcome),
    score: scoreOf(job.scenario, state, outcome).total,
    paragraphs: outcome.paragraphs.map((p) => ({ id: p.id, agreedByAll: p.agreedByAll, adoptedVariant: p.adoptedVariant, dissenters: p.dissenters })),
  };
  parentPort!.postMessage(result);
}
