// The debrief as one self-contained HTML page — outcome, score, the record, charts as inline SVG,
// key moments and every action — that opens offline from a file and prints cleanly.
import type { Debrief } from '../domain/debrief.ts';
import { documentTitle } from '../domain/document.ts';
import type { Translator } from '../i18n/index.ts';
import { scoreWords } from '../narrate/score.ts';
import type { Scenario } from '../domain/scenario-schema.ts';

export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ReportChart {
  id: string;
  title: string;
  /** How to read it, in one or two sentences. */
  caption: string;
  /** The chart as an SVG document (already rendered). */
  svg: string;
}

export type ChartId = 'distance' | 'overview' | 'paragraph' | 'network' | 'marks';

/** How each chart reads, shared by the browser debrief and the HTML report. */
export function chartCaption(tr: Translator, id: ChartId): string {
  return tr.t(`chart.caption.${id}`);
}

export const REPORT_CSS = `
body{font:15px/1.45 "Liberation Sans",Arial,sans-serif;color:#1b2a3a;background:#f7f5f0;margin:0}
main{max-width:70rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:1.6rem 0 .5rem;border-bottom:2px solid #10233b;padding-bottom:.2rem}
.meta{color:#4a5868;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.88rem;background:#fff}
th,td{border-bottom:1px solid #c9cfd6;padding:.3rem .4rem;text-align:start;vertical-align:top}
thead th{background:#e3e8ee}
.two{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.card{background:#fff;border:1px solid #c9cfd6;border-radius:8px;padding:.8rem 1rem}
.card h2{margin-top:0}#score-lines td:nth-child(2){white-space:nowrap}
.total{font-size:2rem;font-weight:700;color:#005a9c}
figure{margin:1rem 0;background:#fff;border:1px solid #c9cfd6;border-radius:8px;padding:.6rem;break-inside:avoid}
figure svg{max-width:100%;height:auto;display:block;margin:0 auto}
figcaption{font-size:.85rem;color:#4a5868;margin-top:.3rem}
.same{color:#00603f;font-weight:700}.differs{color:#8a3b00;font-weight:700}
.small{font-size:.82rem}
@media (max-width:800px){.two{grid-template-columns:1fr}}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}figure,.card{border-color:#999}h2{break-after:avoid}tr{break-inside:avoid}}
`;

/** The full report as an HTML document. */
export function reportHtml(scenario: Scenario, debrief: Debrief, charts: ReportChart[], generator: string, tr: Translator): string {
  const t = (key: string, params?: Parameters<Translator['t']>[1]) => escapeHtml(tr.t(key, params));
  const names = new Map(scenario.delegations.map((d) => [d.id, d.name]));
  const name = (id: string) => names.get(id) ?? id;
  const source = scenario.meta.sources.find((s) => s.id === scenario.historical.source);
  const role = debrief.role === 'CHAIR' ? tr.t('report.role-chair', { name: name(scenario.presidency.chair) }) : debrief.role === 'OBSERVER' ? tr.t('report.role-observer') : name(debrief.role);
  const rows = (cells: (string | number)[][]) => cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  const moments = debrief.moments.filter((m) => m.kind !== 'slot');
  return `<!doctype html>
<html lang="${tr.lang}" dir="${tr.dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('report.title', { title: scenario.meta.title, seed: debrief.seed })}</title>
<style>${REPORT_CSS}</style></head>
<body><main>
<h1>${t('report.h1', { title: scenario.meta.title })}</h1>
<p class="meta">${t('report.meta', { role, seed: debrief.seed, difficulty: tr.t(`report.difficulty.${debrief.difficulty}`), steps: debrief.steps })} · ${escapeHtml(generator)}</p>
<div class="two">
<section class="card" id="outcome"><h2>${t('report.outcome-h')}</h2>
<p><strong>${escapeHtml(documentTitle(debrief.outcome.kind, tr))}</strong> — ${t('report.outcome', { share: debrief.outcome.agreedShare, walked: tr.list(debrief.outcome.walkedOut.map(name)), hasWalked: debrief.outcome.walkedOut.length > 0 })}</p>
<p>${debrief.matchesHistory ? t('report.same') : t('report.different')}</p>
<p class="total" id="score-total">${debrief.score.total} / 100</p>
<table id="score-lines"><thead><tr><th>${t('report.score-line')}</th><th>${t('report.points')}</th><th>${t('report.how')}</th></tr></thead><tbody>
${debrief.score.lines.map((l) => { const w = scoreWords(tr, scenario, l); return `<tr><td>${escapeHtml(w.label)}</td><td>${l.max > 0 ? `${l.points} / ${l.max}` : (l.points > 0 ? '+' : '') + l.points}</td><td>${escapeHtml(w.detail)}</td></tr>`; }).join('\n')}
</tbody></table></section>
<section class="card" id="record"><h2>${scenario.meta.fictional ? t('report.designers') : t('report.really')}</h2>
<p><strong>${escapeHtml(documentTitle(scenario.historical.outcome, tr))}</strong></p>
<p>${escapeHtml(scenario.historical.summary)}</p>
${source ? `<p class="small">${t('report.source')} ${escapeHtml(source.title)}${source.url ? ` — ${escapeHtml(source.url)}` : ''}</p>` : ''}
</section></div>
<h2>${t('report.by-paragraph')}</h2>
<table id="record-table"><thead><tr><th>${t('pack.paragraph')}</th><th>${t('report.this-meeting')}</th><th>${t('report.the-record')}</th><th></th></tr></thead><tbody>
${debrief.record.map((r) => `<tr><td>${escapeHtml(r.title)}</td><td>${escapeHtml(r.played)}</td><td>${escapeHtml(r.record)}</td><td class="${r.same ? `same">${t('report.same-short')}` : `differs">${t('report.differs')}`}</td></tr>`).join('\n')}
</tbody></table>
<h2>${t('report.charts')}</h2>
${charts.map((c) => `<figure id="chart-${escapeHtml(c.id)}" class="chart">${c.svg}<figcaption><strong>${escapeHtml(c.title)}.</strong> ${escapeHtml(c.caption)}</figcaption></figure>`).join('\n')}
<h2>${t('report.moments')}</h2>
<table id="moments"><thead><tr><th>${t('report.step')}</th><th>${t('report.what')}</th></tr></thead><tbody>
${rows(moments.map((m) => [m.step, m.text]))}
</tbody></table>
<h2>${t('report.actions')}</h2>
<table id="actions"><thead><tr><th>${t('report.step')}</th><th>${t('report.kind')}</th><th>${t('report.actor')}</th><th>${t('report.target')}</th><th>${t('pack.paragraph')}</th><th>${t('report.result')}</th><th>${t('report.reason')}</th></tr></thead><tbody>
${rows(debrief.actions.map((a) => [a.step, a.kind, a.actor, a.target, a.paragraph, a.result, a.reason]))}
</tbody></table>
</main></body></html>
`;
}
