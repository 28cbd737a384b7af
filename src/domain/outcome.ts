// What the meeting produced: each paragraph's fate and the rung of the outcome ladder the document
// reaches (g20-dossier §9a), classified by fixed rules so every end state has exactly one answer.
import { inScenarioOrder, indexOf } from './scenario-index.ts';
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
  status: ParagraphStatus;
}

export interface Outcome {
  kind: OutcomeKind;
  paragraphs: ParagraphOutcome[];
  /** Share of the weighted text (importance) agreed by all, in percent, over paragraphs not dropped. */
  agreedShare: number;
  /** The members that walked out, in scenario order. */
  walkedOut: string[];
}

/** Below this agreed share (percent) there is no outcome document, only the chair's own statement. */
export const STATEMENT_BELOW = 50;

/** The outcome of the meeting as it stands (final once the meeting has closed). */
export function outcomeOf(scenario: Scenario, s: MeetingState): Outcome {
  const paragraphs: ParagraphOutcome[] = scenario.paragraphs.map((p) => {
    const draft = s.draft[p.id]!;
    const adopted = draft.status === 'adopted';
    // An open paragraph at the close did not go in; those still withholding consensus are its dissenters.
    const dissenters = adopted ? [] : draft.status === 'open' ? withholders(scenario, s, p) : draft.dissenters;
    return {
      id: p.id,
      title: p.title,
      adoptedVariant: draft.status === 'open' ? null : draft.variant,
      agreedByAll: adopted,
      dissenters: [...dissenters].sort(),
      reservations: adopted ? [...draft.reservations].sort() : [],
      status: draft.status,
    };
  });
  return {
    kind: classify(scenario, s, paragraphs),
    paragraphs,
    agreedShare: agreedShare(scenario, paragraphs),
    walkedOut: [...s.walkedOut],
  };
}

function agreedShare(scenario: Scenario, paragraphs: ParagraphOutcome[]): number {
  const ix = indexOf(scenario);
  let total = 0;
  let agreed = 0;
  for (const p of paragraphs) {
    if (p.agreedByAll && p.adoptedVariant === DROPPED) continue;
    const weight = ix.paragraph.get(p.id)!.importance;
    total += weight;
    if (p.agreedByAll) agreed += weight;
  }
  return total === 0 ? 100 : Math.floor((agreed * 100) / total);
}

/**
 * The ladder, checked top-down:
 * 1. a walk-out with less than half the text agreed → collapse;
 * 2. less than half the text agreed → chair-statement;
 * 3. nobody dissents → consensus-communique, or communique-with-footnotes when reservations were recorded;
 * 4. one member dissents (the others agree everything in the text) → outcome-with-dissociation;
 * 5. otherwise → chair-summary (Chair's Summary and Outcome Document, footnotes naming the dissenters).
 * A member that walked out counts as a dissenter.
 */
export function classify(scenario: Scenario, s: MeetingState, paragraphs: ParagraphOutcome[]): OutcomeKind {
  const share = agreedShare(scenario, paragraphs);
  if (s.walkedOut.length > 0 && share < STATEMENT_BELOW) return 'collapse';
  if (share < STATEMENT_BELOW) return 'chair-statement';
  const dissenters = inScenarioOrder(scenario, [...s.walkedOut, ...paragraphs.flatMap((p) => p.dissenters)]);
  if (dissenters.length === 0) {
    return paragraphs.some((p) => p.reservations.length > 0) ? 'communique-with-footnotes' : 'consensus-communique';
  }
  if (dissenters.length === 1 && !paragraphs.some((p) => p.status === 'chair-summary')) return 'outcome-with-dissociation';
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

/**
 * Whether an outcome matches the scenario's historical block: the same rung of the ladder, the same
 * paragraphs left without everyone's agreement, and on each of them the same dissenters.
 */
export function matchesHistory(scenario: Scenario, outcome: Outcome): boolean {
  const record = scenario.historical;
  if (outcome.kind !== record.outcome) return false;
  const recorded = new Map(record.paragraphs.filter((p) => !p.agreedByAll).map((p) => [p.id, [...p.dissenters].sort().join(',')]));
  const played = new Map(outcome.paragraphs.filter((p) => !p.agreedByAll).map((p) => [p.id, p.dissenters.join(',')]));
  if (recorded.size !== played.size) return false;
  for (const [id, dissenters] of recorded) if (played.get(id) !== dissenters) return false;
  return true;
}
