// What one seat can see, and nothing more: its own instructions, the room's public facts (the draft,
// the stances voiced, who left, public events, mandates and linkages), and what it learnt by
// consulting. Every seat policy — the AI's, a scripted player's, a researcher's program — reads only this.
import { COMMAND_MINUTES, type CommandType } from './commands.ts';
import { isPrivate, type LogRecord } from './log.ts';
import { DIFFICULTY_EFFECT, gainsFromTrade, ladderOf, lobbyOdds } from './models.ts';
import { principalPresent, withholders } from './room.ts';
import { indexOf, type ScenarioIndex } from './scenario-index.ts';
import type { Approach, Delegation, Paragraph, Position, Scenario, Session } from './scenario-schema.ts';
import { deadlinePull, stanceFrom, utilityFrom, withholdsConsensus } from './stance.ts';
import { absoluteSlot, anyoneAway, atTable, currentSession, type Amendment, type BrokerMandate, type Linkage, type MeetingState, type Offer, type ParagraphDraft, type Stance } from './state.ts';
import { kept } from './arrays.ts';

/** What a seat learnt, read two ways: paragraph → the delegations whose position it knows, and whom it has talked with. */
interface Learnt {
  byParagraph: Map<string, string[]>;
  talked: Set<string>;
}

// The rules replace a seat's record of what it learnt whenever it learns something (rules.ts, consult),
// so the record's identity says whether it changed: what is read from it is worked out once per
// record, not once per observation — a seat that consulted much is asked about it at every turn.
const learntOf = new WeakMap<object, Learnt>();

function learnt(known: Readonly<Record<string, true>>, parts: ScenarioIndex['keyParts']): Learnt {
  let out = learntOf.get(known);
  if (out) return out;
  out = { byParagraph: new Map(), talked: new Set() };
  for (const key in known) {
    // The scenario's own table, not string cutting: a key naming nothing in the scenario is skipped.
    const part = parts.get(key);
    if (part === undefined) continue;
    const list = out.byParagraph.get(part.paragraph);
    if (list) list.push(part.delegation);
    else out.byParagraph.set(part.paragraph, [part.delegation]);
    out.talked.add(part.delegation);
  }
  learntOf.set(known, out);
  return out;
}

const RANK_OF: Record<Stance, number> = { support: 0, accept: 1, reserve: 2, object: 3, block: 4 };

/** What the room knows of a delegation without asking it: who it is, its blocs, its weight and standing. */
export interface PublicDelegation {
  id: string;
  name: string;
  blocs: string[];
  /** Weight in the room as the scenario opens (events may change it: see `clout`). */
  clout: number;
  /** Standing as a bridge-builder, public by reputation. */
  broker: number;
  /** False for a guest: it speaks and may broker, but never blocks consensus. */
  member: boolean;
}

const profilesOf = new WeakMap<Scenario, PublicDelegation[]>();

/** The public profiles of every delegation, in scenario order. */
export function publicDelegations(scenario: Scenario): PublicDelegation[] {
  let list = profilesOf.get(scenario);
  if (!list) {
    list = scenario.delegations.map((d) => ({ id: d.id, name: d.name, blocs: [...d.blocs], clout: d.clout, broker: d.broker, member: d.member }));
    profilesOf.set(scenario, list);
  }
  return list;
}

const NONE_VOICED: Readonly<Record<string, Stance>> = Object.freeze({});

// A meeting's drafts in the scenario's order of paragraphs, found by place rather than by name: the
// rules edit each paragraph's draft in place and never replace it, so one list serves the whole meeting.
const draftRows = new WeakMap<MeetingState['draft'], ParagraphDraft[]>();

function draftsInOrder(scenario: Scenario, drafts: MeetingState['draft']): ParagraphDraft[] {
  let rows = draftRows.get(drafts);
  if (!rows) draftRows.set(drafts, (rows = scenario.paragraphs.map((p) => drafts[p.id]!)));
  return rows;
}

/** The weight a seat gives an unknown motive or salience: the middle of the scale. */
const UNKNOWN = 50;

/**
 * A seat's observation of one moment (make a new one after the meeting moves). It holds the full state privately (JavaScript private fields, out of a policy's
 * reach) and answers only what the seat may know; `toJSON()` is the same observation as data, for
 * programs that play a seat over a pipe (docs/observation.schema.json).
 */
export class Observation {
  readonly #scenario: Scenario;
  readonly #state: MeetingState;
  readonly #log: readonly LogRecord[];
  // Looked up once per observation: a policy asks thousands of small questions of one unchanging state.
  readonly #ix: ReturnType<typeof indexOf>;
  readonly #known: Readonly<Record<string, true>>;
  // Most seats consult little: with nothing learnt, every "does it know?" is answered without a look-up.
  readonly #knowsNothing: boolean;
  readonly #finalReading: boolean;
  // Made on the first question: most observations answer one decision and never ask.
  #approaches: Map<string, Approach> | undefined;
  #present: PublicDelegation[] | undefined;
  #open: Paragraph[] | undefined;
  #openBySalience: Paragraph[] | undefined;
  #withholders: Map<string, string[]> | undefined;
  #partners: Set<string> | undefined;
  #positionsOn: Map<string, (Position | null)[]> | undefined;
  #learnt: Learnt | undefined;
  // The parts of the state a policy reads most, held directly: each question is then one look-up less.
  readonly #stances: MeetingState['stances'];
  readonly #drafts: MeetingState['draft'];
  readonly #clouts: MeetingState['clout'];
  readonly #reactions: MeetingState['reactions'];
  readonly #ownFlex: Readonly<Record<string, number>>;
  /** The seat observing. */
  readonly seat: string;
  /** The seat's own delegation: its instructions, all of which it knows. */
  readonly me: Delegation;
  readonly chair: string;

  constructor(scenario: Scenario, state: MeetingState, seat: string, log: readonly LogRecord[] = []) {
    const ix = indexOf(scenario);
    const me = ix.delegation.get(seat);
    if (!me) throw new Error(`no delegation "${seat}" to observe for`);
    this.#ix = ix;
    this.#known = state.known[seat] ?? {};
    let none = true;
    for (const _ in this.#known) {
      none = false;
      break;
    }
    this.#knowsNothing = none;
    this.#finalReading = currentSession(scenario, state)?.kind === 'final-reading';
    this.#scenario = scenario;
    this.#state = state;
    this.#stances = state.stances;
    this.#drafts = state.draft;
    this.#clouts = state.clout;
    this.#reactions = state.reactions;
    this.#ownFlex = state.flex[seat] ?? {};
    this.#log = log;
    this.seat = seat;
    this.me = me;
    this.chair = scenario.presidency.chair;
  }

  get isChair(): boolean {
    return this.seat === this.chair;
  }
  get step(): number {
    return this.#state.step;
  }
  get clock(): { session: number; slot: number } {
    return this.#state.clock;
  }
  get absoluteSlot(): number {
    return absoluteSlot(this.#scenario, this.#state.clock);
  }
  get closed(): boolean {
    return this.#state.closed;
  }
  get paused(): boolean {
    return this.#state.paused;
  }
  /** The session under way (public: the programme). */
  get session(): Session {
    return currentSession(this.#scenario, this.#state) ?? this.#scenario.schedule[this.#scenario.schedule.length - 1]!;
  }
  /** The whole programme, sessions and slots (public). */
  get schedule(): readonly Session[] {
    return this.#scenario.schedule;
  }
  /** Whether the closing turns have reached the brokers' round. */
  get brokerRound(): boolean {
    return this.#state.brokerRound;
  }
  get difficulty(): MeetingState['difficulty'] {
    return this.#state.difficulty;
  }
  /** Whether a person plays this seat (the difficulty then shapes its odds). */
  get human(): boolean {
    return this.#state.humanSeats.includes(this.seat);
  }

  // --- the seat's own clock and record

  get minutesLeft(): number {
    return this.#state.minutesLeft[this.seat] ?? 0;
  }
  canAfford(type: CommandType): boolean {
    return this.minutesLeft >= COMMAND_MINUTES[type];
  }
  /** Whether the seat already took this action this slot ("lobby:RU:ukraine-war", "adopt:p" …). */
  hasDone(key: string): boolean {
    // Every act that marks something done also counts as an initiative: none taken, nothing done.
    if ((this.#state.initiatives[this.seat] ?? 0) === 0) return false;
    return this.#state.doneThisSlot[this.seat]?.includes(key) ?? false;
  }
  get initiatives(): number {
    return this.#state.initiatives[this.seat] ?? 0;
  }
  get slotEnded(): boolean {
    return this.#state.slotEnded.includes(this.seat);
  }
  /** How often this seat has lobbied `target` on a paragraph (returns diminish). */
  lobbiedTimes(target: string, pid: string): number {
    const key = this.#ix.knownKey[target]?.[pid];
    return key === undefined ? 0 : (this.#state.lobbied[this.seat]?.[key] ?? 0);
  }
  /** The seat's own trust in another delegation, -100..100 (its own feeling; not the other's). */
  trustIn(id: string): number {
    return this.#state.trust[this.seat]?.[id] ?? 0;
  }

  // --- the room: public

  get paragraphs(): readonly Paragraph[] {
    return this.#scenario.paragraphs;
  }
  paragraph(pid: string): Paragraph | undefined {
    return indexOf(this.#scenario).paragraph.get(pid);
  }
  /** Paragraphs still open, in the scenario's order. */
  get open(): Paragraph[] {
    if (!this.#open) {
      const rows = draftsInOrder(this.#scenario, this.#drafts);
      this.#open = kept(this.#scenario.paragraphs, (_, i) => rows[i]!.status === 'open');
    }
    return this.#open;
  }
  /** Open paragraphs, those the seat cares about most first. */
  get openBySalience(): Paragraph[] {
    if (!this.#openBySalience) {
      const rows = draftsInOrder(this.#scenario, this.#drafts);
      const all = this.#scenario.paragraphs;
      this.#openBySalience = [];
      for (const i of this.#ix.bySalienceAt.get(this.seat)!) if (rows[i]!.status === 'open') this.#openBySalience.push(all[i]!);
    }
    return this.#openBySalience;
  }
  get delegations(): readonly PublicDelegation[] {
    return publicDelegations(this.#scenario);
  }
  delegation(id: string): PublicDelegation | undefined {
    return this.delegations[this.#ix.orderOf.get(id) ?? -1];
  }
  name(id: string): string {
    return this.delegation(id)?.name ?? id;
  }
  /** Delegations still at the table, in scenario order. */
  get present(): readonly PublicDelegation[] {
    if (!this.#present) {
      const s = this.#state;
      // The shared list while nobody has left: callers read it and never change it.
      this.#present = !anyoneAway(s) ? publicDelegations(this.#scenario) : this.delegations.filter((d) => atTable(s, d.id));
    }
    return this.#present;
  }
  get walkedOut(): readonly string[] {
    return this.#state.walkedOut;
  }
  /** Delegations not at the table without protest (absent, not yet arrived, gone home). */
  get away(): readonly string[] {
    return this.#state.away;
  }
  /** Whether a delegation sits at the table now. */
  atTable(id: string): boolean {
    return atTable(this.#state, id);
  }
  /** Whether the seat's own principal is in the room this session, so that it may walk out in protest. */
  get principalPresent(): boolean {
    return principalPresent(this.#scenario, this.#state, this.seat);
  }
  /** The presidency's intent (public: the presidency announces how it means to run the meeting). */
  get intent(): Scenario['presidency']['intent'] {
    return this.#scenario.presidency.intent;
  }
  /** Whether a person plays a seat (visible in the room). */
  isHuman(id: string): boolean {
    return this.#state.humanSeats.includes(id);
  }
  draft(pid: string): ParagraphDraft {
    return this.#drafts[pid]!;
  }
  amendments(pid: string): readonly Amendment[] {
    return this.#state.draft[pid]!.amendments;
  }
  /** The stance a delegation voiced on the text on the table. */
  stance(pid: string, id: string): Stance | undefined {
    return this.#stances[pid]?.[id];
  }
  /** Every stance voiced on the text on the table of a paragraph, by delegation: one look-up for a policy walking the room. */
  stancesOn(pid: string): Readonly<Record<string, Stance>> {
    return this.#stances[pid] ?? NONE_VOICED;
  }
  /** Who keeps the paragraph from consensus as the room heard it, in scenario order. */
  withholders(p: Paragraph): string[] {
    const cache = (this.#withholders ??= new Map());
    let ids = cache.get(p.id);
    if (!ids) cache.set(p.id, (ids = withholders(this.#scenario, this.#state, p)));
    return ids;
  }
  /** How the room reacted to a wording when it was last on the table: who withheld consensus, and how. */
  reaction(pid: string, variant: string): Readonly<Record<string, Stance>> | undefined {
    return this.#reactions[pid]?.[variant];
  }
  /** Current weight in the room (public: events that move it are public). */
  clout(id: string): number {
    return this.#clouts[id] ?? this.delegations[this.#ix.orderOf.get(id) ?? -1]?.clout ?? 0;
  }
  get brokers(): readonly BrokerMandate[] {
    return this.#state.brokers;
  }
  /** The live mandates this seat holds as a broker. */
  get myMandates(): BrokerMandate[] {
    const now = this.absoluteSlot;
    return this.#state.brokers.filter((m) => m.broker === this.seat && m.until >= now && this.#state.draft[m.paragraph]!.status === 'open');
  }
  get linkages(): readonly Linkage[] {
    return this.#state.linkages;
  }
  /** Offers made to this seat and waiting for its answer. */
  get offersToMe(): readonly Offer[] {
    return this.#state.offers.filter((o) => o.to === this.seat);
  }
  get eventsDealt(): readonly string[] {
    return this.#state.eventsDealt;
  }
  /** The seat's bloc partners still at the table, in scenario order. */
  get partnersAtTable(): readonly string[] {
    const all = this.#ix.partners.get(this.seat)!;
    return anyoneAway(this.#state) ? all.filter((id) => atTable(this.#state, id)) : all;
  }
  sharesBloc(id: string): boolean {
    return (this.#partners ??= new Set(this.#ix.partners.get(this.seat))).has(id);
  }
  sharedBloc(id: string): string | undefined {
    const other = this.delegation(id);
    return other ? this.me.blocs.find((b) => other.blocs.includes(b)) : undefined;
  }

  // --- what the seat learnt by consulting

  /** Whether the seat knows a delegation's position on a paragraph (its own, or by consultation). */
  knows(id: string, pid: string): boolean {
    if (id === this.seat) return true;
    if (this.#knowsNothing) return false;
    const key = this.#ix.knownKey[id]?.[pid];
    return key !== undefined && this.#known[key] === true;
  }
  /** A delegation's position on a paragraph, if the seat knows it. */
  position(id: string, pid: string): Position | undefined {
    if (!this.knows(id, pid)) return undefined;
    const own = this.#ix.delegation.get(id)!.positions[pid];
    // An ally carrying an absent member's instructions blocks its red lines too: consulted, it says so.
    const carried = this.#ix.carries.size === 0 || !own ? undefined : this.#ix.carries.get(id);
    if (carried === undefined) return own;
    const extra = carried.filter((a) => this.#state.away.includes(a)).flatMap((a) => this.#ix.delegation.get(a)!.positions[pid]!.redLines);
    return extra.length === 0 ? own : { ...own!, redLines: [...new Set([...own!.redLines, ...extra])] };
  }
  /**
   * What the seat knows of every delegation at the table on a paragraph, in the order of `present`:
   * its position, or null. The same answers as `position`, for a policy weighing the whole room.
   */
  knownPositions(p: Paragraph): readonly (Position | null)[] {
    const cache = (this.#positionsOn ??= new Map());
    let row = cache.get(p.id);
    if (row) return row;
    const present = this.present;
    row = new Array<Position | null>(present.length).fill(null);
    // Few positions are known on a paragraph: only those are looked up, the rest stay null.
    const known = this.#knowsNothing ? undefined : this.#whatItLearnt().byParagraph.get(p.id);
    const where = present === publicDelegations(this.#scenario) ? null : new Map(present.map((d, i) => [d.id, i]));
    const place = (id: string) => (where === null ? (this.#ix.orderOf.get(id) ?? -1) : (where.get(id) ?? -1));
    const own = place(this.seat);
    if (own >= 0) row[own] = this.position(this.seat, p.id) ?? null;
    if (known !== undefined) {
      for (const id of known) {
        const i = place(id);
        if (i >= 0 && i !== own) row[i] = this.position(id, p.id) ?? null;
      }
    }
    cache.set(p.id, row);
    return row;
  }

  #whatItLearnt(): Learnt {
    return (this.#learnt ??= learnt(this.#known, this.#ix.keyParts));
  }

  /** Whether the seat has talked with a delegation at all: consulting shows what moves it. */
  knowsMotives(id: string): boolean {
    if (id === this.seat) return true;
    if (this.#knowsNothing) return false;
    return this.#whatItLearnt().talked.has(id);
  }
  /** How receptive a delegation is to an approach (0..100), if the seat has talked with it. */
  motive(id: string, approach: Approach): number | undefined {
    return this.knowsMotives(id) ? indexOf(this.#scenario).delegation.get(id)!.motivations[approach] : undefined;
  }

  // --- estimates from what the seat can see

  /** The deadline's pull on a delegation that cares `salience` about a paragraph (a public rule). */
  deadlineBonus(salience: number): number {
    return deadlinePull(this.#finalReading, salience);
  }
  /** The ground the seat's own delegation has given (or lost) on a paragraph: lobbying, linkages, events. */
  ownFlexibility(pid: string): number {
    return this.#ownFlex[pid] ?? 0;
  }

  /**
   * The seat's estimate of a delegation's utility for a wording: exact for itself, from its consulted
   * position otherwise (without the flexibility others may have gained, which it cannot see).
   */
  estimatedUtility(id: string, p: Paragraph, variant: string): number | undefined {
    const position = this.position(id, p.id);
    if (!position) return undefined;
    const flex = id === this.seat ? (this.#ownFlex[p.id] ?? 0) : 0;
    return utilityFrom(position, variant, flex, this.#finalReading);
  }

  /**
   * The stance the seat expects a delegation to take if `variant` were on the table: what it voiced
   * when that is the wording on the table; what its consulted position implies; how it reacted when the
   * wording was last tabled; where the bloc partners the seat consulted stand; otherwise unknown.
   */
  estimatedStance(id: string, p: Paragraph, variant: string, known?: Position | null): Stance | undefined {
    const draft = this.#drafts[p.id]!;
    if (variant === draft.variant) {
      const voiced = this.#stances[p.id]?.[id];
      if (voiced !== undefined) return voiced;
    }
    // `known` spares the look-up when the caller has it (null: the seat does not know the position).
    const position = known === undefined ? this.position(id, p.id) : known;
    if (position) {
      const flex = id === this.seat ? (this.#ownFlex[p.id] ?? 0) : 0;
      return stanceFrom(position, variant, flex, this.#finalReading, draft.brackets.length > 0 && draft.brackets.includes(id));
    }
    const seen = this.#reactions[p.id]?.[variant];
    if (seen) return seen[id] ?? 'accept';
    return this.#byBloc(id, p, variant);
  }

  /**
   * `estimatedStance` for every delegation at the table at once, in the order of `present`, with what
   * the seat knows of them (`knownPositions`): what is the same for the whole room is read once.
   */
  estimatedStances(p: Paragraph, variant: string, positions: readonly (Position | null)[]): (Stance | undefined)[] {
    const present = this.present;
    const draft = this.#drafts[p.id]!;
    const voiced = variant === draft.variant ? this.#stances[p.id] : undefined;
    const bracketed = draft.brackets.length > 0 ? draft.brackets : null;
    const seen = this.#reactions[p.id]?.[variant];
    const out = new Array<Stance | undefined>(present.length);
    for (let i = 0; i < present.length; i++) {
      const id = present[i]!.id;
      const said = voiced?.[id];
      if (said !== undefined) {
        out[i] = said;
        continue;
      }
      const position = positions[i];
      if (position) {
        const flex = id === this.seat ? (this.#ownFlex[p.id] ?? 0) : 0;
        out[i] = stanceFrom(position, variant, flex, this.#finalReading, bracketed !== null && bracketed.includes(id));
      } else out[i] = seen ? (seen[id] ?? 'accept') : this.#byBloc(id, p, variant);
    }
    return out;
  }

  /**
   * Public information in place of optimism: a delegation the seat has not consulted, on a wording the
   * room has not seen, is expected to stand where the bloc partners the seat did consult stand — the
   * most opposed of them, read as an objection at worst, since red lines are national (Putnam's
   * two-level game: a bloc coordinates, each capital keeps its own veto). With no partner known, unknown.
   */
  #byBloc(id: string, p: Paragraph, variant: string): Stance | undefined {
    if (this.#knowsNothing) return undefined;
    // Few positions are known on a paragraph, many partners are not: walk the known ones.
    const known = this.#whatItLearnt().byParagraph.get(p.id);
    if (known === undefined) return undefined;
    let worst: Stance | undefined;
    for (const partner of known) {
      if (partner === this.seat || partner === id || !this.#ix.partnerSets.get(id)!.has(partner)) continue;
      const position = this.#ix.delegation.get(partner)!.positions[p.id];
      if (!position) continue;
      const stance = stanceFrom(position, variant, 0, this.#finalReading, false);
      if (worst === undefined || RANK_OF[stance] > RANK_OF[worst]) worst = stance;
    }
    return worst === 'block' ? 'object' : worst;
  }


  /**
   * The seat's estimate of its chance (percent, 5..95) of moving `target` on a paragraph with an
   * approach: the lobbying model (models.ts) on what the seat can see — the target's motives and
   * salience once consulted (the middle of the scale before), its own trust standing in for the
   * target's, public clout, blocs and linkages, and the friends (bloc partners) already on board.
   */
  estimatedChance(targetId: string, p: Paragraph, approach: Approach): number {
    const target = this.delegation(targetId);
    if (!target) return 5;
    const motive = this.motive(targetId, approach) ?? UNKNOWN;
    const salience = this.position(targetId, p.id)?.salience ?? UNKNOWN;
    const mandate = this.#state.brokers.some((m) => m.broker === this.seat && m.paragraph === p.id);
    return lobbyOdds({
      approach,
      motive,
      trust: this.trustIn(targetId),
      cloutGap: this.clout(this.seat) - this.clout(targetId),
      salience,
      times: this.lobbiedTimes(targetId, p.id),
      fatigue: this.human ? DIFFICULTY_EFFECT[this.#state.difficulty].fatigue : 10,
      bandwagon: this.publicBandwagon(target, p),
      brokerBonus: mandate ? Math.floor(this.me.broker / 5) : 0,
      linkages: this.#state.linkages.filter((l) => l.from === this.seat && l.to === targetId).length,
      blocShared: this.sharesBloc(targetId),
      playerBonus: this.human ? DIFFICULTY_EFFECT[this.#state.difficulty].chance : 0,
    });
  }

  /**
   * The seat's estimate of whether `target` would strike a linkage in which the seat gives ground on
   * `give` and the target on `get`: the exchange test (models.ts) on the target's saliences once the
   * seat has consulted it on both paragraphs, the seat's own trust standing in for the target's.
   * Undefined while the seat does not know how much the target cares about either.
   */
  estimatedLinkage(targetId: string, give: string, get: string): { accepts: boolean; distrust: boolean } | undefined {
    const gains = this.position(targetId, give)?.salience;
    const costs = this.position(targetId, get)?.salience;
    if (gains === undefined || costs === undefined) return undefined;
    const margin = this.human ? DIFFICULTY_EFFECT[this.#state.difficulty].linkageMargin : 1;
    const distrust = this.trustIn(targetId) <= -40;
    return { accepts: gainsFromTrade(gains, costs, margin) && !distrust, distrust };
  }

  /** Up to +10: the clout-weighted share of the target's bloc partners that already join consensus. */
  private publicBandwagon(target: PublicDelegation, p: Paragraph): number {
    const voiced = this.#state.stances[p.id];
    if (!voiced) return 0;
    let friends = 0;
    let joining = 0;
    for (const id of this.#ix.partners.get(target.id)!) {
      const stance = voiced[id];
      if (stance === undefined) continue;
      const weight = this.clout(id);
      friends += weight;
      if (!withholdsConsensus(stance)) joining += weight;
    }
    return friends === 0 ? 0 : Math.floor((joining * 10) / friends);
  }

  /** The approach the seat expects to work best on `target`: its known motives, or else what it can see. */
  bestApproach(targetId: string): Approach {
    const cache = (this.#approaches ??= new Map());
    let known = cache.get(targetId);
    if (known === undefined) cache.set(targetId, (known = this.#bestApproach(targetId)));
    return known;
  }
  #bestApproach(targetId: string): Approach {
    const options: Approach[] = ['principle', 'interest', 'reciprocity'];
    if (this.sharesBloc(targetId)) options.push('bloc-pressure');
    if (this.knowsMotives(targetId)) {
      let best: Approach = options[0]!;
      for (const a of options) if (this.motive(targetId, a)! > this.motive(targetId, best)!) best = a;
      return best;
    }
    // Unknown motives: a standing linkage makes reciprocity the natural appeal; principle otherwise.
    return this.#state.linkages.some((l) => l.from === this.seat && l.to === targetId) ? 'reciprocity' : 'principle';
  }

  /** The wordings of a paragraph, strongest first, then dropping it if it may be dropped. */
  ladder(p: Paragraph): readonly string[] {
    return this.#ix.ladder.get(p.id) ?? ladderOf(p);
  }

  /** The log records this seat may read (its own consultations and messages, and everything public). */
  get records(): LogRecord[] {
    const seat = this.seat;
    return this.#log.filter((r) => !isPrivate(r) || ('actor' in r && r.actor === seat) || ('target' in r && r.target === seat));
  }

  /** The observation as plain JSON (docs/observation.schema.json): what a program playing the seat receives. */
  toJSON(): ObservationJson {
    const s = this.#state;
    const known: ObservationJson['known'] = {};
    for (const d of this.delegations) {
      for (const p of this.paragraphs) {
        const position = d.id === this.seat ? undefined : this.position(d.id, p.id);
        if (position) {
          (known[d.id] ??= {})[p.id] = {
            utilities: { ...position.utilities },
            salience: position.salience,
            redLines: [...position.redLines],
          };
        }
      }
    }
    const motives: ObservationJson['motives'] = {};
    for (const d of this.delegations) {
      if (d.id !== this.seat && this.knowsMotives(d.id)) motives[d.id] = { ...indexOf(this.#scenario).delegation.get(d.id)!.motivations };
    }
    return {
      seat: this.seat,
      chair: this.chair,
      step: s.step,
      clock: { ...s.clock, sessionId: this.session.id, kind: this.session.kind, brokerRound: s.brokerRound },
      minutesLeft: this.minutesLeft,
      me: {
        id: this.me.id,
        blocs: [...this.me.blocs],
        clout: this.me.clout,
        broker: this.me.broker,
        affinities: { ...this.me.affinities },
        motivations: { ...this.me.motivations },
        positions: Object.fromEntries(
          Object.entries(this.me.positions).map(([pid, p]) => [pid, { utilities: { ...p.utilities }, salience: p.salience, redLines: [...p.redLines] }]),
        ),
        trust: { ...(s.trust[this.seat] ?? {}) },
        flex: { ...(s.flex[this.seat] ?? {}) },
        done: [...(s.doneThisSlot[this.seat] ?? [])],
      },
      delegations: this.delegations.map((d) => ({ ...d, blocs: [...d.blocs], clout: this.clout(d.id), present: atTable(s, d.id), human: s.humanSeats.includes(d.id) })),
      paragraphs: this.paragraphs.map((p) => ({
        id: p.id,
        importance: p.importance,
        droppable: p.droppable,
        variants: ladderOf(p),
        draft: { ...s.draft[p.id]!, brackets: [...s.draft[p.id]!.brackets], amendments: s.draft[p.id]!.amendments.map((a) => ({ ...a })) },
        stances: { ...(s.stances[p.id] ?? {}) },
        reactions: Object.fromEntries(Object.entries(s.reactions[p.id] ?? {}).map(([v, r]) => [v, { ...r }])),
      })),
      known,
      motives,
      brokers: s.brokers.map((m) => ({ ...m })),
      linkages: s.linkages.map((l) => ({ ...l })),
      offers: s.offers.filter((o) => o.to === this.seat || o.from === this.seat).map((o) => ({ ...o })),
      events: [...s.eventsDealt],
      walkedOut: [...s.walkedOut],
      away: [...s.away],
    };
  }
}

/** The observation as data; documented for programs in docs/observation.schema.json. */
export interface ObservationJson {
  seat: string;
  chair: string;
  step: number;
  clock: { session: number; slot: number; sessionId: string; kind: Session['kind']; brokerRound: boolean };
  minutesLeft: number;
  me: {
    id: string;
    blocs: string[];
    clout: number;
    broker: number;
    affinities: Record<string, number>;
    motivations: Record<Approach, number>;
    positions: Record<string, { utilities: Record<string, number>; salience: number; redLines: string[] }>;
    trust: Record<string, number>;
    flex: Record<string, number>;
    done: string[];
  };
  delegations: (PublicDelegation & { present: boolean; human: boolean })[];
  paragraphs: {
    id: string;
    importance: number;
    droppable: boolean;
    variants: string[];
    draft: ParagraphDraft;
    stances: Record<string, Stance>;
    reactions: Record<string, Record<string, Stance>>;
  }[];
  known: Record<string, Record<string, { utilities: Record<string, number>; salience: number; redLines: string[] }>>;
  motives: Record<string, Record<Approach, number>>;
  brokers: BrokerMandate[];
  linkages: Linkage[];
  offers: Offer[];
  events: string[];
  walkedOut: string[];
  away: string[];
}
