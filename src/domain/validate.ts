// Validation of scenario files: the schema's shape plus the cross-checks a schema cannot express,
// each problem reported as a JSON path and what was expected there.
import type { z } from 'zod';
import { migrateScenarioFile } from './migrations.ts';
import { DROPPED, ScenarioSchema, type Scenario } from './scenario-schema.ts';
import { describeZodIssue, describeZodIssuePhrase, jsonPath, pathStep, quote, type Words } from './issues.ts';
import { isReservedName, isScenarioId, MAX_SCENARIO_ID_LENGTH } from './ids.ts';

export interface ScenarioProblem {
  /** A JSON path such as `delegations[3].positions.ukraine-war.redLines[0]`. */
  path: string;
  /** The problem in English, as `communique validate` has always printed it. */
  message: string;
  /** The same problem as a catalogue key and parameters, worded at the edge in the reader's language. */
  words?: Words;
}

export type ScenarioCheck =
  | { ok: true; scenario: Scenario; /** Set when an older format was upgraded on the way in. */ migrated?: { from: number; notes: string[]; noteWords: Words[] } }
  | { ok: false; problems: ScenarioProblem[] };

export { jsonPath };
export type { Words };

/** Keys whose names every JavaScript object already has, found anywhere in the raw input. */
function reservedKeys(input: unknown, limit = 50): ScenarioProblem[] {
  // An explicit stack with parent links, not recursion or copied paths: a file nested 100,000 levels
  // deep costs neither stack nor quadratic memory, and a path is built only for a key reported.
  interface Visit {
    value: unknown;
    key: PropertyKey;
    parent: Visit | null;
  }
  const pathOf = (v: Visit): PropertyKey[] => {
    const path: PropertyKey[] = [];
    for (let at: Visit | null = v; at && at.parent; at = at.parent) path.unshift(at.key);
    return path;
  };
  const problems: ScenarioProblem[] = [];
  const stack: Visit[] = [{ value: input, key: '', parent: null }];
  while (stack.length > 0 && problems.length < limit) {
    const visit = stack.pop()!;
    const value = visit.value;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit });
      continue;
    }
    const children: Visit[] = [];
    for (const key of Object.keys(value)) {
      const child: Visit = { value: (value as Record<string, unknown>)[key], key, parent: visit };
      if (isReservedName(key)) problems.push({ path: jsonPath(pathOf(child)), ...reservedMessage(key, 'name') });
      else children.push(child);
    }
    // Pushed last first, so the walk (and the report) follows the file's order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return problems;
}

function reservedMessage(name: string, what: 'id' | 'name'): { message: string; words: Words } {
  return {
    message: `${quote(name)} cannot be used as ${what === 'id' ? 'an id' : 'a name'}: every JavaScript object already has it; choose another ${what}`,
    words: { key: 'scenario-problem.reserved', params: { name: quote(name), what } },
  };
}

/** One zod issue as `path: message` naming the actual value, for refusals of commands and files. */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  return `${jsonPath(issue.path)}: ${describeZodIssue(issue, { input })}`;
}

/** The same issue as its path and its words (zod's own sentence, as written, where there are none). */
export function issueWords(issue: z.core.$ZodIssue, input: unknown): { where: string; issue: Words } {
  const described = describeZodIssuePhrase(issue, { input });
  return { where: jsonPath(issue.path), issue: described.words ?? { key: 'scenario-problem.as-written', params: { text: described.text } } };
}

/** Whether a zod issue's path goes through a key that is reported as reserved. */
const throughReserved = (path: readonly PropertyKey[]) => path.some((k) => typeof k === 'string' && isReservedName(k));

function shapeProblem(issue: z.core.$ZodIssue, input: unknown): ScenarioProblem {
  const described = describeZodIssuePhrase(issue, { input, schema: ScenarioSchema });
  return { path: jsonPath(issue.path), message: described.text, ...(described.words ? { words: described.words } : {}) };
}

/** Checks a parsed JSON value as a scenario: shape first (after any numbered migration), then the cross-references. */
export function checkScenario(input: unknown): ScenarioCheck {
  const reserved = reservedKeys(input);
  const upgraded = migrateScenarioFile(input);
  if (!upgraded.ok) return { ok: false, problems: [{ path: 'format', message: upgraded.message, ...(upgraded.words ? { words: upgraded.words } : {}) }, ...reserved] };
  input = upgraded.file;
  const parsed = ScenarioSchema.safeParse(input);
  if (!parsed.success) {
    const shape: ScenarioProblem[] = [];
    const seen = new Set<string>();
    const push = (problem: ScenarioProblem) => {
      // Two failed checks of one value (not an integer, and too big) can read the same: say it once.
      const line = `${problem.path}\n${problem.message}`;
      if (!seen.has(line)) shape.push(problem);
      seen.add(line);
    };
    for (const issue of parsed.error.issues) {
      // A reserved key is reported once, by the walk above, not again as an unknown field or bad key.
      if (throughReserved(issue.path)) continue;
      if (issue.code === 'unrecognized_keys') {
        const keys = issue.keys.filter((k) => !isReservedName(k));
        if (keys.length === 0) continue;
        push(shapeProblem({ ...issue, keys }, input));
        continue;
      }
      push(shapeProblem(issue, input));
    }
    return { ok: false, problems: [...reserved, ...shape] };
  }
  // Zod leaves a `__proto__` key out of a parsed record, so the walk over the raw input is what sees it.
  if (reserved.length > 0) return { ok: false, problems: reserved };
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return upgraded.notes.length > 0 ? { ok: true, scenario: parsed.data, migrated: { from: upgraded.from, notes: upgraded.notes, noteWords: upgraded.noteWords } } : { ok: true, scenario: parsed.data };
}

function duplicates(ids: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

/**
 * The checks beyond shape: unknown ids, dangling red lines, duplicate ids, empty schedules, history,
 * and ids that are reserved names. Every lookup is an own-property test (Object.hasOwn, Set, Map):
 * `"constructor" in positions` is true of every object.
 */
export function crossCheck(s: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (path: string, message: string, words: Words) => problems.push({ path, message, words });
  const say = (key: string, params?: Words['params']): Words => (params ? { key, params } : { key });

  // Ids become keys of the engine's records; one named like an Object.prototype member would find
  // that member instead of nothing. (Record keys with such names are refused before this, in checkScenario.)
  const reservedId = (id: string, path: string) => {
    if (isReservedName(id)) problems.push({ path, ...reservedMessage(id, 'id') });
  };
  reservedId(s.meta.id, 'meta.id');
  s.meta.sources.forEach((x, i) => reservedId(x.id, `meta.sources[${i}].id`));
  s.delegations.forEach((d, di) => d.blocs.forEach((b, bi) => reservedId(b, `delegations[${di}].blocs[${bi}]`)));
  s.paragraphs.forEach((p, pi) => {
    reservedId(p.id, `paragraphs[${pi}].id`);
    p.variants.forEach((v, vi) => reservedId(v.id, `paragraphs[${pi}].variants[${vi}].id`));
  });
  s.schedule.forEach((x, si) => {
    reservedId(x.id, `schedule[${si}].id`);
    x.slots.forEach((slot, i) => reservedId(slot.id, `schedule[${si}].slots[${i}].id`));
  });
  s.events.forEach((e, i) => reservedId(e.id, `events[${i}].id`));
  // Each would also show up as a missing position or utility in every delegation: report it alone.
  if (problems.length > 0) return problems;

  // A scenario id names a file and is checked again in every replay (isScenarioId), so it is kept short.
  if (!isScenarioId(s.meta.id)) add('meta.id', `expected an id of at most ${MAX_SCENARIO_ID_LENGTH} characters, got ${s.meta.id.length}`, say('scenario-problem.id-too-long', { max: MAX_SCENARIO_ID_LENGTH, length: s.meta.id.length }));

  const delegationIds = new Set(s.delegations.map((d) => d.id));
  const paragraphById = new Map(s.paragraphs.map((p) => [p.id, p]));
  const sourceIds = new Set(s.meta.sources.map((x) => x.id));
  const sessionById = new Map(s.schedule.map((x) => [x.id, x]));

  const flagDuplicates = (label: 'delegation' | 'paragraph' | 'source' | 'session' | 'event' | 'variant' | 'slot' | 'historical paragraph', ids: string[], pathOf: (i: number) => string) => {
    const dup = duplicates(ids);
    ids.forEach((id, i) => {
      if (dup.has(id)) add(pathOf(i), `duplicate ${label} id ${quote(id)}`, say('scenario-problem.duplicate', { what: label.replace(' ', '-'), id: quote(id) }));
    });
  };
  flagDuplicates('delegation', s.delegations.map((d) => d.id), (i) => `delegations[${i}].id`);
  flagDuplicates('paragraph', s.paragraphs.map((p) => p.id), (i) => `paragraphs[${i}].id`);
  flagDuplicates('source', s.meta.sources.map((x) => x.id), (i) => `meta.sources[${i}].id`);
  flagDuplicates('session', s.schedule.map((x) => x.id), (i) => `schedule[${i}].id`);
  flagDuplicates('event', s.events.map((e) => e.id), (i) => `events[${i}].id`);
  s.paragraphs.forEach((p, pi) =>
    flagDuplicates('variant', p.variants.map((v) => v.id), (vi) => `paragraphs[${pi}].variants[${vi}].id`),
  );

  const knownDelegation = (id: string, path: string) => {
    if (!delegationIds.has(id)) add(path, `unknown delegation ${quote(id)}`, say('scenario-problem.unknown-delegation', { id: quote(id) }));
  };
  const knownSource = (id: string | undefined, path: string) => {
    if (id !== undefined && !sourceIds.has(id)) add(path, `unknown source ${quote(id)} (not in meta.sources)`, say('scenario-problem.unknown-source', { id: quote(id) }));
  };

  knownDelegation(s.presidency.chair, 'presidency.chair');
  s.presidency.troika.forEach((id, i) => knownDelegation(id, `presidency.troika[${i}]`));

  s.paragraphs.forEach((p, pi) => {
    if (p.variants.some((v) => v.id === DROPPED)) add(`paragraphs[${pi}].variants`, `${quote(DROPPED)} is reserved; set droppable instead`, say('scenario-problem.dropped-reserved', { id: quote(DROPPED) }));
    if (p.initialVariant !== undefined && !p.variants.some((v) => v.id === p.initialVariant)) {
      add(`paragraphs[${pi}].initialVariant`, `unknown variant ${quote(p.initialVariant)} of paragraph ${quote(p.id)}`, say('scenario-problem.unknown-variant', { variant: quote(p.initialVariant), paragraph: quote(p.id) }));
    }
    knownSource(p.source, `paragraphs[${pi}].source`);
    p.variants.forEach((v, vi) => knownSource(v.source, `paragraphs[${pi}].variants[${vi}].source`));
  });

  s.delegations.forEach((d, di) => {
    const base = `delegations[${di}]`;
    for (const other of Object.keys(d.affinities)) {
      knownDelegation(other, `${base}.affinities${pathStep(other)}`);
      if (other === d.id) add(`${base}.affinities${pathStep(other)}`, 'a delegation has no affinity with itself', say('scenario-problem.self-affinity'));
    }
    for (const [pid, position] of Object.entries(d.positions)) {
      const pbase = `${base}.positions${pathStep(pid)}`;
      const paragraph = paragraphById.get(pid);
      if (!paragraph) {
        add(pbase, `unknown paragraph ${quote(pid)}`, say('scenario-problem.unknown-paragraph', { id: quote(pid) }));
        continue;
      }
      const variantIds = new Set(paragraph.variants.map((v) => v.id));
      if (paragraph.droppable) variantIds.add(DROPPED);
      for (const v of variantIds) {
        if (!Object.hasOwn(position.utilities, v)) add(`${pbase}.utilities`, `missing utility for variant ${quote(v)}`, say('scenario-problem.missing-utility', { variant: quote(v) }));
      }
      for (const v of Object.keys(position.utilities)) {
        if (!variantIds.has(v)) add(`${pbase}.utilities${pathStep(v)}`, `unknown variant ${quote(v)} of paragraph ${quote(pid)}`, say('scenario-problem.unknown-variant', { variant: quote(v), paragraph: quote(pid) }));
      }
      position.redLines.forEach((v, i) => {
        if (!variantIds.has(v)) add(`${pbase}.redLines[${i}]`, `red line points at missing variant ${quote(v)} of paragraph ${quote(pid)}`, say('scenario-problem.red-line-missing', { variant: quote(v), paragraph: quote(pid) }));
      });
      if (position.redLines.length >= variantIds.size && variantIds.size > 0) {
        add(`${pbase}.redLines`, 'every variant is a red line: the delegation could accept nothing', say('scenario-problem.all-red-lines'));
      }
      knownSource(position.source, `${pbase}.source`);
    }
    for (const p of s.paragraphs) {
      if (!Object.hasOwn(d.positions, p.id)) add(`${base}.positions`, `missing position on paragraph ${quote(p.id)}`, say('scenario-problem.missing-position', { paragraph: quote(p.id) }));
    }
  });

  const slotCount = s.schedule.reduce((n, session) => n + session.slots.length, 0);
  if (slotCount === 0) add('schedule', 'a schedule with no slots', say('scenario-problem.no-slots'));
  if (!s.schedule.some((x) => x.kind === 'final-reading')) add('schedule', 'expected a session of kind "final-reading"', say('scenario-problem.no-final-reading', { kind: '"final-reading"' }));
  s.schedule.forEach((session, si) =>
    flagDuplicates('slot', session.slots.map((x) => x.id), (i) => `schedule[${si}].slots[${i}].id`),
  );

  s.events.forEach((e, ei) => {
    const base = `events[${ei}]`;
    knownSource(e.source, `${base}.source`);
    if (e.at) {
      const session = sessionById.get(e.at.session);
      if (!session) add(`${base}.at.session`, `unknown session ${quote(e.at.session)}`, say('scenario-problem.unknown-session', { id: quote(e.at.session) }));
      else if (!session.slots.some((x) => x.id === e.at!.slot)) add(`${base}.at.slot`, `unknown slot ${quote(e.at.slot)} in session ${quote(session.id)}`, say('scenario-problem.unknown-slot', { slot: quote(e.at.slot), session: quote(session.id) }));
    }
    e.effects.forEach((effect, fi) => {
      const fbase = `${base}.effects[${fi}]`;
      const ids = (v: 'all' | string[], key: string) => {
        if (v !== 'all') v.forEach((id, i) => knownDelegation(id, `${fbase}.${key}[${i}]`));
      };
      if (effect.kind === 'flexibility') {
        ids(effect.delegations, 'delegations');
        if (effect.paragraphs !== 'all') {
          effect.paragraphs.forEach((pid, i) => {
            if (!paragraphById.has(pid)) add(`${fbase}.paragraphs[${i}]`, `unknown paragraph ${quote(pid)}`, say('scenario-problem.unknown-paragraph', { id: quote(pid) }));
          });
        }
      } else if (effect.kind === 'trust') {
        ids(effect.from, 'from');
        ids(effect.to, 'to');
      } else if (effect.kind === 'reopen') {
        if (!paragraphById.has(effect.paragraph)) add(`${fbase}.paragraph`, `unknown paragraph ${quote(effect.paragraph)}`, say('scenario-problem.unknown-paragraph', { id: quote(effect.paragraph) }));
      } else {
        knownDelegation(effect.delegation, `${fbase}.delegation`);
        if (effect.kind === 'statement' && effect.paragraph !== undefined && !paragraphById.has(effect.paragraph)) {
          add(`${fbase}.paragraph`, `unknown paragraph ${quote(effect.paragraph)}`, say('scenario-problem.unknown-paragraph', { id: quote(effect.paragraph) }));
        }
      }
    });
  });

  // Attendance names sessions and slots of the schedule; a member must be at the table at some point.
  const knownSlot = (at: { session: string; slot: string }, path: string) => {
    const session = sessionById.get(at.session);
    if (!session) add(`${path}.session`, `unknown session ${quote(at.session)}`, say('scenario-problem.unknown-session', { id: quote(at.session) }));
    else if (!session.slots.some((x) => x.id === at.slot)) add(`${path}.slot`, `unknown slot ${quote(at.slot)} in session ${quote(session.id)}`, say('scenario-problem.unknown-slot', { slot: quote(at.slot), session: quote(session.id) }));
  };
  s.delegations.forEach((d, di) => {
    if (!d.attendance) return;
    const base = `delegations[${di}].attendance`;
    for (const sid of Object.keys(d.attendance.sessions)) {
      if (!sessionById.has(sid)) add(`${base}.sessions${pathStep(sid)}`, `unknown session ${quote(sid)}`, say('scenario-problem.unknown-session', { id: quote(sid) }));
    }
    if (d.attendance.arrives) knownSlot(d.attendance.arrives, `${base}.arrives`);
    if (d.attendance.departs) knownSlot(d.attendance.departs, `${base}.departs`);
    const ally = d.attendance.carriedBy;
    if (ally !== undefined && !delegationIds.has(ally)) add(`${base}.carriedBy`, `unknown delegation ${quote(ally)}`, say('scenario-problem.unknown-delegation', { id: quote(ally) }));
    else if (ally === d.id) add(`${base}.carriedBy`, 'a delegation cannot carry its own instructions: name an ally', say('scenario-problem.carries-itself'));
  });
  if (!s.delegations.find((d) => d.id === s.presidency.chair)?.member) {
    if (delegationIds.has(s.presidency.chair)) add('presidency.chair', 'the chair must be a member, not a guest', say('scenario-problem.chair-guest'));
  }

  knownSource(s.historical.source, 'historical.source');
  s.historical.paragraphs.forEach((h, hi) => {
    const base = `historical.paragraphs[${hi}]`;
    const paragraph = paragraphById.get(h.id);
    if (!paragraph) {
      add(`${base}.id`, `unknown paragraph ${quote(h.id)}`, say('scenario-problem.unknown-paragraph', { id: quote(h.id) }));
      return;
    }
    if (h.adoptedVariant !== null && h.adoptedVariant !== DROPPED && !paragraph.variants.some((v) => v.id === h.adoptedVariant)) {
      add(`${base}.adoptedVariant`, `unknown variant ${quote(h.adoptedVariant)} of paragraph ${quote(h.id)}`, say('scenario-problem.unknown-variant', { variant: quote(h.adoptedVariant), paragraph: quote(h.id) }));
    }
    h.dissenters.forEach((id, i) => knownDelegation(id, `${base}.dissenters[${i}]`));
    h.footnoted.forEach((id, i) => knownDelegation(id, `${base}.footnoted[${i}]`));
    h.dissociating.forEach((id, i) => knownDelegation(id, `${base}.dissociating[${i}]`));
  });
  s.historical.walkedOut.forEach((id, i) => knownDelegation(id, `historical.walkedOut[${i}]`));
  s.historical.departed.forEach((id, i) => knownDelegation(id, `historical.departed[${i}]`));
  flagDuplicates('historical paragraph', s.historical.paragraphs.map((h) => h.id), (i) => `historical.paragraphs[${i}].id`);

  return problems;
}
