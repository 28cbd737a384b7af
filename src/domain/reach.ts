// What the red lines leave within reach: the highest rung of the outcome ladder a meeting can climb
// whatever anyone does, the paragraphs whose every wording crosses some member's red line (and whose),
// and the nearest outcome still achievable — facts for the end screen and the batch, worded elsewhere.
import { indexOf } from './scenario-index.ts';
import { DROPPED, OutcomeKindSchema, type OutcomeKind, type Scenario } from './scenario-schema.ts';
import { STATEMENT_BELOW } from './outcome.ts';

/** The ladder top-down: a lower index is a higher rung. */
export const LADDER: readonly OutcomeKind[] = OutcomeKindSchema.options;

/** The place of a rung on the ladder, 0 at the top (a consensus communiqué). */
export function rungOf(kind: OutcomeKind): number {
  return LADDER.indexOf(kind);
}

/** Whether `kind` stands at least one rung above `than`. */
export function above(kind: OutcomeKind, than: OutcomeKind): boolean {
  return rungOf(kind) < rungOf(than);
}

/** One wording a paragraph may take (a variant, or dropping it) and the members holding a red line on it. */
export interface BarredWording {
  variant: string;
  /** Members with a red line on this wording, in scenario order. */
  holders: string[];
}

/** A paragraph none of whose wordings is free of a member's red line: it can never be agreed by all. */
export interface LockedParagraph {
  paragraph: string;
  wordings: BarredWording[];
  /**
   * Whether some wording is blocked by so few members that they could stand aside and dissociate (each
   * with at most `company` others withholding beside it): the paragraph can then be adopted by the rest.
   */
  dissociable: boolean;
}

export interface Reach {
  /** The highest rung red lines leave open; red lines never move, everything else can. */
  ceiling: OutcomeKind;
  /** The rungs above the ceiling: out of reach whatever anyone does. */
  outOfReach: OutcomeKind[];
  locked: LockedParagraph[];
  /** The nearest achievable outcome: the ceiling, with every paragraph free of red lines agreed by all. */
  nearest: { kind: OutcomeKind; agreedByAll: number; total: number; share: number };
}

export interface ReachOptions {
  /**
   * A member withholding with at most this many others may dissociate rather than refuse (the AI's
   * `dissociateCompany`; the rules themselves let any member dissociate).
   */
  dissociateCompany: number;
  /** Members not at the table at the close without protest: they hold no stance and block nothing. */
  absent?: readonly string[];
}

/**
 * What the red lines leave within reach of the meeting, or null where the presidency decided its outcome
 * in advance (a planned chair's summary or statement is reached by design, and nothing is negotiated).
 */
export function reachOf(scenario: Scenario, options: ReachOptions): Reach | null {
  if (scenario.presidency.intent.planned !== 'negotiated-text') return null;
  const ix = indexOf(scenario);
  const absent = new Set(options.absent ?? []);
  const members = scenario.delegations.filter((d) => d.member && !absent.has(d.id));
  const locked: LockedParagraph[] = [];
  let total = 0;
  let adoptable = 0;
  let agreedByAll = 0;
  for (const p of scenario.paragraphs) {
    const wordings: BarredWording[] = ix.ladder.get(p.id)!.map((variant) => ({
      variant,
      holders: members.filter((d) => d.positions[p.id]!.redLines.includes(variant)).map((d) => d.id),
    }));
    const weight = ix.paragraph.get(p.id)!.importance;
    const free = wordings.filter((w) => w.holders.length === 0);
    if (free.length > 0) {
      // Agreed by all; dropped by all, where only dropping is free, it counts for neither side of the share.
      if (free.some((w) => w.variant !== DROPPED)) {
        total += weight;
        adoptable += weight;
      }
      agreedByAll += 1;
      continue;
    }
    total += weight;
    // Only a wording that stays in the text counts towards the share: a dropped paragraph counts for neither side.
    const dissociable = wordings.some((w) => w.variant !== DROPPED && w.holders.length <= options.dissociateCompany + 1);
    if (dissociable) adoptable += weight;
    locked.push({ paragraph: p.id, wordings, dissociable });
  }
  const share = total === 0 ? 100 : Math.floor((adoptable * 100) / total);
  const ceiling: OutcomeKind =
    locked.length === 0 ? 'consensus-communique' : share < STATEMENT_BELOW ? 'chair-statement' : locked.every((l) => l.dissociable) ? 'outcome-with-dissociation' : 'chair-summary';
  return {
    ceiling,
    outOfReach: LADDER.slice(0, rungOf(ceiling)),
    locked,
    nearest: { kind: ceiling, agreedByAll, total: scenario.paragraphs.length, share },
  };
}
