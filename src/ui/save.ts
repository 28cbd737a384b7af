// Named save slots: every game opened keeps its own slot (a save file: every command of every seat and
// the final state hash, saveOf), written to localStorage after every command so a reload resumes exactly
// where the player was, and a new game never replaces an old one. The player resumes or deletes any slot
// from the title screen. Resuming re-runs the save's log and checks it against its own final hash
// (engine/replay.ts). A save that cannot be resumed — unreadable, from an older version, or failing that
// check — is never dropped silently: it is kept aside with what is wrong, to download or discard.
import { readReplay, type ReplayFile } from '../engine/replay.ts';
import type { WordedProblem, WordsData } from '../i18n/problem-words.ts';

/** The one autosave slot of the version before named slots: read once into a slot of its own. */
const KEY = 'communique.autosave.v2';
/** The list of slots, newest first; each slot's save is stored under its own key. */
const SLOTS_KEY = 'communique.saves.v3';
const slotKey = (id: string) => `communique.save.v3.${id}`;
/** Saves of the first engine: the state and the player's commands only, which this engine cannot resume. */
const OLD_KEY = 'communique.autosave.v1';
/** The first engine's note of which replay a branched game left; the save file now carries it. */
const OLD_PARENT_KEY = 'communique.autosave.parent.v1';
/** Saves refused on resuming, kept until the player discards them. */
const REFUSED_KEY = 'communique.autosave.refused.v2';
/** At most this many refused saves are kept; the oldest beyond it gives way. */
const REFUSED_KEPT = 5;

// Why a save is refused is kept in English and as words, and worded in the page's language when shown,
// so a save refused in one language reads in whichever the player has chosen since.
export const OLD_VERSION_PROBLEM: WordedProblem = { message: 'it is from an older version of Communiqué and cannot be resumed', words: { key: 'save-problem.old-version' } };

/** A save that could not be resumed: the file as it was stored, and why it was refused. */
export interface RefusedSave {
  /** A file name to download it under. */
  name: string;
  /** Why, in English (as saves refused by earlier versions hold it). */
  problem: string;
  /** Why, as a catalogue key and parameters, for the page's language. */
  words?: WordsData;
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

/** A stored entry's words kept only when they have the shape of words; a hand-edited store loses them, not the entry. */
function withWords(r: RefusedSave): RefusedSave {
  const w = r.words as unknown;
  if (w === undefined || (w !== null && typeof w === 'object' && typeof (w as WordsData).key === 'string' && ((w as WordsData).params === undefined || typeof (w as WordsData).params === 'object'))) return r;
  const { words: _dropped, ...rest } = r;
  return rest;
}

export function refusedSaves(): RefusedSave[] {
  try {
    const list = JSON.parse(get(REFUSED_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((r): r is RefusedSave => r && typeof r.text === 'string' && typeof r.problem === 'string' && typeof r.name === 'string').map(withWords) : [];
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

/** What the title screen lists of a slot, without reading its save. */
export interface SaveSlot {
  id: string;
  scenario: string;
  seed: string;
  role: string;
  difficulty: string;
  /** The class group's name, when the game was opened from a class link that asked for one. */
  group?: string;
  /** Commands played so far, and whether the meeting has closed. */
  steps: number;
  closed: boolean;
  /** When the slot was last written (ISO 8601), for the list's order and the player's eye. */
  updated: string;
}

/** The slots, newest first (an unreadable list reads as none: each slot's save stays where it is). */
export function listSlots(): SaveSlot[] {
  migrateAutosave();
  try {
    const list = JSON.parse(get(SLOTS_KEY) ?? '[]') as unknown;
    return Array.isArray(list) ? list.filter((x): x is SaveSlot => x && typeof x.id === 'string' && typeof x.scenario === 'string' && typeof x.seed === 'string') : [];
  } catch {
    return [];
  }
}

function writeList(list: SaveSlot[]): boolean {
  return list.length === 0 ? (remove(SLOTS_KEY), true) : set(SLOTS_KEY, JSON.stringify(list));
}

/** A fresh slot id, unique enough for one browser's storage. */
export function newSlotId(): string {
  const n = new Uint32Array(2);
  crypto.getRandomValues(n);
  return `${n[0]!.toString(36)}${n[1]!.toString(36)}`;
}

/**
 * Writes a game's save into its slot, moving the slot to the top of the list. False when the storage
 * refuses it (full or disabled): the caller says so, and the player can still export a replay.
 */
export function writeSlot(id: string, save: ReplayFile, meta: { group?: string; closed: boolean }): boolean {
  if (!set(slotKey(id), JSON.stringify(save))) return false;
  const slot: SaveSlot = {
    id,
    scenario: save.scenario.id,
    seed: save.seed,
    role: save.role,
    difficulty: save.difficulty,
    ...(meta.group ? { group: meta.group } : {}),
    steps: save.commands.length,
    closed: meta.closed,
    updated: new Date().toISOString(),
  };
  return writeList([slot, ...listSlots().filter((s) => s.id !== id)]);
}

/** Deletes a slot and its save: the player's choice, from the title screen. */
export function deleteSlot(id: string): void {
  remove(slotKey(id));
  writeList(listSlots().filter((s) => s.id !== id));
}

/**
 * A slot's save, if it reads as a save of this version. Anything else — a file that does not read, of
 * an older version, of a scenario this version lacks — is moved aside as refused (see refusedSaves),
 * and the slot with it. `known` says whether a scenario id is one this version has.
 */
export function readSlot(id: string, known: (scenarioId: string) => boolean): { replay: ReplayFile; json: unknown } | null {
  const text = get(slotKey(id));
  if (text === null) {
    writeList(listSlots().filter((s) => s.id !== id));
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    refuseSlot(id, { message: 'it is not valid JSON (cut short, or changed by hand)', words: { key: 'save-problem.not-json' } });
    return null;
  }
  const read = readReplay(json);
  if (!read.ok) {
    refuseSlot(id, read.problem);
    return null;
  }
  if (!known(read.replay.scenario.id)) {
    refuseSlot(id, { message: `it is a game of “${read.replay.scenario.id}”, a scenario this version does not have`, words: { key: 'save-problem.other-scenario', params: { id: read.replay.scenario.id } } });
    return null;
  }
  return { replay: read.replay, json };
}

/**
 * Moves a slot's save aside as refused, with what is wrong. Only if it is kept aside is the slot
 * removed; a storage too full to keep it leaves it where it is.
 */
export function refuseSlot(id: string, problem: WordedProblem): void {
  const text = get(slotKey(id));
  if (text === null) return;
  if (keepRefused({ name: saveName(text), problem: problem.message, ...(problem.words ? { words: problem.words } : {}), text })) deleteSlot(id);
}

/**
 * Saves of earlier versions: the first engine's (which this one cannot resume) is kept aside as refused;
 * the single autosave of the version before named slots becomes a slot of its own, unread until resumed.
 */
function migrateAutosave(): void {
  const old = get(OLD_KEY);
  if (old !== null && keepRefused({ name: saveName(old), problem: OLD_VERSION_PROBLEM.message, words: OLD_VERSION_PROBLEM.words!, text: old })) remove(OLD_KEY);
  remove(OLD_PARENT_KEY);
  const text = get(KEY);
  if (text === null) return;
  const id = newSlotId();
  let file: Partial<ReplayFile> = {};
  try {
    file = JSON.parse(text) as Partial<ReplayFile>;
  } catch {
    // An unreadable autosave still becomes a slot: resuming it refuses it, with what is wrong.
  }
  if (!set(slotKey(id), text)) return;
  let list: SaveSlot[] = [];
  try {
    const parsed = JSON.parse(get(SLOTS_KEY) ?? '[]') as unknown;
    if (Array.isArray(parsed)) list = parsed as SaveSlot[];
  } catch {
    list = [];
  }
  const slot: SaveSlot = {
    id,
    scenario: typeof file.scenario?.id === 'string' ? file.scenario.id : 'unknown',
    seed: typeof file.seed === 'string' ? file.seed : '',
    role: typeof file.role === 'string' ? file.role : 'CHAIR',
    difficulty: typeof file.difficulty === 'string' ? file.difficulty : 'standard',
    steps: Array.isArray(file.commands) ? file.commands.length : 0,
    closed: false,
    updated: new Date(0).toISOString(),
  };
  if (set(SLOTS_KEY, JSON.stringify([...list, slot]))) remove(KEY);
}
