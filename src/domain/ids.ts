// What an id may be: the scenario-id pattern, and the names no id or key may take because every JavaScript object already has them.

/** Lower-case words and digits joined by single hyphens, such as `new-delhi-fmm-2023`. */
const SCENARIO_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Longest scenario id: it becomes a file name, and file names have limits. */
export const MAX_SCENARIO_ID_LENGTH = 80;

/**
 * Names every plain object answers to (`{}.constructor`, `{}.__proto__`, `{}.toString`…). Code that
 * looks an id up with `in` or `obj[id]` finds these even when the scenario never defined them, so they
 * are refused as ids and keys rather than trusted to be handled everywhere.
 */
const RESERVED = new Set<string>([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

/** True for a name that every JavaScript object already has, such as `constructor` or `__proto__`. */
export function isReservedName(name: string): boolean {
  return RESERVED.has(name);
}

/**
 * True when `id` can name a scenario: the kebab-case pattern, at most 80 characters, not a reserved
 * name. Such an id has no slash, dot or backslash, so joined to a folder it never leaves that folder.
 */
export function isScenarioId(id: string): boolean {
  return typeof id === 'string' && id.length <= MAX_SCENARIO_ID_LENGTH && SCENARIO_ID.test(id) && !isReservedName(id);
}
