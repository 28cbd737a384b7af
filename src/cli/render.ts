// Plain-text rendering for the command line: the transcript slot by slot (worded from the typed log by
// src/narrate), and the final document.
import { finalDocument } from '../domain/document.ts';
import type { LogRecord, RecordKind } from '../domain/log.ts';
import { indexOf } from '../domain/scenario-index.ts';
import type { Scenario } from '../domain/scenario-schema.ts';
import type { Outcome } from '../domain/outcome.ts';
import type { Score } from '../domain/score.ts';
import { narrate, wordsIn, type NarrationTable } from '../narrate/index.ts';
import { scoreWords } from '../narrate/score.ts';
import { cliTable, cliTr, say } from './words.ts';

/** The margin mark of each kind of record; records of the clock open a new heading instead. */
const MARK: Record<RecordKind, string> = {
  opened: '',
  'slot-opened': '',
  closed: '',
  pause: '',
  seat: '',
  'slot-closed-by-instructor': '',
  consulted: '·',
  lobbied: '·',
  tabled: '▶',
  amendment: '▶',
  linkage: '⇄',
  broker: '◆',
  bracket: '▶',
  adoption: '⚑',
  footnote: '⚑',
  'walk-out': '✖',
  readmitted: '·',
  dissociation: '⚑',
  attendance: '·',
  statement: '✱',
  reopened: '▶',
  offer: '?',
  'offer-answered': '·',
  'slot-ended': '·',
  message: '✉',
  event: '✱',
  bulletin: '✱',
  stance: '  ↳',
};

/** Wraps `text` at `width` columns with `indent` on continuation lines. */
export function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** The transcript as readable lines: a heading per slot, then who did what and why. */
export function renderTranscript(scenario: Scenario, log: readonly LogRecord[], table: NarrationTable = cliTable()): string {
  const w = wordsIn(scenario, cliTr());
  const out: string[] = [];
  for (const record of log) {
    const mark = MARK[record.kind];
    const text = narrate(record, w, table);
    if (mark === '') {
      out.push('', `— ${text}`);
      continue;
    }
    out.push(wrap(`${mark} ${text}`, 100, ' '.repeat(mark.length + 1)));
  }
  return out.join('\n').trimStart();
}

/** The final document, numbered, with footnotes and the chair's own part. */
export function renderDocument(scenario: Scenario, outcome: Outcome): string {
  const tr = cliTr();
  const doc = finalDocument(scenario, outcome, tr);
  const ix = indexOf(scenario);
  const out: string[] = ['', '═'.repeat(72), doc.title.toLocaleUpperCase(tr.locale), wrap(say('doc.subtitle', { title: scenario.meta.title, place: scenario.meta.place, date: scenario.meta.date }), 72, ''), '═'.repeat(72)];
  const footnotes: string[] = [];
  const paragraph = (p: (typeof doc.paragraphs)[number]) => {
    let mark = '';
    if (p.footnote) {
      footnotes.push(p.footnote);
      mark = ` [${footnotes.length}]`;
    }
    out.push('', wrap(`${p.number}. ${p.text}${mark}`, 72, '   '));
  };
  doc.paragraphs.forEach(paragraph);
  if (doc.chairsPart.length > 0) {
    out.push('', say('doc.chair-part'));
    doc.chairsPart.forEach(paragraph);
  }
  if (footnotes.length > 0) {
    out.push('', '—'.repeat(24));
    footnotes.forEach((f, i) => out.push(wrap(`[${i + 1}] ${f}`, 72, '    ')));
  }
  if (doc.omitted.length > 0) {
    out.push('', say('doc.left-out'));
    for (const o of doc.omitted) {
      const who = cliTr().list(o.dissenters.map((id) => ix.delegation.get(id)?.name ?? id));
      out.push(`  – ${o.title} ${who ? say('doc.withheld', { who }) : say('doc.never')}`);
    }
  }
  out.push('', say('doc.outcome', { kind: outcome.kind, share: outcome.agreedShare }));
  return out.join('\n');
}

/** The score, line by line. */
export function renderScore(score: Score, scenario: Scenario): string {
  const out = ['', say('score.head', { chair: score.role === 'CHAIR', role: score.role, total: score.total })];
  for (const line of score.lines) {
    const points = line.max > 0 ? `${line.points}/${line.max}` : `${line.points >= 0 ? '+' : ''}${line.points}`;
    const words = scoreWords(cliTr(), scenario, line);
    out.push(wrap(`  ${points.padStart(6)}  ${words.label}: ${words.detail}`, 100, ' '.repeat(10)));
  }
  return out.join('\n');
}
