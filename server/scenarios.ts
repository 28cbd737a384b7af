// Scenarios for the classroom server, by id from the scenarios folder only (never a path from the
// network), checked once and cached, in English or with a language's texts laid over them; and the
// public summary of one that anyone in the room may see.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScenario } from '../src/domain/validate.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import type { ScenarioSummary } from '../src/net/protocol.ts';
import { checkTexts, translateScenario } from '../src/i18n/scenario-texts.ts';
import type { Lang } from '../src/i18n/index.ts';

/** The scenarios folder: CLASSROOM_SCENARIOS_DIR (a school's own), or scenarios/ found from src, server or any depth of dist. */
export function scenariosDir(): string {
  const own = process.env.CLASSROOM_SCENARIOS_DIR;
  if (own) {
    if (!existsSync(own)) throw new Error(`CLASSROOM_SCENARIOS_DIR: there is no folder ${own}`);
    return resolve(own);
  }
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'scenarios')) && existsSync(join(dir, 'package.json'))) return join(dir, 'scenarios');
    dir = resolve(dir, '..');
  }
  throw new Error('cannot find the scenarios folder next to the communique package');
}

export function scenarioIds(): string[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

const cache = new Map<string, Scenario>();

/** The scenario with this id; an unknown id or an invalid file is an error naming the known ids or the problem. */
export function scenarioById(id: string): Scenario {
  const cached = cache.get(id);
  if (cached) return cached;
  const known = scenarioIds();
  if (!known.includes(id)) throw new Error(`unknown scenario "${id}"; known scenarios: ${known.join(', ')}`);
  const result = checkScenario(JSON.parse(readFileSync(join(scenariosDir(), `${id}.json`), 'utf8')));
  if (!result.ok) throw new Error(`scenario "${id}" is invalid: ${result.problems[0]!.path}: ${result.problems[0]!.message}`);
  cache.set(id, result.scenario);
  return result.scenario;
}

const translated = new Map<string, Scenario>();

/**
 * The scenario in a language, from scenarios/texts/<id>.<lang>.json when there is one (words only: the
 * rules read the same ids and numbers); English when there is none, or when the file does not check.
 * Students are sent their seat's share of it (domain public-scenario.ts), so their page never fetches
 * a scenario or texts file, both of which hold every delegation's instructions.
 */
export function scenarioIn(id: string, lang: Lang | undefined): Scenario {
  const english = scenarioById(id);
  if (!lang || lang === 'en') return english;
  const key = `${id}.${lang}`;
  const cached = translated.get(key);
  if (cached) return cached;
  const file = join(scenariosDir(), 'texts', `${key}.json`);
  let scenario = english;
  if (existsSync(file)) {
    const check = checkTexts(english, JSON.parse(readFileSync(file, 'utf8')), `texts/${key}.json`);
    if (check.ok) scenario = translateScenario(english, check.texts);
  }
  translated.set(key, scenario);
  return scenario;
}

/** What a student may know of the scenario: no positions, red lines, motivations or affinities. */
export function summaryOf(scenario: Scenario, forInstructor: boolean): ScenarioSummary {
  return {
    id: scenario.meta.id,
    title: scenario.meta.title,
    date: scenario.meta.date,
    place: scenario.meta.place,
    summary: scenario.meta.summary,
    chair: scenario.presidency.chair,
    delegations: scenario.delegations.map((d) => ({ id: d.id, name: d.name, head: d.head, ...(d.coHead ? { coHead: d.coHead } : {}), blocs: d.blocs })),
    paragraphs: scenario.paragraphs.map((p) => ({
      id: p.id,
      title: p.title,
      importance: p.importance,
      droppable: p.droppable,
      variants: p.variants.map((v) => ({ id: v.id, summary: v.summary, text: v.text })),
    })),
    schedule: scenario.schedule.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      slots: s.slots.map((slot) => ({ id: slot.id, title: slot.title, minutes: slot.minutes })),
    })),
    events: forInstructor ? scenario.events.map((e) => ({ id: e.id, title: e.title })) : [],
  };
}
