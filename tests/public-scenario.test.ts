// A seat's share of the scenario (src/domain/public-scenario.ts), over every built-in scenario and
// seat through a game played out: its own brief whole, of the others only what it consulted, events
// only once broken, and every record of its transcript still narrated from it alone.
import { describe, expect, it } from 'vitest';
import { publicScenario } from '../src/domain/public-scenario.ts';
import { viewFor } from '../src/domain/view.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { loadTranslator } from '../src/i18n/index.ts';
import { narrate, wordsIn } from '../src/narrate/index.ts';
import { scenario as load } from './helpers.ts';
import { readdirSync } from 'node:fs';

const ids = readdirSync('scenarios')
  .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
  .map((f) => f.slice(0, -'.json'.length));

describe('publicScenario', () => {
  it.each(ids)('%s: each seat holds its own brief, what it learnt, the events that broke, and nothing else', async (id) => {
    const sc = load(id);
    const tr = await loadTranslator('en', ['narration']);
    const seats = [sc.presidency.chair, ...sc.delegations.filter((d) => d.id !== sc.presidency.chair).slice(0, 2).map((d) => d.id)];
    const meeting = Meeting.open(sc, { seed: `public-${id}`, role: seats[1]!, difficulty: 'standard' });
    // The player's seat consults a little; the AI plays the rest to the close.
    for (const target of sc.delegations.filter((d) => d.id !== seats[1]).slice(0, 2)) {
      meeting.send({ type: 'consult', actor: seats[1]!, target: target.id, paragraph: sc.paragraphs[0]!.id });
    }
    const check = () => {
      for (const seat of seats) {
        const held = publicScenario(sc, meeting.state, seat);
        const known = meeting.state.known[seat] ?? {};
        expect(held.delegations.find((d) => d.id === seat)).toEqual(sc.delegations.find((d) => d.id === seat));
        for (const d of held.delegations.filter((d) => d.id !== seat)) {
          const full = sc.delegations.find((f) => f.id === d.id)!;
          expect(Object.keys(d.positions).sort(), `${seat} on ${d.id}`).toEqual(Object.keys(full.positions).filter((p) => known[`${d.id}/${p}`]).sort());
          expect(d.affinities).toEqual({});
          expect(d.note).toBeUndefined();
          if (Object.keys(d.positions).length === 0) expect(Object.values(d.motivations)).toEqual([50, 50, 50, 50]);
        }
        expect(held.events.map((e) => e.id).sort()).toEqual([...meeting.state.eventsDealt].sort());
        expect(held.events.every((e) => e.effects.length === 0)).toBe(true);
        if (!meeting.closed) expect(held.historical.paragraphs).toEqual([]);
        // Everything the seat may read is narrated from its share alone, as on its page.
        const w = wordsIn(held, tr);
        for (const record of viewFor(sc, meeting.state, meeting.log, seat).transcript) expect(() => narrate(record, w)).not.toThrow();
      }
    };
    check();
    const own = meeting.state.known[seats[1]!] ?? {};
    expect(Object.keys(own).length).toBeGreaterThan(0);
    meeting.send({ type: 'end-slot', actor: seats[1]! });
    for (let n = 0; n < 50 && !meeting.closed; n++) {
      meeting.send({ type: 'advance-slot', actor: 'INSTRUCTOR' });
      if (n % 3 === 0) check();
    }
    expect(meeting.closed).toBe(true);
    expect(meeting.state.eventsDealt.length).toBeGreaterThan(0);
    check();
    // Once the meeting has closed, the historical record is history for everyone.
    expect(publicScenario(sc, meeting.state, seats[2]!).historical).toEqual(sc.historical);
  });
});
