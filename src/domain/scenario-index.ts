// Look-up tables built once per scenario, so rules find delegations and paragraphs by id in O(1).
import type { Delegation, Paragraph, Scenario } from './scenario-schema.ts';
import { DROPPED } from './scenario-schema.ts';

export interface ScenarioIndex {
  delegation: Map<string, Delegation>;
  paragraph: Map<string, Paragraph>;
  /** Delegation ids in the scenario's canonical order. */
  order: string[];
  orderOf: Map<string, number>;
  /** Absolute slot numbers: slotsBefore[session] is the number of slots in earlier sessions. */
  slotsBefore: number[];
  totalSlots: number;
  /** Each delegation's paragraphs, the ones it cares about most first (salience never changes). */
  bySalience: Map<string, Paragraph[]>;
  /** The same order as places in the scenario's list of paragraphs. */
  bySalienceAt: Map<string, number[]>;
  /** The order of the closing turns: the chair (it holds the pen), then the others in scenario order. */
  closingOrder: string[];
  /** knownKey[delegation][paragraph]: the "TARGET/paragraph" key of what a seat learnt, made once. */
  knownKey: Record<string, Record<string, string>>;
  /** The other way round: a "TARGET/paragraph" key's delegation and paragraph, without cutting the string. */
  keyParts: Map<string, { delegation: string; paragraph: string }>;
  /** Each delegation's bloc partners (sharing at least one bloc), in scenario order, itself excluded. */
  partners: Map<string, string[]>;
  /** The same, as sets, for "are these two partners?". */
  partnerSets: Map<string, Set<string>>;
  /** Each paragraph's wordings, strongest first, then dropping it where allowed (models.ts ladderOf). */
  ladder: Map<string, readonly string[]>;
  /** carries[ally]: the members whose instructions it carries while they are away (attendance.carriedBy), in scenario order. */
  carries: Map<string, string[]>;
}

const cache = new WeakMap<Scenario, ScenarioIndex>();

export function indexOf(scenario: Scenario): ScenarioIndex {
  let index = cache.get(scenario);
  if (!index) {
    const slotsBefore: number[] = [];
    let total = 0;
    for (const session of scenario.schedule) {
      slotsBefore.push(total);
      total += session.slots.length;
    }
    index = {
      delegation: new Map(scenario.delegations.map((d) => [d.id, d])),
      paragraph: new Map(scenario.paragraphs.map((p) => [p.id, p])),
      order: scenario.delegations.map((d) => d.id),
      orderOf: new Map(scenario.delegations.map((d, i) => [d.id, i])),
      slotsBefore,
      totalSlots: total,
      closingOrder: [scenario.presidency.chair, ...scenario.delegations.map((d) => d.id).filter((id) => id !== scenario.presidency.chair)],
      knownKey: Object.fromEntries(scenario.delegations.map((d) => [d.id, Object.fromEntries(scenario.paragraphs.map((p) => [p.id, `${d.id}/${p.id}`]))])),
      keyParts: new Map(scenario.delegations.flatMap((d) => scenario.paragraphs.map((p) => [`${d.id}/${p.id}`, { delegation: d.id, paragraph: p.id }] as const))),
      ladder: new Map(scenario.paragraphs.map((p) => [p.id, Object.freeze(ladderOf(p))])),
      carries: carriesOf(scenario),
      partners: new Map(
        scenario.delegations.map((d) => [d.id, scenario.delegations.filter((o) => o.id !== d.id && sharesBloc(d, o)).map((o) => o.id)]),
      ),
      partnerSets: new Map(scenario.delegations.map((d) => [d.id, new Set(scenario.delegations.filter((o) => o.id !== d.id && sharesBloc(d, o)).map((o) => o.id))])),
      // A seat's copy of the scenario (public-scenario.ts) lacks the positions it has not learnt: those sort as 0.
      bySalience: new Map(
        scenario.delegations.map((d) => [d.id, [...scenario.paragraphs].sort((a, b) => (d.positions[b.id]?.salience ?? 0) - (d.positions[a.id]?.salience ?? 0))]),
      ),
      bySalienceAt: new Map(),
    };
    const place = new Map(scenario.paragraphs.map((p, i) => [p, i]));
    for (const [id, list] of index.bySalience) index.bySalienceAt.set(id, list.map((p) => place.get(p)!));
    cache.set(scenario, index);
  }
  return index;
}

function carriesOf(scenario: Scenario): Map<string, string[]> {
  const carries = new Map<string, string[]>();
  for (const d of scenario.delegations) {
    const ally = d.attendance?.carriedBy;
    if (ally !== undefined) carries.set(ally, [...(carries.get(ally) ?? []), d.id]);
  }
  return carries;
}

/** Sorts delegation ids into the scenario's canonical order (never arrival order). */
export function inScenarioOrder(scenario: Scenario, ids: Iterable<string>): string[] {
  const { orderOf } = indexOf(scenario);
  return [...new Set(ids)].sort((a, b) => (orderOf.get(a) ?? 1e9) - (orderOf.get(b) ?? 1e9));
}

/**
 * A list already in scenario order with one more delegation in its place (the list itself if it is
 * there already): the closing turns add one seat at a time, and a sort each time would be wasted.
 */
export function joinedInOrder(scenario: Scenario, ids: readonly string[], id: string): string[] {
  if (ids.includes(id)) return ids as string[];
  const { orderOf } = indexOf(scenario);
  const rank = orderOf.get(id) ?? 1e9;
  let at = ids.length;
  while (at > 0 && (orderOf.get(ids[at - 1]!) ?? 1e9) > rank) at--;
  return [...ids.slice(0, at), id, ...ids.slice(at)];
}

export function sharesBloc(a: Delegation, b: Delegation): boolean {
  return a.blocs.some((bloc) => b.blocs.includes(bloc));
}

/** The wordings of a paragraph, strongest first, then dropping it if it may be dropped. */
export function ladderOf(paragraph: Paragraph): string[] {
  return [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
}
