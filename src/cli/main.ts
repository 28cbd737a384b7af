// The `communique` command line: scenarios and their validation and schema, simulate, batch, replay, debrief and briefing packs.
import './start.ts';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { ScenarioSchema, type Scenario } from '../domain/scenario-schema.ts';
import { DIFFICULTIES, seatOfRole, type Difficulty, type Role } from '../domain/state.ts';
import { POLICY_NAMES, policyFor, type PolicyName } from '../ai/policies.ts';
import { autopilot } from '../ai/autopilot.ts';
import { migrateScenarioFile } from '../domain/migrations.ts';
import { playOutWith, type SeatAgent } from '../engine/autoplay.ts';
import { scoreOf } from '../domain/score.ts';
import { performance } from 'node:perf_hooks';
import { checkScenario } from '../domain/validate.ts';
import { playOut } from '../engine/autoplay.ts';
import { Meeting } from '../engine/meeting.ts';
import { exitCodeOf, readReplay, replayOf, verifiedMessage, verifyReplay, type ReplayProblem } from '../engine/replay.ts';
import { textHash } from '../domain/scenario-hash.ts';
import { CliError, EXIT, formatProblems, inCliLanguage, migrationNotes, listScenarioFiles, loadScenario, readJson } from './io.ts';
import { LANGUAGES, LANGUAGE_NAMES, isLang, loadTranslator, use } from '../i18n/index.ts';
import { ENGLISH } from '../i18n/english.ts';
import { cliTr, say, setMachineOutput } from './words.ts';
import { problemIn, verifiedIn } from '../i18n/problem-words.ts';
import { renderDocument, renderScore, renderTranscript } from './render.ts';
import { outcomeSummary } from '../domain/outcome.ts';

/** The help text, in the CLI's language (read when printed: --lang is loaded by then). */
const usage = (): string => say('cli.usage');

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals = 0) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals > 0, strict: true });
    if (parsed.positionals.length > positionals) throw new CliError(say('cli.err.unexpected-argument', { arg: parsed.positionals[positionals] }));
    return parsed;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw new CliError(say('cli.err.see-help', { problem: message }));
  }
}

function print(text: string) {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function cmdScenarios(args: string[]) {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const rows = listScenarioFiles().map((file) => {
    const result = checkScenario(readJson(file));
    if (!result.ok) return { id: basename(file, '.json'), title: '(invalid: run communique validate)', date: '' };
    const scenario = inCliLanguage(result.scenario, file);
    return { id: scenario.meta.id, title: scenario.meta.title, date: scenario.meta.date };
  });
  if (values.json) return print(JSON.stringify(rows, null, 2));
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) print(`${r.id.padEnd(width)}  ${r.date.padEnd(10)}  ${r.title}`);
}

function cmdValidate(args: string[]) {
  const { positionals } = parse(args, {}, 1);
  const file = positionals[0];
  if (!file) throw new CliError(say('cli.err.needs-file', { command: 'validate', usage: 'communique validate <file>' }));
  const result = checkScenario(readJson(file));
  if (!result.ok) throw new CliError(formatProblems(file, result.problems));
  const from = result.migrated?.from ?? '';
  print(say('cli.validate.ok', { file, delegations: result.scenario.delegations.length, paragraphs: result.scenario.paragraphs.length, migrated: Boolean(result.migrated), from }));
}

function parseRole(value: string | undefined, scenario: Scenario): Role {
  if (value === undefined) return 'OBSERVER';
  const role = value.toUpperCase();
  if (role === 'CHAIR' || role === 'OBSERVER') return role;
  const ids = scenario.delegations.map((d) => d.id);
  if (!ids.includes(role)) throw new CliError(say('cli.err.unknown-role', { value, ids: ids.join(', ') }));
  // The chair's own delegation is the chair role.
  return role === scenario.presidency.chair ? 'CHAIR' : role;
}

/** --role and --policy together: without --role a strategy plays the chair; with one, that seat (chair or delegation). */
function parseRoleAndPolicy(scenario: Scenario, roleFlag: string | undefined, policyFlag: string | undefined): { role: Role; policy: PolicyName } {
  const policy = (policyFlag ?? 'autopilot') as PolicyName;
  if (!(POLICY_NAMES as readonly string[]).includes(policy)) throw new CliError(say('cli.err.bad-choice', { flag: '--policy', choices: cliTr().list(POLICY_NAMES, 'disjunction'), value: policyFlag }));
  let role = parseRole(roleFlag, scenario);
  if (policy !== 'autopilot') {
    if (roleFlag === undefined) role = 'CHAIR';
    if (role === 'OBSERVER') throw new CliError(say('cli.err.policy-observer', { policy }));
  }
  return { role, policy };
}

async function cmdBatch(args: string[]): Promise<number> {
  const { values } = parse(args, {
    scenario: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    role: { type: 'string' },
    policy: { type: 'string' },
    difficulty: { type: 'string' },
    workers: { type: 'string' },
    seat: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (!values.scenario) throw new CliError(say('cli.err.needs-option', { command: 'batch', option: '--scenario <id|path>' }));
  const runs = Number(values.runs);
  if (values.runs === undefined || !Number.isInteger(runs) || runs < 1 || runs > 1_000_000) {
    throw new CliError(say('cli.err.needs-runs', { min: 1, max: 1000000 }));
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 256)) throw new CliError(say('cli.err.bad-workers', { min: 1, max: 256 }));
  const { scenario } = loadScenario(values.scenario);
  const { role, policy } = parseRoleAndPolicy(scenario, values.role, values.policy);
  const difficulty = parseDifficulty(values.difficulty);
  // Loaded only for a batch: the workers, the report and the seat programs are no other command's.
  const [{ batchSeeds, progressBar, renderBatch, runBatch }, { checkAgent, parseSeatFlags }] = await Promise.all([import('./batch.ts'), import('./agents.ts')]);
  const seats = parseSeatFlags(values.seat, scenario.delegations.map((d) => d.id));
  // Checked here once, so a wrong path is one line before any worker starts (each then loads its own).
  for (const { seat, spec } of seats) await checkAgent(spec, seat);
  const report = await runBatch(
    { scenario, seeds: batchSeeds(values.seed ?? '1', runs), role, policy, difficulty, seats },
    { workers, onProgress: progressBar(process.stderr, 'games'), now: () => performance.now() },
  );
  if (values.json) {
    print(
      JSON.stringify({
        scenario: report.scenario,
        runs: report.runs,
        outcomes: report.outcomes,
        historicalMatch: report.historicalMatch,
        matchItems: report.matchItems,
        wordingMatch: report.wordingMatch,
        aboveRecord: report.aboveRecord,
        ceiling: report.ceiling,
        meanScore: report.meanScore,
        scoreStdError: report.scoreStdError,
        paragraphs: report.paragraphs,
        topDissenters: report.topDissenters,
        role: report.role,
        policy: report.policy,
        difficulty: report.difficulty,
        seats: report.seats,
        agentEnds: report.agentEnds,
        gamesPerSecond: Math.round(report.gamesPerSecond),
      }),
    );
  } else print(renderBatch(report, scenario));
  return EXIT.ok;
}

function parseDifficulty(value: string | undefined): Difficulty {
  if (value === undefined) return 'standard';
  if (!(DIFFICULTIES as readonly string[]).includes(value)) throw new CliError(say('cli.err.bad-choice', { flag: '--difficulty', choices: cliTr().list(DIFFICULTIES, 'disjunction'), value }));
  return value as Difficulty;
}

async function cmdSimulate(args: string[]): Promise<void> {
  const { values } = parse(args, {
    scenario: { type: 'string' },
    seed: { type: 'string' },
    role: { type: 'string' },
    difficulty: { type: 'string' },
    out: { type: 'string' },
    policy: { type: 'string' },
    seat: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (!values.scenario) throw new CliError(say('cli.err.needs-option', { command: 'simulate', option: '--scenario <id|path>' }));
  if (values.seed === undefined) throw new CliError(say('cli.err.needs-option', { command: 'simulate', option: '--seed <seed>' }));
  const { scenario } = loadScenario(values.scenario);
  const { role, policy } = parseRoleAndPolicy(scenario, values.role, values.policy);
  const difficulty = parseDifficulty(values.difficulty);
  const seat = seatOfRole(scenario, role);
  const chosen = seat === null ? autopilot : policyFor(scenario, seat, policy);
  // Seat programs are loaded only when a seat is given to one (--seat).
  const programs = values.seat?.length ? await import('./agents.ts') : null;
  const flags = programs ? values.seat!.map((v) => programs.parseSeatFlag(v, scenario.delegations.map((d) => d.id))) : [];
  const agents: Record<string, SeatAgent> = {};
  try {
    for (const { seat: id, spec } of flags) {
      if (agents[id]) throw new CliError(say('cli.err.seat-twice', { seat: id }));
      agents[id] = await programs!.loadAgent(spec, id);
    }
    const meeting = Meeting.open(scenario, { seed: values.seed, role, difficulty }, { conduct: flags.length === 0 });
    if (flags.length === 0) playOut(meeting, chosen);
    else await playOutWith(meeting, agents, chosen);
    report(meeting);
  } finally {
    for (const agent of Object.values(agents)) await agent.close();
  }

  function report(meeting: Meeting) {
    const outcome = meeting.outcome();
    const score = scoreOf(scenario, meeting.state, outcome);
    if (values.out) {
      try {
        writeFileSync(values.out, `${JSON.stringify(replayOf(meeting), null, 1)}\n`);
      } catch (error) {
        throw new CliError(say('cli.err.cannot-write-replay', { file: values.out, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
      }
    }
    if (values.json) {
      print(
        JSON.stringify({
          scenario: scenario.meta.id,
          seed: values.seed,
          outcome: outcomeSummary(outcome),
          stateHash: meeting.stateHash(),
          steps: meeting.commands.length,
          score: score.total,
        }),
      );
      return;
    }
    print(renderTranscript(scenario, meeting.log));
    print(renderDocument(scenario, outcome));
    print(renderScore(score, scenario));
    print(say('simulate.hash', { hash: meeting.stateHash(), steps: meeting.commands.length, seed: values.seed }));
    if (values.out) print(say('simulate.written', { file: values.out }));
  }
}

function cmdReplay(args: string[]): number {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, scenario: { type: 'string' } }, 1);
  const file = positionals[0];
  if (!file) throw new CliError(say('cli.err.needs-file', { command: 'replay', usage: 'communique replay <file>' }));
  // The JSON keeps the English message (for programs); the line on stderr is in the CLI's language.
  const fail = (problem: ReplayProblem, code: number, extra: Record<string, unknown> = {}) => {
    if (values.json) print(JSON.stringify({ ok: false, problem: problem.kind, message: problem.message, ...extra }));
    process.stderr.write(`communique: ${file}: ${problemIn(cliTr(), problem)}\n`);
    return code;
  };
  const read = readReplay(readJson(file));
  if (!read.ok) return fail(read.problem, exitCodeOf(read.problem));
  const replay = read.replay;
  const { scenario } = loadScenario(values.scenario ?? replay.scenario.id);
  const result = verifyReplay(scenario, replay);
  if (!result.ok) {
    const p = result.problem;
    return fail(p, exitCodeOf(p), p.kind === 'diverged' ? { divergedAt: p.step, expected: p.expected, actual: p.actual } : 'step' in p ? { step: p.step } : {});
  }
  const meeting = result.meeting;
  const outcome = meeting.outcome();
  if (values.json) {
    print(
      JSON.stringify({
        ok: true,
        scenario: scenario.meta.id,
        seed: replay.seed,
        outcome: outcomeSummary(outcome),
        stateHash: meeting.stateHash(),
        steps: meeting.commands.length,
        checkpointsCompared: result.compared,
        checkpoints: result.of,
        textsAsRecorded: replay.scenario.textHash === undefined ? null : replay.scenario.textHash === textHash(scenario),
      }),
    );
  } else {
    print(`${file}: ${verifiedIn(cliTr(), result, verifiedMessage(result))}.`);
    // The texts are not part of what a replay binds to: say only whether they are the ones it was played with.
    const texts = replay.scenario.textHash === undefined ? '' : replay.scenario.textHash === textHash(scenario) ? say('replay.texts-same') : say('replay.texts-edited');
    if (texts) print(`(${texts}.)`);
    print(renderDocument(scenario, outcome));
    print(say('replay.hash', { hash: meeting.stateHash() }));
  }
  return EXIT.ok;
}

/** `communique migrate <file> [--out <file>]`: an older scenario file brought to today's format, step by step. */
function cmdMigrate(args: string[]): number {
  const { values, positionals } = parse(args, { out: { type: 'string' } }, 1);
  const file = positionals[0];
  if (!file) throw new CliError(say('cli.err.needs-file', { command: 'migrate', usage: 'communique migrate <file> [--out <file>]' }));
  const input = readJson(file);
  const migrated = migrateScenarioFile(input);
  if (!migrated.ok) throw new CliError(`${file}: ${problemIn(cliTr(), migrated)}`);
  const checked = checkScenario(migrated.file);
  if (!checked.ok) throw new CliError(formatProblems(file, checked.problems));
  const out = values.out ?? file;
  if (migrated.notes.length === 0) {
    print(say('cli.migrate.nothing', { file, from: migrated.from }));
    return EXIT.ok;
  }
  try {
    writeFileSync(out, `${JSON.stringify(migrated.file, null, 2)}\n`);
  } catch (error) {
    throw new CliError(say('cli.err.out-cannot-write', { file: out, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message }));
  }
  print(say('cli.migrate.done', { file, from: migrated.from, to: (migrated.file as { format: number }).format, notes: migrationNotes(migrated.notes, migrated.noteWords), out }));
  return EXIT.ok;
}

function cmdSchema(args: string[]) {
  const { values } = parse(args, { out: { type: 'string' } });
  const schema = {
    title: 'Communiqué scenario',
    ...z.toJSONSchema(ScenarioSchema, { io: 'input', target: 'draft-2020-12' }),
  };
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, text);
    print(say('cli.wrote', { file: values.out }));
  } else process.stdout.write(text);
}

/**
 * Takes `--lang xx` (or `--lang=xx`) out of the arguments, wherever it stands, and loads that language;
 * English without it. An unknown language is bad input.
 */
async function takeLanguage(argv: string[]): Promise<string[]> {
  const out: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a === '--lang') {
      if (i + 1 >= argv.length) throw new CliError('--lang needs a language: en, fr, es, pt, ru, zh, ar or hi');
      lang = argv[++i];
    } else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else out.push(a);
  }
  if (lang === undefined) {
    use(ENGLISH);
    return out;
  }
  if (!isLang(lang)) {
    throw new CliError(`--lang: unknown language ${JSON.stringify(lang)}; expected one of ${LANGUAGES.map((l) => `${l} (${LANGUAGE_NAMES[l]})`).join(', ')}`);
  }
  // The game's surface too: a replay refused by the rules words the rules' refusal (refusal.*).
  use(lang === 'en' ? ENGLISH : await loadTranslator(lang, ['cli', 'narration', 'reports', 'game'], true));
  return out;
}

export async function run(args: string[]): Promise<number> {
  const argv = await takeLanguage(args);
  setMachineOutput(argv.includes('--json'));
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      print(usage());
      return command === undefined ? EXIT.badInput : EXIT.ok;
    case 'scenarios':
      cmdScenarios(rest);
      return EXIT.ok;
    case 'validate':
      cmdValidate(rest);
      return EXIT.ok;
    case 'simulate':
      await cmdSimulate(rest);
      return EXIT.ok;
    case 'migrate':
      return cmdMigrate(rest);
    case 'replay':
      return cmdReplay(rest);
    case 'batch':
      return cmdBatch(rest);
    case 'debrief':
      // Loaded only when asked for: the debrief draws its charts with ECharts, which no other command needs.
      return (await import('./debrief.ts')).cmdDebrief(rest);
    case 'briefing':
      return (await import('./briefing.ts')).cmdBriefing(rest);
    case 'schema':
      cmdSchema(rest);
      return EXIT.ok;
    default:
      throw new CliError(say('cli.err.unknown-command', { command, usage: usage() }));
  }
}

async function main() {
  // A reader that stops early (`| head -1`) closes the pipe: the next write fails with EPIPE. That is the
  // reader's choice, not an error of ours, so the process ends quietly with success, as `yes | head`
  // does; Node ignores SIGPIPE and would otherwise print the unhandled 'error' with its stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`communique: ${say('cli.err.cannot-write-output', { why: error.code ?? error.message })}\n`);
    process.exit(2);
  });
  // Nowhere is left to report a failing stderr; the exit code still tells.
  process.stderr.on('error', () => {});
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message.split('\n').map((line, i) => (i === 0 ? `communique: ${line}` : line)).join('\n')}\n`);
      process.exitCode = error.code;
    } else {
      process.stderr.write(`communique: ${say('cli.err.internal', { problem: (error as Error).message })}\n`);
      process.exitCode = 3;
    }
  }
}

void main();
