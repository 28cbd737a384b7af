// The classroom client's check of its own commands, from its view and two facts, must answer exactly
// as the engine does on the full state: every command of every kind, for the chair and a delegation,
// at every step of a game played out (including pauses, settled paragraphs and the final reading),
// running on the scenario the client holds: its seat's share only (public-scenario.ts).
import { describe, expect, it } from 'vitest';
import { checkOnView, seatFacts } from '../src/domain/availability.ts';
import type { Command } from '../src/domain/commands.ts';
import { QUIET_PER_SLOT } from '../src/domain/rules.ts';
import { publicScenario } from '../src/domain/public-scenario.ts';
import { DROPPED } from '../src/domain/scenario-schema.ts';
import { INSTRUCTOR } from '../src/domain/state.ts';
import { viewFor } from '../src/domain/view.ts';
import { scriptedCommand } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { scenario as load } from './helpers.ts';

function commandsFor(meeting: Meeting, seat: string): Command[] {
  const sc = meeting.scenario;
  const others = sc.delegations.filter((d) => d.id !== seat).map((d) => d.id);
  const out: Command[] = [{ type: 'end-slot', actor: seat }, { type: 'walk-out', actor: seat }, { type: 'advance-slot', actor: seat }];
  // Answers to the offers waiting for the seat, to offers made to others, and to one that never was.
  for (const o of meeting.state.offers) out.push({ type: 'answer-offer', actor: seat, offer: o.id, accept: true }, { type: 'answer-offer', actor: seat, offer: o.id, accept: false });
  out.push({ type: 'answer-offer', actor: seat, offer: 999_999, accept: true });
  for (const [i, p] of sc.paragraphs.entries()) {
    const target = others[i % others.length]!;
    const next = sc.paragraphs[(i + 1) % sc.paragraphs.length]!.id;
    out.push(
      { type: 'consult', actor: seat, target, paragraph: p.id },
      { type: 'lobby', actor: seat, target, paragraph: p.id, approach: 'interest' },
      { type: 'offer-linkage', actor: seat, target, give: p.id, get: next },
      { type: 'enlist-broker', actor: seat, broker: target, paragraph: p.id },
      { type: 'bracket', actor: seat, paragraph: p.id },
      { type: 'unbracket', actor: seat, paragraph: p.id },
      { type: 'call-adoption', actor: seat, paragraph: p.id },
      { type: 'record-footnote', actor: seat, paragraph: p.id },
      { type: 'move-to-chair-summary', actor: seat, paragraph: p.id },
      { type: 'message', actor: seat, target, text: 'hello' },
      ...[...p.variants.map((v) => v.id), DROPPED].map((variant): Command => ({ type: 'propose', actor: seat, paragraph: p.id, variant })),
    );
  }
  return out;
}

describe('checkOnView', () => {
  it('agrees with the engine for the chair and a delegation through a whole game', () => {
    const sc = load('new-delhi-fmm-2023');
    const chair = sc.presidency.chair;
    const other = sc.delegations.find((d) => d.id !== chair)!.id;
    const meeting = Meeting.open(sc, { seed: 'availability', role: 'CHAIR', difficulty: 'standard' });
    let compared = 0;
    let offersSeen = 0;
    for (let n = 0; !meeting.closed && n < 400; n++) {
      offersSeen += meeting.state.offers.length;
      for (const seat of [chair, other]) {
        const view = viewFor(sc, meeting.state, meeting.log, seat === chair ? 'CHAIR' : seat);
        const facts = seatFacts(sc, meeting.state, seat);
        const held = publicScenario(sc, meeting.state, seat);
        for (const command of commandsFor(meeting, seat)) {
          expect(checkOnView(held, view, facts, command), `${command.type} by ${seat} at step ${meeting.state.step}`).toEqual(meeting.check(command));
          compared += 1;
        }
      }
      // Now and then a pause, so the paused answers are compared too.
      if (n % 25 === 5) meeting.send({ type: 'pause', actor: INSTRUCTOR });
      else if (meeting.state.paused) meeting.send({ type: 'resume', actor: INSTRUCTOR });
      else meeting.send(scriptedCommand(meeting, chair));
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(offersSeen, 'the game should have put offers to the chair').toBeGreaterThan(0);
  });
  it('agrees with the engine once a seat has sent as many messages as a slot allows', () => {
    const sc = load('new-delhi-fmm-2023');
    const chair = sc.presidency.chair;
    const other = sc.delegations.find((d) => d.id !== chair)!.id;
    const meeting = Meeting.open(sc, { seed: 'quiet', role: 'CHAIR', difficulty: 'standard' });
    const message: Command = { type: 'message', actor: chair, target: other, text: 'a word in private' };
    const answers = () => checkOnView(sc, viewFor(sc, meeting.state, meeting.log, 'CHAIR'), seatFacts(sc, meeting.state, chair), message);
    for (let i = 0; i < QUIET_PER_SLOT; i++) {
      expect(answers(), `message ${i + 1}`).toEqual(meeting.check(message));
      expect(meeting.send(message).ok).toBe(true);
    }
    expect(meeting.check(message)?.code).toBe('too-many-messages');
    expect(answers()).toEqual(meeting.check(message));
  });
});
