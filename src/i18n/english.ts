// English, loaded synchronously: the fallback of every language and the words of Node's surfaces (the
// CLI, the tests, the server). The browser never imports this file, so a page in another language
// fetches no English.
import { makeTranslator, SURFACES, type Messages, type Translator } from './index.ts';
import game from './locales/en/game.json';
import narration from './locales/en/narration.json';
import cli from './locales/en/cli.json';
import classroom from './locales/en/classroom.json';
import reports from './locales/en/reports.json';

export const ENGLISH_MESSAGES: Messages = { ...game, ...narration, ...cli, ...classroom, ...reports };

export const ENGLISH: Translator = makeTranslator('en', ENGLISH_MESSAGES, undefined, SURFACES);
