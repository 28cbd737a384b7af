// The stance palette reads for everyone: each badge's text meets WCAG AA on its colour, and no two
// stances share a colour, an icon or a word.
import { describe, expect, it } from 'vitest';
import { STANCE_ICON, STANCE_STYLE, contrast } from '../src/print/palette.ts';
import { STANCES } from '../src/domain/state.ts';

describe('the stance palette', () => {
  it.each(STANCES)('the %s badge has text at 4.5:1 contrast or better', (stance) => {
    expect(contrast(STANCE_STYLE[stance].fill, STANCE_STYLE[stance].ink)).toBeGreaterThanOrEqual(4.5);
  });
  it('gives every stance its own colour, icon, word and abbreviation', () => {
    for (const key of ['fill', 'label', 'short'] as const) expect(new Set(STANCES.map((s) => STANCE_STYLE[s][key])).size).toBe(STANCES.length);
    expect(new Set(STANCES.map((s) => JSON.stringify(STANCE_ICON[s]))).size).toBe(STANCES.length);
  });
});
