// Your delegation is yours: lobbying, linkages and broker requests aimed at a seat a person plays
// arrive as offers that the person accepts or declines; nothing moves that seat without its answer.
import { describe, expect, it } from 'vitest';
import type { Command } from '../src/domain/commands.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { mini, scenario } from './helpers.ts';

const send = (m: Meeting, c: Command) => {
  const r = m.send(c);
  if (!r.ok) throw new Error(r.refusal.message);
};

describe('an offer to a person', () => {
  it("a lobbying appeal to Westia's player moves nothing until Westia accepts it", () => {
    const m = Meeting.open(mini(), { seed: 'offer', role: 'BBB', difficulty: 'standard' });
    const before = m.state.flex.BBB!.split ?? 0;
    send(m, { type: 'lobby', actor: 'AAA', target: 'BBB', paragraph: 'split', approach: 'principle' });
    expect(m.state.flex.BBB!.split ?? 0).toBe(before);
    expect(m.log.at(-1)).toMatchObject({ kind: 'offer', what: 'lobby', actor: 'AAA', target: 'BBB', paragraph: 'split' });
    const [offer] = m.view('BBB').offers;
    expect(offer).toMatchObject({ what: 'lobby', from: 'AAA', to: 'BBB' });
    // Only Westia answers: the chair may not answer for it.
    expect(m.send({ type: 'answer-offer', actor: 'AAA', offer: offer!.id, accept: true })).toMatchObject({ refusal: { code: 'unknown-offer' } });
    send(m, { type: 'answer-offer', actor: 'BBB', offer: offer!.id, accept: true });
    expect(m.state.flex.BBB!.split ?? 0).toBeGreaterThan(before);
    expect(m.view('BBB').offers).toEqual([]);
  });

  it('a declined linkage changes nothing; an accepted one moves both sides', () => {
    const m = Meeting.open(mini(), { seed: 'linkage', role: 'BBB', difficulty: 'standard' });
    send(m, { type: 'offer-linkage', actor: 'CCC', target: 'BBB', give: 'war', get: 'split' });
    const hash = JSON.stringify(m.state.flex);
    send(m, { type: 'answer-offer', actor: 'BBB', offer: m.view('BBB').offers[0]!.id, accept: false });
    expect(JSON.stringify(m.state.flex)).toBe(hash);
    expect(m.state.linkages).toEqual([]);
    expect(m.log.at(-1)).toMatchObject({ kind: 'offer-answered', accept: false, actor: 'BBB', target: 'CCC' });
    send(m, { type: 'offer-linkage', actor: 'CCC', target: 'BBB', give: 'split', get: 'war' });
    send(m, { type: 'answer-offer', actor: 'BBB', offer: m.view('BBB').offers[0]!.id, accept: true });
    expect(m.state.linkages).toMatchObject([{ from: 'CCC', to: 'BBB', give: 'split', get: 'war' }]);
    expect(m.state.flex.CCC!.split).toBeGreaterThan(0);
    expect(m.state.flex.BBB!.war).toBeGreaterThan(0);
  });

  it('an offer left unanswered lapses after the next slot, and the log says so', () => {
    const m = Meeting.open(mini(), { seed: 'lapse', role: 'BBB', difficulty: 'standard' });
    send(m, { type: 'lobby', actor: 'AAA', target: 'BBB', paragraph: 'war', approach: 'interest' });
    const id = m.view('BBB').offers[0]!.id;
    send(m, { type: 'end-slot', actor: 'BBB' });
    expect(m.view('BBB').offers.map((o) => o.id)).toContain(id);
    send(m, { type: 'end-slot', actor: 'BBB' });
    expect(m.view('BBB').offers.map((o) => o.id)).not.toContain(id);
    expect(m.log.some((r) => r.kind === 'offer-answered' && r.offer === id && r.lapsed === true)).toBe(true);
    expect(m.send({ type: 'answer-offer', actor: 'BBB', offer: id, accept: true })).toMatchObject({ refusal: { code: 'unknown-offer' } });
  });

  it('in a whole New Delhi game as the United States, every move of its stances follows an answer of its own', () => {
    const s = scenario('new-delhi-fmm-2023');
    const m = Meeting.open(s, { seed: 'own-seat', role: 'US', difficulty: 'standard' });
    playOut(m);
    const offers = m.log.filter((r) => r.kind === 'offer' && r.target === 'US');
    expect(offers.length).toBeGreaterThan(0);
    // A stance change of the US caused by another delegation's lobbying or linkage comes right after
    // the United States accepted that delegation's request.
    m.log.forEach((r, i) => {
      if (r.kind !== 'stance' || r.actor !== 'US') return;
      if (r.cause.code !== 'lobbied' && r.cause.code !== 'linkage') return;
      const answer = m.log.slice(0, i).reverse().find((x) => x.kind === 'offer-answered' || x.kind === 'lobbied' || x.kind === 'linkage');
      // Its own accepted answer — or a linkage it offered itself and another delegation struck.
      const own = answer?.kind === 'linkage' && answer.actor === 'US' && answer.accepted;
      if (!own) expect(answer, `stance change at step ${r.step}`).toMatchObject({ kind: 'offer-answered', actor: 'US', accept: true });
    });
    // Nobody lobbied the US with dice: every appeal to it was an offer.
    expect(m.log.some((r) => r.kind === 'lobbied' && r.target === 'US')).toBe(false);
    expect(m.log.some((r) => r.kind === 'linkage' && r.target === 'US')).toBe(false);
  });
});
