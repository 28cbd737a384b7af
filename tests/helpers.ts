// Shared test helpers: load scenarios and fixtures through the real validator.
import { readFileSync } from 'node:fs';
import { checkScenario } from '../src/domain/validate.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';

export function loadScenarioFile(path: string): Scenario {
  const result = checkScenario(JSON.parse(readFileSync(path, 'utf8')));
  if (!result.ok) throw new Error(`${path}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return result.scenario;
}

export const mini = () => loadScenarioFile('tests/fixtures/mini.json');
export const scenario = (id: string) => loadScenarioFile(`scenarios/${id}.json`);
