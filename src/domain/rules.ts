// The rules of the meeting: whether a command is legal now, and what it does — including every AI
// response it provokes, the close of a slot, events and the consensus test at adoption.
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
import { chooseCommand } from './ai.ts';
import { indexOf, inScenarioOrder } from './scenario-index.ts';
import { DROPPED, type Approach, type EventCard, type Scenario } from './scenario-schema.ts';
import { currentStance, currentStanceCode, FOOTNOTE_SALIENCE, variantLabel, withholdsConsensus } from './stance.ts';
import { presentDelegations, withholders } from './room.ts';
import { bestApproach, DIFFICULTY_EFFECT, lobbyChance } from './models.ts';
import {
  absoluteSlot,
  blankState,
  cloneState,
  currentSession,
  currentSlot,
  INSTRUCTOR,

  type EntryKind,
  type MeetingConfig,
  type MeetingState,
  type Stance,
} from './state.ts';

/** The chance (percent) that an unscheduled event from the deck is dealt at the close of a slot. */
export const EVENT_CHANCE = 40;
/** Flexibility each side of an accepted linkage shows on its paragraph. */
export const LINKAGE_FLEX = 15;
/** At most this many actions per AI seat and slot, so a slot always ends. */
const AI_ACTIONS_PER_SLOT = 40;

const APPROACH_WORDS: Record<Approach, string> = {
  principle: 'an appeal to principle',
  interest: 'an appeal to shared interests',
  reciprocity: 'an appeal to reciprocity',
  'bloc-pressure': 'pressure from its bloc',
};

/** The meeting at its opening: the first slot's minutes, scheduled events and everyone's first stances. */
export function openMeeting(scenario: Scenario, scenarioHash: string, config: MeetingConfig): MeetingState {
  const state = blankState(scenario, scenarioHash, config);
  recomputeStances(scenario, state, scenario.paragraphs.map((p) => p.id), false);
  note(scenario, state, 'clock', `The meeting opens: ${scenario.meta.title}.`);
  startSlot(scenario, state);
  return state;
}

// ---------------------------------------------------------------------------------------------
// Legality

/** Null when `command` is legal now; otherwise the reason it is refused. */
export function checkCommand(scenario: Scenario, state: MeetingState, command: Command): Refusal | null {
  const ix = indexOf(scenario);
  if (state.closed) return refusal('meeting-closed', 'The meeting has closed.');
  if (command.actor === INSTRUCTOR) {
    if (command.type === 'pause') return state.paused ? refusal('already-so', 'The meeting is already paused.') : null;
    if (command.type === 'resume') return state.paused ? null : refusal('not-paused', 'The meeting is not paused.');
    // Seats may be handed out and the meeting ended while it is paused (a class is seated before it starts).
    if (state.paused && command.type !== 'assign-seat' && command.type !== 'adjourn') {
      return refusal('meeting-paused', 'The meeting is paused; resume it first.');
    }
    if (command.type === 'assign-seat') {
      if (!indexOf(scenario).delegation.has(command.delegation)) {
        return refusal('unknown-delegation', `There is no delegation "${command.delegation}".`);
      }
      if (state.humanSeats.includes(command.delegation) === (command.to === 'human')) {
        return refusal('already-so', `That seat is already played by ${command.to === 'human' ? 'a person' : 'the AI'}.`);
      }
      return null;
    }
    if (command.type === 'inject-event' && typeof command.event === 'string') {
      if (!scenario.events.some((e) => e.id === command.event)) {
        return refusal('unknown-event', `There is no event "${command.event}" in this scenario's deck.`);
      }
      if (state.eventsDealt.includes(command.event)) return refusal('already-so', `The event "${command.event}" has already happened.`);
    }
    return null;
  }
  if (INSTRUCTOR_ONLY.has(command.type)) {
    return refusal('instructor-only', `Only the instructor may ${command.type.replace('-', ' ')}.`);
  }
  if (state.paused) return refusal('meeting-paused', 'The meeting is paused by the instructor.');

  const actor = ix.delegation.get(command.actor);
  if (!actor) return refusal('unknown-delegation', `There is no delegation "${command.actor}".`);
  if (state.walkedOut.includes(actor.id)) return refusal('walked-out', `${actor.name} has left the meeting.`);

  const session = currentSession(scenario, state)!;
  const chair = scenario.presidency.chair;
  if (CHAIR_ONLY.has(command.type) && actor.id !== chair) {
    return refusal('chair-only', 'Only the chair may do that.');
  }
  if (DRAFTING.has(command.type) && session.kind === 'informal') {
    return refusal('not-in-this-session', `No text is tabled during ${session.title}; wait for a working session.`);
  }
  if (FINAL_READING_ONLY.has(command.type) && session.kind !== 'final-reading') {
    return refusal('not-in-this-session', 'Footnotes and the chair\'s summary belong to the final reading.');
  }
  if (command.type === 'end-slot' && state.slotEnded.includes(actor.id)) {
    return refusal('slot-already-ended', `${actor.name} has already ended this slot.`);
  }
  const cost = COMMAND_MINUTES[command.type];
  const left = state.minutesLeft[actor.id] ?? 0;
  if (cost > left) {
    return refusal('no-time-left', `That takes ${cost} minutes and ${actor.name} has ${left} left in this slot; end the slot.`);
  }

  const other = 'target' in command ? command.target : 'broker' in command ? command.broker : undefined;
  if (other !== undefined) {
    const target = ix.delegation.get(other);
    if (!target) return refusal('unknown-delegation', `There is no delegation "${other}".`);
    if (target.id === actor.id) return refusal('same-delegation', `${actor.name} cannot do that to itself.`);
    if (state.walkedOut.includes(target.id)) return refusal('walked-out', `${target.name} has left the meeting.`);
  }
  const paragraphIds = 'give' in command ? [command.give, command.get] : 'paragraph' in command ? [command.paragraph] : [];
  for (const pid of paragraphIds) {
    if (!ix.paragraph.has(pid)) return refusal('unknown-paragraph', `There is no paragraph "${pid}".`);
  }
  if ('give' in command && command.give === command.get) {
    return refusal('same-delegation', 'A linkage trades flexibility on one paragraph for flexibility on another.');
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
      if (!known) return refusal('unknown-variant', `"${paragraph.title}" has no variant "${command.variant}".`);
      if (draft.variant === command.variant) return refusal('already-so', 'That wording is already on the table.');
      return null;
    }
    case 'bracket':
      return draft.brackets.includes(actor.id) ? refusal('already-so', `${actor.name} already holds brackets there.`) : null;
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

/** The state after a legal command (check it with `checkCommand` first). The input is not changed. */
export function applyCommand(scenario: Scenario, state: MeetingState, command: Command): MeetingState {
  const next = cloneState(state);
  next.step += 1;
  perform(scenario, next, command, false);
  return next;
}

/**
 * Applies a legal command to `state` itself, without copying it first: for batch runs, where no one
 * keeps the earlier state. Gives exactly the same result as `applyCommand`.
 */
export function applyCommandInPlace(scenario: Scenario, state: MeetingState, command: Command): void {
  state.step += 1;
  perform(scenario, state, command, false);
}

/**
 * States played without narration (batch runs): transcript entries are still written, so the state hash
 * is the same, but the costly wording of reasons is skipped — the hash leaves the wording out anyway.
 */
const unnarrated = new WeakSet<MeetingState>();

/** Plays `state` on without composing the reasons' wording (for batch runs; the hash does not change). */
export function withoutNarration(state: MeetingState): MeetingState {
  unnarrated.add(state);
  return state;
}

/** Carries out an AI seat's decision and adds its reason to the first line it writes in the transcript. */
function performWithReason(scenario: Scenario, s: MeetingState, command: Command, why: string): void {
  const mark = s.transcript.length;
  perform(scenario, s, command, true);
  if (unnarrated.has(s)) return;
  const first = s.transcript[mark];
  if (first && why) s.transcript[mark] = { ...first, text: `${first.text.replace(/\.$/, '')} (${why}).` };
}

/** Carries out a command on a mutable state; `byAI` marks actions the AI takes for its own seats. */
function perform(scenario: Scenario, s: MeetingState, command: Command, byAI: boolean): void {
  const ix = indexOf(scenario);
  const kind: EntryKind = byAI ? 'ai' : 'command';
  if (command.actor !== INSTRUCTOR) {
    s.minutesLeft[command.actor] = (s.minutesLeft[command.actor] ?? 0) - COMMAND_MINUTES[command.type];
  }
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const title = (pid: string) => ix.paragraph.get(pid)?.title ?? pid;

  switch (command.type) {
    case 'consult': {
      const target = ix.delegation.get(command.target)!;
      const position = target.positions[command.paragraph]!;
      const key = `${target.id}/${command.paragraph}`;
      s.known[command.actor]![key] = true;
      done(s, command.actor, `consult:${target.id}:${command.paragraph}`);
      note(scenario, s, kind, `${name(command.actor)} consults ${target.name} on ${title(command.paragraph)}. ${target.name}: ${position.reason}`, {
        actor: command.actor,
        target: target.id,
        paragraph: command.paragraph,
        private: true,
      });
      return;
    }
    case 'lobby':
      lobby(scenario, s, command.actor, command.target, command.paragraph, command.approach, { player: !byAI, kind });
      return;
    case 'propose': {
      const paragraph = ix.paragraph.get(command.paragraph)!;
      const draft = s.draft[paragraph.id]!;
      done(s, command.actor, `propose:${paragraph.id}:${command.variant}`);
      if (command.actor === scenario.presidency.chair) {
        draft.variant = command.variant;
        draft.amendments = draft.amendments.filter((a) => a.variant !== command.variant);
        note(scenario, s, kind, `The chair tables ${variantLabel(paragraph, command.variant)} for ${paragraph.title}.`, {
          actor: command.actor,
          paragraph: paragraph.id,
        });
        recomputeStances(scenario, s, [paragraph.id]);
      } else {
        draft.amendments = draft.amendments.filter((a) => a.by !== command.actor);
        draft.amendments.push({ by: command.actor, variant: command.variant, step: s.step });
        note(scenario, s, kind, `${name(command.actor)} proposes ${variantLabel(paragraph, command.variant)} for ${paragraph.title}.`, {
          actor: command.actor,
          paragraph: paragraph.id,
        });
      }
      return;
    }
    case 'offer-linkage':
      offerLinkage(scenario, s, command.actor, command.target, command.give, command.get, !byAI);
      return;
    case 'enlist-broker':
      enlistBroker(scenario, s, command.actor, command.broker, command.paragraph, kind);
      return;
    case 'bracket':
    case 'unbracket': {
      const draft = s.draft[command.paragraph]!;
      draft.brackets =
        command.type === 'bracket'
          ? inScenarioOrder(scenario, [...draft.brackets, command.actor])
          : draft.brackets.filter((id) => id !== command.actor);
      done(s, command.actor, `${command.type}:${command.paragraph}`);
      note(
        scenario,
        s,
        kind,
        command.type === 'bracket'
          ? `${name(command.actor)} places ${title(command.paragraph)} in brackets.`
          : `${name(command.actor)} lifts its brackets on ${title(command.paragraph)}.`,
        { actor: command.actor, paragraph: command.paragraph },
      );
      recomputeStances(scenario, s, [command.paragraph]);
      return;
    }
    case 'call-adoption':
      callAdoption(scenario, s, command.actor, command.paragraph, kind);
      return;
    case 'record-footnote':
    case 'move-to-chair-summary': {
      const paragraph = ix.paragraph.get(command.paragraph)!;
      const draft = s.draft[paragraph.id]!;
      draft.dissenters = withholders(scenario, s, paragraph);
      draft.status = command.type === 'record-footnote' ? 'footnoted' : 'chair-summary';
      draft.settledSlot = absoluteSlot(scenario, s.clock);
      const names = draft.dissenters.map(name).join(' and ');
      note(
        scenario,
        s,
        'adoption',
        command.type === 'record-footnote'
          ? `The chair keeps ${paragraph.title} with a footnote: agreed by all members except ${names}.`
          : `The chair moves ${paragraph.title} to the chair's summary, on its own authority; ${names} do not agree.`,
        { actor: command.actor, paragraph: paragraph.id },
      );
      return;
    }
    case 'walk-out': {
      s.walkedOut = inScenarioOrder(scenario, [...s.walkedOut, command.actor]);
      s.slotEnded = s.slotEnded.filter((id) => id !== command.actor);
      note(scenario, s, kind, `${name(command.actor)} walks out of the meeting.`, { actor: command.actor });
      for (const stances of Object.values(s.stances)) delete stances[command.actor];
      // A player leaving may complete the slot; an AI seat leaves while the slot is already closing.
      if (!byAI) maybeCloseSlot(scenario, s);
      return;
    }
    case 'end-slot':
      s.slotEnded = inScenarioOrder(scenario, [...s.slotEnded, command.actor]);
      maybeCloseSlot(scenario, s);
      return;
    case 'message':
      note(scenario, s, 'message', `${name(command.actor)} to ${name(command.target)}: ${command.text}`, {
        actor: command.actor,
        target: command.target,
        private: true,
      });
      return;
    case 'assign-seat': {
      const seats = s.humanSeats.filter((id) => id !== command.delegation);
      s.humanSeats = command.to === 'human' ? inScenarioOrder(scenario, [...seats, command.delegation]) : seats;
      s.slotEnded = s.slotEnded.filter((id) => s.humanSeats.includes(id));
      note(
        scenario,
        s,
        'clock',
        command.to === 'human'
          ? `A delegate takes ${name(command.delegation)}'s seat.`
          : `The AI takes over ${name(command.delegation)}'s seat.`,
        { actor: INSTRUCTOR, target: command.delegation },
      );
      // Handing the last waiting seat to the AI may complete the slot.
      if (command.to === 'ai' && s.humanSeats.length > 0 && !s.paused) maybeCloseSlot(scenario, s);
      return;
    }
    case 'adjourn':
      note(scenario, s, 'clock', 'The instructor adjourns the meeting.', { actor: INSTRUCTOR });
      s.closed = true;
      s.minutesLeft = {};
      s.brokers = [];
      note(scenario, s, 'clock', 'The meeting closes.');
      return;
    case 'advance-slot':
      note(scenario, s, 'clock', 'The instructor closes the slot.', { actor: INSTRUCTOR });
      closeSlot(scenario, s);
      return;
    case 'pause':
    case 'resume':
      s.paused = command.type === 'pause';
      note(scenario, s, 'clock', command.type === 'pause' ? 'The instructor pauses the meeting.' : 'The instructor resumes the meeting.', {
        actor: INSTRUCTOR,
      });
      return;
    case 'inject-event':
      if (typeof command.event === 'string') {
        dealEvent(scenario, s, scenario.events.find((e) => e.id === command.event)!);
      } else {
        note(scenario, s, 'event', `${command.event.title}: ${command.event.text}`, { actor: INSTRUCTOR });
      }
      return;
  }
}

function lobby(
  scenario: Scenario,
  s: MeetingState,
  actorId: string,
  targetId: string,
  pid: string,
  approach: Approach,
  opts: { player: boolean; kind: EntryKind; brokerBonus?: number },
): boolean {
  const ix = indexOf(scenario);
  const actor = ix.delegation.get(actorId)!;
  const target = ix.delegation.get(targetId)!;
  const paragraph = ix.paragraph.get(pid)!;
  const key = `${actorId}>${targetId}/${pid}`;
  const times = s.lobbied[key] ?? 0;
  done(s, actorId, `lobby:${targetId}:${pid}`);

  const chance = lobbyChance(scenario, s, actor, target, paragraph, approach, { player: opts.player, brokerBonus: opts.brokerBonus });
  s.lobbied[key] = times + 1;
  const success = roll(s.rng, 'lobbying', (dice) => dice.chance(chance));
  const how = APPROACH_WORDS[approach];
  if (success) {
    let gain = 10 + Math.floor(target.motivations[approach] / 10);
    if (opts.player) gain = Math.floor((gain * DIFFICULTY_EFFECT[s.difficulty].gain) / 100);
    moveFlex(s, targetId, pid, gain, `${actor.name}'s ${how.replace(/^an? /, '')}`);
    s.trust[targetId]![actorId] = clampTrust((s.trust[targetId]![actorId] ?? 0) + 2);
    note(scenario, s, 'lobbying', `${actor.name} lobbies ${target.name} on ${paragraph.title} with ${how}: ${target.name} shows flexibility.`, {
      actor: actorId,
      target: targetId,
      paragraph: pid,
    });
    recomputeStances(scenario, s, [pid]);
  } else {
    const backlash = approach === 'bloc-pressure' ? 10 : 3;
    s.trust[targetId]![actorId] = clampTrust((s.trust[targetId]![actorId] ?? 0) - backlash);
    note(scenario, s, 'lobbying', `${actor.name} lobbies ${target.name} on ${paragraph.title} with ${how}: ${target.name} is not moved.`, {
      actor: actorId,
      target: targetId,
      paragraph: pid,
    });
  }
  return success;
}

function offerLinkage(scenario: Scenario, s: MeetingState, actorId: string, targetId: string, give: string, get: string, player: boolean) {
  const ix = indexOf(scenario);
  const actor = ix.delegation.get(actorId)!;
  const target = ix.delegation.get(targetId)!;
  done(s, actorId, `linkage:${targetId}:${give}:${get}`);
  const gains = target.positions[give]!.salience;
  const costs = target.positions[get]!.salience;
  const trust = s.trust[targetId]?.[actorId] ?? 0;
  // Logrolling (the exchange model): worth it when the target cares more about what it receives than
  // what it yields. A harder room reads a player's offers more warily and wants a clearer gain.
  const margin = player ? DIFFICULTY_EFFECT[s.difficulty].linkageMargin : 1;
  const accepted = gains >= costs + margin && trust > -40;
  const giveTitle = ix.paragraph.get(give)!.title;
  const getTitle = ix.paragraph.get(get)!.title;
  if (!accepted) {
    note(
      scenario,
      s,
      'linkage',
      `${actor.name} offers flexibility on ${giveTitle} for ${target.name}'s on ${getTitle}; ${target.name} declines: ${
        trust <= -40 ? 'it does not trust the offer' : `${getTitle} matters more to it than ${giveTitle}`
      }.`,
      { actor: actorId, target: targetId },
    );
    return;
  }
  moveFlex(s, actorId, give, LINKAGE_FLEX, `its linkage with ${target.name}`);
  moveFlex(s, targetId, get, LINKAGE_FLEX, `its linkage with ${actor.name}`);
  s.linkages.push({ from: actorId, to: targetId, give, get, step: s.step });
  s.trust[targetId]![actorId] = clampTrust(trust + 5);
  s.trust[actorId]![targetId] = clampTrust((s.trust[actorId]![targetId] ?? 0) + 5);
  note(
    scenario,
    s,
    'linkage',
    `${actor.name} and ${target.name} strike a linkage: ${actor.name} gives ground on ${giveTitle}, ${target.name} on ${getTitle}.`,
    { actor: actorId, target: targetId },
  );
  recomputeStances(scenario, s, [give, get]);
}

function enlistBroker(scenario: Scenario, s: MeetingState, actorId: string, brokerId: string, pid: string, kind: EntryKind) {
  const ix = indexOf(scenario);
  const actor = ix.delegation.get(actorId)!;
  const broker = ix.delegation.get(brokerId)!;
  const paragraph = ix.paragraph.get(pid)!;
  done(s, actorId, `broker:${brokerId}:${pid}`);
  const brokerStance = s.stances[pid]?.[brokerId] ?? 'accept';
  const trust = s.trust[brokerId]?.[actorId] ?? 0;
  if (broker.broker < 30 || trust < -20 || withholdsConsensus(brokerStance)) {
    const why =
      broker.broker < 30
        ? 'it does not see itself as a bridge-builder'
        : trust < -20
          ? `it does not trust ${actor.name}`
          : 'it opposes the text itself';
    note(scenario, s, 'broker', `${actor.name} asks ${broker.name} to broker ${paragraph.title}; ${broker.name} declines: ${why}.`, {
      actor: actorId,
      target: brokerId,
      paragraph: pid,
    });
    return;
  }
  const until = absoluteSlot(scenario, s.clock) + 1;
  s.brokers = s.brokers.filter((m) => !(m.broker === brokerId && m.paragraph === pid));
  s.brokers.push({ broker: brokerId, paragraph: pid, for: actorId, until });
  note(scenario, s, 'broker', `${broker.name} agrees to broker ${paragraph.title} at ${actor.name}'s request.`, {
    actor: actorId,
    target: brokerId,
    paragraph: pid,
  });
  brokerWorks(scenario, s, brokerId, pid);
  void kind;
}

/** A broker drafts bridging text (the strongest wording nobody blocks) and works on those who object. */
function brokerWorks(scenario: Scenario, s: MeetingState, brokerId: string, pid: string) {
  const ix = indexOf(scenario);
  const broker = ix.delegation.get(brokerId)!;
  const paragraph = ix.paragraph.get(pid)!;
  const draft = s.draft[pid]!;
  if (draft.status !== 'open') return;
  const present = presentDelegations(scenario, s);
  const ladder = [...paragraph.variants.map((v) => v.id), ...(paragraph.droppable ? [DROPPED] : [])];
  // Brokers read the room well: they know which wordings someone would block outright.
  const bridge = ladder.find((v) => present.every((d) => !d.positions[pid]!.redLines.includes(v)));
  if (bridge && bridge !== draft.variant && !draft.amendments.some((a) => a.by === brokerId && a.variant === bridge)) {
    draft.amendments = draft.amendments.filter((a) => a.by !== brokerId);
    draft.amendments.push({ by: brokerId, variant: bridge, step: s.step });
    note(scenario, s, 'broker', `${broker.name} drafts bridging text for ${paragraph.title}: ${variantLabel(paragraph, bridge)}.`, {
      actor: brokerId,
      paragraph: pid,
    });
  }
  for (const target of present) {
    if (target.id === brokerId) continue;
    const stance = s.stances[pid]?.[target.id];
    if (stance !== 'object' && stance !== 'reserve') continue;
    lobby(scenario, s, brokerId, target.id, pid, bestApproach(broker, target), {
      player: false,
      kind: 'broker',
      brokerBonus: Math.floor(broker.broker / 5),
    });
  }
}

function callAdoption(scenario: Scenario, s: MeetingState, actorId: string, pid: string, kind: EntryKind) {
  const ix = indexOf(scenario);
  const paragraph = ix.paragraph.get(pid)!;
  const draft = s.draft[pid]!;
  draft.attempts += 1;
  done(s, actorId, `adopt:${pid}`);
  recomputeStances(scenario, s, [pid]);
  const dissent = withholders(scenario, s, paragraph);
  const who = actorId === scenario.presidency.chair ? 'The chair' : ix.delegation.get(actorId)!.name;
  if (dissent.length === 0) {
    draft.status = 'adopted';
    draft.settledSlot = absoluteSlot(scenario, s.clock);
    draft.dissenters = [];
    draft.reservations = presentDelegations(scenario, s)
      .filter((d) => s.stances[pid]![d.id] === 'reserve' && d.positions[pid]!.salience >= FOOTNOTE_SALIENCE)
      .map((d) => d.id);
    const reserved = draft.reservations.map((id) => ix.delegation.get(id)!.name);
    note(
      scenario,
      s,
      'adoption',
      `${who} calls for adoption of ${paragraph.title} (${variantLabel(paragraph, draft.variant)}): adopted by consensus${
        reserved.length > 0 ? `, with the divergent view of ${reserved.join(' and ')} in a footnote` : ''
      }.`,
      { actor: actorId, paragraph: pid },
    );
  } else {
    draft.dissenters = dissent;
    const names = dissent.map((id) => ix.delegation.get(id)!.name);
    note(
      scenario,
      s,
      'adoption',
      `${who} calls for adoption of ${paragraph.title} (${variantLabel(paragraph, draft.variant)}): no consensus — ${names.join(', ')} ${
        names.length === 1 ? 'withholds' : 'withhold'
      } agreement.`,
      { actor: actorId, paragraph: pid },
    );
  }
  void kind;
}

// ---------------------------------------------------------------------------------------------
// The clock

function maybeCloseSlot(scenario: Scenario, s: MeetingState) {
  const waiting = s.humanSeats.filter((id) => !s.walkedOut.includes(id) && !s.slotEnded.includes(id));
  if (waiting.length === 0) closeSlot(scenario, s);
}

/** The AI seats act, brokers work, an event may break, and the clock moves on. */
function closeSlot(scenario: Scenario, s: MeetingState) {
  const ix = indexOf(scenario);
  const absolute = absoluteSlot(scenario, s.clock);
  for (const mandate of s.brokers) {
    if (mandate.until >= absolute && !s.walkedOut.includes(mandate.broker)) brokerWorks(scenario, s, mandate.broker, mandate.paragraph);
  }
  // The chair holds the pen, so it moves first; the others follow in the scenario's order.
  const chair = scenario.presidency.chair;
  const aiSeats = [chair, ...ix.order.filter((id) => id !== chair)].filter(
    (id) => !s.humanSeats.includes(id) && !s.walkedOut.includes(id),
  );
  for (const seat of aiSeats) {
    for (let n = 0; n < AI_ACTIONS_PER_SLOT; n++) {
      const decision = chooseCommand(scenario, s, seat);
      if (!decision || checkCommand(scenario, s, decision.command) !== null) break;
      performWithReason(scenario, s, decision.command, decision.why);
      if (s.closed || decision.command.type === 'walk-out') break;
    }
  }
  if (s.closed) return;
  const unscheduled = scenario.events.filter((e) => !e.at && !s.eventsDealt.includes(e.id));
  const drawn = roll(s.rng, 'events', (dice) => (dice.chance(EVENT_CHANCE) ? dice.weighted(unscheduled, (e) => e.weight) : undefined));
  if (drawn) dealEvent(scenario, s, drawn);
  advanceClock(scenario, s);
}

function advanceClock(scenario: Scenario, s: MeetingState) {
  const before = currentSession(scenario, s)!;
  if (s.clock.slot + 1 < before.slots.length) {
    s.clock = { session: s.clock.session, slot: s.clock.slot + 1 };
  } else if (s.clock.session + 1 < scenario.schedule.length) {
    s.clock = { session: s.clock.session + 1, slot: 0 };
  } else {
    s.closed = true;
    s.minutesLeft = {};
    s.brokers = [];
    note(scenario, s, 'clock', 'The meeting closes.');
    return;
  }
  startSlot(scenario, s);
  if (currentSession(scenario, s)!.kind !== before.kind) recomputeStances(scenario, s, scenario.paragraphs.map((p) => p.id));
}

function startSlot(scenario: Scenario, s: MeetingState) {
  const session = currentSession(scenario, s)!;
  const slot = currentSlot(scenario, s)!;
  s.minutesLeft = {};
  for (const id of indexOf(scenario).order) if (!s.walkedOut.includes(id)) s.minutesLeft[id] = slot.minutes;
  s.slotEnded = [];
  s.doneThisSlot = {};
  s.initiatives = {};
  const absolute = absoluteSlot(scenario, s.clock);
  s.brokers = s.brokers.filter((m) => m.until >= absolute);
  note(scenario, s, 'clock', `${session.title} — ${slot.title} (${slot.minutes} minutes).`);
  for (const event of scenario.events) {
    if (event.at && event.at.session === session.id && event.at.slot === slot.id && !s.eventsDealt.includes(event.id)) {
      dealEvent(scenario, s, event);
    }
  }
}

function dealEvent(scenario: Scenario, s: MeetingState, event: EventCard) {
  const ix = indexOf(scenario);
  s.eventsDealt.push(event.id);
  note(scenario, s, 'event', `${event.title}: ${event.text}`);
  const touched = new Set<string>();
  const pick = (v: 'all' | string[]) => (v === 'all' ? ix.order : v);
  for (const effect of event.effects) {
    if (effect.kind === 'flexibility') {
      const paragraphs = effect.paragraphs === 'all' ? scenario.paragraphs.map((p) => p.id) : effect.paragraphs;
      for (const d of pick(effect.delegations)) {
        for (const pid of paragraphs) {
          moveFlex(s, d, pid, effect.delta, `“${event.title.replace(/\.$/, '')}”`);
          touched.add(pid);
        }
      }
    } else if (effect.kind === 'trust') {
      for (const from of pick(effect.from)) {
        for (const to of pick(effect.to)) {
          if (from !== to && s.trust[from]) s.trust[from]![to] = clampTrust((s.trust[from]![to] ?? 0) + effect.delta);
        }
      }
    } else {
      s.clout[effect.delegation] = Math.max(1, Math.min(100, (s.clout[effect.delegation] ?? 0) + effect.delta));
    }
  }
  if (touched.size > 0) recomputeStances(scenario, s, scenario.paragraphs.filter((p) => touched.has(p.id)).map((p) => p.id));
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Re-derives stances on the given paragraphs and logs each change with its reason. */
export function recomputeStances(scenario: Scenario, s: MeetingState, paragraphIds: string[], log = true) {
  const ix = indexOf(scenario);
  for (const pid of paragraphIds) {
    const paragraph = ix.paragraph.get(pid)!;
    const table = (s.stances[pid] ??= {});
    if (s.draft[pid]!.status !== 'open' && log) continue;
    const withholding: Record<string, Stance> = {};
    for (const d of scenario.delegations) {
      if (s.walkedOut.includes(d.id)) continue;
      const stance = currentStanceCode(scenario, s, d, paragraph);
      const before = table[d.id];
      table[d.id] = stance;
      if (withholdsConsensus(stance)) withholding[d.id] = stance;
      if (log && before && before !== stance) {
        const reason = unnarrated.has(s) ? '' : currentStance(scenario, s, d, paragraph).reason;
        note(scenario, s, 'stance', `${d.name} ${reason.charAt(0).toLowerCase()}${reason.slice(1)}.`, {
          actor: d.id,
          paragraph: pid,
        });
      }
    }
    (s.reactions[pid] ??= {})[s.draft[pid]!.variant] = withholding;
  }
}

function moveFlex(s: MeetingState, delegation: string, pid: string, delta: number, cause: string) {
  const row = s.flex[delegation];
  if (!row) return;
  row[pid] = Math.max(-100, Math.min(100, (row[pid] ?? 0) + delta));
  s.flexCause[delegation]![pid] = cause;
}

function clampTrust(v: number): number {
  return Math.max(-100, Math.min(100, v));
}

function done(s: MeetingState, actor: string, key: string) {
  s.doneThisSlot[`${actor}:${key}`] = true;
  s.initiatives[actor] = (s.initiatives[actor] ?? 0) + 1;
}

function note(
  scenario: Scenario,
  s: MeetingState,
  kind: EntryKind,
  text: string,
  extra: { actor?: string; target?: string; paragraph?: string; private?: boolean } = {},
) {
  s.transcript.push({ step: s.step, slot: absoluteSlot(scenario, s.clock), kind, text, ...extra });
}
