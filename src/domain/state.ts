// The meeting's whole state as plain JSON facts — ids and numbers, never words: the draft, every
// delegation's stance and flexibility, the clock, what each seat has learnt and the random streams.
// The transcript is not here: it is the typed log (log.ts) the engine keeps beside the state.
import { seedStreams, type Streams } from '../rng/index.ts';
import type { StanceCode } from './log.ts';
import type { Approach, DelegationId, ParagraphId, Scenario, VariantId } from './scenario-schema.ts';

export const STANCES = ['support', 'accept', 'reserve', 'object', 'block'] as const satisfies readonly StanceCode[];
/** A delegation's stance on the text on the table, best to worst. */
export type Stance = StanceCode;

export const DIFFICULTIES = ['easy', 'standard', 'hard'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Who the player is: the chair, one delegation, or nobody (every seat on autopilot). */
export type Role = 'CHAIR' | 'OBSERVER' | DelegationId;

/** The instructor (or the clock, in a solo game) acts under this name. */
export const INSTRUCTOR = 'INSTRUCTOR';

export type ParagraphStatus = 'open' | 'adopted' | 'footnoted' | 'chair-summary';

export interface Amendment {
  by: DelegationId;
  variant: VariantId;
  step: number;
}

export interface ParagraphDraft {
  /** The wording on the table: a variant id, or "dropped". */
  variant: VariantId;
  status: ParagraphStatus;
  /** Delegations holding explicit brackets, in scenario order. */
  brackets: DelegationId[];
  /** Delegations whose divergent view is recorded in a footnote although they joined consensus. */
  reservations: DelegationId[];
  /** Delegations that kept the paragraph from consensus at the last adoption attempt or footnote. */
  dissenters: DelegationId[];
  /** Members that let the others adopt the wording on the table and dissociate from it, in scenario order. */
  dissociated: DelegationId[];
  /** Amendments tabled by delegations for the chair to take up. */
  amendments: Amendment[];
  attempts: number;
  /** The absolute slot in which the paragraph was settled (adopted, footnoted or moved to the chair's summary). */
  settledSlot: number | null;
}

export interface Linkage {
  from: DelegationId;
  to: DelegationId;
  /** The paragraph on which `from` showed flexibility. */
  give: ParagraphId;
  /** The paragraph on which `to` showed flexibility in return. */
  get: ParagraphId;
  step: number;
}

/**
 * What another delegation asks of a seat played by a person: to be moved by its lobbying, to strike a
 * linkage, or to broker a paragraph. The person accepts or declines; the AI never decides for them.
 */
export interface Offer {
  /** The step at which it was made: its id. */
  id: number;
  what: 'lobby' | 'linkage' | 'broker';
  from: DelegationId;
  to: DelegationId;
  paragraph?: ParagraphId;
  approach?: Approach;
  give?: ParagraphId;
  get?: ParagraphId;
  /** Absolute slot after which it lapses unanswered. */
  until: number;
}

export interface BrokerMandate {
  broker: DelegationId;
  paragraph: ParagraphId;
  for: DelegationId;
  /** Absolute slot number (0-based across the schedule) after which the mandate lapses. */
  until: number;
}

export interface MeetingState {
  scenario: { id: string; hash: string };
  seed: string;
  role: Role;
  difficulty: Difficulty;
  /** Seats driven by commands (a player or a student); every other delegation is played by the AI. */
  humanSeats: DelegationId[];
  /** Commands applied so far, by every seat (the AI's included: each is one logged command). */
  step: number;
  clock: { session: number; slot: number };
  closed: boolean;
  paused: boolean;
  /** Minutes each delegation still has in the current slot. */
  minutesLeft: Record<DelegationId, number>;
  /** Seats that have ended the current slot, in scenario order. */
  slotEnded: DelegationId[];
  /**
   * The seat whose turn it is while the slot closes: once every person has ended the slot, the AI
   * seats are asked one at a time (the chair first, then the scenario's order, then brokers on their
   * mandates). Null while the slot is open to everyone.
   */
  turn: DelegationId | null;
  /** Whether the closing turns have reached the brokers' round. */
  brokerRound: boolean;
  /** Zero-minute commands (messages) each seat has given this slot: bounded, so a slot always ends. */
  quiet: Record<DelegationId, number>;
  /** Each paragraph's draft, edited in place and never replaced (observation.ts reads them by place). */
  draft: Record<ParagraphId, ParagraphDraft>;
  /** Flexibility gained through lobbying, linkages, brokers and events, added to every variant's utility. */
  flex: Record<DelegationId, Record<ParagraphId, number>>;
  /** trust[a][b]: how far a trusts b, -100..100. */
  trust: Record<DelegationId, Record<DelegationId, number>>;
  clout: Record<DelegationId, number>;
  /** The stance each delegation last voiced; its reason is derived on demand (explainStance). */
  stances: Record<ParagraphId, Record<DelegationId, Stance>>;
  /** What the room showed: reactions[paragraph][variant] holds who withheld consensus, and how, when it was last on the table. */
  reactions: Record<ParagraphId, Record<VariantId, Record<DelegationId, Stance>>>;
  /** known[seat]["TARGET/paragraph"]: the positions a seat has learnt by consultation. */
  known: Record<DelegationId, Record<string, true>>;
  /** lobbied[actor]["TARGET/paragraph"]: how often an actor has lobbied a target on a paragraph (returns diminish). */
  lobbied: Record<DelegationId, Record<string, number>>;
  /**
   * What each seat has done this slot ("lobby:RU:ukraine-war", "adopt:p" …), so an AI does not repeat
   * itself within a slot: a few short keys a seat, so a look-up compares strings and hashes none.
   */
  doneThisSlot: Record<DelegationId, string[]>;
  /** Initiatives each seat has taken this slot. */
  initiatives: Record<DelegationId, number>;
  linkages: Linkage[];
  brokers: BrokerMandate[];
  /** Offers to seats played by people, waiting for their answer. */
  offers: Offer[];
  eventsDealt: string[];
  walkedOut: DelegationId[];
  /** Members not at the table without protest: absent from this session, not yet arrived, or gone home. */
  away: DelegationId[];
  rng: Streams;
  /** How many log records the meeting has written: the log itself lives beside the state. */
  records: number;
}

export interface MeetingConfig {
  seed: string;
  role: Role;
  difficulty: Difficulty;
}

/** The chair's delegation id when the role is CHAIR; the role's delegation otherwise. */
export function seatOfRole(scenario: Scenario, role: Role): DelegationId | null {
  if (role === 'OBSERVER') return null;
  if (role === 'CHAIR') return scenario.presidency.chair;
  return role;
}

/** Whether a delegation sits at the table now: it has neither walked out nor is away. */
export function atTable(state: MeetingState, id: DelegationId): boolean {
  return !state.walkedOut.includes(id) && !state.away.includes(id);
}

/** Whether anyone is missing from the table, for the fast path where everyone is there. */
export function anyoneAway(state: MeetingState): boolean {
  return state.walkedOut.length > 0 || state.away.length > 0;
}

/** Absolute slot number (0-based across the whole schedule). */
export function absoluteSlot(scenario: Scenario, clock: { session: number; slot: number }): number {
  let n = 0;
  for (let i = 0; i < clock.session && i < scenario.schedule.length; i++) n += scenario.schedule[i]!.slots.length;
  return n + clock.slot;
}

export function currentSession(scenario: Scenario, state: MeetingState) {
  return state.closed ? undefined : scenario.schedule[state.clock.session];
}

export function currentSlot(scenario: Scenario, state: MeetingState) {
  return currentSession(scenario, state)?.slots[state.clock.slot];
}

/** A fresh state at the opening of the meeting, before any scheduled event is dealt. */
export function blankState(scenario: Scenario, scenarioHash: string, config: MeetingConfig): MeetingState {
  const seat = seatOfRole(scenario, config.role);
  const draft: Record<ParagraphId, ParagraphDraft> = {};
  for (const p of scenario.paragraphs) {
    draft[p.id] = {
      variant: p.initialVariant ?? p.variants[0]!.id,
      status: 'open',
      brackets: [],
      reservations: [],
      dissenters: [],
      dissociated: [],
      amendments: [],
      attempts: 0,
      settledSlot: null,
    };
  }
  const flex: MeetingState['flex'] = {};
  const trust: MeetingState['trust'] = {};
  const clout: MeetingState['clout'] = {};
  const known: MeetingState['known'] = {};
  for (const d of scenario.delegations) {
    // Kept sparse: only flexibility gained or lost is written, so the state (and its hash) stays small.
    flex[d.id] = {};
    const row: Record<DelegationId, number> = {};
    for (const o of scenario.delegations) if (o.id !== d.id) row[o.id] = d.affinities[o.id] ?? 0;
    trust[d.id] = row;
    clout[d.id] = d.clout;
    known[d.id] = {};
  }
  return {
    scenario: { id: scenario.meta.id, hash: scenarioHash },
    seed: config.seed,
    role: config.role,
    difficulty: config.difficulty,
    humanSeats: seat === null ? [] : [seat],
    step: 0,
    clock: { session: 0, slot: 0 },
    closed: false,
    paused: false,
    minutesLeft: {},
    slotEnded: [],
    turn: null,
    brokerRound: false,
    quiet: {},
    draft,
    flex,
    trust,
    clout,
    stances: {},
    reactions: {},
    known,
    lobbied: {},
    doneThisSlot: {},
    initiatives: {},
    linkages: [],
    brokers: [],
    offers: [],
    eventsDealt: [],
    walkedOut: [],
    away: [],
    rng: seedStreams(config.seed),
    records: 0,
  };
}

/** A deep copy of the state, for those who keep one step while the meeting moves on (the viewer's timeline). */
export function cloneState(state: MeetingState): MeetingState {
  return clonePlain(state);
}

/** Deep copy of plain JSON data; several times faster than structuredClone for the many small objects here. */
function clonePlain<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = clonePlain((value as Record<string, unknown>)[key]);
  return out as T;
}
