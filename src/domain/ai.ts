// The autopilot: the next command an AI seat gives, chosen among the same commands a player has.
// A deliberately simple policy — the chair holds the pen, delegations defend their salient paragraphs.
import { roll } from '../rng/index.ts';
import { COMMAND_MINUTES, type Command } from './commands.ts';
import { indexOf, sharesBloc } from './scenario-index.ts';
import { DROPPED, type Delegation, type Paragraph, type Scenario } from './scenario-schema.ts';
import { stanceCode, withholdsConsensus } from './stance.ts';
import { currentSession, type MeetingState, type Stance } from './state.ts';
import { bestApproach, presentDelegations, withholders } from './room.ts';

/** A non-chair AI delegation takes at most this many initiatives per slot. */
const DELEGATION_INITIATIVES = 3;

/**
 * The next command an AI seat gives, or null when it has nothing more to do this slot. Draws advance
 * `s.rng`: call it only while applying a command (the close of a slot), never from outside the engine.
 */
export function chooseCommand(scenario: Scenario, s: MeetingState, seat: string): Command | null {
  if (s.closed || s.paused) return null;
  return seat === scenario.presidency.chair ? decideAsChair(scenario, s, seat) : decideAsDelegation(scenario, s, seat);
}

/**
 * What the autopilot would do in `seat` now, without changing `s` — for a scripted player or a hint.
 * Its draws come from a copy of the AI stream, so asking never alters the game.
 */
export function decide(scenario: Scenario, s: MeetingState, seat: string): Command | null {
  return chooseCommand(scenario, { ...s, rng: { ...s.rng, ai: { ...s.rng.ai } } }, seat);
}

function hasDone(s: MeetingState, seat: string, key: string): boolean {
  return s.doneThisSlot.includes(`${seat}:${key}`);
}

function canAfford(s: MeetingState, seat: string, type: Command['type']): boolean {
  return (s.minutesLeft[seat] ?? 0) >= COMMAND_MINUTES[type];
}

function knows(s: MeetingState, seat: string, target: string, pid: string): boolean {
  return seat === target || s.known[seat]!.includes(`${target}/${pid}`);
}

function ladderOf(paragraph: Paragraph): string[] {
  return [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
}

/**
 * The wording the chair aims for: the strongest one nobody is expected to withhold consensus from
 * (the highest common denominator); failing that, the one with the fewest red lines against it, then
 * the fewest holdouts — objections can be lobbied away, red lines cannot.
 * Predictions use only what the chair knows: positions it consulted, then how the room reacted when a
 * wording was last on the table; of a wording never tabled it hopes for the best.
 */
export function chairTarget(scenario: Scenario, s: MeetingState, seat: string, paragraph: Paragraph): string {
  const present = presentDelegations(scenario, s);
  const current = s.draft[paragraph.id]!.variant;
  const reactions = s.reactions[paragraph.id] ?? {};
  let best = current;
  let bestScore = Infinity;
  for (const variant of ladderOf(paragraph)) {
    const seen = reactions[variant];
    let blockers = 0;
    let holdouts = 0;
    for (const d of present) {
      let stance: Stance | undefined;
      if (knows(s, seat, d.id, paragraph.id)) stance = stanceCode(scenario, s, d, paragraph, variant);
      else if (variant === current) stance = s.stances[paragraph.id]![d.id];
      else stance = seen?.[d.id];
      if (stance === 'block') blockers++;
      if (stance !== undefined && withholdsConsensus(stance)) holdouts++;
    }
    if (holdouts === 0) return variant;
    const score = blockers * 1000 + holdouts;
    if (score < bestScore) {
      best = variant;
      bestScore = score;
    }
  }
  return best;
}

/** With this many holdouts or fewer the chair talks to each; with more, the wording itself must change. */
const FEW_HOLDOUTS = 3;

function decideAsChair(scenario: Scenario, s: MeetingState, seat: string): Command | null {
  const session = currentSession(scenario, s)!;
  const open = scenario.paragraphs.filter((p) => s.draft[p.id]!.status === 'open');

  if (session.kind === 'informal') {
    // Over dinner the chair sounds out the few who resist the draft on the weightiest paragraphs.
    const byImportance = [...open].sort((a, b) => b.importance - a.importance);
    for (const p of byImportance) {
      const dissent = withholders(scenario, s, p);
      if (dissent.length > FEW_HOLDOUTS) continue;
      for (const id of dissent) {
        if (!knows(s, seat, id, p.id) && canAfford(s, seat, 'consult')) return { type: 'consult', actor: seat, target: id, paragraph: p.id };
      }
    }
    return null;
  }

  // First gavel through everything nobody resists: it costs little and cannot be reopened.
  for (const p of open) {
    if (withholders(scenario, s, p).length === 0 && !hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
      return { type: 'call-adoption', actor: seat, paragraph: p.id };
    }
  }

  // Then build up from what is nearest agreement: fewest holdouts first, weightier paragraphs first among equals.
  const contested = open
    .map((p) => ({ p, dissent: withholders(scenario, s, p) }))
    .filter((x) => x.dissent.length > 0)
    .sort((a, b) => a.dissent.length - b.dissent.length || b.p.importance - a.p.importance);
  const chair = indexOf(scenario).delegation.get(seat)!;
  for (const { p, dissent } of contested) {
    const few = dissent.length <= FEW_HOLDOUTS;
    if (few) {
      for (const id of dissent) {
        if (!knows(s, seat, id, p.id) && canAfford(s, seat, 'consult')) return { type: 'consult', actor: seat, target: id, paragraph: p.id };
      }
    }
    const target = chairTarget(scenario, s, seat, p);
    if (target !== s.draft[p.id]!.variant && !hasDone(s, seat, `propose:${p.id}:${target}`) && canAfford(s, seat, 'propose')) {
      return { type: 'propose', actor: seat, paragraph: p.id, variant: target };
    }
    const movable = few ? dissent.filter((id) => s.stances[p.id]![id]! === 'object' && !hasDone(s, seat, `lobby:${id}:${p.id}`)) : [];
    if (movable.length > 0 && canAfford(s, seat, 'lobby')) {
      const id = roll(s.rng, 'ai', (dice) => dice.pick(movable))!;
      const target = indexOf(scenario).delegation.get(id)!;
      return { type: 'lobby', actor: seat, target: id, paragraph: p.id, approach: bestApproach(chair, target) };
    }
    if (session.kind === 'final-reading') {
      const draft = s.draft[p.id]!;
      if (!hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
        return { type: 'call-adoption', actor: seat, paragraph: p.id };
      }
      if (draft.attempts > 0 && canAfford(s, seat, 'record-footnote')) {
        const footnote = dissent.length * 2 < presentDelegations(scenario, s).length;
        return { type: footnote ? 'record-footnote' : 'move-to-chair-summary', actor: seat, paragraph: p.id };
      }
    }
  }
  return null;
}

function decideAsDelegation(scenario: Scenario, s: MeetingState, seat: string): Command | null {
  const ix = indexOf(scenario);
  const me = ix.delegation.get(seat)!;
  const session = currentSession(scenario, s)!;
  const initiatives = s.doneThisSlot.filter((k) => k.startsWith(`${seat}:`)).length;
  if (initiatives >= DELEGATION_INITIATIVES) return null;

  const open = scenario.paragraphs
    .filter((p) => s.draft[p.id]!.status === 'open')
    .sort((a, b) => me.positions[b.id]!.salience - me.positions[a.id]!.salience);

  for (const p of open) {
    const mine = s.stances[p.id]![seat]!;
    if (mine === 'reserve' || mine === 'object' || mine === 'block') {
      // Table the wording it likes best among those it does not itself rule out.
      const preferred = preferredVariant(me, p);
      const tabled = s.draft[p.id]!.amendments.some((a) => a.by === seat && a.variant === preferred);
      if (session.kind !== 'informal' && preferred !== s.draft[p.id]!.variant && !tabled && canAfford(s, seat, 'propose')) {
        return { type: 'propose', actor: seat, paragraph: p.id, variant: preferred };
      }
      continue;
    }
    if (mine !== 'support' || me.positions[p.id]!.salience < 50) continue;
    // Defend a text it supports by working on those who object and might listen.
    const candidates = presentDelegations(scenario, s).filter(
      (d) =>
        d.id !== seat &&
        s.stances[p.id]![d.id]! === 'object' &&
        (s.trust[d.id]?.[seat] ?? 0) >= 0 &&
        !hasDone(s, seat, `lobby:${d.id}:${p.id}`),
    );
    if (candidates.length > 0 && canAfford(s, seat, 'lobby')) {
      const target = roll(s.rng, 'ai', (dice) => dice.weighted(candidates, (d) => 1 + (sharesBloc(me, d) ? 2 : 0)))!;
      return { type: 'lobby', actor: seat, target: target.id, paragraph: p.id, approach: bestApproach(me, target) };
    }
  }
  return null;
}

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
