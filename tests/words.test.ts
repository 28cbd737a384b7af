// Words students keep: plural agreement in footnotes, lists joined as the language joins them, names
// rather than codes beside the record, and a record column true to the record.
import { describe, expect, it } from 'vitest';
import { finalDocument } from '../src/domain/document.ts';
import { outcomeOf } from '../src/domain/outcome.ts';
import { recordComparison, recordFate } from '../src/domain/debrief.ts';
import { blankState } from '../src/domain/state.ts';
import { ENGLISH } from '../src/i18n/english.ts';
import { loadTranslator } from '../src/i18n/index.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { playOut } from '../src/engine/autoplay.ts';
import { autopilot } from '../src/ai/autopilot.ts';
import { mini, scenario } from './helpers.ts';

describe('plural agreement and lists', () => {
  const fixture = mini();
  const reserved = (ids: string[]) => {
    const s = blankState(fixture, 'x'.repeat(64), { seed: 't', role: 'OBSERVER', difficulty: 'standard' });
    s.closed = true;
    for (const p of fixture.paragraphs) Object.assign(s.draft[p.id]!, { status: 'adopted' }, p.id === 'split' ? { reservations: ids } : {});
    return finalDocument(fixture, outcomeOf(fixture, s), ENGLISH).paragraphs.find((p) => p.id === 'split')!.footnote;
  };
  it('one member’s view is recorded at its request, several members’ at their request', () => {
    expect(reserved(['CCC'])).toBe('Eastia has a different view on this paragraph, recorded at its request.');
    expect(reserved(['BBB', 'CCC'])).toBe('Westia and Eastia have a different view on this paragraph, recorded at their request.');
    expect(reserved(['AAA', 'BBB', 'CCC'])).toBe('Chairland, Westia and Eastia have a different view on this paragraph, recorded at their request.');
  });
  it('French joins three names with commas and « et », and agrees the verb and the possessive', async () => {
    const fr = await loadTranslator('fr', ['reports']);
    const s = blankState(fixture, 'x'.repeat(64), { seed: 't', role: 'OBSERVER', difficulty: 'standard' });
    s.closed = true;
    for (const p of fixture.paragraphs) Object.assign(s.draft[p.id]!, { status: 'adopted' }, p.id === 'split' ? { reservations: ['AAA', 'BBB', 'CCC'] } : {});
    const note = finalDocument(fixture, outcomeOf(fixture, s), fr).paragraphs.find((p) => p.id === 'split')!.footnote;
    expect(note).toBe('Chairland, Westia et Eastia ont un avis différent sur ce paragraphe, consigné à leur demande.');
  });
});

describe('the record beside the game', () => {
  const delhi = scenario('new-delhi-fmm-2023');
  const meeting = Meeting.open(delhi, { seed: 'words', role: 'OBSERVER', difficulty: 'standard' });
  playOut(meeting, autopilot);
  const rows = recordComparison(delhi, meeting.outcome(), ENGLISH);
  it('Nord Stream was dropped in the record, not agreed by all', () => {
    expect(recordFate({ adoptedVariant: 'dropped', agreedByAll: true })).toBe('dropped');
    expect(rows.find((r) => r.paragraph === 'nord-stream')!.record).toBe('dropped by consensus');
  });
  it('names, not codes, for those who kept a paragraph from the joint text', () => {
    const war = rows.find((r) => r.paragraph === 'ukraine-war')!;
    expect(war.record).toMatch(/\(not China and Russia\)$/);
    expect(war.played).not.toMatch(/\b(CN|RU)\b/);
    expect(war.played).toMatch(/\(not (China and Russia|China|Russia)\)$/);
  });
});
