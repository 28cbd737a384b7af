// How a delegation's stance on a paragraph follows from its position, its flexibility and the clock.
// Stances are codes; why one moved is the Cause its log record carries (log.ts), worded in src/narrate.
import type { Delegation, Paragraph, Position, Scenario, VariantId } from './scenario-schema.ts';
import { currentSession, type MeetingState, type Stance } from './state.ts';
import { indexOf } from './scenario-index.ts';

/** Effective utility at or above which a delegation supports the text. */
export const SUPPORT_AT = 40;
/** ... accepts it. */
export const ACCEPT_AT = 0;
/** ... reserves (joins consensus with doubts); below this it objects. */
export const RESERVE_AT = -25;

const RANK: Record<Stance, number> = { support: 0, accept: 1, reserve: 2, object: 3, block: 4 };

/** True when stance `a` is at least as favourable as `b`. */
export function atLeast(a: Stance, b: Stance): boolean {
  return RANK[a] <= RANK[b];
}

/** Whether a stance keeps a paragraph out of consensus. */
export function withholdsConsensus(stance: Stance): boolean {
  return stance === 'object' || stance === 'block';
}

/** The final reading makes low-salience delegations give way: they care less than they want an outcome. */
export function deadlineBonus(scenario: Scenario, state: MeetingState, salience: number): number {
  return deadlinePull(currentSession(scenario, state)?.kind === 'final-reading', salience);
}

/** The same pull where the caller already knows whether this is the final reading. */
export function deadlinePull(finalReading: boolean, salience: number): number {
  return finalReading ? Math.floor((100 - salience) / 4) : 0;
}

/** Effective utility of a wording on plain figures: its own utility, the flexibility gained, the deadline's pull. */
export function utilityFrom(position: Position, variant: VariantId, flex: number, finalReading: boolean): number {
  return (position.utilities[variant] ?? 0) + flex + deadlinePull(finalReading, position.salience);
}

/**
 * Whether `id` blocks `variant` on behalf of a member away from the table whose instructions it
 * carries (attendance.carriedBy): an ally speaks for the absent member's red lines, not for its doubts.
 */
export function carriesRedLine(scenario: Scenario, state: MeetingState, id: string, paragraphId: string, variant: VariantId): boolean {
  const ix = indexOf(scenario);
  const carried = ix.carries.size === 0 ? undefined : ix.carries.get(id);
  if (carried === undefined) return false;
  for (const absent of carried) {
    if (state.away.includes(absent) && ix.delegation.get(absent)!.positions[paragraphId]!.redLines.includes(variant)) return true;
  }
  return false;
}

/** The stance `delegation` would take if `variant` were on the table (no reason: the fast path). */
export function stanceCode(
  scenario: Scenario,
  state: MeetingState,
  delegation: Delegation,
  paragraph: Paragraph,
  variant: VariantId,
): Stance {
  const brackets = state.draft[paragraph.id]?.brackets;
  if (carriesRedLine(scenario, state, delegation.id, paragraph.id, variant)) return 'block';
  return stanceFrom(
    delegation.positions[paragraph.id]!,
    variant,
    state.flex[delegation.id]?.[paragraph.id] ?? 0,
    currentSession(scenario, state)?.kind === 'final-reading',
    brackets !== undefined && brackets.length > 0 && brackets.includes(delegation.id),
  );
}

/**
 * The stance rule itself, on plain figures: a red line blocks; otherwise the effective utility (own
 * utility, flexibility gained, the deadline's pull) sets the stance, and brackets hold it at reserve.
 * The rules, the seats' estimates and the views all come here, so there is one rule.
 */
export function stanceFrom(position: Position, variant: VariantId, flex: number, finalReading: boolean, bracketed: boolean): Stance {
  if (position.redLines.includes(variant)) return 'block';
  return stanceOfValue(utilityFrom(position, variant, flex, finalReading), bracketed);
}

/** The thresholds of the stance rule: an effective utility (no red line crossed) read as a stance, brackets holding it at reserve. */
function stanceOfValue(value: number, bracketed: boolean): Stance {
  const stance: Stance = value >= SUPPORT_AT ? 'support' : value >= ACCEPT_AT ? 'accept' : value >= RESERVE_AT ? 'reserve' : 'object';
  return bracketed && atLeast(stance, 'reserve') ? 'reserve' : stance;
}

/**
 * The fixed half of the stance rule for one wording of one paragraph, by delegation in scenario order:
 * each one's own utility for it, its salience, and whether the wording crosses its red line. Made once
 * per scenario and wording, so the rules re-deriving a room's stances read places, not names.
 */
export interface WordingRow {
  utility: Int32Array;
  salience: Int32Array;
  redLine: Uint8Array;
}

const wordingRows = new WeakMap<Scenario, Map<string, Map<VariantId, WordingRow>>>();

export function wordingRow(scenario: Scenario, paragraphId: string, variant: VariantId): WordingRow {
  let byParagraph = wordingRows.get(scenario);
  if (!byParagraph) wordingRows.set(scenario, (byParagraph = new Map()));
  let byVariant = byParagraph.get(paragraphId);
  if (!byVariant) byParagraph.set(paragraphId, (byVariant = new Map()));
  let row = byVariant.get(variant);
  if (!row) {
    const n = scenario.delegations.length;
    row = { utility: new Int32Array(n), salience: new Int32Array(n), redLine: new Uint8Array(n) };
    scenario.delegations.forEach((d, i) => {
      const position = d.positions[paragraphId]!;
      row!.utility[i] = position.utilities[variant] ?? 0;
      row!.salience[i] = position.salience;
      row!.redLine[i] = position.redLines.includes(variant) ? 1 : 0;
    });
    byVariant.set(variant, row);
  }
  return row;
}

/** `stanceFrom` on a wording row: the same rule, for the delegation in place `i`. */
export function stanceAt(row: WordingRow, i: number, flex: number, finalReading: boolean, bracketed: boolean): Stance {
  if (row.redLine[i] === 1) return 'block';
  return stanceOfValue(row.utility[i]! + flex + deadlinePull(finalReading, row.salience[i]!), bracketed);
}

/** The stance on the paragraph's current draft (fast path). */
export function currentStanceCode(scenario: Scenario, state: MeetingState, delegation: Delegation, paragraph: Paragraph): Stance {
  return stanceCode(scenario, state, delegation, paragraph, state.draft[paragraph.id]!.variant);
}


/** Why a delegation stands where it stands on the text on the table, as facts (words: src/narrate). */
export interface StanceBasis {
  stance: Stance;
  /** The wording on the table crosses one of its red lines. */
  redLine: boolean;
  /** It holds brackets on the paragraph. */
  bracketed: boolean;
  /** What the deadline adds to its utility at the final reading. */
  deadline: number;
  /** Flexibility gained (or lost); why it moved is in the log's stance records. */
  flex: number;
}

export function stanceBasis(scenario: Scenario, state: MeetingState, delegationId: string, paragraphId: string): StanceBasis {
  const delegation = scenario.delegations.find((d) => d.id === delegationId);
  const paragraph = scenario.paragraphs.find((p) => p.id === paragraphId);
  if (!delegation || !paragraph) throw new Error(`no stance of "${delegationId}" on "${paragraphId}"`);
  const variant = state.draft[paragraph.id]!.variant;
  const position = delegation.positions[paragraph.id]!;
  return {
    stance: stanceCode(scenario, state, delegation, paragraph, variant),
    redLine: position.redLines.includes(variant) || carriesRedLine(scenario, state, delegation.id, paragraph.id, variant),
    bracketed: state.draft[paragraph.id]!.brackets.includes(delegation.id),
    deadline: deadlineBonus(scenario, state, position.salience),
    flex: state.flex[delegation.id]?.[paragraph.id] ?? 0,
  };
}
