// The server's problems in words: each refusal a classroom page may show is a catalogue key and its
// parameters, sent as `problem` so the page words it in its own language, and beside it, for programs,
// logs and tests, the same sentence in English, worded from the English catalogue (classroom.json).
import { ENGLISH } from '../src/i18n/english.ts';
import { PROBLEM_MARK, type Problem } from '../src/net/protocol.ts';

/** A problem with its English sentence. */
export interface Worded {
  message: string;
  problem: Problem;
}

export function worded(key: string, params?: Record<string, string | number>): Worded {
  return { message: ENGLISH.t(key, params), problem: params ? { key, params } : { key } };
}

/** The message and, when worded, the problem of a refusal given either way. */
export function asWords(m: string | Worded): { message: string; problem?: Problem } {
  return typeof m === 'string' ? { message: m } : m;
}

/** A join refused over the socket: its English sentence with the problem after PROBLEM_MARK (the client splits it). */
export function joinRefusal(m: string | Worded): string {
  return typeof m === 'string' ? m : `${m.message}${PROBLEM_MARK}${JSON.stringify(m.problem)}`;
}
