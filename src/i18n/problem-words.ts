// A problem in a reader's language: its catalogue key and parameters where the language has that
// key, its English sentence otherwise — and for English readers the sentence itself, as it always was.
import type { Translator } from './index.ts';

/** A sentence as data; a parameter may be a value, more words, or a list of either (as src/domain/issues.ts builds them). */
export interface WordsData {
  key: string;
  params?: Record<string, WordParamData>;
}
type WordParamData = string | number | WordsData | { list: readonly (string | WordsData)[]; join: 'conjunction' | 'disjunction' };

export interface WordedProblem {
  message: string;
  words?: WordsData;
}

/** Whether every key `words` names, nested ones too, is in `tr`'s catalogue. */
function known(tr: Translator, words: WordsData): boolean {
  if (!tr.has(words.key)) return false;
  for (const v of Object.values(words.params ?? {})) {
    if (typeof v !== 'object') continue;
    if ('list' in v ? !v.list.every((x) => typeof x === 'string' || known(tr, x)) : !known(tr, v)) return false;
  }
  return true;
}

/** Whether `words` can be worded in `tr`'s language (every key it names, nested ones too, is there). */
export function canWord(tr: Translator, words: WordsData): boolean {
  return known(tr, words);
}

/** Words (nested words and lists first) as one sentence of `tr`'s language. */
export function wordsIn(tr: Translator, words: WordsData): string {
  return tr.t(words.key, paramsIn(tr, words));
}

/** The parameters of `words`, nested words and lists worded in `tr`'s language. */
function paramsIn(tr: Translator, words: WordsData): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(words.params ?? {})) {
    if (typeof v !== 'object') params[k] = v;
    else if ('list' in v) params[k] = tr.list(v.list.map((x) => (typeof x === 'string' ? x : wordsIn(tr, x))), v.join);
    else params[k] = wordsIn(tr, v);
  }
  return params;
}

/** How a replay verified ("verified — 80 commands, 9 of 9 checkpoints compared, final hash matched"), in `tr`'s language. */
export function verifiedIn(tr: Translator, v: { compared: number; of: number; meeting: { commands: readonly unknown[] } }, english: string): string {
  return tr.lang === 'en' || !tr.has('replay-problem.verified') ? english : tr.t('replay-problem.verified', { commands: v.meeting.commands.length, compared: v.compared, of: v.of });
}

export function problemIn(tr: Translator, problem: WordedProblem): string {
  const words = problem.words;
  if (tr.lang === 'en' || !words || !known(tr, words)) return problem.message;
  if (!words.key.startsWith('replay-problem.')) return wordsIn(tr, words);
  const params = paramsIn(tr, words);
  // A rules refusal inside the sentence: its code worded too, where the language has it.
  const refusal = params.refusal;
  if (typeof refusal === 'string' && tr.has(`refusal.${refusal}`)) params.why = tr.t(`refusal.${refusal}`);
  return tr.t(words.key, params);
}
