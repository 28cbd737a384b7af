// The negotiation model v2 by its meaning: attendance and departures are not dissent, only a principal
// walks out, a guest never blocks, an event reopens a paragraph, a lone red line dissociates and lets
// the others adopt the text, a presidency's intent decides the rung — and a small slice of the fidelity
// run on the real meetings (`npm run fidelity` runs the whole of it).
import { describe, expect, it } from 'vitest';
import type { Command } from '../src/domain/commands.ts';
import { historicalMatch } from '../src/domain/outcome.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { bestSetting, leaveOneOut, parameterSettings } from '../src/cli/fidelity.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { mini, scenario } from './helpers.ts';

/** The fixture with changes: the mini meeting's data is small enough to read in one go (tests/fixtures). */
function variant(change: (s: Scenario) => void): Scenario {
  const s = structuredClone(mini());
  change(s);
  return s;
}
const open = (s: Scenario, role = 'OBSERVER') => Meeting.open(s, { seed: 'v2', role, difficulty: 'standard' });
const give = (m: Meeting, c: Command) => {
  const r = m.give(c);
  if (!r.ok) throw new Error(r.refusal.message);
};

describe('attendance', () => {
  it('a member absent from a session is not at the table, holds no stance and is no dissenter', () => {
    // Eastia (CCC) blocks the war paragraph everywhere; absent from the whole meeting it keeps nothing out.
    const s = variant((x) => (x.delegations[2]!.attendance = { default: 'absent', sessions: {} }));
    const m = open(s);
    expect(m.state.away).toEqual(['CCC']);
    expect(m.state.stances['war']?.['CCC']).toBeUndefined();
    playOut(m);
    const outcome = m.outcome();
    expect(outcome.departed).toEqual(['CCC']);
    expect(outcome.paragraphs.flatMap((p) => p.dissenters)).not.toContain('CCC');
    expect(m.log.some((r) => r.kind === 'attendance' && r.actor === 'CCC' && !r.present)).toBe(true);
  });
  it('a late arrival takes its seat, and its stances, at the slot it arrives', () => {
    const s = variant((x) => (x.delegations[2]!.attendance = { default: 'principal', sessions: {}, arrives: { session: 'work', slot: 'morning' } }));
    const m = open(s, 'BBB');
    expect(m.state.away).toEqual(['CCC']);
    give(m, { type: 'end-slot', actor: 'BBB' });
    expect(m.state.away).toEqual([]);
    expect(m.state.stances['war']?.['CCC']).toBe('block');
  });
  it('only a principal walks out: a deputy is refused, saying why', () => {
    const s = variant((x) => (x.delegations[2]!.attendance = { default: 'deputy', sessions: {} }));
    const m = open(s, 'CCC');
    const r = m.give({ type: 'walk-out', actor: 'CCC' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.refusal.message).toMatch(/principal/);
  });
  it('a player whose seat is away from the opening finds the AI seats playing on, not a frozen meeting', () => {
    const s = variant((x) => (x.delegations[1]!.attendance = { default: 'principal', sessions: { dinner: 'absent' } }));
    const m = open(s, 'BBB');
    // The dinner slot closed by itself: the player's seat is back at the working session.
    expect(m.state.clock.session).toBe(1);
    expect(m.state.away).toEqual([]);
  });
});

describe('guests and events', () => {
  it('a guest never blocks consensus, however much it dislikes the text', () => {
    const s = variant((x) => (x.delegations[2]!.member = false));
    const m = open(s);
    playOut(m);
    expect(m.outcome().paragraphs.find((p) => p.id === 'war')!.dissenters).toEqual([]);
  });
  it('an event can reopen an adopted paragraph and make a delegation leave without protest', () => {
    const s = variant((x) =>
      x.events.push({
        id: 'recall',
        title: 'Recall',
        text: 'A capital recalls its minister and asks for the easy paragraph again.',
        source: x.meta.sources[0]!.id,
        weight: 0,
        effects: [
          { kind: 'reopen', paragraph: 'easy' },
          { kind: 'depart', delegation: 'BBB' },
        ],
      }),
    );
    const m = open(s, 'CHAIR');
    give(m, { type: 'end-slot', actor: 'AAA' });
    give(m, { type: 'call-adoption', actor: 'AAA', paragraph: 'easy' });
    expect(m.state.draft['easy']!.status).toBe('adopted');
    give(m, { type: 'inject-event', actor: 'INSTRUCTOR', event: 'recall' });
    expect(m.state.draft['easy']!.status).toBe('open');
    expect(m.state.away).toEqual(['BBB']);
    expect(m.state.walkedOut).toEqual([]);
  });
});

describe('the ladder as practised', () => {
  it('a lone red line at the final reading dissociates and the others adopt the text: an outcome with a dissociation', () => {
    // Eastia alone red-lines the condemnation; the chair keeps its text.
    const s = variant((x) => (x.presidency.intent = { resolve: 'keep-text', planned: 'negotiated-text', adoption: 'close' }));
    const m = open(s);
    playOut(m);
    // The chair put the war paragraph to the room at the final reading; Eastia, alone, dissociated.
    expect(m.log.some((r) => r.kind === 'dissociation' && r.actor === 'CCC' && r.paragraph === 'war')).toBe(true);
    const outcome = m.outcome();
    expect(outcome.kind).toBe('outcome-with-dissociation');
    expect(outcome.paragraphs.find((p) => p.id === 'war')).toMatchObject({ dissociating: ['CCC'], dissenters: [], agreedByAll: false });
  });
  it('a member that joins consensus has nothing to dissociate from', () => {
    const m = open(mini(), 'BBB');
    give(m, { type: 'end-slot', actor: 'BBB' });
    const r = m.give({ type: 'dissociate', actor: 'BBB', paragraph: 'easy' });
    expect(r.ok === false && r.refusal.code).toBe('not-withholding');
  });
});

describe('the fidelity search', () => {
  it('chooses a setting without the meeting left out: its own games never decide its own score', () => {
    // Setting 1 is best overall only because of meeting 0; without meeting 0, setting 0 is best.
    const table = [
      [0.1, 0.9, 0.9],
      [1.0, 0.5, 0.5],
    ];
    expect(bestSetting(table)).toBe(1);
    expect(bestSetting(table, 0)).toBe(0);
    const loo = leaveOneOut(table);
    expect(loo.leftOut[0]).toEqual({ setting: 0, match: 0.1 });
    expect(parameterSettings().length).toBe(8);
  });
});

describe('a slice of the fidelity run: three seeds of each real meeting', () => {
  const seeds = ['slice-1', 'slice-2', 'slice-3'];
  const play = (id: string) =>
    seeds.map((seed) => {
      const s = scenario(id);
      const m = Meeting.open(s, { seed, role: 'OBSERVER', difficulty: 'standard' });
      playOut(m);
      return { outcome: m.outcome(), match: historicalMatch(s, m.outcome()) };
    });
  it('New Delhi FMM 2023: Russia and China keep the Ukraine paragraphs out, and India issues a Chair\'s Summary', () => {
    for (const { outcome } of play('new-delhi-fmm-2023')) {
      expect(outcome.kind).toBe('chair-summary');
      expect(outcome.paragraphs.find((p) => p.id === 'ukraine-war')!.dissenters).toEqual(expect.arrayContaining(['CN']));
    }
  });
  it('Hamburg 2017: the presidency keeps the Paris text and the United States dissociates from it', () => {
    for (const { outcome } of play('hamburg-leaders-2017')) {
      expect(outcome.kind).toBe('outcome-with-dissociation');
      expect(outcome.paragraphs.find((p) => p.id === 'climate-paris')).toMatchObject({ adoptedVariant: 'g20-reaffirms-paris', dissociating: ['US'] });
    }
  });
  it('Rome 2021: a joint communiqué agreed by all', () => {
    for (const { match } of play('rome-leaders-2021')) expect(match.kind && match.dissenters).toBe(true);
  });
  it('Rio 2024: a chair\'s statement, reached by design, with nobody dissenting', () => {
    for (const { outcome } of play('rio-fmm-2024')) {
      expect(outcome.kind).toBe('chair-statement');
      expect(outcome.paragraphs.every((p) => p.dissenters.length === 0)).toBe(true);
    }
  });
});
