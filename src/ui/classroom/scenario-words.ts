// A classroom session's scenario words as a classroom page shows them: the server sends its summary in
// English, so each name is taken by id from the page's own copy of the scenario (in the page's language),
// the server's word only where the page has none; and the clock's session and slot, read the same way.
import type { Scenario } from '../../domain/scenario-schema.ts';
import { current, t as L } from '../../i18n/index.ts';
import type { ControlMessage, ScenarioSummary } from '../../net/protocol.ts';

/** The session and slot the clock stands at, in the page's language ("Closed" once the meeting is over). */
export function clockLine(clock: ControlMessage['clock'], words: Words): string {
  if (clock.sessionTitle === null) return L('pj.closed');
  const session = words.session(clock.session, clock.sessionTitle);
  return clock.slotTitle ? L('ins.clock', { session, slot: words.slot(clock.session, clock.slot, clock.slotTitle) }) : session;
}

/** The names a classroom page shows for one session's scenario. */
export interface Words {
  title: string;
  place: string;
  date: string;
  delegation(id: string): string;
  paragraph(id: string): string;
  event(id: string, fallback: string): string;
  session(index: number, fallback: string): string;
  slot(session: number, slot: number, fallback: string): string;
}

export function wordsFor(summary: ScenarioSummary, local: Scenario | undefined): Words {
  const byId = <T extends { id: string }>(list: readonly T[] | undefined, id: string) => list?.find((x) => x.id === id);
  return {
    title: local?.meta.title ?? summary.title,
    place: local?.meta.place ?? summary.place,
    date: /^\d{4}-\d{2}-\d{2}$/.test(summary.date) ? current().date(summary.date) : summary.date,
    delegation: (id) => byId(local?.delegations, id)?.name ?? byId(summary.delegations, id)?.name ?? id,
    paragraph: (id) => byId(local?.paragraphs, id)?.title ?? byId(summary.paragraphs, id)?.title ?? id,
    event: (id, fallback) => byId(local?.events, id)?.title ?? fallback,
    session: (index, fallback) => local?.schedule[index]?.title ?? fallback,
    slot: (session, slot, fallback) => local?.schedule[session]?.slots[slot]?.title ?? fallback,
  };
}
