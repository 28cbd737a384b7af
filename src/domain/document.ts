// The final document as the meeting produced it — title, agreed paragraphs, footnotes naming
// dissenters, the chair's own part — as structured data any front end can render, worded by the
// translator it is given (the words live in the i18n room's "reports" catalogue).
import { indexOf } from './scenario-index.ts';
import { DROPPED, type OutcomeKind, type Scenario } from './scenario-schema.ts';
import type { Outcome } from './outcome.ts';
import type { Translator } from '../i18n/index.ts';

/** The title of the document each rung of the ladder issues. */
export function documentTitle(kind: OutcomeKind, tr: Translator): string {
  return tr.t(`outcome-doc.${kind}`);
}

export interface DocumentParagraph {
  number: number;
  id: string;
  title: string;
  text: string;
  /** Footnote text, if the paragraph carries one. */
  footnote?: string;
}

export interface FinalDocument {
  title: string;
  kind: OutcomeKind;
  /** The text agreed (or agreed by all but the footnoted members). */
  paragraphs: DocumentParagraph[];
  /** Paragraphs issued on the chair's own authority. */
  chairsPart: DocumentParagraph[];
  /** Paragraphs that did not make it in. */
  omitted: { id: string; title: string; dissenters: string[] }[];
}

/** Builds the document from an outcome; names come from the scenario. */
export function finalDocument(scenario: Scenario, outcome: Outcome, tr: Translator): FinalDocument {
  const ix = indexOf(scenario);
  const names = (ids: string[]) => joinNames(ids.map((id) => ix.delegation.get(id)?.name ?? id), tr);
  const doc: FinalDocument = { title: documentTitle(outcome.kind, tr), kind: outcome.kind, paragraphs: [], chairsPart: [], omitted: [] };
  let number = 0;
  for (const p of outcome.paragraphs) {
    const paragraph = ix.paragraph.get(p.id)!;
    if (p.adoptedVariant === null) {
      doc.omitted.push({ id: p.id, title: p.title, dissenters: p.dissenters });
      continue;
    }
    if (p.adoptedVariant === DROPPED) continue;
    const text = paragraph.variants.find((v) => v.id === p.adoptedVariant)?.text ?? '';
    if (p.status === 'chair-summary') {
      doc.chairsPart.push({
        number: 0,
        id: p.id,
        title: p.title,
        text,
        footnote: p.dissenters.length > 0 ? tr.t('outcome-doc.footnote-chair', { names: names(p.dissenters) }) : undefined,
      });
      continue;
    }
    number += 1;
    let footnote: string | undefined;
    if (p.dissociating.length > 0) {
      footnote = tr.t('outcome-doc.footnote-dissociates', { names: names(p.dissociating), count: p.dissociating.length });
    } else if (p.status === 'footnoted') {
      footnote = tr.t('outcome-doc.footnote-except', { names: names(p.dissenters) });
    } else if (p.reservations.length > 0) {
      footnote = tr.t('outcome-doc.footnote-reservation', { names: names(p.reservations), count: p.reservations.length });
    }
    doc.paragraphs.push({ number, id: p.id, title: p.title, text, ...(footnote ? { footnote } : {}) });
  }
  doc.chairsPart.forEach((p, i) => (p.number = number + i + 1));
  return doc;
}

/** "A", "A and B", "A, B and C", as the translator's language joins names. */
export function joinNames(names: string[], tr: Translator): string {
  if (names.length <= 1) return names.join('');
  return tr.list(names);
}
