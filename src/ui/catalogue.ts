// The scenarios the game offers: an index written at build time (scripts/scenario-assets.ts), which
// checked every file through the CLI's validator, and each scenario fetched only when it is chosen —
// so the title appears without fetching or validating all of them, and the scenario hash equals the CLI's.
import { SCENARIOS, type ScenarioEntry } from 'virtual:scenarios';
import type { Scenario } from '../domain/scenario-schema.ts';

export type { ScenarioEntry };

export interface Catalogue {
  /** Every built-in scenario: the tutorial first, then by date. */
  entries: ScenarioEntry[];
  entry(id: string): ScenarioEntry | undefined;
  /** The scenarios fetched so far, in the order of `entries`. */
  scenarios: Scenario[];
  /** Files that could not be fetched, named with the reason. */
  problems: string[];
  /** A scenario fetched already (see `load`), or undefined. */
  byId(id: string): Scenario | undefined;
  /** Fetches a scenario once; undefined when there is no such scenario or it could not be fetched. */
  load(id: string): Promise<Scenario | undefined>;
  /** Fetches them all: for the pages that list every scenario (replay viewer). */
  loadAll(): Promise<void>;
  /**
   * Holds a scenario given rather than fetched: the classroom server serves no scenario file, so the
   * instructor's replay viewer there gets its session's scenario from the server with the secret.
   */
  provide(scenario: Scenario): void;
}

export function loadCatalogue(entries: ScenarioEntry[] = SCENARIOS): Catalogue {
  const sorted = [...entries].sort((a, b) => Number(b.id === 'tutorial') - Number(a.id === 'tutorial') || a.meta.date.localeCompare(b.meta.date));
  const loaded = new Map<string, Scenario>();
  const pending = new Map<string, Promise<Scenario | undefined>>();
  const problems: string[] = [];
  const catalogue: Catalogue = {
    entries: sorted,
    entry: (id) => sorted.find((e) => e.id === id),
    get scenarios() {
      return sorted.map((e) => loaded.get(e.id)).filter((s): s is Scenario => s !== undefined);
    },
    problems,
    byId: (id) => loaded.get(id),
    load(id) {
      const entry = catalogue.entry(id);
      if (!entry) return Promise.resolve(undefined);
      let fetching = pending.get(id);
      if (!fetching) {
        // Checked when the game was built: the file is the validator's own output, read as it is.
        fetching = fetch(entry.url)
          .then(async (response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            const scenario = (await response.json()) as Scenario;
            loaded.set(id, scenario);
            return scenario;
          })
          .catch((error: Error) => {
            problems.push(`${entry.file}: ${error.message}`);
            pending.delete(id);
            return undefined;
          });
        pending.set(id, fetching);
      }
      return fetching;
    },
    async loadAll() {
      await Promise.all(sorted.map((e) => catalogue.load(e.id)));
    },
    provide(scenario) {
      loaded.set(scenario.meta.id, scenario);
      pending.set(scenario.meta.id, Promise.resolve(scenario));
    },
  };
  return catalogue;
}
