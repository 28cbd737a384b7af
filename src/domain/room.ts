// Who is in the room and where they stand: small queries shared by the rules and the AI.
import type { Delegation, Paragraph, Scenario } from './scenario-schema.ts';
import { currentStanceCode, withholdsConsensus } from './stance.ts';
import type { MeetingState } from './state.ts';

/** Delegations still at the table, in scenario order (the scenario's own list while nobody has left). */
export function presentDelegations(scenario: Scenario, s: MeetingState): Delegation[] {
  return s.walkedOut.length === 0 ? scenario.delegations : scenario.delegations.filter((d) => !s.walkedOut.includes(d.id));
}

/** Delegations whose stance on the current text keeps the paragraph from consensus, in scenario order. */
export function withholders(scenario: Scenario, s: MeetingState, paragraph: Paragraph): string[] {
  // The room's reaction to the wording on the table is recorded with every change of stance, in
  // scenario order; reading it spares re-deriving twenty stances on every question an AI asks.
  const reaction = s.reactions[paragraph.id]?.[s.draft[paragraph.id]!.variant];
  if (reaction && s.stances[paragraph.id]) {
    const ids = Object.keys(reaction);
    return s.walkedOut.length === 0 ? ids : ids.filter((id) => !s.walkedOut.includes(id));
  }
  return presentDelegations(scenario, s)
    .filter((d) => withholdsConsensus(s.stances[paragraph.id]?.[d.id] ?? currentStanceCode(scenario, s, d, paragraph)))
    .map((d) => d.id);
}
