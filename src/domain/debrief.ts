// The debrief of a meeting, read from its state at every step and its transcript: distance to
// consensus over time, each paragraph's stances over time, who moved whom, concessions and linkages
// per delegation, every action with its result and reason, and the CSV tables a teacher exports.
import { indexOf } from './scenario-index.ts';
import { DROPPED, type Scenario } from './scenario-schema.ts';
import { matchesHistory, outcomeSummary, type Outcome, type OutcomeSummary } from './outcome.ts';
import type { Score } from './score.ts';
import { STANCES, absoluteSlot, type MeetingState, type ParagraphDraft, type Stance, type TranscriptEntry } from './state.ts';
import { variantLabel, withholdsConsensus } from './stance.ts';

/** What the debrief keeps of the meeting after each step (step 0 is the opening). */
export interface StepSnapshot {
  step: number;
  /** Absolute slot number (0-based across the schedule). */
  slot: number;
  clock: { session: number; slot: number };
  closed: boolean;
  stances: Record<string, Record<string, Stance>>;
  draft: Record<string, ParagraphDraft>;
  walkedOut: string[];
  /** How many transcript entries had been written by the end of this step. */
  transcriptLength: number;
}

/** A copy of what the debrief needs from the state; later steps never change it. */
export function snapshotOf(scenario: Scenario, s: MeetingState): StepSnapshot {
  const stances: StepSnapshot['stances'] = {};
  for (const [pid, row] of Object.entries(s.stances)) stances[pid] = { ...row };
  const draft: StepSnapshot['draft'] = {};
  for (const [pid, d] of Object.entries(s.draft)) {
    draft[pid] = {
      ...d,
      brackets: [...d.brackets],
      reservations: [...d.reservations],
      dissenters: [...d.dissenters],
      amendments: d.amendments.map((a) => ({ ...a })),
    };
  }
  return {
    step: s.step,
    slot: absoluteSlot(scenario, s.clock),
    clock: { ...s.clock },
    closed: s.closed,
    stances,
    draft,
    walkedOut: [...s.walkedOut],
    transcriptLength: s.transcript.length,
  };
}

/** How far a stance is from joining consensus: 0 for support, accept and reserve; 1 object; 2 block. */
export function gapOf(stance: Stance | undefined): number {
  return stance === 'object' ? 1 : stance === 'block' ? 2 : 0;
}

/** 0 support … 4 block: the order of the stance palette, for heat maps. */
export function rankOf(stance: Stance): number {
  return STANCES.indexOf(stance);
}

/** Delegations present that withhold consensus on a paragraph at this step, in scenario order. */
export function withholdersAt(scenario: Scenario, snap: StepSnapshot, pid: string): string[] {
  const row = snap.stances[pid] ?? {};
  return scenario.delegations.filter((d) => !snap.walkedOut.includes(d.id) && withholdsConsensus(row[d.id] ?? 'accept')).map((d) => d.id);
}

/**
 * Distance to consensus: for every paragraph not yet adopted, each objection counts 1 and each red
 * line 2, weighted by the paragraph's importance. Zero means everything is agreed by all.
 */
export function distanceAt(scenario: Scenario, snap: StepSnapshot): number {
  let distance = 0;
  for (const p of scenario.paragraphs) {
    if (snap.draft[p.id]?.status === 'adopted') continue;
    const row = snap.stances[p.id] ?? {};
    let gap = 0;
    for (const d of scenario.delegations) if (!snap.walkedOut.includes(d.id)) gap += gapOf(row[d.id]);
    distance += p.importance * gap;
  }
  return distance;
}

/** One transcript entry read as an action: who, to whom, on what, with what result, and why. */
export interface DebriefAction {
  index: number;
  step: number;
  slot: number;
  kind: TranscriptEntry['kind'];
  actor: string;
  target: string;
  paragraph: string;
  result: string;
  reason: string;
  text: string;
  private: boolean;
}

/** The text inside the last parentheses before the closing full stop: where an AI seat gives its reason. */
export function trailingReason(text: string): string {
  const trimmed = text.replace(/\.\s*$/, '');
  if (!trimmed.endsWith(')')) return '';
  let depth = 0;
  for (let i = trimmed.length - 1; i >= 0; i--) {
    if (trimmed[i] === ')') depth++;
    else if (trimmed[i] === '(' && --depth === 0) return trimmed.slice(i + 1, -1);
  }
  return '';
}

const STANCE_PREFIX: [string, Stance][] = [
  ['supports', 'support'],
  ['accepts', 'accept'],
  ['reserves', 'reserve'],
  ['objects', 'object'],
  ['blocks', 'block'],
];

/** The stance a stance-change entry announces (the text is "<Name> <verb> …"). */
export function stanceOfEntry(scenario: Scenario, e: TranscriptEntry): Stance | null {
  const name = (e.actor && indexOf(scenario).delegation.get(e.actor)?.name) ?? '';
  const rest = e.text.startsWith(name) ? e.text.slice(name.length).trimStart() : e.text;
  return STANCE_PREFIX.find(([verb]) => rest.startsWith(verb))?.[1] ?? null;
}

function afterFirst(text: string, marker: string): string {
  const at = text.indexOf(marker);
  return at < 0 ? '' : text.slice(at + marker.length).replace(/\s*\([^()]*\)\.?$/, '').replace(/\.$/, '');
}

/** Result and reason of an entry, from the fixed wording the rules write. */
function readEntry(scenario: Scenario, e: TranscriptEntry): { result: string; reason: string } {
  const why = trailingReason(e.text);
  const t = e.text;
  switch (e.kind) {
    case 'lobbying': {
      const how = /with (an? [^:]+|pressure [^:]+):/.exec(t)?.[1] ?? '';
      return { result: t.includes('shows flexibility') ? 'moved' : 'not moved', reason: why || how };
    }
    case 'linkage':
      return t.includes('strike a linkage') ? { result: 'struck', reason: why || afterFirst(t, ': ') } : { result: 'declined', reason: why || afterFirst(t, 'declines: ') };
    case 'broker':
      if (t.includes('agrees to broker')) return { result: 'agreed', reason: why };
      if (t.includes('drafts bridging text')) return { result: 'drafted', reason: why || 'the strongest wording nobody blocks' };
      return { result: 'declined', reason: why || afterFirst(t, 'declines: ') };
    case 'adoption':
      if (t.includes('adopted by consensus')) return { result: 'adopted', reason: why };
      if (t.includes('no consensus')) return { result: 'no consensus', reason: why || afterFirst(t, 'no consensus — ') };
      if (t.includes('with a footnote')) return { result: 'footnoted', reason: why || afterFirst(t, 'footnote: ') };
      return { result: "chair's summary", reason: why || afterFirst(t, 'own authority; ') };
    case 'stance': {
      const stance = stanceOfEntry(scenario, e);
      const close = t.indexOf('”: ');
      return { result: stance ?? 'changed', reason: close >= 0 ? t.slice(close + 3).replace(/\.$/, '') : afterFirst(t, ': ') };
    }
    case 'event':
      return { result: 'news', reason: '' };
    case 'message':
      return { result: 'sent', reason: '' };
    default:
      return { result: t.includes(' walks out') ? 'walked out' : 'done', reason: why };
  }
}

/** Every entry of the transcript but the clock's, read as actions. */
export function actionsOf(scenario: Scenario, transcript: readonly TranscriptEntry[]): DebriefAction[] {
  const actions: DebriefAction[] = [];
  transcript.forEach((e, index) => {
    if (e.kind === 'clock') return;
    const { result, reason } = readEntry(scenario, e);
    actions.push({
      index,
      step: e.step,
      slot: e.slot,
      kind: e.kind,
      actor: e.actor ?? '',
      target: e.target ?? '',
      paragraph: e.paragraph ?? '',
      result,
      reason,
      text: e.text,
      private: e.private === true,
    });
  });
  return actions;
}

/** Who moved whom: lobbying, linkages and brokering from one delegation to another, and the stances they shifted. */
export interface InfluenceEdge {
  from: string;
  to: string;
  /** Lobbying attempts, linkages offered, brokers asked. */
  attempts: number;
  /** Attempts that worked: lobbying that moved, linkages struck, brokers that agreed. */
  successes: number;
  /** Stance changes whose recorded reason names `from`. */
  stanceMoves: number;
}

/** The network of influence, built from the recorded reasons; edges in first-seen order. */
export function influenceNetwork(scenario: Scenario, transcript: readonly TranscriptEntry[]): InfluenceEdge[] {
  const ix = indexOf(scenario);
  const edges = new Map<string, InfluenceEdge>();
  const edge = (from: string, to: string) => {
    const key = `${from}>${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, attempts: 0, successes: 0, stanceMoves: 0 }));
    return e;
  };
  // Longest names first, so "South Africa" is not read as "Africa".
  const names = [...ix.delegation.values()].sort((a, b) => b.name.length - a.name.length);
  const named = (text: string) => names.find((d) => text.startsWith(d.name))?.id;
  for (const e of transcript) {
    if (!e.actor || !ix.delegation.has(e.actor)) continue;
    if (e.kind === 'lobbying' && e.target) {
      const x = edge(e.actor, e.target);
      x.attempts++;
      if (e.text.includes('shows flexibility')) x.successes++;
    } else if (e.kind === 'linkage' && e.target) {
      const x = edge(e.actor, e.target);
      x.attempts++;
      if (e.text.includes('strike a linkage')) x.successes++;
    } else if (e.kind === 'broker' && e.target && e.target !== e.actor) {
      const x = edge(e.actor, e.target);
      x.attempts++;
      if (e.text.includes('agrees to broker')) x.successes++;
    } else if (e.kind === 'stance') {
      // "softened by Brazil's appeal to principle" or "softened by its linkage with Brazil".
      const by = /(?:softened|hardened) by (.+)$/.exec(e.text)?.[1] ?? '';
      const source = by.startsWith('its linkage with ') ? named(by.slice('its linkage with '.length)) : named(by);
      if (source && source !== e.actor) edge(source, e.actor).stanceMoves++;
    }
  }
  return [...edges.values()];
}

/** A concession, a hardening or a linkage of one delegation, placed on the timeline. */
export interface TimelineMark {
  step: number;
  delegation: string;
  kind: 'concession' | 'hardening' | 'linkage';
  paragraph: string;
  text: string;
}

/** Stance moves between consecutive steps (towards consensus: concessions) and every linkage struck. */
export function timelineMarks(scenario: Scenario, snapshots: readonly StepSnapshot[], transcript: readonly TranscriptEntry[]): TimelineMark[] {
  const marks: TimelineMark[] = [];
  const reasonOf = (step: number, d: string, pid: string) =>
    [...transcript].reverse().find((e) => e.kind === 'stance' && e.step === step && e.actor === d && e.paragraph === pid)?.text ?? '';
  for (let i = 1; i < snapshots.length; i++) {
    const before = snapshots[i - 1]!;
    const now = snapshots[i]!;
    for (const p of scenario.paragraphs) {
      for (const d of scenario.delegations) {
        const a = before.stances[p.id]?.[d.id];
        const b = now.stances[p.id]?.[d.id];
        if (!a || !b || a === b) continue;
        marks.push({ step: now.step, delegation: d.id, kind: rankOf(b) < rankOf(a) ? 'concession' : 'hardening', paragraph: p.id, text: reasonOf(now.step, d.id, p.id) || `${d.name}: ${a} → ${b} on ${p.title}` });
      }
    }
  }
  for (const e of transcript) {
    if (e.kind !== 'linkage' || !e.text.includes('strike a linkage') || !e.actor || !e.target) continue;
    marks.push({ step: e.step, delegation: e.actor, kind: 'linkage', paragraph: '', text: e.text });
    marks.push({ step: e.step, delegation: e.target, kind: 'linkage', paragraph: '', text: e.text });
  }
  return marks.sort((a, b) => a.step - b.step);
}

/** Steps worth jumping to: news, each adoption attempt, walk-outs and the start of every slot. */
export interface KeyMoment {
  step: number;
  kind: 'event' | 'adoption' | 'walk-out' | 'slot';
  paragraph?: string;
  /** For adoptions: whether the paragraph went through. */
  adopted?: boolean;
  text: string;
}

export function keyMoments(transcript: readonly TranscriptEntry[]): KeyMoment[] {
  const moments: KeyMoment[] = [];
  for (const e of transcript) {
    if (e.kind === 'event') moments.push({ step: e.step, kind: 'event', text: e.text });
    else if (e.kind === 'adoption' && e.text.includes('calls for adoption'))
      moments.push({ step: e.step, kind: 'adoption', paragraph: e.paragraph, adopted: e.text.includes('adopted by consensus'), text: e.text });
    else if ((e.kind === 'command' || e.kind === 'ai') && e.text.includes(' walks out')) moments.push({ step: e.step, kind: 'walk-out', text: e.text });
    else if (e.kind === 'clock' && e.text.includes(' — ')) moments.push({ step: e.step, kind: 'slot', text: e.text });
  }
  return moments;
}

/** "What really happened" beside the played outcome, paragraph by paragraph, in words. */
export interface RecordRow {
  paragraph: string;
  title: string;
  played: string;
  record: string;
  same: boolean;
}

export function recordComparison(scenario: Scenario, outcome: Outcome): RecordRow[] {
  const ix = indexOf(scenario);
  const history = new Map(scenario.historical.paragraphs.map((p) => [p.id, p]));
  const wording = (pid: string, v: string | null) => (v === null || v === DROPPED ? '' : `: ${variantLabel(ix.paragraph.get(pid)!, v)}`);
  const not = (ids: string[]) => (ids.length > 0 ? ` (not ${[...ids].sort().join(', ')})` : '');
  return outcome.paragraphs.map((p) => {
    const real = history.get(p.id);
    const fate =
      p.status === 'adopted' ? (p.adoptedVariant === DROPPED ? 'dropped by consensus' : 'agreed by all') : p.status === 'footnoted' ? 'kept with a footnote' : p.status === 'chair-summary' ? "chair's summary" : 'left out';
    const played = `${fate}${wording(p.id, p.adoptedVariant)}${not(p.dissenters)}`;
    const record = real
      ? `${real.agreedByAll ? 'agreed by all' : real.adoptedVariant === null ? 'left out' : 'not agreed by all'}${wording(p.id, real.adoptedVariant)}${not(real.dissenters)}`
      : '—';
    const same = real !== undefined && real.agreedByAll === p.agreedByAll && real.adoptedVariant === p.adoptedVariant && [...real.dissenters].sort().join() === p.dissenters.join();
    return { paragraph: p.id, title: p.title, played, record, same };
  });
}

/** Each paragraph's stances step by step, delegation by delegation (null: none voiced, or walked out). */
export function stanceSeries(scenario: Scenario, snapshots: readonly StepSnapshot[]): Record<string, Record<string, (Stance | null)[]>> {
  const series: Record<string, Record<string, (Stance | null)[]>> = {};
  for (const p of scenario.paragraphs) {
    const row: Record<string, (Stance | null)[]> = (series[p.id] = {});
    for (const d of scenario.delegations) row[d.id] = snapshots.map((s) => (s.walkedOut.includes(d.id) ? null : (s.stances[p.id]?.[d.id] ?? null)));
  }
  return series;
}

/** Everything the debrief shows, as plain data. */
export interface Debrief {
  scenario: { id: string; title: string };
  seed: string;
  role: string;
  difficulty: string;
  steps: number;
  /** Distance to consensus after each step (index = step). */
  distance: number[];
  /** Withholding delegations per paragraph after each step: withholding[pid][step]. */
  withholding: Record<string, number[]>;
  /** Each paragraph's stances over time: stances[pid][delegation][step], null when none was voiced. */
  stances: Record<string, Record<string, (Stance | null)[]>>;
  outcome: OutcomeSummary & { agreedShare: number; walkedOut: string[] };
  matchesHistory: boolean;
  score: Score;
  record: RecordRow[];
  moments: KeyMoment[];
  network: InfluenceEdge[];
  marks: TimelineMark[];
  actions: DebriefAction[];
}

/** The debrief of a finished (or unfinished) meeting from its snapshots and final state. */
export function debriefOf(scenario: Scenario, snapshots: readonly StepSnapshot[], final: MeetingState, outcome: Outcome, score: Score): Debrief {
  const withholding: Record<string, number[]> = {};
  for (const p of scenario.paragraphs) withholding[p.id] = snapshots.map((s) => (s.draft[p.id]?.status === 'adopted' ? 0 : withholdersAt(scenario, s, p.id).length));
  return {
    scenario: { id: scenario.meta.id, title: scenario.meta.title },
    seed: final.seed,
    role: final.role,
    difficulty: final.difficulty,
    steps: snapshots.length - 1,
    distance: snapshots.map((s) => distanceAt(scenario, s)),
    withholding,
    stances: stanceSeries(scenario, snapshots),
    outcome: { ...outcomeSummary(outcome), agreedShare: outcome.agreedShare, walkedOut: outcome.walkedOut },
    matchesHistory: matchesHistory(scenario, outcome),
    score,
    record: recordComparison(scenario, outcome),
    moments: keyMoments(final.transcript),
    network: influenceNetwork(scenario, final.transcript),
    marks: timelineMarks(scenario, snapshots, final.transcript),
    actions: actionsOf(scenario, final.transcript),
  };
}

/** The figures a teacher compares across groups. */
export function debriefSummary(debrief: Debrief) {
  const attempts = debrief.moments.filter((m) => m.kind === 'adoption');
  return {
    scenario: debrief.scenario.id,
    seed: debrief.seed,
    role: debrief.role,
    difficulty: debrief.difficulty,
    steps: debrief.steps,
    outcome: debrief.outcome,
    matchesHistory: debrief.matchesHistory,
    score: debrief.score.total,
    distance: { start: debrief.distance[0] ?? 0, least: Math.min(...debrief.distance), end: debrief.distance.at(-1) ?? 0 },
    concessions: debrief.marks.filter((m) => m.kind === 'concession').length,
    hardenings: debrief.marks.filter((m) => m.kind === 'hardening').length,
    linkages: debrief.marks.filter((m) => m.kind === 'linkage').length / 2,
    adoptionAttempts: attempts.length,
    adopted: attempts.filter((m) => m.adopted).length,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: (string | number | boolean)[]): string {
  return fields.map(csvField).join(',');
}

/** The stance grid at every step: a row per step and paragraph, a column per delegation. */
export function stanceGridCsv(scenario: Scenario, snapshots: readonly StepSnapshot[]): string {
  const ix = indexOf(scenario);
  const lines = [csvLine(['step', 'session', 'slot', 'paragraph', 'status', 'wording', 'withholding', ...ix.order])];
  for (const snap of snapshots) {
    const session = scenario.schedule[Math.min(snap.clock.session, scenario.schedule.length - 1)]!;
    const slot = session.slots[Math.min(snap.clock.slot, session.slots.length - 1)]!;
    for (const p of scenario.paragraphs) {
      const draft = snap.draft[p.id]!;
      const row = snap.stances[p.id] ?? {};
      lines.push(
        csvLine([
          snap.step,
          session.id,
          slot.id,
          p.id,
          draft.status,
          draft.variant,
          withholdersAt(scenario, snap, p.id).join(' '),
          ...ix.order.map((d) => (snap.walkedOut.includes(d) ? 'walked-out' : (row[d] ?? ''))),
        ]),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Every action with actor, target, result and reason. */
export function actionsCsv(actions: readonly DebriefAction[]): string {
  const lines = [csvLine(['step', 'slot', 'kind', 'actor', 'target', 'paragraph', 'result', 'reason', 'private', 'text'])];
  for (const a of actions) lines.push(csvLine([a.step, a.slot, a.kind, a.actor, a.target, a.paragraph, a.result, a.reason, a.private ? 'yes' : 'no', a.text]));
  return `${lines.join('\n')}\n`;
}
