// Who is in the room and where they stand: small queries shared by the rules and the AI.
import type { Delegation, Paragraph, Scenario } from './scenario-schema.ts';
import { currentStanceCode, withholdsConsensus } from './stance.ts';
import type { MeetingState } from './state.ts';

/** Delegations still at the table, in scenario order. */
export function presentDelegations(scenario: Scenario, s: MeetingState): Delegation[] {
  return scenario.delegations.filter((d) => !s.walkedOut.includes(d.id));
}

/** Delegations whose stance on the current text keeps the paragraph from consensus, in scenario order. */
export function withholders(scenario: Scenario, s: MeetingState, paragraph: Paragraph): string[] {
  return presentDelegations(scenario, s)
    .filter((d) => {
      const stance = s.stances[paragraph.id]?.[d.id] ?? currentStanceCode(scenario, s, d, paragraph);
      return withholdsConsensus(stance);
    })
    .map((d) => d.id);
}
