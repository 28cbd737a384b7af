// Remembers, beside the autosave, which replay and step a branched game left, so its exported
// replay still names its parent after the page is reloaded.
import type { MeetingState } from '../domain/state.ts';

const KEY = 'communique.autosave.parent.v1';

export interface BranchMark {
  scenario: string;
  seed: string;
  role: string;
  difficulty: string;
  parent: { file: string; step: number };
}

export function writeBranch(state: MeetingState, parent: BranchMark['parent']): void {
  const mark: BranchMark = { scenario: state.scenario.id, seed: state.seed, role: state.role, difficulty: state.difficulty, parent };
  try {
    localStorage.setItem(KEY, JSON.stringify(mark));
  } catch {
    // Without storage the parent is still kept for this visit.
  }
}

/** The parent of the game in `state`, if the branch mark is that game's. */
export function branchOf(state: MeetingState, commandsGiven: number): BranchMark['parent'] | undefined {
  try {
    const mark = JSON.parse(localStorage.getItem(KEY) ?? 'null') as BranchMark | null;
    if (!mark || typeof mark.parent?.file !== 'string' || typeof mark.parent.step !== 'number') return undefined;
    const same = mark.scenario === state.scenario.id && mark.seed === state.seed && mark.role === state.role && mark.difficulty === state.difficulty;
    return same && commandsGiven >= mark.parent.step ? mark.parent : undefined;
  } catch {
    return undefined;
  }
}

export function clearBranch(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing to clear.
  }
}
