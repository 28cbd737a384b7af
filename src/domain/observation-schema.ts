// The zod schema of a seat's observation as data (`Observation.toJSON()`), from which
// docs/observation.schema.json is written for programs that play a seat (docs/seats.md).
import { z } from 'zod';
import type { StanceCode } from './log.ts';
import type { ObservationJson } from './observation.ts';
import { ApproachSchema, DelegationIdSchema, SessionSchema } from './scenario-schema.ts';

// Strict objects throughout: a field added to `toJSON()` without being added here fails the test that
// validates real observations (tests/agents.test.ts), so the published schema cannot fall behind.
const Seat = DelegationIdSchema;
const Key = z.string().min(1);
const Int = z.number().int();
const Scale = (min: number, max: number) => Int.min(min).max(max);

export const StanceSchema = z.enum(['support', 'accept', 'reserve', 'object', 'block']).describe('A stance on the text on the table, best to worst.');

const Motivations = z
  .strictObject({ principle: Scale(0, 100), interest: Scale(0, 100), reciprocity: Scale(0, 100), 'bloc-pressure': Scale(0, 100) })
  .describe('How receptive a delegation is to each lobbying approach, 0..100.');

const Position = z.strictObject({
  utilities: z.record(Key, Scale(-100, 100)).describe('Utility of each variant id (and of "dropped" when the paragraph may be dropped), -100..100.'),
  salience: Scale(0, 100).describe('How much the delegation cares about the paragraph, 0..100.'),
  redLines: z.array(Key).describe('Variant ids (or "dropped") the delegation blocks whatever happens.'),
});

const Draft = z.strictObject({
  variant: Key.describe('The wording on the table: a variant id, or "dropped".'),
  status: z.enum(['open', 'adopted', 'footnoted', 'chair-summary']),
  brackets: z.array(Seat).describe('Delegations holding explicit brackets, in scenario order.'),
  reservations: z.array(Seat).describe('Delegations whose divergent view is footnoted although they joined consensus.'),
  dissenters: z.array(Seat).describe('Delegations that kept the paragraph from consensus at the last adoption attempt or footnote.'),
  dissociated: z.array(Seat).describe('Members that let the others adopt the wording on the table and dissociate from it.'),
  amendments: z
    .array(z.strictObject({ by: Seat, variant: Key, step: Int.min(0) }))
    .describe('Wordings tabled by delegations for the chair to take up.'),
  attempts: Int.min(0).describe('Adoption attempts so far.'),
  settledSlot: Int.min(0).nullable().describe('The absolute slot in which the paragraph was settled, or null while open.'),
});

/** The observation a program playing a seat receives, exactly as `Observation.toJSON()` writes it. */
export const ObservationJsonSchema = z
  .strictObject({
    seat: Seat.describe('The seat you play.'),
    chair: Seat.describe('The chair\'s delegation: only it tables text, records footnotes and moves paragraphs to its summary.'),
    step: Int.min(0).describe('Commands applied so far; it does not move when a command of yours is refused.'),
    clock: z.strictObject({
      session: Int.min(0).describe('Index of the session in the programme.'),
      slot: Int.min(0).describe('Index of the slot in the session.'),
      sessionId: Key,
      kind: SessionSchema.shape.kind,
      brokerRound: z.boolean().describe('Whether the closing turns have reached the brokers\' round.'),
    }),
    minutesLeft: Int.min(0).describe('Minutes you have left in this slot; each command costs some (docs/seats.md).'),
    me: z
      .strictObject({
        id: Seat,
        blocs: z.array(Key),
        clout: Scale(1, 100),
        broker: Scale(0, 100).describe('Your standing as a bridge-builder.'),
        affinities: z.record(Seat, Scale(-100, 100)).describe('Your warmth towards other delegations, from your instructions.'),
        motivations: Motivations,
        positions: z.record(Key, Position).describe('Your own position on every paragraph, by paragraph id.'),
        trust: z.record(Seat, Scale(-100, 100)).describe('Your trust in other delegations now, -100..100.'),
        flex: z.record(Key, Scale(-100, 100)).describe('Flexibility you have gained on a paragraph (added to your utilities).'),
        done: z.array(Key).describe('Actions you took this slot, such as "consult:US:climate", "lobby:CN:ukraine-war", "propose:climate:mid-century".'),
      })
      .describe('Your own delegation and instructions, all of which you know.'),
    delegations: z
      .array(
        z.strictObject({
          id: Seat,
          name: Key,
          blocs: z.array(Key),
          clout: Scale(1, 100).describe('Weight in the room now (events move it).'),
          broker: Scale(0, 100),
          member: z.boolean().describe('False for a guest, which speaks and may broker but never blocks consensus.'),
          present: z.boolean().describe('False while the delegation is not at the table: walked out, absent or gone home.'),
          human: z.boolean().describe('Whether it is a player\'s seat, acting while the slot is open (the --role seat, a student\'s); the other seats act in the closing turns.'),
        }),
      )
      .describe('Every delegation, in scenario order, as the room knows it.'),
    paragraphs: z
      .array(
        z.strictObject({
          id: Key,
          importance: Scale(1, 5),
          droppable: z.boolean(),
          variants: z.array(Key).describe('The wordings, strongest first, then "dropped" when the paragraph may be dropped.'),
          draft: Draft,
          stances: z.record(Seat, StanceSchema).describe('The stance each delegation voiced on the text on the table.'),
          reactions: z
            .record(Key, z.record(Seat, StanceSchema))
            .describe('By variant: who withheld consensus, and how, when that wording was last on the table.'),
        }),
      )
      .describe('Every paragraph of the draft, in scenario order.'),
    known: z.record(Seat, z.record(Key, Position)).describe('Positions of other delegations you learnt by consulting them, by delegation and paragraph.'),
    motives: z.record(Seat, Motivations).describe('Motivations of the delegations you have consulted on anything.'),
    brokers: z
      .array(
        z.strictObject({
          broker: Seat,
          paragraph: Key,
          for: Seat.describe('The delegation that enlisted the broker.'),
          until: Int.min(0).describe('The absolute slot after which the mandate lapses.'),
        }),
      )
      .describe('Broker mandates given so far.'),
    linkages: z
      .array(
        z.strictObject({
          from: Seat,
          to: Seat,
          give: Key.describe('The paragraph on which `from` showed flexibility.'),
          get: Key.describe('The paragraph on which `to` showed flexibility in return.'),
          step: Int.min(0),
        }),
      )
      .describe('Linkages (trades) struck so far, by anyone.'),
    offers: z
      .array(
        z.strictObject({
          id: Int.min(0).describe('The offer\'s id (the step it was made at): answer it with {"type":"answer-offer","offer":id,"accept":true|false}.'),
          what: z.enum(['lobby', 'linkage', 'broker']),
          from: Seat,
          to: Seat,
          paragraph: Key.optional(),
          approach: ApproachSchema.optional(),
          give: Key.optional().describe('For a linkage: the paragraph on which `from` gives ground.'),
          get: Key.optional().describe('For a linkage: the paragraph on which `to` is asked to give ground.'),
          until: Int.min(0).describe('The absolute slot after which it lapses unanswered.'),
        }),
      )
      .describe('Offers to or from this seat waiting for an answer: only a seat played by a person (or a program in its place) receives them.'),
    events: z.array(Key).describe('Ids of the scenario events dealt so far.'),
    walkedOut: z.array(Seat).describe('Delegations that have left the meeting in protest.'),
    away: z.array(Seat).describe('Delegations not at the table without protest: absent from this session, not yet arrived, or gone home.'),
  })
  .describe('What one seat of a Communiqué meeting can see: the message a program playing the seat receives as "observation".');

// The schema and the TypeScript type must describe the same data: each must be assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameObservation: Same<z.output<typeof ObservationJsonSchema>, ObservationJson> = true;
const sameStance: Same<z.output<typeof StanceSchema>, StanceCode> = true;
const sameApproach: Same<z.output<typeof ApproachSchema>, keyof z.output<typeof Motivations>> = true;
void [sameObservation, sameStance, sameApproach];
