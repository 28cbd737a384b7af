// The scenarios the game offers, discovered at build time from scenarios/*.json and loaded at run
// time through the same validator as the CLI, so the browser's scenario hash equals the CLI's.
import { checkScenario } from '../domain/validate.ts';
import type { Scenario } from '../domain/scenario-schema.ts';

// As URLs rather than modules: scenario data is fetched as JSON and never ships inside the JavaScript.
const SCENARIO_FILES = import.meta.glob(['../../scenarios/*.json', '!../../scenarios/*.schema.json'], {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export interface Catalogue {
  /** Valid scenarios: the tutorial first, then by date. */
  scenarios: Scenario[];
  /** Files that failed validation, named with their first problem. */
  problems: string[];
  byId(id: string): Scenario | undefined;
}

export async function loadCatalogue(): Promise<Catalogue> {
  const problems: string[] = [];
  const loaded = await Promise.all(
    Object.entries(SCENARIO_FILES).map(async ([path, url]) => {
      const file = path.slice(path.lastIndexOf('/') + 1);
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const result = checkScenario(await response.json());
        if (!result.ok) {
          problems.push(`${file}: ${result.problems[0]!.path}: ${result.problems[0]!.message}`);
          return null;
        }
        return result.scenario;
      } catch (error) {
        problems.push(`${file}: ${(error as Error).message}`);
        return null;
      }
    }),
  );
  const scenarios = loaded
    .filter((s): s is Scenario => s !== null)
    .sort((a, b) => Number(b.meta.id === 'tutorial') - Number(a.meta.id === 'tutorial') || a.meta.date.localeCompare(b.meta.date));
  return { scenarios, problems, byId: (id) => scenarios.find((s) => s.meta.id === id) };
}
