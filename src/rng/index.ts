// Seeded randomness: named Alea streams whose whole state is plain JSON kept inside the game state.
import alea from 'seedrandom/lib/alea.js';

/** The Alea generator's state; plain numbers, so it persists and replays exactly. */
export interface StreamState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * One stream per subsystem of the rules, so a change in how often one draws never shifts another's
 * sequence. The AI has none here: it plays from outside the rules and draws from `seatDice`.
 */
export const STREAM_NAMES = ['events', 'lobbying'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
export type Streams = Record<StreamName, StreamState>;

/** Seeds every named stream from the game's seed. */
export function seedStreams(seed: string): Streams {
  const streams = {} as Streams;
  for (const name of STREAM_NAMES) streams[name] = alea(`${seed}/${name}`, { state: true }).state();
  return streams;
}

/** A short-lived handle for drawing from one stream; read `.state` back when done. */
export class Dice {
  #prng: ReturnType<typeof alea> | undefined;
  readonly #source: StreamState | string;
  /** From a stream's state, or from a seed text; the generator is made on the first draw only. */
  constructor(source: StreamState | string) {
    this.#source = typeof source === 'string' ? source : { ...source };
  }
  // Most seat decisions draw nothing: seeding Alea (its Mash hash) is then never paid for.
  private get prng(): ReturnType<typeof alea> {
    if (!this.#prng) {
      this.#prng = typeof this.#source === 'string' ? alea(this.#source, { state: true }) : alea('', { state: this.#source });
    }
    return this.#prng;
  }
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }
  /** True with the given chance in percent (an integer 0..100). */
  chance(percent: number): boolean {
    return this.int(1, 100) <= percent;
  }
  /** One item, or undefined for an empty list. */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(0, items.length - 1)];
  }
  /** One item drawn with probability proportional to its integer weight; undefined when all weights are 0. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T | undefined {
    const total = items.reduce((sum, item) => sum + Math.max(0, weight(item)), 0);
    if (total <= 0) return undefined;
    let ticket = this.int(1, total);
    for (const item of items) {
      ticket -= Math.max(0, weight(item));
      if (ticket <= 0) return item;
    }
    return undefined;
  }
  get state(): StreamState {
    return this.prng.state();
  }
}

/**
 * Fresh dice for a seat policy's choice at one step: seeded by the game's seed, the seat and the step,
 * so the same game asks the same question and gets the same answer, with no stream kept in the state.
 */
export function seatDice(seed: string, seat: string, step: number): Dice {
  return new Dice(`${seed}/seat/${seat}/${step}`);
}

/** Draws from one named stream of `streams`, writing the advanced state back. */
export function roll<T>(streams: Streams, name: StreamName, use: (dice: Dice) => T): T {
  const dice = new Dice(streams[name]);
  const result = use(dice);
  streams[name] = dice.state;
  return result;
}
