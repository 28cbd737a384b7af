// Re-runs a replay through the engine and keeps a snapshot of the meeting after every step, so the
// viewer can scrub and the debrief can chart; shared by the browser and the command line.
import { snapshotOf, type StepSnapshot } from '../domain/debrief.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import type { Role } from '../domain/state.ts';
import { Meeting } from './meeting.ts';
import { verifyReplay, type ReplayFile, type ReplayProblem } from './replay.ts';

export interface Timeline {
  replay: ReplayFile;
  /** snapshots[n] is the meeting after n commands. */
  snapshots: StepSnapshot[];
  /** The meeting after the last command. */
  meeting: Meeting;
}

/**
 * The longest replay a timeline holds: a snapshot per step costs about 8 KB, so this keeps a tab under
 * about 200 MB. Real games run to hundreds of commands; longer files are verified by `communique replay`.
 */
export const TIMELINE_MAX_COMMANDS = 20_000;

export function timelineOf(
  scenario: Scenario,
  replay: ReplayFile,
): { ok: true; timeline: Timeline; compared: number; of: number } | { ok: false; problem: ReplayProblem } {
  if (replay.commands.length > TIMELINE_MAX_COMMANDS) {
    return {
      ok: false,
      problem: {
        kind: 'malformed',
        message: `the replay has ${replay.commands.length} commands; the viewer and the debrief step through at most ${TIMELINE_MAX_COMMANDS} (\`communique replay\` verifies longer files)`,
        words: { key: 'replay-problem.too-long', params: { n: replay.commands.length, max: TIMELINE_MAX_COMMANDS } },
      },
    };
  }
  const opening = Meeting.open(scenario, { seed: replay.seed, role: replay.role as Role, difficulty: replay.difficulty }, { conduct: false });
  const snapshots: StepSnapshot[] = [snapshotOf(scenario, opening.state)];
  const result = verifyReplay(scenario, replay, (_step, meeting) => snapshots.push(snapshotOf(scenario, meeting.state)));
  if (!result.ok) return { ok: false, problem: result.problem };
  return { ok: true, timeline: { replay, snapshots, meeting: result.meeting }, compared: result.compared, of: result.of };
}

/** The meeting as it stood after `step` commands: a fresh engine run, ready to play on from there. */
export function meetingAt(scenario: Scenario, replay: ReplayFile, step: number): Meeting {
  // The AI's commands are in the replay: re-run them as they are, then let the AI play on from there.
  const meeting = Meeting.open(scenario, { seed: replay.seed, role: replay.role as Role, difficulty: replay.difficulty }, { conduct: false });
  for (const command of replay.commands.slice(0, step)) {
    const result = meeting.send(command);
    if (!result.ok) throw new Error(result.refusal.message);
  }
  meeting.conducting = true;
  meeting.conduct();
  return meeting;
}
