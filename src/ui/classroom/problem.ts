// A classroom problem in the page's language: the server (and the client) send a problem as a
// catalogue key and parameters beside its English sentence; the page words the key. English pages
// show the sentence itself, so their wording is exactly the server's.
import { ClassroomError, ClassroomProblem } from '../../net/client.ts';
import { current, t } from '../../i18n/index.ts';
import { canWord, wordsIn } from '../../i18n/problem-words.ts';
import { refusalWords } from '../words.ts';

/** What went wrong, for people: the problem's own words, else the rules' refusal, else its kind. */
export function problemText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (current().lang === 'en') return message;
  if (error instanceof ClassroomProblem && error.problem && canWord(current(), error.problem)) return wordsIn(current(), error.problem);
  if (error instanceof ClassroomError) {
    if (error.detail.refusal) return refusalWords({ code: error.detail.refusal, message });
    if (current().has(`net.code.${error.code}`)) return t(`net.code.${error.code}`);
  }
  // fetch's own failure (no server at that address): a TypeError in every browser.
  if (error instanceof TypeError) return t('net.unreachable');
  return message;
}

/** The server's error answer to a fetch the page made itself (a replay download): its sentence and problem. */
export function answerProblem(body: string, status: number): ClassroomProblem {
  try {
    const answer = JSON.parse(body) as { error?: unknown; problem?: ClassroomProblem['problem'] };
    if (typeof answer.error === 'string') return new ClassroomProblem(answer.error, answer.problem);
  } catch {
    // Not the server's JSON (a proxy's page): the status says enough.
  }
  return new ClassroomProblem(`HTTP ${status}`);
}
