// The replay contract: the same seed and commands give the same state; a game saved mid-way and
// restored from JSON continues exactly as the uninterrupted game; the seed matters.
import { describe, expect, it } from 'vitest';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut, scriptedCommand } from '../src/engine/autoplay.ts';
import { readReplay, replayOf, resume, saveOf, verifyReplay } from '../src/engine/replay.ts';
import { narrate, wordsFor } from '../src/narrate/en.ts';
import type { Role } from '../src/domain/state.ts';
import { autopilotWith } from '../src/ai/autopilot.ts';
import { DEFAULT_PARAMETERS } from '../src/ai/parameters.ts';
import { mini, scenario } from './helpers.ts';
import fc from 'fast-check';
import { commandText, type Command } from '../src/domain/commands.ts';

const cases: [string, () => ReturnType<typeof mini>, Role][] = [
  ['the fixture, as chair', mini, 'CHAIR'],
  ['the fixture, as Westia', mini, 'BBB'],
  ['New Delhi, as chair', () => scenario('new-delhi-fmm-2023'), 'CHAIR'],
  ['New Delhi, as the United States', () => scenario('new-delhi-fmm-2023'), 'US'],
  ['New Delhi, every seat on autopilot', () => scenario('new-delhi-fmm-2023'), 'OBSERVER'],
  ['the tutorial, as chair', () => scenario('tutorial'), 'CHAIR'],
];

describe.each(cases)('%s', (_name, load, role) => {
  const s = load();
  const play = (seed: string) => {
    const m = Meeting.open(s, { seed, role, difficulty: 'standard' });
    playOut(m);
    return m;
  };

  it('the same seed gives the same state hash twice', () => {
    expect(play('twice').stateHash()).toBe(play('twice').stateHash());
  });

  it('save → JSON → resume midway gives the same final hash', () => {
    const whole = play('midway');
    const m = Meeting.open(s, { seed: 'midway', role, difficulty: 'standard' });
    const seat = role === 'OBSERVER' ? null : role === 'CHAIR' ? s.presidency.chair : role;
    const half = Math.floor(whole.commands.length / 2);
    while (m.commands.length < half) expect(m.send(scriptedCommand(m, seat)).ok).toBe(true);
    const saved = JSON.parse(JSON.stringify(saveOf(m)));
    const resumed = resume(s, saved);
    if (!resumed.ok) throw new Error(resumed.problem.message);
    const restored = resumed.meeting;
    expect(restored.stateHash()).toBe(m.stateHash());
    playOut(restored);
    expect(restored.commands).toEqual(whole.commands);
    expect(restored.stateHash()).toBe(whole.stateHash());
  });

  it('asking the autopilot what it would do changes nothing', () => {
    const m = Meeting.open(s, { seed: 'ask', role, difficulty: 'standard' });
    const seat = role === 'OBSERVER' ? s.presidency.chair : role === 'CHAIR' ? s.presidency.chair : role;
    m.send({ type: 'advance-slot', actor: 'INSTRUCTOR' });
    const before = m.stateHash();
    for (let i = 0; i < 5; i++) scriptedCommand(m, seat);
    expect(m.stateHash()).toBe(before);
  });

  it('its replay file verifies at every checkpoint', () => {
    const m = play('replayed');
    const read = readReplay(JSON.parse(JSON.stringify(replayOf(m))));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const verified = verifyReplay(s, read.replay);
    expect(verified.ok).toBe(true);
    if (verified.ok) expect(verified.meeting.stateHash()).toBe(m.stateHash());
  });
});

describe('the seed matters', () => {
  it('New Delhi transcripts differ between seeds', () => {
    const s = scenario('new-delhi-fmm-2023');
    const hashes = new Set<string>();
    const transcripts = new Set<string>();
    for (const seed of ['1', '2', '3', '4', '5']) {
      const m = Meeting.open(s, { seed, role: 'OBSERVER', difficulty: 'standard' });
      playOut(m);
      hashes.add(m.stateHash());
      transcripts.add(m.log.map((e) => narrate(e, wordsFor(s))).join('\n'));
    }
    expect(hashes.size).toBe(5);
    expect(transcripts.size).toBeGreaterThan(1);
  });
});

describe('Russia walks out in New Delhi now and then, where the AI walks out when provoked', () => {
  it('when it does, the player in the chair still gets the final reading and footnotes the Ukraine paragraphs', () => {
    const s = scenario('new-delhi-fmm-2023');
    // The calibrated AI never walks out of its own accord (no real meeting of the eight had a walk-out);
    // with a provoked principal leaving one slot in ten, Russia does now and then.
    const provoked = autopilotWith({ ...DEFAULT_PARAMETERS, walkOutChance: 10 });
    let walkOuts = 0;
    for (let seed = 1; seed <= 120 && walkOuts < 2; seed++) {
      const m = Meeting.open(s, { seed: `walk-${seed}`, role: 'CHAIR', difficulty: 'standard' }, { autopilot: provoked });
      playOut(m);
      if (m.state.walkedOut.length === 0) continue;
      walkOuts++;
      expect(m.state.walkedOut).toEqual(['RU']);
      const left = m.log.findIndex((r) => r.kind === 'walk-out' && r.actor === 'RU');
      const finalId = s.schedule.find((x) => x.kind === 'final-reading')!.id;
      const finalReading = m.log.findIndex((r, i) => i > left && r.kind === 'slot-opened' && r.session === finalId);
      expect(finalReading).toBeGreaterThan(left);
      const war = m.outcome().paragraphs.find((p) => p.id === 'ukraine-war')!;
      expect(war).toMatchObject({ adoptedVariant: 'bali-formula', agreedByAll: false, dissenters: ['CN'] });
    }
    expect(walkOuts).toBeGreaterThan(0);
  });
});

describe('the text a command is hashed as', () => {
  /** The definition: every field in a fixed order, absent ones as null, written by JSON.stringify. */
  const reference = (c: Command): string => {
    const f = c as Partial<Record<string, unknown>>;
    const r = f.reason as Partial<Record<string, unknown>> | undefined;
    const event = f.event as string | { title: unknown; text: unknown } | undefined;
    const fields = ['target', 'paragraph', 'variant', 'approach', 'give', 'get', 'broker', 'delegation', 'to', 'text', 'offer', 'accept'].map((k) => f[k] ?? null);
    const reason = r === undefined ? null : ['code', 'delegations', 'paragraph', 'variant', 'count', 'chance', 'bloc'].map((k) => r[k] ?? null);
    return JSON.stringify([c.type, c.actor, ...fields, event === undefined ? null : typeof event === 'string' ? event : [event.title, event.text], reason]);
  };

  it('is what JSON.stringify writes for any command, texts with quotes, line breaks, backslashes, emoji and a lone surrogate included', () => {
    const text = fc.oneof(
      fc.constantFrom('RU', 'ukraine-war', 'bali-2022', 'a b', '', 'a "quoted" word', 'a line\nbreak', 'a\ttab', 'back\\slash', '🇮🇳 and 🇷🇺', '\u2028', '\ud83c'),
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
    );
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const command = fc.record(
      {
        type: fc.constantFrom('lobby', 'message', 'consult', 'inject-event', 'answer-offer', 'end-slot'),
        actor: text,
        target: maybe(text),
        paragraph: maybe(text),
        variant: maybe(text),
        text: maybe(text),
        offer: maybe(fc.integer()),
        accept: maybe(fc.boolean()),
        event: maybe(fc.oneof(text, fc.record({ title: text, text: text }))),
        reason: maybe(fc.record({ code: text, delegations: maybe(fc.array(text, { maxLength: 4 })), count: maybe(fc.integer()), chance: maybe(fc.double()) }, { requiredKeys: ['code'] })),
      },
      { requiredKeys: ['type', 'actor'] },
    ) as unknown as fc.Arbitrary<Command>;
    fc.assert(fc.property(command, (c) => commandText(c) === reference(c)), { seed: 20261202, numRuns: 3000 });
  });

  it('is the same for every command of real games', () => {
    const m = Meeting.open(scenario('new-delhi-fmm-2023'), { seed: 'text-1', role: 'OBSERVER', difficulty: 'standard' });
    playOut(m);
    expect(m.commands.length).toBeGreaterThan(100);
    for (const c of m.commands) expect(commandText(c)).toBe(reference(c));
  });
});
