// Turns what the player's role may see into what the conference room draws and animates: seats with
// their voiced stances, the paragraph on the table, the clock, the news, and moments from the transcript.
import type { Moment, RoomModel } from '../game/model.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Scenario } from '../domain/scenario-schema.ts';
import { absoluteSlot, type TranscriptEntry } from '../domain/state.ts';
import type { MeetingView } from '../domain/view.ts';
import { flagUrl } from './flags.ts';

export const STATUS_WORDS: Record<string, string> = {
  open: 'under negotiation',
  adopted: 'adopted by consensus',
  footnoted: 'kept with a footnote',
  'chair-summary': "moved to the chair's summary",
};

/** The wording of a paragraph's current variant, or a note that it is dropped. */
export function wordingOf(scenario: Scenario, paragraphId: string, variant: string): string {
  if (variant === DROPPED) return '(dropped from the text)';
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
    .filter((e) => e.kind === 'event')
    .map((e) => e.text)
    .reverse();
  return {
    title: scenario.meta.title,
    seats: scenario.delegations.map((d) => ({
      id: d.id,
      name: d.name,
      head: d.head.name,
      flag: flagUrl(scenario, d.id),
      stance: view.walkedOut.includes(d.id) ? null : (view.stances[paragraphId]?.[d.id] ?? null),
      chair: d.id === chairSeat,
      player: d.id === view.seat,
      walkedOut: view.walkedOut.includes(d.id),
    })),
    selectedSeat,
    paragraph: {
      number: paragraphNumber,
      title: paragraph.title,
      wording: wordingOf(scenario, paragraphId, draft.variant),
      status: STATUS_WORDS[draft.status] ?? draft.status,
    },
    clock: {
      session: view.closed ? 'The meeting has closed' : session.title,
      slot: slot.title,
      minutesLeft: view.closed ? null : view.minutesLeft,
      slotMinutes: slot.minutes,
      slotNumber: Math.min(absoluteSlot(scenario, view.clock) + 1, ix.totalSlots),
      totalSlots: ix.totalSlots,
    },
    news,
  };
}

/** What to animate for new transcript entries. */
export function momentsOf(entries: readonly TranscriptEntry[]): Moment[] {
  const moments: Moment[] = [];
  for (const e of entries) {
    const base = { actor: e.actor, target: e.target, text: e.text };
    if (e.kind === 'lobbying') moments.push({ ...base, kind: 'lobby', success: e.text.includes('shows flexibility') });
    else if (e.kind === 'linkage') moments.push({ ...base, kind: 'linkage' });
    else if (e.kind === 'broker') moments.push({ ...base, kind: 'broker', actor: e.target ?? e.actor, target: undefined });
    else if (e.kind === 'event') moments.push({ ...base, kind: 'event' });
    else if (e.kind === 'adoption') moments.push({ ...base, kind: 'adoption', success: !e.text.includes('no consensus') });
    else if (e.kind === 'stance') moments.push({ ...base, kind: 'stance' });
    else if (e.kind === 'clock' && e.text.includes('—')) moments.push({ ...base, kind: 'clock' });
    // Only consultations are private entries: what is said there stays between the two delegations.
    else if (e.private) moments.push({ ...base, kind: 'consult' });
    else if ((e.kind === 'command' || e.kind === 'ai') && e.text.includes(' walks out')) moments.push({ ...base, kind: 'walk-out' });
  }
  return moments;
}
