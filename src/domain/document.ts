// The final document as the meeting produced it — title, agreed paragraphs, footnotes naming
// dissenters, the chair's own part — as structured data any front end can render.
import { indexOf } from './scenario-index.ts';
import { DROPPED, type OutcomeKind, type Scenario } from './scenario-schema.ts';
import type { Outcome } from './outcome.ts';

export const DOCUMENT_TITLES: Record<OutcomeKind, string> = {
  'consensus-communique': 'Joint Communiqué',
  'communique-with-footnotes': 'Joint Communiqué (with footnotes)',
  'outcome-with-dissociation': 'Outcome Document (with a dissociation)',
  'chair-summary': "Chair's Summary and Outcome Document",
  'chair-statement': "Chair's Statement",
  collapse: 'No agreed text: the meeting broke up after a walk-out',
};

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
export function finalDocument(scenario: Scenario, outcome: Outcome): FinalDocument {
  const ix = indexOf(scenario);
  const names = (ids: string[]) => joinNames(ids.map((id) => ix.delegation.get(id)?.name ?? id));
  const doc: FinalDocument = { title: DOCUMENT_TITLES[outcome.kind], kind: outcome.kind, paragraphs: [], chairsPart: [], omitted: [] };
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
        footnote: p.dissenters.length > 0 ? `Not agreed by ${names(p.dissenters)}; issued under the chair's own responsibility.` : undefined,
      });
      continue;
    }
    number += 1;
    let footnote: string | undefined;
    if (p.dissociating.length > 0) {
      footnote = `${names(p.dissociating)} ${p.dissociating.length === 1 ? 'dissociates itself' : 'dissociate themselves'} from this paragraph.`;
    } else if (p.status === 'footnoted') {
      footnote = `Agreed by all members except ${names(p.dissenters)}.`;
    } else if (p.reservations.length > 0) {
      footnote = `${names(p.reservations)} ${p.reservations.length === 1 ? 'has' : 'have'} a different view on this paragraph, recorded at its request.`;
    }
    doc.paragraphs.push({ number, id: p.id, title: p.title, text, ...(footnote ? { footnote } : {}) });
  }
  doc.chairsPart.forEach((p, i) => (p.number = number + i + 1));
  return doc;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
