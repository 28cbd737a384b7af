// Flags from the maintained flag-icons package (4:3 SVGs), looked up by delegation id; fictional
// delegations get none and are drawn with a neutral emblem instead. Only the flags of the built-in
// scenarios' delegations ship (scripts/scenario-assets.ts picks them at build time).
import { FLAGS } from 'virtual:flags';
import type { Scenario } from '../domain/scenario-schema.ts';

const BY_CODE = new Map(Object.entries(FLAGS));

/** The flag's URL for a delegation of `scenario`, or null (fictional scenario, or no such flag). */
export function flagUrl(scenario: Scenario, delegationId: string): string | null {
  if (scenario.meta.fictional) return null;
  return BY_CODE.get(delegationId.toLowerCase()) ?? null;
}
