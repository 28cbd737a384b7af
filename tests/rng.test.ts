// Seeded randomness: named streams of the rules, reproducible from a seed, whose state survives JSON;
// and the seats' dice, drawn fresh from the seed, the seat and the step, with no state kept at all.
import { describe, expect, it } from 'vitest';
import { Dice, STREAM_NAMES, roll, seatDice, seedStreams, type StreamState } from '../src/rng/index.ts';

const draws = (state: StreamState, n: number) => {
  const dice = new Dice(state);
  return Array.from({ length: n }, () => dice.int(1, 1000));
};
const seatDraws = (dice: Dice, n: number) => Array.from({ length: n }, () => dice.int(1, 1000));

describe('random streams', () => {
  it('the same seed gives the same draws', () => {
    expect(draws(seedStreams('42').events, 20)).toEqual(draws(seedStreams('42').events, 20));
    expect(draws(seedStreams('42').lobbying, 20)).toEqual(draws(seedStreams('42').lobbying, 20));
  });
  it('different seeds give different draws', () => {
    expect(draws(seedStreams('42').events, 20)).not.toEqual(draws(seedStreams('43').events, 20));
    expect(draws(seedStreams('42').lobbying, 20)).not.toEqual(draws(seedStreams('43').lobbying, 20));
  });
  it('each subsystem of the rules has its own stream, and the AI has none in the state', () => {
    expect([...STREAM_NAMES]).toEqual(['events', 'lobbying']);
    const s = seedStreams('42');
    expect(Object.keys(s).sort()).toEqual(['events', 'lobbying']);
    expect(draws(s.events, 10)).not.toEqual(draws(s.lobbying, 10));
  });
  it('drawing from one stream leaves the others where they were', () => {
    const s = seedStreams('7');
    const before = JSON.stringify(s.events);
    roll(s, 'lobbying', (d) => d.int(1, 6));
    expect(JSON.stringify(s.events)).toBe(before);
    const lobbying = JSON.stringify(s.lobbying);
    roll(s, 'events', (d) => d.int(1, 6));
    expect(JSON.stringify(s.lobbying)).toBe(lobbying);
  });
  it('a stream continues exactly after a trip through JSON', () => {
    const s = seedStreams('7');
    roll(s, 'lobbying', (d) => d.int(1, 6));
    const copy = JSON.parse(JSON.stringify(s));
    expect(draws(copy.lobbying, 50)).toEqual(draws(s.lobbying, 50));
    expect(draws(copy.events, 50)).toEqual(draws(s.events, 50));
  });
  it('int stays in range and chance respects 0 and 100', () => {
    const dice = new Dice(seedStreams('range').lobbying);
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

describe('seat dice', () => {
  it('the same seed, seat and step give the same draws', () => {
    expect(seatDraws(seatDice('42', 'RU', 17), 20)).toEqual(seatDraws(seatDice('42', 'RU', 17), 20));
  });
  it('another seed, seat or step gives other draws', () => {
    const base = seatDraws(seatDice('42', 'RU', 17), 20);
    expect(seatDraws(seatDice('43', 'RU', 17), 20)).not.toEqual(base);
    expect(seatDraws(seatDice('42', 'CN', 17), 20)).not.toEqual(base);
    expect(seatDraws(seatDice('42', 'RU', 18), 20)).not.toEqual(base);
  });
  it('are not the rules’ streams: a seat drawing never moves them, and its draws are not theirs', () => {
    const s = seedStreams('42');
    const before = JSON.stringify(s);
    const seat = seatDraws(seatDice('42', 'RU', 0), 20);
    expect(JSON.stringify(s)).toBe(before);
    expect(seat).not.toEqual(draws(s.events, 20));
    expect(seat).not.toEqual(draws(s.lobbying, 20));
  });
  it('asking twice at the same step gives the same answer: drawing from one handle advances no other', () => {
    const fresh = seatDraws(seatDice('7', 'US', 3), 10);
    const used = seatDice('7', 'US', 3);
    seatDraws(used, 5);
    expect(seatDraws(seatDice('7', 'US', 3), 10)).toEqual(fresh);
  });
});
