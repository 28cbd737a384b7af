// Section comparison: several groups' replays of the same scenario and seed side by side — outcome,
// score and path in a table, each paragraph's fate per group, and their distances to consensus charted.
import { debriefSummary } from '../../domain/debrief.ts';
import { documentTitle } from '../../domain/document.ts';
import { current, t as L } from '../../i18n/index.ts';
import type { Catalogue } from '../catalogue.ts';
import { h } from '../dom.ts';
import { listOf } from '../words.ts';
import { DROPPED } from '../../domain/scenario-schema.ts';
import { loadReplayFile, type LoadedReplay } from '../viewer/load.ts';
import { comparisonDistanceOption, comparisonScoreOption } from '../../print/charts.ts';
import { chartFigure, echarts } from './debrief-view.ts';

/** The section loaded so far; it stays while the viewer switches tabs. */
const section: LoadedReplay[] = [];
const problems: string[] = [];

const fateOf = (status: string) => L(`compare.fate.${status}`);

export function renderCompare(root: HTMLElement, catalogue: Catalogue, files: File[]): () => void {
  const charts: echarts.ECharts[] = [];
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);
  const release = () => charts.forEach((c) => c.dispose());
  const dispose = () => {
    window.removeEventListener('resize', onResize);
    release();
  };
  const add = async (list: File[]) => {
    for (const file of list) {
      const result = await loadReplayFile(file, catalogue);
      if (!result.ok) {
        problems.push(result.message);
        continue;
      }
      const first = section[0];
      if (first && result.loaded.scenario !== first.scenario) {
        problems.push(`${file.name} is a game of ${result.loaded.scenario.meta.title}, not ${first.scenario.meta.title}: compare games of one scenario.`);
        continue;
      }
      section.push(result.loaded);
    }
    release();
    charts.length = 0;
    draw();
  };
  const draw = () => {
    const picker = h('input', { type: 'file', multiple: true, accept: '.json,application/json', id: 'compare-files', class: 'file-input' });
    picker.addEventListener('change', () => void add([...(picker.files ?? [])]));
    const seeds = new Set(section.map((r) => r.debrief.seed));
    const scenario = section[0]?.scenario;
    const head = h(
      'div',
      { class: 'compare-head' },
      h('h2', { id: 'compare-h' }, L('compare.h')),
      h('p', {}, L('compare.p')),
      h(
        'div',
        { class: 'head-actions' },
        picker,
        h('label', { for: 'compare-files', class: 'button primary' }, L('compare.add')),
        section.length > 0 ? h('button', { class: 'button', id: 'compare-clear', onclick: () => ((section.length = 0), (problems.length = 0), release(), (charts.length = 0), draw()) }, L('compare.again')) : null,
      ),
      problems.length > 0 ? h('ul', { class: 'notice', role: 'alert', id: 'compare-problems' }, problems.map((p) => h('li', {}, p))) : null,
      seeds.size > 1 ? h('p', { class: 'notice' }, L('compare.seeds', { seeds: [...seeds].join(', ') })) : null,
    );
    if (section.length === 0 || !scenario) return void root.replaceChildren(head);
    // A group's name, where its file carries one (a class link's `&group=`); the file's name otherwise.
    const label = (r: LoadedReplay) => r.timeline.replay.group ?? r.name.replace(/\.replay\.json$|\.json$/i, '');
    // Names, not codes, joined as the page's language joins them.
    const names = (ids: readonly string[]) => listOf(ids.map((id) => scenario.delegations.find((d) => d.id === id)?.name ?? id));
    const table = h(
      'table',
      { class: 'compare', id: 'compare-table' },
      h('caption', {}, L('compare.caption', { title: scenario.meta.title, count: section.length })),
      h(
        'thead',
        {},
        h('tr', {}, ['group', 'role', 'seed', 'outcome', 'score', 'agreed', 'steps', 'concessions', 'linkages', 'adoptions', 'as-record'].map((c) => h('th', { scope: 'col' }, L(`compare.col.${c}`)))),
      ),
      h(
        'tbody',
        {},
        section.map((r) => {
          const s = debriefSummary(r.debrief);
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, label(r)),
            h('td', {}, s.role),
            h('td', {}, s.seed),
            h('td', {}, documentTitle(s.outcome.kind, current())),
            h('td', { class: 'num' }, String(s.score)),
            h('td', { class: 'num' }, `${s.outcome.agreedShare}%`),
            h('td', { class: 'num' }, String(s.steps)),
            h('td', { class: 'num' }, String(s.concessions)),
            h('td', { class: 'num' }, String(s.linkages)),
            h('td', { class: 'num' }, L('compare.of', { a: s.adopted, b: s.adoptionAttempts })),
            h('td', {}, s.matchesHistory ? L('compare.yes') : L('compare.no')),
          );
        }),
      ),
    );
    const fates = h(
      'table',
      { class: 'compare', id: 'compare-paragraphs' },
      h('caption', {}, L('compare.fates')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, L('pack.paragraph')), section.map((r) => h('th', { scope: 'col' }, label(r))), h('th', { scope: 'col' }, L('report.the-record')))),
      h(
        'tbody',
        {},
        scenario.paragraphs.map((p) => {
          const real = scenario.historical.paragraphs.find((x) => x.id === p.id);
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, p.title),
            section.map((r) => {
              const o = r.debrief.outcome.paragraphs.find((x) => x.id === p.id)!;
              const status = r.timeline.meeting.state.draft[p.id]!.status;
              const fate = o.adoptedVariant === DROPPED && status === 'adopted' ? fateOf('dropped') : fateOf(status);
              return h('td', { class: o.agreedByAll ? 'same' : 'differs' }, o.dissenters.length > 0 ? L('compare.not', { fate, ids: names(o.dissenters) }) : fate);
            }),
            h(
              'td',
              {},
              real
                ? real.agreedByAll
                  ? fateOf(real.adoptedVariant === DROPPED ? 'dropped' : 'adopted')
                  : L('compare.not', { fate: L('compare.not-agreed'), ids: names(real.dissenters) })
                : '—',
            ),
          );
        }),
      ),
    );
    const compared = section.map((r) => ({ label: label(r), debrief: r.debrief }));
    const figures = [
      chartFigure('compare-distance', L('compare.paths-h'), L('compare.paths'), 320, () => comparisonDistanceOption(compared), charts),
      chartFigure('compare-scores', L('compare.scores-h'), L('compare.scores'), 300, () => comparisonScoreOption(compared), charts),
    ];
    // Wide tables scroll inside their own box on a tablet rather than pushing the page sideways.
    const scroll = (el: HTMLElement, label: string) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, el);
    root.replaceChildren(
      h('div', { class: 'compare-view' }, head, scroll(table, L('compare.groups')), h('div', { class: 'debrief-charts' }, figures.map((f) => f.figure)), scroll(fates, L('compare.fates'))),
    );
    figures.forEach((f) => f.draw());
  };
  draw();
  if (files.length > 0) void add(files);
  return dispose;
}
