// The scenario as one seat may hold it: the room's public facts (names, flags, blocs, standing, the
// paragraphs and their wordings, the schedule, the presidency), its own delegation's instructions,
// what it learnt by consulting, and the events that have broken — never another delegation's
// positions, red lines, salience, motives or affinities, and never an event still in the deck.
import type { Delegation, EventCard, Scenario } from './scenario-schema.ts';
import type { MeetingState } from './state.ts';

/**
 * The motive a seat has not learnt stands at the middle of the scale, as a seat's own estimates take
 * it (observation.ts): the field must hold a number, and this one says nothing about the delegation.
 */
const UNKNOWN_MOTIVE = 50;

/**
 * The scenario `seat` may know at this state (null: a watcher without a delegation, who knows only the
 * public room). Same shape as a scenario, so the pages that draw a scenario draw this one; what the seat
 * cannot know is absent (no positions, no affinities) or neutral (motives at the middle), never invented.
 * The full scenario is the only authority: this copy is for showing, and the rules never run on it but
 * to check the seat's own commands, which read none of what it leaves out.
 */
export function publicScenario(scenario: Scenario, state: MeetingState, seat: string | null): Scenario {
  const known = seat ? (state.known[seat] ?? {}) : {};
  const dealt = new Set(state.eventsDealt);
  return {
    format: scenario.format,
    meta: scenario.meta,
    presidency: scenario.presidency,
    delegations: scenario.delegations.map((d) => (d.id === seat ? d : publicDelegation(d, known))),
    paragraphs: scenario.paragraphs,
    schedule: scenario.schedule,
    // An event is public once it has broken; its effects are the rules' business, seen only in what they change.
    events: scenario.events.filter((e) => dealt.has(e.id)).map(brokenEvent),
    // The historical record: its outcome and summary are public history; which members dissented on
    // which paragraph hints at their red lines, so it waits for the meeting's close.
    historical: state.closed ? scenario.historical : { ...scenario.historical, paragraphs: [], walkedOut: [], departed: [] },
  };
}

/** Another delegation as the room knows it, with the positions the seat consulted (and, having talked with it, its motives). */
function publicDelegation(d: Delegation, known: Readonly<Record<string, true>>): Delegation {
  const positions: Delegation['positions'] = {};
  let talked = false;
  for (const [paragraph, position] of Object.entries(d.positions)) {
    if (known[`${d.id}/${paragraph}`]) {
      positions[paragraph] = position;
      talked = true;
    }
  }
  const open: Delegation = {
    id: d.id,
    name: d.name,
    head: d.head,
    ...(d.coHead ? { coHead: d.coHead } : {}),
    blocs: d.blocs,
    clout: d.clout,
    broker: d.broker,
    member: d.member,
    affinities: {},
    // Consulting shows what moves a delegation (observation.ts knowsMotives): the same here.
    motivations: talked ? d.motivations : { principle: UNKNOWN_MOTIVE, interest: UNKNOWN_MOTIVE, reciprocity: UNKNOWN_MOTIVE, 'bloc-pressure': UNKNOWN_MOTIVE },
    positions,
  };
  // Who attends which session is announced with the schedule.
  if (d.attendance) open.attendance = d.attendance;
  return open;
}

/** An event as the room knows it once it has broken: what happened, never what it does to the rules. */
export function brokenEvent(e: EventCard): EventCard {
  return { id: e.id, title: e.title, text: e.text, source: e.source, ...(e.at ? { at: e.at } : {}), weight: e.weight, effects: [] };
}

