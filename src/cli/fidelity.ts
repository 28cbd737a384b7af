// Honest calibration (`npm run fidelity`): every real meeting played with each setting of the AI's few
// global parameters, the setting chosen over all meetings (in sample) and, for each meeting, without it
// (leave-one-out), and the report written to docs/fidelity.md. The choice rules are pure functions here.
import { PARAMETER_GRID, type AiParameters } from '../ai/parameters.ts';

/** Every combination of the parameter grid, in a fixed order. */
export function parameterSettings(grid: { readonly [K in keyof AiParameters]: readonly AiParameters[K][] } = PARAMETER_GRID): AiParameters[] {
  let settings: Partial<AiParameters>[] = [{}];
  for (const key of Object.keys(grid) as (keyof AiParameters)[]) {
    settings = settings.flatMap((s) => grid[key].map((v) => ({ ...s, [key]: v })));
  }
  return settings as AiParameters[];
}

/** matches[setting][meeting]: the share (0..1) of games matching the record on every item. */
export type MatchTable = number[][];

/**
 * The setting with the best mean match over the meetings not excluded; ties go to the earlier setting,
 * so the choice never depends on the excluded meeting's own games.
 */
export function bestSetting(matches: MatchTable, exclude: number | null = null): number {
  let best = 0;
  let bestScore = -Infinity;
  matches.forEach((row, i) => {
    let sum = 0;
    let n = 0;
    row.forEach((m, k) => {
      if (k === exclude) return;
      sum += m;
      n++;
    });
    const score = n === 0 ? 0 : sum / n;
    if (score > bestScore + 1e-12) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/** Per meeting: its in-sample match (the setting chosen with it) and its left-out match (chosen without it). */
export function leaveOneOut(matches: MatchTable): { inSample: number; chosen: number; leftOut: { setting: number; match: number }[] } {
  const chosen = bestSetting(matches);
  const meetings = matches[0]?.length ?? 0;
  const leftOut = Array.from({ length: meetings }, (_, k) => {
    const setting = bestSetting(matches, k);
    return { setting, match: matches[setting]![k]! };
  });
  return { inSample: chosen, chosen, leftOut };
}

/** A parameter setting in one short line, for the report. */
export function settingLabel(p: AiParameters): string {
  return Object.entries(p)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}
