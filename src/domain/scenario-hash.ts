// A scenario's two hashes: its rules (ids, numbers, structure — what a replay binds to) and its texts
// (titles, summaries, wordings, reasons, sources, the historical record), so words can be corrected or
// translated without breaking a single replay.
import { hashOf } from './hash.ts';
import type { Scenario } from './scenario-schema.ts';

/** The scenario's rules data: everything that can change a game's course, and nothing that is only words. */
export function rulesOf(s: Scenario): unknown {
  return {
    id: s.meta.id,
    presidency: s.presidency,
    delegations: s.delegations.map((d) => ({
      id: d.id,
      blocs: d.blocs,
      clout: d.clout,
      broker: d.broker,
      affinities: d.affinities,
      motivations: d.motivations,
      positions: Object.fromEntries(
        Object.entries(d.positions).map(([pid, p]) => [pid, { utilities: p.utilities, salience: p.salience, redLines: p.redLines }]),
      ),
      // Who sits at the table and who may block change a game's course as much as any utility. Named
      // only where they differ from the defaults, so a scenario that uses neither keeps its hash.
      ...(d.member ? {} : { member: false }),
      ...(d.attendance ? { attendance: d.attendance } : {}),
    })),
    paragraphs: s.paragraphs.map((p) => ({
      id: p.id,
      importance: p.importance,
      droppable: p.droppable,
      variants: p.variants.map((v) => v.id),
      initialVariant: p.initialVariant,
    })),
    schedule: s.schedule.map((x) => ({
      id: x.id,
      kind: x.kind,
      // Only a principal walks out: the level of a session is a rule (the default is left out, as above).
      ...(x.level === 'principals' ? {} : { level: x.level }),
      slots: x.slots.map((slot) => ({ id: slot.id, minutes: slot.minutes })),
    })),
    events: s.events.map((e) => ({ id: e.id, at: e.at, weight: e.weight, effects: e.effects })),
  };
}

const rulesHashes = new WeakMap<Scenario, string>();
const textHashes = new WeakMap<Scenario, string>();

/** The hash of the scenario's rules data: a replay binds to it. */
export function rulesHash(s: Scenario): string {
  let hash = rulesHashes.get(s);
  if (hash === undefined) {
    hash = hashOf(rulesOf(s));
    rulesHashes.set(s, hash);
  }
  return hash;
}

/** The hash of the whole scenario, texts included: the text version a replay was played with, for display only. */
export function textHash(s: Scenario): string {
  let hash = textHashes.get(s);
  if (hash === undefined) {
    hash = hashOf(originals.get(s) ?? s);
    textHashes.set(s, hash);
  }
  return hash;
}

/**
 * Records the hashes of a scenario that was checked and hashed when the package was built (the command
 * line's built-in scenarios, cli/io.ts shippedScenario), so that opening a meeting does not hash it again.
 */
export function knownHashes(s: Scenario, hashes: { rulesHash: string; textHash: string }): void {
  rulesHashes.set(s, hashes.rulesHash);
  textHashes.set(s, hashes.textHash);
}

const originals = new WeakMap<Scenario, Scenario>();

/**
 * Marks `copy` as `original` with its words translated (src/i18n/scenario-texts.ts): the copy's text
 * hash is the original file's, so a game played in any language records the same scenario texts and
 * the same replay file, and a replay's texts are compared with the file's, not with a translation.
 */
export function translatedFrom(copy: Scenario, original: Scenario): void {
  originals.set(copy, originals.get(original) ?? original);
}
