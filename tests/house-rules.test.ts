// The replay contract and the house's rooms, checked over the source: no wall clock or Math.random
// where the game is decided, and each library imported only in its own folder.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  try {
    statSync(dir);
  } catch {
    return [];
  }
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Source text without comments, so a comment that names a banned call does not trip the check. */
function code(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

const deterministic = ['src/domain', 'src/rng', 'src/engine'].flatMap(sources);

describe('the replay contract', () => {
  it('finds the deterministic sources', () => {
    expect(deterministic.length).toBeGreaterThan(10);
  });
  for (const file of deterministic) {
    it(`${file} uses no wall clock and no Math.random`, () => {
      const banned = /Math\.random|Date\.now|new Date\s*\(|performance\.now|crypto\.getRandomValues|crypto\.randomUUID/;
      expect(code(file)).not.toMatch(banned);
    });
  }
});

describe('each library stays in its room', () => {
  const all = sources('src');
  const importsOf = (file: string) => [...code(file).matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  it.each([
    ['xstate', 'src/engine/'],
    ['seedrandom', 'src/rng/'],
    ['phaser', 'src/game/'],
  ])('%s is imported only under %s', (library, room) => {
    const offenders = all.filter((f) => !f.startsWith(room) && importsOf(f).some((i) => i === library || i.startsWith(`${library}/`)));
    expect(offenders).toEqual([]);
  });
  it('the command line, the Phaser room and the classroom server import no HTML panel (src/ui): what they share with the browser lives in src/print', () => {
    // Dynamic imports too: the command line loads its debrief and briefing modules on demand.
    const specifiers = (f: string) => [...importsOf(f), ...[...code(f).matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!)];
    const offenders = [...sources('src/cli'), ...sources('src/game'), ...sources('server')].filter((f) => specifiers(f).some((i) => /(^|\/)ui\//.test(i)));
    expect(offenders).toEqual([]);
  });
  it('the domain imports no engine, game, ui or cli code', () => {
    const offenders = sources('src/domain').filter((f) => importsOf(f).some((i) => /\.\.\/(engine|game|ui|cli)\//.test(i)));
    expect(offenders).toEqual([]);
  });
  it('the domain, rng and engine touch no DOM', () => {
    const offenders = deterministic.filter((f) => /\b(window|document|localStorage)\./.test(code(f)));
    expect(offenders).toEqual([]);
  });
});
