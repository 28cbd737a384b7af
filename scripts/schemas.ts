// Writes the JSON Schemas of the seat protocol, docs/observation.schema.json and docs/command.schema.json,
// from their zod schemas. Run: npx vite build --ssr scripts/schemas.ts --outDir dist/scripts --logLevel warn && node dist/scripts/schemas.js
// (tests/agents.test.ts fails when the committed files differ from what this writes).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CommandSchema } from '../src/domain/commands.ts';
import { ObservationJsonSchema } from '../src/domain/observation-schema.ts';

/** The files' contents by path from the repository root. */
export function seatSchemaFiles(): Record<string, string> {
  const text = (schema: object) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    // What the engine writes: `output`, so the schema says what a program can rely on receiving.
    'docs/observation.schema.json': text({
      title: 'Communiqué seat observation',
      ...z.toJSONSchema(ObservationJsonSchema, { io: 'output', target: 'draft-2020-12' }),
    }),
    // What the engine accepts: `input`, as for the scenario schema (optional fields may be left out).
    'docs/command.schema.json': text({
      title: 'Communiqué command',
      ...z.toJSONSchema(CommandSchema, { io: 'input', target: 'draft-2020-12' }),
    }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const [file, content] of Object.entries(seatSchemaFiles())) {
    writeFileSync(file, content);
    process.stdout.write(`Wrote ${file}.\n`);
  }
}
