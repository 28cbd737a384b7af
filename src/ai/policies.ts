// Scripted strategies a player's seat can follow (for `--policy` and the batch): the autopilot, and a
// skilled and a reckless way of running the meeting as the chair or of playing a delegation (with its
// way of answering offers). Each reads only its seat's observation.
import type { Observation } from '../domain/observation.ts';
import type { Paragraph, Scenario } from '../domain/scenario-schema.ts';
import { answerOffers, autopilot, autopilotWith } from './autopilot.ts';
import { DEFAULT_PARAMETERS } from './parameters.ts';
import { ladderOf } from '../domain/models.ts';
import { withholdsConsensus } from '../domain/stance.ts';
import { chairTarget } from './chair.ts';
import type { Decision, Policy } from './support.ts';

export const POLICY_NAMES = ['autopilot', 'skilled', 'reckless'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Beyond this many holdouts on a paragraph, a skilled chair reads the room instead of consulting each. */
const MANY_HOLDOUTS = 3;
/** The brokers a skilled chair enlists, best first, at most this many per paragraph. */
const BROKERS_PER_PARAGRAPH = 2;

/**
 * The skilled chair: consults first, builds a broker coalition on the hardest paragraphs, aims each
 * paragraph at the strongest wording whose few objections can be lobbied away (settling for the
 * bridging text once time runs short), and keeps a paragraph with a footnote rather than lose it.
 */
export const skilledChair: Policy = (obs) => {
  const seat = obs.seat;
  const session = obs.session;
  const byImportance = obs.open
    .map((p) => ({ p, dissent: obs.withholders(p) }))
    .sort((a, b) => b.p.importance - a.p.importance || a.dissent.length - b.dissent.length);
  const settling = isSettlingTime(obs);

  // Consult the holdouts first: knowing where the red lines run decides the text. Where half the
  // room holds out, the room's own reaction to a new wording says more, and sooner.
  const consult = (p: (typeof byImportance)[number]): Decision | null => {
    if (p.dissent.length > MANY_HOLDOUTS) return null;
    const id = p.dissent.find((d) => !obs.knows(d, p.p.id));
    return id && obs.canAfford('consult')
      ? { command: { type: 'consult', actor: seat, target: id, paragraph: p.p.id }, why: { code: 'skilled-consult', paragraph: p.p.id } }
      : null;
  };
  const enlist = (p: (typeof byImportance)[number]): Decision | null => {
    if (p.dissent.filter((id) => obs.stance(p.p.id, id) === 'object').length === 0) return null;
    if (obs.brokers.filter((m) => m.paragraph === p.p.id).length >= BROKERS_PER_PARAGRAPH) return null;
    const broker = obs.delegations
      .filter((d) => d.id !== seat && d.broker >= 60 && !obs.walkedOut.includes(d.id) && !p.dissent.includes(d.id))
      .sort((a, b) => b.broker - a.broker)
      .find((b) => !obs.brokers.some((m) => m.broker === b.id && m.paragraph === p.p.id) && !obs.hasDone(`broker:${b.id}:${p.p.id}`));
    return broker && obs.canAfford('enlist-broker')
      ? {
          command: { type: 'enlist-broker', actor: seat, broker: broker.id, paragraph: p.p.id },
          why: { code: 'skilled-enlist', delegations: [broker.id], paragraph: p.p.id },
        }
      : null;
  };

  if (session.kind === 'informal') {
    for (const p of byImportance) {
      const decision = consult(p) ?? enlist(p);
      if (decision) return decision;
    }
    return null;
  }

  // At the final reading, settle every paragraph first, the weightiest first: the bridging text, the
  // call for adoption, a footnote if need be — it must not be the clock that loses a paragraph.
  if (session.kind === 'final-reading') {
    for (const p of byImportance) {
      if (p.dissent.length === 0) continue;
      const target = chairTarget(obs, p.p).variant;
      if (target !== obs.draft(p.p.id).variant && !obs.hasDone(`propose:${p.p.id}:${target}`) && obs.canAfford('propose')) {
        return { command: { type: 'propose', actor: seat, paragraph: p.p.id, variant: target }, why: { code: 'skilled-settle', paragraph: p.p.id, variant: target } };
      }
      if (!obs.hasDone(`adopt:${p.p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.p.id }, why: { code: 'chair-final-reading', paragraph: p.p.id } };
      }
      const decision = closeOut(obs, p.p.id, p.dissent, 'footnote');
      if (decision) return decision;
    }
  }
  // Two passes, nearest agreement first. The cheap one: bank what nobody resists at the wording in
  // reach and table the wording each paragraph should carry. Then the costly one: talk to people.
  const nearest = [...byImportance].sort((a, b) => a.dissent.length - b.dissent.length || b.p.importance - a.p.importance);
  const goals = new Map(
    nearest.map((p) => [
      p.p.id,
      // Ambition is spent where it counts: on the weightier paragraphs, and only while there is time.
      settling || p.p.importance < 3 ? chairTarget(obs, p.p).variant : ambitiousGoal(obs, p.p),
    ]),
  );
  for (const p of nearest) {
    const draft = obs.draft(p.p.id);
    const goal = goals.get(p.p.id)!;
    if (p.dissent.length === 0 && (goal === draft.variant || settling) && !obs.hasDone(`adopt:${p.p.id}`) && obs.canAfford('call-adoption')) {
      return { command: { type: 'call-adoption', actor: seat, paragraph: p.p.id }, why: { code: 'chair-gavels-unopposed', paragraph: p.p.id } };
    }
    if (goal !== draft.variant && !obs.hasDone(`propose:${p.p.id}:${goal}`) && obs.canAfford('propose')) {
      return {
        command: { type: 'propose', actor: seat, paragraph: p.p.id, variant: goal },
        why: settling ? { code: 'skilled-settle', paragraph: p.p.id, variant: goal } : { code: 'chair-no-red-line', paragraph: p.p.id, variant: goal },
      };
    }
  }
  for (const p of nearest) {
    const first = consult(p);
    if (first) return first;
    // Lobby every objection that can be lifted, the likeliest first (by the chair's own estimate).
    const objectors = p.dissent
      .filter((id) => obs.stance(p.p.id, id) === 'object' && !obs.hasDone(`lobby:${id}:${p.p.id}`))
      .map((id) => ({ id, approach: obs.bestApproach(id) }))
      .map((x) => ({ ...x, chance: obs.estimatedChance(x.id, p.p, x.approach) }))
      .sort((a, b) => b.chance - a.chance);
    const best = objectors[0];
    if (best && best.chance >= 25 && obs.canAfford('lobby')) {
      return {
        command: { type: 'lobby', actor: seat, target: best.id, paragraph: p.p.id, approach: best.approach },
        why: { code: 'skilled-lobby', delegations: [best.id], paragraph: p.p.id, chance: best.chance },
      };
    }
    const broker = enlist(p);
    if (broker) return broker;
  }
  return null;
};

/** From the last working session on, a skilled chair stops reaching and settles what it can. */
function isSettlingTime(obs: Observation): boolean {
  if (obs.session.kind !== 'working') return true;
  return !obs.schedule.slice(obs.clock.session + 1).some((x) => x.kind === 'working');
}

/** Objections whose total distance to a reservation (utility −25) is within this reach. */
const REACHABLE_DEFICIT = 40;

/**
 * The strongest wording within reach: no red line known or seen against it, and objections small
 * enough in total that lobbying and brokers may lift them. Falls back to the bridging text.
 */
function ambitiousGoal(obs: Observation, paragraph: Paragraph): string {
  const current = obs.draft(paragraph.id).variant;
  for (const variant of obs.ladder(paragraph)) {
    let deficit = 0;
    let blocked = false;
    let unknown = false;
    for (const d of obs.present) {
      const stance = obs.estimatedStance(d.id, paragraph, variant);
      if (stance === undefined) unknown = true;
      if (stance === 'block') blocked = true;
      if (stance === 'object') {
        const u = obs.estimatedUtility(d.id, paragraph, variant);
        deficit += u !== undefined ? -25 - u : 20;
      }
    }
    if (!blocked && !unknown && deficit <= REACHABLE_DEFICIT) return variant;
    if (variant === current) break;
  }
  return chairTarget(obs, paragraph).variant;
}

/** The reckless chair: tables the strongest text everywhere and calls for adoption at once. */
export const recklessChair: Policy = (obs) => {
  const seat = obs.seat;
  const session = obs.session;
  if (session.kind === 'informal') return null;
  for (const p of obs.open) {
    const strongest = p.variants[0]!.id;
    if (obs.draft(p.id).variant !== strongest && !obs.hasDone(`propose:${p.id}:${strongest}`) && obs.canAfford('propose')) {
      return { command: { type: 'propose', actor: seat, paragraph: p.id, variant: strongest }, why: { code: 'reckless-push', paragraph: p.id } };
    }
    if (!obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
      return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'reckless-push', paragraph: p.id } };
    }
    if (session.kind === 'final-reading') {
      const decision = closeOut(obs, p.id, obs.withholders(p), 'chair-summary');
      if (decision) return decision;
    }
  }
  return null;
};

/** At the final reading: a footnote when few dissent (or the chair's summary when many, or when `prefer` says so). */
function closeOut(obs: Observation, pid: string, dissent: string[], prefer: 'footnote' | 'chair-summary'): Decision | null {
  const draft = obs.draft(pid);
  if (draft.status !== 'open' || dissent.length === 0 || draft.attempts === 0 || !obs.canAfford('record-footnote')) return null;
  const few = dissent.length * 2 < obs.present.length;
  return prefer === 'footnote' && few
    ? { command: { type: 'record-footnote', actor: obs.seat, paragraph: pid }, why: { code: 'skilled-footnote', paragraph: pid } }
    : { command: { type: 'move-to-chair-summary', actor: obs.seat, paragraph: pid }, why: { code: 'chair-summary', paragraph: pid } };
}

/** The delegations a skilled delegation wants to know: the holdouts and waverers on what it cares about most. */
const SKILLED_FOCUS = 3;

/** What the wording on the table of a paragraph is worth to the seat, by its own instructions. */
function worthToMe(obs: Observation, pid: string): number {
  return obs.me.positions[pid]!.utilities[obs.draft(pid).variant] ?? 0;
}

/**
 * The skilled delegation: it learns where the others stand on the paragraphs it cares about most
 * (consulting the holdouts first), keeps its doubts on record (brackets, so a footnote) wherever the
 * text on the table is worth less than nothing to it, never walks out, and otherwise negotiates as a
 * seasoned delegation does (the autopilot's defence, trades, coalition, challenges and dissociation,
 * each appeal made with the approach the other's motives favour) — with its knowledge to aim them.
 */
export const skilledDelegation: Policy = (obs, dice) => {
  const me = obs.me;
  if (obs.session.kind !== 'final-reading' && obs.canAfford('consult')) {
    for (const p of obs.openBySalience.slice(0, SKILLED_FOCUS)) {
      const unknown = obs.withholders(p).find((id) => id !== obs.seat && !obs.knows(id, p.id) && !obs.hasDone(`consult:${id}:${p.id}`));
      if (unknown) return { command: { type: 'consult', actor: obs.seat, target: unknown, paragraph: p.id }, why: { code: 'skilled-consult', paragraph: p.id } };
    }
  }
  // A text it joins but would rather not sign binds it in full: on record apart (a footnote), it binds by half.
  if (obs.session.kind !== 'informal' && me.member && obs.intent.planned === 'negotiated-text') {
    for (const p of obs.openBySalience) {
      const draft = obs.draft(p.id);
      if (worthToMe(obs, p.id) >= 0 || draft.brackets.includes(me.id) || withholdsConsensus(obs.stance(p.id, me.id) ?? 'accept')) continue;
      if (obs.hasDone(`bracket:${p.id}`) || !obs.canAfford('bracket')) continue;
      return { command: { type: 'bracket', actor: me.id, paragraph: p.id }, why: { code: 'footnote-request', paragraph: p.id } };
    }
  }
  const decision = autopilotWith({ ...DEFAULT_PARAMETERS, walkOutChance: 0 })(obs, dice);
  if (decision?.command.type === 'walk-out') return null;
  // Its footnotes stay where the text is against it, the deadline notwithstanding.
  if (decision?.command.type === 'unbracket' && worthToMe(obs, decision.command.paragraph) < 0) return null;
  return decision;
};

/**
 * A skilled delegation answers an offer on its merits, by what the outcome would be worth to it: an
 * appeal makes it readier to join the text on the table, so it gives way only where that text is worth
 * something to it; a linkage makes it readier to join on what it yields and the other on what it gets,
 * so it takes one only where what it gets is worth at least what it yields; a broker's mandate as the
 * autopilot would.
 */
export const skilledAnswer: Policy = (obs, dice) => {
  const offer = obs.offersToMe.find((o) => !obs.walkedOut.includes(o.from));
  if (!offer) return null;
  let accept: boolean;
  if (offer.what === 'lobby') accept = worthToMe(obs, offer.paragraph!) >= 0;
  else if (offer.what === 'linkage') {
    const me = obs.me;
    // The offerer yields on `give`: worth the text there to the seat, if the offerer stood in its way.
    const give = offer.give!;
    const gain = withholdsConsensus(obs.stance(give, offer.from) ?? 'accept') ? me.positions[give]!.salience * Math.max(0, worthToMe(obs, give)) : 0;
    // The seat yields on `get`: it may come to join a text there it would rather stand apart from.
    const get = offer.get!;
    const loss = me.positions[get]!.salience * Math.max(0, -worthToMe(obs, get));
    accept = gain >= loss && obs.trustIn(offer.from) > -40;
  } else return answerOffers(obs, dice);
  return {
    command: { type: 'answer-offer', actor: obs.seat, offer: offer.id, accept },
    why: { code: accept ? 'answer-accept' : 'answer-decline', delegations: [offer.from] },
  };
};

/** A paragraph a delegation cares about, from this salience up (as the autopilot fights for one). */
const CARES_ABOUT = 50;

/** A reckless delegation takes every offer made to it: every appeal, every linkage, every mandate. */
export const recklessAnswer: Policy = (obs) => {
  const offer = obs.offersToMe.find((o) => !obs.walkedOut.includes(o.from));
  if (!offer) return null;
  return { command: { type: 'answer-offer', actor: obs.seat, offer: offer.id, accept: true }, why: { code: 'reckless-push', delegations: [offer.from] } };
};

/**
 * The reckless delegation: it never consults, tables its favourite wording everywhere, presses for
 * adoption at once, leans on the others with bloc pressure (which costs trust when it fails), lifts its
 * own brackets (so no footnote keeps it apart) and walks out at the first provocation: a wording it
 * cannot accept on the table of a paragraph it cares about.
 */
export const recklessDelegation: Policy = (obs) => {
  const me = obs.me;
  if (obs.session.kind === 'informal') return null;
  for (const p of obs.openBySalience) {
    const mine = obs.stance(p.id, me.id);
    if ((mine === 'block' || mine === 'object') && me.positions[p.id]!.salience >= CARES_ABOUT && obs.principalPresent && me.member) {
      return { command: { type: 'walk-out', actor: me.id }, why: { code: 'reckless-push', paragraph: p.id } };
    }
    if (obs.draft(p.id).brackets.includes(me.id) && !obs.hasDone(`unbracket:${p.id}`) && obs.canAfford('unbracket')) {
      return { command: { type: 'unbracket', actor: me.id, paragraph: p.id }, why: { code: 'reckless-push', paragraph: p.id } };
    }
    const favourite = ladderOf(p).reduce((best, v) => ((me.positions[p.id]!.utilities[v] ?? -100) > (me.positions[p.id]!.utilities[best] ?? -100) ? v : best));
    if (favourite !== obs.draft(p.id).variant && !obs.hasDone(`propose:${p.id}:${favourite}`) && obs.canAfford('propose')) {
      return { command: { type: 'propose', actor: me.id, paragraph: p.id, variant: favourite }, why: { code: 'reckless-push', paragraph: p.id } };
    }
    const target = obs.present.find((d) => d.id !== me.id && withholdsConsensus(obs.stance(p.id, d.id) ?? 'accept') && !obs.hasDone(`lobby:${d.id}:${p.id}`));
    if (target && obs.canAfford('lobby')) {
      return { command: { type: 'lobby', actor: me.id, target: target.id, paragraph: p.id, approach: 'bloc-pressure' }, why: { code: 'reckless-push', paragraph: p.id } };
    }
  }
  return null;
};

/** The policy a scripted seat follows: autopilot, or the skilled or reckless chair or delegation. */
export function policyFor(scenario: Scenario, seat: string, name: PolicyName): Policy {
  if (name === 'autopilot') return autopilot;
  const chair = seat === scenario.presidency.chair;
  const strategy = name === 'skilled' ? (chair ? skilledChair : skilledDelegation) : chair ? recklessChair : recklessDelegation;
  // Offers to the seat are answered first: the chair's as the autopilot would (its strategy is about the
  // text), a delegation's on their merits when skilled and all accepted when reckless.
  const answer = chair ? answerOffers : name === 'skilled' ? skilledAnswer : recklessAnswer;
  return (obs, dice) => answer(obs, dice) ?? strategy(obs, dice);
}
