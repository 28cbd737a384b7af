// The built-in scenarios checked once, at build time: every file of scenarios/ through the same
// validator as the CLI, with its rules and text hashes — for the browser build (scripts/scenario-assets.ts)
// and for any build step of the CLI that wants them checked and hashed before it ships.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { rulesHash, textHash } from '../src/domain/scenario-hash.ts';
import { checkScenario } from '../src/domain/validate.ts';

export interface BuiltInScenario {
  /** The file's name in scenarios/, e.g. `tutorial.json`. */
  file: string;
  /** The scenario as the validator returns it (older formats migrated): what the game runs. */
  scenario: Scenario;
  rulesHash: string;
  textHash: string;
}

/** The scenario files of a folder: every `*.json` at its top but the JSON Schema. */
export function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort();
}

/**
 * Reads and checks every scenario file of `dir`; throws one error listing each file's problems,
 * so a build never ships a scenario the game would refuse.
 */
export function readBuiltInScenarios(dir: string): BuiltInScenario[] {
  const found: BuiltInScenario[] = [];
  const problems: string[] = [];
  for (const file of scenarioFiles(dir)) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: ${(error as Error).message}`);
      continue;
    }
    const checked = checkScenario(json);
    if (!checked.ok) {
      problems.push(...checked.problems.map((p) => `${file}: ${p.path}: ${p.message}`));
      continue;
    }
    found.push({ file, scenario: checked.scenario, rulesHash: rulesHash(checked.scenario), textHash: textHash(checked.scenario) });
  }
  if (problems.length > 0) throw new Error(`scenarios/ has files the game would refuse:\n${problems.join('\n')}`);
  return found;
}
