// A score line in words, from its code and facts: the end screen, the debrief and the CLI word it here.
import { DROPPED, type Scenario } from '../domain/scenario-schema.ts';
import { indexOf } from '../domain/scenario-index.ts';
import type { ScoreLine } from '../domain/score.ts';
import type { Translator } from '../i18n/index.ts';
import { variantLabelIn } from './index.ts';

export function scoreWords(tr: Translator, scenario: Scenario, line: ScoreLine): { label: string; detail: string } {
  const f = line.facts;
  const ix = indexOf(scenario);
  if (line.code === 'paragraph') {
    const paragraph = ix.paragraph.get(String(f.paragraph));
    const wording = (v: string | number | null) => (v === null || v === DROPPED || !paragraph ? tr.t('score.no-text') : variantLabelIn(tr, paragraph, String(v)));
    return {
      label: paragraph?.title ?? String(f.paragraph),
      detail: tr.t('score.paragraph', { played: wording(f.played ?? null), mine: f.mine, name: ix.delegation.get(String(f.delegation))?.name ?? '', recorded: wording(f.recorded ?? null), record: f.record, salience: f.salience }),
    };
  }
  const name = f.delegation ? (ix.delegation.get(String(f.delegation))?.name ?? '') : '';
  return { label: tr.t(`score.${line.code}-label`), detail: tr.t(`score.${line.code}`, { ...f, name }) };
}
