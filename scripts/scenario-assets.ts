// A Vite plugin for the browser build's scenarios and flags: each built-in scenario is validated at
// build time and emitted as `scenarios/<file>`, fetched only when a player chooses it; a small index
// (`virtual:scenarios`) lists them for the title; and `virtual:flags` holds only the flags of the
// scenarios' delegations.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { readBuiltInScenarios, type BuiltInScenario } from './built-in-scenarios.ts';

/** What the title screen shows of a scenario before it is fetched (see src/build-modules.d.ts). */
export function entryOf(built: BuiltInScenario) {
  const { meta } = built.scenario;
  return {
    id: meta.id,
    file: built.file,
    meta: { id: meta.id, title: meta.title, date: meta.date, place: meta.place, summary: meta.summary, difficulty: meta.difficulty, fictional: meta.fictional },
    delegations: built.scenario.delegations.length,
    paragraphs: built.scenario.paragraphs.length,
    rulesHash: built.rulesHash,
  };
}

const SCENARIOS_ID = 'virtual:scenarios';
const FLAGS_ID = 'virtual:flags';

export function scenarioAssets(root: string): Plugin {
  const dir = join(root, 'scenarios');
  const flagsDir = join(root, 'node_modules/flag-icons/flags/4x3');
  let built: BuiltInScenario[] = [];
  const load = () => (built = readBuiltInScenarios(dir));
  return {
    name: 'communique:scenario-assets',
    buildStart() {
      load();
      for (const file of built.map((b) => b.file)) this.addWatchFile(join(dir, file));
    },
    resolveId: (id) => (id === SCENARIOS_ID || id === FLAGS_ID ? `\0${id}` : null),
    load(id) {
      if (id === `\0${SCENARIOS_ID}`) {
        // URLs relative to the chunk, as Vite's own `?url` imports are with `base: './'`: the game is
        // also served under /join/<code>, where a page-relative `scenarios/…` would miss.
        const entries = built.map((b) => ({ ...entryOf(b), url: `%URL:${b.file}%` }));
        const code = JSON.stringify(entries, null, 1).replace(/"%URL:([^%]+)%"/g, (_, file: string) => `new URL(/* @vite-ignore */ ${JSON.stringify(`../scenarios/${file}`)}, import.meta.url).href`);
        return `export const SCENARIOS = ${code};`;
      }
      if (id === `\0${FLAGS_ID}`) {
        const codes = [...new Set(built.filter((b) => !entryOf(b).meta.fictional).flatMap((b) => b.scenario.delegations.map((d) => d.id.toLowerCase())))]
          .filter((code) => existsSync(join(flagsDir, `${code}.svg`)))
          .sort();
        const imports = codes.map((code, i) => `import f${i} from ${JSON.stringify(`${resolve(flagsDir, code)}.svg?url`)};`);
        return `${imports.join('\n')}\nexport const FLAGS = { ${codes.map((code, i) => `${JSON.stringify(code)}: f${i}`).join(', ')} };`;
      }
      return null;
    },
    generateBundle(_options, bundle) {
      // Scenario data reaches the page only as these files, fetched on demand, which a classroom
      // server refuses by path (server/web-files.ts): a chunk that bundled a scenario or texts file
      // would carry every red line past that rule, so the build refuses to make one.
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        // A `?url` import is the file's address, not its data: only a plain import inlines it.
        const inlined = output.moduleIds.filter((id) => id.startsWith(dir) && id.endsWith('.json'));
        if (inlined.length > 0) this.error(`${output.fileName} bundles scenario data (${inlined.join(', ')}): import scenarios through virtual:scenarios, which fetches them`);
      }
      // The scenario as the validator returned it: the browser reads it without running the validator.
      for (const b of built) this.emitFile({ type: 'asset', fileName: `scenarios/${b.file}`, source: JSON.stringify(b.scenario) });
    },
    configureServer(server) {
      // `npm run dev`: the same checked files, under the same names.
      server.middlewares.use((request, response, next) => {
        const match = /^\/scenarios\/([\w.-]+\.json)$/.exec(request.url?.split('?')[0] ?? '');
        const found = match && load().find((b) => b.file === match[1]);
        if (!found) return next();
        response.setHeader('Content-Type', 'application/json');
        response.end(JSON.stringify(found.scenario));
      });
    },
  };
}
