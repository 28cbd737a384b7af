// The classroom roster as evidence: the book the server keeps, the per-move CSV read from the log, the
// roster in the replay file (not covered by the state hash), and the copy with private messages withheld.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Command } from '../src/domain/commands.ts';
import { RosterBook, studentMoves, studentMovesCsv, studentsCsv, withholdMessages, WITHHELD_TEXT } from '../src/domain/roster.ts';
import { INSTRUCTOR } from '../src/domain/state.ts';
import { Meeting } from '../src/engine/meeting.ts';
import { readReplay, replayOf, verifyReplay } from '../src/engine/replay.ts';
import { scenario } from './helpers.ts';

const nd = scenario('new-delhi-fmm-2023');
const dir = mkdtempSync(join(tmpdir(), 'communique-roster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = (s: number) => new Date(Date.UTC(2026, 11, 1, 10, 0, s)).toISOString();

/** A small classroom game: Ana plays AR, Ben AU then AR's seat is swapped; a few moves each. */
function smallGame() {
  const meeting = Meeting.open(nd, { seed: 'roster-1', role: 'OBSERVER', difficulty: 'standard' }, { conduct: true });
  const book = new RosterBook();
  const give = (c: Command) => {
    const step = meeting.state.step + 1;
    const r = meeting.send(c);
    if (!r.ok) throw new Error(`${c.type}: ${r.refusal.message}`);
    return step;
  };
  const students = [
    { id: 's1', name: 'Ana', seat: 'AR' as string | null },
    { id: 's2', name: '=Ben', seat: 'AU' as string | null },
  ];
  give({ type: 'pause', actor: INSTRUCTOR });
  book.sync(students, meeting.state.step, T(0));
  give({ type: 'assign-seat', actor: INSTRUCTOR, delegation: 'AR', to: 'human' });
  give({ type: 'assign-seat', actor: INSTRUCTOR, delegation: 'AU', to: 'human' });
  give({ type: 'resume', actor: INSTRUCTOR });
  const paragraph = Object.keys(meeting.state.draft)[0]!;
  let step = give({ type: 'message', actor: 'AR', target: 'CN', text: 'a private word about the climate paragraph' });
  book.move('s1', 'AR', step, T(10));
  step = give({ type: 'consult', actor: 'AU', target: 'CN', paragraph });
  book.move('s2', 'AU', step, T(12));
  // Ben leaves AU for no seat at this step: his spell closes.
  students[1]!.seat = null;
  book.sync(students, meeting.state.step, null);
  step = give({ type: 'message', actor: 'AR', target: 'IN', text: 'and another' });
  book.move('s1', 'AR', step, T(20));
  return { meeting, roster: book.toRoster(meeting.state.step), paragraph };
}

describe('the roster', () => {
  it('records each student once, their seats by step and their moves', () => {
    const { roster } = smallGame();
    expect(roster.students.map((s) => s.name)).toEqual(['Ana', '=Ben']);
    const [ana, ben] = roster.students;
    expect(ana!.joinedAt).toBe(T(0));
    expect(ana!.seats).toEqual([{ seat: 'AR', from: 1, to: null }]);
    expect(ben!.seats).toEqual([{ seat: 'AU', from: 1, to: ben!.moves[0]!.step }]);
    expect(ana!.moves.map((m) => m.at)).toEqual([T(10), T(20)]);
  });

  it('gives a CSV row per move with the command, its paragraph, target and result from the log', () => {
    const { meeting, roster, paragraph } = smallGame();
    const rows = studentMoves(nd, roster, meeting.commands, meeting.log);
    expect(rows.map((r) => [r.student, r.seat, r.command, r.target])).toEqual([
      ['Ana', 'AR', 'message', 'CN'],
      ['=Ben', 'AU', 'consult', 'CN'],
      ['Ana', 'AR', 'message', 'IN'],
    ]);
    expect(rows[1]!.paragraph).toBe(paragraph);
    expect(rows.every((r, i) => i === 0 || r.step > rows[i - 1]!.step)).toBe(true);
    expect(rows.every((r) => meeting.commands[r.step - 1]!.actor === r.seat)).toBe(true);
    const csv = studentMovesCsv(rows).trim().split('\n');
    expect(csv[0]).toBe('student,seat,step,time,command,paragraph,target,result');
    expect(csv).toHaveLength(4);
    // A name a spreadsheet would read as a formula is quoted as text.
    expect(csv[2]!.startsWith("'=Ben,AU,")).toBe(true);
    expect(studentsCsv(roster).trim().split('\n')[2]).toBe(`'=Ben,${T(0)},AU 1-${rows[1]!.step},1`);
  });

  it('rides in the replay beside the log: the file still verifies, and the roster changes no hash', () => {
    const { meeting, roster } = smallGame();
    const plain = replayOf(meeting);
    const withRoster = replayOf(meeting, { roster });
    expect(plain.roster).toBeUndefined();
    expect(withRoster.final).toEqual(plain.final);
    const read = readReplay(JSON.parse(JSON.stringify(withRoster)));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.replay.roster).toEqual(roster);
    expect(verifyReplay(nd, read.replay).ok).toBe(true);
    // Bounded and strict: an unknown field or a malformed time is refused.
    const bad = JSON.parse(JSON.stringify(withRoster));
    bad.roster.students[0].joinedAt = 'yesterday';
    expect(readReplay(bad).ok).toBe(false);
    const extra = JSON.parse(JSON.stringify(withRoster));
    extra.roster.students[0].grade = 'A';
    expect(readReplay(extra).ok).toBe(false);
  });

  it('withholds every private message text in a copy that says it cannot be verified', () => {
    const { meeting, roster } = smallGame();
    const original = replayOf(meeting, { roster });
    const copy = withholdMessages(original);
    const messages = original.commands.filter((c) => c.type === 'message');
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(copy.withheld!.messages).toBe(messages.length);
    expect(copy.commands.filter((c) => c.type === 'message').every((c) => c.type === 'message' && c.text === WITHHELD_TEXT)).toBe(true);
    expect(JSON.stringify(copy)).not.toContain('a private word');
    // Everything else is kept: the same commands in the same order, the roster, the original final hash.
    expect(copy.commands.map((c) => c.type)).toEqual(original.commands.map((c) => c.type));
    expect(copy.final).toEqual(original.final);
    expect(copy.roster).toEqual(roster);
    expect(original.commands.find((c) => c.type === 'message')).toMatchObject({ text: 'a private word about the climate paragraph' });
    const read = readReplay(JSON.parse(JSON.stringify(copy)));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const verified = verifyReplay(nd, read.replay);
    expect(verified.ok).toBe(false);
    expect(!verified.ok && verified.problem.message).toMatch(/withholds \d+ private message texts, so it cannot be verified/);
    // Withholding twice counts the texts once.
    expect(withholdMessages(copy).withheld!.messages).toBe(messages.length);
  });
});

describe('communique debrief --students and --strip-messages', () => {
  it('writes the per-move and per-student CSVs and the withheld copy, which `communique replay` refuses to verify', () => {
    if (!existsSync('dist/cli/communique.js')) throw new Error('build the CLI first: npm run build:cli');
    const { meeting, roster } = smallGame();
    const file = join(dir, 'class.replay.json');
    writeFileSync(file, JSON.stringify(replayOf(meeting, { roster })));
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/communique.js', ...args], { encoding: 'utf8' });
    const copy = join(dir, 'class.stripped.json');
    const r = cli('debrief', file, '--students', join(dir, 'csv'), '--strip-messages', '--out', copy);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const moves = readFileSync(join(dir, 'csv', 'class.moves.csv'), 'utf8').trim().split('\n');
    expect(moves).toHaveLength(4);
    expect(moves[1]).toMatch(/^Ana,AR,\d+,2026-12-01T10:00:10\.000Z,message,,CN,/);
    expect(readFileSync(join(dir, 'csv', 'class.students.csv'), 'utf8')).toContain('Ana,2026-12-01T10:00:00.000Z,AR 1-');
    expect(readFileSync(copy, 'utf8')).not.toContain('a private word');
    expect(cli('replay', file).status).toBe(0);
    const refused = cli('replay', copy);
    expect(refused.status).toBe(2);
    expect(refused.stdout + refused.stderr).toMatch(/withholds 2 private message texts, so it cannot be verified; the teacher keeps the original/);
    // A solo replay has no roster to export.
    const solo = join(dir, 'solo.replay.json');
    writeFileSync(solo, JSON.stringify(replayOf(meeting)));
    const none = cli('debrief', solo, '--students', join(dir, 'csv'));
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/has no roster/);
    expect(cli('debrief', file, '--strip-messages').stderr).toMatch(/needs --out/);
  });
});
