// The autosave: the meeting as persist() gives it, written to localStorage after every command so a
// reload resumes exactly where the player was.
import type { SavedMeeting } from '../engine/meeting.ts';

const KEY = 'communique.autosave.v1';

export function writeSave(saved: SavedMeeting): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(saved));
  } catch {
    // A full or disabled storage must not stop the game; the player can still export a replay.
  }
}

export function readSave(): SavedMeeting | null {
  try {
    const text = localStorage.getItem(KEY);
    if (!text) return null;
    const saved = JSON.parse(text) as SavedMeeting;
    return saved && typeof saved === 'object' && Array.isArray(saved.commands) && saved.scenario ? saved : null;
  } catch {
    return null;
  }
}

export function clearSave(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}
