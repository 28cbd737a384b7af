// Scripted strategies a player's seat can follow (for `--policy` and the batch): the autopilot, and for
// the chair a skilled and a reckless way of running the meeting.
import { chooseCommand } from './ai.ts';
import { chairTarget } from './ai-chair.ts';
import { canAfford, hasDone, knows, type Decision, type Policy } from './ai-support.ts';
import { bestApproach, ladderOf, lobbyChance } from './models.ts';
import { presentDelegations, withholders } from './room.ts';
import { indexOf } from './scenario-index.ts';
import type { Paragraph, Scenario } from './scenario-schema.ts';
import { effectiveUtility, stanceCode } from './stance.ts';
import { currentSession, type MeetingState } from './state.ts';

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
export const skilledChair: Policy = (scenario, s, seat) => {
  const session = currentSession(scenario, s)!;
  const ix = indexOf(scenario);
  const chair = ix.delegation.get(seat)!;
  const open = scenario.paragraphs.filter((p) => s.draft[p.id]!.status === 'open');
  const byImportance = open
    .map((p) => ({ p, dissent: withholders(scenario, s, p) }))
    .sort((a, b) => b.p.importance - a.p.importance || a.dissent.length - b.dissent.length);
  const settling = isSettlingTime(scenario, s);

  // Consult the holdouts first: knowing where the red lines run decides the text. Where half the
  // room holds out, the room's own reaction to a new wording says more, and sooner.
  const consult = (p: (typeof byImportance)[number]): Decision | null => {
    if (p.dissent.length > MANY_HOLDOUTS) return null;
    const id = p.dissent.find((d) => !knows(s, seat, d, p.p.id));
    return id && canAfford(s, seat, 'consult')
      ? { command: { type: 'consult', actor: seat, target: id, paragraph: p.p.id }, why: 'consult first: learn every holdout\'s position' }
      : null;
  };
  const enlist = (p: (typeof byImportance)[number]): Decision | null => {
    if (p.dissent.filter((id) => s.stances[p.p.id]![id] === 'object').length === 0) return null;
    if (s.brokers.filter((m) => m.paragraph === p.p.id).length >= BROKERS_PER_PARAGRAPH) return null;
    const broker = scenario.delegations
      .filter((d) => d.id !== seat && d.broker >= 60 && !s.walkedOut.includes(d.id) && !p.dissent.includes(d.id))
      .sort((a, b) => b.broker - a.broker)
      .find((b) => !s.brokers.some((m) => m.broker === b.id && m.paragraph === p.p.id) && !hasDone(s, seat, `broker:${b.id}:${p.p.id}`));
    return broker && canAfford(s, seat, 'enlist-broker')
      ? {
          command: { type: 'enlist-broker', actor: seat, broker: broker.id, paragraph: p.p.id },
          why: `${broker.name} can reach those who object to ${p.p.title}`,
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
      const target = chairTarget(scenario, s, seat, p.p).variant;
      if (target !== s.draft[p.p.id]!.variant && !hasDone(s, seat, `propose:${p.p.id}:${target}`) && canAfford(s, seat, 'propose')) {
        return { command: { type: 'propose', actor: seat, paragraph: p.p.id, variant: target }, why: 'the wording with the fewest red lines against it' };
      }
      if (!hasDone(s, seat, `adopt:${p.p.id}`) && canAfford(s, seat, 'call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.p.id }, why: 'the final reading: put it to the room' };
      }
      const decision = closeOut(scenario, s, seat, p.p.id, p.dissent, 'footnote');
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
      settling || p.p.importance < 3 ? chairTarget(scenario, s, seat, p.p).variant : ambitiousGoal(scenario, s, seat, p.p),
    ]),
  );
  for (const p of nearest) {
    const draft = s.draft[p.p.id]!;
    const goal = goals.get(p.p.id)!;
    if (p.dissent.length === 0 && (goal === draft.variant || settling) && !hasDone(s, seat, `adopt:${p.p.id}`) && canAfford(s, seat, 'call-adoption')) {
      return { command: { type: 'call-adoption', actor: seat, paragraph: p.p.id }, why: 'nobody resists the strongest wording within reach' };
    }
    if (goal !== draft.variant && !hasDone(s, seat, `propose:${p.p.id}:${goal}`) && canAfford(s, seat, 'propose')) {
      return {
        command: { type: 'propose', actor: seat, paragraph: p.p.id, variant: goal },
        why: settling ? 'bridging text: the strongest wording the room can carry' : 'the strongest wording whose few objections can be lobbied away',
      };
    }
  }
  for (const p of nearest) {
    const first = consult(p);
    if (first) return first;
    // Lobby every objection that can be lifted, the likeliest first.
    const objectors = p.dissent
      .filter((id) => s.stances[p.p.id]![id] === 'object' && !hasDone(s, seat, `lobby:${id}:${p.p.id}`))
      .map((id) => ix.delegation.get(id)!)
      .map((d) => ({ d, approach: bestApproach(chair, d) }))
      .map((x) => ({ ...x, chance: lobbyChance(scenario, s, chair, x.d, p.p, x.approach, { player: true }) }))
      .sort((a, b) => b.chance - a.chance);
    const best = objectors[0];
    if (best && best.chance >= 25 && canAfford(s, seat, 'lobby')) {
      return {
        command: { type: 'lobby', actor: seat, target: best.d.id, paragraph: p.p.id, approach: best.approach },
        why: `${best.d.name}'s objection can be lifted (about ${best.chance} in 100)`,
      };
    }
    const broker = enlist(p);
    if (broker) return broker;
  }
  return null;
};

/** From the last working session on, a skilled chair stops reaching and settles what it can. */
function isSettlingTime(scenario: Scenario, s: MeetingState): boolean {
  const session = currentSession(scenario, s)!;
  if (session.kind !== 'working') return true;
  return !scenario.schedule.slice(s.clock.session + 1).some((x) => x.kind === 'working');
}

/** Objections whose total distance to a reservation (effective utility −25) is within this reach. */
const REACHABLE_DEFICIT = 40;

/**
 * The strongest wording within reach: no red line known or seen against it, and objections small
 * enough in total that lobbying and brokers may lift them. Falls back to the bridging text.
 */
function ambitiousGoal(scenario: Scenario, s: MeetingState, seat: string, paragraph: Paragraph): string {
  const present = presentDelegations(scenario, s);
  const reactions = s.reactions[paragraph.id] ?? {};
  const current = s.draft[paragraph.id]!.variant;
  const knownAt = present.map((d) => knows(s, seat, d.id, paragraph.id));
  for (const variant of ladderOf(paragraph)) {
    const seen = variant === current ? s.stances[paragraph.id] : reactions[variant];
    let deficit = 0;
    let blocked = false;
    let unknown = false;
    for (let i = 0; i < present.length; i++) {
      const d = present[i]!;
      const known = knownAt[i]!;
      const stance = known ? stanceCode(scenario, s, d, paragraph, variant) : seen?.[d.id];
      if (!known && !seen) unknown = true;
      if (stance === 'block') blocked = true;
      if (stance === 'object') deficit += known ? -25 - effectiveUtility(scenario, s, d, paragraph, variant) : 20;
    }
    if (!blocked && !unknown && deficit <= REACHABLE_DEFICIT) return variant;
    if (variant === current) break;
  }
  return chairTarget(scenario, s, seat, paragraph).variant;
}

/** The reckless chair: tables the strongest text everywhere and calls for adoption at once. */
export const recklessChair: Policy = (scenario, s, seat) => {
  const session = currentSession(scenario, s)!;
  if (session.kind === 'informal') return null;
  for (const p of scenario.paragraphs) {
    if (s.draft[p.id]!.status !== 'open') continue;
    const strongest = p.variants[0]!.id;
    if (s.draft[p.id]!.variant !== strongest && !hasDone(s, seat, `propose:${p.id}:${strongest}`) && canAfford(s, seat, 'propose')) {
      return { command: { type: 'propose', actor: seat, paragraph: p.id, variant: strongest }, why: 'the strongest text, no compromise' };
    }
    if (!hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
      return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: 'put it to the room at once' };
    }
    if (session.kind === 'final-reading') {
      const decision = closeOut(scenario, s, seat, p.id, withholders(scenario, s, p), 'chair-summary');
      if (decision) return decision;
    }
  }
  return null;
};

/** At the final reading: a footnote when few dissent (or the chair's summary when many, or when `prefer` says so). */
function closeOut(
  scenario: Scenario,
  s: MeetingState,
  seat: string,
  pid: string,
  dissent: string[],
  prefer: 'footnote' | 'chair-summary',
): Decision | null {
  const draft = s.draft[pid]!;
  if (draft.status !== 'open' || dissent.length === 0 || draft.attempts === 0 || !canAfford(s, seat, 'record-footnote')) return null;
  const few = dissent.length * 2 < presentDelegations(scenario, s).length;
  return prefer === 'footnote' && few
    ? { command: { type: 'record-footnote', actor: seat, paragraph: pid }, why: 'a footnote keeps the paragraph rather than losing it' }
    : { command: { type: 'move-to-chair-summary', actor: seat, paragraph: pid }, why: 'no consensus: the chair keeps it on its own authority' };
}

/** The policy a scripted seat follows; skilled and reckless exist for the chair only. */
export function policyFor(scenario: Scenario, seat: string, name: PolicyName): Policy {
  if (name === 'autopilot') return chooseCommand;
  if (seat !== scenario.presidency.chair) throw new Error(`the ${name} policy is written for the chair role`);
  return name === 'skilled' ? skilledChair : recklessChair;
}
