// `communique debrief <replay> [--csv <dir>] [--html <file>]`: the debrief of a replay without a
// browser — the stance grid at every step and every action as CSV, and a self-contained HTML report
// whose charts are rendered to SVG here by the same ECharts options the browser draws.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { actionsCsv, debriefOf, debriefSummary, stanceGridCsv, type Debrief } from '../domain/debrief.ts';
import { DOCUMENT_TITLES } from '../domain/document.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { scoreOf } from '../domain/score.ts';
import { readReplay } from '../engine/replay.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { distanceOption, marksOption, networkOption, overviewHeatmapOption, paragraphHeatmapOption } from '../ui/debrief/charts.ts';
import { CHART_CAPTIONS, reportHtml, type ReportChart } from '../ui/debrief/report.ts';
import { timelineOf, type Timeline } from '../ui/debrief/timeline.ts';
import { CliError, EXIT, loadScenario, readJson } from './io.ts';

echarts.use([LineChart, HeatmapChart, GraphChart, ScatterChart, BarChart, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, SVGRenderer]);

/** An ECharts option drawn to an SVG string, without a DOM. */
export function svgOf(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    // A live chart keeps a timer that would hold the process open.
    chart.dispose();
  }
}

/** The report's charts: the four of the debrief, then a stance heat map for the most contested paragraphs. */
export function reportCharts(scenario: Scenario, debrief: Debrief): ReportChart[] {
  const rowsHeight = (n: number) => 90 + 20 * n;
  const charts: ReportChart[] = [
    { id: 'distance', title: 'Distance to consensus over time', caption: CHART_CAPTIONS.distance, svg: svgOf(distanceOption(debrief), 900, 340) },
    { id: 'overview', title: 'Each paragraph over time', caption: CHART_CAPTIONS.overview, svg: svgOf(overviewHeatmapOption(scenario, debrief), 900, rowsHeight(scenario.paragraphs.length)) },
    { id: 'network', title: 'Who moved whom', caption: CHART_CAPTIONS.network, svg: svgOf(networkOption(scenario, debrief), 900, 560) },
    {
      id: 'marks',
      title: 'Concessions and linkages per delegation',
      caption: CHART_CAPTIONS.marks,
      svg: svgOf(marksOption(scenario, debrief), 900, rowsHeight(new Set(debrief.marks.map((m) => m.delegation)).size + 1)),
    },
  ];
  // The four paragraphs that were withheld longest: every cell is an SVG shape, so all of them would weigh megabytes.
  const weight = (pid: string) => debrief.withholding[pid]!.reduce((a, b) => a + b, 0);
  const contested = new Set(
    scenario.paragraphs
      .filter((p) => weight(p.id) > 0)
      .sort((a, b) => weight(b.id) - weight(a.id))
      .slice(0, 4)
      .map((p) => p.id),
  );
  for (const p of scenario.paragraphs) {
    if (!contested.has(p.id)) continue;
    charts.push({
      id: `paragraph-${p.id}`,
      title: `Stances on “${p.title}”`,
      caption: CHART_CAPTIONS.paragraph,
      svg: svgOf(paragraphHeatmapOption(scenario, debrief, p.id), 900, rowsHeight(scenario.delegations.length)),
    });
  }
  return charts;
}

/** The replay file's name without .replay.json or .json, for the files written beside it. */
export function stem(file: string): string {
  return basename(file).replace(/\.replay\.json$|\.json$/i, '');
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError(`${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export function loadTimeline(file: string, scenarioFlag?: string): { scenario: Scenario; timeline: Timeline; debrief: Debrief } {
  const read = readReplay(readJson(file));
  if (!read.ok) throw new CliError(`${file}: ${read.problem.message}`);
  const { scenario } = loadScenario(scenarioFlag ?? read.replay.scenario.id);
  const result = timelineOf(scenario, read.replay);
  if (!result.ok) {
    const p = result.problem;
    throw new CliError(`${file}: ${p.kind === 'diverged' ? `replay diverges at step ${p.step}; it was recorded by a different engine` : p.message}`, p.kind === 'diverged' ? EXIT.diverged : EXIT.badInput);
  }
  const { timeline } = result;
  const state = timeline.meeting.state;
  const outcome = timeline.meeting.outcome();
  const debrief = debriefOf(scenario, timeline.snapshots, state, outcome, scoreOf(scenario, state, outcome));
  return { scenario, timeline, debrief };
}

export function cmdDebrief(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { csv: { type: 'string' }, html: { type: 'string' }, scenario: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message.split('\n')[0]}\nRun \`communique --help\` for usage.`);
  }
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file) throw new CliError('debrief needs a replay file: communique debrief <replay> [--csv <dir>] [--html <file>]');
  if (positionals.length > 1) throw new CliError(`unexpected argument "${positionals[1]}"`);
  const { scenario, timeline, debrief } = loadTimeline(file, values.scenario);
  const written: string[] = [];
  if (values.csv) {
    try {
      mkdirSync(values.csv, { recursive: true });
    } catch (error) {
      throw new CliError(`--csv ${values.csv}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const stances = join(values.csv, `${stem(file)}.stances.csv`);
    const actions = join(values.csv, `${stem(file)}.actions.csv`);
    write(stances, stanceGridCsv(scenario, timeline.snapshots));
    write(actions, actionsCsv(debrief.actions));
    written.push(stances, actions);
  }
  if (values.html) {
    write(values.html, reportHtml(scenario, debrief, reportCharts(scenario, debrief), `communique debrief, engine ${ENGINE_VERSION}`));
    written.push(values.html);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ replay: file, ...debriefSummary(debrief), written })}\n`);
    return EXIT.ok;
  }
  const s = debriefSummary(debrief);
  const lines = [
    `${file}: ${scenario.meta.title}, seed "${debrief.seed}", ${debrief.role}, ${debrief.steps} steps.`,
    `Outcome: ${DOCUMENT_TITLES[debrief.outcome.kind]} (${debrief.outcome.agreedShare}% agreed by all)${debrief.matchesHistory ? ', as in the record' : ', unlike the record'}. Score ${debrief.score.total}/100.`,
    `Distance to consensus: ${s.distance.start} at the opening, ${s.distance.least} at its least, ${s.distance.end} at the close.`,
    `Concessions ${s.concessions}, hardenings ${s.hardenings}, linkages struck ${s.linkages}; adoption attempts ${s.adoptionAttempts} (${s.adopted} adopted).`,
    ...written.map((w) => `Wrote ${w}.`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
