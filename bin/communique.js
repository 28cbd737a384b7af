#!/usr/bin/env node
// Entry point of `npx communique`: runs the built command line, or says how to build it.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/communique.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('communique: the command line is not built yet; run `npm ci` (or `npm run build:cli`) first.\n');
  process.exit(2);
}
await import(pathToFileURL(built).href);
