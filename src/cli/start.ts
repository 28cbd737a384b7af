// How the command line's own process runs its JavaScript: imported first by main.ts, before any other module is evaluated.
import { setFlagsFromString } from 'node:v8';

/** The command named on the command line, skipping `--lang X` and `--lang=X` wherever they stand. */
export function commandOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--lang') i++;
    else if (!a.startsWith('--lang=')) return a;
  }
  return undefined;
}

// Most commands play or read one game and end within a second: V8's optimising compilers would spend
// more CPU compiling the engine than their code saves in that time (one game costs about half as much
// CPU without them). A batch plays hundreds of games in this thread and keeps them. Set before the
// engine's modules are loaded, so no function has been compiled yet under the other settings.
if (commandOf(process.argv.slice(2)) !== 'batch') {
  setFlagsFromString('--no-maglev');
  setFlagsFromString('--no-opt');
}
