// The debrief of a meeting, read from its state at every step and its typed log: distance to
// consensus over time, each paragraph's stances over time, who moved whom, concessions and linkages
// per delegation, every action with its result and reason, and the CSV tables a teacher exports.
import { indexOf } from './scenario-index.ts';
import { DROPPED, type Scenario } from './scenario-schema.ts';
import { matchesHistory, outcomeSummary, type Outcome, type OutcomeSummary } from './outcome.ts';
import type { Score } from './score.ts';
import { STANCES, absoluteSlot, type MeetingState, type ParagraphDraft, type Stance } from './state.ts';
import { withholdsConsensus } from './stance.ts';
import { actorOf, isPrivate, paragraphOf, targetOf, type LogRecord } from './log.ts';
import type { Translator } from '../i18n/index.ts';
import { BARE, approachIn, listIn, narrate, narrationTable, variantLabelIn, wordsIn, type NarrationTable } from '../narrate/index.ts';

/** The table of a caller that needs only ids and results (the roster): every key worded as itself. */
const IDS_ONLY = narrationTable(BARE);
const wordsOfTable = (scenario: Scenario, table: NarrationTable) => wordsIn(scenario, table.tr ?? BARE);

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
  /** Not at the table without protest (absent, not yet arrived, gone home). */
  away: string[];
  /** How many log records had been written by the end of this step. */
  logLength: number;
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
    away: [...s.away],
    logLength: s.records,
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

/** One log record read as an action: who, to whom, on what, with what result, and why (codes, then words). */
export interface DebriefAction {
  index: number;
  step: number;
  slot: number;
  kind: LogRecord['kind'];
  actor: string;
  target: string;
  paragraph: string;
  /** The result as a code: moved, not-moved, struck, declined, agreed, adopted, no-consensus, footnoted, … */
  result: string;
  /** The seat's reason or the stance's cause, in words. */
  reason: string;
  text: string;
  private: boolean;
}

/** The result code of a record. */
export function resultOf(r: LogRecord): string {
  switch (r.kind) {
    case 'lobbied':
      return r.moved ? 'moved' : 'not-moved';
    case 'linkage':
      return r.accepted ? 'struck' : 'declined';
    case 'broker':
      return r.accepted ? 'agreed' : 'declined';
    case 'adoption':
      return r.adopted ? 'adopted' : 'no-consensus';
    case 'footnote':
      return r.toSummary ? 'chair-summary' : 'footnoted';
    case 'stance':
      return r.to;
    case 'event':
    case 'bulletin':
      return 'news';
    case 'message':
      return 'sent';
    case 'walk-out':
      return 'walked-out';
    case 'amendment':
      return 'proposed';
    case 'tabled':
      return 'tabled';
    default:
      return 'done';
  }
}

const CLOCK_KINDS: ReadonlySet<LogRecord['kind']> = new Set(['opened', 'slot-opened', 'closed', 'pause', 'seat', 'slot-closed-by-instructor']);

/** Every record of the log but the clock's, read as actions; words come from the narration table. */
export function actionsOf(scenario: Scenario, log: readonly LogRecord[], table: NarrationTable = IDS_ONLY): DebriefAction[] {
  const w = wordsOfTable(scenario, table);
  const actions: DebriefAction[] = [];
  log.forEach((r, index) => {
    if (CLOCK_KINDS.has(r.kind)) return;
    const reason = r.kind === 'stance' ? table.cause(r.cause, w) : 'reason' in r && r.reason ? table.reason(r.reason, w) : r.kind === 'lobbied' ? approachIn(w.tr, r.approach) : '';
    actions.push({
      index,
      step: r.step,
      slot: r.slot,
      kind: r.kind,
      actor: actorOf(r) ?? '',
      target: targetOf(r) ?? '',
      paragraph: paragraphOf(r) ?? '',
      result: resultOf(r),
      reason,
      text: narrate(r, w, table),
      private: isPrivate(r),
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
  /** Stance changes whose recorded cause names `from`. */
  stanceMoves: number;
}

/** The network of influence, built from the records; edges in first-seen order. */
export function influenceNetwork(scenario: Scenario, log: readonly LogRecord[]): InfluenceEdge[] {
  const ix = indexOf(scenario);
  const edges = new Map<string, InfluenceEdge>();
  const edge = (from: string, to: string) => {
    const key = `${from}>${to}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { from, to, attempts: 0, successes: 0, stanceMoves: 0 }));
    return e;
  };
  for (const r of log) {
    if (r.kind === 'lobbied' || r.kind === 'linkage' || r.kind === 'broker') {
      if (!ix.delegation.has(r.actor) || r.target === r.actor) continue;
      const x = edge(r.actor, r.target);
      x.attempts++;
      if (r.kind === 'lobbied' ? r.moved : r.accepted) x.successes++;
    } else if (r.kind === 'stance') {
      const source = r.cause.code === 'lobbied' ? r.cause.by : r.cause.code === 'linkage' ? r.cause.with : undefined;
      if (source && source !== r.actor) edge(source, r.actor).stanceMoves++;
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
export function timelineMarks(scenario: Scenario, snapshots: readonly StepSnapshot[], log: readonly LogRecord[], table: NarrationTable): TimelineMark[] {
  const w = wordsOfTable(scenario, table);
  const marks: TimelineMark[] = [];
  const stanceAt = new Map<string, LogRecord>();
  for (const r of log) if (r.kind === 'stance') stanceAt.set(`${r.step}|${r.actor}|${r.paragraph}`, r);
  for (let i = 1; i < snapshots.length; i++) {
    const before = snapshots[i - 1]!;
    const now = snapshots[i]!;
    for (const p of scenario.paragraphs) {
      for (const d of scenario.delegations) {
        const a = before.stances[p.id]?.[d.id];
        const b = now.stances[p.id]?.[d.id];
        if (!a || !b || a === b) continue;
        const r = stanceAt.get(`${now.step}|${d.id}|${p.id}`);
        marks.push({ step: now.step, delegation: d.id, kind: rankOf(b) < rankOf(a) ? 'concession' : 'hardening', paragraph: p.id, text: r ? narrate(r, w, table) : w.tr.t('debrief.stance-moved', { name: d.name, from: w.tr.t(`stance-name.${a}`), to: w.tr.t(`stance-name.${b}`), paragraph: p.title }) });
      }
    }
  }
  for (const r of log) {
    if (r.kind !== 'linkage' || !r.accepted) continue;
    const text = narrate(r, w, table);
    marks.push({ step: r.step, delegation: r.actor, kind: 'linkage', paragraph: '', text });
    marks.push({ step: r.step, delegation: r.target, kind: 'linkage', paragraph: '', text });
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

export function keyMoments(scenario: Scenario, log: readonly LogRecord[], table: NarrationTable): KeyMoment[] {
  const w = wordsOfTable(scenario, table);
  const moments: KeyMoment[] = [];
  for (const r of log) {
    if (r.kind === 'event' || r.kind === 'bulletin') moments.push({ step: r.step, kind: 'event', text: narrate(r, w, table) });
    else if (r.kind === 'adoption') moments.push({ step: r.step, kind: 'adoption', paragraph: r.paragraph, adopted: r.adopted, text: narrate(r, w, table) });
    else if (r.kind === 'walk-out') moments.push({ step: r.step, kind: 'walk-out', text: narrate(r, w, table) });
    else if (r.kind === 'slot-opened') moments.push({ step: r.step, kind: 'slot', text: narrate(r, w, table) });
  }
  return moments;
}

/**
 * The fate of a paragraph in the historical record, as the `fate.*` words name it: a paragraph the record
 * dropped was dropped (by everyone's consent), not "agreed by all" (New Delhi FMM 2023's Nord Stream).
 */
export function recordFate(real: { adoptedVariant: string | null; agreedByAll: boolean }): 'dropped' | 'agreed' | 'left-out' | 'not-agreed' {
  if (real.adoptedVariant === DROPPED) return real.agreedByAll ? 'dropped' : 'not-agreed';
  return real.agreedByAll ? 'agreed' : real.adoptedVariant === null ? 'left-out' : 'not-agreed';
}

/** "What really happened" beside the played outcome, paragraph by paragraph, in words. */
export interface RecordRow {
  paragraph: string;
  title: string;
  played: string;
  record: string;
  same: boolean;
}

export function recordComparison(scenario: Scenario, outcome: Outcome, tr: Translator): RecordRow[] {
  const ix = indexOf(scenario);
  const history = new Map(scenario.historical.paragraphs.map((p) => [p.id, p]));
  const wording = (pid: string, v: string | null) => (v === null || v === DROPPED ? '' : variantLabelIn(tr, ix.paragraph.get(pid)!, v));
  // Names, not codes, joined as the language joins them.
  const names = (ids: string[]) => listIn(tr, ids.map((id) => ix.delegation.get(id)?.name ?? id));
  const line = (fate: string, pid: string, v: string | null, ids: string[]) =>
    tr.t('record-row.line', { fate: tr.t(`fate.${fate}`), wording: wording(pid, v), hasWording: wording(pid, v) !== '', not: names(ids), hasNot: ids.length > 0 });
  return outcome.paragraphs.map((p) => {
    const real = history.get(p.id);
    const fate = p.status === 'adopted' ? (p.adoptedVariant === DROPPED ? 'dropped' : 'agreed') : p.status === 'footnoted' ? 'footnoted' : p.status === 'chair-summary' ? 'chair-summary' : 'left-out';
    const played = line(fate, p.id, p.adoptedVariant, p.dissenters);
    const record = real ? line(recordFate(real), p.id, real.adoptedVariant, real.dissenters) : '—';
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
export function debriefOf(
  scenario: Scenario,
  snapshots: readonly StepSnapshot[],
  final: MeetingState,
  log: readonly LogRecord[],
  outcome: Outcome,
  score: Score,
  table: NarrationTable,
): Debrief {
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
    record: recordComparison(scenario, outcome, table.tr ?? BARE),
    moments: keyMoments(scenario, log, table),
    network: influenceNetwork(scenario, log),
    marks: timelineMarks(scenario, snapshots, log, table),
    actions: actionsOf(scenario, log, table),
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
