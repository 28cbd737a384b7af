// Flags from the maintained flag-icons package (4:3 SVGs), looked up by delegation id; fictional
// delegations get none and are drawn with a neutral emblem instead.
import type { Scenario } from '../domain/scenario-schema.ts';

const FLAG_FILES = import.meta.glob('/node_modules/flag-icons/flags/4x3/*.svg', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const BY_CODE = new Map(
  Object.entries(FLAG_FILES).map(([path, url]) => [path.slice(path.lastIndexOf('/') + 1, -'.svg'.length), url]),
);

/** The flag's URL for a delegation of `scenario`, or null (fictional scenario, or no such flag). */
export function flagUrl(scenario: Scenario, delegationId: string): string | null {
  if (scenario.meta.fictional) return null;
  return BY_CODE.get(delegationId.toLowerCase()) ?? null;
}
