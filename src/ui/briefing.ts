// The role briefing on the title screen, read from the scenario: what the seat cares most about, the
// wordings it will block whatever happens, and its closest friends in the room.
import { DROPPED, headsOf, type Delegation, type Scenario } from '../domain/scenario-schema.ts';
import { t } from '../i18n/index.ts';
import { variantLabel } from './words.ts';

export interface Briefing {
  /** "India (chair)" or "Russia". */
  seat: string;
  head: string;
  /** What the role is for, in one sentence. */
  task: string;
  priorities: string[];
  redLines: string[];
  allies: string[];
  wary: string[];
}

/** The delegation a role sits in: the chair's own for CHAIR. */
export function delegationOfRole(scenario: Scenario, role: string): Delegation | undefined {
  const id = role === 'CHAIR' ? scenario.presidency.chair : role;
  return scenario.delegations.find((d) => d.id === id);
}

export function briefingFor(scenario: Scenario, role: string): Briefing | null {
  const d = delegationOfRole(scenario, role);
  if (!d) return null;
  const names = new Map(scenario.delegations.map((x) => [x.id, x.name]));
  const byParagraph = new Map(scenario.paragraphs.map((p) => [p.id, p]));
  const ranked = scenario.paragraphs
    .map((p) => ({ p, position: d.positions[p.id]! }))
    .sort((a, b) => b.position.salience - a.position.salience);
  const priorities = ranked.slice(0, 3).map(({ p, position }) => {
    const best = Object.entries(position.utilities).sort((a, b) => b[1] - a[1])[0]?.[0] ?? p.variants[0]!.id;
    return t('brief.wants', { title: p.title, wording: best === DROPPED ? t('pack.paragraph-dropped') : variantLabel(p, best) });
  });
  const redLines = scenario.paragraphs.flatMap((p) =>
    (d.positions[p.id]?.redLines ?? []).map((v) => t('brief.blocks', { title: p.title, wording: variantLabel(byParagraph.get(p.id)!, v) })),
  );
  const affinities = Object.entries(d.affinities).sort((a, b) => b[1] - a[1]);
  const allies = affinities.filter(([, v]) => v > 0).slice(0, 3).map(([id]) => names.get(id) ?? id);
  const wary = affinities.filter(([, v]) => v < 0).slice(-2).reverse().map(([id]) => names.get(id) ?? id);
  const chair = role === 'CHAIR';
  return {
    seat: chair ? t('brief.seat-chair', { name: d.name }) : d.name,
    head: headsOf(d).map((x) => `${x.name}, ${x.title}`).join('; '),
    task: chair
      ? t('brief.task-chair', { name: d.name })
      : t('brief.task', { name: d.name }),
    priorities,
    redLines,
    allies,
    wary,
  };
}
