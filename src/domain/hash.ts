// Canonical JSON and SHA-256 hashes of scenarios and states, identical in Node and in the browser:
// node:crypto where Node offers it (fast, native), @noble/hashes in the browser (synchronous, same digest).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + (value[i] === undefined ? 'null' : canonicalJson(value[i]));
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

interface NodeHash {
  update(text: string, encoding: 'utf8'): NodeHash;
  digest(encoding: 'hex'): string;
  copy(): NodeHash;
}
type NodeCrypto = { createHash(algorithm: string): NodeHash };
// process.getBuiltinModule (Node ≥ 20.16) reaches node:crypto without an import the browser build would
// have to resolve; in the browser `process` is absent and the pure-JS digest is used.
const nodeCrypto = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:crypto') as
  | NodeCrypto
  | undefined;

/** Hex SHA-256 of a text's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return nodeCrypto ? nodeCrypto.createHash('sha256').update(text, 'utf8').digest('hex') : bytesToHex(sha256(utf8ToBytes(text)));
}

/**
 * A SHA-256 fed piece by piece, whose digest so far can be read at any time without ending it: the
 * meeting's hash of its whole command log, paid for once per command however often it is read.
 */
export class RunningDigest {
  readonly #node: NodeHash | undefined = nodeCrypto?.createHash('sha256');
  readonly #noble = this.#node ? undefined : sha256.create();
  update(text: string): void {
    if (this.#node) this.#node.update(text, 'utf8');
    else this.#noble!.update(utf8ToBytes(text));
  }
  hex(): string {
    return this.#node ? this.#node.copy().digest('hex') : bytesToHex(this.#noble!.clone().digest());
  }
}

/** Hex SHA-256 of the canonical JSON of `value`. */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/**
 * SHA-256 of the state that decides the game — facts only (ids and numbers), so the hash holds no
 * words — together with the digest of the command log that led there (`RunningDigest`), so that a log
 * reordered, or with its reasons or messages rewritten, no longer gives the same hash. The state's JSON
 * is hashed in its own key order: the rules build every object in the same order for the same commands
 * (in Node and in the browser alike), so sorting keys would only cost time.
 */
export function stateHash(state: object, commandsDigest: string): string {
  return sha256Hex(`${JSON.stringify(state)}\n${commandsDigest}`);
}
