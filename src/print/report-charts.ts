// The debrief's charts drawn to SVG strings without a DOM, for the self-contained HTML report that
// both the command line and the browser write.
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { Debrief } from '../domain/debrief.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { distanceOption, marksOption, networkOption, overviewHeatmapOption, paragraphHeatmapOption } from './charts.ts';
import { chartCaption, type ReportChart } from './report.ts';
import { current, t } from '../i18n/index.ts';

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
    { id: 'distance', title: t('chart.title.distance'), caption: chartCaption(current(), 'distance'), svg: svgOf(distanceOption(debrief), 900, 340) },
    { id: 'overview', title: t('chart.title.overview'), caption: chartCaption(current(), 'overview'), svg: svgOf(overviewHeatmapOption(scenario, debrief), 900, rowsHeight(scenario.paragraphs.length)) },
    { id: 'network', title: t('chart.title.network'), caption: chartCaption(current(), 'network'), svg: svgOf(networkOption(scenario, debrief), 900, 560) },
    {
      id: 'marks',
      title: t('chart.title.marks'),
      caption: chartCaption(current(), 'marks'),
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
      title: t('chart.title.paragraph', { title: p.title }),
      caption: chartCaption(current(), 'paragraph'),
      svg: svgOf(paragraphHeatmapOption(scenario, debrief, p.id), 900, rowsHeight(scenario.delegations.length)),
    });
  }
  return charts;
}

