// The end of the meeting: the final document rendered like the real one, the outcome explained,
// the score of the seat played, line by line, and what really happened beside it.
import { documentTitle, finalDocument, type DocumentParagraph } from '../domain/document.ts';
import { indexOf } from '../domain/scenario-index.ts';
import { DROPPED, type Scenario } from '../domain/scenario-schema.ts';
import type { Outcome } from '../domain/outcome.ts';
import type { Score } from '../domain/score.ts';
import { current, t } from '../i18n/index.ts';
import { h } from './dom.ts';
import { listOf, longDate, outcomeExplained, variantLabel } from './words.ts';
import { scoreWords } from '../narrate/score.ts';
import { reachOf } from '../domain/reach.ts';
import { recordFate } from '../domain/debrief.ts';
import { DEFAULT_PARAMETERS } from '../ai/parameters.ts';

export interface EndHandlers {
  exportReplay(): void;
  /** Opens the debrief: charts, exports and the printable report. */
  debrief(): void;
  playAgain(): void;
  toTitle(): void;
}

export function renderEnd(root: HTMLElement, scenario: Scenario, outcome: Outcome, score: Score, handlers: EndHandlers): void {
  const doc = finalDocument(scenario, outcome, current());
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const chair = ix.delegation.get(scenario.presidency.chair);
  const footnotes: string[] = [];
  const para = (p: DocumentParagraph) => {
    let mark: HTMLElement | null = null;
    if (p.footnote) {
      footnotes.push(p.footnote);
      const n = footnotes.length;
      mark = h('sup', {}, h('a', { href: `#fn-${n}`, id: `fnref-${n}`, 'aria-label': t('end.footnote-n', { n }) }, String(n)));
    }
    return h('li', { value: p.number }, h('p', {}, p.text, mark));
  };
  const body = doc.paragraphs.map(para);
  const chairs = doc.chairsPart.map(para);
  const documentEl = h(
    'article',
    { class: 'document', 'aria-labelledby': 'doc-title' },
    h('p', { class: 'doc-kicker' }, `${scenario.meta.fictional ? '' : `${t('end.g20')} · `}${scenario.meta.place} · ${longDate(scenario.meta.date)}`),
    h('h2', { id: 'doc-title', class: 'doc-title', tabindex: '-1' }, doc.title),
    h('p', { class: 'doc-sub' }, scenario.meta.title),
    doc.kind === 'collapse' ? h('p', { class: 'doc-none' }, t('end.no-text')) : null,
    body.length > 0 ? h('ol', { class: 'doc-paras' }, body) : null,
    chairs.length > 0
      ? h('section', { class: 'doc-chair' }, h('h3', {}, chair ? t('end.chair-part-named', { name: chair.name }) : t('end.chair-part')), h('ol', { class: 'doc-paras' }, chairs))
      : null,
    footnotes.length > 0
      ? h(
          'section',
          { class: 'footnotes', 'aria-label': t('end.footnotes') },
          h('ol', {}, footnotes.map((f, i) => h('li', { id: `fn-${i + 1}` }, f, ' ', h('a', { href: `#fnref-${i + 1}`, 'aria-label': t('end.back-to-footnote', { n: i + 1 }) }, '↩')))),
        )
      : null,
    doc.omitted.length > 0
      ? h(
          'section',
          { class: 'doc-omitted' },
          h('h3', {}, t('end.left-out')),
          h('ul', {}, doc.omitted.map((o) => h('li', {}, o.title, ` — ${o.dissenters.length > 0 ? t('end.withheld-by', { names: listOf(o.dissenters.map(name)) }) : t('end.never-brought')}`))),
        )
      : null,
  );

  const agreed = outcome.paragraphs.filter((p) => p.agreedByAll).length;
  const fate = (p: Outcome['paragraphs'][number]) =>
    t(`fate.${p.status === 'adopted' ? (p.adoptedVariant === DROPPED ? 'dropped' : 'agreed') : p.status === 'footnoted' ? 'footnoted' : p.status === 'chair-summary' ? 'chair-summary' : 'left-out'}`);
  const history = scenario.historical;
  const historyOf = new Map(history.paragraphs.map((p) => [p.id, p]));
  const wordingName = (pid: string, v: string | null) => {
    const p = ix.paragraph.get(pid);
    if (v === null || !p) return t('end.no-wording');
    return variantLabel(p, v);
  };

  const explained = h(
    'section',
    { class: 'panel explain', 'aria-labelledby': 'explain-h' },
    h('h2', { id: 'explain-h' }, t('end.explained-h')),
    h('p', { class: 'outcome-kind' }, h('strong', {}, doc.title), ' — ', outcomeExplained(outcome.kind)),
    h(
      'ul',
      { class: 'facts' },
      h('li', {}, t('end.share', { share: outcome.agreedShare / 100 })),
      h('li', {}, t('end.agreed-count', { agreed, total: outcome.paragraphs.length })),
      outcome.walkedOut.length > 0 ? h('li', {}, t('end.walked-out', { names: listOf(outcome.walkedOut.map(name)) })) : null,
    ),
    h(
      'section',
      { class: 'score-slot', 'aria-labelledby': 'score-h' },
      h('h3', { id: 'score-h' }, t('end.score'), ' ', h('span', { id: 'score-total' }, t('end.score-total', { total: score.total }))),
      h(
        'table',
        { class: 'compare score-lines', id: 'score-lines' },
        h('caption', { class: 'sr-only' }, t('end.score-caption')),
        h('tbody', {}, score.lines.map((l) => { const w = scoreWords(current(), scenario, l); return h('tr', {}, h('th', { scope: 'row' }, w.label), h('td', { class: 'num' }, l.max > 0 ? `${l.points} / ${l.max}` : `${l.points > 0 ? '+' : ''}${l.points}`), h('td', {}, w.detail)); })),
      ),
    ),
  );

  const real = h(
    'section',
    { class: 'panel history', 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, scenario.meta.fictional ? t('end.designers-h') : t('end.really-h')),
    h('p', { class: 'outcome-kind' }, h('strong', {}, documentTitle(history.outcome, current()))),
    h('p', {}, history.summary),
    (() => {
      const source = scenario.meta.sources.find((s) => s.id === history.source);
      if (!source) return null;
      return h('p', { class: 'small' }, t('end.source'), ' ', source.url ? h('a', { href: source.url, target: '_blank', rel: 'noopener' }, source.title) : source.title);
    })(),
  );

  const compare = h('section', { class: 'panel', 'aria-label': t('end.beside-record') },
    h(
    'table',
    { class: 'compare' },
    h('caption', {}, t('end.compare-caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('panel.paragraph')), h('th', { scope: 'col' }, t('end.your-meeting')), h('th', { scope: 'col' }, scenario.meta.fictional ? t('end.designers-col') : t('end.really-h')))),
    h(
      'tbody',
      {},
      outcome.paragraphs.map((p) => {
        const real = historyOf.get(p.id);
        return h(
          'tr',
          {},
          h('th', { scope: 'row' }, p.title),
          h('td', {}, t('record-row.line', { fate: fate(p), wording: p.adoptedVariant && p.adoptedVariant !== DROPPED ? wordingName(p.id, p.adoptedVariant) : '', hasWording: Boolean(p.adoptedVariant && p.adoptedVariant !== DROPPED), not: listOf(p.dissenters.map(name)), hasNot: p.dissenters.length > 0 })),
          h(
            'td',
            {},
            real
              ? t('record-row.line', {
                  // True to the record: a paragraph it dropped was dropped, not "agreed by all".
                  fate: t(`fate.${recordFate(real)}`),
                  wording: real.adoptedVariant && real.adoptedVariant !== DROPPED ? wordingName(p.id, real.adoptedVariant) : '',
                  hasWording: Boolean(real.adoptedVariant && real.adoptedVariant !== DROPPED),
                  not: listOf(real.dissenters.map(name)),
                  hasNot: real.dissenters.length > 0,
                })
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
        h('h1', {}, t('room.closed')),
        h(
          'div',
          { class: 'end-actions' },
          h('button', { class: 'button primary', id: 'debrief-end', onclick: handlers.debrief }, t('end.open-debrief')),
          h('button', { class: 'button', id: 'export-end', onclick: handlers.exportReplay }, t('end.export')),
          h('button', { class: 'button', id: 'play-again', onclick: handlers.playAgain }, t('end.play-again')),
          h('button', { class: 'button', id: 'to-title-end', onclick: handlers.toTitle }, t('end.to-title')),
        ),
      ),
      h('div', { class: 'end-grid' }, h('div', { class: 'paper' }, documentEl), h('div', { class: 'end-side' }, explained, reachSection(scenario, outcome), real, compare)),
    ),
  );
}

/**
 * Where red lines kept a higher rung out of reach: which paragraphs, whose red lines on which wordings,
 * and the nearest outcome still achievable beside the one the meeting reached (facts: domain/reach.ts).
 */
export function reachSection(scenario: Scenario, outcome: Outcome): HTMLElement | null {
  // The members away at the close held no stance; the AI's members dissociate only when (nearly) alone.
  const reach = reachOf(scenario, { dissociateCompany: DEFAULT_PARAMETERS.dissociateCompany, absent: outcome.departed });
  if (!reach || reach.locked.length === 0) return null;
  const ix = indexOf(scenario);
  const name = (id: string) => ix.delegation.get(id)?.name ?? id;
  const locked = reach.locked.map((l) => {
    const paragraph = ix.paragraph.get(l.paragraph)!;
    // Wordings ruled out by the same members are named together: "China and Russia rule out A and B".
    const groups = new Map<string, { holders: string[]; wordings: string[] }>();
    for (const w of l.wordings) {
      const key = w.holders.join(',');
      const group = groups.get(key) ?? { holders: w.holders, wordings: [] };
      group.wordings.push(variantLabel(paragraph, w.variant));
      groups.set(key, group);
    }
    const said = [...groups.values()].map((g) =>
      h('li', {}, t('reach.group', { names: listOf(g.holders.map(name)), several: g.holders.length > 1, wordings: listOf(g.wordings) })),
    );
    return h('li', { 'data-paragraph': l.paragraph }, h('strong', {}, t('reach.locked', { paragraph: paragraph.title })), h('ul', { class: 'barred' }, said));
  });
  const nearest = reach.nearest;
  const agreed = outcome.paragraphs.filter((p) => p.agreedByAll).length;
  const reached = outcome.kind === nearest.kind && outcome.agreedShare >= nearest.share;
  return h(
    'section',
    { class: 'panel reach', id: 'reach', 'aria-labelledby': 'reach-h' },
    h('h2', { id: 'reach-h' }, t('reach.h')),
    h('p', {}, t('reach.out-of-reach', { rungs: listOf(reach.outOfReach.map((k) => documentTitle(k, current()))) })),
    h('ul', { class: 'facts' }, locked),
    reach.outOfReach.includes('outcome-with-dissociation') && reach.locked.some((l) => !l.dissociable) ? h('p', {}, t('reach.no-dissociation')) : null,
    h(
      'p',
      { id: 'reach-nearest' },
      h('strong', {}, t('reach.nearest', { kind: documentTitle(nearest.kind, current()), agreed: nearest.agreedByAll, total: nearest.total, share: nearest.share / 100 })),
      ' ',
      reached
        ? t('reach.reached')
        : t('reach.short', { kind: documentTitle(outcome.kind, current()), agreed, total: outcome.paragraphs.length, share: outcome.agreedShare / 100 }),
    ),
  );
}
