// Which files of the built game (dist/web) the classroom server serves, and how: never a file that
// holds a scenario's hidden facts (the scenario files, their texts, any chunk with such text inlined),
// index.html marked as served by the classroom server, and a service worker that retires itself.
import { readFileSync } from 'node:fs';
import { extname, relative, sep } from 'node:path';
import { scenarioById, scenarioIds } from './scenarios.ts';

/**
 * What a refused file's answer says. The scenario files hold every delegation's positions, red lines,
 * utilities and the event deck: in a classroom those are the game, so no one without the instructor
 * secret may read them, and the server cannot tell an instructor's GET of a static file from a student's.
 */
export const WITHHELD =
  'the classroom server serves no scenario file: the classroom pages get what each may know through its API. For solo play, run "npm start" or host dist/web on any static server.';

/**
 * The marker the classroom server adds to index.html: the page then knows that this origin holds no
 * scenario file (src/main.ts), opens only the classroom pages, and installs no offline copy.
 */
export const CLASSROOM_HOST_META = '<meta name="communique-host" content="classroom" />';

/**
 * Served in place of the build's service worker (whose precache list names the scenario files): a worker
 * a browser may still hold from an earlier visit is replaced by this one, which empties the caches it
 * filled (copies of the scenario files among them) and unregisters itself.
 */
export const RETIRING_WORKER = `// Communiqué's classroom server keeps no offline copy of the game: this worker clears any and leaves.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    await self.registration.unregister();
  })());
});
`;

/**
 * How many words in a row of a hidden text make its fingerprint: enough that the game's own prose never
 * matches by chance (six did: a Hindi narration chunk shares six-word turns of phrase with a texts file).
 */
const RUN = 8;

const words = (text: string): string[] => text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

/**
 * The hidden texts of every scenario the server knows — each delegation's reasons for its positions and
 * each event card's text (public only once it breaks) — as every run of RUN words in them: a file
 * carrying one, however its quotes and escapes were written, carries that text. A run the scenario also
 * prints in public (an event its summary mentions) is left out. English only: any copy of a scenario's
 * rules is the English file's, and the translated texts reach the build only as JSON files (refused by path).
 */
function fingerprints(): Set<string> {
  const hidden: string[] = [];
  const open: string[] = [];
  for (const id of scenarioIds()) {
    try {
      collectStrings(scenarioById(id), hidden, open);
    } catch {
      // An invalid file is refused where it is used (createSession); it cannot have been built into the game.
    }
  }
  const runs = (texts: string[], into: Set<string>) => {
    for (const text of texts) {
      const w = words(text);
      for (let i = 0; i + RUN <= w.length; i++) into.add(w.slice(i, i + RUN).join(' '));
    }
    return into;
  };
  const prints = runs(hidden, new Set());
  for (const run of runs(open, new Set())) prints.delete(run);
  return prints;
}

/** A scenario's strings: under a delegation's `positions` or under `events` hidden, the rest public. */
function collectStrings(value: unknown, hidden: string[], open: string[], secret = false): void {
  if (typeof value === 'string') {
    (secret ? hidden : open).push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, hidden, open, secret);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) collectStrings(v, hidden, open, secret || key === 'positions' || key === 'events');
  }
}

/** The files of one build folder the server refuses: decided by path at once, by content on first request. */
export class WebFiles {
  private prints: Set<string> | null = null;
  private readonly verdicts = new Map<string, boolean>();

  constructor(readonly dir: string) {}

  /**
   * Whether `file` (inside the folder) is scenario data. By path: everything under scenarios/, and every
   * JSON file — the build's only JSON files are the scenarios and their texts (the classroom pages fetch
   * none; the manifest is .webmanifest). By content, for the rest: a file with a hidden text in it (a
   * scenario inlined into a chunk), read once and remembered.
   */
  withheld(file: string): boolean {
    const rel = relative(this.dir, file).split(sep).join('/');
    if (rel.startsWith('scenarios/') || extname(rel) === '.json') return true;
    if (!['.js', '.html', '.css', '.svg', '.webmanifest'].includes(extname(rel))) return false;
    const known = this.verdicts.get(rel);
    if (known !== undefined) return known;
    this.prints ??= fingerprints();
    const w = words(readFileSync(file, 'utf8'));
    let found = false;
    for (let i = 0; i + RUN <= w.length && !found; i++) found = this.prints.has(w.slice(i, i + RUN).join(' '));
    this.verdicts.set(rel, found);
    return found;
  }
}
