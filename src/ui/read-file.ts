// Reading a replay or save file the player chose or dropped, bounded to 10 MB as on the command line.
//
// A file over the limit is refused by its size before a byte is read, and the read itself stops one
// byte past the limit: a file that grew after it was chosen is refused rather than read whole. Every
// refusal is one sentence naming the file and the limit, never an exception, so the page stays usable.

import { t } from '../i18n/index.ts';

/** Largest replay or save file the browser reads, as on the command line (src/cli/io.ts). */
export const MAX_REPLAY_BYTES = 10 * 1024 * 1024;

export type ReadText = { ok: true; text: string } | { ok: false; message: string };


/** The file's text, decoded as UTF-8 (a leading byte-order mark dropped), or why it is not read. */
export async function readReplayText(file: File): Promise<ReadText> {
  const limit = MAX_REPLAY_BYTES;
  const name = file.name;
  const mb = file.size / 1048576;
  // "10.0 MB; at most 10 MB" would read as a contradiction: just over it is said so.
  if (file.size > limit) return { ok: false, message: t('viewer-file.too-big', { name, mb, over: mb < 10.05, limit: limit / 1048576 }) };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.slice(0, limit + 1).arrayBuffer());
  } catch {
    return { ok: false, message: t('viewer-file.moved', { name }) };
  }
  if (bytes.byteLength > limit) return { ok: false, message: t('viewer-file.grew', { name, limit: limit / 1048576 }) };
  // A UTF-16 file starts with FF FE or FE FF; it would otherwise be reported as "not JSON".
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: t('viewer-file.utf16', { name }) };
  }
  try {
    // fatal: a binary file is refused here rather than read with U+FFFD in place of its bytes.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, message: t('viewer-file.not-utf8', { name }) };
  }
}
