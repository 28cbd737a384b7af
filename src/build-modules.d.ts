// The modules written at build time, as TypeScript sees them: scripts/scenario-assets.ts's, and
// vite-plugin-pwa's service worker registration.
/// <reference types="vite-plugin-pwa/vanillajs" />
declare module 'virtual:scenarios' {
  import type { Scenario } from './domain/scenario-schema.ts';
  /** A built-in scenario, checked at build time; `url` fetches it as the validator returned it. */
  export interface ScenarioEntry {
    id: string;
    file: string;
    url: string;
    meta: Pick<Scenario['meta'], 'id' | 'title' | 'date' | 'place' | 'summary' | 'difficulty' | 'fictional'>;
    delegations: number;
    paragraphs: number;
    rulesHash: string;
  }
  export const SCENARIOS: ScenarioEntry[];
}

declare module 'virtual:flags' {
  /** Flag URLs by lower-case delegation id: only those of the built-in scenarios' delegations. */
  export const FLAGS: Record<string, string>;
}
