// The chair on autopilot: it holds the pen, gavels through what nobody resists, builds up from what is
// nearest agreement, takes up brokers' bridging text, and at the final reading footnotes what it cannot save.
import { roll } from '../rng/index.ts';
import { canAfford, hasDone, knows, type Decision } from './ai-support.ts';
import { bestApproach, ladderOf } from './models.ts';
import { presentDelegations, withholders } from './room.ts';
import { indexOf } from './scenario-index.ts';
import type { Paragraph, Scenario } from './scenario-schema.ts';
import { stanceCode, withholdsConsensus } from './stance.ts';
import { currentSession, type MeetingState, type Stance } from './state.ts';

/** With this many holdouts or fewer the chair talks to each; with more, the wording itself must change. */
export const FEW_HOLDOUTS = 3;
/** A delegation with at least this broker score is trusted to know where the red lines run. */
export const SEASONED_BROKER = 60;

export interface TargetForecast {
  variant: string;
  blockers: number;
  holdouts: number;
}

/**
 * The wording the chair aims for: the strongest one nobody is expected to withhold consensus from
 * (the highest common denominator); failing that, the one with the fewest red lines against it, then
 * the fewest holdouts — objections can be lobbied away, red lines cannot.
 * Predictions use only what the chair knows: positions it consulted, then how the room reacted when a
 * wording was last on the table. A wording certain to carry the room wins outright; next comes bridging
 * text a seasoned broker has tabled and the room has not yet seen; of any other wording never tabled
 * the chair hopes for the best.
 */
export function chairTarget(scenario: Scenario, s: MeetingState, seat: string, paragraph: Paragraph): TargetForecast {
  const present = presentDelegations(scenario, s);
  const draft = s.draft[paragraph.id]!;
  const reactions = s.reactions[paragraph.id] ?? {};
  const ix = indexOf(scenario);
  const bridges = draft.amendments
    .filter((a) => (ix.delegation.get(a.by)?.broker ?? 0) >= SEASONED_BROKER && !reactions[a.variant])
    .map((a) => a.variant);
  let hopeful: TargetForecast | null = null;
  let best: TargetForecast = { variant: draft.variant, blockers: Infinity, holdouts: Infinity };
  const known = present.map((d) => knows(s, seat, d.id, paragraph.id));
  for (const variant of ladderOf(paragraph)) {
    const seen = reactions[variant];
    let blockers = 0;
    let holdouts = 0;
    let unknown = 0;
    for (let i = 0; i < present.length; i++) {
      const d = present[i]!;
      let stance: Stance | undefined;
      if (known[i]) stance = stanceCode(scenario, s, d, paragraph, variant);
      else if (variant === draft.variant) stance = s.stances[paragraph.id]![d.id];
      else stance = seen?.[d.id];
      if (stance === undefined && !seen) unknown++;
      if (stance === 'block') blockers++;
      if (stance !== undefined && withholdsConsensus(stance)) holdouts++;
    }
    const forecast = { variant, blockers, holdouts };
    if (holdouts === 0 && unknown === 0) return forecast;
    if (holdouts === 0 && hopeful === null) hopeful = forecast;
    if (blockers < best.blockers || (blockers === best.blockers && holdouts < best.holdouts)) best = forecast;
  }
  const bridge = bridges.sort((a, b) => ladderOf(paragraph).indexOf(a) - ladderOf(paragraph).indexOf(b))[0];
  if (bridge !== undefined) return { variant: bridge, blockers: 0, holdouts: 0 };
  return hopeful ?? best;
}

/** The autopilot chair's next move. */
export function chairDecision(scenario: Scenario, s: MeetingState, seat: string): Decision | null {
  const session = currentSession(scenario, s)!;
  const ix = indexOf(scenario);
  const open = scenario.paragraphs.filter((p) => s.draft[p.id]!.status === 'open');

  if (session.kind === 'informal') {
    // Over dinner the chair sounds out the few who resist the draft on the weightiest paragraphs.
    const byImportance = [...open].sort((a, b) => b.importance - a.importance);
    for (const p of byImportance) {
      const dissent = withholders(scenario, s, p);
      if (dissent.length > FEW_HOLDOUTS) continue;
      for (const id of dissent) {
        if (!knows(s, seat, id, p.id) && canAfford(s, seat, 'consult')) {
          return {
            command: { type: 'consult', actor: seat, target: id, paragraph: p.id },
            why: `the chair sounds out one of the few holdouts on ${p.title} before the text is tabled`,
          };
        }
      }
    }
    return null;
  }

  // First gavel through everything nobody resists: it costs little and cannot be reopened.
  for (const p of open) {
    if (withholders(scenario, s, p).length === 0 && !hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
      return {
        command: { type: 'call-adoption', actor: seat, paragraph: p.id },
        why: 'nobody objects, so the chair secures it before it can be reopened',
      };
    }
  }

  // Then build up from what is nearest agreement: fewest holdouts first, weightier paragraphs first among equals.
  const contested = open
    .map((p) => ({ p, dissent: withholders(scenario, s, p) }))
    .filter((x) => x.dissent.length > 0)
    .sort((a, b) => a.dissent.length - b.dissent.length || b.p.importance - a.p.importance);
  const chair = ix.delegation.get(seat)!;
  for (const { p, dissent } of contested) {
    const few = dissent.length <= FEW_HOLDOUTS;
    if (few) {
      for (const id of dissent) {
        if (!knows(s, seat, id, p.id) && canAfford(s, seat, 'consult')) {
          return {
            command: { type: 'consult', actor: seat, target: id, paragraph: p.id },
            why: `only ${dissent.length} ${dissent.length === 1 ? 'delegation holds' : 'delegations hold'} out, so the chair asks what it would take`,
          };
        }
      }
    }
    const target = chairTarget(scenario, s, seat, p);
    const draft = s.draft[p.id]!;
    if (target.variant !== draft.variant && !hasDone(s, seat, `propose:${p.id}:${target.variant}`) && canAfford(s, seat, 'propose')) {
      const broker = draft.amendments.find((a) => a.variant === target.variant && (ix.delegation.get(a.by)?.broker ?? 0) >= SEASONED_BROKER);
      const why = broker
        ? `it takes up ${ix.delegation.get(broker.by)!.name}'s bridging text`
        : target.holdouts === 0
          ? 'it is the strongest wording nobody is expected to oppose'
          : target.blockers === 0
            ? 'no red line stands against it, and the remaining objections can be worked on'
            : 'it is the wording with the fewest red lines against it';
      return { command: { type: 'propose', actor: seat, paragraph: p.id, variant: target.variant }, why };
    }
    const movable = few ? dissent.filter((id) => s.stances[p.id]![id] === 'object' && !hasDone(s, seat, `lobby:${id}:${p.id}`)) : [];
    if (movable.length > 0 && canAfford(s, seat, 'lobby')) {
      const id = roll(s.rng, 'ai', (dice) => dice.pick(movable))!;
      const target = ix.delegation.get(id)!;
      return {
        command: { type: 'lobby', actor: seat, target: id, paragraph: p.id, approach: bestApproach(chair, target) },
        why: `${target.name} objects but has no red line here`,
      };
    }
    if (session.kind === 'final-reading') {
      if (!hasDone(s, seat, `adopt:${p.id}`) && canAfford(s, seat, 'call-adoption')) {
        return {
          command: { type: 'call-adoption', actor: seat, paragraph: p.id },
          why: 'the final reading: every paragraph must be put to the room',
        };
      }
      if (draft.attempts > 0 && canAfford(s, seat, 'record-footnote')) {
        const footnote = dissent.length * 2 < presentDelegations(scenario, s).length;
        return footnote
          ? {
              command: { type: 'record-footnote', actor: seat, paragraph: p.id },
              why: 'most members agree, so the text stays with a footnote naming those who do not',
            }
          : {
              command: { type: 'move-to-chair-summary', actor: seat, paragraph: p.id },
              why: 'too many disagree for a footnote; the chair keeps the text on its own authority',
            };
      }
    }
  }
  return null;
}
