// Which files of the built game (dist/web) the classroom server serves, and how: never a file that
// holds a scenario's hidden facts (the scenario files and their texts, which no chunk bundles),
// index.html marked as served by the classroom server, and a service worker that retires itself.
import { extname, relative, sep } from 'node:path';

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
 * The files of one build folder the server refuses: everything under scenarios/ and every JSON file —
 * the build's only JSON files are the scenarios and their texts (the classroom pages fetch none; the
 * manifest is .webmanifest). No chunk holds scenario data: the build refuses to bundle a scenario or
 * texts file into one (scripts/scenario-assets.ts), so the path alone decides.
 */
export class WebFiles {
  constructor(readonly dir: string) {}

  /** Whether `file` (inside the folder) is scenario data. */
  withheld(file: string): boolean {
    const rel = relative(this.dir, file).split(sep).join('/');
    return rel.startsWith('scenarios/') || extname(rel) === '.json';
  }
}
