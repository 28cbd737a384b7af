// Opening a replay in the browser — from a file or a share link — with a clear sentence for every way
// it can fail: too big, not JSON, an unknown or newer format, another scenario or rules version, a
// command the rules refuse, a state that differs from the one recorded.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { debriefOf, type Debrief } from '../../domain/debrief.ts';
import type { Scenario } from '../../domain/scenario-schema.ts';
import { scoreOf } from '../../domain/score.ts';
import { readReplay, verifiedMessage, type ReplayFile } from '../../engine/replay.ts';
import { REPLAY_FORMAT } from '../../domain/version.ts';
import type { Catalogue } from '../catalogue.ts';
import { timelineOf, type Timeline } from '../../engine/timeline.ts';
import { readReplayText } from '../read-file.ts';
import { table } from '../words.ts';
import { current, t } from '../../i18n/index.ts';
import { problemIn, verifiedIn } from '../../i18n/problem-words.ts';

/** Largest replay file the viewer opens, as on the command line. */
export { MAX_REPLAY_BYTES } from '../read-file.ts';

export interface LoadedReplay {
  /** The file's name, or "share link". */
  name: string;
  scenario: Scenario;
  timeline: Timeline;
  debrief: Debrief;
  /** How it verified: “verified — 80 commands, 9 of 9 checkpoints compared, final hash matched”. */
  verified: string;
}

export type Loaded = { ok: true; loaded: LoadedReplay } | { ok: false; message: string };

/** Reads a replay file chosen or dropped by the user: at most 10 MB, refused by its size before it is read. */
export async function loadReplayFile(file: File, catalogue: Catalogue): Promise<Loaded> {
  const read = await readReplayText(file);
  if (!read.ok) return read;
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch {
    return { ok: false, message: t('viewer-file.not-json', { name: file.name }) };
  }
  return loadReplayJson(json, file.name, catalogue);
}

/** Checks a parsed replay (migrating older formats), finds its scenario and re-runs it step by step. */
export function loadReplayJson(json: unknown, name: string, catalogue: Catalogue): Loaded {
  const read = readReplay(json);
  if (!read.ok) return { ok: false, message: t('viewer-file.cannot-open', { name, problem: problemIn(current(), read.problem) }) };
  return loadReplay(read.replay, name, catalogue);
}

export function loadReplay(replay: ReplayFile, name: string, catalogue: Catalogue): Loaded {
  const scenario = catalogue.byId(replay.scenario.id);
  if (!scenario) return { ok: false, message: t('viewer-file.unknown-scenario', { name, id: replay.scenario.id }) };
  const result = timelineOf(scenario, replay);
  if (!result.ok) return { ok: false, message: t('viewer-file.cannot-replay', { name, problem: problemIn(current(), result.problem) }) };
  const { timeline } = result;
  const { meeting } = timeline;
  const state = meeting.state;
  const outcome = meeting.outcome();
  const debrief = debriefOf(scenario, timeline.snapshots, state, meeting.log, outcome, scoreOf(scenario, state, outcome), table());
  return { ok: true, loaded: { name, scenario, timeline, debrief, verified: verifiedIn(current(), { meeting, compared: result.compared, of: result.of }, verifiedMessage({ meeting, compared: result.compared, of: result.of })) } };
}

/**
 * What a share link carries: the versions, the scenario (id and rules hash), seed, role, difficulty,
 * every command and the final state hash — a replay without its checkpoints.
 */
interface SharePayload {
  v: 2;
  e: string;
  a: string;
  s: string;
  h: string;
  seed: string;
  role: string;
  d: string;
  c: unknown[];
  f: string;
  p?: { file: string; step: number };
}

/** The share link's query value: the replay without checkpoints, compressed for a URL. */
export function shareParam(replay: ReplayFile): string {
  const payload: SharePayload = {
    v: 2,
    e: replay.engineVersion,
    a: replay.aiVersion,
    s: replay.scenario.id,
    h: replay.scenario.hash,
    seed: replay.seed,
    role: replay.role,
    d: replay.difficulty,
    c: replay.commands,
    f: replay.final.stateHash,
    ...(replay.parent ? { p: replay.parent } : {}),
  };
  return compressToEncodedURIComponent(JSON.stringify(payload));
}

/** Opens a share link's value; the engine re-runs the commands, so no checkpoint needs to travel. */
export function loadShareParam(param: string, catalogue: Catalogue): Loaded {
  let payload: SharePayload;
  try {
    const text = decompressFromEncodedURIComponent(param);
    if (!text) throw new Error('empty');
    payload = JSON.parse(text) as SharePayload;
  } catch {
    return { ok: false, message: t('viewer-file.damaged-link') };
  }
  if (!payload || payload.v !== 2 || !Array.isArray(payload.c)) return { ok: false, message: t('viewer-file.other-version-link') };
  return loadReplayJson(
    {
      format: REPLAY_FORMAT,
      kind: 'replay',
      engineVersion: payload.e,
      aiVersion: payload.a,
      scenario: { id: payload.s, hash: payload.h },
      seed: payload.seed,
      role: payload.role,
      difficulty: payload.d,
      commands: payload.c,
      checkpoints: [],
      final: { step: payload.c.length, stateHash: payload.f },
      ...(payload.p ? { parent: payload.p } : {}),
    },
    t('viewer-file.share-link'),
    catalogue,
  );
}
