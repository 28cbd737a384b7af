// The chair on autopilot: it holds the pen, steers each paragraph to the wording it prefers among those
// the room can accept, closes before the final reading only what nobody doubts (unless the presidency
// adopts early), builds up from what is nearest agreement, takes up brokers' bridging text, keeps its
// text against a lone red line when it means to, and at the final reading footnotes what it cannot
// save — all from its own observation: what it consulted, and what the room showed.
import type { Observation } from '../domain/observation.ts';
import type { Paragraph, Position } from '../domain/scenario-schema.ts';
import { stanceFrom, withholdsConsensus } from '../domain/stance.ts';
import type { Stance } from '../domain/state.ts';
import type { Dice } from '../rng/index.ts';
import { DEFAULT_PARAMETERS, type AiParameters } from './parameters.ts';
import type { Decision } from './support.ts';
import { kept, mapped } from '../domain/arrays.ts';

/** With this many holdouts or fewer the chair talks to each; with more, the wording itself must change. */
export const FEW_HOLDOUTS = 3;
/** A delegation with at least this broker score is trusted to know where the red lines run. */
export const SEASONED_BROKER = 60;

export interface TargetForecast {
  variant: string;
  blockers: number;
  holdouts: number;
  /**
   * Why this wording: the presidency keeps its own text against a lone red line (`keep`), nobody is
   * expected to oppose it (`certain`), nobody known to (`hopeful`: tabling it will tell), a seasoned
   * broker's bridge (`bridge`), or the least opposed of the rest (`best`).
   */
  kind: 'keep' | 'certain' | 'hopeful' | 'bridge' | 'best';
}

/**
 * The stances the chair expects of the delegations at the table at the final reading, where the text
 * is adopted, in the order of `present`: what one voiced on the draft if that joins consensus; what its
 * consulted position implies under the deadline's pull (a public rule); how it reacted when the wording
 * was last tabled; otherwise unknown.
 */
function expectedAtClose(obs: Observation, p: Paragraph, variant: string, positions: readonly (Position | null)[]): (Stance | undefined)[] {
  const draft = obs.draft(p.id);
  const voiced = variant === draft.variant ? obs.stancesOn(p.id) : undefined;
  const present = obs.present;
  let seen: (Stance | undefined)[] | undefined;
  const out = new Array<Stance | undefined>(present.length);
  for (let i = 0; i < present.length; i++) {
    const id = present[i]!.id;
    const said = voiced?.[id];
    if (said !== undefined && !withholdsConsensus(said)) out[i] = said;
    else {
      const position = positions[i];
      if (position) {
        const flex = id === obs.seat ? obs.ownFlexibility(p.id) : 0;
        out[i] = stanceFrom(position, variant, flex, true, draft.brackets.includes(id));
      } else out[i] = (seen ??= obs.estimatedStances(p, variant, positions))[i];
    }
  }
  return out;
}

/**
 * The wording the chair aims for. The pen holder steers within the zone of agreement towards its own
 * preference (Tallberg, "The Power of the Chair", 2010: a chair's control of the text and its
 * knowledge of the room let it pick, among the outcomes all can accept, the one it likes best): of
 * the wordings it expects nobody to withhold consensus from at the final reading, the one its own
 * delegation values most — trying an untested one it prefers and can itself accept before settling
 * (the room's reaction tells it what it could not know). Failing any, a seasoned broker's bridge the
 * room has not yet seen, then the wording with the fewest red lines against it, then the fewest
 * holdouts: objections can be lobbied away, red lines cannot. The presidency never tables a wording
 * its own delegation rules out.
 *
 * A presidency that keeps its text (intent.resolve "keep-text") holds on to the wording it values most
 * against as many red lines as `keepTextHoldouts` allows, when no wording it can itself accept would win
 * those holdouts' acceptance: watered down, the text would buy at best their doubts, so it lets them
 * dissociate (Hamburg 2017: the Paris text kept for nineteen; on trade, where a wording existed the
 * United States could accept, Germany traded text for assent).
 */
export function chairTarget(obs: Observation, paragraph: Paragraph, params: AiParameters = DEFAULT_PARAMETERS): TargetForecast {
  const present = obs.present;
  const draft = obs.draft(paragraph.id);
  const mine = obs.me.positions[paragraph.id]!;
  const ladder = obs.ladder(paragraph);
  const positions = obs.knownPositions(paragraph);
  // Its own preference first; among equals, the ladder's order (the stronger wording): sort is stable.
  const candidates = kept(ladder, (v) => !mine.redLines.includes(v));
  const utility = (v: string) => mine.utilities[v] ?? 0;
  const order = candidates.slice().sort((a, b) => utility(b) - utility(a));
  const forecasts = new Map<string, { blockers: number; holdouts: string[]; unknown: number }>();
  const forecast = (variant: string) => {
    let known = forecasts.get(variant);
    if (known) return known;
    let blockers = 0;
    let unknown = 0;
    const holdouts: string[] = [];
    const stances = expectedAtClose(obs, paragraph, variant, positions);
    for (let i = 0; i < present.length; i++) {
      const d = present[i]!;
      if (!d.member) continue;
      const stance = stances[i];
      if (stance === undefined) unknown++;
      else if (withholdsConsensus(stance)) {
        holdouts.push(d.id);
        if (stance === 'block') blockers++;
      }
    }
    forecasts.set(variant, (known = { blockers, holdouts, unknown }));
    return known;
  };

  if (obs.intent.resolve === 'keep-text' && order.length > 0) {
    const own = order[0]!;
    const f = forecast(own);
    if (f.holdouts.length > 0 && f.holdouts.length <= params.keepTextHoldouts && f.blockers === f.holdouts.length) {
      // Would any wording the presidency can itself accept win each holdout's acceptance?
      const winnable = f.holdouts.some((id) => {
        const position = obs.position(id, paragraph.id);
        if (!position) return true; // not yet consulted: the chair asks before it decides
        // ... a wording nobody else is expected to block: a trade another red line rules out is none.
        return candidates.some((v) => {
          const chairs = stanceFrom(mine, v, obs.ownFlexibility(paragraph.id), true, false);
          const theirs = stanceFrom(position, v, 0, true, false);
          return (chairs === 'support' || chairs === 'accept') && (theirs === 'support' || theirs === 'accept') && forecast(v).blockers === 0;
        });
      });
      if (!winnable) return { variant: own, blockers: f.blockers, holdouts: f.holdouts.length, kind: 'keep' };
    }
  }

  for (const variant of order) {
    const f = forecast(variant);
    if (f.holdouts.length > 0) continue;
    if (f.unknown === 0) return { variant, blockers: 0, holdouts: 0, kind: 'certain' };
    // A presidency floats only a text it can itself accept: the rest is no preference worth a try.
    const own = stanceFrom(mine, variant, obs.ownFlexibility(paragraph.id), true, false);
    if (own === 'support' || own === 'accept') return { variant, blockers: 0, holdouts: 0, kind: 'hopeful' };
  }
  const bridge = mapped(
    kept(draft.amendments, (a) => (obs.delegation(a.by)?.broker ?? 0) >= SEASONED_BROKER && !obs.reaction(paragraph.id, a.variant) && !mine.redLines.includes(a.variant)),
    (a) => a.variant,
  ).sort((a, b) => ladder.indexOf(a) - ladder.indexOf(b))[0];
  if (bridge !== undefined) return { variant: bridge, blockers: 0, holdouts: 0, kind: 'bridge' };
  let best: TargetForecast = { variant: draft.variant, blockers: Infinity, holdouts: Infinity, kind: 'best' };
  for (const variant of order) {
    const f = forecast(variant);
    if (f.blockers < best.blockers || (f.blockers === best.blockers && f.holdouts.length < best.holdouts)) {
      best = { variant, blockers: f.blockers, holdouts: f.holdouts.length, kind: 'best' };
    }
  }
  return best;
}

/** The autopilot chair's next move. */
export function chairDecision(obs: Observation, dice: Dice, params: AiParameters): Decision | null {
  const seat = obs.seat;
  const session = obs.session;
  const open = obs.open;
  const intent = obs.intent;

  // A presidency that decided on a chair's summary or statement in advance negotiates no text: it
  // listens, and records as decided only what every member present actively wants while the ministers
  // deliberate (Rio 2024: a second meeting at the UN); the closing session is its own statement, not a
  // round of decisions under the clock, and the rest it sums up on its own authority.
  if (intent.planned !== 'negotiated-text' && session.kind === 'working') {
    for (const p of open) {
      const voiced = obs.stancesOn(p.id);
      const wanted = obs.present.every((d) => !d.member || voiced[d.id] === 'support');
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

  // The chair holds the pen and gavels only what is settled: the wording on the table is the one it
  // aims for and nobody withholds consensus; before the final reading (unless the presidency adopts
  // early, as New Delhi's leaders did on day one) also the room's view of it is known and every member
  // joins without doubts — the paragraphs sherpas close as they go. Doubts wait for the final reading,
  // where the deadline may lift them and those that stay can be put on record (brackets, a footnote):
  // an adopted paragraph is never reopened, so nothing is gavelled that the talks might still improve.
  const early = intent.adoption === 'early';
  const final = session.kind === 'final-reading';
  const targets = new Map<string, TargetForecast>();
  const aimOf = (p: Paragraph) => {
    let aim = targets.get(p.id);
    if (!aim) targets.set(p.id, (aim = chairTarget(obs, p, params)));
    return aim;
  };
  for (const p of open) {
    if (obs.withholders(p).length > 0 || obs.hasDone(`adopt:${p.id}`) || !obs.canAfford('call-adoption')) continue;
    const draft = obs.draft(p.id);
    const aim = obs.canAfford('propose') ? aimOf(p) : null;
    if (aim && aim.variant !== draft.variant && !obs.hasDone(`propose:${p.id}:${aim.variant}`)) continue;
    const voiced = obs.stancesOn(p.id);
    if (!final && !early && (aim?.kind !== 'certain' || obs.present.some((d) => d.member && voiced[d.id] === 'reserve'))) continue;
    return {
      command: { type: 'call-adoption', actor: seat, paragraph: p.id },
      why: { code: early && !final ? 'chair-early-adoption' : 'chair-gavels-unopposed', paragraph: p.id },
    };
  }

  // Then steer each paragraph, nearest agreement first, weightier paragraphs first among equals.
  const byNearness = mapped(open, (p) => ({ p, dissent: obs.withholders(p) })).sort(
    (a, b) => a.dissent.length - b.dissent.length || b.p.importance - a.p.importance,
  );
  for (const { p, dissent } of byNearness) {
    const few = dissent.length <= FEW_HOLDOUTS;
    // Few holdouts: the chair asks each what it would take before it decides on the text.
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
    // The aim is worked out only when the chair could table it, or must know whether it keeps its text.
    const aim = obs.canAfford('propose') || (final && dissent.length > 0) ? aimOf(p) : null;
    if (aim && aim.variant !== draft.variant && !obs.hasDone(`propose:${p.id}:${aim.variant}`) && obs.canAfford('propose')) {
      const broker = draft.amendments.find((a) => a.variant === aim.variant && (obs.delegation(a.by)?.broker ?? 0) >= SEASONED_BROKER);
      const why: Decision['why'] =
        aim.kind === 'keep'
          ? { code: 'chair-keeps-text', paragraph: p.id, count: aim.holdouts }
          : broker
            ? { code: 'chair-takes-up-bridge', delegations: [broker.by], paragraph: p.id, variant: aim.variant }
            : aim.kind === 'certain'
              ? { code: 'chair-preferred-unopposed', paragraph: p.id, variant: aim.variant }
              : aim.kind === 'hopeful'
                ? { code: 'chair-tries-wording', paragraph: p.id, variant: aim.variant }
                : aim.blockers === 0
                  ? { code: 'chair-no-red-line', paragraph: p.id, variant: aim.variant }
                  : { code: 'chair-fewest-red-lines', paragraph: p.id, variant: aim.variant };
      return { command: { type: 'propose', actor: seat, paragraph: p.id, variant: aim.variant }, why };
    }
    if (dissent.length === 0) continue;
    // A presidency keeping its text never waters it down for a red line or two: at the final reading it
    // puts the text to the room and lets the holdouts dissociate.
    if (aim?.kind === 'keep' && aim.variant === draft.variant) {
      if (final && !obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'chair-keeps-text', paragraph: p.id, count: dissent.length } };
      }
      continue;
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
    if (final) {
      if (!obs.hasDone(`adopt:${p.id}`) && obs.canAfford('call-adoption')) {
        return { command: { type: 'call-adoption', actor: seat, paragraph: p.id }, why: { code: 'chair-final-reading', paragraph: p.id } };
      }
      // Objections without a red line may yet be lifted by the room's last efforts (Bali 2022: the war
      // paragraph was debated until midnight): the chair leaves such a paragraph open through the
      // delegations' turns, and a member asks for it again once its holdouts have come round; a red
      // line will not move, so that paragraph is footnoted or summed up at once.
      if (dissent.every((id) => obs.stance(p.id, id) === 'object')) continue;
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
