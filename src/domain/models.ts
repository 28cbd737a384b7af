// The bargaining models the AI reasons with, in integer arithmetic: the compromise model, the
// expected-utility model of challenges, and the exchange (logrolling) model.
//
// - Compromise (Stokman; "Decision-making in the European Union", Thomson et al. 2006): the
//   outcome tends to the position that maximises the capability- and salience-weighted utility of all
//   actors — here, the wording with the largest Σ clout × salience × utility among those nobody blocks.
// - Expected utility (Bueno de Mesquita): an actor challenges another when the expected gain —
//   the chance of prevailing times what it is worth to it — exceeds what the attempt costs; the
//   chance grows with the weight (clout × salience) of those already on its side.
// - Exchange (Stokman and Van Oosten; Coleman): two actors trade when each yields on the issue it
//   cares about less in return for ground on the issue it cares about more (their salience ratios differ).
import type { Approach, Delegation, Paragraph, Scenario } from './scenario-schema.ts';
import { DROPPED } from './scenario-schema.ts';
import { sharesBloc } from './scenario-index.ts';
import { withholdsConsensus } from './stance.ts';
import type { Difficulty, MeetingState } from './state.ts';

/** How the difficulty changes the player's lobbying: chance in points, gain in percent, fatigue per repeat. */
export const DIFFICULTY_EFFECT: Record<Difficulty, { chance: number; gain: number; fatigue: number; linkageMargin: number }> = {
  easy: { chance: 15, gain: 150, fatigue: 5, linkageMargin: 0 },
  standard: { chance: 0, gain: 100, fatigue: 10, linkageMargin: 1 },
  hard: { chance: -15, gain: 70, fatigue: 15, linkageMargin: 10 },
};

export function ladderOf(paragraph: Paragraph): string[] {
  return [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
}

/** 0 for the strongest wording on the ladder, rising to the weakest; dropping is weakest of all. */
export function rungOf(paragraph: Paragraph, variant: string): number {
  const i = ladderOf(paragraph).indexOf(variant);
  return i < 0 ? ladderOf(paragraph).length : i;
}

/**
 * Compromise model: the wording with the greatest weighted support, Σ clout × salience × utility,
 * among those no delegation in `present` has a red line against. Ties go to the stronger wording.
 */
export function compromiseVariant(s: MeetingState, present: Delegation[], paragraph: Paragraph): string | null {
  let best: string | null = null;
  let bestWeight = -Infinity;
  for (const variant of ladderOf(paragraph)) {
    if (present.some((d) => d.positions[paragraph.id]!.redLines.includes(variant))) continue;
    let weight = 0;
    for (const d of present) {
      const position = d.positions[paragraph.id]!;
      weight += (s.clout[d.id] ?? d.clout) * position.salience * (position.utilities[variant] ?? 0);
    }
    if (weight > bestWeight) {
      best = variant;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * The chance (percent, 5..95) that `actor` moves `target` on a paragraph with `approach`: the target's
 * own motives, its trust in the actor, relative clout, how much it cares, how often it was asked, and
 * — the expected-utility model's capability term — the weight of those already supporting the text.
 */
export function lobbyChance(
  scenario: Scenario,
  s: MeetingState,
  actor: Delegation,
  target: Delegation,
  paragraph: Paragraph,
  approach: Approach,
  opts: { player: boolean; brokerBonus?: number },
): number {
  const position = target.positions[paragraph.id]!;
  const times = s.lobbied[`${actor.id}>${target.id}/${paragraph.id}`] ?? 0;
  const fatigue = opts.player ? DIFFICULTY_EFFECT[s.difficulty].fatigue : 10;
  let chance =
    30 +
    Math.floor(target.motivations[approach] / 2) +
    Math.floor((s.trust[target.id]?.[actor.id] ?? 0) / 4) +
    Math.floor(((s.clout[actor.id] ?? 0) - (s.clout[target.id] ?? 0)) / 5) -
    Math.floor(position.salience / 4) -
    times * fatigue +
    bandwagon(scenario, s, target, paragraph) +
    (opts.brokerBonus ?? 0);
  if (approach === 'reciprocity') chance += 15 * s.linkages.filter((l) => l.from === actor.id && l.to === target.id).length;
  if (approach === 'bloc-pressure' && !sharesBloc(actor, target)) chance = 5;
  if (opts.player) chance += DIFFICULTY_EFFECT[s.difficulty].chance;
  return Math.max(5, Math.min(95, chance));
}

/**
 * Up to +10: the share of the target's friends (affinity ≥ 40), weighted by clout, that already join
 * consensus on the text — it is easier to move a delegation towards where its friends stand.
 */
export function bandwagon(scenario: Scenario, s: MeetingState, target: Delegation, paragraph: Paragraph): number {
  const voiced = s.stances[paragraph.id];
  if (!voiced) return 0;
  let friends = 0;
  let joining = 0;
  for (const d of scenario.delegations) {
    if (d.id === target.id || (target.affinities[d.id] ?? 0) < 40 || voiced[d.id] === undefined) continue;
    const weight = s.clout[d.id] ?? d.clout;
    friends += weight;
    if (!withholdsConsensus(voiced[d.id]!)) joining += weight;
  }
  return friends === 0 ? 0 : Math.floor((joining * 10) / friends);
}

/**
 * Expected gain (arbitrary integer units) for `actor` of lobbying `target` on a paragraph: the chance of
 * success times how much the paragraph matters to the actor. Below the cost of the attempt, don't.
 */
export function expectedGain(chance: number, actorSalience: number): number {
  return chance * actorSalience;
}

/** Exchange model: does a trade of `actor`'s ground on `give` for `target`'s on `get` profit both? */
export function profitableExchange(actor: Delegation, target: Delegation, give: string, get: string, margin = 1): boolean {
  const mine = (p: string) => actor.positions[p]!.salience;
  const theirs = (p: string) => target.positions[p]!.salience;
  return mine(get) >= mine(give) + margin && theirs(give) >= theirs(get) + margin;
}

/** The approach that moves `target` most among those `actor` can use (bloc pressure needs a shared bloc). */
export function bestApproach(actor: Delegation, target: Delegation): Approach {
  const options: Approach[] = ['principle', 'interest', 'reciprocity'];
  if (sharesBloc(actor, target)) options.push('bloc-pressure');
  let best: Approach = options[0]!;
  for (const a of options) if (target.motivations[a] > target.motivations[best]) best = a;
  return best;
}

/** A shared bloc's name, for reasons ("its G7 partner"). */
export function sharedBloc(a: Delegation, b: Delegation): string | undefined {
  return a.blocs.find((bloc) => b.blocs.includes(bloc));
}
