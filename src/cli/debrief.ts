// `communique debrief <replay> [--csv <dir>] [--html <file>] [--students <dir>] [--strip-messages --out <file>]`:
// the debrief of a replay without a browser — the stance grid at every step and every action as CSV, a
// self-contained HTML report whose charts are rendered to SVG here by the same ECharts options the
// browser draws; for a classroom replay, its roster as CSV (a row per student move, a row per student);
// and a copy of the replay with the private message texts withheld, which cannot be verified (see
// domain/roster's withholdMessages).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { actionsCsv, debriefOf, debriefSummary, stanceGridCsv, type Debrief } from '../domain/debrief.ts';
import { documentTitle } from '../domain/document.ts';
import { cliTable, cliTr, say } from './words.ts';
import { problemIn } from '../i18n/problem-words.ts';
import { studentMoves, studentMovesCsv, studentsCsv, withholdMessages } from '../domain/roster.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { scoreOf } from '../domain/score.ts';
import { exitCodeOf, readReplay } from '../engine/replay.ts';
import { ENGINE_VERSION } from '../domain/version.ts';
import { reportCharts } from '../print/report-charts.ts';
import { reportHtml } from '../print/report.ts';
import { timelineOf, type Timeline } from '../engine/timeline.ts';
import { CliError, EXIT, loadScenario, readJson } from './io.ts';

/** The replay file's name without .replay.json or .json, for the files written beside it. */
export function stem(file: string): string {
  return basename(file).replace(/\.replay\.json$|\.json$/i, '');
}

/** Makes the folder a flag names, or says which flag's folder cannot be made and why. */
function folder(flag: string, dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new CliError(say('cli.err.cannot-create-folder', { flag, dir, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(say('cli.err.cannot-write', { file: path, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
}

export function loadTimeline(file: string, scenarioFlag?: string): { scenario: Scenario; timeline: Timeline; debrief: Debrief } {
  const read = readReplay(readJson(file));
  if (!read.ok) throw new CliError(`${file}: ${problemIn(cliTr(), read.problem)}`);
  const { scenario } = loadScenario(scenarioFlag ?? read.replay.scenario.id);
  const result = timelineOf(scenario, read.replay);
  if (!result.ok) {
    const p = result.problem;
    throw new CliError(`${file}: ${problemIn(cliTr(), p)}`, exitCodeOf(p));
  }
  const { timeline } = result;
  const state = timeline.meeting.state;
  const outcome = timeline.meeting.outcome();
  const debrief = debriefOf(scenario, timeline.snapshots, state, timeline.meeting.log, outcome, scoreOf(scenario, state, outcome), cliTable());
  return { scenario, timeline, debrief };
}

export function cmdDebrief(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args, options: {
        csv: { type: 'string' },
        html: { type: 'string' },
        students: { type: 'string' },
        'strip-messages': { type: 'boolean' },
        out: { type: 'string' },
        scenario: { type: 'string' },
        json: { type: 'boolean' },
      }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(say('cli.err.see-help', { problem: (error as Error).message.split('\n')[0] }));
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) throw new CliError(say('cli.err.needs-replay', { command: 'debrief', usage: 'communique debrief <replay> [--csv <dir>] [--html <file>] [--students <dir>] [--strip-messages --out <file>]' }));
  if (positionals.length > 1) throw new CliError(say('cli.err.unexpected-argument', { arg: positionals[1] }));
  if (values['strip-messages'] && !values.out) throw new CliError(say('cli.err.strip-needs-out', { option: '--out <file>' }));
  if (values.out && !values['strip-messages']) throw new CliError(say('cli.err.out-needs-strip'));
  const { scenario, timeline, debrief } = loadTimeline(file, values.scenario);
  const written: string[] = [];
  if (values.csv) {
    folder('--csv', values.csv);
    const stances = join(values.csv, `${stem(file)}.stances.csv`);
    const actions = join(values.csv, `${stem(file)}.actions.csv`);
    write(stances, stanceGridCsv(scenario, timeline.snapshots));
    write(actions, actionsCsv(debrief.actions));
    written.push(stances, actions);
  }
  if (values.students) {
    const roster = timeline.replay.roster;
    if (!roster) throw new CliError(say('cli.err.no-roster', { file }));
    folder('--students', values.students);
    const moves = join(values.students, `${stem(file)}.moves.csv`);
    const students = join(values.students, `${stem(file)}.students.csv`);
    write(moves, studentMovesCsv(studentMoves(scenario, roster, timeline.replay.commands, timeline.meeting.log)));
    write(students, studentsCsv(roster));
    written.push(moves, students);
  }
  if (values['strip-messages'] && values.out) {
    // Made only from an original that verified above; the copy says it cannot be verified itself.
    const copy = withholdMessages(timeline.replay);
    write(values.out, `${JSON.stringify(copy, null, 2)}\n`);
    written.push(values.out);
  }
  if (values.html) {
    write(values.html, reportHtml(scenario, debrief, reportCharts(scenario, debrief), say('debrief.generator-cli', { version: ENGINE_VERSION }), cliTr()));
    written.push(values.html);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ replay: file, ...debriefSummary(debrief), written })}\n`);
    return EXIT.ok;
  }
  const s = debriefSummary(debrief);
  const lines = [
    say('debrief.head', { file, title: scenario.meta.title, seed: debrief.seed, role: debrief.role, steps: debrief.steps }),
    say('debrief.outcome', { document: documentTitle(debrief.outcome.kind, cliTr()), share: debrief.outcome.agreedShare, matches: debrief.matchesHistory, score: debrief.score.total }),
    say('debrief.distance', { start: s.distance.start, least: s.distance.least, end: s.distance.end }),
    say('debrief.counts', { concessions: s.concessions, hardenings: s.hardenings, linkages: s.linkages, attempts: s.adoptionAttempts, adopted: s.adopted }),
    ...written.map((w) => say('debrief.wrote', { file: w })),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
