// A problem in a reader's language: its catalogue key and parameters where the language has that
// key, its English sentence otherwise — and for English readers the sentence itself, as it always was.
import type { Translator } from './index.ts';

export interface WordedProblem {
  message: string;
  words?: { key: string; params?: Record<string, string | number> };
}

/** How a replay verified ("verified — 80 commands, 9 of 9 checkpoints compared, final hash matched"), in `tr`'s language. */
export function verifiedIn(tr: Translator, v: { compared: number; of: number; meeting: { commands: readonly unknown[] } }, english: string): string {
  return tr.lang === 'en' || !tr.has('replay-problem.verified') ? english : tr.t('replay-problem.verified', { commands: v.meeting.commands.length, compared: v.compared, of: v.of });
}

export function problemIn(tr: Translator, problem: WordedProblem): string {
  const words = problem.words;
  if (tr.lang === 'en' || !words || !tr.has(words.key)) return problem.message;
  const params = { ...words.params };
  // A rules refusal inside the sentence: its code worded too, where the language has it.
  const refusal = params.refusal;
  if (typeof refusal === 'string' && tr.has(`refusal.${refusal}`)) params.why = tr.t(`refusal.${refusal}`);
  return tr.t(words.key, params);
}
