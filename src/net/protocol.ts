// The classroom wire protocol shared by the server and its clients: the messages each side sends,
// their zod schemas (every incoming message is checked against one), and the join-code format.
import { z } from 'zod';
import { CommandSchema, type Command, type RefusalCode } from '../domain/commands.ts';
import { DelegationIdSchema } from '../domain/scenario-schema.ts';
import { describeZodIssuePhrase, pathStep, type WordParam, type Words } from '../domain/issues.ts';
import { DIFFICULTIES, type Difficulty } from '../domain/state.ts';
import type { SeatFacts } from '../domain/availability.ts';
import type { MeetingView } from '../domain/view.ts';
import type { OutcomeKind, Scenario } from '../domain/scenario-schema.ts';
import { LANGUAGES } from '../i18n/index.ts';

/** The Colyseus room type every classroom session lives in. */
export const ROOM_NAME = 'classroom';

// ---------------------------------------------------------------------------------------------
// Join codes: 10 symbols of Crockford's base 32 (50 bits), shown as two groups of five.

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

/** A join code as typed by a person ("k7qf2-m9xa0", "K7QF2 M9XA0") in its canonical form, or null. */
export function normalizeCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** The code as projected on the board: "K7QF2-M9XA0". */
export function displayCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const Code = z.string().min(1).max(40).transform((value, ctx) => {
  const code = normalizeCode(value);
  if (!code) {
    ctx.addIssue({ code: 'custom', message: `a join code is ${CODE_LENGTH} letters and digits, such as "K7QF2-M9XA0"` });
    return z.NEVER;
  }
  return code;
});

/**
 * Characters a name may not hold: controls, invisible format characters (zero-width spaces, bidi
 * overrides and isolates such as U+202E, soft hyphens), line separators, private-use and unassigned
 * code points, and the blank letters (Hangul fillers, braille blank) that render as nothing. They let
 * a name pass for another one, or reorder the text around it on the instructor's screen.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0]/u;
/** The joiners some scripts need inside words (Persian, the Indic scripts); allowed only between two letters of such a script. */
const JOINER_IN_WORD = /(?<=[\p{L}\p{M}])[\u200C\u200D](?=\p{L})/gu;
const LATIN_LIKE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Khmer', 'Mongolian', 'Ethiopic', 'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
].map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
/** Scripts that are written together (Unicode UTS #39, "highly restrictive"); any other mix in one word is refused. */
const TOGETHER = [new Set(['Latin', 'Han', 'Hiragana', 'Katakana']), new Set(['Latin', 'Han', 'Bopomofo']), new Set(['Latin', 'Han', 'Hangul'])];

function scriptOf(letter: string): string {
  return SCRIPTS.find(([, re]) => re.test(letter))?.[0] ?? 'Other';
}

/** Why a display name (NFKC-normalised) is refused, or null: hidden characters, or one word in two scripts ("Аna" with a Cyrillic А). */
export function nameProblem(name: string): string | null {
  const joinersAllowed = name.replace(JOINER_IN_WORD, (joiner, offset: number) => (LATIN_LIKE.test(name[offset - 1]!) ? joiner : ''));
  const hidden = HIDDEN.exec(joinersAllowed);
  if (hidden) {
    const cp = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `a display name may not hold invisible or control characters (U+${cp} here); type the name in plain letters`;
  }
  for (const word of name.split(/\s+/)) {
    const scripts = new Set([...word].filter((ch) => /\p{L}/u.test(ch)).map(scriptOf));
    if (scripts.size > 1 && !TOGETHER.some((set) => [...scripts].every((s) => set.has(s)))) {
      const [a, b] = [...scripts];
      return `"${word}" mixes ${a} and ${b} letters, which can pass for another name; write each word in one script`;
    }
  }
  return null;
}

/**
 * A display name: NFKC-normalised (so full-width and compatibility forms become plain letters),
 * nothing hidden or look-alike in it (checked before spaces are collapsed: "\uFEFF" is a space to
 * a regular expression), spaces collapsed, 1–40 characters.
 */
const DisplayName = z
  .string()
  .max(400, 'a display name is at most 40 characters')
  .transform((s) => s.normalize('NFKC').trim())
  .superRefine((name, ctx) => {
    const problem = nameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((s) => s.replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'a display name is needed').max(40, 'a display name is at most 40 characters'));

// ---------------------------------------------------------------------------------------------
// Creating a session (HTTP POST /api/sessions)

/** The longest slot: 14 days, for a session played over days or weeks. */
export const MAX_SLOT_MINUTES = 14 * 24 * 60;

export const CreateSessionSchema = z.strictObject({
  scenario: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a scenario id such as "new-delhi-fmm-2023"'),
  seed: z.string().min(1).max(64).optional(),
  difficulty: z.enum(DIFFICULTIES).default('standard'),
  /** Real minutes each slot lasts before the server closes it; 0 leaves the slots to the instructor. */
  /** Up to 14 days: a slot may last a lesson or run over days (the asynchronous mode). */
  minutesPerSlot: z.number().min(0).max(MAX_SLOT_MINUTES, 'at most 20160 minutes (14 days) a slot').default(10),
  /**
   * Students per delegation, 1 to 4: the delegations are filled one student each, then a second, and
   * so on. In a team one student holds the pen (gives the delegation's commands); the others advise.
   */
  teamSize: z.number().int().min(1).max(4).default(1),
  /**
   * Parallel tables of one class, 1 to 8: as many meetings of the same scenario and seed, one class
   * code for the students (each is seated at the table with the fewest), compared at the end.
   */
  tables: z.number().int().min(1).max(8).default(1),
});
export type CreateSessionRequest = z.input<typeof CreateSessionSchema>;

export interface CreatedSession {
  sessionId: string;
  code: string;
  /** The code as shown to people: "K7QF2-M9XA0". */
  displayCode: string;
  /** Keep it: every instructor action needs it, and it is never shown again. */
  secret: string;
  studentLink: string;
  /** The student link as a QR code, an SVG document to project. */
  qrSvg: string;
  /** The same QR code as a data: URL for an <img>. */
  qrDataUrl: string;
  /**
   * With several tables: each table's own code (its control room, its replay); `code` is then the
   * class code students join with, which seats them at the table with the fewest students.
   */
  tables?: { table: number; code: string; displayCode: string; sessionId: string }[];
}

/** GET /api/sessions/CODE/tables (with the secret): the tables of a class side by side, for the debrief. */
export interface TablesInfo {
  tables: {
    table: number;
    code: string;
    displayCode: string;
    status: SessionStatus;
    students: number;
    step: number;
    /** The outcome as it stands (final once the table's meeting has closed). */
    kind: OutcomeKind;
    /** Share of the weighted text agreed by all, in percent. */
    agreedShare: number;
    /** Paragraphs agreed by all, and settled at all (adopted, footnoted or in the chair's summary), of `paragraphs`. */
    agreed: number;
    settled: number;
    paragraphs: number;
    walkedOut: string[];
  }[];
}

// ---------------------------------------------------------------------------------------------
// Joining the room (Colyseus join options)

/** The language a student's scenario comes in (its page's); English when absent. */
const Lang = z.enum(LANGUAGES).optional();

export const JoinOptionsSchema = z.discriminatedUnion('as', [
  z.strictObject({ as: z.literal('student'), code: Code, name: DisplayName, lang: Lang }),
  /** A student coming back (reload, dropped connection, server restart) with the token it was given. */
  z.strictObject({ as: z.literal('rejoin'), code: Code, token: z.string().min(16).max(128), lang: Lang }),
  z.strictObject({ as: z.literal('instructor'), code: Code, secret: z.string().min(16).max(128) }),
  /** The projector: the instructor's secret opens it, and it gets only what an observer without a delegation sees. */
  z.strictObject({ as: z.literal('projector'), code: Code, secret: z.string().min(16).max(128) }),
]);
export type JoinOptions = z.input<typeof JoinOptionsSchema>;

// ---------------------------------------------------------------------------------------------
// Client → server messages (Colyseus message type → schema)

const RequestId = z.string().min(1).max(64).optional();

/**
 * A student's command, given as its own seat; `expectedStep` is the step of the view it acted on.
 * It is stale, and refused, when the server has since sent that client a newer view.
 */
export const CommandMessageSchema = z.strictObject({
  id: RequestId,
  expectedStep: z.number().int().min(0),
  command: CommandSchema,
  /**
   * An idempotency key the client makes for one command (a random id): the same key from the same
   * student is applied once, on any connection — a command resent after a dropped line is answered
   * with the first one's outcome, not applied again.
   */
  key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an idempotency key of 8 to 64 letters, digits, "-" or "_"').optional(),
});

export const InstructorActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('start') }),
  z.strictObject({ kind: z.literal('pause') }),
  z.strictObject({ kind: z.literal('resume') }),
  z.strictObject({ kind: z.literal('advance-slot') }),
  z.strictObject({ kind: z.literal('end') }),
  z.strictObject({
    kind: z.literal('inject-event'),
    event: z.union([z.string().min(1), z.strictObject({ title: z.string().min(1).max(200), text: z.string().min(1).max(2000) })]),
  }),
  /** Gives a student a delegation (swapping with its holder, if any), or takes the student's seat away (null). */
  z.strictObject({ kind: z.literal('seat'), student: z.string().min(1).max(64), delegation: DelegationIdSchema.nullable() }),
  /** Undoes a delegation's walk-out (a student's, given by mistake, say): it returns to the table. */
  z.strictObject({ kind: z.literal('readmit'), delegation: DelegationIdSchema }),
  /** Gives the pen of the student's delegation to this student: the team's commands are now theirs. */
  z.strictObject({ kind: z.literal('pen'), student: z.string().min(1).max(64) }),
  /** Hands a delegation back to the AI; the student who held it keeps watching without a seat. */
  z.strictObject({ kind: z.literal('seat-to-ai'), delegation: DelegationIdSchema }),
  z.strictObject({ kind: z.literal('replay') }),
  /** Closes the student's connections and revokes its seat token; its delegation goes back to the AI and its name cannot join again. */
  z.strictObject({ kind: z.literal('kick'), student: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('rename'), student: z.string().min(1).max(64), name: DisplayName }),
  /** Revokes the student's seat token (a stolen one stops working at once); the student joins again by name, unless the roster is locked. */
  z.strictObject({ kind: z.literal('revoke-token'), student: z.string().min(1).max(64) }),
  /** A locked roster takes no new names; seat tokens still rejoin. */
  z.strictObject({ kind: z.literal('lock-roster'), locked: z.boolean() }),
  /** Moves the running slot's real-minute deadline (or the paused slot's time left) later (WCAG 2.2.1). */
  z.strictObject({ kind: z.literal('extend-timer'), minutes: z.number().int().min(1).max(60).default(5) }),
]);
export type InstructorAction = z.infer<typeof InstructorActionSchema>;

/** Every instructor message carries the secret: holding the connection alone is not enough. */
export const InstructorMessageSchema = z.strictObject({
  id: RequestId,
  secret: z.string().min(1).max(128),
  expectedStep: z.number().int().min(0).optional(),
  action: InstructorActionSchema,
});

/** Asks for the whole view again (after a gap, or when the client is unsure of its state). */
export const SyncMessageSchema = z.strictObject({ id: RequestId });

export const CLIENT_MESSAGES = {
  command: CommandMessageSchema,
  instructor: InstructorMessageSchema,
  sync: SyncMessageSchema,
} as const;
export type ClientMessageType = keyof typeof CLIENT_MESSAGES;
export type CommandMessage = z.input<typeof CommandMessageSchema>;
export type InstructorMessage = z.input<typeof InstructorMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Server → client messages

export type ErrorCode =
  | 'bad-message'
  | 'unknown-message'
  | 'stale'
  | 'refused'
  | 'not-your-seat'
  | 'no-seat'
  | 'forbidden'
  | 'rate-limited'
  | 'storage'
  | 'not-found'
  /** A student advising its delegation's team gave a command: only the one holding the pen gives them. */
  | 'not-the-pen'
  /** The server failed on this message (a fault, logged there); nothing was changed. */
  | 'internal';

/**
 * A problem as data: a catalogue key (src/i18n/locales/<lang>/classroom.json, "net.…") and its
 * parameters, so a page words it in its own language; `message` beside it is the same in English.
 */
export interface Problem {
  key: string;
  /** Plain values, or more words (a malformed message's field and what it should hold, as src/domain/issues.ts words them). */
  params?: Record<string, WordParam>;
}

/**
 * A join refused over the socket reaches the client as one string (Colyseus carries no more): the
 * English sentence, this separator, then the problem as JSON. The client splits it off (splitProblem).
 */
export const PROBLEM_MARK = '\u001e';

/** A join refusal's English sentence and, when the server sent one, its problem. */
export function splitProblem(text: string): { message: string; problem?: Problem } {
  const at = text.indexOf(PROBLEM_MARK);
  if (at < 0) return { message: text };
  try {
    const problem = JSON.parse(text.slice(at + 1)) as Problem;
    return typeof problem?.key === 'string' ? { message: text.slice(0, at), problem } : { message: text.slice(0, at) };
  } catch {
    return { message: text.slice(0, at) };
  }
}

export interface ErrorMessage {
  /** The request this answers, when it carried an id. */
  id?: string;
  code: ErrorCode;
  /** The engine's reason, when the rules refused the command. */
  refusal?: RefusalCode;
  message: string;
  /** The same problem as data, for a page to word in its language (absent for malformed requests). */
  problem?: Problem;
  /** The step of the latest view sent to this client; a stale client waits for that view, then tries again. */
  step: number;
}

export interface AckMessage {
  id?: string;
  /** The meeting's step after the command. */
  step: number;
}

/** What anyone in the room may know of the scenario: no positions, red lines or motivations. */
export interface ScenarioSummary {
  id: string;
  title: string;
  date: string;
  place: string;
  summary: string;
  chair: string;
  delegations: { id: string; name: string; head: { name: string; title: string }; blocs: string[] }[];
  paragraphs: { id: string; title: string; importance: number; droppable: boolean; variants: { id: string; summary: string; text: string }[] }[];
  schedule: { id: string; title: string; kind: string; slots: { id: string; title: string; minutes: number }[] }[];
  /** The event deck (titles only), for the instructor's inject menu; empty for students. */
  events: { id: string; title: string }[];
}

export type SessionStatus = 'lobby' | 'running' | 'ended';

export interface WelcomeMessage {
  role: 'student' | 'instructor' | 'projector';
  sessionId: string;
  code: string;
  displayCode: string;
  status: SessionStatus;
  difficulty: Difficulty;
  minutesPerSlot: number;
  scenario: ScenarioSummary;
  /** The student's own record (students only). */
  student?: { id: string; name: string; seat: string | null; team: TeamInfo | null };
  /** Keep it (for example in localStorage): joining with it returns this seat after a reload. */
  token?: string;
}

/**
 * A ViewMessage as JSON text. The server writes it with the engine's native JSON.stringify and splices
 * in the tables every client of a session shares (stances, draft), stringified once per change; encoded
 * as an object, the same tables were packed field by field for each of a session's clients, which made
 * the server's busiest moment (a slot closing: every client's new view) its slowest.
 */
export type ViewText = string & { readonly __view?: never };

/** The view message a ViewText holds. */
export function viewMessageOf(text: ViewText): ViewMessage {
  return JSON.parse(text) as ViewMessage;
}

/**
 * The viewer's view of the meeting. `full` replaces what the client holds; otherwise the
 * transcript holds only the entries since the last view, the stance table and draft come as `rows`,
 * and everything else replaces.
 */
export interface ViewMessage {
  full: boolean;
  view: MeetingView;
  /**
   * In a delta: the rows of the stance table and of the draft (by paragraph) that changed since the
   * session's last view, each replacing the client's row; the tables themselves come only in full views.
   */
  rows?: { stances?: MeetingView['stances']; draft?: MeetingView['draft'] };
  /**
   * For a seated student: the two facts its view lacks to check its own commands exactly (domain
   * availability.ts); the client runs the engine's rules on them rather than guessing.
   */
  facts?: SeatFacts;
}

/**
 * The scenario as the student's seat may know it (domain public-scenario.ts), in the student's
 * language: sent before the first view, and again before a view whenever it grows (a consultation,
 * an event breaking, a new seat, the close). A student's page draws from this and fetches no scenario.
 */
export interface ScenarioMessage {
  scenario: Scenario;
}

/**
 * What a student's seat learnt since its scenario was sent — the positions it consulted (and, the
 * first time it talks with a delegation, what moves it), the events that broke — merged into the
 * scenario it holds: a few hundred bytes instead of the whole projection again.
 */
export interface LearntMessage {
  positions: { delegation: string; paragraph: string; position: Scenario['delegations'][number]['positions'][string] }[];
  motivations: { delegation: string; motivations: Scenario['delegations'][number]['motivations'] }[];
  /** Events that broke since: as the room knows them (no effects). */
  events: Scenario['events'];
}

/**
 * The slot timer as a student sees it: when the running slot closes (epoch ms), or how long is left
 * while paused. Sent when it changes; in a session played over days, it is the deadline to act by.
 */
export interface TimerMessage {
  running: boolean;
  deadline: number | null;
  remainingMs: number | null;
  minutesPerSlot: number;
}

/** A student's seat or team changed (the instructor reassigned it, or passed the pen); a full view follows a new seat. */
export interface SeatMessage {
  seat: string | null;
  team: TeamInfo | null;
}

/** The team a seated student is in: who plays the delegation with it, and who holds the pen. */
export interface TeamInfo {
  /** Whether this student holds the pen: its commands are the delegation's. */
  pen: boolean;
  /** The pen holder's name. */
  holder: string;
  /** Everyone in the team, the pen holder included, by name. */
  members: string[];
}

export interface StudentActivity {
  id: string;
  name: string;
  seat: string | null;
  connected: boolean;
  /** Whether the student holds its delegation's pen (always, alone on a seat). */
  pen: boolean;
  /** "revoked": its seat token no longer works (it may join again by name); "kicked": removed by the instructor. */
  token: 'valid' | 'revoked' | 'kicked';
  commands: number;
  /** Milliseconds since the epoch of the student's last command or join. */
  lastActiveAt: number;
}

/** The instructor's control room, sent (at most four times a second) as the session changes. */
export interface ControlMessage {
  status: SessionStatus;
  step: number;
  students: StudentActivity[];
  /** Seats the engine plays for students now (the others are the AI's). */
  humanSeats: string[];
  clock: { session: number; slot: number; sessionTitle: string | null; slotTitle: string | null };
  /** The slot timer: when it will close the slot (epoch ms), or how long is left while paused. */
  timer: TimerMessage;
  /** heatMap[paragraph][delegation]: the stance last voiced. */
  heatMap: Record<string, Record<string, string>>;
  /** Who keeps each open paragraph from consensus. */
  blocking: { paragraph: string; block: string[]; object: string[] }[];
  /** No new names join while the roster is locked; seat tokens still rejoin. */
  rosterLocked: boolean;
}

/** What the projector shows beside its (observer's) view: public facts only — no students, no private records. */
export interface BoardMessage {
  status: SessionStatus;
  clock: ControlMessage['clock'];
  timer: ControlMessage['timer'];
  /** heatMap[paragraph][delegation]: the stance last voiced in the room (public). */
  heatMap: Record<string, Record<string, string>>;
  students: number;
}

/** One scenario as GET /api/scenarios lists it for the session-creation form: its words, no rules data. */
export interface ScenarioEntryInfo {
  id: string;
  title: string;
  place: string;
  date: string;
  delegations: number;
  paragraphs: number;
}

/** GET /api/scenarios: the ids (its first answer, kept for the programs that read it) and each one's entry. */
export interface ScenarioList {
  scenarios: string[];
  entries: ScenarioEntryInfo[];
}

/** GET /api/sessions/CODE/instructor (with the secret): what reopening the control room or the projector needs. */
export interface InstructorSessionInfo {
  sessionId: string;
  code: string;
  displayCode: string;
  scenario: string;
  status: SessionStatus;
  studentLink: string;
  qrSvg: string;
  qrDataUrl: string;
  /** With several tables: each table's own code (as in CreatedSession). */
  tables?: CreatedSession['tables'];
}
// The private bilateral messages reach the instructor in its view's transcript (kind "message",
// actor → target): the instructor's view holds every entry, so they are not repeated here.


export interface ServerMessages {
  welcome: WelcomeMessage;
  /** A view travels as its JSON text (viewMessageOf reads it): see ViewText. */
  view: ViewText;
  ack: AckMessage;
  error: ErrorMessage;
  seat: SeatMessage;
  scenario: ScenarioMessage;
  learnt: LearntMessage;
  timer: TimerMessage;
  control: ControlMessage;
  board: BoardMessage;
  /** The instructor renamed this student. */
  renamed: { name: string };
  replay: { id?: string; replay: unknown };
}

/**
 * First problem of a failed parse, as "where: what", on one line: `options.seat: expected string, got
 * number`. Given the parsed `input` (and its schema), the actual value is named too (`got number 5`) and
 * a missing field is told apart from a wrong one; zod itself keeps neither.
 */
export function describeIssue(error: z.ZodError, root: string, input?: { input: unknown; schema?: z.ZodType }): string {
  return describeIssueWords(error, root, input).message;
}

/** The same sentence with its problem (key net.bad-field), for a page to word in its language. */
export function describeIssueWords(error: z.ZodError, root: string, input?: { input: unknown; schema?: z.ZodType }): { message: string; problem: Problem } {
  const issue = error.issues[0]!;
  const where = issue.path.length ? `${root}${issue.path.map((key) => pathStep(key)).join('')}` : root;
  const described = describeZodIssuePhrase(issue, input);
  const words: Words = described.words ?? { key: 'scenario-problem.as-written', params: { text: described.text } };
  return { message: `${where}: ${described.text}`, problem: { key: 'net.bad-field', params: { where, issue: words } } };
}

export type { Command };
