// Numbered migrations of saved files: MIGRATIONS[kind][n] turns a format-n file into format n+1, one
// step at a time, so a file of any older format reaches today's by the same tested path. A format that
// cannot be upgraded has a refusal instead, saying why.
import { ENGINE_VERSION, REPLAY_FORMAT } from './version.ts';
import { SCENARIO_FORMAT } from './scenario-schema.ts';
import type { Words } from './issues.ts';

type Json = Record<string, unknown>;
// Each note and refusal is kept in English and as words (a catalogue key and parameters) for other readers.
type Step = { migrate: (file: Json) => Json; note: string; words: Words } | { refuse: (file: Json) => { message: string; words: Words } };

const asObject = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export const SCENARIO_MIGRATIONS: Record<number, Step> = {
  // Format 2 states the presidency's intent. A format-1 scenario gets the behaviour it always had: the
  // presidency seeks everyone's assent, means to negotiate a text, and has it adopted at the close.
  1: {
    note: "format 1 → 2: the presidency's intent made explicit (seeks everyone's assent; a negotiated text, adopted at the close)",
    words: { key: 'migration.scenario-1-2' },
    migrate: (file) => ({
      ...file,
      format: 2,
      presidency: { ...asObject(file.presidency), intent: { resolve: 'assent', planned: 'negotiated-text', adoption: 'close' } },
    }),
  },
};

export const REPLAY_MIGRATIONS: Record<number, Step> = {
  // Format 1 stored only the player's commands and re-ran the AI to fill in the rest; the AI's choices
  // cannot be recovered from it without the old AI, so it cannot be upgraded.
  1: {
    refuse: (file) => {
      const recorded = typeof file.engineVersion === 'string' ? file.engineVersion.slice(0, 40) : 'unknown';
      return {
        message:
          `this is a format-1 file recorded with rules version ${recorded}: ` +
          `it holds only the player's commands, not the AI seats', so rules version ${ENGINE_VERSION} cannot replay it — play the game again to record a format-${REPLAY_FORMAT} replay`,
        words: { key: 'migration.replay-1-refused', params: { recorded: typeof file.engineVersion === 'string' ? recorded : '?', version: ENGINE_VERSION, format: REPLAY_FORMAT } },
      };
    },
  },
};

export type Migrated = { ok: true; file: Json; from: number; notes: string[]; noteWords: Words[] } | { ok: false; message: string; words?: Words };

/** Brings a file of format `file.format` up to `current` through the numbered steps of `steps`. */
export function migrate(input: unknown, steps: Record<number, Step>, current: number, what: string): Migrated {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, message: `a ${what} is a JSON object`, words: { key: 'migration.not-object', params: { what } } };
  let file = input as Json;
  const format = file.format;
  if (typeof format !== 'number' || !Number.isInteger(format)) {
    // Described without serialising it: a hostile file may nest it thousands of levels deep.
    const got =
      format === undefined ? 'missing' : format === null ? 'null' : Array.isArray(format) ? 'an array' : typeof format === 'object' ? 'an object' : `${typeof format} ${JSON.stringify(format).slice(0, 20)}`;
    const kind = format === undefined ? 'missing' : format === null ? 'null' : Array.isArray(format) ? 'array' : typeof format === 'object' ? 'object' : 'value';
    const type = kind === 'value' ? typeof format : '';
    const value = kind === 'value' ? JSON.stringify(format).slice(0, 20) : '';
    return { ok: false, message: `format: ${got}; expected the ${what} format number (${current})`, words: { key: 'migration.format-not-number', params: { kind, type, value, what, current } } };
  }
  if (format > current) return { ok: false, message: `format ${format} is newer than this version of Communiqué reads (${current}); update Communiqué`, words: { key: 'migration.newer', params: { format, current } } };
  if (format < 1) return { ok: false, message: `format ${format} is not a ${what} format (1 to ${current})`, words: { key: 'migration.not-a-format', params: { format, what, current } } };
  const notes: string[] = [];
  const noteWords: Words[] = [];
  for (let n = format; n < current; n++) {
    const step = steps[n];
    if (!step) return { ok: false, message: `format ${n} is no longer supported`, words: { key: 'migration.unsupported', params: { format: n } } };
    if ('refuse' in step) return { ok: false, ...step.refuse(file) };
    file = step.migrate(file);
    notes.push(step.note);
    noteWords.push(step.words);
  }
  return { ok: true, file, from: format, notes, noteWords };
}

export function migrateScenarioFile(input: unknown): Migrated {
  return migrate(input, SCENARIO_MIGRATIONS, SCENARIO_FORMAT, 'scenario');
}

export function migrateReplayFile(input: unknown): Migrated {
  return migrate(input, REPLAY_MIGRATIONS, REPLAY_FORMAT, 'replay');
}
