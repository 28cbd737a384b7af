// The command line's language: English unless `--lang` chose another (main.ts loads it before any
// command runs), so every human line the CLI prints is worded by one translator.
import { current, type Translator } from '../i18n/index.ts';
import { ENGLISH } from '../i18n/english.ts';
import { narrationTable, type NarrationTable } from '../narrate/index.ts';

let machine = false;

/**
 * `--json` output is for programs: the same in every language, so scenario texts stay the file's own
 * there (only what people read is translated).
 */
export function setMachineOutput(on: boolean): void {
  machine = on;
}

export function machineOutput(): boolean {
  return machine;
}

/** The CLI's translator: the one `--lang` loaded, or English. */
export function cliTr(): Translator {
  return current().surfaces.length > 0 ? current() : ENGLISH;
}

/** A message of the CLI's language. */
export function say(key: string, params?: Parameters<Translator['t']>[1]): string {
  return cliTr().t(key, params);
}

/** The narration table of the CLI's language. */
export function cliTable(): NarrationTable {
  return narrationTable(cliTr());
}
