// Replay and save files: every command of every seat with state-hash checkpoints and the final hash;
// reading one (numbered migrations, every field checked), writing one, and verifying one — which
// means every command applied, every listed checkpoint compared, and the final hash matched.
import { z } from 'zod';
import { CommandSchema } from '../domain/commands.ts';
import { migrateReplayFile } from '../domain/migrations.ts';
import { RosterSchema, type Roster } from '../domain/roster.ts';
import { rulesHash, textHash } from '../domain/scenario-hash.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, type Role } from '../domain/state.ts';
import { issueMessage, issueWords } from '../domain/validate.ts';
import type { Words } from '../domain/issues.ts';
import { ENGINE_VERSION, REPLAY_FORMAT } from '../domain/version.ts';
import { AI_VERSION } from '../ai/autopilot.ts';
import { Meeting, MeetingFault, type MeetingOptions } from './meeting.ts';

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'a 64-digit hex hash');
/** A scenario id names a scenario; it is never a path (`/etc/passwd` is refused here). */
export const ScenarioIdSchema = z.string().max(80).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a scenario id such as "new-delhi-fmm-2023"');
/** The most commands a file may hold; far above any real game (a 10 MB file holds fewer). */
export const MAX_COMMANDS = 200_000;

export const ReplayFileSchema = z.strictObject({
  format: z.literal(REPLAY_FORMAT),
  /** A replay to share or grade; a save to resume. The same content either way. */
  kind: z.enum(['replay', 'save']).default('replay'),
  engineVersion: z.string().min(1).max(40),
  aiVersion: z.string().min(1).max(40),
  scenario: z.strictObject({ id: ScenarioIdSchema, hash: Hash, textHash: Hash.optional() }),
  seed: z.string().max(200),
  role: z.string().regex(/^(CHAIR|OBSERVER|[A-Z]{2,4})$/, 'CHAIR, OBSERVER or a delegation id'),
  difficulty: z.enum(DIFFICULTIES),
  commands: z.array(CommandSchema).max(MAX_COMMANDS),
  checkpoints: z.array(z.strictObject({ step: z.number().int().min(0), stateHash: Hash })).max(MAX_COMMANDS),
  final: z.strictObject({ step: z.number().int().min(0), stateHash: Hash }),
  parent: z.strictObject({ file: z.string().max(300), step: z.number().int().min(0) }).optional(),
  /** The class group that played it (a class link's `&group=`): a label for file names and the Compare view, outside the state hash. */
  group: z.string().min(1).max(80).optional(),
  /** A classroom replay's roster: the server's record, beside the log and not covered by the state hash (see domain/roster). */
  roster: RosterSchema.optional(),
  /** A copy whose private message texts were withheld (domain/roster's withholdMessages): it cannot verify, and says why. */
  withheld: z
    .strictObject({ messages: z.number().int().min(0).max(MAX_COMMANDS), note: z.string().max(300) })
    .optional()
    .describe('This copy withholds private message texts, which the state hash binds: it is for reading and cannot be verified; the original can.'),
});

export type ReplayFile = z.infer<typeof ReplayFileSchema>;

/**
 * A problem's words as data: a catalogue key (reports.json, "replay-problem.…") and its parameters,
 * for a reader in another language; `message` beside it is the same sentence in English.
 */
export type ProblemWords = Words;

/** Why a file does not verify: the kind decides the exit code (diverged 1, everything else 2). */
export type ReplayProblem = (
  | { kind: 'malformed'; message: string }
  | { kind: 'incomplete'; message: string }
  | { kind: 'version'; message: string }
  | { kind: 'scenario-mismatch'; message: string }
  | { kind: 'refused'; step: number; message: string }
  | { kind: 'diverged'; step: number; message: string; expected: string; actual: string }
) & { words?: ProblemWords };

/** Exit codes: 0 verified, 1 diverged, 2 malformed, incomplete, of another version or scenario, or refused. */
export function exitCodeOf(problem: ReplayProblem): 1 | 2 {
  return problem.kind === 'diverged' ? 1 : 2;
}

/** Reads a parsed JSON value as a replay or save, migrating older formats; problems name their JSON path. */
export function readReplay(input: unknown): { ok: true; replay: ReplayFile } | { ok: false; problem: ReplayProblem } {
  const upgraded = migrateReplayFile(input);
  if (!upgraded.ok) {
    const kind = upgraded.message.includes('rules version') ? 'version' : 'malformed';
    // Migration refusals carry only plain parameters, so they are problem words as they stand.
    const words = upgraded.words as ProblemWords | undefined;
    return { ok: false, problem: { kind, message: upgraded.message, ...(words ? { words } : {}) } };
  }
  const parsed = ReplayFileSchema.safeParse(upgraded.file);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const step = issue.path[0] === 'commands' && typeof issue.path[1] === 'number' ? ` (the command at step ${issue.path[1] + 1})` : '';
    const at = issue.path[0] === 'commands' && typeof issue.path[1] === 'number' ? issue.path[1] + 1 : 0;
    const words = at ? { key: 'replay-problem.malformed-step', params: { ...issueWords(issue, upgraded.file), step: at } } : { key: 'replay-problem.malformed', params: issueWords(issue, upgraded.file) };
    return { ok: false, problem: { kind: 'malformed', message: `${issueMessage(issue, upgraded.file)}${step}`, words } };
  }
  const replay = parsed.data;
  if (replay.engineVersion !== ENGINE_VERSION) {
    return {
      ok: false,
      problem: {
        kind: 'version',
        message: `the file was recorded with rules version ${replay.engineVersion}; this is rules version ${ENGINE_VERSION}, which replays only its own`,
        words: { key: 'replay-problem.version', params: { file: replay.engineVersion, ours: ENGINE_VERSION } },
      },
    };
  }
  const n = replay.commands.length;
  if (n !== replay.final.step) {
    return {
      ok: false,
      problem: {
        kind: 'incomplete',
        message:
          n < replay.final.step
            ? `the file's commands end at step ${n} but its final hash is for step ${replay.final.step}`
            : `the file has ${n} commands but its final hash is for step ${replay.final.step}`,
        words: { key: n < replay.final.step ? 'replay-problem.commands-short' : 'replay-problem.commands-long', params: { n, final: replay.final.step } },
      },
    };
  }
  let last = -1;
  for (const c of replay.checkpoints) {
    if (c.step > n) {
      return { ok: false, problem: { kind: 'incomplete', message: `a checkpoint is for step ${c.step}, past the file's last command (step ${n})`, words: { key: 'replay-problem.checkpoint-past', params: { step: c.step, n } } } };
    }
    if (c.step <= last) {
      return { ok: false, problem: { kind: 'malformed', message: `checkpoints: step ${c.step} is out of order or repeated`, words: { key: 'replay-problem.checkpoint-order', params: { step: c.step } } } };
    }
    last = c.step;
  }
  return { ok: true, replay };
}

/** A checkpoint hash is written every this many commands, and the final hash after the last one. */
export const CHECKPOINT_EVERY = 100;

/**
 * The replay (or save) of a meeting in progress or finished. Checkpoint hashes are computed here, by
 * re-running the log from the opening without the AI, so play itself never pays for hashing.
 */
export function replayOf(meeting: Meeting, extra: { parent?: ReplayFile['parent']; kind?: ReplayFile['kind']; roster?: Roster; group?: string } = {}): ReplayFile {
  const s = meeting.state;
  const rerun = Meeting.open(meeting.scenario, { seed: s.seed, role: s.role, difficulty: s.difficulty }, { conduct: false });
  const checkpoints: ReplayFile['checkpoints'] = [{ step: 0, stateHash: rerun.stateHash() }];
  meeting.commands.forEach((command, i) => {
    const result = rerun.give(command);
    if (!result.ok) throw new MeetingFault(`the meeting's own log does not replay at step ${i + 1}: ${result.refusal.message}`);
    const step = i + 1;
    if (step % CHECKPOINT_EVERY === 0 && step < meeting.commands.length) checkpoints.push({ step, stateHash: rerun.stateHash() });
  });
  const final = { step: meeting.commands.length, stateHash: rerun.stateHash() };
  if (final.stateHash !== meeting.stateHash()) throw new MeetingFault("the meeting's own log does not reproduce its state");
  return fileOf(meeting, extra.kind ?? 'replay', checkpoints, final, extra);
}

/** A replay or save file of the meeting: the versions, the scenario's hashes, the game's settings and every command. */
function fileOf(
  meeting: Meeting,
  kind: ReplayFile['kind'],
  checkpoints: ReplayFile['checkpoints'],
  final: ReplayFile['final'],
  extra: { parent?: ReplayFile['parent']; roster?: Roster; group?: string },
): ReplayFile {
  const s = meeting.state;
  return {
    format: REPLAY_FORMAT,
    kind,
    engineVersion: ENGINE_VERSION,
    aiVersion: AI_VERSION,
    scenario: { id: meeting.scenario.meta.id, hash: rulesHash(meeting.scenario), textHash: textHash(meeting.scenario) },
    seed: s.seed,
    role: s.role,
    difficulty: s.difficulty,
    commands: [...meeting.commands],
    checkpoints,
    final,
    ...(extra.parent ? { parent: extra.parent } : {}),
    ...(extra.roster ? { roster: extra.roster } : {}),
    ...(extra.group ? { group: extra.group } : {}),
  };
}

export type Verified = { ok: true; meeting: Meeting; compared: number; of: number } | { ok: false; problem: ReplayProblem; meeting?: Meeting };

/**
 * Re-runs a replay without the AI (its commands are all there) and compares the state hash at every
 * listed checkpoint and at the end. Stops at the first refused command or differing hash, naming its
 * step (step n is after the n-th command). On success the meeting is returned ready to play on.
 */
export function verifyReplay(scenario: Scenario, replay: ReplayFile, onStep?: (step: number, meeting: Meeting) => void, options: MeetingOptions = {}): Verified {
  if (replay.withheld) {
    const message = `this copy withholds ${replay.withheld.messages} private message texts, so it cannot be verified; the teacher keeps the original, which does`;
    return { ok: false, problem: { kind: 'incomplete', message, words: { key: 'replay-problem.withheld', params: { count: replay.withheld.messages } } } };
  }
  if (replay.scenario.id !== scenario.meta.id) {
    return {
      ok: false,
      problem: { kind: 'scenario-mismatch', message: `the file is of scenario "${replay.scenario.id}", not "${scenario.meta.id}"`, words: { key: 'replay-problem.other-scenario', params: { file: replay.scenario.id, ours: scenario.meta.id } } },
    };
  }
  if (replay.scenario.hash !== rulesHash(scenario)) {
    return {
      ok: false,
      problem: {
        kind: 'scenario-mismatch',
        message: `the rules of scenario "${scenario.meta.id}" have changed since the file was recorded (rules hash ${replay.scenario.hash.slice(0, 12)}… ≠ ${rulesHash(scenario).slice(0, 12)}…)`,
        words: { key: 'replay-problem.rules-changed', params: { id: scenario.meta.id, file: replay.scenario.hash.slice(0, 12), ours: rulesHash(scenario).slice(0, 12) } },
      },
    };
  }
  const meeting = Meeting.open(scenario, { seed: replay.seed, role: replay.role as Role, difficulty: replay.difficulty }, { ...options, conduct: false });
  const expected = new Map(replay.checkpoints.map((c) => [c.step, c.stateHash]));
  expected.set(replay.final.step, replay.final.stateHash);
  let compared = 0;
  const check = (step: number): ReplayProblem | null => {
    const want = expected.get(step);
    if (want === undefined) return null;
    const actual = meeting.stateHash();
    if (actual !== want) {
      return { kind: 'diverged', step, expected: want, actual, message: `diverges at step ${step}: the state there is not the one recorded`, words: { key: 'replay-problem.diverged', params: { step } } };
    }
    if (step !== replay.final.step || replay.checkpoints.some((c) => c.step === step)) compared += 1;
    return null;
  };
  const first = check(0);
  if (first) return { ok: false, problem: first, meeting };
  for (let i = 0; i < replay.commands.length; i++) {
    const step = i + 1;
    const command = replay.commands[i]!;
    // The file's schema has already checked every command's shape: only the rules are asked here.
    const result = meeting.give(command);
    if (!result.ok) {
      const message = `step ${step} (${command.type} by ${command.actor}) is refused by the rules: ${result.refusal.message}`;
      // `why` is the rules' English reason; a reader in another language words `refusal`, its code.
      const words = { key: 'replay-problem.refused', params: { step, command: command.type, actor: command.actor, why: result.refusal.message, refusal: result.refusal.code } };
      return { ok: false, problem: { kind: 'refused', step, message, words }, meeting };
    }
    onStep?.(step, meeting);
    const problem = check(step);
    if (problem) return { ok: false, problem, meeting };
  }
  meeting.conducting = options.conduct ?? true;
  return { ok: true, meeting, compared, of: replay.checkpoints.length };
}

/** The one sentence for a verified file, shared by the CLI, the viewer, the title import and the debrief. */
export function verifiedMessage(v: { compared: number; of: number; meeting: Meeting }): string {
  return `verified — ${v.meeting.commands.length} commands, ${v.compared} of ${v.of} checkpoints compared, final hash matched`;
}

/**
 * A save of the meeting as it stands: the same file as a replay, kind "save", whose final hash is the
 * live state's (no re-run, so saving after every command stays cheap). Resuming verifies it.
 */
export function saveOf(meeting: Meeting, extra: { parent?: ReplayFile['parent']; roster?: Roster; group?: string } = {}): ReplayFile {
  return fileOf(meeting, 'save', [], { step: meeting.commands.length, stateHash: meeting.stateHash() }, extra);
}

/** Reads, checks and replays a save (or replay) to resume it; any problem is returned, never thrown. */
export function resume(scenario: Scenario, input: unknown, options: MeetingOptions = {}): { ok: true; meeting: Meeting; replay: ReplayFile } | { ok: false; problem: ReplayProblem } {
  const read = readReplay(input);
  if (!read.ok) return read;
  const verified = verifyReplay(scenario, read.replay, undefined, options);
  return verified.ok ? { ok: true, meeting: verified.meeting, replay: read.replay } : { ok: false, problem: verified.problem };
}
