// The rules of the meeting: whether a command is legal now, and what it does to the state — applied in
// place, written to the typed log as records of ids and numbers. The rules import no AI: every seat,
// the AI's included, is played from outside through the same commands (src/ai, src/engine/conductor.ts).
import { roll } from '../rng/index.ts';
import {
  CHAIR_ONLY,
  COMMAND_MINUTES,
  INSTRUCTOR_ONLY,
  DRAFTING,
  FINAL_READING_ONLY,
  refusal,
  type Command,
  type Refusal,
} from './commands.ts';
import { quote } from './issues.ts';
import type { Cause, LogRecord } from './log.ts';
import { indexOf, inScenarioOrder, joinedInOrder } from './scenario-index.ts';
import { DROPPED, type Approach, type EventCard, type Scenario } from './scenario-schema.ts';
import { carriesRedLine, stanceAt, withholdsConsensus, wordingRow } from './stance.ts';
import { presenceOf, presentDelegations, principalPresent, withholders } from './room.ts';
import { DIFFICULTY_EFFECT, gainsFromTrade, lobbyChance } from './models.ts';
import { absoluteSlot, anyoneAway, atTable, blankState, currentSession, currentSlot, INSTRUCTOR, type MeetingConfig, type MeetingState, type Offer, type Stance } from './state.ts';
import { kept, mapped } from './arrays.ts';

/** The chance (percent) that an unscheduled event from the deck is dealt at the close of a slot. */
export const EVENT_CHANCE = 40;
/** Flexibility each side of an accepted linkage shows on its paragraph. */
export const LINKAGE_FLEX = 15;
/** Zero-minute commands (messages) a seat may give in one slot, so no seat can flood a slot. */
export const QUIET_PER_SLOT = 50;
/** A broker enlisted on a paragraph lobbies with this bonus per 5 points of its broker standing. */
const BROKER_BONUS_DIVISOR = 5;

/** Where the records of one command go; the engine appends them to the meeting's log. */
export type RecordSink = LogRecord[];

/** The meeting at its opening: the first slot's minutes, scheduled events and everyone's first stances. */
export function openMeeting(scenario: Scenario, rulesHash: string, config: MeetingConfig, out: RecordSink = []): MeetingState {
  const state = blankState(scenario, rulesHash, config);
  recomputeStances(scenario, state, scenario.paragraphs.map((p) => p.id), { code: 'opening' }, out, false);
  emit(scenario, state, out, { kind: 'opened' });
  startSlot(scenario, state, out);
  return state;
}

// ---------------------------------------------------------------------------------------------
// Legality

/**
 * Null when `command` is legal now; otherwise the reason it is refused. Checked once per command.
 * The ids a refused command names come from files and the network: they are quoted (cut short, line
 * breaks escaped) so that a refusal is always one short line.
 */
export function checkCommand(scenario: Scenario, state: MeetingState, command: Command): Refusal | null {
  const ix = indexOf(scenario);
  if (state.closed) return refusal('meeting-closed', 'The meeting has closed.');
  if (command.actor === INSTRUCTOR) {
    // Pauses, resumes and the instructor's own bulletins take no minutes: bounded per slot like messages.
    const quiet = command.type === 'pause' || command.type === 'resume' || (command.type === 'inject-event' && typeof command.event !== 'string');
    if (quiet && (state.quiet[INSTRUCTOR] ?? 0) >= QUIET_PER_SLOT) {
      return refusal('too-many-messages', `The instructor has paused, resumed or announced ${QUIET_PER_SLOT} times this slot; move the clock on first.`);
    }
    if (command.type === 'pause') return state.paused ? refusal('already-so', 'The meeting is already paused.') : null;
    if (command.type === 'resume') return state.paused ? null : refusal('not-paused', 'The meeting is not paused.');
    // Seats may be handed out and the meeting ended while it is paused (a class is seated before it starts).
    if (state.paused && command.type !== 'assign-seat' && command.type !== 'adjourn') {
      return refusal('meeting-paused', 'The meeting is paused; resume it first.');
    }
    if (state.turn !== null && (command.type === 'assign-seat' || command.type === 'advance-slot' || command.type === 'readmit')) {
      return refusal('slot-closing', 'The slot is closing: the AI delegations are taking their turns.');
    }
    if (command.type === 'assign-seat') {
      if (!ix.delegation.has(command.delegation)) return refusal('unknown-delegation', `There is no delegation ${quote(command.delegation)}.`);
      if (state.humanSeats.includes(command.delegation) === (command.to === 'human')) {
        return refusal('already-so', `That seat is already played by ${command.to === 'human' ? 'a person' : 'the AI'}.`);
      }
      return null;
    }
    if (command.type === 'readmit') {
      const d = ix.delegation.get(command.delegation);
      if (!d) return refusal('unknown-delegation', `There is no delegation ${quote(command.delegation)}.`);
      if (!state.walkedOut.includes(d.id)) return refusal('already-so', `${d.name} has not walked out; it is not to be readmitted.`);
      return null;
    }
    if (command.type === 'inject-event' && typeof command.event === 'string') {
      if (!scenario.events.some((e) => e.id === command.event)) {
        return refusal('unknown-event', `There is no event ${quote(command.event)} in this scenario's deck.`);
      }
      if (state.eventsDealt.includes(command.event)) return refusal('already-so', `The event ${quote(command.event)} has already happened.`);
    }
    if (INSTRUCTOR_ONLY.has(command.type)) return null;
    return refusal('not-your-seat', 'The instructor gives instructor commands; a delegation\'s moves are its own.');
  }
  if (INSTRUCTOR_ONLY.has(command.type)) {
    return refusal('instructor-only', `Only the instructor may ${command.type.replace('-', ' ')}.`);
  }
  if (state.paused) return refusal('meeting-paused', 'The meeting is paused by the instructor.');

  const actor = ix.delegation.get(command.actor);
  if (!actor) return refusal('unknown-delegation', `There is no delegation ${quote(command.actor)}.`);
  if (state.walkedOut.includes(actor.id)) return refusal('walked-out', `${actor.name} has left the meeting.`);
  if (state.away.includes(actor.id)) return refusal('walked-out', `${actor.name} is not at the table now.`);
  if (command.type === 'walk-out' && !principalPresent(scenario, state, actor.id)) {
    return refusal('not-in-this-session', `Only a principal walks out in protest; ${actor.name} is not represented by its principal in this session.`);
  }
  if (state.turn !== null && state.turn !== actor.id) {
    return refusal('not-your-turn', 'The slot is closing: the AI delegations are taking their turns.');
  }

  const session = currentSession(scenario, state)!;
  const chair = scenario.presidency.chair;
  if (CHAIR_ONLY.has(command.type) && actor.id !== chair) return refusal('chair-only', 'Only the chair may do that.');
  if (DRAFTING.has(command.type) && session.kind === 'informal') {
    return refusal('not-in-this-session', `No text is tabled during ${session.title}; wait for a working session.`);
  }
  if (FINAL_READING_ONLY.has(command.type) && session.kind !== 'final-reading') {
    return refusal('not-in-this-session', 'Footnotes and the chair\'s summary belong to the final reading.');
  }
  if (state.turn === null && state.slotEnded.includes(actor.id)) {
    return refusal('slot-already-ended', `${actor.name} has already ended this slot.`);
  }
  const cost = COMMAND_MINUTES[command.type];
  const left = state.minutesLeft[actor.id] ?? 0;
  if (cost > left) {
    return refusal('no-time-left', `That takes ${cost} minutes and ${actor.name} has ${left} left in this slot; end the slot.`);
  }
  if (command.type === 'message' && (state.quiet[actor.id] ?? 0) >= QUIET_PER_SLOT) {
    return refusal('too-many-messages', `${actor.name} has sent ${QUIET_PER_SLOT} messages this slot; wait for the next.`);
  }

  const other = 'target' in command ? command.target : 'broker' in command ? command.broker : undefined;
  if (other !== undefined) {
    const target = ix.delegation.get(other);
    if (!target) return refusal('unknown-delegation', `There is no delegation ${quote(other)}.`);
    if (target.id === actor.id) return refusal('same-delegation', `${actor.name} cannot do that to itself.`);
    if (!atTable(state, target.id)) return refusal('walked-out', `${target.name} is not at the table.`);
  }
  const paragraphIds = 'give' in command ? [command.give, command.get] : 'paragraph' in command ? [command.paragraph] : [];
  for (const pid of paragraphIds) {
    if (!ix.paragraph.has(pid)) return refusal('unknown-paragraph', `There is no paragraph ${quote(pid)}.`);
  }
  if ('give' in command && command.give === command.get) {
    return refusal('same-delegation', 'A linkage trades flexibility on one paragraph for flexibility on another.');
  }
  if (command.type === 'answer-offer') {
    const offer = state.offers.find((o) => o.id === command.offer && o.to === actor.id);
    if (!offer) return refusal('unknown-offer', `${actor.name} has no open offer ${command.offer}.`);
    if (!atTable(state, offer.from)) return refusal('walked-out', `${ix.delegation.get(offer.from)!.name} is not at the table.`);
    return null;
  }
  if (!('paragraph' in command)) return null;

  const paragraph = ix.paragraph.get(command.paragraph)!;
  const draft = state.draft[paragraph.id]!;
  if (draft.status !== 'open' && command.type !== 'consult' && command.type !== 'lobby') {
    return refusal('paragraph-settled', `"${paragraph.title}" is already settled (${draft.status}).`);
  }
  switch (command.type) {
    case 'propose': {
      const known = command.variant === DROPPED ? paragraph.droppable : paragraph.variants.some((v) => v.id === command.variant);
      if (!known) return refusal('unknown-variant', `"${paragraph.title}" has no variant ${quote(command.variant)}.`);
      if (draft.variant === command.variant) return refusal('already-so', 'That wording is already on the table.');
      return null;
    }
    case 'bracket':
      return draft.brackets.includes(actor.id) ? refusal('already-so', `${actor.name} already holds brackets there.`) : null;
    case 'dissociate':
      if (!actor.member) return refusal('guest', `${actor.name} is a guest: it never stands in the way of consensus.`);
      if (draft.dissociated.includes(actor.id)) return refusal('already-so', `${actor.name} has already dissociated itself from that wording.`);
      if (!withholdsConsensus(state.stances[paragraph.id]?.[actor.id] ?? 'accept')) {
        return refusal('not-withholding', `${actor.name} joins consensus on "${paragraph.title}": there is nothing to dissociate from.`);
      }
      return null;
    case 'unbracket':
      return draft.brackets.includes(actor.id) ? null : refusal('already-so', `${actor.name} holds no brackets there.`);
    case 'record-footnote':
    case 'move-to-chair-summary': {
      if (draft.attempts === 0) return refusal('no-adoption-tried', 'Call for adoption first: a footnote records a failed consensus.');
      const dissent = withholders(scenario, state, paragraph);
      if (dissent.length === 0) return refusal('no-dissent', 'Nobody objects any more: call for adoption instead.');
      if (command.type === 'record-footnote' && dissent.length * 2 >= presentDelegations(scenario, state).length) {
        return refusal('too-many-dissenters', 'A footnote names a few dissenters; with this many, move the paragraph to the chair\'s summary.');
      }
      return null;
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Applying commands

/**
 * Applies a legal command (check it with `checkCommand` first) to `state` itself and appends what
 * happened to `out`. Nothing is copied: the engine owns the state and keeps no earlier one, so the
 * cost of a command does not grow with the meeting.
 */
export function applyCommand(scenario: Scenario, state: MeetingState, command: Command, out: RecordSink): void {
  state.step += 1;
  perform(scenario, state, command, out);
}

function perform(scenario: Scenario, s: MeetingState, command: Command, out: RecordSink): void {
  const ix = indexOf(scenario);
  const reason = 'reason' in command ? command.reason : undefined;
  const why = reason ? { reason } : {};
  if (command.actor !== INSTRUCTOR) {
    s.minutesLeft[command.actor] = (s.minutesLeft[command.actor] ?? 0) - COMMAND_MINUTES[command.type];
  }
  switch (command.type) {
    case 'consult': {
      // A new record, not an edit: the seats' observations work out what they learnt once per record (observation.ts).
      const key = indexOf(scenario).knownKey[command.target]![command.paragraph]!;
      const known = s.known[command.actor]!;
      if (known[key] !== true) s.known[command.actor] = { ...known, [key]: true };
      done(s, command.actor, `consult:${command.target}:${command.paragraph}`);
      emit(scenario, s, out, { kind: 'consulted', actor: command.actor, target: command.target, paragraph: command.paragraph, ...why });
      return;
    }
    case 'lobby':
      // A person's seat is never moved by dice: the appeal reaches them as an offer to accept or decline.
      if (s.humanSeats.includes(command.target)) {
        done(s, command.actor, `lobby:${command.target}:${command.paragraph}`);
        countLobbying(scenario, s, command.actor, command.target, command.paragraph);
        makeOffer(scenario, s, out, { what: 'lobby', from: command.actor, to: command.target, paragraph: command.paragraph, approach: command.approach }, why);
        return;
      }
      lobby(scenario, s, out, command.actor, command.target, command.paragraph, command.approach, why);
      return;
    case 'answer-offer':
      answerOffer(scenario, s, out, command.actor, command.offer, command.accept, why);
      return;
    case 'propose': {
      const draft = s.draft[command.paragraph]!;
      done(s, command.actor, `propose:${command.paragraph}:${command.variant}`);
      if (command.actor === scenario.presidency.chair) {
        draft.variant = command.variant;
        // Brackets and dissociations were on the text the new wording replaces: they go with it.
        draft.brackets = [];
        draft.dissociated = [];
        draft.amendments = draft.amendments.filter((a) => a.variant !== command.variant);
        emit(scenario, s, out, { kind: 'tabled', actor: command.actor, paragraph: command.paragraph, variant: command.variant, ...why });
        recomputeStances(scenario, s, [command.paragraph], { code: 'tabled', variant: command.variant }, out);
      } else {
        draft.amendments = draft.amendments.filter((a) => a.by !== command.actor);
        draft.amendments.push({ by: command.actor, variant: command.variant, step: s.step });
        emit(scenario, s, out, { kind: 'amendment', actor: command.actor, paragraph: command.paragraph, variant: command.variant, ...why });
      }
      return;
    }
    case 'offer-linkage':
      if (s.humanSeats.includes(command.target)) {
        done(s, command.actor, `linkage:${command.target}:${command.give}:${command.get}`);
        makeOffer(scenario, s, out, { what: 'linkage', from: command.actor, to: command.target, give: command.give, get: command.get }, why);
        return;
      }
      offerLinkage(scenario, s, out, command.actor, command.target, command.give, command.get, why);
      return;
    case 'enlist-broker':
      if (s.humanSeats.includes(command.broker)) {
        done(s, command.actor, `broker:${command.broker}:${command.paragraph}`);
        makeOffer(scenario, s, out, { what: 'broker', from: command.actor, to: command.broker, paragraph: command.paragraph }, why);
        return;
      }
      enlistBroker(scenario, s, out, command.actor, command.broker, command.paragraph, why);
      return;
    case 'bracket':
    case 'unbracket': {
      const draft = s.draft[command.paragraph]!;
      const on = command.type === 'bracket';
      draft.brackets = on ? inScenarioOrder(scenario, [...draft.brackets, command.actor]) : draft.brackets.filter((id) => id !== command.actor);
      done(s, command.actor, `${command.type}:${command.paragraph}`);
      emit(scenario, s, out, { kind: 'bracket', actor: command.actor, paragraph: command.paragraph, on, ...why });
      recomputeStances(scenario, s, [command.paragraph], { code: 'bracketed' }, out);
      return;
    }
    case 'call-adoption':
      callAdoption(scenario, s, out, command.actor, command.paragraph, why);
      return;
    case 'record-footnote':
    case 'move-to-chair-summary': {
      const paragraph = ix.paragraph.get(command.paragraph)!;
      const draft = s.draft[paragraph.id]!;
      draft.dissenters = withholders(scenario, s, paragraph);
      const toSummary = command.type === 'move-to-chair-summary';
      draft.status = toSummary ? 'chair-summary' : 'footnoted';
      draft.settledSlot = absoluteSlot(scenario, s.clock);
      done(s, command.actor, `${command.type}:${paragraph.id}`);
      emit(scenario, s, out, { kind: 'footnote', actor: command.actor, paragraph: paragraph.id, dissenters: [...draft.dissenters], toSummary, ...why });
      return;
    }
    case 'dissociate': {
      const draft = s.draft[command.paragraph]!;
      draft.dissociated = inScenarioOrder(scenario, [...draft.dissociated, command.actor]);
      done(s, command.actor, `dissociate:${command.paragraph}`);
      emit(scenario, s, out, { kind: 'dissociation', actor: command.actor, paragraph: command.paragraph, variant: draft.variant, ...why });
      // The text was put to the room and only dissociating members stood in its way: the others adopt it.
      const paragraph = ix.paragraph.get(command.paragraph)!;
      if (draft.attempts > 0 && withholders(scenario, s, paragraph).length === 0) {
        settle(scenario, s, command.paragraph);
        emit(scenario, s, out, {
          kind: 'adoption',
          actor: scenario.presidency.chair,
          paragraph: command.paragraph,
          variant: draft.variant,
          adopted: true,
          dissenters: [],
          reservations: [...draft.reservations],
        });
      }
      return;
    }
    case 'walk-out': {
      leave(scenario, s, out, command.actor, why);
      // Leaving during its own closing turn passes the turn; a person leaving may complete the slot.
      if (s.turn === command.actor) nextTurn(scenario, s, out);
      else if (s.turn === null) maybeStartClosing(scenario, s, out);
      return;
    }
    case 'end-slot':
      if (s.turn === command.actor) {
        s.slotEnded = joinedInOrder(scenario, s.slotEnded, command.actor);
        if (reason) emit(scenario, s, out, { kind: 'slot-ended', actor: command.actor, reason });
        nextTurn(scenario, s, out);
      } else {
        s.slotEnded = joinedInOrder(scenario, s.slotEnded, command.actor);
        maybeStartClosing(scenario, s, out);
      }
      return;
    case 'message':
      s.quiet[command.actor] = (s.quiet[command.actor] ?? 0) + 1;
      emit(scenario, s, out, { kind: 'message', actor: command.actor, target: command.target, text: command.text });
      return;
    case 'assign-seat': {
      const seats = s.humanSeats.filter((id) => id !== command.delegation);
      s.humanSeats = command.to === 'human' ? inScenarioOrder(scenario, [...seats, command.delegation]) : seats;
      s.slotEnded = s.slotEnded.filter((id) => id !== command.delegation);
      emit(scenario, s, out, { kind: 'seat', target: command.delegation, to: command.to });
      // Handing the last waiting seat to the AI may complete the slot.
      if (command.to === 'ai' && s.humanSeats.length > 0 && !s.paused) maybeStartClosing(scenario, s, out);
      return;
    }
    case 'adjourn':
      closeMeeting(scenario, s, out, 'instructor');
      return;
    case 'readmit':
      readmit(scenario, s, out, command.delegation);
      return;
    case 'advance-slot':
      emit(scenario, s, out, { kind: 'slot-closed-by-instructor' });
      startClosing(scenario, s, out);
      return;
    case 'pause':
    case 'resume':
      s.quiet[INSTRUCTOR] = (s.quiet[INSTRUCTOR] ?? 0) + 1;
      s.paused = command.type === 'pause';
      emit(scenario, s, out, { kind: 'pause', paused: s.paused });
      return;
    case 'inject-event':
      if (typeof command.event === 'string') dealEvent(scenario, s, out, scenario.events.find((e) => e.id === command.event)!);
      else {
        s.quiet[INSTRUCTOR] = (s.quiet[INSTRUCTOR] ?? 0) + 1;
        emit(scenario, s, out, { kind: 'bulletin', title: command.event.title, text: command.event.text });
      }
      return;
  }
}

type Why = { reason?: NonNullable<Extract<Command, { type: 'lobby' }>['reason']> };

function lobby(scenario: Scenario, s: MeetingState, out: RecordSink, actorId: string, targetId: string, pid: string, approach: Approach, why: Why) {
  const ix = indexOf(scenario);
  const actor = ix.delegation.get(actorId)!;
  const target = ix.delegation.get(targetId)!;
  const paragraph = ix.paragraph.get(pid)!;
  done(s, actorId, `lobby:${targetId}:${pid}`);
  const player = s.humanSeats.includes(actorId);
  // A broker working on a paragraph it was asked to bridge speaks with its standing behind it.
  const mandate = s.brokers.some((m) => m.broker === actorId && m.paragraph === pid);
  const brokerBonus = mandate ? Math.floor(actor.broker / BROKER_BONUS_DIVISOR) : 0;
  const chance = lobbyChance(scenario, s, actor, target, paragraph, approach, { player, brokerBonus });
  countLobbying(scenario, s, actorId, targetId, pid);
  const moved = roll(s.rng, 'lobbying', (dice) => dice.chance(chance));
  const brokered = mandate ? { brokered: true } : {};
  emit(scenario, s, out, { kind: 'lobbied', actor: actorId, target: targetId, paragraph: pid, approach, moved, ...brokered, ...why });
  if (moved) {
    let gain = 10 + Math.floor(target.motivations[approach] / 10);
    if (player) gain = Math.floor((gain * DIFFICULTY_EFFECT[s.difficulty].gain) / 100);
    const cause: Cause = { code: 'lobbied', by: actorId, approach };
    moveFlex(s, targetId, pid, gain);
    s.trust[targetId]![actorId] = clampTrust((s.trust[targetId]![actorId] ?? 0) + 2);
    restance(scenario, s, pid, targetId, cause, out);
  } else {
    const backlash = approach === 'bloc-pressure' ? 10 : 3;
    s.trust[targetId]![actorId] = clampTrust((s.trust[targetId]![actorId] ?? 0) - backlash);
  }
}

function offerLinkage(scenario: Scenario, s: MeetingState, out: RecordSink, actorId: string, targetId: string, give: string, get: string, why: Why) {
  const ix = indexOf(scenario);
  const target = ix.delegation.get(targetId)!;
  done(s, actorId, `linkage:${targetId}:${give}:${get}`);
  const gains = target.positions[give]!.salience;
  const costs = target.positions[get]!.salience;
  const trust = s.trust[targetId]?.[actorId] ?? 0;
  // Logrolling (the exchange model): worth it when the target cares more about what it receives than
  // what it yields. A harder room reads a player's offers more warily and wants a clearer gain.
  const margin = s.humanSeats.includes(actorId) ? DIFFICULTY_EFFECT[s.difficulty].linkageMargin : 1;
  const accepted = gainsFromTrade(gains, costs, margin) && trust > -40;
  if (!accepted) {
    const declined = trust <= -40 ? 'distrust' : 'values-more';
    emit(scenario, s, out, { kind: 'linkage', actor: actorId, target: targetId, give, get, accepted, declined, ...why });
    return;
  }
  emit(scenario, s, out, { kind: 'linkage', actor: actorId, target: targetId, give, get, accepted, ...why });
  moveFlex(s, actorId, give, LINKAGE_FLEX);
  moveFlex(s, targetId, get, LINKAGE_FLEX);
  s.linkages.push({ from: actorId, to: targetId, give, get, step: s.step });
  s.trust[targetId]![actorId] = clampTrust(trust + 5);
  s.trust[actorId]![targetId] = clampTrust((s.trust[actorId]![targetId] ?? 0) + 5);
  restance(scenario, s, give, actorId, { code: 'linkage', with: targetId }, out);
  restance(scenario, s, get, targetId, { code: 'linkage', with: actorId }, out);
}

/** An offer to a person's seat: it waits for their answer until the end of the next slot. */
function makeOffer(scenario: Scenario, s: MeetingState, out: RecordSink, offer: Omit<Offer, 'id' | 'until'>, why: Why) {
  const id = s.step;
  s.offers.push({ ...offer, id, until: absoluteSlot(scenario, s.clock) + 1 });
  const { what, from, to, paragraph, approach, give, get } = offer;
  emit(scenario, s, out, {
    kind: 'offer',
    offer: id,
    what,
    actor: from,
    target: to,
    ...(paragraph !== undefined ? { paragraph } : {}),
    ...(approach !== undefined ? { approach } : {}),
    ...(give !== undefined ? { give, get } : {}),
    ...why,
  });
}

/** The person's answer: accepting does what the AI's acceptance would have done; declining costs nothing. */
function answerOffer(scenario: Scenario, s: MeetingState, out: RecordSink, actorId: string, id: number, accept: boolean, why: Why) {
  const offer = s.offers.find((o) => o.id === id && o.to === actorId)!;
  s.offers = s.offers.filter((o) => o !== offer);
  emit(scenario, s, out, { kind: 'offer-answered', offer: id, what: offer.what, actor: actorId, target: offer.from, accept, ...why });
  if (!accept) return;
  const ix = indexOf(scenario);
  if (offer.what === 'lobby') {
    const me = ix.delegation.get(actorId)!;
    const gain = 10 + Math.floor(me.motivations[offer.approach!] / 10);
    const cause: Cause = { code: 'lobbied', by: offer.from, approach: offer.approach! };
    moveFlex(s, actorId, offer.paragraph!, gain);
    s.trust[actorId]![offer.from] = clampTrust((s.trust[actorId]![offer.from] ?? 0) + 2);
    restance(scenario, s, offer.paragraph!, actorId, cause, out);
  } else if (offer.what === 'linkage') {
    moveFlex(s, offer.from, offer.give!, LINKAGE_FLEX);
    moveFlex(s, actorId, offer.get!, LINKAGE_FLEX);
    s.linkages.push({ from: offer.from, to: actorId, give: offer.give!, get: offer.get!, step: s.step });
    s.trust[actorId]![offer.from] = clampTrust((s.trust[actorId]![offer.from] ?? 0) + 5);
    s.trust[offer.from]![actorId] = clampTrust((s.trust[offer.from]![actorId] ?? 0) + 5);
    restance(scenario, s, offer.give!, offer.from, { code: 'linkage', with: actorId }, out);
    restance(scenario, s, offer.get!, actorId, { code: 'linkage', with: offer.from }, out);
  } else if (s.draft[offer.paragraph!]!.status === 'open') {
    const until = absoluteSlot(scenario, s.clock) + 1;
    s.brokers = s.brokers.filter((m) => !(m.broker === actorId && m.paragraph === offer.paragraph));
    s.brokers.push({ broker: actorId, paragraph: offer.paragraph!, for: offer.from, until });
  }
}

function enlistBroker(scenario: Scenario, s: MeetingState, out: RecordSink, actorId: string, brokerId: string, pid: string, why: Why) {
  const broker = indexOf(scenario).delegation.get(brokerId)!;
  done(s, actorId, `broker:${brokerId}:${pid}`);
  const brokerStance = s.stances[pid]?.[brokerId] ?? 'accept';
  const trust = s.trust[brokerId]?.[actorId] ?? 0;
  const declined = broker.broker < 30 ? 'not-a-broker' : trust < -20 ? 'distrust' : withholdsConsensus(brokerStance) ? 'opposes' : null;
  if (declined) {
    emit(scenario, s, out, { kind: 'broker', actor: actorId, target: brokerId, paragraph: pid, accepted: false, declined, ...why });
    return;
  }
  // The mandate runs to the end of the next slot; the broker does its work in its own turns (src/ai).
  const until = absoluteSlot(scenario, s.clock) + 1;
  s.brokers = s.brokers.filter((m) => !(m.broker === brokerId && m.paragraph === pid));
  s.brokers.push({ broker: brokerId, paragraph: pid, for: actorId, until });
  emit(scenario, s, out, { kind: 'broker', actor: actorId, target: brokerId, paragraph: pid, accepted: true, ...why });
}

function callAdoption(scenario: Scenario, s: MeetingState, out: RecordSink, actorId: string, pid: string, why: Why) {
  const paragraph = indexOf(scenario).paragraph.get(pid)!;
  const draft = s.draft[pid]!;
  draft.attempts += 1;
  done(s, actorId, `adopt:${pid}`);
  const dissent = withholders(scenario, s, paragraph);
  if (dissent.length === 0) settle(scenario, s, pid);
  else draft.dissenters = dissent;
  emit(scenario, s, out, {
    kind: 'adoption',
    actor: actorId,
    paragraph: pid,
    variant: draft.variant,
    adopted: dissent.length === 0,
    dissenters: [...dissent],
    reservations: [...draft.reservations],
    ...why,
  });
}

/**
 * A paragraph adopted. A footnote is a delegation's request, not a rule's verdict: the members still
 * holding their brackets on it as it is adopted have their divergent view footnoted (brackets hold a
 * stance at a reservation, so they join the consensus). Doubts voiced without brackets leave no trace
 * in the document — Russia's at Bali in 2022, where the text itself said there were other views.
 */
function settle(scenario: Scenario, s: MeetingState, pid: string) {
  const draft = s.draft[pid]!;
  draft.status = 'adopted';
  draft.settledSlot = absoluteSlot(scenario, s.clock);
  draft.dissenters = [];
  draft.reservations = mapped(
    kept(presentDelegations(scenario, s), (d) => d.member && draft.brackets.includes(d.id) && !draft.dissociated.includes(d.id)),
    (d) => d.id,
  );
}

// ---------------------------------------------------------------------------------------------
// The clock

/** Once every person at the table has ended the slot, the AI seats take their closing turns. */
function maybeStartClosing(scenario: Scenario, s: MeetingState, out: RecordSink) {
  const waiting = s.humanSeats.some((id) => atTable(s, id) && !s.slotEnded.includes(id));
  if (!waiting) startClosing(scenario, s, out);
}

/** The order of the closing turns: the chair holds the pen, so it moves first; then the scenario's order. */
function closingOrder(scenario: Scenario): string[] {
  return indexOf(scenario).closingOrder;
}

function startClosing(scenario: Scenario, s: MeetingState, out: RecordSink) {
  s.brokerRound = false;
  s.turn = null;
  s.slotEnded = inScenarioOrder(scenario, [...s.slotEnded, ...s.humanSeats.filter((id) => atTable(s, id))]);
  advanceTurn(scenario, s, out, -1);
}

/** Passes the turn on from the seat whose turn it was. */
function nextTurn(scenario: Scenario, s: MeetingState, out: RecordSink) {
  const from = s.turn === null ? -1 : closingOrder(scenario).indexOf(s.turn);
  advanceTurn(scenario, s, out, from);
}

/**
 * The next seat to be asked after position `from` of the closing order: AI seats still at the table
 * that have not ended the slot; then, in the brokers' round, AI brokers holding a live mandate. When
 * nobody is left, the slot closes.
 */
function advanceTurn(scenario: Scenario, s: MeetingState, out: RecordSink, from: number) {
  const order = closingOrder(scenario);
  const absolute = absoluteSlot(scenario, s.clock);
  const ai = (id: string) => !s.humanSeats.includes(id) && atTable(s, id);
  if (!s.brokerRound) {
    for (let i = from + 1; i < order.length; i++) {
      const id = order[i]!;
      if (ai(id) && !s.slotEnded.includes(id)) {
        s.turn = id;
        return;
      }
    }
    s.brokerRound = true;
    from = -1;
  }
  for (let i = from + 1; i < order.length; i++) {
    const id = order[i]!;
    if (ai(id) && s.brokers.some((m) => m.broker === id && m.until >= absolute && s.draft[m.paragraph]!.status === 'open')) {
      s.turn = id;
      return;
    }
  }
  s.turn = null;
  s.brokerRound = false;
  finishSlot(scenario, s, out);
}

/** After the closing turns: an event may break, and the clock moves on. */
function finishSlot(scenario: Scenario, s: MeetingState, out: RecordSink) {
  // After the last slot's turns the meeting is over: no news breaks into a room nobody can act in (it
  // would only move the stances, and so the dissenters, of paragraphs already left out).
  const last = s.clock.session === scenario.schedule.length - 1 && s.clock.slot === currentSession(scenario, s)!.slots.length - 1;
  if (!last) {
    const unscheduled = scenario.events.filter((e) => !e.at && !s.eventsDealt.includes(e.id));
    const drawn = roll(s.rng, 'events', (dice) => (dice.chance(EVENT_CHANCE) ? dice.weighted(unscheduled, (e) => e.weight) : undefined));
    if (drawn) dealEvent(scenario, s, out, drawn);
  }
  advanceClock(scenario, s, out);
}

function closeMeeting(scenario: Scenario, s: MeetingState, out: RecordSink, by: 'clock' | 'instructor') {
  s.closed = true;
  s.turn = null;
  s.minutesLeft = {};
  s.brokers = [];
  emit(scenario, s, out, { kind: 'closed', by });
}

function advanceClock(scenario: Scenario, s: MeetingState, out: RecordSink) {
  const before = currentSession(scenario, s)!;
  if (s.clock.slot + 1 < before.slots.length) {
    s.clock = { session: s.clock.session, slot: s.clock.slot + 1 };
  } else if (s.clock.session + 1 < scenario.schedule.length) {
    s.clock = { session: s.clock.session + 1, slot: 0 };
  } else {
    closeMeeting(scenario, s, out, 'clock');
    return;
  }
  startSlot(scenario, s, out);
  if (currentSession(scenario, s)!.kind !== before.kind) {
    recomputeStances(scenario, s, scenario.paragraphs.map((p) => p.id), { code: 'deadline' }, out);
  }
}

function startSlot(scenario: Scenario, s: MeetingState, out: RecordSink) {
  const session = currentSession(scenario, s)!;
  const slot = currentSlot(scenario, s)!;
  s.minutesLeft = {};
  takeAttendance(scenario, s, out);
  for (const id of indexOf(scenario).order) if (atTable(s, id)) s.minutesLeft[id] = slot.minutes;
  s.slotEnded = [];
  s.turn = null;
  s.brokerRound = false;
  s.quiet = {};
  s.doneThisSlot = {};
  s.initiatives = {};
  const absolute = absoluteSlot(scenario, s.clock);
  s.brokers = s.brokers.filter((m) => m.until >= absolute);
  emit(scenario, s, out, { kind: 'slot-opened', session: session.id, slotId: slot.id, minutes: slot.minutes });
  // Offers left unanswered through the slot after they were made lapse, and the log says so.
  for (const offer of s.offers.filter((o) => o.until < absolute)) {
    emit(scenario, s, out, { kind: 'offer-answered', offer: offer.id, what: offer.what, actor: offer.to, target: offer.from, accept: false, lapsed: true });
  }
  s.offers = s.offers.filter((o) => o.until >= absolute);
  for (const event of scenario.events) {
    if (event.at && event.at.session === session.id && event.at.slot === slot.id && !s.eventsDealt.includes(event.id)) {
      dealEvent(scenario, s, out, event);
    }
  }
  // When every person's seat is away (a session its delegation does not attend), nobody is left to end
  // the slot: the AI seats take their closing turns at once.
  // (A seat that walked out is left to the viewer's "watch to the end", as before.)
  const awaySeat = s.humanSeats.some((id) => s.away.includes(id));
  if (awaySeat && s.humanSeats.every((id) => !atTable(s, id)) && !s.closed) startClosing(scenario, s, out);
}

function dealEvent(scenario: Scenario, s: MeetingState, out: RecordSink, event: EventCard) {
  const ix = indexOf(scenario);
  s.eventsDealt.push(event.id);
  emit(scenario, s, out, { kind: 'event', event: event.id });
  const touched = new Set<string>();
  const pick = (v: 'all' | string[]) => (v === 'all' ? ix.order : v);
  const cause: Cause = { code: 'event', event: event.id };
  for (const effect of event.effects) {
    if (effect.kind === 'flexibility') {
      const paragraphs = effect.paragraphs === 'all' ? scenario.paragraphs.map((p) => p.id) : effect.paragraphs;
      for (const d of pick(effect.delegations)) {
        for (const pid of paragraphs) {
          moveFlex(s, d, pid, effect.delta);
          touched.add(pid);
        }
      }
    } else if (effect.kind === 'trust') {
      for (const from of pick(effect.from)) {
        for (const to of pick(effect.to)) {
          if (from !== to && s.trust[from]) s.trust[from]![to] = clampTrust((s.trust[from]![to] ?? 0) + effect.delta);
        }
      }
    } else if (effect.kind === 'clout') {
      s.clout[effect.delegation] = Math.max(1, Math.min(100, (s.clout[effect.delegation] ?? 0) + effect.delta));
    } else if (effect.kind === 'walk-out') {
      // Provoked: only a principal in the room can walk out in protest; a deputy stays and reports home.
      if (atTable(s, effect.delegation) && principalPresent(scenario, s, effect.delegation)) {
        leave(scenario, s, out, effect.delegation);
        passTurnOf(scenario, s, out, effect.delegation);
      }
    } else if (effect.kind === 'depart') {
      if (atTable(s, effect.delegation)) {
        goAway(scenario, s, out, effect.delegation, 'event');
        passTurnOf(scenario, s, out, effect.delegation);
      }
    } else if (effect.kind === 'arrive') {
      if (s.away.includes(effect.delegation)) {
        s.away = s.away.filter((id) => id !== effect.delegation);
        s.minutesLeft[effect.delegation] = currentSlot(scenario, s)?.minutes ?? 0;
        emit(scenario, s, out, { kind: 'attendance', actor: effect.delegation, present: true, by: 'event' });
        for (const p of scenario.paragraphs) touched.add(p.id);
      }
    } else if (effect.kind === 'statement') {
      emit(scenario, s, out, { kind: 'statement', actor: effect.delegation, event: event.id, ...(effect.paragraph ? { paragraph: effect.paragraph } : {}) });
    } else {
      const draft = s.draft[effect.paragraph]!;
      if (draft.status !== 'open') {
        draft.status = 'open';
        draft.settledSlot = null;
        draft.reservations = [];
        draft.dissenters = [];
        draft.dissociated = [];
        draft.attempts = 0;
        emit(scenario, s, out, { kind: 'reopened', paragraph: effect.paragraph, event: event.id });
        touched.add(effect.paragraph);
      }
    }
  }
  if (touched.size > 0) recomputeStances(scenario, s, mapped(kept(scenario.paragraphs, (p) => touched.has(p.id)), (p) => p.id), cause, out);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Re-derives stances on the given paragraphs and logs each change with the cause that moved it. */
export function recomputeStances(scenario: Scenario, s: MeetingState, paragraphIds: string[], cause: Cause, out: RecordSink, log = true) {
  for (const pid of paragraphIds) restance(scenario, s, pid, null, cause, out, log);
}

/**
 * Re-derives the stances on one paragraph: of every delegation at the table, or only of `moved` — the
 * one whose flexibility a lobby or linkage changed, for nobody else's inputs did — and then what the
 * room withholds from the wording on the table, always in scenario order.
 */
function restance(scenario: Scenario, s: MeetingState, pid: string, moved: string | null, cause: Cause, out: RecordSink, log = true) {
  const table = (s.stances[pid] ??= {});
  const draft = s.draft[pid]!;
  if (draft.status !== 'open' && log) return;
  // What is the same for every delegation is read once; the rule is stance.ts's (stanceFrom).
  const variant = draft.variant;
  const finalReading = currentSession(scenario, s)?.kind === 'final-reading';
  const anyGone = anyoneAway(s);
  const brackets = draft.brackets.length > 0 ? draft.brackets : null;
  const carrying = indexOf(scenario).carries.size > 0;
  const withholding: Record<string, Stance> = {};
  const row = wordingRow(scenario, pid, variant);
  const delegations = scenario.delegations;
  for (let i = 0; i < delegations.length; i++) {
    const d = delegations[i]!;
    if (anyGone && !atTable(s, d.id)) continue;
    let stance: Stance;
    if (moved === null || d.id === moved) {
      stance =
        carrying && carriesRedLine(scenario, s, d.id, pid, variant)
          ? 'block'
          : stanceAt(row, i, s.flex[d.id]?.[pid] ?? 0, finalReading, brackets !== null && brackets.includes(d.id));
      const before = table[d.id];
      table[d.id] = stance;
      if (log && before && before !== stance) {
        // Only the trigger can have moved a stance here: the text on the table, the flexibility it gave
        // (lobbying, a linkage, an event), brackets or the deadline — so the trigger is the cause.
        emit(scenario, s, out, { kind: 'stance', actor: d.id, paragraph: pid, variant: draft.variant, from: before, to: stance, cause });
      }
    } else stance = table[d.id]!;
    // A guest's view is heard but never withholds consensus.
    if (d.member && withholdsConsensus(stance)) withholding[d.id] = stance;
  }
  (s.reactions[pid] ??= {})[draft.variant] = withholding;
}

/** A walk-out in protest: the delegation leaves the table for good, and counts as dissent. */
function leave(scenario: Scenario, s: MeetingState, out: RecordSink, id: string, why: Why = {}) {
  s.walkedOut = inScenarioOrder(scenario, [...s.walkedOut, id]);
  clearSeat(s, id);
  emit(scenario, s, out, { kind: 'walk-out', actor: id, ...why });
}

/**
 * A walk-out undone by the instructor: the delegation is back at the table, no longer dissenting. It
 * takes the slot's time (what it had used before leaving is not kept) and voices its stances again,
 * as a delegation arriving does; what the room settled while it was out stays settled.
 */
function readmit(scenario: Scenario, s: MeetingState, out: RecordSink, id: string) {
  s.walkedOut = s.walkedOut.filter((x) => x !== id);
  emit(scenario, s, out, { kind: 'readmitted', actor: id });
  if (s.away.includes(id)) return;
  const slot = currentSlot(scenario, s);
  if (slot) s.minutesLeft[id] = slot.minutes;
  recomputeStances(scenario, s, scenario.paragraphs.map((p) => p.id), { code: 'opening' }, out, false);
}

/** Leaving without protest (a scheduled departure, an absent session): no stance, no minutes, no dissent. */
function goAway(scenario: Scenario, s: MeetingState, out: RecordSink, id: string, by: 'schedule' | 'event') {
  s.away = inScenarioOrder(scenario, [...s.away, id]);
  clearSeat(s, id);
  emit(scenario, s, out, { kind: 'attendance', actor: id, present: false, by });
  // An ally that carries its instructions now blocks its red lines (attendance.carriedBy).
  if (indexOf(scenario).delegation.get(id)!.attendance?.carriedBy !== undefined) {
    recomputeStances(scenario, s, scenario.paragraphs.map((p) => p.id), { code: 'opening' }, out, false);
  }
}

/** An event that takes a delegation from the table in its own closing turn passes the turn on. */
function passTurnOf(scenario: Scenario, s: MeetingState, out: RecordSink, id: string) {
  if (s.turn === id) nextTurn(scenario, s, out);
}

/** What a delegation leaving the table takes with it: its minutes, its place in the slot and its stances. */
function clearSeat(s: MeetingState, id: string) {
  s.slotEnded = s.slotEnded.filter((x) => x !== id);
  delete s.minutesLeft[id];
  for (const stances of Object.values(s.stances)) delete stances[id];
  for (const reactions of Object.values(s.reactions)) for (const seen of Object.values(reactions)) delete seen[id];
}

/**
 * At the start of every slot, who is at the table by the programme: absent from this session, not yet
 * arrived, or gone after a scheduled departure. A walk-out is never undone here; leaving is never dissent.
 */
function takeAttendance(scenario: Scenario, s: MeetingState, out: RecordSink) {
  const now = absoluteSlot(scenario, s.clock);
  const slotOf = (at: { session: string; slot: string }) => {
    const si = scenario.schedule.findIndex((x) => x.id === at.session);
    return absoluteSlot(scenario, { session: si, slot: scenario.schedule[si]!.slots.findIndex((x) => x.id === at.slot) });
  };
  let arrived = false;
  for (const d of scenario.delegations) {
    const a = d.attendance;
    if (!a || s.walkedOut.includes(d.id)) continue;
    const there =
      presenceOf(scenario, s, d.id) !== 'absent' && (a.arrives === undefined || slotOf(a.arrives) <= now) && (a.departs === undefined || slotOf(a.departs) >= now);
    const away = s.away.includes(d.id);
    if (there && away) {
      s.away = s.away.filter((id) => id !== d.id);
      emit(scenario, s, out, { kind: 'attendance', actor: d.id, present: true, by: 'schedule' });
      arrived = true;
    } else if (!there && !away) goAway(scenario, s, out, d.id, 'schedule');
  }
  // Those who came take their stances on every paragraph (nobody else's moved, so nothing is logged).
  if (arrived) recomputeStances(scenario, s, scenario.paragraphs.map((p) => p.id), { code: 'opening' }, out, false);
}

/** Flexibility moves; why is in the log (the stance records it causes), not in the state. */
function moveFlex(s: MeetingState, delegation: string, pid: string, delta: number) {
  const row = s.flex[delegation];
  if (!row) return;
  const value = Math.max(-100, Math.min(100, (row[pid] ?? 0) + delta));
  if (value === 0) delete row[pid];
  else row[pid] = value;
}

function clampTrust(v: number): number {
  return Math.max(-100, Math.min(100, v));
}

/** One more appeal by `actor` to `target` on a paragraph (each moves it less: the lobbying model's fatigue). */
function countLobbying(scenario: Scenario, s: MeetingState, actor: string, target: string, pid: string) {
  const row = (s.lobbied[actor] ??= {});
  const key = indexOf(scenario).knownKey[target]![pid]!;
  row[key] = (row[key] ?? 0) + 1;
}

function done(s: MeetingState, actor: string, key: string) {
  const list = (s.doneThisSlot[actor] ??= []);
  if (!list.includes(key)) list.push(key);
  s.initiatives[actor] = (s.initiatives[actor] ?? 0) + 1;
}

type Unplaced<R> = R extends LogRecord ? Omit<R, 'step' | 'slot'> : never;

function emit(scenario: Scenario, s: MeetingState, out: RecordSink, record: Unplaced<LogRecord>) {
  s.records += 1;
  // Every caller hands a fresh literal: it is placed in time where it stands rather than copied.
  const placed = record as LogRecord;
  placed.step = s.step;
  placed.slot = absoluteSlot(scenario, s.clock);
  out.push(placed);
}
