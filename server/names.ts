// When two students' display names are the same name for a person reading the roster: compared
// case-insensitively, after NFKC, without accents, and with Greek and Cyrillic look-alikes read as Latin.

/** Greek and Cyrillic letters (lower case) that look like a Latin letter, and digits that pass for letters. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'l', ї: 'l', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  α: 'a', β: 'b', γ: 'y', ε: 'e', ζ: 'z', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  // "I" (i) and "l" (L) are the same stroke in many fonts; so are 0 and O.
  i: 'l', '1': 'l', '|': 'l', '0': 'o',
};

/** The form under which two names count as the same: "Ana", "ANA", "Aná", "Ａｎａ" and "Аna" (Cyrillic А) all give "ana". */
export function nameKey(name: string): string {
  const folded = name
    .normalize('NFKC')
    // Upper then lower case folds "ß" to "ss" as well as the plain letters.
    .toUpperCase()
    .toLowerCase()
    .normalize('NFD')
    // Accents off Latin, Greek and Cyrillic letters only: in other scripts the marks are vowels.
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  let key = '';
  for (const ch of folded) key += LOOK_ALIKES[ch] ?? ch;
  return key;
}
