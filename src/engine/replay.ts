// Replay files: writing a game's command log with state-hash checkpoints, reading one back (with
// migrations from older formats), and re-running it to verify every checkpoint.
import { z } from 'zod';
import { CommandSchema } from '../domain/commands.ts';
import { jsonPath } from '../domain/validate.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, type Role } from '../domain/state.ts';
import { Meeting, scenarioHash } from './meeting.ts';
import { ENGINE_VERSION, REPLAY_FORMAT } from './version.ts';

export const ReplayFileSchema = z.strictObject({
  format: z.literal(REPLAY_FORMAT),
  engineVersion: z.string().min(1),
  scenario: z.strictObject({ id: z.string().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/, 'a 64-digit hex hash') }),
  seed: z.string(),
  role: z.string().regex(/^(CHAIR|OBSERVER|[A-Z]{2,4})$/, 'CHAIR, OBSERVER or a delegation id'),
  difficulty: z.enum(DIFFICULTIES),
  commands: z.array(CommandSchema),
  checkpoints: z.array(z.strictObject({ step: z.number().int().min(0), stateHash: z.string().regex(/^[0-9a-f]{64}$/) })),
  parent: z.strictObject({ file: z.string(), step: z.number().int().min(0) }).optional(),
});

export type ReplayFile = z.infer<typeof ReplayFileSchema>;

/** Numbered migrations: MIGRATIONS[n] turns a format-n file into format n+1. None exist yet. */
const MIGRATIONS: Record<number, (file: Record<string, unknown>) => Record<string, unknown>> = {};

export type ReplayProblem =
  | { kind: 'malformed'; message: string }
  | { kind: 'scenario-mismatch'; message: string }
  | { kind: 'refused'; step: number; message: string }
  | { kind: 'diverged'; step: number; message: string; expected: string; actual: string };

/** Reads a parsed JSON value as a replay file, migrating older formats; problems name their JSON path. */
export function readReplay(input: unknown): { ok: true; replay: ReplayFile } | { ok: false; problem: ReplayProblem } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problem: { kind: 'malformed', message: 'a replay file is a JSON object' } };
  }
  let file = input as Record<string, unknown>;
  const format = file.format;
  if (typeof format !== 'number' || !Number.isInteger(format)) {
    return { ok: false, problem: { kind: 'malformed', message: 'format: missing; expected the replay format number' } };
  }
  if (format > REPLAY_FORMAT) {
    return {
      ok: false,
      problem: { kind: 'malformed', message: `format ${format} is newer than this engine reads (${REPLAY_FORMAT}); update Communiqué` },
    };
  }
  for (let n = format; n < REPLAY_FORMAT; n++) {
    const migrate = MIGRATIONS[n];
    if (!migrate) return { ok: false, problem: { kind: 'malformed', message: `format ${format} is no longer supported` } };
    file = migrate(file);
  }
  const parsed = ReplayFileSchema.safeParse(file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = jsonPath(issue.path);
    const step = issue.path[0] === 'commands' && typeof issue.path[1] === 'number' ? ` (command at step ${issue.path[1] + 1})` : '';
    return { ok: false, problem: { kind: 'malformed', message: `${where}: ${issue.message}${step}` } };
  }
  return { ok: true, replay: parsed.data };
}

/** A checkpoint hash is written every this many commands, and after the last one. */
export const CHECKPOINT_EVERY = 10;

/** Checkpoint steps for a log of `length` commands: 0, every CHECKPOINT_EVERY, and the last. */
export function checkpointSteps(length: number): number[] {
  const steps: number[] = [];
  for (let step = 0; step <= length; step += CHECKPOINT_EVERY) steps.push(step);
  if (steps[steps.length - 1] !== length) steps.push(length);
  return steps;
}

/**
 * The replay file of a meeting in progress or finished. Checkpoint hashes are computed here, by
 * re-running the log from the opening, so play itself never pays for hashing.
 */
export function replayOf(meeting: Meeting, parent?: ReplayFile['parent']): ReplayFile {
  const s = meeting.state;
  const rerun = Meeting.open(meeting.scenario, { seed: s.seed, role: s.role, difficulty: s.difficulty });
  const wanted = new Set(checkpointSteps(meeting.commands.length));
  const checkpoints: ReplayFile['checkpoints'] = [{ step: 0, stateHash: rerun.stateHash() }];
  meeting.commands.forEach((command, i) => {
    const result = rerun.send(command);
    if (!result.ok) throw new Error(`the log does not replay at step ${i + 1}: ${result.refusal.message}`);
    if (wanted.has(i + 1)) checkpoints.push({ step: i + 1, stateHash: rerun.stateHash() });
  });
  const last = checkpoints[checkpoints.length - 1]!;
  if (last.stateHash !== meeting.stateHash()) throw new Error('the log does not reproduce the meeting (internal error)');
  return {
    format: REPLAY_FORMAT,
    engineVersion: ENGINE_VERSION,
    scenario: { id: meeting.scenario.meta.id, hash: scenarioHash(meeting.scenario) },
    seed: s.seed,
    role: s.role,
    difficulty: s.difficulty,
    commands: [...meeting.commands],
    checkpoints,
    ...(parent ? { parent } : {}),
  };
}

/**
 * Re-runs a replay and checks the state hash at every checkpoint. Stops at the first refused command
 * or diverging checkpoint, naming its step (1-based: step n is after the n-th command).
 */
export function verifyReplay(
  scenario: Scenario,
  replay: ReplayFile,
  onStep?: (step: number, meeting: Meeting) => void,
): { ok: true; meeting: Meeting } | { ok: false; problem: ReplayProblem; meeting?: Meeting } {
  if (replay.scenario.id !== scenario.meta.id) {
    return {
      ok: false,
      problem: { kind: 'scenario-mismatch', message: `the replay is of scenario "${replay.scenario.id}", not "${scenario.meta.id}"` },
    };
  }
  if (replay.scenario.hash !== scenarioHash(scenario)) {
    return {
      ok: false,
      problem: {
        kind: 'scenario-mismatch',
        message: `scenario "${scenario.meta.id}" has changed since this replay was recorded (hash ${replay.scenario.hash.slice(0, 12)}… ≠ ${scenarioHash(scenario).slice(0, 12)}…)`,
      },
    };
  }
  const meeting = Meeting.open(scenario, { seed: replay.seed, role: replay.role as Role, difficulty: replay.difficulty });
  const expected = new Map(replay.checkpoints.map((c) => [c.step, c.stateHash]));
  const check = (step: number): ReplayProblem | null => {
    const want = expected.get(step);
    if (want === undefined) return null;
    const actual = meeting.stateHash();
    return actual === want
      ? null
      : { kind: 'diverged', step, expected: want, actual, message: `state hash differs after step ${step}` };
  };
  const first = check(0);
  if (first) return { ok: false, problem: first, meeting };
  for (let i = 0; i < replay.commands.length; i++) {
    const step = i + 1;
    const result = meeting.send(replay.commands[i]);
    if (!result.ok) {
      return {
        ok: false,
        problem: { kind: 'refused', step, message: `step ${step} (${replay.commands[i]!.type} by ${replay.commands[i]!.actor}) was refused: ${result.refusal.message}` },
        meeting,
      };
    }
    onStep?.(step, meeting);
    const problem = check(step);
    if (problem) return { ok: false, problem, meeting };
  }
  return { ok: true, meeting };
}
