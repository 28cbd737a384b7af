// The end of the meeting: the final document rendered like the real one, the outcome explained, a
// place for the score, and what really happened beside it.
import { finalDocument, type DocumentParagraph } from '../domain/document.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Scenario } from '../domain/scenario-schema.ts';
import { variantLabel } from '../narrate/en.ts';
import type { Outcome } from '../domain/outcome.ts';
import type { Score } from '../domain/score.ts';
import { DOCUMENT_TITLES } from '../domain/document.ts';
import { h } from './dom.ts';
import { OUTCOME_EXPLAINED, longDate } from './words.ts';

export interface EndHandlers {
  exportReplay(): void;
  /** Opens the debrief: charts, exports and the printable report. */
  debrief(): void;
  playAgain(): void;
  toTitle(): void;
}

export function renderEnd(root: HTMLElement, scenario: Scenario, outcome: Outcome, score: Score, handlers: EndHandlers): void {
  const doc = finalDocument(scenario, outcome);
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const chair = ix.delegation.get(scenario.presidency.chair);
  const footnotes: string[] = [];
  const para = (p: DocumentParagraph) => {
    let mark: HTMLElement | null = null;
    if (p.footnote) {
      footnotes.push(p.footnote);
      const n = footnotes.length;
      mark = h('sup', {}, h('a', { href: `#fn-${n}`, id: `fnref-${n}`, 'aria-label': `footnote ${n}` }, String(n)));
    }
    return h('li', { value: p.number }, h('p', {}, p.text, mark));
  };
  const body = doc.paragraphs.map(para);
  const chairs = doc.chairsPart.map(para);
  const documentEl = h(
    'article',
    { class: 'document', 'aria-labelledby': 'doc-title' },
    h('p', { class: 'doc-kicker' }, `${scenario.meta.fictional ? '' : 'G20 · '}${scenario.meta.place} · ${longDate(scenario.meta.date)}`),
    h('h2', { id: 'doc-title', class: 'doc-title', tabindex: '-1' }, doc.title),
    h('p', { class: 'doc-sub' }, scenario.meta.title),
    doc.kind === 'collapse' ? h('p', { class: 'doc-none' }, 'No text was issued.') : null,
    body.length > 0 ? h('ol', { class: 'doc-paras' }, body) : null,
    chairs.length > 0
      ? h('section', { class: 'doc-chair' }, h('h3', {}, `Issued under the chair’s own responsibility${chair ? ` (${chair.name})` : ''}`), h('ol', { class: 'doc-paras' }, chairs))
      : null,
    footnotes.length > 0
      ? h(
          'section',
          { class: 'footnotes', 'aria-label': 'Footnotes' },
          h('ol', {}, footnotes.map((f, i) => h('li', { id: `fn-${i + 1}` }, f, ' ', h('a', { href: `#fnref-${i + 1}`, 'aria-label': `back to the paragraph of footnote ${i + 1}` }, '↩')))),
        )
      : null,
    doc.omitted.length > 0
      ? h(
          'section',
          { class: 'doc-omitted' },
          h('h3', {}, 'Left out for want of consensus'),
          h('ul', {}, doc.omitted.map((o) => h('li', {}, o.title, o.dissenters.length > 0 ? ` — withheld by ${o.dissenters.map(name).join(', ')}` : ' — never brought to adoption'))),
        )
      : null,
  );

  const agreed = outcome.paragraphs.filter((p) => p.agreedByAll).length;
  const fate = (p: Outcome['paragraphs'][number]) =>
    p.status === 'adopted'
      ? p.adoptedVariant === DROPPED
        ? 'dropped by consensus'
        : 'agreed by all'
      : p.status === 'footnoted'
        ? 'kept with a footnote'
        : p.status === 'chair-summary'
          ? "chair's summary"
          : 'left out';
  const history = scenario.historical;
  const historyOf = new Map(history.paragraphs.map((p) => [p.id, p]));
  const wordingName = (pid: string, v: string | null) => {
    const p = ix.paragraph.get(pid);
    if (v === null || !p) return 'no text';
    return variantLabel(p, v);
  };

  const explained = h(
    'section',
    { class: 'panel explain', 'aria-labelledby': 'explain-h' },
    h('h2', { id: 'explain-h' }, 'The outcome explained'),
    h('p', { class: 'outcome-kind' }, h('strong', {}, doc.title), ' — ', OUTCOME_EXPLAINED[outcome.kind]),
    h(
      'ul',
      { class: 'facts' },
      h('li', {}, `${outcome.agreedShare}% of the weighted text agreed by all (weights are each paragraph’s importance).`),
      h('li', {}, `${agreed} of ${outcome.paragraphs.length} paragraphs agreed by every member.`),
      outcome.walkedOut.length > 0 ? h('li', {}, `Walked out: ${outcome.walkedOut.map(name).join(', ')}.`) : null,
    ),
    h(
      'section',
      { class: 'score-slot', 'aria-labelledby': 'score-h' },
      h('h3', { id: 'score-h' }, `Score: `, h('span', { id: 'score-total' }, `${score.total} / 100`)),
      h(
        'table',
        { class: 'compare score-lines', id: 'score-lines' },
        h('caption', { class: 'sr-only' }, 'The score, line by line'),
        h('tbody', {}, score.lines.map((l) => h('tr', {}, h('th', { scope: 'row' }, l.label), h('td', { class: 'num' }, l.max > 0 ? `${l.points} / ${l.max}` : `${l.points > 0 ? '+' : ''}${l.points}`), h('td', {}, l.detail)))),
      ),
    ),
  );

  const real = h(
    'section',
    { class: 'panel history', 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, scenario.meta.fictional ? 'How the designers’ game ended' : 'What really happened'),
    h('p', { class: 'outcome-kind' }, h('strong', {}, DOCUMENT_TITLES[history.outcome])),
    h('p', {}, history.summary),
    (() => {
      const source = scenario.meta.sources.find((s) => s.id === history.source);
      if (!source) return null;
      return h('p', { class: 'small' }, 'Source: ', source.url ? h('a', { href: source.url, target: '_blank', rel: 'noopener' }, source.title) : source.title);
    })(),
  );

  const compare = h('section', { class: 'panel', 'aria-label': 'Your meeting beside the record' },
    h(
    'table',
    { class: 'compare' },
    h('caption', {}, 'Paragraph by paragraph: your meeting and the record'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Paragraph'), h('th', { scope: 'col' }, 'Your meeting'), h('th', { scope: 'col' }, scenario.meta.fictional ? 'Designers’ game' : 'What really happened'))),
    h(
      'tbody',
      {},
      outcome.paragraphs.map((p) => {
        const real = historyOf.get(p.id);
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, p.title),
          h('td', {}, `${fate(p)}${p.adoptedVariant && p.adoptedVariant !== DROPPED ? `: ${wordingName(p.id, p.adoptedVariant)}` : ''}${p.dissenters.length > 0 ? ` (not ${p.dissenters.join(', ')})` : ''}`),
          h(
            'td',
            {},
            real
              ? `${real.agreedByAll ? 'agreed by all' : real.adoptedVariant === null ? 'left out' : 'not agreed by all'}${real.adoptedVariant && real.adoptedVariant !== DROPPED ? `: ${wordingName(p.id, real.adoptedVariant)}` : ''}${real.dissenters.length > 0 ? ` (not ${real.dissenters.join(', ')})` : ''}`
              : '—',
          ),
        );
      }),
    ),
  ),
  );

  root.replaceChildren(
    h(
      'div',
      { class: 'end-screen' },
      h(
        'header',
        { class: 'end-head' },
        h('h1', {}, 'The meeting has closed'),
        h(
          'div',
          { class: 'end-actions' },
          h('button', { class: 'button primary', id: 'debrief-end', onclick: handlers.debrief }, 'Open the debrief'),
          h('button', { class: 'button', id: 'export-end', onclick: handlers.exportReplay }, 'Export the replay'),
          h('button', { class: 'button', id: 'play-again', onclick: handlers.playAgain }, 'Play again, same seed'),
          h('button', { class: 'button', id: 'to-title-end', onclick: handlers.toTitle }, 'Back to the title'),
        ),
      ),
      h('div', { class: 'end-grid' }, h('div', { class: 'paper' }, documentEl), h('div', { class: 'end-side' }, explained, real, compare)),
    ),
  );
}
