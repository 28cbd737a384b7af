// Who is in the room and where they stand: small queries shared by the rules and the AI.
import type { Delegation, Paragraph, Presence, Scenario } from './scenario-schema.ts';
import { indexOf } from './scenario-index.ts';
import { currentStanceCode, withholdsConsensus } from './stance.ts';
import { anyoneAway, atTable, currentSession, type MeetingState } from './state.ts';

/** Delegations still at the table, in scenario order (the scenario's own list while nobody has left). */
export function presentDelegations(scenario: Scenario, s: MeetingState): Delegation[] {
  return !anyoneAway(s) ? scenario.delegations : scenario.delegations.filter((d) => atTable(s, d.id));
}

/** Delegations whose stance on the current text keeps the paragraph from consensus, in scenario order. */
export function withholders(scenario: Scenario, s: MeetingState, paragraph: Paragraph): string[] {
  // The room's reaction to the wording on the table is recorded with every change of stance, in
  // scenario order; reading it spares re-deriving twenty stances on every question an AI asks.
  // Guests never withhold (they are not in the reaction); members that dissociated let the text pass.
  const draft = s.draft[paragraph.id]!;
  const reaction = s.reactions[paragraph.id]?.[draft.variant];
  const dissociated = draft.dissociated;
  if (reaction && s.stances[paragraph.id]) {
    const ids = Object.keys(reaction);
    return !anyoneAway(s) && dissociated.length === 0 ? ids : ids.filter((id) => atTable(s, id) && !dissociated.includes(id));
  }
  return presentDelegations(scenario, s)
    .filter((d) => d.member && !dissociated.includes(d.id) && withholdsConsensus(s.stances[paragraph.id]?.[d.id] ?? currentStanceCode(scenario, s, d, paragraph)))
    .map((d) => d.id);
}

/** How a delegation attends the session under way (its principal unless the scenario says otherwise). */
export function presenceOf(scenario: Scenario, s: MeetingState, id: string): Presence {
  const attendance = indexOf(scenario).delegation.get(id)?.attendance;
  if (!attendance) return 'principal';
  const session = scenario.schedule[s.clock.session];
  return (session && attendance.sessions[session.id]) ?? attendance.default;
}

/** Only a principal (a minister or leader in person, in a session of principals) walks out in protest. */
export function principalPresent(scenario: Scenario, s: MeetingState, id: string): boolean {
  const session = currentSession(scenario, s);
  return session !== undefined && session.level === 'principals' && presenceOf(scenario, s, id) === 'principal';
}

