// The autosave: the meeting as a save file (saveOf: every command of every seat and the final state
// hash), written to localStorage after every command so a reload resumes exactly where the player
// was. Resuming re-runs the save's log and checks it against its own final hash (engine/replay.ts).
// A save that cannot be resumed — unreadable, from an older version, or failing that check — is never
// dropped silently: it is kept aside with what is wrong, for the player to download or discard.
import { readReplay, type ReplayFile } from '../engine/replay.ts';

const KEY = 'communique.autosave.v2';
/** Saves of the first engine: the state and the player's commands only, which this engine cannot resume. */
const OLD_KEY = 'communique.autosave.v1';
/** The first engine's note of which replay a branched game left; the save file now carries it. */
const OLD_PARENT_KEY = 'communique.autosave.parent.v1';
/** Saves refused on resuming, kept until the player discards them. */
const REFUSED_KEY = 'communique.autosave.refused.v2';
/** At most this many refused saves are kept; the oldest beyond it gives way. */
const REFUSED_KEPT = 5;

export const OLD_VERSION_PROBLEM = 'it is from an older version of Communiqué and cannot be resumed';

/** A save that could not be resumed: the file as it was stored, and why it was refused. */
export interface RefusedSave {
  /** A file name to download it under. */
  name: string;
  problem: string;
  text: string;
}

function get(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function set(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    // A full or disabled storage must not stop the game; the player can still export a replay.
    return false;
  }
}

function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}

export function writeSave(save: ReplayFile): void {
  set(KEY, JSON.stringify(save));
}

export function clearSave(): void {
  remove(KEY);
}

/** The file name a save is offered for download under. */
function saveName(text: string): string {
  try {
    const file = JSON.parse(text) as { scenario?: { id?: unknown }; seed?: unknown };
    const id = typeof file.scenario?.id === 'string' ? file.scenario.id : 'communique';
    const seed = typeof file.seed === 'string' ? file.seed : 'autosave';
    return `${`${id}-${seed}`.replace(/[^\w.-]+/g, '-')}.save.json`;
  } catch {
    return 'communique-autosave.json';
  }
}

export function refusedSaves(): RefusedSave[] {
  try {
    const list = JSON.parse(get(REFUSED_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((r): r is RefusedSave => r && typeof r.text === 'string' && typeof r.problem === 'string' && typeof r.name === 'string') : [];
  } catch {
    return [];
  }
}

function keepRefused(entry: RefusedSave): boolean {
  const list = [entry, ...refusedSaves()].slice(0, REFUSED_KEPT);
  return set(REFUSED_KEY, JSON.stringify(list));
}

/** Forgets a refused save the player has chosen to discard. */
export function discardRefused(index: number): void {
  const list = refusedSaves();
  list.splice(index, 1);
  if (list.length === 0) remove(REFUSED_KEY);
  else set(REFUSED_KEY, JSON.stringify(list));
}

/**
 * Moves the current autosave aside as refused, with what is wrong. Only if it is kept aside is it
 * removed from the autosave; a storage too full to keep it leaves it where it is.
 */
export function refuseSave(problem: string): void {
  const text = get(KEY);
  if (text === null) return;
  if (keepRefused({ name: saveName(text), problem, text })) remove(KEY);
}

/**
 * The autosave, if there is one that reads as a save of this version. Anything else found in its
 * place — a save of the older version, a file that does not read — is moved aside as refused (see
 * refusedSaves), so that the next game cannot overwrite it unseen. `known` says whether a scenario
 * id is one this version has.
 */
export function readSave(known: (scenarioId: string) => boolean): { replay: ReplayFile; json: unknown } | null {
  const old = get(OLD_KEY);
  if (old !== null && keepRefused({ name: saveName(old), problem: OLD_VERSION_PROBLEM, text: old })) remove(OLD_KEY);
  remove(OLD_PARENT_KEY);
  const text = get(KEY);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    refuseSave('it is not valid JSON (cut short, or changed by hand)');
    return null;
  }
  const read = readReplay(json);
  if (!read.ok) {
    refuseSave(read.problem.message);
    return null;
  }
  if (!known(read.replay.scenario.id)) {
    refuseSave(`it is a game of “${read.replay.scenario.id}”, a scenario this version does not have`);
    return null;
  }
  return { replay: read.replay, json };
}
