// The command line as a user meets it: real processes, real files, exit codes and one-line errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_VERSION } from '../src/domain/version.ts';

let dir: string;
beforeAll(() => {
  if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
  dir = mkdtempSync(join(tmpdir(), 'communique-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/communique.js', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const fixture = () => JSON.parse(readFileSync('tests/fixtures/mini.json', 'utf8'));
function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  return path;
}
/** No stack trace ever reaches the user. */
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error:|node:internal/);

describe('communique scenarios and validate', () => {
  it('lists the scenarios with id, title and date', () => {
    const r = cli('scenarios');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^new-delhi-fmm-2023\s+2023-03-02\s+\S/m);
    expect(r.out).toMatch(/^tutorial\s/m);
  });
  it('a valid file exits 0', () => {
    const r = cli('validate', 'scenarios/new-delhi-fmm-2023.json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid \(20 delegations, 18 paragraphs\)/);
  });
  it('an older scenario is read through its numbered migration, and migrate upgrades the file', () => {
    const old = write('old.json', fixture());
    expect(fixture().format).toBe(1);
    const played = cli('simulate', '--scenario', old, '--seed', '1', '--json');
    expect(played.code).toBe(0);
    expect(played.err).toMatch(/note: .*old\.json is a format-1 scenario, read through migration/);
    expect(JSON.parse(played.out).scenario).toBe(fixture().meta.id);
    const upgraded = join(dir, 'upgraded.json');
    const m = cli('migrate', old, '--out', upgraded);
    expect(m.code).toBe(0);
    expect(m.out).toMatch(/migrated from format 1 to 2/);
    const file = JSON.parse(readFileSync(upgraded, 'utf8'));
    expect(file.format).toBe(2);
    expect(file.presidency.intent).toEqual({ resolve: 'assent', planned: 'negotiated-text', adoption: 'close' });
    // The upgraded file plays the very same game: a migration changes the format, never the rules.
    const again = cli('simulate', '--scenario', upgraded, '--seed', '1', '--json');
    expect(again.err).toBe('');
    expect(JSON.parse(again.out).stateHash).toBe(JSON.parse(played.out).stateHash);
    expect(cli('migrate', upgraded).out).toMatch(/already format 2/);
  });
  it('invalid JSON: exit 2 with the line and column', () => {
    const file = write('broken.json', '{\n  "format": 1,\n  "meta": { "id": "x" \n}');
    const r = cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^communique: ${file}:\\d+:\\d+: invalid JSON`));
    noStack(r.err);
  });
  it('a missing field: exit 2 naming the JSON path', () => {
    const s = fixture();
    delete s.delegations[1].head;
    const file = write('missing.json', s);
    const r = cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: delegations[1].head: missing; expected object`);
  });
  it('a red line pointing at a missing variant: exit 2 naming the place', () => {
    const s = fixture();
    s.delegations[2].positions.war.redLines = ['condemn', 'annexation'];
    const r = cli('validate', write('redline.json', s));
    expect(r.code).toBe(2);
    expect(r.err).toContain('delegations[2].positions.war.redLines[1]: red line points at missing variant "annexation" of paragraph "war"');
  });
  it('an unknown delegation and every other error, each on its own line', () => {
    const s = fixture();
    s.delegations[0].affinities.ZZZ = 10;
    s.presidency.troika.push('QQ');
    s.delegations[1].positions.easy.utilities.strong = 500;
    const r = cli('validate', write('unknown.json', s));
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines).toHaveLength(1); // shape errors are reported before cross-checks
    expect(r.err).toContain('delegations[1].positions.easy.utilities.strong:');
    s.delegations[1].positions.easy.utilities.strong = 50;
    const again = cli('validate', write('unknown2.json', s));
    expect(again.err).toContain('delegations[0].affinities.ZZZ: unknown delegation "ZZZ"');
    expect(again.err).toContain('presidency.troika[1]: unknown delegation "QQ"');
  });
  it('a missing file: exit 2', () => {
    const r = cli('validate', join(dir, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.json: no such file/);
  });
});

describe('communique simulate', () => {
  it('New Delhi, seed 1: a Chair\'s Summary with the two Ukraine paragraphs blocked by China and Russia', () => {
    const r = cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--json');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out);
    expect(result.scenario).toBe('new-delhi-fmm-2023');
    expect(result.outcome.kind).toBe('chair-summary');
    for (const p of result.outcome.paragraphs) {
      if (p.id === 'ukraine-war' || p.id === 'international-law') {
        expect(p.agreedByAll).toBe(false);
        expect(p.dissenters).toEqual(['CN', 'RU']);
      } else {
        expect({ id: p.id, agreedByAll: p.agreedByAll, dissenters: p.dissenters }).toEqual({ id: p.id, agreedByAll: true, dissenters: [] });
      }
    }
    expect(result.stateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.steps).toBeGreaterThan(0);
  });
  it('the same seed gives the same state hash twice', () => {
    const a = JSON.parse(cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '7', '--json').out);
    const b = JSON.parse(cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '7', '--json').out);
    expect(a.stateHash).toBe(b.stateHash);
  });
  it('prints a readable transcript and the final document without --json', () => {
    const r = cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--role', 'CHAIR');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Welcome dinner|dinner/i);
    expect(r.out).toMatch(/calls for adoption/);
    expect(r.out).toContain("CHAIR'S SUMMARY AND OUTCOME DOCUMENT");
    // The document says what the engine's outcome says: the two Ukraine paragraphs, footnoted with
    // the names of those who withheld them (China and Russia in the record).
    const json = JSON.parse(cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '1', '--role', 'CHAIR', '--json').out);
    const withheld = json.outcome.paragraphs.filter((p: { agreedByAll: boolean }) => !p.agreedByAll);
    expect(withheld.map((p: { id: string }) => p.id)).toEqual(['ukraine-war', 'international-law']);
    const names: Record<string, string> = { CN: 'China', RU: 'Russia' };
    for (const p of withheld as { dissenters: string[] }[]) {
      expect(p.dissenters).toContain('CN');
      const who = p.dissenters.map((id) => names[id]).join(' and ');
      expect(r.out).toMatch(new RegExp(`^\\[\\d+\\] Agreed by all members except ${who}\\.$`, 'm'));
    }
    expect(r.out).toContain(`State hash ${json.stateHash} after ${json.steps} commands (seed "1").`);
  });
  it('an unknown flag: exit 2 with a one-line reason', () => {
    const r = cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--sede', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^communique: Unknown option '--sede'/);
    noStack(r.err);
  });
  it('a bad role or difficulty: exit 2', () => {
    expect(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--role', 'XX').err).toMatch(/--role: unknown delegation "XX"/);
    expect(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--difficulty', 'brutal').code).toBe(2);
    expect(cli('simulate', '--scenario', 'atlantis', '--seed', '1').err).toMatch(/unknown scenario "atlantis"; known scenarios: .*new-delhi-fmm-2023/);
  });
});

describe('errors in the language of --lang', () => {
  it('says what is wrong in French, Arabic or Spanish, and exactly as before in English', () => {
    // English, byte for byte as the CLI has always said it.
    const en = cli('simulate', '--seed', '1');
    expect(en.code).toBe(2);
    expect(en.err).toBe('communique: simulate needs --scenario <id|path>\n');
    const fr = cli('simulate', '--seed', '1', '--lang', 'fr');
    expect(fr.code).toBe(2);
    expect(fr.err).toBe('communique: simulate demande --scenario <id|path>\n');
    // A file problem: the path and the reason, the reason in Arabic.
    const ar = cli('validate', join(dir, 'nope.json'), '--lang', 'ar');
    expect(ar.code).toBe(2);
    expect(ar.err).toBe(`communique: ${join(dir, 'nope.json')}: لا يوجد ملف بهذا الاسم\n`);
    // A list of choices joined as the language joins them.
    expect(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--policy', 'brave').err).toBe('communique: --policy: expected autopilot, skilled or reckless, not "brave"\n');
    expect(cli('simulate', '--scenario', 'tutorial', '--seed', '1', '--policy', 'brave', '--lang', 'es').err).toBe('communique: --policy: se esperaba autopilot, skilled o reckless, no «brave»\n');
    // Node's own words for an unknown option stay; the way to help is in the language.
    const help = cli('simulate', '--sede', '2', '--lang', 'fr');
    expect(help.err).toMatch(/^communique: Unknown option '--sede'.*\nLancez `communique --help` pour l’aide\.\n$/s);
    for (const r of [fr, ar, help]) noStack(r.err);
  });
  it('validate names the same JSON paths in every language, and says what is wrong there in the reader’s', () => {
    // Shape problems (zod) in one file, cross-check problems in another: both kinds of sentence.
    const shape = fixture();
    delete shape.delegations[1].head;
    shape.meta.id = 'Bad Id';
    shape.delegations[1].positions.easy.utilities.strong = 500;
    shape.paragraphs[0].variants = [];
    shape.extra = true;
    const cross = fixture();
    cross.presidency.troika.push('QQ');
    cross.delegations[2].positions.war.redLines = ['condemn', 'annexation'];
    const files = [write('shape-lang.json', shape), write('cross-lang.json', cross)];
    const lines = (lang: string[], file: string) => {
      const r = cli('validate', file, ...lang);
      expect(r.code).toBe(2);
      noStack(r.err);
      return r.err.replace(/^communique: /, '').trimEnd().split('\n');
    };
    const pathOf = (line: string, file: string) => line.slice(file.length + 2).split(': ')[0];
    // English as it has always been said.
    expect(lines([], files[0]!)).toEqual([
      `${files[0]}: meta.id: expected a kebab-case id such as "ukraine-war", got string "Bad Id"`,
      `${files[0]}: delegations[1].head: missing; expected object`,
      `${files[0]}: delegations[1].positions.easy.utilities.strong: expected an integer -100..100, got number 500`,
      `${files[0]}: paragraphs[0].variants: expected at least 1 item, got 0`,
      `${files[0]}: (root): unexpected field "extra"`,
    ]);
    expect(lines([], files[1]!)).toEqual([
      `${files[1]}: presidency.troika[1]: unknown delegation "QQ"`,
      `${files[1]}: delegations[2].positions.war.redLines[1]: red line points at missing variant "annexation" of paragraph "war"`,
    ]);
    const fr = lines(['--lang', 'fr'], files[0]!);
    expect(fr).toContain(`${files[0]}: meta.id: attendu : un identifiant en kebab-case comme "ukraine-war", reçu : chaîne "Bad Id"`);
    expect(fr).toContain(`${files[0]}: delegations[1].head: absent ; attendu : objet`);
    expect(fr).toContain(`${files[0]}: delegations[1].positions.easy.utilities.strong: attendu : un entier de -100 à 100, reçu : nombre 500`);
    expect(fr).toContain(`${files[0]}: paragraphs[0].variants: attendu : au moins 1 élément, reçu : 0`);
    expect(fr).toContain(`${files[0]}: (root): champ inattendu "extra"`);
    expect(lines(['--lang', 'fr'], files[1]!)).toEqual([
      `${files[1]}: presidency.troika[1]: délégation inconnue "QQ"`,
      `${files[1]}: delegations[2].positions.war.redLines[1]: la ligne rouge désigne une variante absente "annexation" du paragraphe "war"`,
    ]);
    const ar = lines(['--lang', 'ar'], files[1]!);
    expect(ar).toEqual([
      `${files[1]}: presidency.troika[1]: وفد غير معروف "QQ"`,
      `${files[1]}: delegations[2].positions.war.redLines[1]: الخط الأحمر يشير إلى صيغة غير موجودة "annexation" للفقرة "war"`,
    ]);
    // Arabic counts in Arabic plural forms: one item is "عنصر واحد", not "1 عنصر".
    expect(lines(['--lang', 'ar'], files[0]!)).toContain(`${files[0]}: paragraphs[0].variants: المتوقع على الأقل عنصر واحد، والموجود 0`);
    // Every language: the same paths in the same order, and none of the English sentences left.
    for (const file of files) {
      const english = lines([], file);
      for (const lang of ['fr', 'es', 'pt', 'ru', 'zh', 'ar', 'hi']) {
        const other = lines(['--lang', lang], file);
        expect(other.map((l) => pathOf(l, file)), lang).toEqual(english.map((l) => pathOf(l, file)));
        other.forEach((line, i) => expect(line, lang).not.toBe(english[i]));
      }
    }
  });
  it('migrate and the loader’s note say the migration in the language', () => {
    const old = write('old-lang.json', fixture());
    const m = cli('migrate', old, '--out', join(dir, 'up-lang.json'), '--lang', 'fr');
    expect(m.code).toBe(0);
    expect(m.out).toContain('format 1 → 2 : l’intention de la présidence rendue explicite');
    const newer = cli('validate', write('newer.json', { format: 99 }), '--lang', 'ar');
    expect(newer.err).toContain('format: التنسيق 99 أحدث مما يقرؤه هذا الإصدار من Communiqué (2)؛ حدِّث Communiqué');
    expect(cli('validate', join(dir, 'newer.json')).err).toContain('format: format 99 is newer than this version of Communiqué reads (2); update Communiqué');
  });
  it('prints its help in the language, the options themselves as they are typed', () => {
    const zh = cli('--help', '--lang', 'zh');
    expect(zh.code).toBe(0);
    expect(zh.out).toMatch(/^用法：communique <命令> \[选项\]\n/);
    expect(zh.out).toContain('  simulate --scenario <id|path> --seed <seed>\n');
    expect(zh.out).toContain('退出码：0 成功');
    expect(cli('--help').out).toMatch(/^Usage: communique <command> \[options\]\n/);
  });
});

describe('communique replay', () => {
  let replayFile: string;
  const recorded = () => JSON.parse(readFileSync(replayFile, 'utf8'));
  beforeAll(() => {
    replayFile = join(dir, 'game.replay.json');
    const r = cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '3', '--role', 'CHAIR', '--out', replayFile, '--json');
    expect(r.code).toBe(0);
  });
  it('a recorded game replays and verifies, with the same state hash', () => {
    const simulated = JSON.parse(cli('simulate', '--scenario', 'new-delhi-fmm-2023', '--seed', '3', '--role', 'CHAIR', '--json').out);
    const replay = recorded();
    expect(replay).toMatchObject({ format: 2, engineVersion: ENGINE_VERSION, final: { step: replay.commands.length, stateHash: simulated.stateHash } });
    expect(replay.checkpoints.length).toBeGreaterThan(1);
    const r = cli('replay', replayFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      ok: true,
      stateHash: simulated.stateHash,
      steps: replay.commands.length,
      outcome: { kind: simulated.outcome.kind },
      checkpointsCompared: replay.checkpoints.length,
      checkpoints: replay.checkpoints.length,
    });
  });
  it('says how it verified: every command, every checkpoint compared, the final hash matched', () => {
    const replay = recorded();
    const r = cli('replay', replayFile);
    expect(r.code).toBe(0);
    const k = replay.checkpoints.length;
    expect(r.out).toContain(`${replayFile}: verified — ${replay.commands.length} commands, ${k} of ${k} checkpoints compared, final hash matched.`);
    expect(r.out).toContain(`State hash ${replay.final.stateHash}.`);
  });
  it('a tampered checkpoint: exit 1 naming the first diverging step', () => {
    const replay = recorded();
    replay.checkpoints[1].stateHash = 'f'.repeat(64);
    const file = write('tampered.json', replay);
    const r = cli('replay', file);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`diverges at step ${replay.checkpoints[1].step}: the state there is not the one recorded`));
    noStack(r.err);
    const json = cli('replay', file, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, problem: 'diverged', divergedAt: replay.checkpoints[1].step, expected: 'f'.repeat(64) });
  });
  it('in another language: the verdict and a refusal by the rules in its words, the JSON still in English', () => {
    const replay = recorded();
    const k = replay.checkpoints.length;
    expect(cli('replay', replayFile, '--lang', 'fr').out).toContain(`${replayFile}: vérifié — ${replay.commands.length} ordres, ${k} points de contrôle comparés sur ${k}, empreinte finale conforme.`);
    const i = Math.floor(replay.commands.length / 2);
    replay.commands[i] = { type: 'record-footnote', actor: 'US', paragraph: 'ukraine-war' };
    const file = write('illegal-fr.json', replay);
    const fr = cli('replay', file, '--lang', 'fr');
    expect(fr.code).toBe(2);
    // The step, the command and its actor as data; the rules' reason worded from its refusal code
    // (after the note that the scenario is partly translated).
    const line = fr.err.trimEnd().split('\n').at(-1)!;
    expect(line).toMatch(new RegExp(`^communique: .*illegal-fr\\.json: l’étape ${i + 1} \\(record-footnote par US\\) est refusée par les règles : \\S`));
    const json = JSON.parse(cli('replay', file, '--json', '--lang', 'fr').out);
    expect(json.message).toMatch(new RegExp(`^step ${i + 1} \\(record-footnote by US\\) is refused by the rules: `));
    const englishWhy = (json.message as string).split('is refused by the rules: ')[1]!;
    expect(englishWhy.length).toBeGreaterThan(10);
    expect(line).not.toContain(englishWhy);
    noStack(fr.err);
  });
  it('a tampered final hash: exit 1 naming the last step', () => {
    const replay = recorded();
    replay.final.stateHash = '0'.repeat(64);
    const r = cli('replay', write('tampered-final.json', replay));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`diverges at step ${replay.commands.length}: the state there is not the one recorded`));
  });
  it('a tampered command that the rules refuse: exit 2 naming its step', () => {
    const replay = recorded();
    // A command well into the game, by a seat that may not give it (only the chair records footnotes).
    const i = Math.floor(replay.commands.length / 2);
    replay.commands[i] = { type: 'record-footnote', actor: 'US', paragraph: 'ukraine-war' };
    const file = write('illegal.json', replay);
    const r = cli('replay', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`step ${i + 1} \\(record-footnote by US\\) is refused by the rules`));
    noStack(r.err);
    expect(JSON.parse(cli('replay', file, '--json').out)).toMatchObject({ ok: false, problem: 'refused', step: i + 1 });
  });
  it('a truncated file: exit 2 saying so', () => {
    const text = readFileSync(replayFile, 'utf8');
    const r = cli('replay', write('truncated.json', text.slice(0, Math.floor(text.length / 2))));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/truncated\.json.*invalid JSON/);
    noStack(r.err);
  });
  it('commands missing from the end: exit 2, incomplete', () => {
    const replay = recorded();
    replay.commands.pop();
    const r = cli('replay', write('incomplete.json', replay));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`commands end at step ${replay.commands.length} but its final hash is for step ${replay.commands.length + 1}`));
  });
  it('a file that claims other rules for its scenario: exit 2 naming the hash mismatch', () => {
    const replay = recorded();
    replay.scenario.hash = '0'.repeat(64);
    const r = cli('replay', write('otherscenario.json', replay));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the rules of scenario "new-delhi-fmm-2023" have changed since the file was recorded/);
  });
  it("a scenario whose rules changed: exit 2 naming the rules hash mismatch", () => {
    const s = JSON.parse(readFileSync('scenarios/new-delhi-fmm-2023.json', 'utf8'));
    s.delegations[0].clout += 1;
    const r = cli('replay', replayFile, '--scenario', write('rules-changed.scenario.json', s));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the rules of scenario "new-delhi-fmm-2023" have changed since the file was recorded \(rules hash [0-9a-f]{12}… ≠ [0-9a-f]{12}…\)/);
    noStack(r.err);
  });
  it('a scenario whose texts alone changed (a title, a summary): still verifies, and speaks in the new words', () => {
    const s = JSON.parse(readFileSync('scenarios/new-delhi-fmm-2023.json', 'utf8'));
    s.meta.title = 'G20 Foreign Ministers, retitled for this test';
    s.paragraphs[0].title = 'A paragraph renamed';
    s.paragraphs[0].variants[0].summary = 'A summary reworded.';
    const replay = recorded();
    const r = cli('replay', replayFile, '--scenario', write('texts-changed.scenario.json', s));
    expect(r.code, r.err).toBe(0);
    const k = replay.checkpoints.length;
    expect(r.out).toContain(`verified — ${replay.commands.length} commands, ${k} of ${k} checkpoints compared, final hash matched.`);
    expect(r.out).toContain('G20 Foreign Ministers, retitled for this test');
    expect(r.out).toContain(`State hash ${replay.final.stateHash}.`);
  });
  it('a file of another scenario: exit 2', () => {
    const r = cli('replay', replayFile, '--scenario', 'tutorial');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the file is of scenario "new-delhi-fmm-2023", not "tutorial"/);
  });
  it('another rules version: exit 2 naming both versions', () => {
    const replay = recorded();
    replay.engineVersion = '0.1.0';
    const r = cli('replay', write('oldrules.json', replay));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`recorded with rules version 0\\.1\\.0; this is rules version ${ENGINE_VERSION.replace(/\./g, '\\.')}`));
    noStack(r.err);
  });
  it('an unknown format version: exit 2', () => {
    const replay = recorded();
    replay.format = 99;
    const r = cli('replay', write('future.json', replay));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/format 99 is newer than this version of Communiqué reads \(2\)/);
  });
  it("a format-1 file: refused with exit 2, since it holds only the player's commands", () => {
    const replay = recorded();
    const v1 = {
      format: 1,
      engineVersion: '0.1.0',
      scenario: { id: replay.scenario.id, hash: replay.scenario.hash },
      seed: replay.seed,
      role: replay.role,
      difficulty: replay.difficulty,
      commands: replay.commands.filter((c: { actor: string }) => c.actor === 'IN'),
      checkpoints: replay.checkpoints,
    };
    const r = cli('replay', write('format1.json', v1));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/format-1 file recorded with rules version 0\.1\.0: it holds only the player's commands/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    noStack(r.err);
  });
  it('a malformed command in the file: exit 2 naming where', () => {
    const replay = recorded();
    replay.commands[2] = { type: 'consult', actor: 'US' };
    const r = cli('replay', write('malformed.json', replay));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/commands\[2\]\.target: missing.*\(the command at step 3\)/);
    // In French the same path, the reason and the step in French.
    const fr = cli('replay', write('malformed.json', replay), '--lang', 'fr');
    expect(fr.code).toBe(2);
    expect(fr.err).toMatch(/commands\[2\]\.target: absent.*\(la commande de l’étape 3\)\n$/);
    expect(fr.err).not.toMatch(/missing|the command at/);
    noStack(fr.err);
  });
});

describe('communique batch', () => {
  it('plays N games across worker threads and reports against the record, with progress on stderr', () => {
    const r = cli('batch', '--scenario', 'new-delhi-fmm-2023', '--runs', '12', '--workers', '2', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ scenario: 'new-delhi-fmm-2023', runs: 12 });
    expect(Object.values(report.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(12);
    expect(report.historicalMatch).toBeGreaterThanOrEqual(0);
    expect(report.historicalMatch).toBeLessThanOrEqual(1);
    expect(typeof report.meanScore).toBe('number');
    const war = report.paragraphs.find((p: { id: string }) => p.id === 'ukraine-war');
    expect(war.agreedShare).toBe(0);
    expect(war.dissenters.CN).toBe(12);
    expect(r.err).toMatch(/games \[.*\] 12\/12/);
  });
  it('with --policy skilled, says how often the chair climbed above the record, and where red lines forbid it', () => {
    // Hamburg 2017 ended in a dissociation: a skilled chair can do better, and the share says how often.
    const hamburg = JSON.parse(cli('batch', '--scenario', 'hamburg-leaders-2017', '--runs', '6', '--policy', 'skilled', '--json').out);
    const higher = Object.entries(hamburg.outcomes as Record<string, number>)
      .filter(([kind]) => kind === 'consensus-communique' || kind === 'communique-with-footnotes')
      .reduce((sum, [, n]) => sum + n, 0);
    expect(hamburg.aboveRecord).toBe(higher / 6);
    expect(hamburg.ceiling).toBe('consensus-communique');
    // New Delhi FMM 2023: the Ukraine paragraphs' red lines keep every rung above the Chair's Summary out of reach.
    const delhi = cli('batch', '--scenario', 'new-delhi-fmm-2023', '--runs', '4', '--policy', 'skilled');
    expect(delhi.out).toMatch(/At least one rung above the record \(chair-summary\): 0% — red lines keep every higher rung out of reach/);
    // Rome 2021 reached the top rung: there is nothing above it to count.
    const rome = JSON.parse(cli('batch', '--scenario', 'rome-leaders-2021', '--runs', '2', '--policy', 'skilled', '--json').out);
    expect(rome.aboveRecord).toBeNull();
  });
  it('the same seeds give the same report', () => {
    const a = JSON.parse(cli('batch', '--scenario', 'tutorial', '--runs', '6', '--seed', 'x', '--json').out);
    const b = JSON.parse(cli('batch', '--scenario', 'tutorial', '--runs', '6', '--seed', 'x', '--workers', '1', '--json').out);
    delete a.gamesPerSecond;
    delete b.gamesPerSecond;
    expect(a).toEqual(b);
  });
  it('readable output without --json; bad flags exit 2', () => {
    const r = cli('batch', '--scenario', 'tutorial', '--runs', '4', '--policy', 'skilled');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/role CHAIR, policy skilled/);
    expect(r.out).toMatch(/Mean score: [\d.]+ ± [\d.]+/);
    expect(cli('batch', '--scenario', 'tutorial', '--runs', 'many').err).toMatch(/--runs N, a whole number/);
    expect(cli('batch', '--scenario', 'tutorial', '--runs', '3', '--policy', 'skilled', '--role', 'NOR').out).toMatch(/role NOR, policy skilled/);
    expect(cli('batch', '--scenario', 'tutorial', '--runs', '3', '--policy', 'skilled', '--role', 'OBSERVER').err).toMatch(/plays a seat/);
    expect(cli('batch', '--scenario', 'tutorial', '--runs', '3', '--policy', 'genius').code).toBe(2);
  });
});

describe('communique schema', () => {
  it('the committed scenarios/scenario.schema.json is the one the zod schema writes', () => {
    const r = cli('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8')));
    expect(JSON.parse(r.out).properties.delegations.items.required).toContain('positions');
  });
});

describe('usage', () => {
  it('--help exits 0; an unknown command exits 2', () => {
    expect(cli('--help').code).toBe(0);
    const r = cli('negotiate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^communique: unknown command "negotiate"/);
  });
});
