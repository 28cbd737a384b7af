// The build-time step for the browser's scenarios and flags (scripts/built-in-scenarios.ts and
// scripts/scenario-assets.ts) and the command line's (vite.cli.config.ts): what it emits is what the
// game runs, with the CLI's hashes, and it refuses to build from a scenario the game would refuse.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuiltInScenarios } from '../scripts/built-in-scenarios.ts';
import { entryOf, scenarioAssets } from '../scripts/scenario-assets.ts';
import { rulesHash, textHash } from '../src/domain/scenario-hash.ts';
import { shippedScenario } from '../src/cli/io.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { TMP } from './e2e/browser.ts';

describe('built-in scenarios checked at build time', () => {
  const built = readBuiltInScenarios('scenarios');

  it('reads every scenario file, and what it emits hashes as the golden replays were played', () => {
    // Every file of the folder, in name order, whatever meetings it holds.
    const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json').sort();
    expect(built.map((b) => b.file)).toEqual(files);
    for (const golden of ['new-delhi-fmm-2023.chair.seed-1.replay.json', 'tutorial.chair.seed-1.replay.json']) {
      const replay = JSON.parse(readFileSync(join('tests/golden', golden), 'utf8'));
      const b = built.find((x) => x.scenario.meta.id === replay.scenario.id)!;
      // The browser reads the emitted JSON as it is: its hash must be the CLI's.
      const emitted = JSON.parse(JSON.stringify(b.scenario)) as Scenario;
      expect(rulesHash(emitted)).toBe(replay.scenario.hash);
      expect(b.rulesHash).toBe(replay.scenario.hash);
    }
    // The title's index carries the counts the cards show, not the scenario.
    const entry = entryOf(built.find((b) => b.file === 'tutorial.json')!);
    expect(entry).toMatchObject({ id: 'tutorial', delegations: 4, paragraphs: 3, meta: { fictional: true } });
    expect(JSON.stringify(entry).length).toBeLessThan(2000);
  });

  it('refuses a folder holding a scenario the game would refuse, naming the file and the path', () => {
    const dir = mkdtempSync(join(TMP, 'scenarios-'));
    try {
      cpSync('scenarios/tutorial.json', join(dir, 'tutorial.json'));
      const broken = JSON.parse(readFileSync('scenarios/tutorial.json', 'utf8'));
      broken.delegations[0].clout = 'a lot';
      writeFileSync(join(dir, 'broken.json'), JSON.stringify(broken));
      writeFileSync(join(dir, 'torn.json'), '{"format": 2,');
      expect(() => readBuiltInScenarios(dir)).toThrow(/broken\.json: delegations\[0\]\.clout: [^\n]+\n(.|\n)*torn\.json: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships only the flags of the scenarios’ delegations', async () => {
    const plugin = scenarioAssets(process.cwd());
    (plugin.buildStart as unknown as (this: { addWatchFile(f: string): void }) => void).call({ addWatchFile: () => {} });
    const code = (plugin.load as unknown as (id: string) => string)('\0virtual:flags');
    const codes = [...code.matchAll(/"([a-z]+)": f\d+/g)].map((m) => m[1]);
    const used = new Set(built.filter((b) => !b.scenario.meta.fictional).flatMap((b) => b.scenario.delegations.map((d) => d.id.toLowerCase())));
    expect(codes.length).toBeGreaterThan(15);
    expect(codes.every((c) => used.has(c!))).toBe(true);
    // The tutorial's fictional states have none; the African Union has no flag in flag-icons.
    expect(codes).not.toContain('afu');
    expect(codes).toContain('in');
  });
});

describe('the command line ships the built-in scenarios validated', () => {
  // npm test builds the command line first: dist/cli/scenarios is what `npm run build:cli` shipped.
  const shipped = join('dist', 'cli', 'scenarios');
  it('reads an unedited built-in as the validator returned it, with the same rules and text hashes', () => {
    for (const b of readBuiltInScenarios('scenarios')) {
      const s = shippedScenario(join('scenarios', b.file), 'scenarios', shipped);
      expect(s, b.file).not.toBeNull();
      expect(s).toEqual(JSON.parse(JSON.stringify(b.scenario)));
      expect(rulesHash(s!)).toBe(b.rulesHash);
      expect(textHash(s!)).toBe(b.textHash);
      // The hashes the build recorded (and the command line trusts, not hashing again) are those of the copy it ships.
      const fresh = structuredClone(s!);
      expect(rulesHash(fresh)).toBe(rulesHash(s!));
      expect(textHash(fresh)).toBe(textHash(s!));
    }
  });
  it('validates again any file that differs from the one the build checked, by a single byte', () => {
    const dir = mkdtempSync(join(TMP, 'shipped-'));
    try {
      const text = readFileSync('scenarios/tutorial.json', 'utf8');
      writeFileSync(join(dir, 'tutorial.json'), text.replace('"clout": ', '"clout":  '));
      expect(shippedScenario(join(dir, 'tutorial.json'), dir, shipped)).toBeNull();
      writeFileSync(join(dir, 'tutorial.json'), text);
      expect(shippedScenario(join(dir, 'tutorial.json'), dir, shipped)).not.toBeNull();
      // A file outside the folder it was asked about is never taken for a built-in.
      expect(shippedScenario(join(dir, 'tutorial.json'), 'scenarios', shipped)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
