// The AI delegations by what they do in the room: brokers bridge, partners build coalitions, traders
// link paragraphs, holdouts are isolated, red lines hold at any difficulty, and every act has a reason.
import { describe, expect, it } from 'vitest';
import { chooseCommand } from '../src/domain/ai.ts';
import { playHeadless } from '../src/domain/headless.ts';
import { compromiseVariant, profitableExchange } from '../src/domain/models.ts';
import type { MeetingState } from '../src/domain/state.ts';
import { hashOf } from '../src/domain/hash.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { scenario } from './helpers.ts';

const delhi = scenario('new-delhi-fmm-2023');
const delhiHash = hashOf(delhi);

/** Autopilot games of New Delhi, every seat played by the AI. */
const games: MeetingState[] = Array.from({ length: 24 }, (_, i) =>
  playHeadless(delhi, delhiHash, { seed: `ai-${i}`, role: 'OBSERVER', difficulty: 'standard' }, chooseCommand),
);
const lines = (kind?: string) => games.flatMap((g) => g.transcript.filter((e) => kind === undefined || e.kind === kind).map((e) => e.text));

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
    expect(lines('lobbying').some((t) => /coalition-building: .+ is its (G7|EU|BRICS|MIKTA|Quad|NATO|OPEC\+|SCO|IBSA|ASEAN|G20 troika) partner/.test(t))).toBe(true);
  });
  it('the G7 put the two holdouts on record by calling for adoption', () => {
    expect(lines('adoption').some((t) => /only China and Russia stand in the way/.test(t))).toBe(true);
  });
  it('every AI action gives its reason in plain words', () => {
    const acts = lines('ai');
    expect(acts.length).toBeGreaterThan(100);
    for (const t of acts) expect(t).toMatch(/\(\S.{8,}\)\.$/);
  });
  it('the seed matters: games differ in what happens along the way', () => {
    expect(new Set(games.map((g) => g.transcript.map((e) => e.text).join('\n'))).size).toBe(games.length);
  });
});

describe('the bargaining models', () => {
  it('the compromise wording is the one with the widest weighted support that nobody blocks', () => {
    const g = games[0]!;
    const war = delhi.paragraphs.find((p) => p.id === 'ukraine-war')!;
    // Every wording of the war paragraph is blocked by someone, so there is no compromise to draft.
    expect(compromiseVariant(g, delhi.delegations, war)).toBeNull();
    const energy = delhi.paragraphs.find((p) => p.id === 'energy-security')!;
    expect(compromiseVariant(g, delhi.delegations, energy)).toBe('transitions-diversified');
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

describe('the headless runner', () => {
  it('plays exactly the game the engine plays', () => {
    for (const role of ['OBSERVER', 'CHAIR', 'BR'] as const) {
      const m = Meeting.open(delhi, { seed: 'same', role, difficulty: 'standard' });
      playOut(m);
      const headless = playHeadless(delhi, delhiHash, { seed: 'same', role, difficulty: 'standard' }, chooseCommand);
      expect(hashOf({ ...headless, transcript: headless.transcript.length })).toBe(m.stateHash());
      const quiet = playHeadless(delhi, delhiHash, { seed: 'same', role, difficulty: 'standard' }, chooseCommand, { narrate: false });
      expect(hashOf({ ...quiet, transcript: quiet.transcript.length })).toBe(m.stateHash());
    }
  });
});
