// Scripted strategies a player's seat can follow (for `--policy` and the batch): the autopilot, and for
// the chair a skilled and a reckless way of running the meeting.
import { chooseCommand } from './ai.ts';
import { chairTarget } from './ai-chair.ts';
import { canAfford, hasDone, knows, type Decision, type Policy } from './ai-support.ts';
import { bestApproach, lobbyChance } from './models.ts';
import { presentDelegations, withholders } from './room.ts';
import { indexOf } from './scenario-index.ts';
import type { Scenario } from './scenario-schema.ts';
import { currentSession, type MeetingState } from './state.ts';

export const POLICY_NAMES = ['autopilot', 'skilled', 'reckless'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Beyond this many holdouts on a paragraph, a skilled chair reads the room instead of consulting each. */
const MANY_HOLDOUTS = 6;
/** The brokers a skilled chair enlists, best first, at most this many per paragraph. */
const BROKERS_PER_PARAGRAPH = 2;

/**
 * The skilled chair: consults first, builds a broker coalition on the hardest paragraphs, drafts
 * bridging text from what it has learnt, lobbies every objection it can lift, and keeps a paragraph
 * with a footnote rather than lose it.
 */
export const skilledChair: Policy = (scenario, s, seat) => {
  const session = currentSession(scenario, s)!;
  const ix = indexOf(scenario);
  const chair = ix.delegation.get(seat)!;
  const open = scenario.paragraphs.filter((p) => s.draft[p.id]!.status === 'open');
  const contested = open
    .map((p) => ({ p, dissent: withholders(scenario, s, p) }))
    .filter((x) => x.dissent.length > 0)
    .sort((a, b) => b.p.importance - a.p.importance || a.dissent.length - b.dissent.length);

  // Consult the holdouts before anything else: knowing where the red lines run decides the text.
  // Where half the room holds out, the room's own reaction to a new wording says more, and sooner.
  for (const { p, dissent } of contested) {
    if (dissent.length > MANY_HOLDOUTS) continue;
    for (const id of dissent) {
      if (!knows(s, seat, id, p.id) && canAfford(s, seat, 'consult')) {
        return { command: { type: 'consult', actor: seat, target: id, paragraph: p.id }, why: 'consult first: learn every holdout\'s position' };
      }
    }
  }
  // A broker coalition: the most trusted bridge-builders work the paragraphs with objections to lift.
  const brokers = scenario.delegations
    .filter((d) => d.id !== seat && d.broker >= 60 && !s.walkedOut.includes(d.id))
    .sort((a, b) => b.broker - a.broker);
  for (const { p, dissent } of contested) {
    if (!dissent.some((id) => s.stances[p.id]![id] === 'object')) continue;
    const enlisted = s.brokers.filter((m) => m.paragraph === p.id).length;
    if (enlisted >= BROKERS_PER_PARAGRAPH) continue;
    const broker = brokers.find(
      (b) => !dissent.includes(b.id) && !s.brokers.some((m) => m.broker === b.id && m.paragraph === p.id) && !hasDone(s, seat, `broker:${b.id}:${p.id}`),
    );
    if (broker && canAfford(s, seat, 'enlist-broker')) {
      return {
        command: { type: 'enlist-broker', actor: seat, broker: broker.id, paragraph: p.id },
        why: `${broker.name} can reach those who object to ${p.title}`,
      };
    }
  }
  if (session.kind === 'informal') return null;

  for (const p of open) {
    if (withholders(scenario, s, p).length === 0 && !hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
      return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: 'bank what nobody resists' };
    }
  }
  for (const { p, dissent } of contested) {
    const target = chairTarget(scenario, s, seat, p);
    if (target.variant !== s.draft[p.id]!.variant && !hasDone(s, seat, `propose:${p.id}:${target.variant}`) && canAfford(s, seat, 'propose')) {
      return {
        command: { type: 'propose', actor: seat, paragraph: p.id, variant: target.variant },
        why: 'bridging text: the strongest wording the consultations say the room can carry',
      };
    }
    // Lobby every objection that can be lifted, the likeliest first.
    const objectors = dissent
      .filter((id) => s.stances[p.id]![id] === 'object' && !hasDone(s, seat, `lobby:${id}:${p.id}`))
      .map((id) => ix.delegation.get(id)!)
      .map((d) => ({ d, approach: bestApproach(chair, d) }))
      .map((x) => ({ ...x, chance: lobbyChance(scenario, s, chair, x.d, p, x.approach, { player: true }) }))
      .sort((a, b) => b.chance - a.chance);
    const first = objectors[0];
    if (first && first.chance >= 25 && canAfford(s, seat, 'lobby')) {
      return {
        command: { type: 'lobby', actor: seat, target: first.d.id, paragraph: p.id, approach: first.approach },
        why: `${first.d.name}'s objection can be lifted (about ${first.chance} in 100)`,
      };
    }
    if (session.kind === 'final-reading') {
      if (!hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: 'the final reading: put it to the room' };
      }
      const decision = closeOut(scenario, s, seat, p.id, dissent, 'footnote');
      if (decision) return decision;
    }
  }
  return null;
};

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
