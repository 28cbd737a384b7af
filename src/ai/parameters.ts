// The AI's few global parameters: one set for every meeting (no scenario has knobs of its own), chosen
// by `npm run fidelity` with each meeting left out in turn (docs/fidelity.md), and read by every policy.

export interface AiParameters {
  /**
   * A presidency that keeps its text (intent.resolve "keep-text") does not water it down for this many
   * holdouts or fewer; it puts the text to the room and lets them dissociate (Hamburg 2017: "19+1").
   */
  keepTextHoldouts: number;
  /**
   * A member withholding consensus on a paragraph put to adoption lets the others adopt it and
   * dissociates when at most this many other members withhold with it; in larger company it refuses the
   * joint text (New Delhi FMM 2023: Russia and China together would not let it stand).
   */
  dissociateCompany: number;
  /** The chance (percent) a slot that a provoked principal walks out (Lavrov, Bali FMM July 2022). */
  walkOutChance: number;
}

export const DEFAULT_PARAMETERS: Readonly<AiParameters> = Object.freeze({
  keepTextHoldouts: 1,
  dissociateCompany: 0,
  walkOutChance: 10,
});

/** The ranges `npm run fidelity` searches: a few values each, so the search stays small and honest. */
export const PARAMETER_GRID: { readonly [K in keyof AiParameters]: readonly AiParameters[K][] } = {
  keepTextHoldouts: [0, 1],
  // Alone, or with one other holdout: New Delhi FMM 2023 (Russia and China, who refused the joint
  // text together) tells the two apart. Eight settings of 500 seeds take minutes on this machine.
  dissociateCompany: [0, 1],
  walkOutChance: [0, 10],
};

/** Parameters from a partial set (a batch job's, a fidelity trial's), the defaults filling the rest. */
export function parametersOf(partial: Partial<AiParameters> = {}): AiParameters {
  return { ...DEFAULT_PARAMETERS, ...partial };
}
