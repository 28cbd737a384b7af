// The chair on autopilot: it holds the pen, gavels through what nobody resists, builds up from what is
// nearest agreement, takes up brokers' bridging text, and at the final reading footnotes what it cannot
// save — all from its own observation: what it consulted, and what the room showed.
import type { Observation } from '../domain/observation.ts';
import type { Paragraph } from '../domain/scenario-schema.ts';
import { withholdsConsensus } from '../domain/stance.ts';
import type { Dice } from '../rng/index.ts';
import type { AiParameters } from './parameters.ts';
import type { Decision } from './support.ts';

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
export function chairTarget(obs: Observation, paragraph: Paragraph): TargetForecast {
  const present = obs.present;
  const draft = obs.draft(paragraph.id);
  const bridges = draft.amendments
    .filter((a) => (obs.delegation(a.by)?.broker ?? 0) >= SEASONED_BROKER && !obs.reaction(paragraph.id, a.variant))
    .map((a) => a.variant);
  let hopeful: TargetForecast | null = null;
  let best: TargetForecast = { variant: draft.variant, blockers: Infinity, holdouts: Infinity };
  const ladder = obs.ladder(paragraph);
  const positions = present.map((d) => obs.position(d.id, paragraph.id));
  const mine = obs.me.positions[paragraph.id]!;
  for (const variant of ladder) {
    // The presidency never tables a wording its own delegation rules out.
    if (mine.redLines.includes(variant)) continue;
    let blockers = 0;
    let holdouts = 0;
    let unknown = 0;
    for (let i = 0; i < present.length; i++) {
      const d = present[i]!;
      const stance = obs.estimatedStance(d.id, paragraph, variant, positions[i] ?? null);
      if (stance === undefined) unknown++;
      else if (stance === 'block') blockers++;
      if (stance !== undefined && withholdsConsensus(stance)) holdouts++;
    }
    const forecast = { variant, blockers, holdouts };
    if (holdouts === 0 && unknown === 0) return forecast;
    if (holdouts === 0 && hopeful === null) hopeful = forecast;
    if (blockers < best.blockers || (blockers === best.blockers && holdouts < best.holdouts)) best = forecast;
  }
  const bridge = bridges.filter((v) => !mine.redLines.includes(v)).sort((a, b) => ladder.indexOf(a) - ladder.indexOf(b))[0];
  if (bridge !== undefined) return { variant: bridge, blockers: 0, holdouts: 0 };
  return hopeful ?? best;
}

/** The autopilot chair's next move. */
export function chairDecision(obs: Observation, dice: Dice, params: AiParameters): Decision | null {
  const seat = obs.seat;
  const session = obs.session;
  const open = obs.open;
  const intent = obs.intent;

  // A presidency that decided on a chair's summary or statement in advance negotiates no text: it
  // listens, and records as decided only what every member present actively wants (Rio 2024: a second
  // meeting at the UN); the rest it sums up on its own authority.
  if (intent.planned !== 'negotiated-text' && session.kind !== 'informal') {
    for (const p of open) {
      const wanted = obs.present.every((d) => !d.member || obs.stance(p.id, d.id) === 'support');
      if (wanted && !obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'chair-gavels-unopposed', paragraph: p.id } };
      }
    }
  }
  if (session.kind === 'informal' || intent.planned !== 'negotiated-text') {
    // Over dinner the chair sounds out the few who resist the draft on the weightiest paragraphs.
    const byImportance = [...open].sort((a, b) => b.importance - a.importance);
    for (const p of byImportance) {
      const dissent = obs.withholders(p);
      if (dissent.length > FEW_HOLDOUTS) continue;
      for (const id of dissent) {
        if (!obs.knows(id, p.id) && obs.canAfford('consult')) {
          return { command: { type: 'consult', actor: seat, target: id, paragraph: p.id }, why: { code: 'chair-sounds-out', paragraph: p.id } };
        }
      }
    }
    return null;
  }

  // Gavel through what nobody resists. A patient chair holds the pen while members voice reservations
  // the final reading may lift (an adopted paragraph is never reopened, and its footnotes stay); a
  // presidency adopting early, or any chair at the final reading, gavels them in.
  const early = intent.adoption === 'early';
  const gavelAll = params.gavelWithReservations || early || session.kind === 'final-reading';
  for (const p of open) {
    if (obs.withholders(p).length > 0 || obs.hasDone(`adopt:${p.id}`) || !obs.canAfford('call-adoption')) continue;
    if (!gavelAll && obs.present.some((d) => obs.stance(p.id, d.id) === 'reserve')) continue;
    return {
      command: { type: 'call-adoption', actor: seat, paragraph: p.id },
      why: { code: early && session.kind !== 'final-reading' ? 'chair-early-adoption' : 'chair-gavels-unopposed', paragraph: p.id },
    };
  }

  // Then build up from what is nearest agreement: fewest holdouts first, weightier paragraphs first among equals.
  const contested = open
    .map((p) => ({ p, dissent: obs.withholders(p) }))
    .filter((x) => x.dissent.length > 0)
    .sort((a, b) => a.dissent.length - b.dissent.length || b.p.importance - a.p.importance);
  for (const { p, dissent } of contested) {
    // A presidency keeping its text never waters it down for a holdout or two: it works on them, and at
    // the final reading puts the text to the room and lets them dissociate.
    // Only a holdout that blocks (a red line it will not lift) is left to dissociate; an objection is negotiated.
    const keep = intent.resolve === 'keep-text' && dissent.length <= params.keepTextHoldouts && dissent.every((id) => obs.stance(p.id, id) === 'block');
    if (keep && session.kind === 'final-reading') {
      if (!obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'chair-keeps-text', paragraph: p.id, count: dissent.length } };
      }
      continue;
    }
    const few = dissent.length <= FEW_HOLDOUTS;
    if (few) {
      for (const id of dissent) {
        if (!obs.knows(id, p.id) && obs.canAfford('consult')) {
          return {
            command: { type: 'consult', actor: seat, target: id, paragraph: p.id },
            why: { code: 'chair-asks-holdouts', paragraph: p.id, count: dissent.length },
          };
        }
      }
    }
    const draft = obs.draft(p.id);
    // The target is worked out only when the chair could table it: it serves nothing else here.
    const target = obs.canAfford('propose') && !keep ? chairTarget(obs, p) : null;
    if (target && target.variant !== draft.variant && !obs.hasDone(`propose:${p.id}:${target.variant}`)) {
      const broker = draft.amendments.find((a) => a.variant === target.variant && (obs.delegation(a.by)?.broker ?? 0) >= SEASONED_BROKER);
      const why: Decision['why'] = broker
        ? { code: 'chair-takes-up-bridge', delegations: [broker.by], paragraph: p.id, variant: target.variant }
        : target.holdouts === 0
          ? { code: 'chair-strongest-unopposed', paragraph: p.id, variant: target.variant }
          : target.blockers === 0
            ? { code: 'chair-no-red-line', paragraph: p.id, variant: target.variant }
            : { code: 'chair-fewest-red-lines', paragraph: p.id, variant: target.variant };
      return { command: { type: 'propose', actor: seat, paragraph: p.id, variant: target.variant }, why };
    }
    // Only objectors whose red lines the chair knows, and knows not to cover this wording, are worth the time.
    const movable = few
      ? dissent.filter(
          (id) =>
            obs.stance(p.id, id) === 'object' &&
            !obs.hasDone(`lobby:${id}:${p.id}`) &&
            !(obs.position(id, p.id)?.redLines.includes(draft.variant) ?? false),
        )
      : [];
    if (movable.length > 0 && obs.canAfford('lobby')) {
      const id = dice.pick(movable)!;
      return {
        command: { type: 'lobby', actor: seat, target: id, paragraph: p.id, approach: obs.bestApproach(id) },
        why: { code: 'chair-lobbies-objector', delegations: [id], paragraph: p.id },
      };
    }
    if (session.kind === 'final-reading') {
      if (!obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'chair-final-reading', paragraph: p.id } };
      }
      if (draft.attempts > 0 && obs.canAfford('record-footnote')) {
        const footnote = dissent.length * 2 < obs.present.length;
        return footnote
          ? { command: { type: 'record-footnote', actor: seat, paragraph: p.id }, why: { code: 'chair-footnote', paragraph: p.id } }
          : { command: { type: 'move-to-chair-summary', actor: seat, paragraph: p.id }, why: { code: 'chair-summary', paragraph: p.id } };
      }
    }
  }
  return null;
}
