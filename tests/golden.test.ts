// Golden replays pin the engine: each recorded game must replay to the same state hash at every
// checkpoint. If one fails, the engine changed how games go — bump ENGINE_VERSION and re-pin them
// with scripts/golden.sh, never silently.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { readReplay, verifyReplay } from '../src/engine/replay.ts';
import { ENGINE_VERSION } from '../src/engine/version.ts';
import { scenario } from './helpers.ts';

const files = readdirSync('tests/golden').filter((f) => f.endsWith('.replay.json'));
const expectedKind: Record<string, string> = {
  'new-delhi-fmm-2023.chair.seed-1.replay.json': 'chair-summary',
  'new-delhi-fmm-2023.us.seed-2.replay.json': 'chair-summary',
  'new-delhi-fmm-2023.autopilot.seed-1.replay.json': 'chair-summary',
  'tutorial.chair.seed-1.replay.json': 'communique-with-footnotes',
};

describe('golden replays', () => {
  it('are all here', () => expect(files.sort()).toEqual(Object.keys(expectedKind).sort()));
  for (const file of files) {
    it(`${file} replays to its pinned hashes`, () => {
      const read = readReplay(JSON.parse(readFileSync(`tests/golden/${file}`, 'utf8')));
      if (!read.ok) throw new Error(read.problem.message);
      expect(read.replay.engineVersion, 're-pin the goldens with the version bump').toBe(ENGINE_VERSION);
      expect(read.replay.checkpoints.length).toBeGreaterThan(1);
      const result = verifyReplay(scenario(read.replay.scenario.id), read.replay);
      if (!result.ok) throw new Error(`${result.problem.kind}: ${result.problem.message}`);
      expect(result.meeting.outcome().kind).toBe(expectedKind[file]);
      expect(result.meeting.stateHash()).toBe(read.replay.checkpoints.at(-1)!.stateHash);
    });
  }
});
