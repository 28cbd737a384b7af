// The scenario format: one zod schema that is the single source of truth for scenario files, their
// TypeScript types and the JSON Schema written to scenarios/scenario.schema.json.
import { z } from 'zod';

/** The scenario format version this engine reads. */
export const SCENARIO_FORMAT = 2;

const Id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case id such as "ukraine-war"');
/** ISO 3166 alpha-2 in capitals, or `EU` for the Union, or another two-to-four capital-letter code (e.g. `AU`). */
export const DelegationIdSchema = z.string().regex(/^[A-Z]{2,4}$/, 'a delegation id in capitals such as "IN" or "EU"');
const Int = (min: number, max: number) => z.number().int('an integer').min(min).max(max);

export const SourceSchema = z.strictObject({
  id: Id.describe('Cited by positions, variants and events.'),
  title: z.string().min(1),
  url: z.string().url().optional(),
  note: z.string().optional(),
});

export const ApproachSchema = z.enum(['principle', 'interest', 'reciprocity', 'bloc-pressure']);

export const PositionSchema = z.strictObject({
  utilities: z
    .record(z.string(), Int(-100, 100))
    .describe('Utility of each variant id (and of "dropped" when the paragraph may be dropped), -100..100.'),
  salience: Int(0, 100).describe('How much the delegation cares about this paragraph, 0..100.'),
  redLines: z.array(z.string()).default([]).describe('Variant ids (or "dropped") this delegation blocks whatever happens.'),
  reason: z.string().min(1).describe('The position in one plain sentence, shown once consulted.'),
  source: Id.describe('Id of the source in meta.sources that grounds this position.'),
});

/** How a delegation is represented in a session: by its principal, a deputy, by video, or not at all. */
export const PresenceSchema = z.enum(['principal', 'deputy', 'video', 'absent']);

const SlotRef = z.strictObject({ session: Id, slot: Id });

export const AttendanceSchema = z
  .strictObject({
    default: PresenceSchema.default('principal').describe('How it attends every session not named in `sessions`.'),
    sessions: z.record(Id, PresenceSchema).default({}).describe('Session id → how it attends that session.'),
    arrives: SlotRef.optional().describe('A late arrival: it joins the table at the start of this slot.'),
    departs: SlotRef.optional().describe('A scheduled departure (not dissent): it leaves the table after this slot.'),
    carriedBy: DelegationIdSchema.optional().describe(
      'An ally that carries its instructions while it is away: the ally blocks every wording this member red-lines. Absent, the member itself dissents from nothing.',
    ),
  })
  .describe('Who represents the delegation, session by session; absent and departed members hold no stance and dissent from nothing.');

/** Who leads a delegation: a minister, a leader, a governor. */
export const HeadSchema = z.strictObject({ name: z.string().min(1), title: z.string().min(1) });

export const DelegationSchema = z.strictObject({
  id: DelegationIdSchema,
  name: z.string().min(1),
  head: HeadSchema,
  coHead: HeadSchema.optional().describe(
    'A second principal of equal rank, as at finance meetings: a central bank governor beside the finance minister. The two speak with one voice; either in the room is the delegation\'s principal.',
  ),
  blocs: z.array(z.string().min(1)),
  clout: Int(1, 100).describe('Weight in the room, 1..100.'),
  broker: Int(0, 100).default(0).describe('Standing and skill as a bridge-builder, 0..100.'),
  affinities: z.record(DelegationIdSchema, Int(-100, 100)).default({}).describe('Warmth towards other delegations, -100..100.'),
  motivations: z
    .strictObject({ principle: Int(0, 100), interest: Int(0, 100), reciprocity: Int(0, 100), 'bloc-pressure': Int(0, 100) })
    .describe('How receptive the delegation is to each lobbying approach, 0..100.'),
  positions: z.record(Id, PositionSchema),
  member: z
    .boolean()
    .default(true)
    .describe('false for a guest (an invited country, the UN, the IMF): it speaks and may broker, but never blocks consensus.'),
  attendance: AttendanceSchema.optional(),
  note: z.string().optional(),
});

export const VariantSchema = z.strictObject({
  id: Id,
  summary: z.string().min(1).describe('One line.'),
  text: z.string().min(1).describe('The full wording, in our own words.'),
  source: Id.optional(),
});

export const ParagraphSchema = z.strictObject({
  id: Id,
  title: z.string().min(1),
  importance: Int(1, 5).describe('Weight of the paragraph in scores and in the agreed share, 1..5.'),
  droppable: z.boolean(),
  variants: z.array(VariantSchema).min(1).describe('The ladder of wordings, strongest first.'),
  initialVariant: Id.optional().describe('The presidency\'s first draft; the strongest variant when absent.'),
  source: Id.optional(),
});

export const SlotSchema = z.strictObject({
  id: Id,
  title: z.string().min(1),
  minutes: Int(10, 600).describe('Minutes each delegation has in this slot.'),
});

export const SessionSchema = z.strictObject({
  id: Id,
  title: z.string().min(1),
  kind: z.enum(['informal', 'working', 'final-reading']).describe(
    'informal: talks only, no text is tabled; working: drafting and adoption; final-reading: adoption, footnotes and the chair\'s summary.',
  ),
  level: z
    .enum(['principals', 'deputies'])
    .default('principals')
    .describe('principals: ministers or leaders (only a principal walks out); deputies: sherpas or senior officials.'),
  slots: z.array(SlotSchema).min(1),
});

export const EventEffectSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('flexibility'),
    delegations: z.union([z.literal('all'), z.array(DelegationIdSchema)]),
    paragraphs: z.union([z.literal('all'), z.array(Id)]),
    delta: Int(-50, 50),
  }),
  z.strictObject({
    kind: z.literal('trust'),
    from: z.union([z.literal('all'), z.array(DelegationIdSchema)]),
    to: z.union([z.literal('all'), z.array(DelegationIdSchema)]),
    delta: Int(-50, 50),
  }),
  z.strictObject({ kind: z.literal('clout'), delegation: DelegationIdSchema, delta: Int(-50, 50) }),
  z.strictObject({ kind: z.literal('walk-out'), delegation: DelegationIdSchema }).describe('A provoked walk-out: it leaves in protest (dissent), if its principal is in the room.'),
  z.strictObject({ kind: z.literal('depart'), delegation: DelegationIdSchema }).describe('A departure that is not dissent (a minister flying home).'),
  z.strictObject({ kind: z.literal('arrive'), delegation: DelegationIdSchema }).describe('A delegation joins the table.'),
  z.strictObject({ kind: z.literal('statement'), delegation: DelegationIdSchema, paragraph: Id.optional() }).describe('A national statement on the record.'),
  z.strictObject({ kind: z.literal('reopen'), paragraph: Id }).describe('An adopted paragraph is opened again.'),
]);

export const EventCardSchema = z.strictObject({
  id: Id,
  title: z.string().min(1),
  text: z.string().min(1).describe('What happened, in our own words.'),
  source: Id,
  at: z
    .strictObject({ session: Id, slot: Id })
    .optional()
    .describe('A scheduled event, dealt at the start of that slot; without it the event may be drawn at random.'),
  weight: Int(0, 100).default(10).describe('Relative chance of being drawn when unscheduled.'),
  effects: z.array(EventEffectSchema),
});

export const OutcomeKindSchema = z.enum([
  'consensus-communique',
  'communique-with-footnotes',
  'outcome-with-dissociation',
  'chair-summary',
  'chair-statement',
  'collapse',
]);

export const HistoricalSchema = z.strictObject({
  outcome: OutcomeKindSchema,
  summary: z.string().min(1),
  source: Id,
  paragraphs: z.array(
    z.strictObject({
      id: Id,
      adoptedVariant: z.string().nullable().describe('A variant id, "dropped", or null when no text was adopted.'),
      agreedByAll: z.boolean(),
      dissenters: z.array(DelegationIdSchema).describe('Members that kept it from the joint text.'),
      footnoted: z.array(DelegationIdSchema).default([]).describe('Members that joined but had a divergent view footnoted.'),
      dissociating: z.array(DelegationIdSchema).default([]).describe('Members that let the others adopt it and dissociated.'),
    }),
  ),
  walkedOut: z.array(DelegationIdSchema).default([]).describe('Members that walked out in protest.'),
  departed: z.array(DelegationIdSchema).default([]).describe('Members that left on schedule or never came (not dissent).'),
});

export const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(SCENARIO_FORMAT),
  meta: z.strictObject({
    id: Id,
    title: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
    place: z.string().min(1),
    summary: z.string().min(1),
    difficulty: z.enum(['introductory', 'intermediate', 'advanced']).default('intermediate'),
    fictional: z.boolean().default(false),
    sources: z.array(SourceSchema).min(1),
  }),
  presidency: z.strictObject({
    chair: DelegationIdSchema,
    troika: z.array(DelegationIdSchema),
    intent: z
      .strictObject({
        resolve: z.enum(['assent', 'keep-text']).describe('assent: trades text for everyone\'s assent; keep-text: keeps its text and lets a few holdouts dissociate.'),
        planned: z.enum(['negotiated-text', 'chair-summary', 'chair-statement']).describe('The outcome the presidency means to reach.'),
        adoption: z.enum(['close', 'early']).describe('When the text is adopted: at the close, or early.'),
      })
      .describe("The presidency's intent, from the record."),
  }),
  delegations: z.array(DelegationSchema).min(2).describe('In the scenario\'s canonical order: every loop follows it.'),
  paragraphs: z.array(ParagraphSchema).min(1),
  schedule: z.array(SessionSchema).min(1),
  events: z.array(EventCardSchema).default([]),
  historical: HistoricalSchema,
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Delegation = z.infer<typeof DelegationSchema>;

/** A delegation's principals in the order the scenario names them: its head, and a co-head if it has one. */
export function headsOf(d: { head: z.infer<typeof HeadSchema>; coHead?: z.infer<typeof HeadSchema> | undefined }): z.infer<typeof HeadSchema>[] {
  return d.coHead ? [d.head, d.coHead] : [d.head];
}
export type Position = z.infer<typeof PositionSchema>;
export type Paragraph = z.infer<typeof ParagraphSchema>;
export type Variant = z.infer<typeof VariantSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type EventCard = z.infer<typeof EventCardSchema>;
export type EventEffect = z.infer<typeof EventEffectSchema>;
export type Presence = z.infer<typeof PresenceSchema>;
export type Approach = z.infer<typeof ApproachSchema>;
export type OutcomeKind = z.infer<typeof OutcomeKindSchema>;
export type DelegationId = string;
export type ParagraphId = string;
export type VariantId = string;

/** The pseudo-variant that leaves a droppable paragraph out of the text. */
export const DROPPED = 'dropped';
