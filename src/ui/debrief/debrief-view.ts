// The debrief in the browser: the outcome and score beside what really happened, the four charts
// (drawn live by ECharts), and the exports — CSV, JSON, a self-contained HTML report and print.
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { actionsCsv, debriefSummary, stanceGridCsv, type Debrief } from '../../domain/debrief.ts';
import { documentTitle } from '../../domain/document.ts';
import { current, t } from '../../i18n/index.ts';
import { scoreWords } from '../../narrate/score.ts';
import type { Scenario } from '../../domain/scenario-schema.ts';
import { replayOf } from '../../engine/replay.ts';
import { ENGINE_VERSION } from '../../domain/version.ts';
import { h } from '../dom.ts';
import { listOf, outcomeExplained } from '../words.ts';
import { distanceOption, marksOption, networkOption, overviewHeatmapOption, paragraphHeatmapOption, type DistanceLine } from '../../print/charts.ts';
import { chartCaption, reportHtml } from '../../print/report.ts';
import { reportCharts } from '../../print/report-charts.ts';
import type { Timeline } from '../../engine/timeline.ts';

echarts.use([LineChart, HeatmapChart, GraphChart, ScatterChart, BarChart, GridComponent, TooltipComponent, VisualMapComponent, LegendComponent, SVGRenderer]);

export { echarts };

export interface DebriefSource {
  name: string;
  scenario: Scenario;
  timeline: Timeline;
  debrief: Debrief;
  /** How the replay verified, in the one shared sentence (verifiedMessage). */
  verified?: string;
  /** The path this game branched from, drawn beside it on the distance chart. */
  parentPath?: DistanceLine;
}

/** Saves text as a file through the browser's download. */
export function download(name: string, text: string, type: string): void {
  const a = h('a', { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** A chart in a figure with its caption; returns the figure and a function that draws it once it has a size. */
export function chartFigure(id: string, title: string, caption: string, height: number, option: () => echarts.EChartsCoreOption, charts: echarts.ECharts[]) {
  const box = h('div', { class: 'chart', id: `chart-${id}`, style: `height:${height}px`, role: 'img', 'aria-label': `${title}. ${caption}` });
  const figure = h('figure', { class: 'chart-figure' }, h('h3', {}, title), box, h('figcaption', {}, caption));
  const draw = () => {
    const chart = echarts.init(box, null, { renderer: 'svg' });
    chart.setOption(option());
    charts.push(chart);
    return chart;
  };
  return { figure, box, draw };
}

function stemOf(name: string): string {
  return name.replace(/\.replay\.json$|\.json$/i, '').replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'replay';
}

/** Draws the debrief into `root`; returns a function that releases the charts. */
export function renderDebrief(root: HTMLElement, source: DebriefSource): () => void {
  const { scenario, debrief, timeline } = source;
  const names = new Map(scenario.delegations.map((d) => [d.id, d.name]));
  const charts: echarts.ECharts[] = [];
  const stem = stemOf(source.name);
  const parent = timeline.replay.parent;
  const group = timeline.replay.group;
  const fullReplay = () => replayOf(timeline.meeting, { ...(parent ? { parent } : {}), ...(group ? { group } : {}) });

  const exports = h(
    'div',
    { class: 'debrief-exports', role: 'group', 'aria-label': t('debrief.exports') },
    h('button', { class: 'button', id: 'export-stances-csv', onclick: () => download(`${stem}.stances.csv`, stanceGridCsv(scenario, timeline.snapshots), 'text/csv') }, t('debrief.stances-csv')),
    h('button', { class: 'button', id: 'export-actions-csv', onclick: () => download(`${stem}.actions.csv`, actionsCsv(debrief.actions), 'text/csv') }, t('debrief.actions-csv')),
    h(
      'button',
      { class: 'button', id: 'export-json', onclick: () => download(`${stem}.debrief.json`, `${JSON.stringify({ replay: fullReplay(), summary: debriefSummary(debrief), score: debrief.score, record: debrief.record }, null, 1)}\n`, 'application/json') },
      t('debrief.json'),
    ),
    h('button', { class: 'button', id: 'export-html', onclick: () => download(`${stem}.debrief.html`, reportHtml(scenario, debrief, reportCharts(scenario, debrief), t('debrief.generator', { version: ENGINE_VERSION }), current()), 'text/html') }, t('debrief.html')),
    h('button', { class: 'button primary', id: 'print-report', onclick: () => window.print() }, t('debrief.print')),
  );

  const outcome = h(
    'section',
    { class: 'debrief-card', 'aria-labelledby': 'db-outcome-h' },
    h('h3', { id: 'db-outcome-h' }, t('report.this-meeting')),
    h('p', {}, h('strong', {}, documentTitle(debrief.outcome.kind, current())), ' — ', outcomeExplained(debrief.outcome.kind)),
    h('p', {}, t('debrief.share', { share: debrief.outcome.agreedShare }), debrief.outcome.walkedOut.length > 0 ? ` ${t('end.walked-out', { names: listOf(debrief.outcome.walkedOut.map((id) => names.get(id) ?? id)) })}` : ''),
    h('p', { class: 'score-total', id: 'debrief-score' }, t('debrief.score', { total: debrief.score.total })),
    h(
      'table',
      { class: 'compare score-lines' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('debrief.line')), h('th', { scope: 'col' }, t('report.points')), h('th', { scope: 'col' }, t('report.how')))),
      h('tbody', {}, debrief.score.lines.map((l) => { const w = scoreWords(current(), scenario, l); return h('tr', {}, h('th', { scope: 'row' }, w.label), h('td', {}, l.max > 0 ? `${l.points} / ${l.max}` : `${l.points > 0 ? '+' : ''}${l.points}`), h('td', {}, w.detail)); })),
    ),
  );
  const recordSource = scenario.meta.sources.find((s) => s.id === scenario.historical.source);
  const record = h(
    'section',
    { class: 'debrief-card', 'aria-labelledby': 'db-record-h' },
    h('h3', { id: 'db-record-h' }, scenario.meta.fictional ? t('report.designers') : t('report.really')),
    h('p', {}, h('strong', {}, documentTitle(scenario.historical.outcome, current())), ' — ', debrief.matchesHistory ? t('debrief.ended-same') : t('debrief.ended-differently')),
    h('p', {}, scenario.historical.summary),
    recordSource ? h('p', { class: 'small' }, t('report.source'), ' ', recordSource.url ? h('a', { href: recordSource.url, target: '_blank', rel: 'noopener' }, recordSource.title) : recordSource.title) : null,
  );
  const table = h(
    'table',
    { class: 'compare', id: 'record-table' },
    h('caption', {}, t('debrief.record-caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('pack.paragraph')), h('th', { scope: 'col' }, t('report.this-meeting')), h('th', { scope: 'col' }, t('report.the-record')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('debrief.same-or-not'))))),
    h('tbody', {}, debrief.record.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.title), h('td', {}, r.played), h('td', {}, r.record), h('td', { class: r.same ? 'same' : 'differs' }, r.same ? t('report.same-short') : t('report.differs'))))),
  );

  const contested = scenario.paragraphs.find((p) => debrief.outcome.paragraphs.some((o) => o.id === p.id && !o.agreedByAll)) ?? scenario.paragraphs[0]!;
  let paragraphId = contested.id;
  const others = source.parentPath ? [source.parentPath] : [];
  const figures = [
    chartFigure('distance', t('chart.title.distance'), chartCaption(current(), 'distance'), 320, () => distanceOption(debrief, others), charts),
    chartFigure('overview', t('chart.title.overview'), chartCaption(current(), 'overview'), 90 + 20 * scenario.paragraphs.length, () => overviewHeatmapOption(scenario, debrief), charts),
    chartFigure('paragraph', t('chart.title.paragraph-any'), chartCaption(current(), 'paragraph'), 90 + 20 * scenario.delegations.length, () => paragraphHeatmapOption(scenario, debrief, paragraphId), charts),
    chartFigure('network', t('chart.title.network'), chartCaption(current(), 'network'), 520, () => networkOption(scenario, debrief), charts),
    chartFigure('marks', t('chart.title.marks'), chartCaption(current(), 'marks'), 90 + 20 * (new Set(debrief.marks.map((m) => m.delegation)).size + 1), () => marksOption(scenario, debrief), charts),
  ];
  const paragraphPicker = h(
    'select',
    {
      id: 'debrief-paragraph',
      'aria-label': t('debrief.heatmap-paragraph'),
      onchange: (e: Event) => {
        paragraphId = (e.target as HTMLSelectElement).value;
        const chart = charts.find((c) => c.getDom() === figures[2]!.box);
        chart?.setOption(paragraphHeatmapOption(scenario, debrief, paragraphId), true);
      },
    },
    scenario.paragraphs.map((p, i) => h('option', { value: p.id, selected: p.id === paragraphId }, `${i + 1}. ${p.title}`)),
  );
  figures[2]!.figure.insertBefore(h('label', { class: 'field-label inline' }, t('debrief.paragraph-label'), ' ', paragraphPicker), figures[2]!.box);

  root.replaceChildren(
    h(
      'div',
      { class: 'debrief', id: 'debrief' },
      h(
        'div',
        { class: 'debrief-head' },
        h('h2', { id: 'debrief-h', tabindex: '-1' }, t('debrief.h', { title: scenario.meta.title })),
        h('p', { class: 'muted' }, t('debrief.meta', { name: source.name, seed: debrief.seed, role: debrief.role === 'CHAIR' ? t('debrief.the-chair') : debrief.role === 'OBSERVER' ? t('debrief.autopilot') : (names.get(debrief.role) ?? debrief.role), difficulty: t(`report.difficulty.${debrief.difficulty}`), steps: debrief.steps }), source.verified ? [h('br'), h('span', { id: 'debrief-verified' }, t('debrief.verified', { verified: source.verified }))] : null),
        exports,
      ),
      h('div', { class: 'debrief-two' }, outcome, record),
      table,
      h('div', { class: 'debrief-charts' }, figures.map((f) => f.figure)),
    ),
  );
  for (const f of figures) f.draw();
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    charts.forEach((c) => c.dispose());
  };
}

