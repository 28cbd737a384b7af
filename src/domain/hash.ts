// Canonical JSON and SHA-256 hashes of scenarios and states, identical in Node and in the browser.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Hex SHA-256 of the canonical JSON of `value`. */
export function hashOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}

/**
 * SHA-256 of the state that decides the game: everything but the transcript's wording, which is
 * narration derived from the same commands (its length is included). Rewording the narration thus
 * leaves golden replays valid, while any change in what happened changes the hash.
 */
export function stateHash(state: { transcript: readonly unknown[] }): string {
  return hashOf({ ...state, transcript: state.transcript.length });
}
