// The AI delegations by what they do in the room: brokers bridge, partners build coalitions, traders
// link paragraphs, holdouts are isolated, red lines hold at any difficulty, and every act has a reason.
import { describe, expect, it } from 'vitest';
import { profitableExchange } from '../src/domain/models.ts';
import type { Command } from '../src/domain/commands.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { estimatedCompromise } from '../src/ai/delegation.ts';
import { narrate, wordsFor } from '../src/narrate/en.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { scenario } from './helpers.ts';
import { autopilot, type Policy } from '../src/ai/autopilot.ts';

const delhi = scenario('new-delhi-fmm-2023');

/** Autopilot games of New Delhi, every seat played by the AI. */
const meetings: Meeting[] = Array.from({ length: 24 }, (_, i) => {
  const m = Meeting.open(delhi, { seed: `ai-${i}`, role: 'OBSERVER', difficulty: 'standard' });
  playOut(m);
  return m;
});
const games = meetings.map((m) => m.state);
const lines = (kind?: string) => meetings.flatMap((m) => m.log.filter((e) => kind === undefined || e.kind === kind).map((e) => narrate(e, wordsFor(delhi))));

describe('AI delegations in New Delhi', () => {
  it('China and Russia keep the Bali wording of both Ukraine paragraphs out, in every game', () => {
    for (const g of games) {
      for (const pid of ['ukraine-war', 'international-law']) {
        const draft = g.draft[pid]!;
        expect(draft.status).toBe('footnoted');
        expect(draft.variant).toMatch(/^bali/);
        expect(draft.dissenters).toContain('CN');
        if (!g.walkedOut.includes('RU')) expect(draft.dissenters).toEqual(['CN', 'RU']);
      }
    }
  });
  it('bridge-builders draft compromise wording on their own initiative', () => {
    const bridging = lines().filter((t) => /as a bridge-builder it drafts/.test(t));
    expect(bridging.length).toBeGreaterThan(0);
    expect(bridging.some((t) => /^(Indonesia|Brazil|South Africa)/.test(t))).toBe(true);
  });
  it('partners build coalitions inside their blocs', () => {
    expect(lines('lobbied').some((t) => /coalition-building: .+ is its (G7|EU|BRICS|MIKTA|Quad|NATO|OPEC\+|SCO|IBSA|ASEAN|G20 troika) partner/.test(t))).toBe(true);
  });
  it('the G7 put the two holdouts on record by calling for adoption', () => {
    expect(lines('adoption').some((t) => /only China and Russia stand in the way/.test(t))).toBe(true);
  });
  it('every AI action carries its reason as a code, worded in the transcript', () => {
    const acts = meetings.flatMap((m) => m.log.filter((r) => 'reason' in r && r.reason !== undefined));
    expect(acts.length).toBeGreaterThan(100);
    for (const r of acts) expect(narrate(r, wordsFor(delhi))).toMatch(/\(\S.{8,}\)\.$/);
  });
  it('the seed matters: games differ in what happens along the way', () => {
    expect(new Set(meetings.map((m) => JSON.stringify(m.commands))).size).toBe(meetings.length);
  });
});

describe('the bargaining models', () => {
  it('a broker drafts as compromise only wordings it does not know or see anyone block', () => {
    const m = Meeting.open(delhi, { seed: 'bridge', role: 'ID', difficulty: 'standard' });
    const war = delhi.paragraphs.find((p) => p.id === 'ukraine-war')!;
    // Indonesia consults Russia and China on the war paragraph: every wording they red-line is ruled out.
    for (const target of ['RU', 'CN']) m.send({ type: 'consult', actor: 'ID', target, paragraph: 'ukraine-war' });
    const bridge = estimatedCompromise(m.observe('ID'), war);
    const blocked = (id: string, v: string | null) => v !== null && delhi.delegations.find((d) => d.id === id)!.positions['ukraine-war']!.redLines.includes(v);
    expect(blocked('RU', bridge) || blocked('CN', bridge)).toBe(false);
  });
  it('an exchange pays only when each side yields where it cares less', () => {
    const by = (id: string) => delhi.delegations.find((d) => d.id === id)!;
    const sal = (id: string, p: string) => by(id).positions[p]!.salience;
    const [a, b] = [by('SA'), by('DE')];
    const give = 'energy-security';
    const get = 'gender';
    expect(profitableExchange(a, b, give, get)).toBe(sal('SA', get) > sal('SA', give) && sal('DE', give) > sal('DE', get));
    expect(profitableExchange(a, b, give, give)).toBe(false);
  });
});

describe('difficulty', () => {
  /** The share of a player's lobbying attempts on objectors that succeed, over many seeds. */
  function successRate(difficulty: 'easy' | 'standard' | 'hard'): number {
    let tries = 0;
    let moved = 0;
    for (let i = 0; i < 40; i++) {
      const m = Meeting.open(delhi, { seed: `lobby-${i}`, role: 'US', difficulty });
      m.send({ type: 'end-slot', actor: 'US' });
      const before = m.state.flex.CN!['counter-narcotics']!;
      m.send({ type: 'lobby', actor: 'US', target: 'CN', paragraph: 'counter-narcotics', approach: 'interest' });
      tries++;
      if (m.state.flex.CN!['counter-narcotics']! > before) moved++;
    }
    return moved / tries;
  }
  it('makes delegations easier or harder for the player to move', () => {
    expect(successRate('easy')).toBeGreaterThan(successRate('hard'));
  });
  it('never changes the truth of a red line', () => {
    for (const difficulty of ['easy', 'hard'] as const) {
      const m = Meeting.open(delhi, { seed: 'red', role: 'US', difficulty });
      m.send({ type: 'end-slot', actor: 'US' });
      for (let i = 0; i < 5; i++) m.send({ type: 'lobby', actor: 'US', target: 'RU', paragraph: 'ukraine-war', approach: 'principle' });
      expect(m.state.stances['ukraine-war']!.RU).toBe('block');
      expect(m.view('INSTRUCTOR').positions.RU!['ukraine-war']!.redLines).toEqual(delhi.delegations.find((d) => d.id === 'RU')!.positions['ukraine-war']!.redLines);
    }
  });
});

describe('estimates from public information', () => {
  it('expects an unconsulted delegation to stand with the bloc partner it consulted, a partner\'s red line read as an objection', () => {
    // The United States sounds out China on the war paragraph; Russia, China's partner in BRICS and the
    // SCO, it has not asked. On a wording nobody has tabled, it expects Russia where it found China.
    const m = Meeting.open(delhi, { seed: 'bloc-1', role: 'US', difficulty: 'standard' });
    const war = delhi.paragraphs.find((p) => p.id === 'ukraine-war')!;
    expect(m.observe('US').estimatedStance('RU', war, 'condemn-aggression')).toBeUndefined();
    expect(m.give({ type: 'consult', actor: 'US', target: 'CN', paragraph: 'ukraine-war' }).ok).toBe(true);
    const us = m.observe('US');
    expect(us.estimatedStance('CN', war, 'condemn-aggression')).toBe('block');
    expect(us.estimatedStance('RU', war, 'condemn-aggression')).toBe('object');
    expect(us.estimatedStance('RU', war, 'principle-only')).toBe(us.estimatedStance('CN', war, 'principle-only'));
    // Canada shares no bloc with China: what China said tells nothing about it.
    expect(us.estimatedStance('CA', war, 'condemn-aggression')).toBeUndefined();
  });
});

describe('the whole room at once', () => {
  it('weighing the room in one pass, a seat knows and expects exactly what it would asked one delegation at a time', () => {
    // The AI's hot paths ask for the whole room's positions and expected stances at once; these must be
    // the very answers of the single questions, for every seat, wording and moment — walk-outs and
    // absences included (Rome 2021 has members absent from its dinner).
    let compared = 0;
    let withSomeoneAway = 0;
    const checking: Policy = (obs, dice) => {
      const present = obs.present;
      if (present.length < obs.delegations.length) withSomeoneAway++;
      for (const p of obs.open) {
        const positions = obs.knownPositions(p);
        expect(positions.length).toBe(present.length);
        present.forEach((d, i) => expect(positions[i]).toEqual(obs.position(d.id, p.id) ?? null));
        for (const variant of obs.ladder(p)) {
          const row = obs.estimatedStances(p, variant, positions);
          present.forEach((d, i) => expect(row[i]).toBe(obs.estimatedStance(d.id, p, variant)));
          compared += present.length;
        }
      }
      return autopilot(obs, dice);
    };
    for (const id of ['new-delhi-fmm-2023', 'bali-leaders-2022', 'rome-leaders-2021', 'rio-fmm-2024']) {
      const s = scenario(id);
      const seats = Object.fromEntries(s.delegations.filter((_, i) => i % 4 === 0).map((d) => [d.id, checking]));
      const m = Meeting.open(s, { seed: `room-${id}`, role: 'OBSERVER', difficulty: 'standard' }, { seats });
      playOut(m);
    }
    expect(compared).toBeGreaterThan(10_000);
    expect(withSomeoneAway).toBeGreaterThan(0);
  });
});

describe('every seat sees only its own observation', () => {
  /** New Delhi with the United Kingdom's hidden facts changed: its motives, utilities and salience. */
  const hiddenUk = (): Scenario => ({
    ...delhi,
    delegations: delhi.delegations.map((d) =>
      d.id !== 'UK'
        ? d
        : {
            ...d,
            motivations: { principle: 5, interest: 95, reciprocity: 5, 'bloc-pressure': 95 },
            positions: Object.fromEntries(Object.entries(d.positions).map(([pid, p]) => [pid, { ...p, salience: 100 - p.salience }])),
          },
    ),
  });
  it("Argentina's hint does not change when only the UK's hidden facts change", () => {
    const a = Meeting.open(delhi, { seed: '1', role: 'AR', difficulty: 'standard' });
    const b = Meeting.open(hiddenUk(), { seed: '1', role: 'AR', difficulty: 'standard' });
    for (let step = 0; step < 12 && !a.closed; step++) {
      expect(JSON.stringify(b.observe('AR').toJSON())).toBe(JSON.stringify(a.observe('AR').toJSON()));
      const hint = a.advise('AR');
      expect(JSON.stringify(b.advise('AR'))).toBe(JSON.stringify(hint));
      const command: Command = hint ? { ...hint.command } : { type: 'end-slot', actor: 'AR' };
      if ('target' in command && command.target === 'UK') break;
      if (!a.send(command).ok) a.send({ type: 'end-slot', actor: 'AR' });
      if (!b.send(command).ok) b.send({ type: 'end-slot', actor: 'AR' });
      // Until someone deals with the UK, both rooms are the same room.
      if (a.log.some((r) => 'target' in r && r.target === 'UK')) break;
    }
  });
  it("the AI's public reasons do not change with an unconsulted delegation's hidden facts", () => {
    const a = Meeting.open(delhi, { seed: '1', role: 'OBSERVER', difficulty: 'standard' });
    const b = Meeting.open(hiddenUk(), { seed: '1', role: 'OBSERVER', difficulty: 'standard' });
    a.send({ type: 'advance-slot', actor: 'INSTRUCTOR' });
    b.send({ type: 'advance-slot', actor: 'INSTRUCTOR' });
    // Compare every command and reason up to the first one that deals with the UK itself.
    const upTo = (m: Meeting) => {
      const i = m.commands.findIndex((c) => ('target' in c && c.target === 'UK') || c.actor === 'UK');
      return m.commands.slice(0, i < 0 ? m.commands.length : i);
    };
    expect(upTo(a).length).toBeGreaterThan(5);
    expect(JSON.stringify(upTo(b))).toBe(JSON.stringify(upTo(a)));
  });
});
