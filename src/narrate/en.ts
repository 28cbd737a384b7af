// English narration: the English table of the per-language narration (src/narrate/index.ts), and the
// English-speaking helpers the CLI and the tests have always called. The browser uses index.ts with
// the page's own language, so it never loads this file's English.
import type { LogRecord } from '../domain/log.ts';
import type { Approach, Paragraph, Scenario } from '../domain/scenario-schema.ts';
import { ENGLISH } from '../i18n/english.ts';
import { approachIn, listIn, narrate as narrateIn, narrationTable, variantLabelIn, wordsIn, type NarrationTable, type Words } from './index.ts';

export type { NarrationTable, Words } from './index.ts';

/** How people name a wording in English: its one-line summary in quotes, or "dropping the paragraph". */
export const variantLabel = (paragraph: Paragraph, variant: string): string => variantLabelIn(ENGLISH, paragraph, variant);

/** Names joined as English writes them: "A", "A and B", "A, B and C". */
export const listOf = (items: readonly string[]): string => listIn(ENGLISH, items);

export const APPROACH_WORDS: Record<Approach, string> = {
  principle: approachIn(ENGLISH, 'principle'),
  interest: approachIn(ENGLISH, 'interest'),
  reciprocity: approachIn(ENGLISH, 'reciprocity'),
  'bloc-pressure': approachIn(ENGLISH, 'bloc-pressure'),
};


/** A scenario's words in English. */
export const wordsFor = (scenario: Scenario): Words => wordsIn(scenario, ENGLISH);

export const EN: NarrationTable = narrationTable(ENGLISH);

/** A record as one English sentence (or another table's). */
export function narrate(record: LogRecord, w: Words, table: NarrationTable = EN): string {
  return narrateIn(record, w, table);
}
