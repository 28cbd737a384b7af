// Classroom briefing packs read from a scenario: a role card per delegation (priorities, red lines,
// allies and likely opponents, talking points, sources) and the chair's brief (the schedule, the
// ladder of each paragraph, where the red lines lie and which wording nobody blocks), worded by the
// translator it is given (the i18n room's "reports" catalogue).
import { indexOf, ladderOf } from './scenario-index.ts';
import { DROPPED, headsOf, type Delegation, type Paragraph, type Scenario } from './scenario-schema.ts';
import { ACCEPT_AT } from './stance.ts';
import type { Translator } from '../i18n/index.ts';
import { variantLabelIn } from '../narrate/index.ts';

export interface RoleCard {
  id: string;
  name: string;
  head: string;
  blocs: string[];
  chair: boolean;
  priorities: { paragraph: string; title: string; salience: number; wants: string; reason: string }[];
  redLines: { title: string; wording: string; reason: string }[];
  allies: { name: string; why: string }[];
  opponents: { name: string; why: string }[];
  talkingPoints: string[];
  /** How this delegation is best approached, strongest first. */
  receptive: string[];
  sources: { title: string; url?: string }[];
}

export interface ChairBrief {
  chair: string;
  troika: string[];
  schedule: { title: string; kind: string; slots: { title: string; minutes: number }[] }[];
  paragraphs: {
    title: string;
    importance: number;
    droppable: boolean;
    ladder: { label: string; blockedBy: string[] }[];
    /** The strongest wording no delegation red-lines, or null if every wording is blocked by someone. */
    bridge: string | null;
    mostInterested: string[];
  }[];
  events: { title: string; when: string }[];
  brokers: string[];
}


function bestWording(d: Delegation, p: Paragraph): string {
  const position = d.positions[p.id]!;
  return Object.entries(position.utilities).sort((a, b) => b[1] - a[1])[0]?.[0] ?? p.variants[0]!.id;
}

/** The opponents a role card names. */
const OPPONENTS = 5;

/**
 * How squarely `other` stands against `d`, from their positions: on each paragraph, a red line of
 * either on the other's favourite wording, and how far `other` dislikes the wording `d` wants — each
 * weighted by how much both care — summed, and weighted by `other`'s clout. The paragraphs where
 * `other` blocks what `d` wants, and those where it merely wants otherwise, heaviest first.
 */
function opposition(scenario: Scenario, d: Delegation, other: Delegation): { id: string; score: number; blocks: Paragraph[]; against: Paragraph[] } {
  const parts: { p: Paragraph; weight: number; blocks: boolean }[] = [];
  for (const p of scenario.paragraphs) {
    const mine = d.positions[p.id]!;
    const theirs = other.positions[p.id]!;
    const want = bestWording(d, p);
    const blocks = theirs.redLines.includes(want);
    const conflict = (blocks ? 1 : 0) + (mine.redLines.includes(bestWording(other, p)) ? 1 : 0) + Math.max(0, -(theirs.utilities[want] ?? 0)) / 100;
    const weight = conflict * mine.salience * theirs.salience;
    if (weight > 0) parts.push({ p, weight, blocks });
  }
  parts.sort((a, b) => b.weight - a.weight);
  return {
    id: other.id,
    score: parts.reduce((sum, x) => sum + x.weight, 0) * other.clout,
    blocks: parts.filter((x) => x.blocks).map((x) => x.p),
    against: parts.map((x) => x.p),
  };
}

export function roleCard(scenario: Scenario, delegationId: string, tr: Translator): RoleCard {
  const ix = indexOf(scenario);
  const variantLabel = (p: Paragraph, v: string) => variantLabelIn(tr, p, v);
  const d = ix.delegation.get(delegationId);
  if (!d) throw new Error(`no delegation "${delegationId}" in ${scenario.meta.id}`);
  const ranked = [...scenario.paragraphs].sort((a, b) => d.positions[b.id]!.salience - d.positions[a.id]!.salience);
  const priorities = ranked.slice(0, 4).map((p) => {
    const best = bestWording(d, p);
    return {
      paragraph: p.id,
      title: p.title,
      salience: d.positions[p.id]!.salience,
      wants: best === DROPPED ? tr.t('pack.paragraph-dropped') : variantLabel(p, best),
      reason: d.positions[p.id]!.reason,
    };
  });
  const redLines = scenario.paragraphs.flatMap((p) =>
    d.positions[p.id]!.redLines.map((v) => ({ title: p.title, wording: variantLabel(p, v), reason: d.positions[p.id]!.reason })),
  );
  const affinities = Object.entries(d.affinities).sort((a, b) => b[1] - a[1]);
  const allies = affinities
    .filter(([, v]) => v >= 30)
    .slice(0, 4)
    .map(([id]) => {
      const other = ix.delegation.get(id)!;
      const shared = other.blocs.filter((b) => d.blocs.includes(b));
      return { name: other.name, why: shared.length > 0 ? tr.t('pack.shares', { blocs: tr.list(shared) }) : tr.t('pack.close-partner') };
    });
  // Likely opponents, from the positions alone: who stands most squarely against this delegation where
  // both care, weighted by the weight it carries in the room.
  const opponents = scenario.delegations
    .filter((o) => o.id !== d.id && o.member)
    .map((o) => opposition(scenario, d, o))
    .filter((o) => o.score > 0)
    .sort((a, b) => b.score - a.score || ix.orderOf.get(a.id)! - ix.orderOf.get(b.id)!)
    .slice(0, OPPONENTS)
    .map((o) => ({
      name: ix.delegation.get(o.id)!.name,
      why:
        o.blocks.length > 0
          ? tr.t('pack.blocks-you', { titles: tr.list(o.blocks.slice(0, 2).map((p) => p.title)) })
          : tr.t('pack.wants-otherwise', { titles: tr.list(o.against.slice(0, 2).map((p) => p.title)) }),
    }));
  const talkingPoints = priorities.map((p) => {
    const paragraph = ix.paragraph.get(p.paragraph)!;
    const position = d.positions[p.paragraph]!;
    const fallback = ladderOf(paragraph)
      .filter((v) => v !== bestWording(d, paragraph) && !position.redLines.includes(v) && (position.utilities[v] ?? 0) >= ACCEPT_AT)
      .sort((a, b) => (position.utilities[b] ?? 0) - (position.utilities[a] ?? 0))[0];
    return fallback
      ? tr.t('pack.talking-point', { title: p.title, wants: p.wants, fallback: variantLabel(paragraph, fallback) })
      : tr.t('pack.talking-point-firm', { title: p.title, wants: p.wants });
  });
  const receptive = Object.entries(d.motivations)
    .sort((a, b) => b[1] - a[1])
    .map(([k]) => tr.t(`pack.approach.${k}`));
  const sourceIds = new Set(scenario.paragraphs.map((p) => d.positions[p.id]!.source));
  const sources = scenario.meta.sources.filter((s) => sourceIds.has(s.id)).map((s) => ({ title: s.title, ...(s.url ? { url: s.url } : {}) }));
  return {
    id: d.id,
    name: d.name,
    head: headsOf(d).map((x) => `${x.name}, ${x.title}`).join('; '),
    blocs: d.blocs,
    chair: d.id === scenario.presidency.chair,
    priorities,
    redLines,
    allies,
    opponents,
    talkingPoints,
    receptive,
    sources,
  };
}

export function chairBrief(scenario: Scenario, tr: Translator): ChairBrief {
  const ix = indexOf(scenario);
  const variantLabel = (p: Paragraph, v: string) => variantLabelIn(tr, p, v);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  return {
    chair: name(scenario.presidency.chair),
    troika: scenario.presidency.troika.map(name),
    schedule: scenario.schedule.map((s) => ({ title: s.title, kind: s.kind, slots: s.slots.map((x) => ({ title: x.title, minutes: x.minutes })) })),
    paragraphs: scenario.paragraphs.map((p) => {
      const ladder = ladderOf(p).map((v) => ({
        label: variantLabel(p, v),
        blockedBy: scenario.delegations.filter((d) => d.positions[p.id]!.redLines.includes(v)).map((d) => d.name),
      }));
      const bridge = ladderOf(p).find((v) => scenario.delegations.every((d) => !d.positions[p.id]!.redLines.includes(v)));
      return {
        title: p.title,
        importance: p.importance,
        droppable: p.droppable,
        ladder,
        bridge: bridge ? variantLabel(p, bridge) : null,
        mostInterested: [...scenario.delegations]
          .sort((a, b) => b.positions[p.id]!.salience - a.positions[p.id]!.salience)
          .slice(0, 3)
          .map((d) => d.name),
      };
    }),
    events: scenario.events.map((e) => {
      const session = e.at ? scenario.schedule.find((s) => s.id === e.at!.session) : undefined;
      const slot = session?.slots.find((x) => x.id === e.at!.slot);
      return { title: e.title, when: session && slot ? tr.t('pack.when', { session: session.title, slot: slot.title }) : tr.t('pack.any-slot') };
    }),
    brokers: [...scenario.delegations].filter((d) => d.broker >= 50).sort((a, b) => b.broker - a.broker).map((d) => d.name),
  };
}
