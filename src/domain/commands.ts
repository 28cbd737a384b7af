// The commands a seat can give — the only way the meeting's state changes — with their time costs
// and the typed reasons a command is refused.
import { z } from 'zod';
import { REASON_CODES } from './log.ts';
import { ApproachSchema, DelegationIdSchema } from './scenario-schema.ts';
import type { Words } from './issues.ts';

const Seat = DelegationIdSchema;
const Key = z.string().min(1).max(80);
/**
 * Why a seat chose its command, as a code with parameters (never prose): the AI's and scripted seats'
 * commands carry one, so a replay shows their reasons without running the AI again.
 */
export const ReasonSchema = z.strictObject({
  code: z.enum(REASON_CODES),
  delegations: z.array(Seat).max(30).optional(),
  paragraph: Key.optional(),
  variant: Key.optional(),
  count: z.number().int().min(0).max(10_000).optional(),
  chance: z.number().int().min(0).max(100).optional(),
  bloc: Key.optional(),
});
const reason = ReasonSchema.optional();
/** Instructor commands name their actor; anyone but the instructor is refused by the rules, with a reason. */
const InstructorActor = z.union([z.literal('INSTRUCTOR'), DelegationIdSchema]);
const ParagraphRef = z.string().min(1);

/** The shape of every command, used to check commands that arrive from files or the network. */
export const CommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('consult'), actor: Seat, target: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('lobby'), actor: Seat, target: Seat, paragraph: ParagraphRef, approach: ApproachSchema, reason }),
  z.strictObject({ type: z.literal('propose'), actor: Seat, paragraph: ParagraphRef, variant: z.string().min(1), reason }),
  z.strictObject({ type: z.literal('offer-linkage'), actor: Seat, target: Seat, give: ParagraphRef, get: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('enlist-broker'), actor: Seat, broker: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('bracket'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('unbracket'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('call-adoption'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('record-footnote'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('move-to-chair-summary'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('walk-out'), actor: Seat, reason }),
  z.strictObject({ type: z.literal('dissociate'), actor: Seat, paragraph: ParagraphRef, reason }),
  z.strictObject({ type: z.literal('answer-offer'), actor: Seat, offer: z.number().int().min(0), accept: z.boolean(), reason }),
  z.strictObject({ type: z.literal('end-slot'), actor: Seat, reason }),
  z.strictObject({ type: z.literal('message'), actor: Seat, target: Seat, text: z.string().min(1).max(2000) }),
  z.strictObject({ type: z.literal('advance-slot'), actor: InstructorActor }),
  z.strictObject({ type: z.literal('assign-seat'), actor: InstructorActor, delegation: Seat, to: z.enum(['human', 'ai']) }),
  z.strictObject({ type: z.literal('adjourn'), actor: InstructorActor }),
  /** Undoes a walk-out: the delegation returns to the table, its protest withdrawn (a walk-out given by mistake, say). */
  z.strictObject({ type: z.literal('readmit'), actor: InstructorActor, delegation: Seat }),
  z.strictObject({ type: z.literal('pause'), actor: InstructorActor }),
  z.strictObject({ type: z.literal('resume'), actor: InstructorActor }),
  z.strictObject({
    type: z.literal('inject-event'),
    actor: InstructorActor,
    event: z.union([
      z.string().min(1),
      z.strictObject({ title: z.string().min(1).max(200), text: z.string().min(1).max(2000) }),
    ]),
  }),
]);

export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];

/** Minutes of the actor's slot each command takes. */
export const COMMAND_MINUTES: Record<CommandType, number> = {
  consult: 10,
  lobby: 15,
  propose: 5,
  'offer-linkage': 15,
  'enlist-broker': 10,
  bracket: 5,
  unbracket: 5,
  'call-adoption': 5,
  'record-footnote': 5,
  'move-to-chair-summary': 5,
  'walk-out': 0,
  dissociate: 5,
  'answer-offer': 0,
  'end-slot': 0,
  message: 0,
  'advance-slot': 0,
  'assign-seat': 0,
  adjourn: 0,
  readmit: 0,
  pause: 0,
  resume: 0,
  'inject-event': 0,
};

/** Why a command was refused; the code is for programs, the message for people. */
export type RefusalCode =
  | 'meeting-closed'
  | 'meeting-paused'
  | 'not-paused'
  | 'unknown-delegation'
  | 'unknown-paragraph'
  | 'unknown-variant'
  | 'unknown-event'
  | 'not-your-seat'
  | 'chair-only'
  | 'instructor-only'
  | 'not-in-this-session'
  | 'no-time-left'
  | 'paragraph-settled'
  | 'same-delegation'
  | 'already-so'
  | 'walked-out'
  | 'no-adoption-tried'
  | 'no-dissent'
  | 'too-many-dissenters'
  | 'slot-already-ended'
  | 'not-your-turn'
  | 'slot-closing'
  | 'too-many-messages'
  | 'internal-fault'
  | 'unknown-offer'
  | 'not-withholding'
  | 'guest'
  | 'malformed-command';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** The refusal's own sentence as words, where its code alone says too little (a malformed command's field). */
  problem?: Words;
}

export function refusal(code: RefusalCode, message: string, problem?: Words): Refusal {
  return problem ? { code, message, problem } : { code, message };
}

/** Commands only the instructor may give. */
export const INSTRUCTOR_ONLY: ReadonlySet<CommandType> = new Set(['advance-slot', 'pause', 'resume', 'inject-event', 'assign-seat', 'adjourn', 'readmit']);
/** Commands only the chair may give. */
export const CHAIR_ONLY: ReadonlySet<CommandType> = new Set(['record-footnote', 'move-to-chair-summary']);
/** Commands that need a session where text is on the table. */
export const DRAFTING: ReadonlySet<CommandType> = new Set(['propose', 'bracket', 'unbracket', 'call-adoption', 'dissociate']);
/** Commands that belong to the final reading. */
export const FINAL_READING_ONLY: ReadonlySet<CommandType> = new Set(['record-footnote', 'move-to-chair-summary']);

/**
 * A command as one line of text with every field in a fixed order (absent ones as null), for hashing
 * the log: the same command always gives the same text, whatever the order its object was built in.
 */
export function commandText(c: Command): string {
  const f = c as Partial<Record<string, unknown>>;
  const r = f.reason as Partial<Record<string, unknown>> | undefined;
  const event = f.event;
  // Written out field by field, each exactly as JSON.stringify writes it (tested against it): the log
  // is hashed command by command, and a generic serializer spends most of its time on the nulls.
  return `[${json(c.type)},${json(c.actor)},${json(f.target)},${json(f.paragraph)},${json(f.variant)},${json(f.approach)},${json(f.give)},${json(f.get)},${json(f.broker)},${json(f.delegation)},${json(f.to)},${json(f.text)},${json(f.offer)},${json(f.accept)},${
    event === undefined ? 'null' : typeof event === 'string' ? json(event) : `[${json((event as { title: unknown }).title)},${json((event as { text: unknown }).text)}]`
  },${r === undefined ? 'null' : `[${json(r.code)},${json(r.delegations)},${json(r.paragraph)},${json(r.variant)},${json(r.count)},${json(r.chance)},${json(r.bloc)}]`}]`;
}

/** Characters JSON.stringify writes as they are inside quotes: a text of only these needs no escaping. */
const PLAIN_TEXT = /^[A-Za-z0-9 _.:/-]*$/;

/** A value as JSON.stringify writes it inside an array (an absent value as null). */
function json(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return PLAIN_TEXT.test(value) ? `"${value}"` : JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + json(value[i]);
    return `${out}]`;
  }
  return JSON.stringify(value) ?? 'null';
}
