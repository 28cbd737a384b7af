// `npm run fidelity [-- --runs N] [--out docs/fidelity.md]` (`--help` for the rest): plays every real meeting (500 seeds by
// default) under each setting of the AI's global parameters, chooses a setting with each meeting left out
// in turn, and writes the report the README quotes: per meeting, in-sample and left-out match, per item,
// the outcomes, the distinct wordings per paragraph, and the chair policies against each other.
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PARAMETERS, type AiParameters } from '../src/ai/parameters.ts';
import { MATCH_ITEMS } from '../src/domain/outcome.ts';
import type { Scenario } from '../src/domain/scenario-schema.ts';
import { batchSeeds, runBatch, type BatchReport } from '../src/cli/batch.ts';
import { leaveOneOut, parameterSettings, settingLabel } from '../src/cli/fidelity.ts';
import { knownScenarioIds, loadScenarioById, packageRoot } from '../src/cli/io.ts';

const USAGE = `usage: node dist/cli/fidelity.js [--runs N | --seeds N] [--meetings id,id] [--settings all|defaults] [--out FILE] [--workers N]
  --runs, --seeds  games per meeting and setting (default 500)
  --meetings       only these real meetings, by scenario id (a quick look; the report then covers only them)
  --settings       all: every setting of PARAMETER_GRID (default); defaults: only src/ai/parameters.ts's defaults
  --out            where the report goes (default docs/fidelity.md)
  --workers        worker threads (default: the machine's cores)
`;
const fail = (message: string): never => {
  process.stderr.write(`fidelity: ${message}\n${USAGE}`);
  process.exit(2);
};
const parsed = (() => {
  try {
    return parseArgs({
      options: {
        runs: { type: 'string' },
        seeds: { type: 'string' },
        meetings: { type: 'string' },
        settings: { type: 'string', default: 'all' },
        out: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (e) {
    return fail((e as Error).message);
  }
})();
const values = parsed.values;
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const runsText = values.runs ?? values.seeds ?? '500';
const runs = Number(runsText);
if (!Number.isInteger(runs) || runs < 1 || runs > 10_000) fail(`--runs: expected a whole number 1..10000, got ${JSON.stringify(runsText)}`);
const workers = values.workers ? Number(values.workers) : availableParallelism();
if (!Number.isInteger(workers) || workers < 1) fail(`--workers: expected a whole number from 1, got ${JSON.stringify(values.workers)}`);
if (values.settings !== 'all' && values.settings !== 'defaults') fail(`--settings: expected all or defaults, got ${JSON.stringify(values.settings)}`);
const out = values.out ?? join(packageRoot(), 'docs', 'fidelity.md');

const real = knownScenarioIds()
  .map((id) => loadScenarioById(id).scenario)
  .filter((s) => !s.meta.fictional);
const wanted = values.meetings?.split(',').map((x) => x.trim()).filter((x) => x !== '');
for (const id of wanted ?? []) {
  if (!real.some((s) => s.meta.id === id)) fail(`--meetings: there is no real meeting ${JSON.stringify(id)}; known: ${real.map((s) => s.meta.id).join(', ')}`);
}
const meetings: Scenario[] = wanted ? real.filter((s) => wanted.includes(s.meta.id)) : real;
const settings = values.settings === 'defaults' ? [{ ...DEFAULT_PARAMETERS }] : parameterSettings();
const started = performance.now();

async function batch(s: Scenario, parameters: AiParameters, role = 'OBSERVER', policy: 'autopilot' | 'skilled' | 'reckless' = 'autopilot'): Promise<BatchReport> {
  return runBatch(
    { scenario: s, seeds: batchSeeds('fidelity', runs), role, policy, difficulty: 'standard', seats: [], parameters },
    { workers, now: () => performance.now() },
  );
}

// matches[setting][meeting], and the reports kept for the settings the choice lands on.
const matches: number[][] = [];
const reports = new Map<string, BatchReport>();
let done = 0;
for (const [i, setting] of settings.entries()) {
  const row: number[] = [];
  for (const [k, s] of meetings.entries()) {
    const report = await batch(s, setting);
    row.push(report.historicalMatch);
    reports.set(`${i}/${k}`, report);
    done++;
    process.stderr.write(`\rfidelity: ${done}/${settings.length * meetings.length} batches of ${runs} games`);
  }
  matches.push(row);
}
process.stderr.write('\n');

const loo = leaveOneOut(matches);
const chosen = settings[loo.chosen]!;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

// The chair's policies, under the chosen setting: skilled > autopilot > reckless is the promise to a player.
const policyRows: string[] = [];
for (const s of meetings) {
  const chair = await Promise.all((['reckless', 'autopilot', 'skilled'] as const).map((p) => batch(s, chosen, 'CHAIR', p)));
  const [r, a, k] = chair.map((x) => ({ mean: x.meanScore, se: x.scoreStdError }));
  const gap = (hi: { mean: number; se: number }, lo: { mean: number; se: number }) => hi.mean - lo.mean > hi.se + lo.se;
  policyRows.push(
    `| ${s.meta.title} | ${r!.mean.toFixed(2)} ± ${r!.se.toFixed(2)} | ${a!.mean.toFixed(2)} ± ${a!.se.toFixed(2)} | ${k!.mean.toFixed(2)} ± ${k!.se.toFixed(2)} | ${gap(k!, a!) && gap(a!, r!) ? 'yes' : 'no'} |`,
  );
}

const lines: string[] = [
  '# Fidelity: the model against the record',
  '',
  `Written by \`npm run fidelity\` (${runs} seeds per meeting and setting; ${settings.length} settings of the AI's global parameters; ${meetings.length} real meetings). Do not edit by hand.`,
  '',
  'A game **matches** the record when it matches every item at once: the outcome kind, which paragraphs were agreed by all, and on each paragraph the dissenting, footnoted and dissociating members, the walk-outs and the departures. **In sample**: the setting chosen over all meetings. **Left out**: the setting chosen over the other meetings only, then this meeting scored with it. Targets: every real meeting ≥ 70% in sample and ≥ 60% left out.',
  '',
  `Chosen setting (in sample): ${settingLabel(chosen)}. The defaults in src/ai/parameters.ts are ${settingLabel(DEFAULT_PARAMETERS)}.`,
  '',
  '| meeting | record | in sample | left out | setting chosen without it | wording |',
  '|---|---|---|---|---|---|',
  ...meetings.map((s, k) => {
    const left = loo.leftOut[k]!;
    const report = reports.get(`${loo.chosen}/${k}`)!;
    return `| ${s.meta.title} | ${s.historical.outcome} | ${pct(matches[loo.chosen]![k]!)} | ${pct(left.match)} | ${settingLabel(settings[left.setting]!)} | ${pct(report.wordingMatch)} |`;
  }),
  '',
  '## Item by item (in sample)',
  '',
  `| meeting | ${MATCH_ITEMS.join(' | ')} |`,
  `|---|${MATCH_ITEMS.map(() => '---').join('|')}|`,
  ...meetings.map((s, k) => {
    const report = reports.get(`${loo.chosen}/${k}`)!;
    return `| ${s.meta.title} | ${MATCH_ITEMS.map((item) => pct(report.matchItems[item])).join(' | ')} |`;
  }),
  '',
  '## Outcomes and wordings (in sample)',
  '',
  ...meetings.flatMap((s, k) => {
    const report = reports.get(`${loo.chosen}/${k}`)!;
    return [
      `### ${s.meta.title}`,
      '',
      `Outcomes: ${Object.entries(report.outcomes).map(([kind, n]) => `${kind} ${n}`).join(', ')}.`,
      '',
      '| paragraph | distinct wordings | the record\'s | most frequent |',
      '|---|---|---|---|',
      ...report.paragraphs.map((p) => {
        const recorded = s.historical.paragraphs.find((h) => h.id === p.id)?.adoptedVariant ?? 'none';
        const top = Object.entries(p.variants)[0];
        return `| ${p.id} | ${Object.keys(p.variants).length} | ${recorded ?? 'none'} | ${top ? `${top[0]} (${top[1]})` : '—'} |`;
      }),
      '',
    ];
  }),
  '## The chair\'s policies (chosen setting, mean score ± standard error)',
  '',
  '| meeting | reckless | autopilot | skilled | skilled > autopilot > reckless, beyond two standard errors |',
  '|---|---|---|---|---|',
  ...policyRows,
  '',
  `The whole run took ${((performance.now() - started) / 60000).toFixed(1)} minutes on ${workers} worker threads.`,
  '',
];
writeFileSync(out, lines.join('\n'));
process.stdout.write(`fidelity: wrote ${out}\n`);
