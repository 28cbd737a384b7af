// Validation of scenario files: the schema's shape plus the cross-checks a schema cannot express,
// each problem reported as a JSON path and what was expected there.
import type { z } from 'zod';
import { migrateScenarioFile } from './migrations.ts';
import { DROPPED, ScenarioSchema, type Scenario } from './scenario-schema.ts';

export interface ScenarioProblem {
  /** A JSON path such as `delegations[3].positions.ukraine-war.redLines[0]`. */
  path: string;
  message: string;
}

export type ScenarioCheck =
  | { ok: true; scenario: Scenario; /** Set when an older format was upgraded on the way in. */ migrated?: { from: number; notes: string[] } }
  | { ok: false; problems: ScenarioProblem[] };

/** Renders a zod issue path the way people read JSON: `a.b[2].c`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const received = (issue as { input?: unknown }).input;
    return received === undefined ? `missing; expected ${issue.expected}` : `expected ${issue.expected}`;
  }
  if (issue.code === 'unrecognized_keys') return `unexpected field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

/** One zod issue as `path: message`, for refusals of commands and files outside scenario validation. */
export function issueMessage(issue: z.core.$ZodIssue, _input: unknown): string {
  return `${jsonPath(issue.path)}: ${describeIssue(issue)}`;
}

/** Checks a parsed JSON value as a scenario: shape first, then the cross-references. */
export function checkScenario(input: unknown): ScenarioCheck {
  const upgraded = migrateScenarioFile(input);
  if (!upgraded.ok) return { ok: false, problems: [{ path: 'format', message: upgraded.message }] };
  const parsed = ScenarioSchema.safeParse(upgraded.file);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: describeIssue(issue) })),
    };
  }
  const problems = crossCheck(parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return upgraded.notes.length > 0 ? { ok: true, scenario: parsed.data, migrated: { from: upgraded.from, notes: upgraded.notes } } : { ok: true, scenario: parsed.data };
}

function duplicates(ids: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

/** The checks beyond shape: unknown ids, dangling red lines, duplicate ids, empty schedules, history. */
export function crossCheck(s: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  const delegationIds = new Set(s.delegations.map((d) => d.id));
  const paragraphById = new Map(s.paragraphs.map((p) => [p.id, p]));
  const sourceIds = new Set(s.meta.sources.map((x) => x.id));
  const sessionById = new Map(s.schedule.map((x) => [x.id, x]));

  const flagDuplicates = (label: string, ids: string[], pathOf: (i: number) => string) => {
    const dup = duplicates(ids);
    ids.forEach((id, i) => {
      if (dup.has(id)) add(pathOf(i), `duplicate ${label} id "${id}"`);
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
    if (!delegationIds.has(id)) add(path, `unknown delegation "${id}"`);
  };
  const knownSource = (id: string | undefined, path: string) => {
    if (id !== undefined && !sourceIds.has(id)) add(path, `unknown source "${id}" (not in meta.sources)`);
  };

  knownDelegation(s.presidency.chair, 'presidency.chair');
  s.presidency.troika.forEach((id, i) => knownDelegation(id, `presidency.troika[${i}]`));

  s.paragraphs.forEach((p, pi) => {
    if (p.variants.some((v) => v.id === DROPPED)) add(`paragraphs[${pi}].variants`, `"${DROPPED}" is reserved; set droppable instead`);
    if (p.initialVariant !== undefined && !p.variants.some((v) => v.id === p.initialVariant)) {
      add(`paragraphs[${pi}].initialVariant`, `unknown variant "${p.initialVariant}" of paragraph "${p.id}"`);
    }
    knownSource(p.source, `paragraphs[${pi}].source`);
    p.variants.forEach((v, vi) => knownSource(v.source, `paragraphs[${pi}].variants[${vi}].source`));
  });

  s.delegations.forEach((d, di) => {
    const base = `delegations[${di}]`;
    for (const other of Object.keys(d.affinities)) {
      knownDelegation(other, `${base}.affinities.${other}`);
      if (other === d.id) add(`${base}.affinities.${other}`, 'a delegation has no affinity with itself');
    }
    for (const [pid, position] of Object.entries(d.positions)) {
      const pbase = `${base}.positions.${pid}`;
      const paragraph = paragraphById.get(pid);
      if (!paragraph) {
        add(pbase, `unknown paragraph "${pid}"`);
        continue;
      }
      const variantIds = new Set(paragraph.variants.map((v) => v.id));
      if (paragraph.droppable) variantIds.add(DROPPED);
      for (const v of variantIds) {
        if (!(v in position.utilities)) add(`${pbase}.utilities`, `missing utility for variant "${v}"`);
      }
      for (const v of Object.keys(position.utilities)) {
        if (!variantIds.has(v)) add(`${pbase}.utilities.${v}`, `unknown variant "${v}" of paragraph "${pid}"`);
      }
      position.redLines.forEach((v, i) => {
        if (!variantIds.has(v)) add(`${pbase}.redLines[${i}]`, `red line points at missing variant "${v}" of paragraph "${pid}"`);
      });
      if (position.redLines.length >= variantIds.size && variantIds.size > 0) {
        add(`${pbase}.redLines`, 'every variant is a red line: the delegation could accept nothing');
      }
      knownSource(position.source, `${pbase}.source`);
    }
    for (const p of s.paragraphs) {
      if (!(p.id in d.positions)) add(`${base}.positions`, `missing position on paragraph "${p.id}"`);
    }
  });

  const slotCount = s.schedule.reduce((n, session) => n + session.slots.length, 0);
  if (slotCount === 0) add('schedule', 'a schedule with no slots');
  if (!s.schedule.some((x) => x.kind === 'final-reading')) add('schedule', 'expected a session of kind "final-reading"');
  s.schedule.forEach((session, si) =>
    flagDuplicates('slot', session.slots.map((x) => x.id), (i) => `schedule[${si}].slots[${i}].id`),
  );

  s.events.forEach((e, ei) => {
    const base = `events[${ei}]`;
    knownSource(e.source, `${base}.source`);
    if (e.at) {
      const session = sessionById.get(e.at.session);
      if (!session) add(`${base}.at.session`, `unknown session "${e.at.session}"`);
      else if (!session.slots.some((x) => x.id === e.at!.slot)) add(`${base}.at.slot`, `unknown slot "${e.at.slot}" in session "${session.id}"`);
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
            if (!paragraphById.has(pid)) add(`${fbase}.paragraphs[${i}]`, `unknown paragraph "${pid}"`);
          });
        }
      } else if (effect.kind === 'trust') {
        ids(effect.from, 'from');
        ids(effect.to, 'to');
      } else {
        knownDelegation(effect.delegation, `${fbase}.delegation`);
      }
    });
  });

  knownSource(s.historical.source, 'historical.source');
  s.historical.paragraphs.forEach((h, hi) => {
    const base = `historical.paragraphs[${hi}]`;
    const paragraph = paragraphById.get(h.id);
    if (!paragraph) {
      add(`${base}.id`, `unknown paragraph "${h.id}"`);
      return;
    }
    if (h.adoptedVariant !== null && h.adoptedVariant !== DROPPED && !paragraph.variants.some((v) => v.id === h.adoptedVariant)) {
      add(`${base}.adoptedVariant`, `unknown variant "${h.adoptedVariant}" of paragraph "${h.id}"`);
    }
    h.dissenters.forEach((id, i) => knownDelegation(id, `${base}.dissenters[${i}]`));
  });
  flagDuplicates('historical paragraph', s.historical.paragraphs.map((h) => h.id), (i) => `historical.paragraphs[${i}].id`);

  return problems;
}
