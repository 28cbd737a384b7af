// A view travels as JSON text with what a session's clients share spliced in (server/session.ts
// viewText): the text a client reads is the very message the server meant, and a delta's changed rows,
// merged into the view the client holds, give the tables the server has.
import { describe, expect, it } from 'vitest';
import { changedRows, viewText } from '../../server/session.ts';
import { viewMessageOf } from '../../src/net/protocol.ts';
import { Meeting } from '../../src/engine/meeting.ts';
import { playOut } from '../../src/engine/autoplay.ts';
import { viewFor, viewHeader, type MeetingView } from '../../src/domain/view.ts';
import { seatFacts } from '../../src/domain/availability.ts';
import { INSTRUCTOR } from '../../src/domain/state.ts';
import { scenario } from '../helpers.ts';

describe('a view as JSON text', () => {
  const delhi = scenario('new-delhi-fmm-2023');
  const m = Meeting.open(delhi, { seed: 'text-1', role: 'OBSERVER', difficulty: 'standard' });
  playOut(m);
  const s = m.state;
  const facts = { facts: seatFacts(delhi, s, 'RU') };

  it('reads back as the full view the server built', () => {
    const view = viewFor(delhi, s, m.log, 'RU');
    expect(viewMessageOf(viewText(true, view, facts))).toEqual(JSON.parse(JSON.stringify({ full: true, view, ...facts })));
  });

  it('reads back as the delta, with and without changed rows and walk-outs spliced in', () => {
    const rows = changedRows(s.stances, new Map());
    for (const withRows of [false, true])
      for (const walked of [false, true]) {
        const view: Partial<MeetingView> = { ...viewHeader(delhi, s, 'RU'), transcript: m.log.slice(-5), ...(walked ? { walkedOut: s.walkedOut } : {}) };
        const back = viewMessageOf(viewText(false, view, facts, { rows: withRows ? `{"stances":${rows}}` : null, walkedOut: JSON.stringify(s.walkedOut) }));
        expect(back).toEqual(JSON.parse(JSON.stringify({ full: false, view, ...(withRows ? { rows: { stances: s.stances } } : {}), ...facts })));
      }
  });

  it('sends only the rows a command changed, and none when nothing changed', () => {
    const live = Meeting.open(delhi, { seed: 'rows-1', role: 'CHAIR', difficulty: 'standard' });
    const sent = { stances: new Map<string, string>(), draft: new Map<string, string>() };
    const first = JSON.parse(changedRows(live.state.stances, sent.stances)!);
    changedRows(live.state.draft, sent.draft);
    expect(Object.keys(first)).toEqual(delhi.paragraphs.map((p) => p.id));
    expect(changedRows(live.state.stances, sent.stances)).toBeNull();
    // Past the dinner (talk only), the chair tables the weakest wording of the Ukraine paragraph:
    // that paragraph's rows change, and no other.
    const propose = { type: 'propose', actor: delhi.presidency.chair, paragraph: 'ukraine-war', variant: 'discussion' } as const;
    for (let i = 0; i < 5 && live.check(propose) !== null; i++) live.send({ type: 'advance-slot', actor: INSTRUCTOR });
    changedRows(live.state.stances, sent.stances);
    changedRows(live.state.draft, sent.draft);
    const before = JSON.parse(JSON.stringify(live.state.stances));
    expect(live.send(propose).ok).toBe(true);
    expect(Object.keys(JSON.parse(changedRows(live.state.draft, sent.draft)!))).toEqual(['ukraine-war']);
    const stances = JSON.parse(changedRows(live.state.stances, sent.stances)!);
    expect(Object.keys(stances)).toEqual(['ukraine-war']);
    // The held table with the rows merged in is the table as the server has it.
    expect({ ...before, ...stances }).toEqual(JSON.parse(JSON.stringify(live.state.stances)));
    expect(changedRows(live.state.stances, sent.stances)).toBeNull();
  });
});
