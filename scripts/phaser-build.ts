// A Vite plugin that builds Phaser from its own sources for the room: `phaser` resolves to
// src/game/phaser.js (only the modules the room uses), WebGL only, no sound, no debug tools.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Phaser's sources test build-time flags as `typeof FLAG` (its webpack config replaces each whole
 * expression with true or false). Defining the bare identifier would not do: `typeof false` is the
 * string "boolean", which is truthy. So the expressions themselves are replaced, in Phaser's files only.
 */
export const PHASER_FLAGS: Record<string, boolean> = {
  WEBGL_RENDERER: true,
  // The stack notes' pitfall: Phaser.AUTO falls back to Canvas where WebGL fails. The room needs the
  // WebGL backdrop copy for its frame times, and every browser the game supports has WebGL.
  CANVAS_RENDERER: false,
  WEBGL_DEBUG: false,
  EXPERIMENTAL: false,
  FEATURE_SOUND: false,
  PLUGIN_CAMERA3D: false,
  PLUGIN_FBINSTANT: false,
};

const FLAG_PATTERN = new RegExp(`typeof (${Object.keys(PHASER_FLAGS).join('|')})\\b`, 'g');
const SPECTOR_STUB = '\0phaser3spectorjs-stub';

export function phaserFromSources(root: string): Plugin {
  // The real path: Vite names modules by theirs, so a symlinked node_modules (a git worktree's) would
  // otherwise match no id, leave every flag unreplaced, and ship the debug branch that needs Spector.js.
  const sources = realpathSync(resolve(root, 'node_modules/phaser/src'));
  return {
    name: 'communique:phaser-from-sources',
    enforce: 'pre',
    config: () => ({
      resolve: {
        alias: [
          // Exactly `phaser`: the room's import; `phaser-src/…` reaches the package's sources, which its
          // `exports` field does not list.
          { find: /^phaser$/, replacement: resolve(root, 'src/game/phaser.js') },
          { find: /^phaser-src\/(.*)$/, replacement: `${sources}/$1` },
        ],
      },
    }),
    resolveId(id) {
      // WebGLRenderer requires Spector.js for WEBGL_DEBUG builds only; the branch is dead here, but the
      // bundler resolves the require before it drops the branch.
      return id === 'phaser3spectorjs' ? SPECTOR_STUB : null;
    },
    load(id) {
      return id === SPECTOR_STUB ? 'export default {};' : null;
    },
    transform(code, id) {
      if (!id.startsWith(sources) || !code.includes('typeof ')) return null;
      const replaced = code.replace(FLAG_PATTERN, (_, flag: string) => String(PHASER_FLAGS[flag]));
      return replaced === code ? null : { code: replaced, map: null };
    },
  };
}
