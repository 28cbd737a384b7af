// A view travels as JSON text with the session's shared tables spliced in (server/session.ts viewText):
// the text a client reads is the very message the server meant, whichever tables changed.
import { describe, expect, it } from 'vitest';
import { viewText } from '../../server/session.ts';
import { viewMessageOf } from '../../src/net/protocol.ts';
import { Meeting } from '../../src/engine/meeting.ts';
import { playOut } from '../../src/engine/autoplay.ts';
import { viewFor, viewHeader, type MeetingView } from '../../src/domain/view.ts';
import { seatFacts } from '../../src/domain/availability.ts';
import { scenario } from '../helpers.ts';

describe('a view as JSON text', () => {
  const delhi = scenario('new-delhi-fmm-2023');
  const m = Meeting.open(delhi, { seed: 'text-1', role: 'OBSERVER', difficulty: 'standard' });
  playOut(m);
  const s = m.state;
  const shared = { stances: JSON.stringify(s.stances), draft: JSON.stringify(s.draft), walkedOut: JSON.stringify(s.walkedOut) };
  const facts = { facts: seatFacts(delhi, s, 'RU') };

  it('reads back as the full view the server built', () => {
    const view = viewFor(delhi, s, m.log, 'RU');
    expect(viewMessageOf(viewText(true, view, facts))).toEqual(JSON.parse(JSON.stringify({ full: true, view, ...facts })));
  });
  it('reads back as the delta, with every combination of shared tables spliced in, and none', () => {
    for (const tables of [[], ['stances'], ['draft'], ['walkedOut'], ['stances', 'draft', 'walkedOut']] as const) {
      const view: Partial<MeetingView> = { ...viewHeader(delhi, s, 'RU'), transcript: m.log.slice(-5) };
      for (const t of tables) (view as Record<string, unknown>)[t] = s[t];
      const back = viewMessageOf(viewText(false, view, tables.length > 0 ? facts : {}, shared));
      expect(back).toEqual(JSON.parse(JSON.stringify({ full: false, view, ...(tables.length > 0 ? facts : {}) })));
    }
  });
});
