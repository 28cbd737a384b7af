// The debrief's charts as Apache ECharts options built from plain debrief data: the browser draws
// them live and the command line renders the same options to SVG, so both show the same pictures.
import type { EChartsCoreOption } from 'echarts/core';
import type { Debrief } from '../domain/debrief.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import { STANCES } from '../domain/state.ts';
import { STANCE_STYLE } from './palette.ts';
import { t } from '../i18n/index.ts';

const INK = '#1b2a3a';
const MUTED = '#4a5868';
const FONT = '"Liberation Sans", "Helvetica Neue", Arial, sans-serif';
/** Okabe–Ito colours for lines that are not stances (blue, vermillion, green, purple, sky, orange, yellow, black). */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#B8A100', '#000000'];

const base = (): EChartsCoreOption => ({
  animation: false,
  textStyle: { fontFamily: FONT, color: INK, fontSize: 12 },
  tooltip: { confine: true },
});

const stepAxis = (steps: number, name = t('chart.step-commands')) => ({
  type: 'value',
  name,
  nameLocation: 'middle',
  nameGap: 26,
  min: 0,
  max: Math.max(1, steps),
  minInterval: 1,
  axisLabel: { color: MUTED },
});

export interface DistanceLine {
  label: string;
  distance: number[];
  /** Where this path leaves the first one (a branch), if it does. */
  from?: number;
}

/** Distance to consensus over time; adoption attempts and news marked on the first line. */
export function distanceOption(debrief: Debrief, others: DistanceLine[] = []): EChartsCoreOption {
  const lines: DistanceLine[] = [{ label: others.length > 0 ? t('report.this-meeting') : t('chart.distance'), distance: debrief.distance }, ...others];
  // Other paths are dashed and drawn first, so this meeting's line stays on top where they coincide.
  const drawn = lines.map((line, i) => ({ line, i })).reverse();
  const adopted = debrief.moments.filter((m) => m.kind === 'adoption' && m.adopted);
  const failed = debrief.moments.filter((m) => m.kind === 'adoption' && !m.adopted);
  const news = debrief.moments.filter((m) => m.kind === 'event' && m.step > 0);
  const at = (step: number) => [step, debrief.distance[Math.min(step, debrief.distance.length - 1)] ?? 0];
  const steps = Math.max(...lines.map((l) => (l.from ?? 0) + l.distance.length - 1));
  return {
    ...base(),
    color: SERIES_COLOURS,
    grid: { left: 56, right: 20, top: 44, bottom: 44 },
    legend: { top: 0, textStyle: { color: INK } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: stepAxis(steps),
    yAxis: { type: 'value', name: t('chart.objections'), nameTextStyle: { color: MUTED, align: 'left' }, min: 0, axisLabel: { color: MUTED } },
    series: [
      ...drawn.map(({ line, i }) => ({
        type: 'line',
        name: line.label,
        step: 'end',
        showSymbol: false,
        z: i === 0 ? 3 : 2,
        itemStyle: { color: SERIES_COLOURS[i] },
        lineStyle: i === 0 ? { width: 3 } : { width: 2, type: 'dashed' },
        data: line.distance.map((d, k) => [(line.from ?? 0) + k, d]),
      })),
      { type: 'scatter', name: t('room.adopted-series'), symbol: 'circle', symbolSize: 9, itemStyle: { color: '#009E73' }, data: adopted.map((m) => at(m.step)) },
      { type: 'scatter', name: t('chart.no-consensus'), symbol: 'triangle', symbolSize: 10, itemStyle: { color: '#D55E00' }, data: failed.map((m) => at(m.step)) },
      { type: 'scatter', name: t('chart.news'), symbol: 'diamond', symbolSize: 10, itemStyle: { color: '#CC79A7' }, data: news.map((m) => at(m.step)) },
    ],
  };
}

/** Paragraph × step: how many delegations withhold consensus (0 once adopted). */
export function overviewHeatmapOption(scenario: Scenario, debrief: Debrief): EChartsCoreOption {
  const paragraphs = [...scenario.paragraphs].reverse();
  const data: [number, number, number][] = [];
  paragraphs.forEach((p, y) => debrief.withholding[p.id]!.forEach((n, x) => data.push([x, y, n])));
  const most = Math.max(1, ...data.map((d) => d[2]));
  return {
    ...base(),
    grid: { left: 190, right: 16, top: 40, bottom: 44 },
    tooltip: { confine: true, formatter: (p: { value: [number, number, number] }) => `${paragraphs[p.value[1]]!.title}<br>${t('chart.after-withholding', { step: p.value[0], count: p.value[2] })}` },
    xAxis: { type: 'category', name: t('report.step'), nameLocation: 'middle', nameGap: 26, data: debrief.distance.map((_, i) => String(i)), axisLabel: { color: MUTED }, splitArea: { show: false } },
    yAxis: { type: 'category', data: paragraphs.map((p) => shorten(p.title, 28)), axisLabel: { color: INK, fontSize: 11 } },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      top: 0,
      left: 'center',
      textStyle: { color: INK },
      pieces: [
        { value: 0, label: 'none withholding', color: '#E8F1F8' },
        { min: 1, max: 1, label: '1', color: '#F0E442' },
        { min: 2, max: 3, label: '2–3', color: '#E69F00' },
        { min: 4, max: Math.max(4, most), label: '4 or more', color: '#D55E00' },
      ],
      dimension: 2,
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#ffffff', borderWidth: 0.5 } }],
  };
}

/** One paragraph: delegation × step, each cell the stance voiced (Okabe–Ito, as in the room). */
export function paragraphHeatmapOption(scenario: Scenario, debrief: Debrief, paragraphId: string): EChartsCoreOption {
  const delegations = [...scenario.delegations].reverse();
  const series = debrief.stances[paragraphId] ?? {};
  const data: [number, number, number][] = [];
  delegations.forEach((d, y) => (series[d.id] ?? []).forEach((s, x) => data.push([x, y, s === null ? -1 : STANCES.indexOf(s)])));
  return {
    ...base(),
    grid: { left: 120, right: 16, top: 40, bottom: 44 },
    tooltip: {
      confine: true,
      formatter: (p: { value: [number, number, number] }) =>
        `${delegations[p.value[1]]!.name}, ${t('chart.after-stance', { step: p.value[0], stance: p.value[2] < 0 ? t('room.no-stance') : t(`stance.${STANCES[p.value[2]]!}`) })}`,
    },
    xAxis: { type: 'category', name: t('report.step'), nameLocation: 'middle', nameGap: 26, data: debrief.distance.map((_, i) => String(i)), axisLabel: { color: MUTED } },
    yAxis: { type: 'category', data: delegations.map((d) => d.name), axisLabel: { color: INK, fontSize: 11 } },
    visualMap: {
      type: 'piecewise',
      orient: 'horizontal',
      top: 0,
      left: 'center',
      dimension: 2,
      textStyle: { color: INK },
      pieces: [
        ...STANCES.map((s, i) => ({ value: i, label: STANCE_STYLE[s].label, color: STANCE_STYLE[s].fill })),
        { value: -1, label: 'none / out', color: '#D9DEE4' },
      ],
    },
    series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#ffffff', borderWidth: 0.5 } }],
  };
}

/** Who moved whom: delegations round a circle, arrows from the one who lobbied, linked or asked to the one moved. */
export function networkOption(scenario: Scenario, debrief: Debrief): EChartsCoreOption {
  const names = new Map(scenario.delegations.map((d) => [d.id, d.name]));
  const weight = (e: Debrief['network'][number]) => e.successes + e.stanceMoves;
  const edges = [...debrief.network].sort((a, b) => weight(b) - weight(a) || b.attempts - a.attempts).slice(0, 60);
  const involved = new Set(edges.flatMap((e) => [e.from, e.to]));
  const moved = new Map<string, number>();
  for (const e of edges) moved.set(e.from, (moved.get(e.from) ?? 0) + weight(e));
  const most = Math.max(1, ...moved.values());
  return {
    ...base(),
    tooltip: {
      confine: true,
      formatter: (p: { dataType: string; data: { name?: string; delegation?: string; detail?: string } }) =>
        p.dataType === 'edge' ? (p.data.detail ?? '') : `${p.data.name}: ${t('chart.moves-worked', { count: moved.get(p.data.delegation ?? '') ?? 0 })}`,
    },
    series: [
      {
        type: 'graph',
        layout: 'circular',
        circular: { rotateLabel: false },
        roam: false,
        top: 40,
        bottom: 40,
        left: 90,
        right: 90,
        label: { show: true, position: 'right', color: INK, fontSize: 11 },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: [0, 8],
        // The circle runs clockwise from three o'clock; labels on its left half go on the left, clear of the arrows.
        data: scenario.delegations
          .filter((d) => involved.has(d.id))
          .map((d, i, all) => ({
            name: d.name,
            delegation: d.id,
            symbolSize: 10 + Math.round((22 * (moved.get(d.id) ?? 0)) / most),
            itemStyle: { color: scenario.presidency.chair === d.id ? '#E69F00' : '#0072B2' },
            label: { position: i / all.length > 0.25 && i / all.length < 0.75 ? 'left' : 'right' },
          })),
        links: edges.map((e) => ({
          source: names.get(e.from),
          target: names.get(e.to),
          detail: `${names.get(e.from)} → ${names.get(e.to)}: ${t('chart.edge', { attempts: e.attempts, successes: e.successes, moves: e.stanceMoves })}`,
          lineStyle: weight(e) > 0 ? { width: 1 + Math.min(6, weight(e)), color: '#0072B2', opacity: 0.75, curveness: 0.15 } : { width: 1, color: '#8795A4', type: 'dashed', opacity: 0.6, curveness: 0.15 },
        })),
      },
    ],
  };
}

/** Concessions, hardenings and linkages per delegation along the steps. */
export function marksOption(scenario: Scenario, debrief: Debrief): EChartsCoreOption {
  const order = scenario.delegations.filter((d) => debrief.marks.some((m) => m.delegation === d.id)).reverse();
  const row = new Map(order.map((d, i) => [d.id, i]));
  const group = (kind: string) => {
    const cells = new Map<string, { step: number; y: number; texts: string[] }>();
    for (const m of debrief.marks) {
      if (m.kind !== kind) continue;
      const key = `${m.step}/${m.delegation}`;
      const cell = cells.get(key) ?? { step: m.step, y: row.get(m.delegation)!, texts: [] };
      cell.texts.push(m.text);
      cells.set(key, cell);
    }
    return [...cells.values()].map((c) => ({ value: [c.step, c.y], symbolSize: 8 + Math.min(10, 2 * c.texts.length), texts: c.texts }));
  };
  return {
    ...base(),
    grid: { left: 120, right: 20, top: 40, bottom: 44 },
    legend: { top: 0, textStyle: { color: INK } },
    tooltip: { confine: true, formatter: (p: { data: { texts: string[] } }) => p.data.texts.slice(0, 4).join('<br>') + (p.data.texts.length > 4 ? `<br>${t('chart.and-more', { count: p.data.texts.length - 4 })}` : '') },
    xAxis: stepAxis(debrief.steps),
    yAxis: { type: 'category', data: order.map((d) => d.name), axisLabel: { color: INK, fontSize: 11 }, splitLine: { show: true, lineStyle: { color: '#E6E9ED' } } },
    series: [
      { type: 'scatter', name: t('chart.concession'), symbol: 'triangle', itemStyle: { color: '#0072B2' }, data: group('concession') },
      { type: 'scatter', name: t('chart.hardened'), symbol: 'triangle', symbolRotate: 180, itemStyle: { color: '#D55E00' }, data: group('hardening') },
      { type: 'scatter', name: t('chart.linkage'), symbol: 'diamond', itemStyle: { color: '#009E73' }, data: group('linkage') },
    ],
  };
}

export interface ComparedReplay {
  label: string;
  debrief: Debrief;
}

/** A section's replays side by side: distance to consensus over the steps, one line per group. */
export function comparisonDistanceOption(replays: ComparedReplay[]): EChartsCoreOption {
  const steps = Math.max(1, ...replays.map((r) => r.debrief.steps));
  return {
    ...base(),
    color: SERIES_COLOURS,
    grid: { left: 56, right: 20, top: 44, bottom: 44 },
    legend: { top: 0, type: 'scroll', textStyle: { color: INK } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: stepAxis(steps),
    yAxis: { type: 'value', name: t('chart.distance'), nameTextStyle: { color: MUTED, align: 'left' }, min: 0, axisLabel: { color: MUTED } },
    series: replays.map((r) => ({ type: 'line', name: r.label, step: 'end', showSymbol: false, lineStyle: { width: 2.5 }, data: r.debrief.distance.map((d, i) => [i, d]) })),
  };
}

/** Scores and agreed share per group, as bars. */
export function comparisonScoreOption(replays: ComparedReplay[]): EChartsCoreOption {
  return {
    ...base(),
    color: ['#0072B2', '#E69F00'],
    grid: { left: 48, right: 20, top: 44, bottom: 64 },
    legend: { top: 0, textStyle: { color: INK } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: replays.map((r) => shorten(r.label, 18)), axisLabel: { color: INK, interval: 0, rotate: replays.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: MUTED } },
    series: [
      { type: 'bar', name: t('chart.score'), data: replays.map((r) => r.debrief.score.total), label: { show: true, position: 'top', color: INK } },
      { type: 'bar', name: t('chart.agreed-share'), data: replays.map((r) => r.debrief.outcome.agreedShare), label: { show: true, position: 'top', color: INK } },
    ],
  };
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
