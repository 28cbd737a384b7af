// Feedback a player can learn from: a stance record says it hardened or softened by the way it went,
// never by where it landed, and a seat's estimate of a linkage is the exchange test on what it has learnt.
import { describe, expect, it } from 'vitest';
import { narrate, wordsIn } from '../src/narrate/index.ts';
import { ENGLISH } from '../src/i18n/english.ts';
import { Meeting } from '../src/engine/meeting.ts';
import type { LogRecord, StanceCode } from '../src/domain/log.ts';
import { scenario } from './helpers.ts';

const delhi = scenario('new-delhi-fmm-2023');
const words = wordsIn(delhi, ENGLISH);
const stance = (from: StanceCode, to: StanceCode): LogRecord =>
  ({ kind: 'stance', step: 1, slot: 0, actor: 'RU', paragraph: 'food-security', variant: 'general-concern', from, to, cause: { code: 'lobbied', by: 'IN', approach: 'principle' } }) as LogRecord;

describe('reasons that never contradict themselves', () => {
  it('a block that becomes an objection softened; a support that becomes an acceptance hardened', () => {
    expect(narrate(stance('block', 'object'), words)).toMatch(/^Russia now objects to .+ \(was: block\) — moved by India's appeal to principle\.$/);
    expect(narrate(stance('support', 'accept'), words)).toMatch(/^Russia now accepts .+ \(was: support\) — hardened by India's appeal to principle\.$/);
    expect(narrate(stance('object', 'accept'), words)).toMatch(/— moved by/);
    expect(narrate(stance('accept', 'block'), words)).toMatch(/— hardened by/);
  });
});

describe('a seat’s estimate of a linkage', () => {
  it('is unknown until the seat has consulted the other side on both paragraphs, then the exchange test on its saliences', () => {
    const meeting = Meeting.open(delhi, { seed: 'odds', role: 'US', difficulty: 'standard' });
    expect(meeting.observe('US').estimatedLinkage('SA', 'energy-security', 'climate')).toBeUndefined();
    for (const paragraph of ['energy-security', 'climate']) {
      expect(meeting.send({ type: 'consult', actor: 'US', target: 'SA', paragraph }).ok).toBe(true);
    }
    const saudi = delhi.delegations.find((d) => d.id === 'SA')!;
    const gains = saudi.positions['energy-security']!.salience;
    const costs = saudi.positions['climate']!.salience;
    const guess = meeting.observe('US').estimatedLinkage('SA', 'energy-security', 'climate')!;
    // A person's offers are read with the standard margin of one point.
    expect(guess).toEqual({ accepts: gains >= costs + 1, distrust: false });
    expect(meeting.observe('US').estimatedLinkage('SA', 'climate', 'energy-security')!.accepts).toBe(costs >= gains + 1);
  });
});
