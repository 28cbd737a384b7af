// Seeded randomness: named streams, reproducible from a seed, whose state survives JSON.
import { describe, expect, it } from 'vitest';
import { Dice, roll, seedStreams } from '../src/rng/index.ts';

const draws = (state: ReturnType<typeof seedStreams>['ai'], n: number) => {
  const dice = new Dice(state);
  return Array.from({ length: n }, () => dice.int(1, 1000));
};

describe('random streams', () => {
  it('the same seed gives the same draws', () => {
    expect(draws(seedStreams('42').ai, 20)).toEqual(draws(seedStreams('42').ai, 20));
  });
  it('different seeds give different draws', () => {
    expect(draws(seedStreams('42').ai, 20)).not.toEqual(draws(seedStreams('43').ai, 20));
  });
  it('each subsystem has its own stream', () => {
    const s = seedStreams('42');
    expect(draws(s.ai, 10)).not.toEqual(draws(s.lobbying, 10));
    expect(draws(s.events, 10)).not.toEqual(draws(s.lobbying, 10));
  });
  it('drawing from one stream leaves the others where they were', () => {
    const s = seedStreams('7');
    const before = JSON.stringify(s.events);
    roll(s, 'lobbying', (d) => d.int(1, 6));
    expect(JSON.stringify(s.events)).toBe(before);
  });
  it('a stream continues exactly after a trip through JSON', () => {
    const s = seedStreams('7');
    roll(s, 'ai', (d) => d.int(1, 6));
    const copy = JSON.parse(JSON.stringify(s));
    expect(draws(copy.ai, 50)).toEqual(draws(s.ai, 50));
  });
  it('int stays in range and chance respects 0 and 100', () => {
    const dice = new Dice(seedStreams('range').ai);
    for (let i = 0; i < 2000; i++) {
      const v = dice.int(3, 5);
      expect(v === 3 || v === 4 || v === 5).toBe(true);
      expect(dice.chance(0)).toBe(false);
      expect(dice.chance(100)).toBe(true);
    }
  });
  it('weighted picks never choose a zero weight', () => {
    const dice = new Dice(seedStreams('w').events);
    for (let i = 0; i < 500; i++) expect(dice.weighted(['a', 'b', 'c'], (x) => (x === 'b' ? 0 : 1))).not.toBe('b');
    expect(dice.weighted(['a'], () => 0)).toBeUndefined();
  });
});
