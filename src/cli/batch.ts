// `communique batch`: plays many seeded games across all cores and measures them against the record.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, packageRoot } from './io.ts';
import type { OutcomeKind, Scenario } from '../domain/scenario-schema.ts';
import { MATCH_ITEMS } from '../domain/outcome.ts';
import { above, reachOf, rungOf } from '../domain/reach.ts';
import { DEFAULT_PARAMETERS } from '../ai/parameters.ts';
import { playShare, type AgentEnds, type BatchJob, type GameResult, type WorkerMessage } from './batch-games.ts';
import { cliTr, say } from './words.ts';

export interface BatchReport {
  scenario: string;
  runs: number;
  policy: string;
  role: string;
  difficulty: string;
  /** Seats played by programs: delegation → module path or exec:command. */
  seats: Record<string, string>;
  /** Slots of those seats ended for them over all games: after refusals, silence or failure. */
  agentEnds: AgentEnds;
  outcomes: Record<string, number>;
  /**
   * Share of games (0..1) matching the historical block on every item at once: the outcome kind, which
   * paragraphs were agreed by all, and on each the dissenting, footnoted and dissociating members, the
   * walk-outs and the departures.
   */
  historicalMatch: number;
  /** Share of games (0..1) matching each item of the record on its own. */
  matchItems: Record<(typeof MATCH_ITEMS)[number], number>;
  /** Mean share (0..1) of the recorded paragraphs that ended with the record's wording. */
  wordingMatch: number;
  /**
   * Share of games (0..1) whose outcome stands at least one rung of the ladder above the record's; null
   * where the ladder has no rung above it (the record is a consensus communiqué, or the presidency
   * decided its outcome in advance).
   */
  aboveRecord: number | null;
  /** The highest rung the red lines leave open (null where the presidency decided its outcome in advance). */
  ceiling: string | null;
  meanScore: number;
  /** Standard error of the mean score: the spread of the mean. */
  scoreStdError: number;
  paragraphs: { id: string; agreedShare: number; dissenters: Record<string, number>; variants: Record<string, number> }[];
  /** The delegations that most often kept a paragraph from consensus: games in which they dissented anywhere. */
  topDissenters: { id: string; games: number }[];
  seconds: number;
  gamesPerSecond: number;
  workers: number;
}

/** The built worker script (bundling may place this module in a chunk, so resolve from the package). */
function workerFile(): string {
  const file = join(packageRoot(), 'dist', 'cli', 'batch-worker.js');
  if (!existsSync(file)) throw new CliError(say('cli.err.no-worker'));
  return file;
}

/** The seeds of a batch: `<base>-1` … `<base>-<runs>`. */
export function batchSeeds(base: string, runs: number): string[] {
  return Array.from({ length: runs }, (_, i) => `${base}-${i + 1}`);
}

/** Plays every seed across worker threads; `onProgress` hears after each game. */
export async function runBatch(
  job: Omit<BatchJob, 'seeds'> & { seeds: string[] },
  opts: { workers?: number; onProgress?: (done: number, total: number) => void; now: () => number },
): Promise<BatchReport> {
  const started = opts.now();
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), job.seeds.length));
  const shares: string[][] = Array.from({ length: workers }, () => []);
  job.seeds.forEach((seed, i) => shares[i % workers]!.push(seed));
  const results: GameResult[] = [];
  const all: Worker[] = [];
  if (workers === 1) {
    // One worker plays in this thread: a second thread would load, compile and warm up every module
    // again for nothing, which costs a short batch more than its games.
    let problem = null as string | null;
    await playShare({ ...job, lang: cliTr().lang }, (message) => {
      if (message.type === 'error') problem = message.message;
      else {
        results.push(message.result);
        opts.onProgress?.(results.length, job.seeds.length);
      }
    });
    if (problem !== null) throw new CliError(problem);
  } else await Promise.all(
    shares.map(
      (seeds) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(workerFile(), { workerData: { ...job, seeds, lang: cliTr().lang } satisfies BatchJob });
          all.push(worker);
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'error') {
              // One worker's problem (an agent that cannot load or start) stops the batch: the others too.
              for (const w of all) if (w !== worker) void w.terminate();
              reject(new CliError(message.message));
              return;
            }
            results.push(message.result);
            opts.onProgress?.(results.length, job.seeds.length);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`a batch worker stopped with code ${code}`))));
        }),
    ),
  );
  const seconds = (opts.now() - started) / 1000;
  return { ...summarise(job.scenario, results, job), seconds, gamesPerSecond: results.length / Math.max(seconds, 1e-9), workers };
}

/** Aggregates game results; the result does not depend on the order the games finished in. */
export function summarise(
  scenario: Scenario,
  results: GameResult[],
  job: { role: string; policy: string; difficulty: string; seats?: BatchJob['seats'] },
): Omit<BatchReport, 'seconds' | 'gamesPerSecond' | 'workers'> {
  const ordered = [...results].sort((a, b) => (a.seed < b.seed ? -1 : a.seed > b.seed ? 1 : 0));
  const runs = ordered.length;
  const outcomes: Record<string, number> = {};
  let matches = 0;
  let wordings = 0;
  const itemCounts = Object.fromEntries(MATCH_ITEMS.map((k) => [k, 0])) as Record<(typeof MATCH_ITEMS)[number], number>;
  let scoreSum = 0;
  let higher = 0;
  const dissentGames: Record<string, number> = {};
  const agentEnds: AgentEnds = { refused: 0, silent: 0, failed: 0 };
  const perParagraph = scenario.paragraphs.map((p) => ({ id: p.id, agreed: 0, dissenters: {} as Record<string, number>, variants: {} as Record<string, number> }));
  for (const r of ordered) {
    outcomes[r.kind] = (outcomes[r.kind] ?? 0) + 1;
    if (r.matchesHistory) matches++;
    if (above(r.kind as OutcomeKind, scenario.historical.outcome)) higher++;
    wordings += r.match.wording;
    for (const k of MATCH_ITEMS) if (r.match[k]) itemCounts[k]++;
    scoreSum += r.score;
    agentEnds.refused += r.agentEnds.refused;
    agentEnds.silent += r.agentEnds.silent;
    agentEnds.failed += r.agentEnds.failed;
    const dissentedHere = new Set<string>();
    r.paragraphs.forEach((p, i) => {
      const row = perParagraph[i]!;
      if (p.agreedByAll) row.agreed++;
      const variant = p.adoptedVariant ?? 'none';
      row.variants[variant] = (row.variants[variant] ?? 0) + 1;
      for (const id of p.dissenters) {
        row.dissenters[id] = (row.dissenters[id] ?? 0) + 1;
        dissentedHere.add(id);
      }
    });
    for (const id of dissentedHere) dissentGames[id] = (dissentGames[id] ?? 0) + 1;
  }
  const mean = runs === 0 ? 0 : scoreSum / runs;
  const variance = runs < 2 ? 0 : ordered.reduce((sum, r) => sum + (r.score - mean) ** 2, 0) / (runs - 1);
  const reach = reachOf(scenario, { dissociateCompany: DEFAULT_PARAMETERS.dissociateCompany, absent: scenario.historical.departed });
  const ladderAbove = reach !== null && rungOf(scenario.historical.outcome) > 0;
  const sortCounts = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
  return {
    scenario: scenario.meta.id,
    runs,
    policy: job.policy,
    role: job.role,
    difficulty: job.difficulty,
    seats: Object.fromEntries((job.seats ?? []).map((s) => [s.seat, s.spec])),
    agentEnds,
    outcomes: sortCounts(outcomes),
    historicalMatch: runs === 0 ? 0 : matches / runs,
    matchItems: Object.fromEntries(MATCH_ITEMS.map((k) => [k, runs === 0 ? 0 : itemCounts[k] / runs])) as BatchReport['matchItems'],
    wordingMatch: runs === 0 ? 0 : Math.round((wordings / runs) * 1000) / 1000,
    aboveRecord: !ladderAbove ? null : runs === 0 ? 0 : higher / runs,
    ceiling: reach?.ceiling ?? null,
    meanScore: Math.round(mean * 100) / 100,
    scoreStdError: Math.round(Math.sqrt(variance / Math.max(1, runs)) * 100) / 100,
    paragraphs: perParagraph.map((p) => ({
      id: p.id,
      agreedShare: runs === 0 ? 0 : p.agreed / runs,
      dissenters: sortCounts(p.dissenters),
      variants: sortCounts(p.variants),
    })),
    topDissenters: Object.entries(dissentGames)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5)
      .map(([id, games]) => ({ id, games })),
  };
}

/** A one-line progress bar for stderr: redrawn in place on a terminal, every 10% elsewhere. */
export function progressBar(stream: NodeJS.WriteStream, label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const line = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}`;
    if (stream.isTTY) {
      stream.write(`\r${line}${done === total ? '\n' : ''}`);
    } else {
      const tenth = Math.floor((done * 10) / total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${line}\n`);
      }
    }
  };
}

/** The seats played by programs, and how often their slots were ended for them. */
function seatLines(report: BatchReport): string[] {
  const seats = Object.entries(report.seats);
  if (seats.length === 0) return [];
  const e = report.agentEnds;
  return [
    say('batch.seats', { seats: seats.map(([id, spec]) => `${id} (${spec})`).join(', ') }),
    `  ${say('batch.seat-ends', { refused: e.refused, silent: e.silent, failed: e.failed })}`,
  ];
}

/** How often the meeting climbed above the record, and whether the red lines let it. */
function aboveLine(report: BatchReport, scenario: Scenario): string {
  const record = scenario.historical.outcome;
  if (report.aboveRecord === null) return say('batch.above-none', { outcome: record });
  const share = `${Math.round(report.aboveRecord * 1000) / 10}%`;
  const barred = report.ceiling !== null && rungOf(report.ceiling as OutcomeKind) >= rungOf(record);
  return say('batch.above', { outcome: record, share, barred, ceiling: report.ceiling ?? '' });
}

/** The report in readable lines. */
export function renderBatch(report: BatchReport, scenario: Scenario): string {
  const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;
  const name = (id: string) => scenario.delegations.find((d) => d.id === id)?.name ?? id;
  const lines = [
    say('batch.head', { runs: report.runs, title: scenario.meta.title, role: report.role, policy: report.policy, difficulty: report.difficulty }),
    say('batch.speed', { workers: report.workers, seconds: report.seconds.toFixed(2), rate: report.gamesPerSecond.toFixed(0) }),
    ...seatLines(report),
    '',
    say('batch.outcomes'),
    ...Object.entries(report.outcomes).map(([kind, n]) => `  ${kind.padEnd(28)} ${String(n).padStart(5)}  ${pct(n / report.runs)}`),
    '',
    say('batch.match', { outcome: scenario.historical.outcome, share: pct(report.historicalMatch) }),
    `  ${say('batch.items', { items: MATCH_ITEMS.map((k) => `${k} ${pct(report.matchItems[k])}`).join(', ') })}`,
    `  ${say('batch.wording', { share: pct(report.wordingMatch) })}`,
    aboveLine(report, scenario),
    say('batch.mean', { mean: report.meanScore.toFixed(2), error: report.scoreStdError.toFixed(2) }),
    say('batch.dissenters', { list: report.topDissenters.map((d) => `${name(d.id)} (${d.games})`).join(', ') || say('batch.none') }),
    '',
    say('batch.paragraphs'),
    ...report.paragraphs.map((p) => {
      const who = Object.entries(p.dissenters)
        .slice(0, 4)
        .map(([id, n]) => `${id} ${n}`)
        .join(', ');
      return `  ${p.id.padEnd(24)} ${pct(p.agreedShare).padStart(6)}${who ? `   ${who}` : ''}`;
    }),
  ];
  return lines.join('\n');
}
