// The outcome ladder, case by case: each end state of the fixture maps to exactly one rung.
import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../src/domain/outcome.ts';
import { finalDocument } from '../src/domain/document.ts';
import { ENGLISH } from '../src/i18n/english.ts';
import { blankState, type MeetingState, type ParagraphDraft } from '../src/domain/state.ts';
import { mini } from './helpers.ts';

const scenario = mini();

type Fate = Partial<Pick<ParagraphDraft, 'status' | 'variant' | 'dissenters' | 'reservations' | 'dissociated'>>;

/** An end state in which each paragraph met the given fate (default: adopted as drafted). */
function ended(fates: Record<string, Fate>, walkedOut: string[] = []): MeetingState {
  const s = blankState(scenario, 'x'.repeat(64), { seed: 't', role: 'OBSERVER', difficulty: 'standard' });
  s.closed = true;
  s.walkedOut = walkedOut;
  for (const p of scenario.paragraphs) Object.assign(s.draft[p.id]!, { status: 'adopted' }, fates[p.id] ?? {});
  return s;
}
const kind = (s: MeetingState) => outcomeOf(scenario, s).kind;

describe('the outcome ladder', () => {
  it('everything adopted, no footnote: a joint communiqué', () => {
    expect(kind(ended({}))).toBe('consensus-communique');
  });
  it('a member joins consensus but has its divergent view footnoted: a communiqué with footnotes', () => {
    expect(kind(ended({ split: { reservations: ['CCC'] } }))).toBe('communique-with-footnotes');
  });
  it('a lone dissenter that lets the others adopt the paragraph: an outcome document with a dissociation (Hamburg 2017)', () => {
    const s = ended({ war: { dissociated: ['CCC'] } });
    expect(kind(s)).toBe('outcome-with-dissociation');
    const outcome = outcomeOf(scenario, s);
    // Counted over the members who joined: the paragraph is in the text.
    expect(outcome.agreedShare).toBe(100);
    expect(outcome.paragraphs.find((p) => p.id === 'war')).toMatchObject({ agreedByAll: false, dissenters: [], dissociating: ['CCC'] });
    expect(finalDocument(scenario, outcome, ENGLISH).paragraphs.find((p) => p.id === 'war')!.footnote).toBe('Eastia dissociates itself from this paragraph.');
  });
  it('a lone dissenter that refuses the joint text: a Chair\'s Summary, not a dissociation', () => {
    const s = ended({ war: { status: 'footnoted', dissenters: ['CCC'] } });
    expect(kind(s)).toBe('chair-summary');
    expect(finalDocument(scenario, outcomeOf(scenario, s), ENGLISH).paragraphs.find((p) => p.id === 'war')!.footnote).toBe('Agreed by all members except Eastia.');
  });
  it('two dissenters named in footnotes: a Chair\'s Summary and Outcome Document', () => {
    const s = ended({ war: { status: 'footnoted', dissenters: ['BBB', 'CCC'] } });
    expect(kind(s)).toBe('chair-summary');
    const doc = finalDocument(scenario, outcomeOf(scenario, s), ENGLISH);
    expect(doc.title).toBe("Chair's Summary and Outcome Document");
    expect(doc.paragraphs.find((p) => p.id === 'war')!.footnote).toBe('Agreed by all members except Westia and Eastia.');
  });
  it('a paragraph moved to the chair\'s own summary makes it a Chair\'s Summary even with one dissenter', () => {
    const s = ended({ war: { status: 'chair-summary', dissenters: ['CCC'] } });
    expect(kind(s)).toBe('chair-summary');
    expect(finalDocument(scenario, outcomeOf(scenario, s), ENGLISH).chairsPart.map((p) => p.id)).toEqual(['war']);
  });
  it('less than half the weighted text agreed: only a chair\'s statement', () => {
    // war (5) and split (3) of 10 importance points not agreed: 20% agreed.
    const s = ended({ war: { status: 'open' }, split: { status: 'open' } });
    expect(outcomeOf(scenario, s).agreedShare).toBe(20);
    expect(kind(s)).toBe('chair-statement');
  });
  it('a walk-out with less than half agreed: collapse', () => {
    expect(kind(ended({ war: { status: 'open' }, split: { status: 'open' } }, ['CCC']))).toBe('collapse');
  });
  it('a walk-out with most of the text agreed: the one who left refused the joint text', () => {
    expect(kind(ended({}, ['CCC']))).toBe('chair-summary');
    expect(kind(ended({ war: { status: 'footnoted', dissenters: ['BBB'] } }, ['CCC']))).toBe('chair-summary');
  });
  it('a member that left on schedule is no dissenter', () => {
    const s = ended({});
    s.away = ['CCC'];
    expect(kind(s)).toBe('consensus-communique');
    expect(outcomeOf(scenario, s).departed).toEqual(['CCC']);
  });
  it('a presidency that planned a chair\'s statement reaches it by design', () => {
    const planned = { ...scenario, presidency: { ...scenario.presidency, intent: { ...scenario.presidency.intent, planned: 'chair-statement' as const } } };
    const s = ended({ war: { status: 'open' }, split: { status: 'open' } });
    expect(outcomeOf(planned, s).kind).toBe('chair-statement');
    expect(outcomeOf(planned, s).paragraphs.every((p) => p.dissenters.length === 0)).toBe(true);
  });
  it('a dropped paragraph does not count towards the agreed share', () => {
    const s = ended({ war: { variant: 'dropped' }, split: { status: 'open' } });
    // easy (2) agreed of easy + split (5): 40%.
    expect(outcomeOf(scenario, s).agreedShare).toBe(40);
  });
  it('a paragraph left open at the close names those who still withhold consensus', () => {
    const s = ended({ war: { status: 'open', variant: 'formula' } });
    s.stances = { war: { AAA: 'accept', BBB: 'accept', CCC: 'block' } };
    const war = outcomeOf(scenario, s).paragraphs.find((p) => p.id === 'war')!;
    expect(war).toMatchObject({ adoptedVariant: null, agreedByAll: false, dissenters: ['CCC'] });
  });
});
