// A delegation on autopilot. Each slot it takes a few initiatives, chosen in this order: walk out (only
// in the extreme), concede at the deadline, broker bridging text, defend its own view (amendments and
// trades), build its coalition, and challenge those who stand in the way of a text it wants.
import { roll } from '../rng/index.ts';
import { canAfford, hasDone, initiativesTaken, knows, type Decision } from './ai-support.ts';
import { bestApproach, compromiseVariant, expectedGain, ladderOf, lobbyChance, profitableExchange, sharedBloc } from './models.ts';
import { presentDelegations, withholders } from './room.ts';
import { indexOf, sharesBloc } from './scenario-index.ts';
import { DROPPED, type Delegation, type Paragraph, type Scenario } from './scenario-schema.ts';
import { variantLabel, withholdsConsensus } from './stance.ts';
import { currentSession, type MeetingState } from './state.ts';

/** A delegation acts as a bridge-builder on its own initiative from this broker score up. */
const BROKER_AT = 60;
/** Below this chance (percent) a delegation does not spend fifteen minutes lobbying. */
const WORTH_LOBBYING = 30;
/** The chance (percent) a slot that a provoked delegation leaves the room. */
const WALK_OUT_CHANCE = 10;
/** How many holdouts and how many yieldable paragraphs a delegation weighs when looking for a trade. */
const TRADE_BREADTH = 3;
/** A paragraph matters enough to fight for from this salience up. */
const CARES_AT = 50;

/** Bigger delegations run more meetings at once: 2 initiatives a slot, up to 5 for the weightiest. */
export function initiativesPerSlot(s: MeetingState, d: Delegation): number {
  return 2 + Math.floor((s.clout[d.id] ?? d.clout) / 30);
}

export function delegationDecision(scenario: Scenario, s: MeetingState, seat: string): Decision | null {
  const ix = indexOf(scenario);
  const me = ix.delegation.get(seat)!;
  if (initiativesTaken(s, seat) >= initiativesPerSlot(s, me)) return null;
  const session = currentSession(scenario, s)!;
  const open = scenario.paragraphs.filter((p) => s.draft[p.id]!.status === 'open');
  const bySalience = ix.bySalience.get(me.id)!.filter((p) => s.draft[p.id]!.status === 'open');
  return (
    walkOut(scenario, s, me, open) ??
    (session.kind === 'final-reading' ? concede(s, me, open) : null) ??
    (session.kind === 'working' ? putOnRecord(scenario, s, me, open) : null) ??
    (session.kind !== 'informal' && me.broker >= BROKER_AT ? broker(scenario, s, me, open) : null) ??
    defend(scenario, s, me, bySalience, session.kind !== 'informal') ??
    buildCoalition(scenario, s, me, bySalience) ??
    challenge(scenario, s, me, bySalience)
  );
}

/**
 * The extreme: a delegation leaves when a text crossing its red line on a paragraph it cares about
 * above all has been pressed to adoption again and again by those it distrusts — Lavrov's exit from
 * the Bali foreign ministers' meeting of July 2022. Even then it is a decision, not a certainty.
 */
function walkOut(scenario: Scenario, s: MeetingState, me: Delegation, open: Paragraph[]): Decision | null {
  // Considered once a slot, at its first initiative: leaving is not decided by repeated dice.
  if (s.walkedOut.length > 0 || initiativesTaken(s, me.id) > 0) return null;
  const provocation = open.find((p) => {
    if (me.positions[p.id]!.salience < 90 || s.stances[p.id]![me.id] !== 'block' || s.draft[p.id]!.attempts < 1) return false;
    // Those pressing the text whom it distrusts: a bloc of adversaries, not the room as a whole.
    const adversaries = presentDelegations(scenario, s).filter(
      (d) => d.id !== me.id && s.stances[p.id]![d.id] === 'support' && (s.trust[me.id]?.[d.id] ?? 0) <= -50,
    );
    return adversaries.length >= 3;
  });
  if (!provocation || !roll(s.rng, 'ai', (dice) => dice.chance(WALK_OUT_CHANCE))) return null;
  return {
    command: { type: 'walk-out', actor: me.id },
    why: `${provocation.title} was put to the room in a wording that crosses its red line, pressed by delegations it does not trust`,
  };
}

/**
 * Isolating the holdouts: when only a couple of adversaries block a text it cares about above all, a
 * delegation asks for it to be put to the room anyway, so that everyone sees who stands alone — as
 * Blinken spoke of "two holdouts" after the Delhi meeting.
 */
function putOnRecord(scenario: Scenario, s: MeetingState, me: Delegation, open: Paragraph[]): Decision | null {
  for (const p of open) {
    if (me.positions[p.id]!.salience < 85 || s.stances[p.id]![me.id] !== 'support' || s.draft[p.id]!.attempts > 0) continue;
    const holdouts = withholders(scenario, s, p);
    if (holdouts.length === 0 || holdouts.length > 2) continue;
    if (!holdouts.every((id) => s.stances[p.id]![id] === 'block')) continue;
    if (!holdouts.some((id) => (me.affinities[id] ?? 0) <= -50)) continue;
    if (hasDone(s, me.id, `adopt:${p.id}`) || !canAfford(s, me.id, 'call-adoption')) continue;
    const names = holdouts.map((id) => indexOf(scenario).delegation.get(id)!.name).join(' and ');
    return {
      command: { type: 'call-adoption', actor: me.id, paragraph: p.id },
      why: `only ${names} stand in the way, and it wants them to be seen standing alone`,
    };
  }
  return null;
}

/** The compromise model's time pressure: at the final reading brackets on minor paragraphs come off. */
function concede(s: MeetingState, me: Delegation, open: Paragraph[]): Decision | null {
  for (const p of open) {
    if (!s.draft[p.id]!.brackets.includes(me.id) || me.positions[p.id]!.salience >= CARES_AT) continue;
    if (!canAfford(s, me.id, 'unbracket')) return null;
    return {
      command: { type: 'unbracket', actor: me.id, paragraph: p.id },
      why: 'the deadline is near and an outcome matters more to it than this paragraph',
    };
  }
  return null;
}

/**
 * The bridge-builder (India, Indonesia, Brazil, South Africa): on a contested paragraph it can itself
 * accept, it tables the compromise wording and then works on the objections that can be lifted.
 */
function broker(scenario: Scenario, s: MeetingState, me: Delegation, open: Paragraph[]): Decision | null {
  const ix = indexOf(scenario);
  const present = presentDelegations(scenario, s);
  const contested = open
    .map((p) => ({ p, dissent: withholders(scenario, s, p) }))
    .filter((x) => x.dissent.length > 0 && !x.dissent.includes(me.id))
    .sort((a, b) => b.p.importance - a.p.importance || a.dissent.length - b.dissent.length);
  for (const { p, dissent } of contested) {
    const draft = s.draft[p.id]!;
    // Brokers read the room well: the compromise wording is computed over everyone's true positions.
    const bridge = compromiseVariant(s, present, p);
    if (
      bridge !== null &&
      bridge !== draft.variant &&
      !draft.amendments.some((a) => a.variant === bridge) &&
      !s.reactions[p.id]?.[bridge] &&
      !hasDone(s, me.id, `propose:${p.id}:${bridge}`) &&
      canAfford(s, me.id, 'propose')
    ) {
      return {
        command: { type: 'propose', actor: me.id, paragraph: p.id, variant: bridge },
        why: `as a bridge-builder it drafts ${variantLabel(p, bridge)}, the wording with the widest weighted support that no one rules out`,
      };
    }
    const objectors = dissent.filter((id) => s.stances[p.id]![id] === 'object' && !hasDone(s, me.id, `lobby:${id}:${p.id}`));
    const pick = bestTarget(scenario, s, me, p, objectors);
    if (pick && canAfford(s, me.id, 'lobby')) {
      const target = ix.delegation.get(pick.id)!;
      return {
        command: { type: 'lobby', actor: me.id, target: target.id, paragraph: p.id, approach: pick.approach },
        why: `bridge-building: ${target.name}'s objection is one that can be lifted`,
      };
    }
  }
  return null;
}

/**
 * Where it withholds consensus itself: it tables the wording it wants (once), and looks for a trade —
 * ground on a paragraph it cares little about for ground on one it cares about more (the exchange model).
 */
function defend(scenario: Scenario, s: MeetingState, me: Delegation, bySalience: Paragraph[], drafting: boolean): Decision | null {
  const ix = indexOf(scenario);
  for (const p of bySalience) {
    const mine = s.stances[p.id]![me.id]!;
    const salience = me.positions[p.id]!.salience;
    if (mine !== 'object' && mine !== 'block' && mine !== 'reserve') continue;
    if (salience < 40) continue;
    const preferred = preferredVariant(me, p);
    const draft = s.draft[p.id]!;
    if (
      drafting &&
      preferred !== draft.variant &&
      !draft.amendments.some((a) => a.by === me.id && a.variant === preferred) &&
      !hasDone(s, me.id, `propose:${p.id}:${preferred}`) &&
      canAfford(s, me.id, 'propose')
    ) {
      return {
        command: { type: 'propose', actor: me.id, paragraph: p.id, variant: preferred },
        why: `it ${mine === 'block' ? 'cannot accept' : 'dislikes'} the text on the table and wants ${
          preferred === DROPPED ? 'the paragraph dropped' : variantLabel(p, preferred)
        }`,
      };
    }
  }
  // Trades: yield where it withholds but cares little; ask for ground where it cares most. A delegation
  // weighs a handful of trades, not every combination: its two dearest paragraphs, three holdouts on
  // each, and the three paragraphs it minds least.
  const yieldable = bySalience
    .filter((p) => {
      const mine = s.stances[p.id]![me.id]!;
      return (mine === 'object' || mine === 'reserve') && me.positions[p.id]!.salience < CARES_AT;
    })
    .slice(-TRADE_BREADTH);
  if (yieldable.length === 0) return null;
  const wanted = bySalience.filter((p) => me.positions[p.id]!.salience >= 60 && !withholdsConsensus(s.stances[p.id]![me.id]!)).slice(0, 2);
  for (const get of wanted) {
    const holdouts = withholders(scenario, s, get).filter((id) => id !== me.id && s.stances[get.id]![id] !== 'block');
    for (const id of holdouts.slice(0, TRADE_BREADTH)) {
      const target = ix.delegation.get(id)!;
      for (const give of yieldable) {
        if (give.id === get.id || hasDone(s, me.id, `linkage:${id}:${give.id}:${get.id}`)) continue;
        if (!knows(s, me.id, id, give.id)) {
          if (!canAfford(s, me.id, 'consult') || hasDone(s, me.id, `consult:${id}:${give.id}`)) continue;
          return {
            command: { type: 'consult', actor: me.id, target: id, paragraph: give.id },
            why: `it sounds out ${target.name} for a possible trade on ${give.title}`,
          };
        }
        if (profitableExchange(me, target, give.id, get.id) && canAfford(s, me.id, 'offer-linkage')) {
          return {
            command: { type: 'offer-linkage', actor: me.id, target: id, give: give.id, get: get.id },
            why: `${give.title} matters less to it than ${get.title}, and the reverse holds for ${target.name}`,
          };
        }
      }
    }
  }
  return null;
}

/** Coalition-building: bring bloc partners who hesitate on a text it cares about into line. */
function buildCoalition(scenario: Scenario, s: MeetingState, me: Delegation, bySalience: Paragraph[]): Decision | null {
  const ix = indexOf(scenario);
  for (const p of bySalience) {
    if (me.positions[p.id]!.salience < CARES_AT || s.stances[p.id]![me.id] !== 'support') continue;
    const partners = presentDelegations(scenario, s).filter(
      (d) =>
        d.id !== me.id &&
        sharesBloc(me, d) &&
        (s.stances[p.id]![d.id] === 'object' || s.stances[p.id]![d.id] === 'reserve') &&
        !hasDone(s, me.id, `lobby:${d.id}:${p.id}`),
    );
    const pick = bestTarget(scenario, s, me, p, partners.map((d) => d.id));
    if (pick && canAfford(s, me.id, 'lobby')) {
      const target = ix.delegation.get(pick.id)!;
      return {
        command: { type: 'lobby', actor: me.id, target: target.id, paragraph: p.id, approach: pick.approach },
        why: `coalition-building: ${target.name} is its ${sharedBloc(me, target)} partner and hesitates on a text it backs`,
      };
    }
  }
  return null;
}

/** The expected-utility challenge: lobby an objector when the odds times what is at stake are worth it. */
function challenge(scenario: Scenario, s: MeetingState, me: Delegation, bySalience: Paragraph[]): Decision | null {
  const ix = indexOf(scenario);
  for (const p of bySalience) {
    const salience = me.positions[p.id]!.salience;
    if (salience < CARES_AT || s.stances[p.id]![me.id] !== 'support') continue;
    const objectors = presentDelegations(scenario, s)
      .filter((d) => d.id !== me.id && s.stances[p.id]![d.id] === 'object' && (s.trust[d.id]?.[me.id] ?? 0) >= -20)
      .map((d) => d.id)
      .filter((id) => !hasDone(s, me.id, `lobby:${id}:${p.id}`));
    const pick = bestTarget(scenario, s, me, p, objectors);
    if (pick && canAfford(s, me.id, 'lobby') && expectedGain(pick.chance, salience) >= expectedGain(WORTH_LOBBYING, CARES_AT)) {
      const target = ix.delegation.get(pick.id)!;
      return {
        command: { type: 'lobby', actor: me.id, target: target.id, paragraph: p.id, approach: pick.approach },
        why: `it backs the text and judges ${target.name} can be moved (about ${pick.chance} in 100)`,
      };
    }
  }
  return null;
}

/** Of the candidates, the one most likely to be moved, with the approach to use; ties drawn at random. */
function bestTarget(
  scenario: Scenario,
  s: MeetingState,
  me: Delegation,
  p: Paragraph,
  ids: string[],
): { id: string; approach: ReturnType<typeof bestApproach>; chance: number } | null {
  const ix = indexOf(scenario);
  let top = -1;
  let tied: { id: string; approach: ReturnType<typeof bestApproach>; chance: number }[] = [];
  for (const id of ids) {
    const target = ix.delegation.get(id)!;
    const approach = bestApproach(me, target);
    const chance = lobbyChance(scenario, s, me, target, p, approach, { player: false });
    if (chance < WORTH_LOBBYING) continue;
    if (chance > top) {
      top = chance;
      tied = [{ id, approach, chance }];
    } else if (chance === top) tied.push({ id, approach, chance });
  }
  if (tied.length === 0) return null;
  return tied.length === 1 ? tied[0]! : roll(s.rng, 'ai', (dice) => dice.pick(tied))!;
}

/** The wording it likes best among those it does not itself rule out. */
function preferredVariant(me: Delegation, paragraph: Paragraph): string {
  const position = me.positions[paragraph.id]!;
  let best = paragraph.variants[0]!.id;
  let value = -Infinity;
  for (const v of ladderOf(paragraph)) {
    if (position.redLines.includes(v)) continue;
    const u = position.utilities[v] ?? 0;
    if (u > value) {
      best = v;
      value = u;
    }
  }
  return best;
}
