// Join codes, instructor secrets and reconnection tokens: random from node:crypto, stored only as
// SHA-256 hashes, and compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '../src/net/protocol.ts';

/** A fresh join code: 10 symbols of 5 random bits each, 50 bits in all. */
export function newJoinCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte & 31];
  return code;
}

/** 256 bits for the instructor, 192 for a student's seat token: unguessable and URL-safe. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const newToken = () => randomBytes(24).toString('base64url');
export const newId = () => randomUUID();

/**
 * What the room listing holds in place of the join code, and what matchmaking looks rooms up by: the
 * listing is shared through the Colyseus driver (Redis, with several processes), so it never holds the code.
 */
export function codeKeyOf(code: string): string {
  return createHash('sha256').update(`communique join code ${code}`, 'utf8').digest('hex');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` hashes to `hash`, compared in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two short strings (join codes). */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
