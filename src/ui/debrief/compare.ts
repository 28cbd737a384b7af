// Section comparison: several groups' replays of the same scenario and seed side by side — outcome,
// score and path in a table, each paragraph's fate per group, and their distances to consensus charted.
import { debriefSummary } from '../../domain/debrief.ts';
import { DOCUMENT_TITLES } from '../../domain/document.ts';
import type { Catalogue } from '../catalogue.ts';
import { h } from '../dom.ts';
import { loadReplayFile, type LoadedReplay } from '../viewer/load.ts';
import { comparisonDistanceOption, comparisonScoreOption } from './charts.ts';
import { chartFigure, echarts } from './debrief-view.ts';

/** The section loaded so far; it stays while the viewer switches tabs. */
const section: LoadedReplay[] = [];
const problems: string[] = [];

const FATE: Record<string, string> = { adopted: 'agreed', footnoted: 'footnote', 'chair-summary': "chair's summary", open: 'left out' };

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
      h('h2', { id: 'compare-h' }, 'Compare a section'),
      h('p', {}, 'Load the replays of several groups who played the same scenario with the same seed: their outcomes, scores and paths appear side by side. Drop files here or choose several at once.'),
      h(
        'div',
        { class: 'head-actions' },
        picker,
        h('label', { for: 'compare-files', class: 'button primary' }, 'Add replay files…'),
        section.length > 0 ? h('button', { class: 'button', id: 'compare-clear', onclick: () => ((section.length = 0), (problems.length = 0), release(), (charts.length = 0), draw()) }, 'Start again') : null,
      ),
      problems.length > 0 ? h('ul', { class: 'notice', role: 'alert', id: 'compare-problems' }, problems.map((p) => h('li', {}, p))) : null,
      seeds.size > 1 ? h('p', { class: 'notice' }, `These games used different seeds (${[...seeds].join(', ')}): the AI and the news differ between them, so compare with care.`) : null,
    );
    if (section.length === 0 || !scenario) return void root.replaceChildren(head);
    const label = (r: LoadedReplay) => r.name.replace(/\.replay\.json$|\.json$/i, '');
    const table = h(
      'table',
      { class: 'compare', id: 'compare-table' },
      h('caption', {}, `${scenario.meta.title}: ${section.length} game${section.length === 1 ? '' : 's'}`),
      h(
        'thead',
        {},
        h('tr', {}, ['Group', 'Role', 'Seed', 'Outcome', 'Score', 'Agreed', 'Steps', 'Concessions', 'Linkages', 'Adoptions', 'As in the record'].map((t) => h('th', { scope: 'col' }, t))),
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
            h('td', {}, DOCUMENT_TITLES[s.outcome.kind]),
            h('td', { class: 'num' }, String(s.score)),
            h('td', { class: 'num' }, `${s.outcome.agreedShare}%`),
            h('td', { class: 'num' }, String(s.steps)),
            h('td', { class: 'num' }, String(s.concessions)),
            h('td', { class: 'num' }, String(s.linkages)),
            h('td', { class: 'num' }, `${s.adopted} of ${s.adoptionAttempts}`),
            h('td', {}, s.matchesHistory ? 'yes' : 'no'),
          );
        }),
      ),
    );
    const fates = h(
      'table',
      { class: 'compare', id: 'compare-paragraphs' },
      h('caption', {}, 'Each paragraph’s fate, group by group'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Paragraph'), section.map((r) => h('th', { scope: 'col' }, label(r))), h('th', { scope: 'col' }, 'The record'))),
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
              return h('td', { class: o.agreedByAll ? 'same' : 'differs' }, `${FATE[status] ?? status}${o.dissenters.length > 0 ? ` (not ${o.dissenters.join(', ')})` : ''}`);
            }),
            h('td', {}, real ? (real.agreedByAll ? 'agreed' : `not agreed (not ${real.dissenters.join(', ')})`) : '—'),
          );
        }),
      ),
    );
    const compared = section.map((r) => ({ label: label(r), debrief: r.debrief }));
    const figures = [
      chartFigure('compare-distance', 'Paths: distance to consensus, group by group', 'Each line is one group’s meeting; lower is closer to agreement by all. Where the lines part, the groups chose differently.', 320, () => comparisonDistanceOption(compared), charts),
      chartFigure('compare-scores', 'Scores and agreed text', 'The score for the role each group played, and the share of the weighted text agreed by all.', 300, () => comparisonScoreOption(compared), charts),
    ];
    // Wide tables scroll inside their own box on a tablet rather than pushing the page sideways.
    const scroll = (el: HTMLElement, label: string) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, el);
    root.replaceChildren(
      h('div', { class: 'compare-view' }, head, scroll(table, 'The groups compared'), h('div', { class: 'debrief-charts' }, figures.map((f) => f.figure)), scroll(fates, 'Each paragraph’s fate, group by group')),
    );
    figures.forEach((f) => f.draw());
  };
  draw();
  if (files.length > 0) void add(files);
  return dispose;
}
