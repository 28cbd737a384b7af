// The classroom roster: the server's record of who played which seat, from which step to which, when
// they joined and when each of their moves was made — evidence for grading, kept beside the command
// log in a replay. It is not game state and the state hash does not cover it. Times are given to this
// module (the server reads the wall clock); nothing here reads a clock. Also: the per-move CSV of a
// roster, and a replay copy with the private messages' texts withheld.
import { z } from 'zod';
import type { Command } from './commands.ts';
import { actionsOf, csvLine } from './debrief.ts';
import type { LogRecord } from './log.ts';
import type { Scenario } from './scenario-schema.ts';

/** The most students and seat changes a roster may hold; far above any class (the server caps a class well below). */
export const MAX_ROSTER_STUDENTS = 1000;
export const MAX_SEAT_SPELLS = 10_000;
/** As the replay's MAX_COMMANDS: a student cannot have given more commands than the file holds. */
const MAX_MOVES = 200_000;

const Step = z.number().int().min(0);
const Seat = z.string().regex(/^(CHAIR|[A-Z]{2,4})$/, 'a delegation id');
const Iso = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'an ISO time such as 2026-12-01T10:00:00.000Z');

export const RosterSchema = z
  .strictObject({
    /** The record covers the meeting up to this step (a download of a restored room may stop at its last snapshot). */
    through: Step,
    students: z
      .array(
        z.strictObject({
          id: z.string().min(1).max(64),
          name: z.string().min(1).max(80),
          /** When the server registered the student; null when it did not record it (a student restored from an older snapshot). */
          joinedAt: Iso.nullable(),
          /** Each seat held: from the step the server gave it to the step it was taken away (null: still held at `through`). */
          seats: z.array(z.strictObject({ seat: Seat, from: Step, to: Step.nullable() })).max(MAX_SEAT_SPELLS),
          /** Each command the student gave: the step it brought the meeting to, the seat it was given as, and when. */
          moves: z.array(z.strictObject({ step: z.number().int().min(1), seat: Seat, at: Iso })).max(MAX_MOVES),
        }),
      )
      .max(MAX_ROSTER_STUDENTS),
  })
  .describe(
    "The classroom server's record of its students: names, seats by step, join and move times. Evidence beside the command log, written by the server; it is not verified by the game's state hash.",
  );

export type Roster = z.infer<typeof RosterSchema>;
type RosterStudent = Roster['students'][number];

/** The roster as a session keeps it while it runs; the server calls it with the wall-clock time. */
export class RosterBook {
  private readonly students = new Map<string, RosterStudent>();

  /** A book continuing a stored roster (a snapshot's), or an empty one. */
  static from(roster: Roster | undefined): RosterBook {
    const book = new RosterBook();
    for (const s of roster?.students ?? []) book.students.set(s.id, structuredClone(s));
    return book;
  }

  /**
   * Brings the book in line with the students' seats at `step`: a student not yet in it is entered
   * (joined at `at`, null when unknown), a changed seat closes the spell held and opens the new one.
   */
  sync(students: Iterable<{ id: string; name: string; seat: string | null }>, step: number, at: string | null): void {
    for (const st of students) {
      let entry = this.students.get(st.id);
      if (!entry) {
        if (this.students.size >= MAX_ROSTER_STUDENTS) continue;
        entry = { id: st.id, name: st.name, joinedAt: at, seats: [], moves: [] };
        this.students.set(st.id, entry);
      }
      const open = entry.seats.at(-1);
      const current = open && open.to === null ? open.seat : null;
      if (current === st.seat) continue;
      if (open && open.to === null) open.to = step;
      if (st.seat !== null && entry.seats.length < MAX_SEAT_SPELLS) entry.seats.push({ seat: st.seat, from: step, to: null });
    }
  }

  /** The student's command brought the meeting to `step`. */
  move(id: string, seat: string, step: number, at: string): void {
    const entry = this.students.get(id);
    if (entry && entry.moves.length < MAX_MOVES) entry.moves.push({ step, seat, at });
  }

  /** The roster as a replay carries it, up to `through`. */
  toRoster(through: number): Roster {
    return { through, students: [...this.students.values()].map((s) => structuredClone(s)) };
  }
}

// ---------------------------------------------------------------------------------------------
// The per-move CSV

export interface StudentMoveRow {
  student: string;
  seat: string;
  step: number;
  time: string;
  command: string;
  paragraph: string;
  target: string;
  result: string;
}

/** A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe: names are typed by students. */
function safeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * A row per move of every student, in step order: the command from the log of commands, its result
 * from the log records of that step (the first record of the command's own actor).
 */
export function studentMoves(scenario: Scenario, roster: Roster, commands: readonly Command[], log: readonly LogRecord[]): StudentMoveRow[] {
  const actions = actionsOf(scenario, log);
  const byStep = new Map<number, typeof actions>();
  for (const a of actions) {
    const list = byStep.get(a.step);
    if (list) list.push(a);
    else byStep.set(a.step, [a]);
  }
  const rows: StudentMoveRow[] = [];
  for (const s of roster.students) {
    for (const m of s.moves) {
      const command = commands[m.step - 1];
      const own = byStep.get(m.step)?.find((a) => a.actor === m.seat) ?? byStep.get(m.step)?.[0];
      const c = command as (Command & { paragraph?: string; target?: string }) | undefined;
      rows.push({
        student: s.name,
        seat: m.seat,
        step: m.step,
        time: m.at,
        command: command?.type ?? '(not in the log)',
        paragraph: c?.paragraph ?? own?.paragraph ?? '',
        target: c?.target ?? own?.target ?? '',
        result: own?.result ?? '',
      });
    }
  }
  return rows.sort((a, b) => a.step - b.step);
}

export function studentMovesCsv(rows: readonly StudentMoveRow[]): string {
  const lines = [csvLine(['student', 'seat', 'step', 'time', 'command', 'paragraph', 'target', 'result'])];
  for (const r of rows) lines.push(csvLine([safeCell(r.student), r.seat, r.step, r.time, r.command, r.paragraph, r.target, r.result]));
  return `${lines.join('\n')}\n`;
}

/** A row per student: seats held, join time, number of moves. */
export function studentsCsv(roster: Roster): string {
  const lines = [csvLine(['student', 'joined', 'seats', 'moves'])];
  for (const s of roster.students) {
    const seats = s.seats.map((x) => `${x.seat} ${x.from}-${x.to ?? roster.through}`).join('; ');
    lines.push(csvLine([safeCell(s.name), s.joinedAt ?? '', seats, s.moves.length]));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The copy without private messages

export const WITHHELD_TEXT = '[withheld]';

/**
 * A copy of a replay with every private bilateral message's text replaced by "[withheld]". The state
 * hash binds message texts, so such a copy cannot be verified, and it says so: `withheld` names how
 * many texts are missing, and verifying it is refused with that reason. It is for reading (who spoke
 * to whom and when, every other command, the roster); the teacher keeps the original, which verifies.
 */
export function withholdMessages<T extends { commands: Command[]; withheld?: { messages: number; note: string } }>(replay: T): T {
  let messages = replay.withheld?.messages ?? 0;
  const commands = replay.commands.map((c) => {
    if (c.type !== 'message' || c.text === WITHHELD_TEXT) return c;
    messages += 1;
    return { ...c, text: WITHHELD_TEXT };
  });
  return {
    ...replay,
    commands,
    withheld: {
      messages,
      note: `this copy withholds ${messages} private message texts, so it cannot be verified; the teacher keeps the original`,
    },
  };
}
