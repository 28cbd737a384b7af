// What the red lines leave within reach: New Delhi FMM 2023's Ukraine paragraphs keep every rung above
// the Chair's Summary out of reach; with one red line fewer, a lone holdout could dissociate instead.
import { describe, expect, it } from 'vitest';
import { above, reachOf, rungOf } from '../src/domain/reach.ts';
import { scenario } from './helpers.ts';

describe('what the red lines leave within reach', () => {
  it('New Delhi FMM 2023: no wording of either Ukraine paragraph is free of a red line, so a Chair’s Summary is the ceiling', () => {
    const delhi = scenario('new-delhi-fmm-2023');
    const reach = reachOf(delhi, { dissociateCompany: 0 })!;
    expect(reach.ceiling).toBe('chair-summary');
    expect(reach.outOfReach).toEqual(['consensus-communique', 'communique-with-footnotes', 'outcome-with-dissociation']);
    expect(reach.locked.map((l) => l.paragraph)).toEqual(['ukraine-war', 'international-law']);
    const war = reach.locked[0]!;
    expect(war.dissociable).toBe(false);
    expect(war.wordings.find((w) => w.variant === 'bali-formula')!.holders).toEqual(['CN', 'RU']);
    expect(war.wordings.find((w) => w.variant === 'dropped')!.holders).toContain('US');
    // Everything else can be agreed by all: 16 of 18 paragraphs, the two locked ones weighing 10 of 53.
    expect(reach.nearest).toEqual({ kind: 'chair-summary', agreedByAll: 16, total: 18, share: 81 });
  });

  it('with China’s red lines lifted, Russia alone blocks the Bali wording and could dissociate: the ceiling rises a rung', () => {
    const delhi = structuredClone(scenario('new-delhi-fmm-2023'));
    const china = delhi.delegations.find((d) => d.id === 'CN')!;
    for (const p of Object.values(china.positions)) p.redLines = [];
    const reach = reachOf(delhi, { dissociateCompany: 0 })!;
    expect(reach.ceiling).toBe('outcome-with-dissociation');
    expect(reach.locked.every((l) => l.dissociable)).toBe(true);
    expect(reach.nearest.share).toBe(100);
    // In company (Russia would dissociate beside one other), the same holds without lifting anything.
    expect(reachOf(scenario('new-delhi-fmm-2023'), { dissociateCompany: 1 })!.ceiling).toBe('outcome-with-dissociation');
    // A member away at the close holds no red line there.
    expect(reachOf(scenario('new-delhi-fmm-2023'), { dissociateCompany: 0, absent: ['CN'] })!.ceiling).toBe('outcome-with-dissociation');
  });

  it('a meeting free of locked paragraphs can reach a consensus communiqué; a planned outcome has no ladder to climb', () => {
    expect(reachOf(scenario('hamburg-leaders-2017'), { dissociateCompany: 0 })).toMatchObject({ ceiling: 'consensus-communique', locked: [], outOfReach: [] });
    expect(reachOf(scenario('rio-fmm-2024'), { dissociateCompany: 0 })).toBeNull();
    expect(above('communique-with-footnotes', 'outcome-with-dissociation')).toBe(true);
    expect(above('chair-summary', 'chair-summary')).toBe(false);
    expect(rungOf('consensus-communique')).toBe(0);
  });
});
