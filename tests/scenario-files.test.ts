// Every scenario shipped in scenarios/ passes the schema and its cross-checks.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { checkScenario } from '../src/domain/validate.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));

describe('shipped scenarios', () => {
  it('there are scenarios to check', () => {
    expect(files).toContain('new-delhi-fmm-2023.json');
    expect(files).toContain('tutorial.json');
  });
  for (const file of files) {
    it(`${file} is valid`, () => {
      const result = checkScenario(JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')));
      expect(result.ok ? [] : result.problems).toEqual([]);
    });
  }
});
