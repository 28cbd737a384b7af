// The score of a game for the role played, 0..100 in whole points, explained line by line: for the
// chair, how much text was agreed by all, how much ambition it kept and how early it was settled; for a
// delegation, how the outcome serves its interests compared with what really happened.
import { indexOf } from './scenario-index.ts';
import { DROPPED, type Paragraph, type Scenario } from './scenario-schema.ts';
import { ladderOf } from './models.ts';
import type { Outcome, ParagraphOutcome } from './outcome.ts';
import { seatOfRole, type MeetingState } from './state.ts';

export interface ScoreLine {
  /** The English label and detail, as before; other languages word `code` and `facts` (src/narrate/score.ts). */
  label: string;
  points: number;
  max: number;
  /** How the points were earned, in plain words. */
  detail: string;
  /** Which line this is, and the ids and numbers its words are made from. */
  code: 'agreed' | 'ambition' | 'time' | 'record' | 'paragraph';
  facts: Record<string, string | number | null>;
}

export interface Score {
  role: string;
  total: number;
  lines: ScoreLine[];
}

/** Weights of the chair's three lines; they add up to 100. */
export const CHAIR_WEIGHTS = { agreed: 60, ambition: 25, time: 15 } as const;

/** The score for the game's role (the chair's when every seat was on autopilot). */
export function scoreOf(scenario: Scenario, s: MeetingState, outcome: Outcome): Score {
  const seat = seatOfRole(scenario, s.role);
  return seat === null || seat === scenario.presidency.chair ? chairScore(scenario, s, outcome) : delegationScore(scenario, seat, outcome);
}

/** 100 for the strongest wording of the ladder down to 0 for the weakest; dropping keeps no ambition. */
function ambitionOf(paragraph: Paragraph, variant: string | null): number {
  if (variant === null || variant === DROPPED) return 0;
  const rungs = paragraph.variants.length;
  if (rungs <= 1) return 100;
  const rung = ladderOf(paragraph).indexOf(variant);
  return Math.floor(((rungs - 1 - rung) * 100) / (rungs - 1));
}

export function chairScore(scenario: Scenario, s: MeetingState, outcome: Outcome): Score {
  const ix = indexOf(scenario);
  let weight = 0;
  let ambition = 0;
  let early = 0;
  const finalSession = scenario.schedule.findIndex((x) => x.kind === 'final-reading');
  const finalSlot = ix.slotsBefore[finalSession] ?? ix.totalSlots;
  for (const p of outcome.paragraphs) {
    const paragraph = ix.paragraph.get(p.id)!;
    const w = paragraph.importance;
    weight += w;
    if (p.adoptedVariant !== null && p.status !== 'chair-summary') ambition += w * ambitionOf(paragraph, p.adoptedVariant);
    const settled = s.draft[p.id]!.settledSlot;
    if (p.agreedByAll && settled !== null && settled < finalSlot) early += w;
  }
  // The same share the outcome reports, in which a dropped paragraph counts for neither side.
  const agreedPoints = Math.floor((outcome.agreedShare * CHAIR_WEIGHTS.agreed) / 100);
  const ambitionPoints = weight === 0 ? 0 : Math.floor((ambition * CHAIR_WEIGHTS.ambition) / (weight * 100));
  const timePoints = weight === 0 ? 0 : Math.floor((early * CHAIR_WEIGHTS.time) / weight);
  const lines: ScoreLine[] = [
    {
      label: 'Text agreed by all',
      points: agreedPoints,
      max: CHAIR_WEIGHTS.agreed,
      code: 'agreed',
      facts: { agreed: outcome.paragraphs.filter((p) => p.agreedByAll).length, total: outcome.paragraphs.length, share: outcome.agreedShare },
      detail: `${outcome.paragraphs.filter((p) => p.agreedByAll).length} of ${outcome.paragraphs.length} paragraphs agreed by every member, ${outcome.agreedShare}% of the text weighted by importance (a dropped paragraph counts for neither side)`,
    },
    {
      label: 'Ambition kept',
      points: ambitionPoints,
      max: CHAIR_WEIGHTS.ambition,
      code: 'ambition',
      facts: { kept: Math.floor(ambition / Math.max(1, weight)) },
      detail: `the wordings in the document keep ${Math.floor(ambition / Math.max(1, weight))}% of the strength of the first drafts' ladders (strongest wording 100%, weakest 0%, dropped or left out 0%)`,
    },
    {
      label: 'Time used',
      points: timePoints,
      max: CHAIR_WEIGHTS.time,
      code: 'time',
      facts: { early: Math.floor((early * 100) / Math.max(1, weight)) },
      detail: `${Math.floor((early * 100) / Math.max(1, weight))}% of the text weighted by importance was agreed before the final reading`,
    },
  ];
  return { role: 'CHAIR', total: agreedPoints + ambitionPoints + timePoints, lines };
}

/** What a paragraph's fate is worth to a delegation: its utility for the wording in the document. */
function utilityOf(scenario: Scenario, delegation: string, p: Pick<ParagraphOutcome, 'id' | 'adoptedVariant'>): number {
  const position = indexOf(scenario).delegation.get(delegation)!.positions[p.id]!;
  const variant = p.adoptedVariant ?? DROPPED;
  return position.utilities[variant] ?? 0;
}

/** The fate of one paragraph as the score reads it: the wording, whether the group adopted it, and who stood apart. */
interface Fate {
  id: string;
  adoptedVariant: string | null;
  /** The group's text (adopted, with or without footnotes and dissociations), not only the chair's words. */
  groupText: boolean;
  /** Members whose divergence is on record: dissenters, footnoted, dissociating. */
  apart: readonly string[];
  /** Whether the delegation scored walked out of the meeting. */
  walkedOut: boolean;
}

/**
 * How much a paragraph's fate binds a delegation, in halves: 2 when the wording is the group's text and
 * the delegation is part of it; 1 when it stands apart on the record (its dissent, footnote or
 * dissociation is noted) or the wording is only the chair's (a chair's summary binds nobody). A
 * delegation that walked out forfeits both: the text is not its own, so what it is worth counts by half,
 * and its objection is not on the record, so what it costs counts in full. No text (dropped) binds in full.
 */
function bindingHalves(delegation: string, fate: Fate, utility: number): 1 | 2 {
  if (fate.adoptedVariant === null || fate.adoptedVariant === DROPPED) return 2;
  if (fate.walkedOut) return utility < 0 ? 2 : 1;
  return fate.groupText && !fate.apart.includes(delegation) ? 2 : 1;
}

/**
 * A delegation's score: 50 when the outcome serves it exactly as well as what really happened, up to
 * 100 or down to 0 as the salience-weighted utility of the outcome rises above or falls below history.
 * A wording binds it in full when the group adopts it and the delegation is part of it, by half when
 * its divergence is on record or the wording is only the chair's — so keeping out of a text one
 * opposes, or being noted apart from it, is worth something; walking out forfeits both that and the
 * credit of a text it wanted (a text one has left is not one's own).
 * The scale is what was at stake for it: half the salience-weighted span between its best and worst
 * wording of every paragraph is worth 50 points, so moving a paragraph it cares about shows.
 */
export function delegationScore(scenario: Scenario, delegation: string, outcome: Outcome): Score {
  const ix = indexOf(scenario);
  const d = ix.delegation.get(delegation)!;
  const historical = new Map(scenario.historical.paragraphs.map((h) => [h.id, h]));
  // What was at stake: Σ salience × (best − worst utility) / 2 over the paragraphs of the document.
  let stake = 0;
  for (const p of outcome.paragraphs) {
    const values = Object.values(d.positions[p.id]!.utilities);
    stake += (d.positions[p.id]!.salience * (Math.max(...values) - Math.min(...values))) / 2;
  }
  let sum = 0;
  const lines: ScoreLine[] = [];
  for (const p of outcome.paragraphs) {
    const salience = d.positions[p.id]!.salience;
    const then = historical.get(p.id);
    const played: Fate = { id: p.id, adoptedVariant: p.adoptedVariant, groupText: p.status !== 'chair-summary', apart: [...p.dissenters, ...p.reservations, ...p.dissociating], walkedOut: outcome.walkedOut.includes(delegation) };
    // The record names no status: a paragraph kept from consensus was the group's text with a footnote
    // only where the meeting ended in a communiqué with footnotes; otherwise it went to the chair's summary.
    const recorded: Fate | null = then
      ? {
          id: p.id,
          adoptedVariant: then.adoptedVariant,
          groupText: then.agreedByAll || then.dissenters.length === 0 || scenario.historical.outcome === 'communique-with-footnotes',
          apart: [...then.dissenters, ...then.footnoted, ...then.dissociating],
          walkedOut: scenario.historical.walkedOut.includes(delegation),
        }
      : null;
    // Each wording's utility counts in full where it binds the delegation, by half where it stands apart
    // or is only the chair's (in halves, so the sums stay whole numbers).
    const mineUtility = utilityOf(scenario, delegation, p);
    const mineHalves = mineUtility * bindingHalves(delegation, played, mineUtility);
    const recordUtility = recorded ? utilityOf(scenario, delegation, recorded) : 0;
    const recordHalves = recorded ? recordUtility * bindingHalves(delegation, recorded, recordUtility) : mineHalves;
    if (mineHalves === recordHalves || stake === 0) continue;
    const mine = Math.round(mineHalves / 2);
    const record = Math.round(recordHalves / 2);
    // Rounded per paragraph (never truncated to nothing), so the lines add up to the total.
    const points = Math.round((50 * salience * (mineHalves - recordHalves)) / (2 * stake));
    if (points === 0) continue;
    sum += points;
    const paragraph = ix.paragraph.get(p.id)!;
    const label = (v: string | null) =>
      v === null || v === DROPPED ? 'no text' : `“${paragraph.variants.find((x) => x.id === v)?.summary.replace(/\.$/, '') ?? v}”`;
    lines.push({
      label: paragraph.title,
      points,
      max: 0,
      code: 'paragraph',
      facts: { paragraph: p.id, delegation, played: p.adoptedVariant, mine, recorded: then?.adoptedVariant ?? null, record, salience },
      detail: `${label(p.adoptedVariant)} is worth ${mine} to ${d.name}, against ${record} for ${label(then?.adoptedVariant ?? null)} in the record (salience ${salience})`,
    });
  }
  const total = Math.max(0, Math.min(100, 50 + sum));
  // Bounded to 0..100: the difference is its own line, so the lines still add up to the total.
  if (total !== 50 + sum) lines.push({ code: 'record', label: 'Bounded to 0..100', points: total - 50 - sum, max: 0, detail: 'a score stays between 0 and 100', facts: { bounded: 1 } });
  lines.unshift({
    label: 'Against the record',
    points: 50,
    max: 50,
    code: 'record',
    facts: { delegation },
    detail: `50 points for matching what really happened; each line below adds or takes away by how much more or less its outcome is worth to ${d.name}`,
  });
  return { role: delegation, total, lines };
}
