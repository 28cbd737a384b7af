// The set-up most browser tests share: the built game served on a free port and one headless
// Chromium, opened before the file's tests and closed after them.
import { afterAll, beforeAll } from 'vitest';
import { openBrowser, serve, type Browser, type Served } from './browser.ts';

export interface GameInBrowser {
  served: Served;
  browser: Browser;
}

/** Registers the file's set-up and tear-down; the fields are filled once `beforeAll` has run. */
export function gameInBrowser(): GameInBrowser {
  const env = {} as GameInBrowser;
  beforeAll(async () => {
    env.served = await serve();
    env.browser = await openBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.served?.close();
  });
  return env;
}
