// Turns what the player's role may see into what the conference room draws and animates: seats with
// their voiced stances, the paragraph on the table, the clock, the news, and moments from the transcript.
import type { Moment, RoomModel } from '../game/model.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, headsOf, type Scenario } from '../domain/scenario-schema.ts';
import type { LogRecord } from '../domain/log.ts';
import { absoluteSlot } from '../domain/state.ts';
import type { MeetingView } from '../domain/view.ts';
import { flagUrl } from './flags.ts';
import { t } from '../i18n/index.ts';
import { say } from './words.ts';

/** A paragraph's status (open, adopted, footnoted, chair-summary) in the page's language. */
export function statusWords(status: string): string {
  return t(`status.${status}`);
}

/** The wording of a paragraph's current variant, or a note that it is dropped. */
export function wordingOf(scenario: Scenario, paragraphId: string, variant: string): string {
  if (variant === DROPPED) return t('room.dropped');
  const p = indexOf(scenario).paragraph.get(paragraphId);
  return p?.variants.find((v) => v.id === variant)?.text ?? variant;
}

export function roomModel(scenario: Scenario, view: MeetingView, paragraphId: string, selectedSeat: string | null, chairSeat: string): RoomModel {
  const ix = indexOf(scenario);
  const paragraphNumber = scenario.paragraphs.findIndex((p) => p.id === paragraphId) + 1;
  const paragraph = ix.paragraph.get(paragraphId)!;
  const draft = view.draft[paragraphId]!;
  const session = scenario.schedule[Math.min(view.clock.session, scenario.schedule.length - 1)]!;
  const slot = session.slots[Math.min(view.clock.slot, session.slots.length - 1)]!;
  const news = view.transcript
    .filter((r) => r.kind === 'event' || r.kind === 'bulletin')
    .map((r) => say(scenario, r))
    .reverse();
  return {
    title: scenario.meta.title,
    seats: scenario.delegations.map((d) => ({
      id: d.id,
      name: d.name,
      // Co-heads share the card: "Yellen · Powell" (proper names, in any language).
      head: headsOf(d).map((x) => x.name).join(' · '),
      flag: flagUrl(scenario, d.id),
      stance: view.walkedOut.includes(d.id) ? null : (view.stances[paragraphId]?.[d.id] ?? null),
      chair: d.id === chairSeat,
      player: d.id === view.seat,
      walkedOut: view.walkedOut.includes(d.id),
    })),
    selectedSeat,
    paragraph: {
      id: paragraphId,
      number: paragraphNumber,
      title: paragraph.title,
      wording: wordingOf(scenario, paragraphId, draft.variant),
      status: statusWords(draft.status),
    },
    docket: scenario.paragraphs.map((p, i) => ({ id: p.id, number: i + 1, title: p.title, status: view.draft[p.id]!.status })),
    clock: {
      session: view.closed ? t('room.closed') : session.title,
      slot: slot.title,
      minutesLeft: view.closed ? null : view.minutesLeft,
      slotMinutes: slot.minutes,
      slotNumber: Math.min(absoluteSlot(scenario, view.clock) + 1, ix.totalSlots),
      totalSlots: ix.totalSlots,
    },
    news,
  };
}

/** What to animate for new log records: read from their fields, never from their wording. */
export function momentsOf(scenario: Scenario, records: readonly LogRecord[]): Moment[] {
  const moments: Moment[] = [];
  for (const r of records) {
    const text = () => say(scenario, r);
    switch (r.kind) {
      case 'consulted':
        // What is said in a consultation stays between the two delegations: only the walk across is drawn.
        moments.push({ kind: 'consult', actor: r.actor, target: r.target, text: text() });
        break;
      case 'lobbied':
        moments.push({ kind: 'lobby', actor: r.actor, target: r.target, success: r.moved, text: text() });
        break;
      case 'linkage':
        if (r.accepted) moments.push({ kind: 'linkage', actor: r.actor, target: r.target, text: text() });
        break;
      case 'broker':
        // The diamond goes to the delegation that agreed to broker.
        if (r.accepted) moments.push({ kind: 'broker', actor: r.target, text: text() });
        break;
      case 'event':
      case 'bulletin':
        moments.push({ kind: 'event', text: text() });
        break;
      case 'adoption':
        moments.push({ kind: 'adoption', actor: r.actor, success: r.adopted, paragraph: r.paragraph, text: text() });
        break;
      case 'stance':
        moments.push({ kind: 'stance', actor: r.actor, text: text() });
        break;
      case 'slot-opened':
        moments.push({ kind: 'clock', text: text() });
        break;
      case 'walk-out':
        moments.push({ kind: 'walk-out', actor: r.actor, text: text() });
        break;
      default:
        break;
    }
  }
  return moments;
}
