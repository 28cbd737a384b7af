// The bargaining models the rules and the seats reason with, in integer arithmetic: the lobbying
// model (one formula, lobbyOdds, for the rules' true odds, a seat's estimate and a person's answer)
// and the exchange test; the compromise wording a seat can see is worked out in src/ai/delegation.ts.
//
// - Compromise (Stokman; "Decision-making in the European Union", Thomson et al. 2006): the
//   outcome tends to the position that maximises the capability- and salience-weighted utility of all
//   actors — there, the wording with the largest Σ clout × salience × utility among those nobody is
//   known or seen to block.
// - Expected utility (Bueno de Mesquita): an actor challenges another when the expected gain —
//   the chance of prevailing times what it is worth to it — exceeds what the attempt costs; the
//   chance grows with the weight (clout × salience) of those already on its side.
// - Exchange (Stokman and Van Oosten; Coleman): two actors trade when each yields on the issue it
//   cares about less in return for ground on the issue it cares about more (their salience ratios differ).
//
// The seats' rules of thumb (src/ai), each with its source idea:
// - The power of the chair (Tallberg, "The Power of the Chair", 2010): the pen holder steers, within
//   the zone of agreement, to the outcome it prefers — the wording its delegation values most among
//   those nobody is expected to withhold consensus from at the final reading (chair.ts, chairTarget).
// - A chair holds the pen: it closes only paragraphs on which everyone joins without doubts before
//   the final reading, unless the presidency adopts early (New Delhi leaders 2023, on day one).
// - A footnote is a capital's request, not a verdict: a member keeps brackets to adoption where its
//   instructions leave it doubting even under the deadline (China on debt at Bali 2022); one talked
//   round from an objection asks for none (Russia on the war at Bali 2022) — rules.ts records the
//   brackets kept, delegation.ts decides them.
// - Keeping the text (Hamburg 2017, "19+1"): a presidency that means to keep its text waters it down
//   only where a wording it can accept wins the holdout's acceptance (trade); where the holdout would
//   at best join with doubts (climate), it lets it dissociate — the exchange test applied to text.
// - Bridge-builders learn what moves an objector before they appeal to it (India's sherpa, some three
//   hundred bilateral meetings before New Delhi 2023): an appeal made blind uses the wrong motive.
// - Last efforts (Bali 2022: the war paragraph debated until midnight): at the final reading the chair
//   footnotes or sums up at once only what a red line keeps out; an objection stays open through the
//   delegations' turns, and a member asks for the text again once its holdouts have come round.
// - Estimates from public information, not optimism (Putnam, "Diplomacy and Domestic Politics", 1988:
//   blocs coordinate, each capital keeps its own veto): a delegation not consulted, on a wording the
//   room has not seen, is expected where its consulted bloc partners stand — the most opposed of them,
//   a partner's red line read as an objection (observation.ts, estimatedStance).
import type { Approach, Delegation, Paragraph, Scenario } from './scenario-schema.ts';
import { indexOf, sharesBloc } from './scenario-index.ts';
import { withholdsConsensus } from './stance.ts';
import type { Difficulty, MeetingState } from './state.ts';

/** How the difficulty changes the player's lobbying: chance in points, gain in percent, fatigue per repeat. */
export const DIFFICULTY_EFFECT: Record<Difficulty, { chance: number; gain: number; fatigue: number; linkageMargin: number }> = {
  easy: { chance: 15, gain: 150, fatigue: 5, linkageMargin: 0 },
  standard: { chance: 0, gain: 100, fatigue: 10, linkageMargin: 1 },
  hard: { chance: -15, gain: 70, fatigue: 15, linkageMargin: 10 },
};

export { ladderOf } from './scenario-index.ts';

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
  return lobbyOdds({
    approach,
    motive: target.motivations[approach],
    trust: s.trust[target.id]?.[actor.id] ?? 0,
    cloutGap: (s.clout[actor.id] ?? 0) - (s.clout[target.id] ?? 0),
    salience: target.positions[paragraph.id]!.salience,
    times: s.lobbied[actor.id]?.[indexOf(scenario).knownKey[target.id]![paragraph.id]!] ?? 0,
    fatigue: opts.player ? DIFFICULTY_EFFECT[s.difficulty].fatigue : 10,
    bandwagon: bandwagon(scenario, s, target, paragraph),
    brokerBonus: opts.brokerBonus ?? 0,
    linkages: s.linkages.filter((l) => l.from === actor.id && l.to === target.id).length,
    blocShared: sharesBloc(actor, target),
    playerBonus: opts.player ? DIFFICULTY_EFFECT[s.difficulty].chance : 0,
  });
}

/** What the lobbying model weighs; the rules give the true figures, a seat its own estimates of them. */
export interface LobbyFactors {
  approach: Approach;
  /** The target's receptiveness to the approach, 0..100. */
  motive: number;
  /** The target's trust in the lobbyist, -100..100. */
  trust: number;
  /** The lobbyist's clout minus the target's. */
  cloutGap: number;
  /** How much the target cares about the paragraph, 0..100. */
  salience: number;
  /** How often this lobbyist has asked already, and what each repeat costs. */
  times: number;
  fatigue: number;
  bandwagon: number;
  brokerBonus: number;
  /** Linkages the lobbyist has struck with the target (reciprocity draws on them). */
  linkages: number;
  blocShared: boolean;
  playerBonus: number;
}

/** The lobbying model's chance (percent, 5..95): one formula for the rules, a seat's estimate and a person's answer. */
export function lobbyOdds(f: LobbyFactors): number {
  let chance =
    30 +
    Math.floor(f.motive / 2) +
    Math.floor(f.trust / 4) +
    Math.floor(f.cloutGap / 5) -
    Math.floor(f.salience / 4) -
    f.times * f.fatigue +
    f.bandwagon +
    f.brokerBonus;
  if (f.approach === 'reciprocity') chance += 15 * f.linkages;
  if (f.approach === 'bloc-pressure' && !f.blocShared) chance = 5;
  chance += f.playerBonus;
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

/** Exchange model, one side: a trade profits it when what it receives matters more to it, by `margin`, than what it yields. */
export function gainsFromTrade(receives: number, yields: number, margin = 1): boolean {
  return receives >= yields + margin;
}

/** Exchange model: does a trade of `actor`'s ground on `give` for `target`'s on `get` profit both? */
export function profitableExchange(actor: Delegation, target: Delegation, give: string, get: string, margin = 1): boolean {
  const mine = (p: string) => actor.positions[p]!.salience;
  const theirs = (p: string) => target.positions[p]!.salience;
  return gainsFromTrade(mine(get), mine(give), margin) && gainsFromTrade(theirs(give), theirs(get), margin);
}

