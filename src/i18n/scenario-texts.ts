// A scenario's texts in another language (scenarios/texts/<id>.<lang>.json): checked against the
// scenario — every id must be one of its own, every field one that holds words — and laid over a copy
// of it. Only words change: ids, numbers and structure are the original's, so the rules hash (which a
// replay binds to) is the same, and the copy's text hash is the original file's (scenario-hash.ts).
import type { Scenario } from '../domain/scenario-schema.ts';
import { translatedFrom } from '../domain/scenario-hash.ts';
import { isLang, type Lang } from './index.ts';

/** The shape of a texts file; every field is optional, and a missing one shows the English. */
export interface ScenarioTexts {
  scenario: string;
  lang: Lang;
  meta?: { title?: string; place?: string; summary?: string };
  delegations?: Record<string, { name?: string; head?: { title?: string }; positions?: Record<string, { reason?: string }> }>;
  paragraphs?: Record<string, { title?: string; variants?: Record<string, { summary?: string; text?: string }> }>;
  schedule?: Record<string, { title?: string; slots?: Record<string, { title?: string }> }>;
  events?: Record<string, { title?: string; text?: string }>;
  historical?: { summary?: string };
}

export type TextsCheck = { ok: true; texts: ScenarioTexts; missing: string[]; total: number } | { ok: false; problems: string[] };

const ID_KINDS: Record<string, string> = { delegations: 'delegation', paragraphs: 'paragraph', schedule: 'session', events: 'event', variants: 'variant', positions: 'paragraph', slots: 'slot' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every translatable field of the scenario as a path into a texts file ("paragraphs.fisheries.title"),
 * with the English it replaces.
 */
export function textFields(s: Scenario): [string, string][] {
  const out: [string, string][] = [
    ['meta.title', s.meta.title],
    ['meta.place', s.meta.place],
    ['meta.summary', s.meta.summary],
  ];
  for (const d of s.delegations) {
    out.push([`delegations.${d.id}.name`, d.name], [`delegations.${d.id}.head.title`, d.head.title]);
    if (d.coHead) out.push([`delegations.${d.id}.coHead.title`, d.coHead.title]);
    for (const p of s.paragraphs) out.push([`delegations.${d.id}.positions.${p.id}.reason`, d.positions[p.id]!.reason]);
  }
  for (const p of s.paragraphs) {
    out.push([`paragraphs.${p.id}.title`, p.title]);
    for (const v of p.variants) out.push([`paragraphs.${p.id}.variants.${v.id}.summary`, v.summary], [`paragraphs.${p.id}.variants.${v.id}.text`, v.text]);
  }
  for (const x of s.schedule) {
    out.push([`schedule.${x.id}.title`, x.title]);
    for (const slot of x.slots) out.push([`schedule.${x.id}.slots.${slot.id}.title`, slot.title]);
  }
  for (const e of s.events) out.push([`events.${e.id}.title`, e.title], [`events.${e.id}.text`, e.text]);
  out.push(['historical.summary', s.historical.summary]);
  return out;
}

/**
 * Checks a texts file against its scenario: the right scenario and a known language, only the
 * scenario's ids and only fields that hold words, each a non-empty string. Problems read
 * "<file>: <json.path>: <what is wrong>"; what is not translated is listed, not refused.
 */
export function checkTexts(s: Scenario, json: unknown, file: string): TextsCheck {
  const problems: string[] = [];
  const fields = new Map(textFields(s));
  const problem = (path: string, what: string) => problems.push(`${file}: ${path}: ${what}`);
  if (!isObject(json)) return { ok: false, problems: [`${file}: expected a JSON object`] };
  if (json.scenario !== s.meta.id) problem('scenario', `expected "${s.meta.id}", got ${JSON.stringify(json.scenario)}`);
  if (!isLang(json.lang) || json.lang === 'en') problem('lang', `expected one of fr, es, pt, ru, zh, ar, hi, got ${JSON.stringify(json.lang)}`);
  // Every path that leads to a field, so a step off them is known at once.
  const prefixes = new Set<string>();
  for (const f of fields.keys()) {
    const parts = f.split('.');
    for (let i = 1; i <= parts.length; i++) prefixes.add(parts.slice(0, i).join('.'));
  }
  // Walks the file; a path is either a field that holds words, or an object on the way to one.
  const walk = (value: unknown, path: string) => {
    if (fields.has(path)) {
      if (typeof value !== 'string' || value.trim() === '') problem(path, `expected the translated text, got ${JSON.stringify(value)}`);
      return;
    }
    if (!isObject(value)) return problem(path, 'not a field that holds words');
    const parts = path.split('.');
    const collection = parts.length === 1 ? parts[0]! : parts.at(-1)!;
    for (const [key, inner] of Object.entries(value)) {
      const next = `${path}.${key}`;
      if (!prefixes.has(next)) {
        // Name what is unknown: an id the scenario lacks (under a collection of ids), or a field that holds no words.
        const kind = ID_KINDS[collection];
        const where = parts.length > 1 ? ` ${parts.slice(0, -1).join(' ')}` : '';
        problem(next, kind && (parts.length === 1 || parts.length === 3) ? `no ${kind} "${key}" in ${s.meta.id}${where}` : 'not a field that holds words');
        continue;
      }
      walk(inner, next);
    }
  };
  for (const [key, value] of Object.entries(json)) {
    if (key === 'scenario' || key === 'lang' || key === '$comment') continue;
    if (!['meta', 'delegations', 'paragraphs', 'schedule', 'events', 'historical'].includes(key)) {
      problem(key, 'not a part of a texts file (meta, delegations, paragraphs, schedule, events, historical)');
      continue;
    }
    walk(value, key);
  }
  if (problems.length > 0) return { ok: false, problems };
  const texts = json as unknown as ScenarioTexts;
  const missing = [...fields.keys()].filter((path) => get(texts, path) === undefined);
  return { ok: true, texts, missing, total: fields.size };
}

function get(texts: unknown, path: string): string | undefined {
  let at: unknown = texts;
  for (const part of path.split('.')) {
    if (!isObject(at)) return undefined;
    at = at[part];
  }
  return typeof at === 'string' ? at : undefined;
}

/** A copy of the scenario in the texts' language, field by field; a field not translated keeps its English. */
export function translateScenario(s: Scenario, texts: ScenarioTexts): Scenario {
  const copy = structuredClone(s);
  const tr = (path: string, english: string) => get(texts, path) ?? english;
  copy.meta.title = tr('meta.title', s.meta.title);
  copy.meta.place = tr('meta.place', s.meta.place);
  copy.meta.summary = tr('meta.summary', s.meta.summary);
  for (const d of copy.delegations) {
    d.name = tr(`delegations.${d.id}.name`, d.name);
    d.head.title = tr(`delegations.${d.id}.head.title`, d.head.title);
    if (d.coHead) d.coHead.title = tr(`delegations.${d.id}.coHead.title`, d.coHead.title);
    for (const [pid, position] of Object.entries(d.positions)) position.reason = tr(`delegations.${d.id}.positions.${pid}.reason`, position.reason);
  }
  for (const p of copy.paragraphs) {
    p.title = tr(`paragraphs.${p.id}.title`, p.title);
    for (const v of p.variants) {
      v.summary = tr(`paragraphs.${p.id}.variants.${v.id}.summary`, v.summary);
      v.text = tr(`paragraphs.${p.id}.variants.${v.id}.text`, v.text);
    }
  }
  for (const x of copy.schedule) {
    x.title = tr(`schedule.${x.id}.title`, x.title);
    for (const slot of x.slots) slot.title = tr(`schedule.${x.id}.slots.${slot.id}.title`, slot.title);
  }
  for (const e of copy.events) {
    e.title = tr(`events.${e.id}.title`, e.title);
    e.text = tr(`events.${e.id}.text`, e.text);
  }
  copy.historical.summary = tr('historical.summary', s.historical.summary);
  translatedFrom(copy, s);
  return copy;
}

/** How far a scenario is translated into a language, for the note a player sees. */
export type Coverage = 'full' | 'partial' | 'none';

export function coverageOf(check: TextsCheck | null): Coverage {
  if (!check || !check.ok) return 'none';
  return check.missing.length === 0 ? 'full' : 'partial';
}
