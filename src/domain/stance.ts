// How a delegation's stance on a paragraph follows from its position, its flexibility and the clock,
// always with the reason in plain words.
import { DROPPED, type Delegation, type Paragraph, type Scenario, type VariantId } from './scenario-schema.ts';
import { currentSession, type MeetingState, type Stance, type StanceRecord } from './state.ts';

/** Effective utility at or above which a delegation supports the text. */
export const SUPPORT_AT = 40;
/** ... accepts it. */
export const ACCEPT_AT = 0;
/** ... reserves (joins consensus with doubts); below this it objects. */
export const RESERVE_AT = -25;
/** A reserving delegation that cares at least this much has its divergent view footnoted. */
export const FOOTNOTE_SALIENCE = 50;

const RANK: Record<Stance, number> = { support: 0, accept: 1, reserve: 2, object: 3, block: 4 };

/** True when stance `a` is at least as favourable as `b`. */
export function atLeast(a: Stance, b: Stance): boolean {
  return RANK[a] <= RANK[b];
}

/** Whether a stance keeps a paragraph out of consensus. */
export function withholdsConsensus(stance: Stance): boolean {
  return stance === 'object' || stance === 'block';
}

/** How people name a wording: its one-line summary in quotes, or "dropping the paragraph". */
export function variantLabel(paragraph: Paragraph, variant: VariantId): string {
  if (variant === DROPPED) return 'dropping the paragraph';
  const v = paragraph.variants.find((x) => x.id === variant);
  return v ? `“${v.summary.replace(/\.$/, '')}”` : variant;
}

/** The final reading makes low-salience delegations give way: they care less than they want an outcome. */
export function deadlineBonus(scenario: Scenario, state: MeetingState, salience: number): number {
  return currentSession(scenario, state)?.kind === 'final-reading' ? Math.floor((100 - salience) / 4) : 0;
}

/** Effective utility of `variant` for a delegation now: its own utility plus what moved it. */
export function effectiveUtility(
  scenario: Scenario,
  state: MeetingState,
  delegation: Delegation,
  paragraph: Paragraph,
  variant: VariantId,
): number {
  const position = delegation.positions[paragraph.id]!;
  return (
    (position.utilities[variant] ?? 0) +
    (state.flex[delegation.id]?.[paragraph.id] ?? 0) +
    deadlineBonus(scenario, state, position.salience)
  );
}

/** The stance `delegation` would take if `variant` were on the table (no reason: the fast path). */
export function stanceCode(
  scenario: Scenario,
  state: MeetingState,
  delegation: Delegation,
  paragraph: Paragraph,
  variant: VariantId,
): Stance {
  const position = delegation.positions[paragraph.id]!;
  if (position.redLines.includes(variant)) return 'block';
  const value = effectiveUtility(scenario, state, delegation, paragraph, variant);
  const stance: Stance = value >= SUPPORT_AT ? 'support' : value >= ACCEPT_AT ? 'accept' : value >= RESERVE_AT ? 'reserve' : 'object';
  const bracketed = state.draft[paragraph.id]?.brackets.includes(delegation.id) ?? false;
  return bracketed && atLeast(stance, 'reserve') ? 'reserve' : stance;
}

/** The stance `delegation` would take if `variant` were on the table, with its reason in plain words. */
export function stanceOn(
  scenario: Scenario,
  state: MeetingState,
  delegation: Delegation,
  paragraph: Paragraph,
  variant: VariantId,
): StanceRecord {
  const stance = stanceCode(scenario, state, delegation, paragraph, variant);
  const position = delegation.positions[paragraph.id]!;
  const label = variantLabel(paragraph, variant);
  if (stance === 'block') return { stance, reason: `Blocks ${label}, a red line: ${lowerFirst(position.reason).replace(/\.$/, '')}` };
  const base = position.utilities[variant] ?? 0;
  const feeling =
    base >= SUPPORT_AT
      ? 'it is close to what it wants'
      : base >= ACCEPT_AT
        ? 'it can live with this wording'
        : base >= RESERVE_AT
          ? 'it has doubts about this wording'
          : 'it opposes this wording';
  const moves: string[] = [];
  const flex = state.flex[delegation.id]?.[paragraph.id] ?? 0;
  const cause = state.flexCause[delegation.id]?.[paragraph.id];
  if (flex !== 0 && cause) moves.push(`${flex > 0 ? 'softened' : 'hardened'} by ${cause}`);
  if (deadlineBonus(scenario, state, position.salience) > 0) moves.push('the deadline weighs more than this paragraph');
  if (state.draft[paragraph.id]?.brackets.includes(delegation.id)) moves.push('it holds brackets on the paragraph');
  // Who stands with it matters in the room (the bandwagon of the bargaining models): name its closest friends on this side.
  const friends = closeFriendsAgreeing(scenario, state, delegation, paragraph, stance);
  if (friends.length > 0) moves.push(`${friends.join(' and ')} ${friends.length === 1 ? 'is' : 'are'} of the same mind`);
  const why = moves.length > 0 ? `${feeling}; ${moves.join('; ')}` : feeling;
  return { stance, reason: `${capitalise(stanceVerb(stance))} ${label}: ${why}` };
}

/** Up to two delegations the delegation likes best (affinity ≥ 40) that voice the same kind of stance. */
function closeFriendsAgreeing(scenario: Scenario, state: MeetingState, delegation: Delegation, paragraph: Paragraph, stance: Stance): string[] {
  const voiced = state.stances[paragraph.id];
  if (!voiced) return [];
  const joins = !withholdsConsensus(stance);
  return scenario.delegations
    .filter((d) => d.id !== delegation.id && (delegation.affinities[d.id] ?? 0) >= 40)
    .filter((d) => voiced[d.id] !== undefined && !withholdsConsensus(voiced[d.id]!) === joins)
    .sort((a, b) => (delegation.affinities[b.id] ?? 0) - (delegation.affinities[a.id] ?? 0))
    .slice(0, 2)
    .map((d) => d.name);
}

/** The stance on the paragraph's current draft, with its reason. */
export function currentStance(scenario: Scenario, state: MeetingState, delegation: Delegation, paragraph: Paragraph): StanceRecord {
  return stanceOn(scenario, state, delegation, paragraph, state.draft[paragraph.id]!.variant);
}

/** The stance on the paragraph's current draft (fast path). */
export function currentStanceCode(scenario: Scenario, state: MeetingState, delegation: Delegation, paragraph: Paragraph): Stance {
  return stanceCode(scenario, state, delegation, paragraph, state.draft[paragraph.id]!.variant);
}

export function stanceVerb(stance: Stance): string {
  switch (stance) {
    case 'support':
      return 'supports';
    case 'accept':
      return 'accepts';
    case 'reserve':
      return 'reserves its position on';
    case 'object':
      return 'objects to';
    case 'block':
      return 'blocks';
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The stance of delegation `delegationId` on paragraph `paragraphId` as it stands, with its reason. */
export function explainStance(scenario: Scenario, state: MeetingState, delegationId: string, paragraphId: string): StanceRecord {
  const delegation = scenario.delegations.find((d) => d.id === delegationId);
  const paragraph = scenario.paragraphs.find((p) => p.id === paragraphId);
  if (!delegation || !paragraph) throw new Error(`no stance of "${delegationId}" on "${paragraphId}"`);
  return currentStance(scenario, state, delegation, paragraph);
}
