// A delegation on autopilot. Each slot it takes a few initiatives, chosen in this order: walk out (only
// in the extreme), concede at the deadline, broker bridging text, defend its own view (amendments and
// trades), build its coalition, and challenge those who stand in the way of a text it wants. In the
// brokers' round it works on the paragraphs it was asked to bridge. It sees only its observation.
import { gainsFromTrade } from '../domain/models.ts';
import type { Observation } from '../domain/observation.ts';
import type { Approach, Paragraph } from '../domain/scenario-schema.ts';
import { stanceFrom, withholdsConsensus } from '../domain/stance.ts';
import type { Dice } from '../rng/index.ts';
import type { AiParameters } from './parameters.ts';
import type { Decision } from './support.ts';
import { kept, mapped } from '../domain/arrays.ts';

/** A delegation acts as a bridge-builder on its own initiative from this broker score up. */
const BROKER_AT = 60;
/** Below this chance (percent, by its own estimate) a delegation does not spend fifteen minutes lobbying. */
const WORTH_LOBBYING = 30;
/** How many holdouts and how many yieldable paragraphs a delegation weighs when looking for a trade. */
const TRADE_BREADTH = 3;
/** A delegation asks for its doubts to be footnoted only on a paragraph it cares about this much. */
export const FOOTNOTE_SALIENCE = 50;
/** A paragraph matters enough to fight for from this salience up. */
const CARES_AT = 50;
/** What a stance the room heard says of a delegation's utility, where its position is not known. */
const UTILITY_OF: Record<string, number> = { support: 50, accept: 10, reserve: -10, object: -40, block: -100 };

/** Bigger delegations run more meetings at once: 2 initiatives a slot, up to 5 for the weightiest. */
export function initiativesPerSlot(obs: Observation, id: string): number {
  return 2 + Math.floor(obs.clout(id) / 30);
}

export function delegationDecision(obs: Observation, dice: Dice, params: AiParameters): Decision | null {
  const kind = obs.session.kind;
  const open = obs.open;
  const negotiating = obs.intent.planned === 'negotiated-text';
  // Asking the chair to take a text its holdouts have come round to is a word from the floor, not an
  // initiative: any member backing it may say it, in its turn or the brokers' round.
  const again = kind === 'final-reading' && negotiating ? askAgain(obs, open) : null;
  if (again) return again;
  if (obs.brokerRound) return brokerWork(obs, dice);
  if (obs.initiatives >= initiativesPerSlot(obs, obs.seat)) return null;
  const bySalience = obs.openBySalience;
  return (
    walkOut(obs, dice, open, params) ??
    // Where the presidency planned no negotiated text there is nothing to dissociate from or put on record.
    (kind === 'final-reading' && negotiating ? dissociate(obs, open, params) : null) ??
    (kind === 'final-reading' ? concede(obs, open) : null) ??
    (kind !== 'informal' && negotiating ? footnoteRequest(obs, open) : null) ??
    (kind === 'working' && negotiating ? putOnRecord(obs, open) : null) ??
    (kind !== 'informal' && obs.me.broker >= BROKER_AT ? broker(obs, dice, open) : null) ??
    defend(obs, bySalience, kind !== 'informal') ??
    buildCoalition(obs, dice, bySalience) ??
    challenge(obs, dice, bySalience)
  );
}

/**
 * The extreme: a delegation leaves when a text crossing its red line on a paragraph it cares about
 * above all has been pressed to adoption again and again by those it distrusts — Lavrov's exit from
 * the Bali foreign ministers' meeting of July 2022. Even then it is a decision, not a certainty.
 */
function walkOut(obs: Observation, dice: Dice, open: Paragraph[], params: AiParameters): Decision | null {
  // Considered once a slot, at its first initiative: leaving is not decided by repeated dice. Only a
  // principal in the room walks out in protest; a deputy stays and reports home.
  if (obs.walkedOut.length > 0 || obs.initiatives > 0 || !obs.principalPresent || !obs.me.member) return null;
  const me = obs.me;
  const provocation = open.find((p) => {
    if (me.positions[p.id]!.salience < 90 || obs.stance(p.id, me.id) !== 'block' || obs.draft(p.id).attempts < 1) return false;
    // Those pressing the text whom it distrusts: a bloc of adversaries, not the room as a whole.
    const voiced = obs.stancesOn(p.id);
    const adversaries = obs.present.filter((d) => d.id !== me.id && voiced[d.id] === 'support' && obs.trustIn(d.id) <= -50);
    return adversaries.length >= 3;
  });
  if (!provocation || !dice.chance(params.walkOutChance)) return null;
  return { command: { type: 'walk-out', actor: me.id }, why: { code: 'walk-out-provoked', paragraph: provocation.id } };
}

/**
 * The dissenter's choice of the ladder: a member that blocks a paragraph put to the room on a red
 * line, and stands (nearly) alone, lets the others adopt it and states its own position — the United
 * States on climate at Hamburg in 2017. In company it refuses the joint text instead, and the chair
 * must issue it on its own authority (Russia and China at New Delhi in 2023).
 */
function dissociate(obs: Observation, open: Paragraph[], params: AiParameters): Decision | null {
  if (!obs.me.member || !obs.canAfford('dissociate')) return null;
  for (const p of open) {
    // Only a red line is held to the end this way; a mere objection is negotiated, footnoted or given up.
    if (obs.stance(p.id, obs.seat) !== 'block' || obs.draft(p.id).attempts < 1) continue;
    const company = obs.withholders(p).filter((id) => id !== obs.seat).length;
    if (company > params.dissociateCompany || obs.hasDone(`dissociate:${p.id}`)) continue;
    return { command: { type: 'dissociate', actor: obs.seat, paragraph: p.id }, why: { code: 'dissociate-isolated', paragraph: p.id } };
  }
  return null;
}

/**
 * At the final reading, a paragraph the chair put to the room and left open for the last efforts is
 * asked for again by a member that backs it, once nobody withholds consensus from it any longer.
 */
function askAgain(obs: Observation, open: Paragraph[]): Decision | null {
  if (!obs.me.member) return null;
  for (const p of open) {
    if (obs.draft(p.id).attempts < 1 || obs.withholders(p).length > 0) continue;
    const mine = obs.stance(p.id, obs.seat);
    if ((mine !== 'support' && mine !== 'accept') || obs.hasDone(`adopt:${p.id}`) || !obs.canAfford('call-adoption')) continue;
    return { command: { type: 'call-adoption', actor: obs.seat, paragraph: p.id }, why: { code: 'holdouts-came-round', paragraph: p.id } };
  }
  return null;
}

/**
 * Isolating the holdouts: when only a couple of adversaries block a text it cares about above all, a
 * delegation asks for it to be put to the room anyway, so that everyone sees who stands alone — as
 * Blinken spoke of "two holdouts" after the Delhi meeting.
 */
function putOnRecord(obs: Observation, open: Paragraph[]): Decision | null {
  const me = obs.me;
  for (const p of open) {
    if (me.positions[p.id]!.salience < 85 || obs.stance(p.id, me.id) !== 'support' || obs.draft(p.id).attempts > 0) continue;
    const holdouts = obs.withholders(p);
    if (holdouts.length === 0 || holdouts.length > 2) continue;
    if (!holdouts.every((id) => obs.stance(p.id, id) === 'block')) continue;
    if (!holdouts.some((id) => (me.affinities[id] ?? 0) <= -50)) continue;
    if (obs.hasDone(`adopt:${p.id}`) || !obs.canAfford('call-adoption')) continue;
    return { command: { type: 'call-adoption', actor: me.id, paragraph: p.id }, why: { code: 'put-on-record', delegations: holdouts, paragraph: p.id } };
  }
  return null;
}

/**
 * A footnote is a capital's request, not the rules' verdict (Bali 2022: China footnoted the debt
 * paragraph). A member brackets the text on the table — and the brackets it keeps to adoption become
 * its footnote — when its instructions (its own utilities, under the deadline's pull) let it join only
 * with doubts, on a paragraph it cares about: the room's persuasion does not change what its capital
 * wants on record. A member whose instructions would have it object, and which was brought to the text
 * by lobbying, a linkage or an event, has conceded and asks for nothing (Russia on the war paragraph at
 * Bali 2022, whose text itself said there were "other views"). A new wording from the chair clears
 * brackets (rules.ts); a delegation lifts its own once the text no longer calls for them.
 */
function footnoteRequest(obs: Observation, open: Paragraph[]): Decision | null {
  if (!obs.me.member) return null;
  for (const p of open) {
    const draft = obs.draft(p.id);
    const holding = draft.brackets.includes(obs.seat);
    const wants = wantsFootnote(obs, p, draft.variant);
    if (wants === holding) continue;
    const type = wants ? 'bracket' : 'unbracket';
    if (obs.hasDone(`${type}:${p.id}`) || !obs.canAfford(type)) continue;
    return { command: { type, actor: obs.seat, paragraph: p.id }, why: { code: wants ? 'footnote-request' : 'footnote-lifted', paragraph: p.id } };
  }
  return null;
}

/** Whether the seat's instructions have it ask for a footnote on `variant`: doubts it cares about, that the deadline leaves. */
export function wantsFootnote(obs: Observation, p: Paragraph, variant: string): boolean {
  const position = obs.me.positions[p.id]!;
  return position.salience >= FOOTNOTE_SALIENCE && stanceFrom(position, variant, 0, true, false) === 'reserve';
}

/** The compromise model's time pressure: at the final reading brackets on minor paragraphs come off. */
function concede(obs: Observation, open: Paragraph[]): Decision | null {
  for (const p of open) {
    if (!obs.draft(p.id).brackets.includes(obs.seat) || obs.me.positions[p.id]!.salience >= CARES_AT) continue;
    if (!obs.canAfford('unbracket')) return null;
    return { command: { type: 'unbracket', actor: obs.seat, paragraph: p.id }, why: { code: 'concede-deadline', paragraph: p.id } };
  }
  return null;
}

/**
 * Compromise model on what the seat can see: the wording with the greatest weighted support,
 * Σ clout × salience × utility, among those nobody is known or seen to block. Positions it consulted
 * count with their utilities; for the rest, the stance the room heard stands in for utility.
 */
export function estimatedCompromise(obs: Observation, p: Paragraph): string | null {
  let best: string | null = null;
  let bestWeight = -Infinity;
  const present = obs.present;
  // What does not depend on the wording is read once: each delegation's position (if known) and weight.
  const positions = obs.knownPositions(p);
  const weights = mapped(present, (d, i) => obs.clout(d.id) * (positions[i]?.salience ?? 50));
  for (const variant of obs.ladder(p)) {
    const stances = obs.estimatedStances(p, variant, positions);
    if (stances.includes('block')) continue;
    let weight = 0;
    for (let i = 0; i < present.length; i++) {
      const position = positions[i];
      const stance = stances[i];
      const utility = position ? (position.utilities[variant] ?? 0) : stance ? UTILITY_OF[stance]! : 0;
      weight += weights[i]! * utility;
    }
    if (weight > bestWeight) {
      best = variant;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * The bridge-builder (India, Indonesia, Brazil, South Africa): on a contested paragraph it can itself
 * accept, it tables the compromise wording and then works on the objections that can be lifted.
 */
function broker(obs: Observation, dice: Dice, open: Paragraph[]): Decision | null {
  const contested = kept(
    mapped(open, (p) => ({ p, dissent: obs.withholders(p) })),
    (x) => x.dissent.length > 0 && !x.dissent.includes(obs.seat),
  ).sort((a, b) => b.p.importance - a.p.importance || a.dissent.length - b.dissent.length);
  for (const { p, dissent } of contested) {
    const draft = obs.draft(p.id);
    // Only a wording not yet on the table, tabled or tried can be drafted: when none is left (or there is
    // no time), the compromise need not be worked out at all.
    const fresh = obs.canAfford('propose')
      ? obs.ladder(p).some((v) => v !== draft.variant && !draft.amendments.some((a) => a.variant === v) && !obs.reaction(p.id, v) && !obs.hasDone(`propose:${p.id}:${v}`))
      : false;
    const bridge = fresh ? estimatedCompromise(obs, p) : null;
    if (
      bridge !== null &&
      bridge !== draft.variant &&
      !draft.amendments.some((a) => a.variant === bridge) &&
      !obs.reaction(p.id, bridge) &&
      !obs.hasDone(`propose:${p.id}:${bridge}`) &&
      obs.canAfford('propose')
    ) {
      return { command: { type: 'propose', actor: obs.seat, paragraph: p.id, variant: bridge }, why: { code: 'bridge-drafted', paragraph: p.id, variant: bridge } };
    }
    const objectors = kept(dissent, (id) => obs.stance(p.id, id) === 'object' && !obs.hasDone(`lobby:${id}:${p.id}`));
    // A bridge-builder learns what moves an objector before it appeals to it: an appeal to principle
    // made blind is wasted on a capital that weighs interests (India's sherpa held some three hundred
    // bilateral meetings before New Delhi 2023).
    const stranger = objectors.find((id) => !obs.knowsMotives(id));
    if (stranger !== undefined && obs.canAfford('consult') && !obs.hasDone(`consult:${stranger}:${p.id}`)) {
      return { command: { type: 'consult', actor: obs.seat, target: stranger, paragraph: p.id }, why: { code: 'bridge-sound-out', delegations: [stranger], paragraph: p.id } };
    }
    const pick = bestTarget(obs, dice, p, objectors);
    if (pick && obs.canAfford('lobby')) {
      return {
        command: { type: 'lobby', actor: obs.seat, target: pick.id, paragraph: p.id, approach: pick.approach },
        why: { code: 'bridge-lobby', delegations: [pick.id], paragraph: p.id, chance: pick.chance },
      };
    }
  }
  return null;
}

/**
 * A broker's mandate, in the brokers' round: it drafts bridging text (the strongest wording it does
 * not know or see anyone block) and works on those who object or hesitate, once each.
 */
function brokerWork(obs: Observation, dice: Dice): Decision | null {
  for (const m of obs.myMandates) {
    const p = obs.paragraph(m.paragraph)!;
    const draft = obs.draft(p.id);
    const positions = obs.knownPositions(p);
    const bridge = obs.ladder(p).find((v) => !obs.estimatedStances(p, v, positions).includes('block'));
    if (
      bridge !== undefined &&
      bridge !== draft.variant &&
      !draft.amendments.some((a) => a.by === obs.seat && a.variant === bridge) &&
      !obs.hasDone(`propose:${p.id}:${bridge}`) &&
      obs.canAfford('propose')
    ) {
      return { command: { type: 'propose', actor: obs.seat, paragraph: p.id, variant: bridge }, why: { code: 'broker-mandate', delegations: [m.for], paragraph: p.id } };
    }
    const voiced = obs.stancesOn(p.id);
    for (const d of obs.present) {
      if (d.id === obs.seat || obs.hasDone(`lobby:${d.id}:${p.id}`)) continue;
      const stance = voiced[d.id];
      if (stance !== 'object' && stance !== 'reserve') continue;
      if (!obs.canAfford('lobby')) return null;
      return {
        command: { type: 'lobby', actor: obs.seat, target: d.id, paragraph: p.id, approach: obs.bestApproach(d.id) },
        why: { code: 'broker-mandate', delegations: [m.for], paragraph: p.id },
      };
    }
  }
  void dice;
  return null;
}

/**
 * Where it withholds consensus itself: it tables the wording it wants (once), and looks for a trade —
 * ground on a paragraph it cares little about for ground on one it cares about more (the exchange model).
 */
function defend(obs: Observation, bySalience: Paragraph[], drafting: boolean): Decision | null {
  const me = obs.me;
  // One pass over the paragraphs, dearest first: where it withholds, the wording it wants (tabled once);
  // what it could yield (withholding, but caring little) and what it most wants (joining, caring a lot).
  const yieldable: Paragraph[] = [];
  const wanted: Paragraph[] = [];
  for (const p of bySalience) {
    const mine = obs.stance(p.id, me.id)!;
    const salience = me.positions[p.id]!.salience;
    const withholding = mine === 'object' || mine === 'block' || mine === 'reserve';
    if (withholding && salience >= 40) {
      const preferred = preferredVariant(obs, p);
      const draft = obs.draft(p.id);
      if (
        drafting &&
        preferred !== draft.variant &&
        !draft.amendments.some((a) => a.by === me.id && a.variant === preferred) &&
        !obs.hasDone(`propose:${p.id}:${preferred}`) &&
        obs.canAfford('propose')
      ) {
        return { command: { type: 'propose', actor: me.id, paragraph: p.id, variant: preferred }, why: { code: 'defend-wording', paragraph: p.id, variant: preferred } };
      }
    }
    if ((mine === 'object' || mine === 'reserve') && salience < CARES_AT) yieldable.push(p);
    if (salience >= 60 && !withholdsConsensus(mine) && wanted.length < 2) wanted.push(p);
  }
  // Trades: yield where it withholds but cares little; ask for ground where it cares most. A delegation
  // weighs a handful of trades, not every combination: its two dearest paragraphs, three holdouts on
  // each, and the three paragraphs it minds least. It must know what the other side cares about.
  if (yieldable.length === 0) return null;
  const least = yieldable.slice(-TRADE_BREADTH);
  for (const get of wanted) {
    const holdouts = kept(obs.withholders(get), (id) => id !== me.id && obs.stance(get.id, id) !== 'block');
    for (const id of holdouts.slice(0, TRADE_BREADTH)) {
      for (const give of least) {
        if (give.id === get.id || obs.hasDone(`linkage:${id}:${give.id}:${get.id}`)) continue;
        const unknown = [give, get].find((p) => !obs.knows(id, p.id));
        if (unknown) {
          if (!obs.canAfford('consult') || obs.hasDone(`consult:${id}:${unknown.id}`)) continue;
          return { command: { type: 'consult', actor: me.id, target: id, paragraph: unknown.id }, why: { code: 'sound-out-trade', delegations: [id], paragraph: unknown.id } };
        }
        const theirs = (pid: string) => obs.position(id, pid)!.salience;
        const mine = (pid: string) => me.positions[pid]!.salience;
        if (gainsFromTrade(mine(get.id), mine(give.id)) && gainsFromTrade(theirs(give.id), theirs(get.id)) && obs.canAfford('offer-linkage')) {
          return {
            command: { type: 'offer-linkage', actor: me.id, target: id, give: give.id, get: get.id },
            why: { code: 'trade', delegations: [id], paragraph: get.id },
          };
        }
      }
    }
  }
  return null;
}

/** Coalition-building: bring bloc partners who hesitate on a text it cares about into line. */
function buildCoalition(obs: Observation, dice: Dice, bySalience: Paragraph[]): Decision | null {
  const me = obs.me;
  const partners = obs.partnersAtTable;
  if (partners.length === 0) return null;
  for (const p of bySalience) {
    if (me.positions[p.id]!.salience < CARES_AT || obs.stance(p.id, me.id) !== 'support') continue;
    const voiced = obs.stancesOn(p.id);
    const hesitant = kept(partners, (id) => {
      const stance = voiced[id];
      return (stance === 'object' || stance === 'reserve') && !obs.hasDone(`lobby:${id}:${p.id}`);
    });
    const pick = bestTarget(obs, dice, p, hesitant);
    if (pick && obs.canAfford('lobby')) {
      const bloc = obs.sharedBloc(pick.id);
      return {
        command: { type: 'lobby', actor: me.id, target: pick.id, paragraph: p.id, approach: pick.approach },
        why: { code: 'coalition', delegations: [pick.id], paragraph: p.id, ...(bloc ? { bloc } : {}) },
      };
    }
  }
  return null;
}

/** The expected-utility challenge: lobby an objector when the odds times what is at stake are worth it. */
function challenge(obs: Observation, dice: Dice, bySalience: Paragraph[]): Decision | null {
  const me = obs.me;
  for (const p of bySalience) {
    const salience = me.positions[p.id]!.salience;
    if (salience < CARES_AT || obs.stance(p.id, me.id) !== 'support') continue;
    const voiced = obs.stancesOn(p.id);
    const objectors = mapped(
      kept(obs.present, (d) => d.id !== me.id && voiced[d.id] === 'object' && obs.trustIn(d.id) >= -20 && !obs.hasDone(`lobby:${d.id}:${p.id}`)),
      (d) => d.id,
    );
    const pick = bestTarget(obs, dice, p, objectors);
    if (pick && obs.canAfford('lobby') && pick.chance * salience >= WORTH_LOBBYING * CARES_AT) {
      return {
        command: { type: 'lobby', actor: me.id, target: pick.id, paragraph: p.id, approach: pick.approach },
        why: { code: 'challenge', delegations: [pick.id], paragraph: p.id, chance: pick.chance },
      };
    }
  }
  return null;
}

/** Of the candidates, the one the seat judges likeliest to be moved, with the approach to use; ties drawn at random. */
function bestTarget(obs: Observation, dice: Dice, p: Paragraph, ids: string[]): { id: string; approach: Approach; chance: number } | null {
  let top = -1;
  let tied: { id: string; approach: Approach; chance: number }[] = [];
  for (const id of ids) {
    const approach = obs.bestApproach(id);
    const chance = obs.estimatedChance(id, p, approach);
    if (chance < WORTH_LOBBYING) continue;
    if (chance > top) {
      top = chance;
      tied = [{ id, approach, chance }];
    } else if (chance === top) tied.push({ id, approach, chance });
  }
  if (tied.length === 0) return null;
  return tied.length === 1 ? tied[0]! : dice.pick(tied)!;
}

/** The wording each delegation likes best among those it does not itself rule out: fixed by its instructions. */
const preferred = new WeakMap<object, Map<string, string>>();

/** The wording it likes best among those it does not itself rule out. */
function preferredVariant(obs: Observation, paragraph: Paragraph): string {
  // Keyed by the delegation's own data, so a scenario with other instructions never shares an answer.
  let byDelegation = preferred.get(obs.me);
  if (!byDelegation) preferred.set(obs.me, (byDelegation = new Map()));
  const known = byDelegation.get(paragraph.id);
  if (known !== undefined) return known;
  const position = obs.me.positions[paragraph.id]!;
  let best = paragraph.variants[0]!.id;
  let value = -Infinity;
  for (const v of obs.ladder(paragraph)) {
    if (position.redLines.includes(v)) continue;
    const u = position.utilities[v] ?? 0;
    if (u > value) {
      best = v;
      value = u;
    }
  }
  byDelegation.set(paragraph.id, best);
  return best;
}
