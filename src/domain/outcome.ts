// What the meeting produced: each paragraph's fate and the rung of the outcome ladder the document
// reaches (g20-dossier §9a), classified by fixed rules so every end state has exactly one answer.
import { indexOf } from './scenario-index.ts';
import { DROPPED, type OutcomeKind, type Scenario } from './scenario-schema.ts';
import { withholders } from './room.ts';
import type { MeetingState, ParagraphStatus } from './state.ts';

export interface ParagraphOutcome {
  id: string;
  title: string;
  /** The wording in the document (a variant id or "dropped"), or null when no text went in. */
  adoptedVariant: string | null;
  agreedByAll: boolean;
  /** Members that did not agree, sorted. */
  dissenters: string[];
  /** Members that joined consensus but had their divergent view footnoted, sorted. */
  reservations: string[];
  /** Members that let the others adopt it and dissociated themselves, sorted. */
  dissociating: string[];
  status: ParagraphStatus;
}

export interface Outcome {
  kind: OutcomeKind;
  paragraphs: ParagraphOutcome[];
  /** Share of the weighted text (importance) agreed by all, in percent, over paragraphs not dropped. */
  agreedShare: number;
  /** The members that walked out, in scenario order. */
  walkedOut: string[];
  /** The members away from the table at the close without protest (never came, or left on schedule), in scenario order. */
  departed: string[];
}

/** Below this agreed share (percent) there is no outcome document, only the chair's own statement. */
export const STATEMENT_BELOW = 50;

/** The outcome of the meeting as it stands (final once the meeting has closed). */
export function outcomeOf(scenario: Scenario, s: MeetingState): Outcome {
  const paragraphs: ParagraphOutcome[] = scenario.paragraphs.map((p) => {
    const draft = s.draft[p.id]!;
    const adopted = draft.status === 'adopted';
    // An open paragraph at the close did not go in; those still withholding consensus are its dissenters.
    // Where the presidency planned no negotiated text, nobody was asked to agree, so nobody dissented.
    const byDesign = scenario.presidency.intent.planned !== 'negotiated-text';
    const dissenters = adopted || (byDesign && draft.status === 'open') ? [] : draft.status === 'open' ? withholders(scenario, s, p) : draft.dissenters;
    const dissociating = adopted ? [...draft.dissociated].sort() : [];
    return {
      id: p.id,
      title: p.title,
      adoptedVariant: draft.status === 'open' ? null : draft.variant,
      agreedByAll: adopted && dissociating.length === 0,
      dissenters: [...dissenters].sort(),
      reservations: adopted ? [...draft.reservations].sort() : [],
      dissociating,
      status: draft.status,
    };
  });
  return {
    kind: classify(scenario, s, paragraphs),
    paragraphs,
    agreedShare: agreedShare(scenario, paragraphs),
    walkedOut: [...s.walkedOut],
    departed: s.away.filter((id) => indexOf(scenario).delegation.get(id)!.member),
  };
}

function agreedShare(scenario: Scenario, paragraphs: ParagraphOutcome[]): number {
  const ix = indexOf(scenario);
  let total = 0;
  let agreed = 0;
  for (const p of paragraphs) {
    // Adopted by those who joined: with dissociation, the share is counted over the members who joined.
    const adopted = p.status === 'adopted';
    if (adopted && p.adoptedVariant === DROPPED) continue;
    const weight = ix.paragraph.get(p.id)!.importance;
    total += weight;
    if (adopted) agreed += weight;
  }
  return total === 0 ? 100 : Math.floor((agreed * 100) / total);
}

/**
 * The ladder as practised, checked top-down:
 * 1. a presidency that decided in advance on a chair's summary or statement reaches it by design;
 * 2. a walk-out with less than half the text agreed → collapse;
 * 3. less than half the text agreed → chair-statement;
 * 4. nobody refused the text: consensus-communique; communique-with-footnotes when reservations were
 *    recorded; outcome-with-dissociation when members let the others adopt paragraphs they dissociated
 *    from (Hamburg 2017: the United States on climate);
 * 5. someone refused to let a paragraph stand as joint text → chair-summary (New Delhi FMM 2023).
 * A member that walked out refused; one that left on schedule or never came did not.
 */
export function classify(scenario: Scenario, s: MeetingState, paragraphs: ParagraphOutcome[]): OutcomeKind {
  const planned = scenario.presidency.intent.planned;
  if (planned !== 'negotiated-text') return planned;
  const share = agreedShare(scenario, paragraphs);
  if (s.walkedOut.length > 0 && share < STATEMENT_BELOW) return 'collapse';
  if (share < STATEMENT_BELOW) return 'chair-statement';
  const refused = s.walkedOut.length > 0 || paragraphs.some((p) => p.dissenters.length > 0);
  if (!refused) {
    if (paragraphs.some((p) => p.dissociating.length > 0)) return 'outcome-with-dissociation';
    return paragraphs.some((p) => p.reservations.length > 0) ? 'communique-with-footnotes' : 'consensus-communique';
  }
  return 'chair-summary';
}

/** The outcome as the CLI's `--json` and the browser's `window.communique.outcome()` report it. */
export interface OutcomeSummary {
  kind: OutcomeKind;
  paragraphs: { id: string; title: string; adoptedVariant: string | null; agreedByAll: boolean; dissenters: string[] }[];
}

export function outcomeSummary(outcome: Outcome): OutcomeSummary {
  return {
    kind: outcome.kind,
    paragraphs: outcome.paragraphs.map((p) => ({
      id: p.id,
      title: p.title,
      adoptedVariant: p.adoptedVariant,
      agreedByAll: p.agreedByAll,
      dissenters: p.dissenters,
    })),
  };
}

/** The items of the historical record a game is checked against, each true when the game matches it. */
export interface HistoricalMatch {
  /** The rung of the ladder. */
  kind: boolean;
  /** The same paragraphs left without everyone's agreement. */
  agreement: boolean;
  /** On every paragraph, the same members keeping it from the joint text. */
  dissenters: boolean;
  /** On every paragraph, the same members with a footnoted divergent view. */
  footnoted: boolean;
  /** On every paragraph, the same members dissociating. */
  dissociating: boolean;
  walkedOut: boolean;
  departed: boolean;
  /** Every item above at once: the scalar `historicalMatch` of a batch. */
  all: boolean;
  /** Share (0..1) of the recorded paragraphs that ended with the record's wording (null when the record adopted none). */
  wording: number;
}

export const MATCH_ITEMS = ['kind', 'agreement', 'dissenters', 'footnoted', 'dissociating', 'walkedOut', 'departed'] as const;

/** Checks an outcome against the scenario's historical block, item by item. */
export function historicalMatch(scenario: Scenario, outcome: Outcome): HistoricalMatch {
  const record = scenario.historical;
  const played = new Map(outcome.paragraphs.map((p) => [p.id, p]));
  const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join(',') === [...b].sort().join(',');
  const every = (test: (h: (typeof record.paragraphs)[number], p: ParagraphOutcome) => boolean) =>
    record.paragraphs.every((h) => {
      const p = played.get(h.id);
      return p !== undefined && test(h, p);
    });
  let wordings = 0;
  for (const h of record.paragraphs) if ((played.get(h.id)?.adoptedVariant ?? null) === h.adoptedVariant) wordings++;
  const items = {
    kind: outcome.kind === record.outcome,
    agreement: every((h, p) => h.agreedByAll === p.agreedByAll),
    dissenters: every((h, p) => same(h.dissenters, p.dissenters)),
    footnoted: every((h, p) => same(h.footnoted, p.reservations)),
    dissociating: every((h, p) => same(h.dissociating, p.dissociating)),
    walkedOut: same(record.walkedOut, outcome.walkedOut),
    departed: same(record.departed, outcome.departed),
  };
  return { ...items, all: MATCH_ITEMS.every((k) => items[k]), wording: record.paragraphs.length === 0 ? 1 : wordings / record.paragraphs.length };
}

/** Whether an outcome matches the historical block on every item (historicalMatch's `all`). */
export function matchesHistory(scenario: Scenario, outcome: Outcome): boolean {
  return historicalMatch(scenario, outcome).all;
}
